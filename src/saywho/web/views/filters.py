"""The query parameters the pages share, validated once into ``saywho.query.Filters``, and the
resolution of the names and ids in profile paths."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from typing import Annotated, Any, Literal
from urllib.parse import urlencode

from fastapi import Query, Request

from ... import query
from ...errors import InputError
from ...records import AttributionKind
from ..errors import Redirect, SearchError, WebError
from ..pages import MAX_PAGE_SIZE, check_limit
from ..render import entity_url, outlet_url, speaker_url

# Printable text only: no control characters reach the store or the pages.
TEXT = r"^[^\x00-\x1f\x7f]*$"
# Search words: printable, with at least one word character to look for.
WORDS = r"^[^\x00-\x1f\x7f]*\w[^\x00-\x1f\x7f]*$"
Text = Annotated[str | None, Query(max_length=300, pattern=TEXT)]
Limit = Annotated[int | None, Query(ge=1, le=MAX_PAGE_SIZE, description="Rows per page (default 50).")]
Offset = Annotated[int, Query(ge=0, le=1_000_000, description="Rows to skip.")]
RowId = Annotated[int | None, Query(ge=1, le=2**62, description="A row's id in the store (what links use).")]
ClaimType = Literal["direct", "indirect", "mixed"]
Sort = Literal["best", "newest", "oldest"]
By = Annotated[Literal["day", "week", "month"], Query(description="Timeline buckets: day, week (from Monday) or month.")]


def claim_filters(
    q: Annotated[str | None, Query(max_length=300, pattern=WORDS,
                                   description='Words in what was said (full-text; "quoted phrases" allowed).')] = None,
    speaker: Annotated[str | None, Query(max_length=300, pattern=TEXT, description="Speaker name.")] = None,
    entity: Annotated[str | None, Query(max_length=300, pattern=TEXT, description="An entity the claim mentions.")] = None,
    outlet: Annotated[str | None, Query(max_length=300, pattern=TEXT, description="Publishing outlet or one on the via chain.")] = None,
    date_from: Annotated[date | None, Query(description="Published on or after (ISO date).")] = None,
    date_to: Annotated[date | None, Query(description="Published on or before (ISO date).")] = None,
    type: Annotated[ClaimType | None, Query(description="direct, indirect or mixed.")] = None,
    role: Annotated[str | None, Query(max_length=300, pattern=TEXT, description="Part of the speaker's stated role.")] = None,
    kind: Annotated[AttributionKind | None, Query(description="speech, writing, thought, intention, evidence or stance.")] = None,
    speaker_id: RowId = None,
    entity_id: RowId = None,
    outlet_id: RowId = None,
    sort: Annotated[Sort | None, Query(description="best (search relevance), newest or oldest.")] = None,
) -> query.Filters:
    """The claim filters of a request as ``query.Filters`` (its page set later); a SearchError when
    the store's query language refuses them."""
    given = {"q": q, "speaker": speaker, "entity": entity, "outlet": outlet, "date_from": date_from,
             "date_to": date_to, "type": type, "role": role, "kind": kind, "speaker_id": speaker_id, "entity_id": entity_id,
             "outlet_id": outlet_id, "sort": sort}
    try:
        return query.make_filters(**given)
    except InputError as exc:
        raise SearchError(str(exc), {k: (v.isoformat() if isinstance(v, date) else v)
                                     for k, v in given.items()}) from exc


def page_size(request: Request, limit: int | None) -> int:
    return check_limit(request, limit)


# -- profile paths ---------------------------------------------------------------------------------

# "/speakers/12-robert-farley": the id opens that very row; the slug is for people and is not checked.
ROW_REF = re.compile(r"^(\d{1,18})(?:-[a-z0-9-]*)?$")
_URL = {"speaker": speaker_url, "entity": entity_url, "outlet": outlet_url}
LIST = {"speaker": "/speakers", "entity": "/entities", "outlet": "/outlets"}


def load_profile(request: Request, kind: str, ref: str, load: Callable[[int], dict[str, Any] | None]) -> dict[str, Any]:
    """The profile a path names: by id (``12`` or ``12-slug``), else the name is resolved like a search
    and the client is redirected to the row's own page (or, when several rows match, to the list
    filtered by that name); 404 when nothing matches."""
    match = ROW_REF.match(ref)
    if match:
        found = load(int(match.group(1)))
        if found is not None:
            return found
    store = request.app.state.store
    resolved = query.resolve(store, kind, ref)
    suffix = next((s for s in (".json", ".csv") if request.url.path.endswith(s)), "")
    rest = ("?" + request.url.query) if request.url.query else ""
    target = resolved["id"] if resolved["id"] is not None else (
        resolved["candidates"][0] if len(resolved["candidates"]) == 1 else None)
    if target is not None:
        raise Redirect(_URL[kind](target, _name(store, kind, target)) + suffix + rest)
    if resolved["candidates"]:
        raise Redirect(f"{LIST[kind]}{suffix}?" + urlencode({"name": ref}))
    raise WebError(f"no {kind} called {ref!r} in the store", status=404)


def _name(store: Any, kind: str, row_id: int) -> str | None:
    return query.name_of(store, kind, row_id)
