"""The store's rows of a batch built straight from a batch job's Arrow tables (``saywho load``).

``writer.write_batch`` builds a batch's rows from Results, a record at a time. A load of the job's
tables (``saywho.tables``) holds the same data as columns already, so ``prepare_rows`` and
``write_rows`` build the very same rows from them without putting each article's Result back
together: columns stored as they are pass through untouched, JSON spans are formatted by pyarrow
(``json_spans``), and Python steps only through what needs the store's keys (entities, speakers,
outlets) or links rows to each other. ``prepare_rows`` does what needs no database (in a thread
during a load), ``write_rows`` the rest. The rows go in by ``copy.copy_tables`` (PostgreSQL ``COPY``
of CSV written by pyarrow, SQLite ``executemany``), each table's rows built while the database takes
in the ones before. A test compares every table with what ``write_batch`` writes.

The tables' rows are read as ``Result.from_dict(tables.result_dict(...))`` would read them: child
rows in position order, the first of repeated rows kept (an interrupted job may write some twice),
via links under the attribution they name, and missing values as ``from_dict`` fills them.
"""

from __future__ import annotations

import contextlib
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from typing import TYPE_CHECKING, Any

from sqlalchemy import Table
from sqlalchemy.engine import Connection

from ..articles import Article
from ..errors import StoreError
from . import models as m
from .copy import copy_table, copy_tables, fast_compression, reserve_ids
from .deferred import keys_checked_after, load_checks
from .keys import entity_key, parse_date, speaker_key
from .writer import META_FIELDS, Corpus, resolve

if TYPE_CHECKING:
    import pyarrow as pa

# The child tables a load reads, with the columns that identify a row within its article.
CHILD_KEYS: dict[str, tuple[str, ...]] = {"attributions": ("position",), "entities": ("position",),
                                          "quantities": ("position",), "via": ("attribution_id", "position")}
# Arrow types of the child columns the rows are built from (a table the job did not write is empty).
_CHILD_COLUMNS: dict[str, dict[str, str]] = {
    "attributions": {"id": "string", "position": "int", "type": "string", "kind": "string", "confidence": "double",
                     "method": "string", "content_text": "string", "content_spans": "spans",
                     "cue_text": "string", "cue_spans": "spans", "source_text": "string", "source_spans": "spans",
                     "speaker_name": "string", "speaker_entity": "string", "role": "string",
                     "affiliation": "string", "parent": "string", "quantities": "strings"},
    "via": {"attribution_id": "string", "position": "int", "name": "string", "cue": "string", "spans": "spans",
            "entity": "string"},
    "entities": {"id": "string", "position": "int", "kind": "string", "name": "string", "aliases": "strings",
                 "mentions": "spans"},
    "quantities": {"id": "string", "position": "int", "text": "string", "low": "double", "high": "double",
                   "low_inclusive": "bool", "high_inclusive": "bool", "unit": "string", "referent": "string",
                   "hedge": "string", "spans": "spans"},
}
# The per-article tables a load writes: their secondary indexes and foreign keys are built after a
# load into a (nearly) empty store, sized by the first (``deferred.load_checks``).
LOADED_TABLES = [m.Attribution.__table__, m.Article.__table__, m.EntityMention.__table__, m.Quantity.__table__,
                 m.ViaLink.__table__, m.AttributionQuantity.__table__, m.SpeakerMention.__table__,
                 m.SpeakerRole.__table__]
# The child tables' rows past the largest value of these columns before a load are the load's
# (``deferred.keys_checked_after``): ids only grow, and an attribution's quantity links name it.
NEW_ROW_MARKS = {m.EntityMention.__table__: "id", m.Quantity.__table__: "id", m.Attribution.__table__: "id",
                 m.ViaLink.__table__: "id", m.AttributionQuantity.__table__: "attribution_id",
                 m.SpeakerMention.__table__: "id", m.SpeakerRole.__table__: "id"}
# A speaker's (key, name, kind, entity key), as writer._speaker_of gives it.
SpeakerRef = tuple[str, str, str | None, tuple[str, str] | None]


