"""The one set of filters every claim question takes, validated once, and the SQL they narrow by.

``Filters`` holds what the CLI, the Python API, the exports and the web app all narrow claims on:
words (``q``), a speaker, an entity, an outlet (each by name, or by the store's id for links
that must open the very row they name), dates, type and role, plus the page (``limit``,
``offset``) and the order (``sort``).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace
from datetime import date
from typing import Any

from sqlalchemy import Date, Select, String, and_, cast, exists, false, func, or_, select
from sqlalchemy.orm import Session

from ..errors import InputError
from ..store import fts
from ..store import models as m
from ..store.keys import canonical_outlet, fold, is_pronoun, parse_date, person_tokens

TYPES = ("direct", "indirect", "mixed")
SORTS = ("best", "newest", "oldest")
DEFAULT_LIMIT = 50
MAX_LIMIT = 10_000


@dataclass(frozen=True)
class Filters:
    """The validated filters of a claims question; ``None`` means "no filter" (see ``make_filters``)."""

    q: str | None = None
    speaker: str | None = None
    entity: str | None = None
    outlet: str | None = None
    date_from: date | None = None
    date_to: date | None = None
    type: str | None = None
    role: str | None = None
    speaker_id: int | None = None
    entity_id: int | None = None
    outlet_id: int | None = None
    sort: str | None = None
    limit: int = DEFAULT_LIMIT
    offset: int = 0

    def to_dict(self) -> dict[str, Any]:
        """The filters (not the page) as JSON-ready data."""
        out = {k: (v.isoformat() if isinstance(v, date) else v) for k, v in asdict(self).items()}
        out.pop("limit"), out.pop("offset")
        return out

    def page(self, limit: int, offset: int = 0) -> "Filters":
        """The same question, another page."""
        return replace(self, limit=limit, offset=offset)

    def but(self, **changes: Any) -> "Filters":
        """The same question with some filters changed (validated again)."""
        return make_filters(**{**asdict(self), **changes})

    @property
    def order(self) -> str:
        """``best`` (search relevance) when words are given and no sort is asked, else the sort or ``newest``."""
        return self.sort or ("best" if self.q else "newest")


def make_filters(q: str | None = None, speaker: str | None = None, entity: str | None = None,
                 outlet: str | None = None, date_from: str | date | None = None, date_to: str | date | None = None,
                 type: str | None = None, role: str | None = None, speaker_id: int | None = None,
                 entity_id: int | None = None, outlet_id: int | None = None, sort: str | None = None,
                 limit: int | None = DEFAULT_LIMIT, offset: int | None = 0) -> Filters:
    """``Filters`` from keyword values as users give them; InputError names a bad one."""
    if type is not None and type not in TYPES:
        raise InputError(f"type must be one of {', '.join(TYPES)}, not {type!r}")
    if sort is not None and sort not in SORTS:
        raise InputError(f"sort must be one of {', '.join(SORTS)}, not {sort!r}")
    limit = DEFAULT_LIMIT if limit is None else limit
    if not isinstance(limit, int) or not 1 <= limit <= MAX_LIMIT:
        raise InputError(f"limit must be a whole number from 1 to {MAX_LIMIT}, not {limit!r}")
    offset = offset or 0
    if not isinstance(offset, int) or offset < 0:
        raise InputError(f"offset must be a whole number, 0 or more, not {offset!r}")
    for name, value in (("speaker_id", speaker_id), ("entity_id", entity_id), ("outlet_id", outlet_id)):
        if value is not None and not isinstance(value, int):
            raise InputError(f"{name} must be a whole number, not {value!r}")
    if q is not None and q.strip() and not fts.query_terms(q):
        raise InputError(f"search text {q!r} has no words to look for")
    return Filters(_text(q), _text(speaker), _text(entity), _text(outlet), _date(date_from, "date_from"),
                   _date(date_to, "date_to"), type, _text(role), speaker_id, entity_id, outlet_id, sort, limit, offset)


def _text(value: str | None) -> str | None:
    return value.strip() or None if isinstance(value, str) else value


def _date(value: str | date | None, name: str) -> date | None:
    if value is None or value == "" or isinstance(value, date):
        return value or None
    parsed = parse_date(str(value))
    if parsed is None:
        raise InputError(f"{name} must be an ISO date such as 2024-11-02, not {value!r}")
    return parsed


def named(value: str, what: str) -> None:
    """Refuse an empty subject ("give a speaker name to look for")."""
    if not isinstance(value, str) or not value.strip():
        raise InputError(f"give {what} to look for (got {value!r})")


# -- names to rows ---------------------------------------------------------------------------------


def speaker_ids(session: Session, name: str) -> list[int]:
    """Speakers called ``name``: the exact (merged) name when there is one, else a case-insensitive substring."""
    key = " ".join(person_tokens(name))
    exact = list(session.scalars(select(m.Speaker.id).where(or_(m.Speaker.key == key, m.Speaker.key == fold(name)))))
    words = fold(name).split()
    if exact or not words or is_pronoun(name):
        return exact
    # Else every word of ``name`` as a whole word of the speaker's name ("Farley", not "Farleyson").
    candidates = session.execute(select(m.Speaker.id, m.Speaker.name)
                                 .where(func.lower(m.Speaker.name).contains(max(words, key=len), autoescape=True)))
    return [sid for sid, full in candidates if set(words) <= set(fold(full).split())]


def outlet_ids(session: Session, name: str) -> list[int]:
    """Outlets called ``name`` (aliases folded), else those whose name contains it."""
    key, _ = canonical_outlet(name)
    exact = list(session.scalars(select(m.Outlet.id).where(m.Outlet.key == key)))
    if exact:
        return exact
    return list(session.scalars(select(m.Outlet.id).where(func.lower(m.Outlet.name).contains(key, autoescape=True))))


def entity_rows(session: Session, name: str) -> list[m.Entity]:
    """Entities called ``name`` (any kind): exact canonical key first, else a name or alias as written."""
    keys = {fold(name), " ".join(person_tokens(name))}
    exact = list(session.scalars(select(m.Entity).where(m.Entity.key.in_(keys))))
    if exact:
        return exact
    by_mention = select(m.EntityMention.entity_id).where(func.lower(m.EntityMention.name) == name.lower().strip())
    found = list(session.scalars(select(m.Entity).where(m.Entity.id.in_(by_mention))))
    return found or entities_by_alias(session, name)


def entities_by_alias(session: Session, name: str) -> list[m.Entity]:
    """Entities one of whose mentions lists ``name`` among its aliases (DPRK, Pyongyang -> North Korea),
    the most mentioned first."""
    wanted = fold(name)
    like = f"%{name.strip().lower()}%"
    rows = session.execute(select(m.EntityMention.entity_id, m.EntityMention.aliases)
                           .where(func.lower(cast(m.EntityMention.aliases, String)).like(like)))
    counts: dict[int, int] = {}
    for entity_id, aliases in rows:
        if any(fold(alias) == wanted for alias in aliases or []):
            counts[entity_id] = counts.get(entity_id, 0) + 1
    ranked = sorted(counts, key=lambda i: -counts[i])
    return [session.get(m.Entity, i) for i in ranked]


def aliases(session: Session, entity_ids: list[int]) -> set[str]:
    """Every name and alias the entities' mentions were given."""
    names: set[str] = set()
    for found, name in session.execute(select(m.EntityMention.aliases, m.EntityMention.name)
                                       .where(m.EntityMention.entity_id.in_(entity_ids))):
        names.update(found or [])
        names.add(name)
    return names


