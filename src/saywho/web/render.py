"""One dict per page, three faces: HTML (Jinja, autoescaped), JSON and CSV.

A view returns a dict; ``respond`` renders it as the format the URL asked for. The HTML page
links to its JSON twin (same path plus ``.json``) with ``<link rel="alternate">``.
"""

from __future__ import annotations

import csv
import io
import json
import re
import unicodedata
from collections.abc import Callable
from typing import Any
from urllib.parse import quote, urlencode

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup, escape
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response

from .. import __version__

# Cells an analyst's spreadsheet would run as a formula start with these: prefix them with '.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("saywho.web", "templates"),
        autoescape=select_autoescape(["html"], default_for_string=True, default=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["q"] = lambda value: quote(str(value), safe="")
    env.filters["anchor"] = anchor
    env.filters["mark"] = mark
    env.globals.update(speaker_url=speaker_url, entity_url=entity_url, outlet_url=outlet_url,
                       article_url=article_url, claims_url=claims_url, version=__version__)
    return env



_QUERY_TOKEN = re.compile(r'(-?)"([^"]*)"|(-?)(\w+)', re.UNICODE)


def search_words(q: str | None) -> list[str]:
    """The words a search looks for, to highlight: its words and phrases, not OR nor excluded (-word) ones."""
    words: list[str] = []
    for minus_phrase, phrase, minus_word, word in _QUERY_TOKEN.findall(q or ""):
        if (phrase and minus_phrase) or (word and minus_word) or word == "OR":
            continue
        words.extend(re.findall(r"\w+", phrase) if phrase else [word])
    return [w for w in words if w]


def mark(text: Any, q: str | None) -> Markup:
    """``text`` escaped, with the words of the search ``q`` in ``<mark>`` (stems: "shell" marks "shells")."""
    text = "" if text is None else str(text)
    words = search_words(q)
    if not words:
        return escape(text)
    stems = sorted({w.lower()[:max(4, len(w) - 2)] if len(w) > 4 else w.lower() for w in words}, key=len, reverse=True)
    pattern = re.compile(r"\b(?:" + "|".join(re.escape(s) for s in stems) + r")\w*", re.IGNORECASE)
    out, last = [], 0
    for found in pattern.finditer(text):
        out.append(escape(text[last:found.start()]))
        out.append(Markup("<mark>") + escape(found.group(0)) + Markup("</mark>"))
        last = found.end()
    out.append(escape(text[last:]))
    return Markup("").join(out)


def anchor(attribution_id: str) -> str:
    """The fragment id of an attribution's card on the article page (``attr-a1``)."""
    return "attr-" + quote(str(attribution_id), safe="")


def slug(name: str | None) -> str:
    """A readable URL word for ``name``: ASCII, lower case, dashes ("Kim Jong-un" -> "kim-jong-un")."""
    folded = unicodedata.normalize("NFKD", name or "").encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-")[:60].strip("-")


def _ref(kind: str, ref: int | str | None, name: str | None) -> str:
    """``/kind/<id>-<slug>`` for a stored row (the link opens that very row whatever its name),
    ``/kind/<name>`` (resolved by search, then redirected) when only a name is known."""
    if isinstance(ref, int):
        word = slug(name)
        return f"/{kind}/{ref}" + (f"-{word}" if word else "")
    return f"/{kind}/" + quote(str(ref if ref is not None else name or ""), safe="")


def speaker_url(ref: int | str | None, name: str | None = None) -> str:
    return _ref("speakers", ref, name)


def entity_url(ref: int | str | None, name: str | None = None) -> str:
    return _ref("entities", ref, name)


def outlet_url(ref: int | str | None, name: str | None = None) -> str:
    return _ref("outlets", ref, name)


def article_url(article_id: str) -> str:
    return "/articles/" + quote(article_id, safe="")


def claims_url(**filters: Any) -> str:
    """The search page filtered on ``filters`` (None values dropped)."""
    query = {k: v for k, v in filters.items() if v not in (None, "")}
    return "/claims" + ("?" + urlencode(query) if query else "")


def raw_path(request: Request) -> str:
    """The path as the client sent it, percent-escapes kept (an outlet's %2F stays one segment)."""
    raw = request.scope.get("raw_path")
    return raw.decode("latin-1") if raw else quote(request.url.path)


def twin_url(request: Request, suffix: str) -> str:
    """This page's path plus ``suffix`` (".json", ".csv"), with the same query string."""
    path = raw_path(request).rstrip("/") or "/index"
    query = request.url.query
    return path + suffix + ("?" + query if query else "")


ENV = _environment()


def respond(request: Request, data: dict[str, Any], *, fmt: str, template: str, title: str,
            extras: dict[str, Any] | None = None, csv_rows: Callable[[dict], list[dict]] | None = None) -> Response:
    """``data`` as JSON, CSV (the rows ``csv_rows`` picks from it) or the HTML page ``template``."""
    if fmt == "json":
        return JSONResponse(data)
    if fmt == "csv":
        return csv_response(csv_rows(data) if csv_rows else [], filename=_csv_name(request))
    html = ENV.get_template(template).render(
        data=data, title=title, request_path=request.url.path, error=None,
        json_url=twin_url(request, ".json"),
        csv_url=twin_url(request, ".csv") if csv_rows else None,
        **(extras or {}),
    )
    return HTMLResponse(html)


def render_error(message: str, status: int) -> HTMLResponse:
    html = ENV.get_template("error.html").render(
        data={"ok": False, "error": message, "status": status}, title=f"Error {status}",
        request_path="", json_url=None, csv_url=None, error=None)
    return HTMLResponse(html, status_code=status)


def render_search_error(request: Request, message: str, filters: dict[str, Any]) -> HTMLResponse:
    """The claims page with the search form as the user filled it and ``message`` above the results (400)."""
    keys = ("q", "speaker", "entity", "outlet", "date_from", "date_to", "type", "role", "sort", "speaker_id",
            "entity_id", "outlet_id")
    data = {"filters": {key: filters.get(key) for key in keys}, "items": [], "pagination": None, "facets": {},
            "facet_totals": {}, "timeline": [], "see_also": [], "narrowed": [], "export": {}}
    html = ENV.get_template("claims.html").render(data=data, title="Claims", request_path=request.url.path,
                                                 json_url=None, csv_url=None, error=message)
    return HTMLResponse(html, status_code=400)


def csv_response(items: list[dict[str, Any]], *, filename: str) -> Response:
    return Response(to_csv(items), media_type="text/csv; charset=utf-8",
                    headers={"content-disposition": f'attachment; filename="{filename}"'})


def to_csv(items: list[dict[str, Any]]) -> str:
    """Rows of flattened dicts (``speaker.name`` columns; lists as JSON), safe to open in a spreadsheet."""
    rows = [flatten(item) for item in items]
    columns: list[str] = []
    for row in rows:
        columns.extend(k for k in row if k not in columns)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: cell(v) for k, v in row.items()})
    return out.getvalue()


def flatten(value: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for key, item in value.items():
        name = f"{prefix}{key}"
        if isinstance(item, dict):
            flat.update(flatten(item, name + "."))
        else:
            flat[name] = item
    return flat


def cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        text = json.dumps(value, ensure_ascii=False)
    else:
        text = str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def _csv_name(request: Request) -> str:
    path = request.url.path.removesuffix(".csv").strip("/")
    stem = path.replace("/", "-") or "saywho"
    return "".join(ch for ch in stem if ch.isalnum() or ch in "-_")[:40] + ".csv"