@dataclass
class TableBatch:
    """A batch of articles as the job's tables hold them.

    ``articles``: article rows (dicts), in load order. ``children``: each child table's rows of
    these articles, with an ``article`` column (index into ``articles``), in store order.
    """

    articles: list[dict[str, Any]]
    children: dict[str, pa.Table]

    def subset(self, keep: list[int]) -> TableBatch:
        """The batch with only the articles at ``keep`` (indexes, in order)."""
        import pyarrow as pa
        import pyarrow.compute as pc

        if len(keep) == len(self.articles):
            return self
        remap = [-1] * len(self.articles)
        for new, old in enumerate(keep):
            remap[old] = new
        children = {}
        for name, rows in self.children.items():
            rows = rows.filter(pc.is_in(rows["article"], value_set=pa.array(keep, rows["article"].type)))
            index = rows.schema.get_field_index("article")
            children[name] = rows.set_column(index, "article", pc.take(pa.array(remap, pa.int32()), rows["article"]))
        return TableBatch([self.articles[i] for i in keep], children)


def child_columns(name: str) -> list[str]:
    """The columns of the child table ``name`` that its rows are built from (a load reads no others)."""
    return ["content_hash", *_CHILD_COLUMNS[name]]


def table_batch(articles: list[dict[str, Any]], tables: dict[str, pa.Table]) -> TableBatch:
    """``articles`` (rows of the articles table) with their rows of the child ``tables``, in store order."""
    import pyarrow as pa

    hashes = pa.array([row["content_hash"] for row in articles], pa.string())
    children = {name: _ordered(tables.get(name), name, hashes, keys) for name, keys in CHILD_KEYS.items()}
    children["via"] = _via_in_order(children["via"], children["attributions"])
    return TableBatch(articles, children)


def _ordered(table: pa.Table | None, name: str, hashes: pa.Array, keys: tuple[str, ...]) -> pa.Table:
    """The rows of the articles with ``hashes``, by article and ``keys``, the first of repeated keys kept."""
    import pyarrow as pa
    import pyarrow.compute as pc

    table = _conformed(table, name)
    table = table.filter(pc.is_in(table["content_hash"], value_set=hashes))
    table = table.append_column("article", pc.cast(pc.index_in(table["content_hash"], value_set=hashes), pa.int32()))
    table = table.append_column("row", pa.array(range(table.num_rows), pa.int64()))
    table = table.sort_by([("article", "ascending"), *((key, "ascending") for key in keys), ("row", "ascending")])
    return table.take(pa.array(_firsts(table, ("article", *keys)), pa.int64())).drop_columns(["row"])


def _conformed(table: pa.Table | None, name: str) -> pa.Table:
    """``table`` with the columns the rows are built from, in order; a missing one null (an older
    job's tables), a missing table empty."""
    import pyarrow as pa

    types = {"string": pa.string(), "int": pa.int32(), "double": pa.float64(), "bool": pa.bool_(),
             "strings": pa.list_(pa.string()), "spans": pa.list_(pa.list_(pa.int32()))}
    wanted = {"content_hash": types["string"], **{column: types[kind] for column, kind in _CHILD_COLUMNS[name].items()}}
    if table is None:
        return pa.schema(list(wanted.items())).empty_table()
    # One chunk a column: the job writes a file a date, and sorting hundreds of chunks costs more.
    return pa.table({column: table[column].cast(kind) if column in table.column_names
                     else pa.nulls(table.num_rows, kind) for column, kind in wanted.items()}).combine_chunks()


def _firsts(table: pa.Table, keys: tuple[str, ...]) -> list[int]:
    """Indexes of the rows whose ``keys`` differ from the row before (``table`` is sorted by them)."""
    kept, last = [], None
    for index, key in enumerate(zip(*(table[name].to_pylist() for name in keys))):
        if key != last:
            kept.append(index)
            last = key
    return kept


