"""The speaker-entity-outlet network of the claims a question admits (for the web page and Gephi)."""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from ..store import Store
from ..store import models as m
from .filters import MAX_LIMIT, inside, make_filters, narrow

if TYPE_CHECKING:
    import networkx as nx


def network(store: Store, *, min_weight: int = 1, merge: bool = True, **filters: Any) -> "nx.Graph":
    """The speaker-entity-outlet graph: a speaker is linked to the entities their claims mention
    and to the outlets that carried them (publisher or via); ``weight`` counts the claims.

    Takes the claim filters (``q``, ``speaker``, ``entity``, ``outlet``, dates, ``type``, ``role`` and
    their ``*_id`` forms). With ``merge`` (the default) one identity is one node: speakers resolved to
    the same entity share a node, and that entity's node is the speaker's, so a person who both
    speaks and is talked about is drawn once.

    Node ids are ``speaker:<id>``, ``entity:<id>``, ``outlet:<id>``, with ``label`` and ``kind``
    attributes (plus ``entity_kind``), ``claims`` (how many claims the node is part of), all plain
    strings and numbers for GraphML/GEXF.
    """
    f = make_filters(**{**filters, "limit": MAX_LIMIT, "offset": 0})
    import networkx as nx  # only the network needs it: a claims query does not load it

    graph = nx.Graph()
    edges: Counter[tuple[str, str]] = Counter()
    with store.session() as session:
        stmt = narrow(session, store.dialect, select(m.Attribution)
                      .join(m.Article, m.Attribution.article_id == m.Article.id)
                      .where(m.Attribution.speaker_id.is_not(None)), f).order_by(None)
        stmt = stmt.options(selectinload(m.Attribution.speaker), selectinload(m.Attribution.via),
                            selectinload(m.Attribution.article))
        rows = list(session.scalars(stmt).unique())
        mentions = _mentions_by_article(session, {r.article_id for r in rows})
        outlet_names = dict(session.execute(select(m.Outlet.id, m.Outlet.name)).all())
        node_of = _identities(rows) if merge else {}
        for row in rows:
            who = node_of.get(("speaker", row.speaker_id), f"speaker:{row.speaker_id}")
            if who not in graph:
                graph.add_node(who, label=row.speaker.name, kind="speaker", entity_kind=row.speaker.kind or "",
                               claims=0)
            graph.nodes[who]["claims"] += 1
            for entity_id, label, kind, spans in mentions.get(row.article_id, []):
                target = node_of.get(("entity", entity_id), f"entity:{entity_id}")
                if target != who and entity_id != row.speaker.entity_id and inside(spans, row.content_spans):
                    if target not in graph:
                        graph.add_node(target, label=label, kind="entity", entity_kind=kind, claims=0)
                    edges[(who, target)] += 1
            carriers = {row.article.outlet_id, *(v.outlet_id for v in row.via)} - {None}
            for outlet_id in carriers:
                node = f"outlet:{outlet_id}"
                if node not in graph:
                    graph.add_node(node, label=outlet_names[outlet_id], kind="outlet", entity_kind="", claims=0)
                graph.nodes[node]["claims"] += 1
                edges[(who, node)] += 1
    for (a, b), weight in edges.items():
        if weight >= min_weight:
            graph.add_edge(a, b, weight=weight, kind=b.split(":")[0])
    for a, b, _ in graph.edges(data=True):
        if graph.nodes[b]["kind"] == "entity":
            graph.nodes[b]["claims"] += graph.edges[a, b]["weight"]
    graph.remove_nodes_from([n for n in list(graph.nodes) if graph.degree(n) == 0])
    return graph


def _identities(rows: list[m.Attribution]) -> dict[tuple[str, int], str]:
    """("speaker", id) and ("entity", id) -> the node that stands for that identity: the most quoted
    speaker among those resolved to the same entity."""
    by_entity: dict[int, Counter[int]] = defaultdict(Counter)
    for row in rows:
        if row.speaker.entity_id is not None:
            by_entity[row.speaker.entity_id][row.speaker_id] += 1
    node_of: dict[tuple[str, int], str] = {}
    for entity_id, speakers in by_entity.items():
        main = min(speakers, key=lambda s: (-speakers[s], s))
        node_of[("entity", entity_id)] = f"speaker:{main}"
        for speaker_id in speakers:
            node_of[("speaker", speaker_id)] = f"speaker:{main}"
    return node_of


def _mentions_by_article(session: Session, article_ids: set[str]) -> dict[str, list[tuple[int, str, str, list]]]:
    found: dict[str, list[tuple[int, str, str, list]]] = defaultdict(list)
    ids = sorted(article_ids)
    for start in range(0, len(ids), 500):
        stmt = (select(m.EntityMention.article_id, m.Entity.id, m.Entity.name, m.Entity.kind, m.EntityMention.spans)
                .join(m.Entity, m.Entity.id == m.EntityMention.entity_id)
                .where(m.EntityMention.article_id.in_(ids[start:start + 500])))
        for article_id, entity_id, name, kind, spans in session.execute(stmt):
            found[article_id].append((entity_id, name, kind, spans))
    return found
