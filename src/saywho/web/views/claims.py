"""The claims search: every attribution in the store, filtered by words, speaker, entity, outlet, date,
type and role, with facets, sorting, a pointer to the matching entity or speaker, and "export all"."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from dataclasses import fields
from datetime import date, timedelta
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Path, Request
from fastapi.responses import StreamingResponse

from ... import query
from ...errors import InputError
from ..errors import SearchError
from ..pages import ERROR_RESPONSES, add_page, items_of, paged, store_of
from ..render import cell, claims_url
from .filters import Limit, Offset, claim_filters, page_size

router = APIRouter()

# Rows per facet on the claims page.
FACET_ROWS = 8


def claims_page(request: Request, f: query.Filters = Depends(claim_filters), limit: Limit = None,
                offset: Offset = 0) -> dict[str, Any]:
    """Claims (attributions with their speaker, role, outlet and date), newest first or best match first,
    with how many match in all and facets (speaker, outlet, entity, type, month) over every match."""
    store = store_of(request)
    try:
        items, pages = paged(request, lambda n, skip: [c.to_dict() for c in query.find(store, f.page(n, skip))],
                             lambda: query.count(store, f), limit=page_size(request, limit), offset=offset)
        spread = query.facets(store, f, size=FACET_ROWS, by="month")
    except InputError as exc:  # the store's search language refused the words
        raise SearchError(str(exc), f.to_dict()) from exc
    for name, rows in spread["facets"].items():
        for row in rows:
            row["url"] = _facet_url(f, name, row)
    narrowed = [{"kind": kind, "id": f_id, "name": query.name_of(store, kind, f_id) or f"#{f_id}",
                 "remove": claims_url(**{**_keywords(f), f"{kind}_id": None})}
                for kind, f_id in (("speaker", f.speaker_id), ("entity", f.entity_id), ("outlet", f.outlet_id))
                if f_id is not None]
    keywords = urlencode(_keywords(f))
    return {"filters": f.to_dict(), "items": items, "pagination": pages, "facets": spread["facets"],
            "facet_totals": spread["totals"], "timeline": spread["timeline"], "see_also": _see_also(store, f),
            "narrowed": narrowed,
            "export": {fmt: f"/claims/export.{fmt}" + (f"?{keywords}" if keywords else "") for fmt in FORMATS}}


def _facet_url(f: query.Filters, name: str, row: dict[str, Any]) -> str:
    """The claims search narrowed on one facet row (a speaker, outlet or entity by id; a type; a month)."""
    keywords = _keywords(f)
    if name in ("speaker", "outlet", "entity"):
        keywords.pop(name, None)
        keywords[f"{name}_id"] = row["id"]
    elif name == "type":
        keywords["type"] = row["value"]
    elif name == "month" and row["value"]:
        year, month = (int(part) for part in row["value"].split("-"))
        keywords["date_from"] = f"{year:04d}-{month:02d}-01"
        keywords["date_to"] = (date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)).isoformat()
    return claims_url(**keywords)


def _see_also(store: Any, f: query.Filters) -> list[dict[str, Any]]:
    """The entity or speaker pages a search's words name ("North Korea" -> the North Korea page)."""
    if not f.q or '"' in f.q or len(f.q) > 100:
        return []
    found = []
    for kind in ("entity", "speaker"):
        resolved = query.resolve(store, kind, f.q)
        if resolved["id"] is not None:
            found.append({"kind": kind, "id": resolved["id"], "name": query.name_of(store, kind, resolved["id"])})
    return found


add_page(router, "/claims", claims_page, template="claims.html", title="Claims", csv=items_of,
         summary="Search claims", tags=["claims"])

# -- export all ---------------------------------------------------------------------------------------

COLUMNS = [field.name for field in fields(query.Claim)]
FORMATS = {"csv": "text/csv; charset=utf-8", "jsonl": "application/x-ndjson"}


@router.get("/claims/export.{fmt}", tags=["claims"], summary="Every claim matching the filters, streamed",
            response_class=StreamingResponse,
            responses={200: {"content": {t: {"schema": {"type": "string"}} for t in FORMATS.values()},
                             "description": "CSV (one header row) or JSON Lines, one claim a row"},
                       **ERROR_RESPONSES})
def export_claims(request: Request, fmt: Annotated[str, Path(pattern="^(csv|jsonl)$")],
                  f: query.Filters = Depends(claim_filters)) -> StreamingResponse:
    """All the claims the filters admit (not one page), streamed as CSV or JSON Lines in the page's order."""
    store = store_of(request)
    query.count(store, f)  # a store error surfaces here, before the response starts
    rows = _csv_lines(store, f) if fmt == "csv" else _jsonl_lines(store, f)
    return StreamingResponse(rows, media_type=FORMATS[fmt],
                             headers={"content-disposition": f'attachment; filename="claims.{fmt}"'})


def _jsonl_lines(store: Any, f: query.Filters) -> Iterator[str]:
    for claim in query.iter_claims(store, **_keywords(f)):
        yield json.dumps(claim.to_dict(), ensure_ascii=False) + "\n"


def _csv_lines(store: Any, f: query.Filters) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    for claim in query.iter_claims(store, **_keywords(f)):
        row = claim.to_dict()
        writer.writerow([cell(row[name]) for name in COLUMNS])
        if buffer.tell() > 65_536:
            yield buffer.getvalue()
            buffer.seek(0), buffer.truncate()
    yield buffer.getvalue()


def _keywords(f: query.Filters) -> dict[str, Any]:
    return {k: v for k, v in f.to_dict().items() if v is not None}