def _via_in_order(via: pa.Table, attributions: pa.Table) -> pa.Table:
    """Via links of the attributions there are, by attribution (in store order) and position."""
    import pyarrow as pa
    import pyarrow.compute as pc

    owner = {key: index for index, key in enumerate(zip(attributions["article"].to_pylist(),
                                                       attributions["id"].to_pylist()))}
    owners = pa.array([owner.get(key) for key in zip(via["article"].to_pylist(), via["attribution_id"].to_pylist())],
                      pa.int64())
    via = via.append_column("owner", owners).filter(pc.is_valid(owners))
    return via.sort_by([("owner", "ascending"), ("position", "ascending")]).drop_columns(["owner"])


def json_spans(spans: pa.ChunkedArray | pa.Array, *, missing: str | None = "[]") -> pa.Array:
    """Each list of [start, end] pairs as JSON text, as ``json.dumps`` writes it; ``missing`` for a null."""
    import pyarrow as pa
    import pyarrow.compute as pc

    lists = spans.combine_chunks() if isinstance(spans, pa.ChunkedArray) else spans
    pairs = lists.values
    numbers = pa.ListArray.from_arrays(pairs.offsets, pc.cast(pairs.values, pa.string()))
    pair_text = pc.binary_join_element_wise("[", pc.binary_join(numbers, ", "), "]", "")
    text = pc.binary_join_element_wise("[", pc.binary_join(pa.ListArray.from_arrays(lists.offsets, pair_text), ", "),
                                       "]", "")
    return pc.if_else(pc.is_null(lists), pa.scalar(missing, pa.string()), text)


@dataclass
class _Head:
    """An article of the batch as stored: id, hash, checked text and metadata, extra as JSON text."""

    id: str
    digest: str
    text: str
    meta: dict[str, Any]
    extra: str
    published: date | None = None


def _head(row: dict[str, Any], article: Article, article_id: str) -> _Head:
    """``article``: the row's Article, checked (``check_article``)."""
    # writer.article_meta: the checked value, else the one the Result carried (the row's, if any).
    meta = {name: getattr(article, name) or row[name] or None for name in META_FIELDS}
    return _Head(article_id, row["content_hash"], article.text, meta, extra_json(row["extra"]),
                 parse_date(meta["published"]))


# What json.dumps escapes by default (ensure_ascii) and the batch job's tables keep as they are.
_NOT_ASCII = re.compile("[^\x00-\x7e]")


def extra_json(text: str | None) -> str:
    """An article's extra fields as the store writes them (``json.dumps`` of the dict) from the
    JSON text the job wrote (``json.dumps(..., ensure_ascii=False)``), without parsing it: both
    write the same text but for characters past ASCII (and DEL), escaped as ``\\uXXXX``. (A
    corpus's extra can be large: PolNeAR's holds its annotations.)"""
    if not text or not text.startswith("{"):
        return json.dumps(dict(json.loads(text or "{}") or {}))
    return _NOT_ASCII.sub(_escaped, text)


def _escaped(found: re.Match[str]) -> str:
    return json.dumps(found.group())[1:-1]


@dataclass
class _Columns:
    """One child table's columns as Python lists (read once), with its article indexes."""

    table: pa.Table
    lists: dict[str, list[Any]] = field(default_factory=dict)

    def __getitem__(self, name: str) -> list[Any]:
        if name not in self.lists:
            self.lists[name] = self.table[name].to_pylist()
        return self.lists[name]

    def __len__(self) -> int:
        return self.table.num_rows


@dataclass
class PreparedRows:
    """A batch's articles and child columns, with the store keys its rows need."""

    heads: list[_Head]
    children: dict[str, _Columns]
    ids: list[str]  # each article's store id
    entity_keys: list[tuple[str, str]]  # each entity's (kind, key)
    first_entity: dict[tuple[int, str], int]  # (article, local id) -> its first entity row
    speakers: list[SpeakerRef | None]  # each attribution's corpus speaker
    corpus: Corpus = field(default_factory=Corpus)


