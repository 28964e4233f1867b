"""The network of speakers, the entities their claims mention and the outlets that carried them."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request

from ... import query
from ..pages import add_page, store_of
from ..render import entity_url, outlet_url, speaker_url
from .filters import TEXT, ClaimType

router = APIRouter()

Text = Annotated[str | None, Query(max_length=300, pattern=TEXT)]
_URLS = {"speaker": speaker_url, "entity": entity_url, "outlet": outlet_url}


def network_page(request: Request, speaker: Text = None, outlet: Text = None, role: Text = None,
                 date_from: date | None = None, date_to: date | None = None, type: ClaimType | None = None,
                 min_weight: Annotated[int, Query(ge=1, le=1000, description="Drop links with fewer claims.")] = 1,
                 max_nodes: Annotated[int, Query(ge=1, le=2000, description="Keep the best-connected nodes.")] = 300,
                 ) -> dict[str, Any]:
    """Nodes (speakers, entities, outlets) and weighted links (claims), for Cytoscape.js or any graph tool."""
    graph = query.network(store_of(request), outlet=outlet, date_from=date_from, date_to=date_to, type=type,
                          role=role, speaker=speaker, min_weight=min_weight)
    ranked = sorted(graph.nodes(data=True), key=lambda node: (-graph.degree(node[0]), node[1].get("label", "")))
    kept = {node_id for node_id, _ in ranked[:max_nodes]}
    nodes = [{"id": node_id, "label": attrs.get("label", node_id), "kind": attrs.get("kind"),
              "entity_kind": attrs.get("entity_kind") or None, "degree": graph.degree(node_id),
              "url": _URLS[attrs["kind"]](attrs.get("label", "")) if attrs.get("kind") in _URLS else None}
             for node_id, attrs in ranked if node_id in kept]
    edges = [{"source": a, "target": b, "weight": attrs.get("weight", 1), "kind": attrs.get("kind")}
             for a, b, attrs in graph.edges(data=True) if a in kept and b in kept]
    filters = {"speaker": speaker, "outlet": outlet, "role": role, "date_from": date_from and date_from.isoformat(),
               "date_to": date_to and date_to.isoformat(), "type": type, "min_weight": min_weight,
               "max_nodes": max_nodes}
    return {"filters": filters, "nodes": nodes, "edges": edges, "truncated": graph.number_of_nodes() > len(nodes)}


def nodes_of(page: dict[str, Any]) -> list[dict[str, Any]]:
    return page["nodes"]


add_page(router, "/network", network_page, template="network.html", title="Network", csv=nodes_of,
         summary="The speaker-entity-outlet network", tags=["network"])