def inside(spans: list, content: list) -> bool:
    """Whether one of ``spans`` lies inside one of the ``content`` spans."""
    return any(cs <= s and e <= ce for s, e in spans for cs, ce in content)


def attributions_mentioning(session: Session, entity_ids: list[int]) -> list[int]:
    """Attributions whose content spans hold a stored mention of one of ``entity_ids``."""
    if not entity_ids:
        return []
    stmt = (select(m.Attribution.id, m.Attribution.content_spans, m.EntityMention.spans)
            .join(m.EntityMention, and_(m.EntityMention.article_id == m.Attribution.article_id,
                                        m.EntityMention.entity_id.in_(entity_ids))))
    return sorted({aid for aid, content, spans in session.execute(stmt) if inside(spans, content)})


# -- narrowing -------------------------------------------------------------------------------------


def sort_date():
    """The date lists sort on: the publication date, or the day it was stored for an undated article
    (so that undated articles sit among their neighbours instead of sinking to the end)."""
    return func.coalesce(m.Article.published, cast(m.Article.ingested_at, Date))


def about_entity(session: Session, dialect: str, name: str | None, entity_id: int | None):
    """The condition "the claim's content mentions this entity": a stored mention inside the content,
    or its name or an alias as whole words in the content's text."""
    if entity_id is not None:
        found = session.get(m.Entity, entity_id)
        matched = [found] if found else []
        names = set()
    else:
        matched = entity_rows(session, name or "")
        names = {name.strip()} if name else set()
    if not matched and not names:
        return false()
    ids = [e.id for e in matched]
    names |= {e.name for e in matched} | aliases(session, ids)
    conditions = [m.Attribution.id.in_(attributions_mentioning(session, ids))]
    by_text = fts.any_phrase(dialect, sorted(names))
    if by_text is not None:
        conditions.append(m.Attribution.id.in_(by_text))
    return or_(*conditions)