def prepare_rows(batch: TableBatch, articles: list[Article], ids: list[str]) -> PreparedRows:
    """The client's share of writing ``batch``, without the database: each article's stored form,
    the child columns, and the store keys and corpus rows (outlets, entities, speakers) they name.
    ``articles``: each row's Article, checked (``check_article``); ``ids``: the store id of each.

    A load prepares the next batch in a thread while the database takes in this one
    (``bulk.load_tables``), so that the client and the database work at once instead of in turn.
    """
    heads = [_head(row, article, article_id) for row, article, article_id in zip(batch.articles, articles, ids)]
    children = {name: _Columns(rows) for name, rows in batch.children.items()}
    _check_local_ids(heads, children)
    corpus = Corpus()
    _collect_outlets(corpus, heads, children["via"])
    prepared = PreparedRows(heads, children, ids, *_keys(children, ids), corpus=corpus)
    _collect(prepared)
    return prepared


def write_rows(conn: Connection, batch: PreparedRows) -> None:
    """Insert every article of a prepared batch (``prepare_rows``) with its records, in the caller's
    transaction: the corpus rows merged, then the articles, then each child table."""
    fast_compression(conn)
    resolve(conn, batch.corpus, bulk=True)
    with load_checks(conn, LOADED_TABLES, len(batch.children["attributions"])) as deferring:
        copy_table(conn, m.Article.__table__, _article_rows(batch.heads, batch.corpus))
        quantity_ids = reserve_ids(conn, m.Quantity.__table__, len(batch.children["quantities"]))
        attribution_ids = reserve_ids(conn, m.Attribution.__table__, len(batch.children["attributions"]))
        with contextlib.nullcontext() if deferring else keys_checked_after(conn, NEW_ROW_MARKS):
            copy_tables(conn, _rows(batch, quantity_ids, attribution_ids))


def _keys(children: dict[str, _Columns],
          ids: list[str]) -> tuple[list[tuple[str, str]], dict[tuple[int, str], int], list[SpeakerRef | None]]:
    """Each entity's (kind, key), each (article, local id)'s first entity row, each attribution's speaker."""
    entities, attributions = children["entities"], children["attributions"]
    entity_keys = [(kind, entity_key(name, kind, ids[article])) for kind, name, article
                   in zip(entities["kind"], entities["name"], entities["article"])]
    first_entity: dict[tuple[int, str], int] = {}
    for index, key in enumerate(zip(entities["article"], entities["id"])):
        first_entity.setdefault(key, index)
    speakers = [_speaker(entities["kind"], entities["name"], entity_keys, first_entity, ids, *row) for row in
                zip(attributions["article"], attributions["speaker_name"], attributions["speaker_entity"])]
    return entity_keys, first_entity, speakers


def _rows(batch: PreparedRows, quantity_ids: list[int], attribution_ids: list[int]) -> Iterator[tuple[Table, pa.Table]]:
    """Every per-article row of the batch but the articles, table by table (the corpus rows
    resolved, ids reserved)."""
    children, corpus, ids = batch.children, batch.corpus, batch.ids
    entities, attributions = children["entities"], children["attributions"]
    entity_spans = json_spans(entities.table["mentions"])
    yield m.EntityMention.__table__, _mention_rows(entities, batch.entity_keys, entity_spans, corpus, ids)
    yield m.Quantity.__table__, _quantity_rows(children["quantities"], quantity_ids, ids)
    speaker_ids = [corpus.speaker_ids.get(found[0]) if found else None for found in batch.speakers]
    yield m.Attribution.__table__, _attribution_rows(attributions, attribution_ids, speaker_ids, ids)
    owners = dict(zip(zip(attributions["article"], attributions["id"]), attribution_ids))
    yield m.ViaLink.__table__, _via_rows(children["via"], owners, corpus)
    quantities = dict(zip(zip(children["quantities"]["article"], children["quantities"]["id"]), quantity_ids))
    yield m.AttributionQuantity.__table__, _quantity_links(attributions, attribution_ids, quantities)
    mentions, roles = _speaker_rows(batch.heads, attributions, speaker_ids, batch.first_entity,
                                    entity_spans.to_pylist())
    yield m.SpeakerMention.__table__, mentions
    yield m.SpeakerRole.__table__, roles


