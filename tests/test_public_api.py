"""The public surface: __all__ complete and in isort's order (constants, classes, functions)."""

import saywho


def isort_key(name: str) -> tuple[int, str]:
    """CONSTANTS first, then Classes, then everything else, each alphabetically (ruff's RUF022)."""
    kind = 0 if name.isupper() else 1 if name[0].isupper() else 2
    return kind, name


def test_all_is_sorted_and_complete():
    public = {name for name in dir(saywho) if not name.startswith("_") and name[0].isupper()}
    assert saywho.__all__ == sorted(saywho.__all__, key=isort_key)
    assert public <= set(saywho.__all__), public - set(saywho.__all__)
    assert all(hasattr(saywho, name) for name in saywho.__all__)
    assert {"extract", "extract_doc", "extract_many"} <= set(saywho.__all__)


def test_sort_check_can_fail():
    assert ["Result", "SCHEMA_VERSION"] != sorted(["Result", "SCHEMA_VERSION"], key=isort_key)
