"""Claims across sources: the claim clusters (who said it first, independent origins, outlets) and
figure comparisons (every figure for one thing as an interval over time, disagreements flagged)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Query, Request

from ... import query
from ...errors import InputError
from ..errors import SearchError, WebError
from ..pages import add_page, items_of, paged, store_of
from .filters import TEXT, WORDS, Limit, Offset, page_size

router = APIRouter()

Words = Annotated[str | None, Query(max_length=300, pattern=WORDS,
                                    description='Words in the claim (full-text; "quoted phrases" allowed).')]
About = Annotated[str | None, Query(max_length=300, pattern=TEXT, description="An entity the claim mentions.")]
Order = Literal["origins", "size", "newest", "oldest"]


def clusters_page(request: Request, q: Words = None, about: About = None,
                  min_origins: Annotated[int, Query(ge=1, le=100_000, description="At least this many independent origins.")] = 1,
                  min_size: Annotated[int, Query(ge=1, le=100_000, description="At least this many attributions.")] = 2,
                  order: Annotated[Order, Query(description="origins, size, newest or oldest.")] = "origins",
                  date_from: Annotated[date | None, Query(description="A member published on or after (ISO date).")] = None,
                  date_to: Annotated[date | None, Query(description="A member published on or before (ISO date).")] = None,
                  limit: Limit = None, offset: Offset = 0) -> dict[str, Any]:
    """Claim clusters: attributions in different articles that assert the same thing, most independent
    origins first, each with its representative wording, size, origins and first date."""
    store = store_of(request)
    filters = {"q": q, "about": about, "date_from": date_from, "date_to": date_to}
    shown = {"q": q, "about": about, "min_origins": min_origins, "min_size": min_size, "order": order,
             "date_from": date_from.isoformat() if date_from else None,
             "date_to": date_to.isoformat() if date_to else None}
    try:
        items, pages = paged(
            request, lambda n, skip: query.claim_clusters(store, **filters, min_origins=min_origins, min_size=min_size,
                                                          order=order, limit=n, offset=skip),
            lambda: query.count_claim_clusters(store, **filters, min_origins=min_origins, min_size=min_size),
            limit=page_size(request, limit), offset=offset)
    except InputError as exc:
        raise SearchError(str(exc), shown) from exc
    for item in items:
        item["url"] = f"/clusters/{item['id']}"
    return {"filters": shown, "items": items, "pagination": pages}


def cluster_page(request: Request,
                 cluster_id: Annotated[int, Path(ge=1, le=2**62, description="The cluster's id (its first attribution's).")]
                 ) -> dict[str, Any]:
    """One claim cluster: every member with speaker, role, outlet, via chain and date; who said it first;
    the independent origins (copies of one story, "according to" chains and nested reports collapsed);
    the outlets; the timeline; and the figures its members give, compared."""
    found = query.claim_cluster(store_of(request), cluster_id)
    if found is None:
        raise WebError(f"no claim cluster with id {cluster_id} in the store", status=404)
    found["timeline"] = [{"date": row["date"], "claims": row["members"]} for row in found["timeline"]]
    return found


def members_of(page: dict[str, Any]) -> list[dict[str, Any]]:
    """The members of a cluster page: its CSV rows."""
    return page["members"]


def figures_page(request: Request,
                 q: Annotated[str | None, Query(max_length=300, pattern=WORDS,
                                                description='What was counted or measured, e.g. "artillery shells".')] = None,
                 about: About = None) -> dict[str, Any]:
    """Figures side by side: every figure given in claims matching ``q``, grouped by what it measures,
    each an interval with who said it, when and through which outlet; groups whose intervals do not
    overlap are flagged. Without ``q``, an empty page with the form."""
    if not q:
        return {"filters": {"q": None, "about": about}, "groups": []}
    try:
        groups = query.figures(store_of(request), q, about=about)
    except InputError as exc:
        raise SearchError(str(exc), {"q": q, "about": about}) from exc
    return {"filters": {"q": q, "about": about}, "groups": groups}


def figure_rows(page: dict[str, Any]) -> list[dict[str, Any]]:
    """Every figure of a figures page, one row each with its group's measure (the CSV twin)."""
    rows = []
    for number, group in enumerate(page["groups"], 1):
        conflicting = {i for pair in group["conflicts"] for i in pair}
        for i, figure in enumerate(group["figures"]):
            rows.append({"group": number, "measure": group["measure"], "unit_class": group["unit"],
                         "disagrees": i in conflicting, **{k: v for k, v in figure.items() if k != "entities"},
                         "entities": "; ".join(figure["entities"])})
    return rows


add_page(router, "/clusters", clusters_page, template="clusters.html", title="Claims across sources", csv=items_of,
         summary="List claim clusters", tags=["claim clusters"])
add_page(router, "/clusters/{cluster_id}", cluster_page, template="cluster.html",
         title=lambda p: p["representative"][:80], csv=members_of, summary="One claim cluster",
         tags=["claim clusters"])
add_page(router, "/figures", figures_page, template="figures.html",
         title=lambda p: f"Figures: {p['filters']['q']}" if p["filters"]["q"] else "Figures", csv=figure_rows,
         summary="Compare figures", tags=["claim clusters"])
