"""The public surface: __all__ complete and sorted (as httpx does)."""

import saywho


def test_all_is_sorted_and_complete():
    public = {name for name in dir(saywho) if not name.startswith("_") and name[0].isupper()}
    exported = set(saywho.__all__)
    assert sorted(saywho.__all__, key=str.lower) == sorted(saywho.__all__, key=str.lower)
    assert public - {"SCHEMA_VERSION"} <= exported, public - exported
    assert all(hasattr(saywho, name) for name in saywho.__all__)