def narrow(session: Session, dialect: str, stmt: Select, f: Filters) -> Select:
    """``stmt`` (over Attribution joined to Article) narrowed by every filter of ``f`` (not the page)."""
    if f.q:
        stmt = fts.apply(stmt, dialect, f.q)
    if f.entity or f.entity_id is not None:
        stmt = stmt.where(about_entity(session, dialect, f.entity, f.entity_id))
    if f.outlet or f.outlet_id is not None:
        ids = [f.outlet_id] if f.outlet_id is not None else outlet_ids(session, f.outlet or "")
        via = exists().where(m.ViaLink.attribution_id == m.Attribution.id, m.ViaLink.outlet_id.in_(ids))
        stmt = stmt.where(or_(m.Article.outlet_id.in_(ids), via))
    if f.date_from:
        stmt = stmt.where(m.Article.published >= f.date_from)
    if f.date_to:
        stmt = stmt.where(m.Article.published <= f.date_to)
    if f.type:
        stmt = stmt.where(m.Attribution.type == f.type)
    if f.role:
        pattern = f"%{f.role.lower()}%"
        stated = exists().where(m.SpeakerRole.speaker_id == m.Attribution.speaker_id,
                                m.SpeakerRole.article_id == m.Attribution.article_id,
                                func.lower(m.SpeakerRole.role).like(pattern))
        stmt = stmt.where(or_(func.lower(m.Attribution.role).like(pattern), stated))
    if f.speaker_id is not None:
        stmt = stmt.where(m.Attribution.speaker_id == f.speaker_id)
    elif f.speaker:
        stmt = stmt.where(m.Attribution.speaker_id.in_(speaker_ids(session, f.speaker)))
    return stmt


def ordered(stmt: Select, f: Filters) -> Select:
    """``stmt`` in the order ``f`` asks for (search relevance is set by ``fts.apply`` already)."""
    when = sort_date()
    if f.order == "oldest":
        stmt = stmt.order_by(None).order_by(when.asc().nulls_last())
    elif f.order == "newest":
        stmt = stmt.order_by(None).order_by(when.desc().nulls_last())
    return stmt.order_by(m.Article.published.desc().nulls_last(), m.Article.id, m.Attribution.position)