def _check_local_ids(heads: list[_Head], children: dict[str, _Columns]) -> None:
    """Local ids must be unique inside an article (``store._check_ids``): records point at each other through them."""
    for kind, name in (("attribution", "attributions"), ("entity", "entities"), ("quantity", "quantities")):
        rows = children[name]
        seen: set[tuple[int, str]] = set()
        repeated: dict[int, set[str]] = {}
        for key in zip(rows["article"], rows["id"]):
            if key in seen:
                repeated.setdefault(key[0], set()).add(key[1])
            seen.add(key)
        for article, local_ids in repeated.items():
            raise StoreError(f"article {heads[article].id!r} has repeated {kind} ids "
                             f"{', '.join(sorted(local_ids))}; nothing of this batch was stored")


def _speaker(entity_kinds: list[str], entity_names: list[str], entity_keys: list[tuple[str, str]],
             first_entity: dict[tuple[int, str], int], ids: list[str], article: int, name: str | None,
             entity_id: str | None) -> SpeakerRef | None:
    """writer._speaker_of over columns: the corpus speaker of one attribution, or None."""
    if name is None:
        return None
    entity = first_entity.get((article, entity_id)) if entity_id else None
    kind = entity_kinds[entity] if entity is not None else None
    name = entity_names[entity] if entity is not None else name
    key = speaker_key(name, kind, ids[article])
    if key is None:
        return None
    return key, name, kind, entity_keys[entity] if entity is not None else None


def _collect_outlets(corpus: Corpus, heads: list[_Head], via: _Columns) -> None:
    """Note the outlets the batch names, first seen first (the order writer._collect sees them in)."""
    links = iter(zip(via["article"], via["name"]))
    link = next(links, None)
    for index, head in enumerate(heads):
        corpus.outlet(head.meta["outlet"])
        while link is not None and link[0] == index:
            corpus.outlet(link[1])
            link = next(links, None)


def _collect(batch: PreparedRows) -> None:
    """Note the entities and speakers the batch names, first seen first (as writer._collect does)."""
    corpus = batch.corpus
    for key, name in zip(batch.entity_keys, batch.children["entities"]["name"]):
        corpus.entities.setdefault(key, name)
    for found in batch.speakers:
        if found is not None:
            corpus.speakers.setdefault(found[0], found[1:])


def _article_rows(heads: list[_Head], corpus: Corpus) -> pa.Table:
    import pyarrow as pa

    now = datetime.now(timezone.utc)
    meta = {name: [head.meta[name] for head in heads] for name in META_FIELDS}
    return pa.table({
        "id": [head.id for head in heads], "content_hash": [head.digest for head in heads],
        "text": [head.text for head in heads], "title": meta["title"], "url": meta["url"],
        "outlet_name": meta["outlet"],
        "outlet_id": pa.array([corpus.outlet_ids.get(corpus.outlet(name)) for name in meta["outlet"]], pa.int64()),
        "published": pa.array([head.published for head in heads], pa.date32()),
        "published_text": meta["published"], "byline": meta["byline"],
        "extra": [head.extra for head in heads],
        "ingested_at": pa.array([now] * len(heads), pa.timestamp("us", tz="UTC")),
    }, schema=_strings(("id", "content_hash", "text", "title", "url", "outlet_name", "published_text", "byline",
                        "extra"), outlet_id=pa.int64(), published=pa.date32(),
                       ingested_at=pa.timestamp("us", tz="UTC")))


def _strings(names: Iterable[str], **typed: Any) -> pa.Schema:
    """A schema of string columns ``names`` plus the ``typed`` ones, in the order given."""
    import pyarrow as pa

    return pa.schema([*((name, pa.string()) for name in names), *typed.items()])


def _article_ids(rows: _Columns, ids: list[str]) -> pa.Array:
    import pyarrow as pa
    import pyarrow.compute as pc

    return pc.take(pa.array(ids, pa.string()), rows.table["article"])


def _positions(rows: _Columns, group: str = "article") -> pa.Array:
    """Each row's place among the rows of its ``group`` (the rows come grouped, in order)."""
    import pyarrow as pa

    places, last, place = [], None, 0
    for key in rows[group]:
        place = place + 1 if key == last else 0
        last = key
        places.append(place)
    return pa.array(places, pa.int32())


