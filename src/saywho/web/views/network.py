"""The network of speakers, the entities their claims mention and the outlets that carried them.

The HTML page carries only the form and a drawing area: the browser draws the JSON twin, so the
graph is computed once per view (the JSON and CSV twins compute it for themselves).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from pydantic import StringConstraints

from ... import query
from ..pages import add_page, store_of
from ..render import entity_url, outlet_url, speaker_url
from .filters import claim_filters

router = APIRouter()

_URLS = {"speaker": speaker_url, "entity": entity_url, "outlet": outlet_url}
NodeId = Annotated[list[Annotated[str, StringConstraints(pattern=r"^(speaker|entity|outlet):\d{1,18}$")]],
                   Query(max_length=40, description="Node ids to leave out (a hub such as the publisher).")]


def network_page(request: Request, f: query.Filters = Depends(claim_filters),
                 min_weight: Annotated[int, Query(ge=1, le=1000, description="Drop links with fewer claims.")] = 1,
                 max_nodes: Annotated[int, Query(ge=1, le=2000, description="Keep the best-connected nodes.")] = 300,
                 outlets: Annotated[bool, Query(description="Draw outlets (publishers and via) as nodes.")] = True,
                 hide: NodeId = [],  # noqa: B006 (FastAPI copies the default)
                 ) -> dict[str, Any]:
    """Nodes (speakers, entities, outlets) and weighted links (claims), for Cytoscape.js or any graph tool.

    One identity is one node (speakers resolved to the same entity merge, and a person who speaks and
    is talked about is drawn once); ``hide`` leaves chosen nodes out and ``outlets=false`` all outlets."""
    filters = {**f.to_dict(), "min_weight": min_weight, "max_nodes": max_nodes, "outlets": outlets, "hide": hide}
    if not request.url.path.endswith((".json", ".csv")):
        return {"filters": filters, "nodes": [], "edges": [], "truncated": False, "deferred": True}
    keywords = {k: v for k, v in f.to_dict().items() if v is not None and k != "sort"}
    graph = query.network(store_of(request), min_weight=min_weight, **keywords)
    graph.remove_nodes_from([n for n in hide if n in graph])
    if not outlets:
        graph.remove_nodes_from([n for n, kind in graph.nodes(data="kind") if kind == "outlet"])
    graph.remove_nodes_from([n for n in list(graph.nodes) if graph.degree(n) == 0])
    ranked = sorted(graph.nodes(data=True), key=lambda node: (-graph.degree(node[0]), node[1].get("label", "")))
    kept = {node_id for node_id, _ in ranked[:max_nodes]}
    nodes = [{"id": node_id, "label": attrs.get("label", node_id), "kind": attrs.get("kind"),
              "entity_kind": attrs.get("entity_kind") or None, "degree": graph.degree(node_id),
              "claims": attrs.get("claims", 0), "url": _url(node_id, attrs)}
             for node_id, attrs in ranked if node_id in kept]
    edges = [{"source": a, "target": b, "weight": attrs.get("weight", 1), "kind": attrs.get("kind")}
             for a, b, attrs in graph.edges(data=True) if a in kept and b in kept]
    return {"filters": filters, "nodes": nodes, "edges": edges, "truncated": graph.number_of_nodes() > len(nodes),
            "deferred": False}


def _url(node_id: str, attrs: dict[str, Any]) -> str | None:
    kind, _, row_id = node_id.partition(":")
    return _URLS[kind](int(row_id), attrs.get("label")) if kind in _URLS else None


def nodes_of(page: dict[str, Any]) -> list[dict[str, Any]]:
    return page["nodes"]


add_page(router, "/network", network_page, template="network.html", title="Network", csv=nodes_of,
         summary="The speaker-entity-outlet network", tags=["network"])
