"""The flat tables of ``saywho batch`` hold every field of a Result: rows and back give the same record."""

from __future__ import annotations

from saywho.articles import Article
from saywho.records import Result
from saywho.store import content_hash
from saywho.tables import SCHEMAS, TABLES, article_from_row, columns, input_row, result_dict, result_rows


def test_tables_rows_round_trip_the_seed_result(seed_text, seed_result):
    article = Article(text=seed_text, id="seed", outlet="RFE/RL", published="2024-11-05", extra={"lang": "en"})
    row = input_row(article, content_hash(seed_text), "seed.txt", 0, "2024-11-05")
    rows = result_rows(row, seed_result)
    assert len(rows["attributions"]) == len(seed_result.attributions) > 5
    assert sum(len(a.via) for a in seed_result.attributions) == len(rows["via"]) > 0
    back = Result.from_dict(result_dict(rows["articles"][0], rows))
    expected = seed_result.to_dict()
    expected["meta"] = {"outlet": "RFE/RL", "published": "2024-11-05"}
    assert back.to_dict() == expected
    assert article_from_row(rows["articles"][0]) == article


def test_tables_rows_have_exactly_the_schema_columns(seed_text, seed_result):
    row = input_row(Article(text=seed_text, id="seed"), content_hash(seed_text), "seed.txt", 0, "unknown")
    for table, table_rows in result_rows(row, seed_result).items():
        assert table in TABLES
        for table_row in table_rows:
            assert set(table_row) == set(columns(table)), table
    assert set(SCHEMAS) == {*TABLES, "errors"}