def _mention_rows(entities: _Columns, entity_keys: list[tuple[str, str]], spans: pa.Array, corpus: Corpus,
                  ids: list[str]) -> pa.Table:
    import pyarrow as pa

    table = entities.table
    return pa.table({
        "article_id": _article_ids(entities, ids),
        "entity_id": pa.array([corpus.entity_ids[key] for key in entity_keys], pa.int64()),
        "local_id": table["id"], "position": _positions(entities), "kind": table["kind"], "name": table["name"],
        "aliases": json_lists(table["aliases"]),
        "spans": spans,
    })


def json_lists(lists: pa.ChunkedArray) -> pa.Array:
    """Each list of strings as ``json.dumps`` writes it, "[]" for an empty or missing one: only the
    non-empty lists (a few entities have aliases) go through Python."""
    import pyarrow as pa
    import pyarrow.compute as pc

    lists = lists.combine_chunks()
    filled = pc.fill_null(pc.greater(pc.list_value_length(lists), 0), False)
    dumped = pa.array([json.dumps(value) for value in lists.filter(filled).to_pylist()], pa.string())
    return pc.replace_with_mask(pa.repeat(pa.scalar("[]", pa.string()), len(lists)), filled, dumped)


def _quantity_rows(quantities: _Columns, reserved: list[int], ids: list[str]) -> pa.Table:
    import pyarrow as pa
    import pyarrow.compute as pc

    table = quantities.table
    return pa.table({
        "id": pa.array(reserved, pa.int64()), "article_id": _article_ids(quantities, ids), "local_id": table["id"],
        "position": _positions(quantities), "text": table["text"], "low": table["low"], "high": table["high"],
        # Result.from_dict: bool() of what is there, so a missing flag reads as False.
        "low_inclusive": pc.fill_null(table["low_inclusive"], False),
        "high_inclusive": pc.fill_null(table["high_inclusive"], False),
        "unit": table["unit"], "referent": table["referent"], "hedge": table["hedge"],
        "spans": json_spans(table["spans"]),
    })


def _attribution_rows(attributions: _Columns, reserved: list[int], speaker_ids: list[int | None],
                      ids: list[str]) -> pa.Table:
    import pyarrow as pa
    import pyarrow.compute as pc

    table = attributions.table
    no_speaker = pc.is_null(table["speaker_name"])

    def spoken(name: str) -> pa.Array:  # a speaker's fields only where there is a speaker
        return pc.if_else(no_speaker, pa.scalar(None, pa.string()), table[name])

    def piece(name: str) -> pa.Array:  # a cue's or source's spans: JSON null where there is none
        return pc.if_else(pc.is_null(table[f"{name}_text"]), pa.scalar("null"), json_spans(table[f"{name}_spans"]))

    return pa.table({
        "id": pa.array(reserved, pa.int64()), "article_id": _article_ids(attributions, ids), "local_id": table["id"],
        "position": _positions(attributions), "type": table["type"], "kind": table["kind"],
        "method": table["method"], "confidence": table["confidence"], "content_text": table["content_text"],
        "content_spans": json_spans(table["content_spans"]), "cue_text": table["cue_text"], "cue_spans": piece("cue"),
        "source_text": table["source_text"], "source_spans": piece("source"),
        "speaker_name": table["speaker_name"], "speaker_entity": spoken("speaker_entity"), "role": spoken("role"),
        "affiliation": spoken("affiliation"), "speaker_id": pa.array(speaker_ids, pa.int64()),
        "parent_local_id": table["parent"], "parent_id": pa.array(_parents(attributions, reserved), pa.int64()),
    })


def _parents(attributions: _Columns, reserved: list[int]) -> list[int | None]:
    """Each attribution's parent row (writer._link: a parent in the same article, not itself)."""
    own = dict(zip(zip(attributions["article"], attributions["id"]), reserved))
    parents = []
    for article, parent, row_id in zip(attributions["article"], attributions["parent"], reserved):
        found = own.get((article, parent)) if parent else None
        parents.append(found if found != row_id else None)
    return parents


