"""Which of an article's entities a content is about: those with a mention inside the content's spans."""

from __future__ import annotations

from collections.abc import Iterable, Sequence


def content_entities(content_spans: Sequence[Sequence[int]],
                     mentions: Iterable[tuple[str, str, Sequence[str], Sequence[Sequence[int]]]]) -> dict[str, list[str]]:
    """Canonical name -> names as written, for each (canonical, name, aliases, spans) mentioned in the content."""
    found: dict[str, list[str]] = {}
    for canonical, name, aliases, spans in mentions:
        if any(cs <= s and e <= ce for s, e in spans for cs, ce in content_spans):
            names = found.setdefault(canonical, [])
            for alias in (name, *aliases):
                if alias and alias != canonical and alias not in names:
                    names.append(alias)
    return found