def _via_rows(via: _Columns, owners: dict[tuple[int, str], int], corpus: Corpus) -> pa.Table:
    import pyarrow as pa

    table = via.table
    keys = [owners[key] for key in zip(via["article"], via["attribution_id"])]
    via.lists["owner"] = keys
    return pa.table({
        "attribution_id": pa.array(keys, pa.int64()), "position": _positions(via, "owner"), "name": table["name"],
        "cue": table["cue"], "spans": json_spans(table["spans"]), "entity_local_id": table["entity"],
        "outlet_id": pa.array([corpus.outlet_ids.get(corpus.outlet(name)) for name in via["name"]], pa.int64()),
    })


def _quantity_links(attributions: _Columns, reserved: list[int],
                    quantity_ids: dict[tuple[int, str], int]) -> pa.Table:
    import pyarrow as pa
    import pyarrow.compute as pc

    # Over the names only, not a Python list per attribution: most attributions name no figure.
    named = attributions.table["quantities"]
    owners = pc.list_parent_indices(named).to_pylist()
    articles = attributions["article"]
    rows: list[tuple[int, int, int]] = []
    last, seen = None, set()
    for owner, name in zip(owners, pc.list_flatten(named).to_pylist()):
        if owner != last:
            last, seen = owner, set()
        if name in seen:  # a name repeated in one attribution links once, at its first place
            continue
        seen.add(name)
        found = quantity_ids.get((articles[owner], name))
        if found is not None:
            rows.append((reserved[owner], found, len(seen) - 1))
    columns = list(zip(*rows)) or [(), (), ()]
    return pa.table({"attribution_id": pa.array(columns[0], pa.int64()),
                     "quantity_id": pa.array(columns[1], pa.int64()), "position": pa.array(columns[2], pa.int32())})


def _speaker_rows(heads: list[_Head], attributions: _Columns, speaker_ids: list[int | None],
                  first_entity: dict[tuple[int, str], int], entity_spans: list[str]) -> tuple[pa.Table, pa.Table]:
    """Speaker mentions (a speaker's first attribution in an article) and stated roles (writer._link)."""
    import pyarrow as pa

    source_spans = json_spans(attributions.table["source_spans"]).to_pylist()
    mentions: dict[str, list[Any]] = {"speaker_id": [], "article_id": [], "name": [], "entity_local_id": [],
                                      "spans": []}
    roles: dict[str, list[Any]] = {"speaker_id": [], "article_id": [], "role": [], "affiliation": [],
                                   "published": []}
    seen: set[tuple] = set()  # (article, speaker) mentioned, (article, speaker, role, affiliation) stated
    rows = zip(attributions["article"], speaker_ids, attributions["speaker_name"], attributions["speaker_entity"],
               attributions["source_text"], source_spans, attributions["role"], attributions["affiliation"])
    for article, speaker_id, name, entity_id, source, spans, role, affiliation in rows:
        if speaker_id is None:
            continue
        head = heads[article]
        if (article, speaker_id) not in seen:
            seen.add((article, speaker_id))
            entity = first_entity.get((article, entity_id)) if entity_id else None
            _append(mentions, speaker_id=speaker_id, article_id=head.id, name=name,
                    entity_local_id=entity_id if entity is not None else None,
                    spans=entity_spans[entity] if entity is not None else spans if source is not None else "[]")
        if (role or affiliation) and (article, speaker_id, role, affiliation) not in seen:
            seen.add((article, speaker_id, role, affiliation))
            _append(roles, speaker_id=speaker_id, article_id=head.id, role=role, affiliation=affiliation,
                    published=head.published)
    return (pa.table(mentions, schema=_strings(("name", "entity_local_id", "spans"), speaker_id=pa.int64(),
                                               article_id=pa.string())).select(list(mentions)),
            pa.table(roles, schema=_strings(("role", "affiliation"), speaker_id=pa.int64(), article_id=pa.string(),
                                            published=pa.date32())).select(list(roles)))


def _append(columns: dict[str, list[Any]], **values: Any) -> None:
    for name, value in values.items():
        columns[name].append(value)
