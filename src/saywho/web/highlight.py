"""The article reader's markup: the text with every attribution's content, cue, source and via marked.

Article text is untrusted. The markup is built only from escaped pieces: each stretch of text
between two span boundaries is escaped on its own, then wrapped in a tag whose attributes are
generated here (numbers and fixed class names), never taken from the article.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from markupsafe import Markup, escape

from .render import anchor

# How many speaker colours the stylesheet defines (classes sp-0 ... sp-23).
PALETTE_SIZE = 24
# Where marks overlap, the smaller role wins: a source, cue or via inside a content shows as itself.
_ROLE_RANK = {"source": 0, "cue": 1, "via": 2, "content": 3}


@dataclass(frozen=True)
class _Mark:
    start: int
    end: int
    role: str
    index: int  # position of the attribution in the result

    @property
    def rank(self) -> tuple[int, int]:
        return (_ROLE_RANK[self.role], self.end - self.start)


def speaker_key(attribution: dict[str, Any]) -> str:
    """What makes two attributions 'the same speaker' for colouring: the entity, else the name."""
    speaker, source = attribution.get("speaker"), attribution.get("source")
    if speaker:
        return speaker.get("entity") or speaker.get("name") or ""
    return source.get("text", "") if source else ""


def speaker_colours(attributions: list[dict[str, Any]]) -> dict[str, int]:
    """Speaker key -> palette index, in order of first appearance."""
    colours: dict[str, int] = {}
    for attribution in attributions:
        key = speaker_key(attribution)
        if key and key not in colours:
            colours[key] = len(colours) % PALETTE_SIZE
    return colours


def highlight(text: str, attributions: list[dict[str, Any]]) -> Markup:
    """``text`` as escaped HTML with one ``<a class="hl ...">`` per marked stretch.

    ``attributions`` are in their JSON-contract form (``Attribution.to_dict()``).
    """
    marks = _marks(text, attributions)
    if not marks:
        return escape(text)
    colours = speaker_colours(attributions)
    boundaries = sorted({0, len(text)} | {m.start for m in marks} | {m.end for m in marks})
    starts: dict[int, list[_Mark]] = {}
    for mark in marks:
        starts.setdefault(mark.start, []).append(mark)
    active: list[_Mark] = []
    pieces: list[Markup] = []
    for left, right in zip(boundaries, boundaries[1:]):
        active = [m for m in active if m.end > left] + starts.get(left, [])
        piece = text[left:right]
        if not active:
            pieces.append(escape(piece))
            continue
        pieces.append(_wrap(piece, active, attributions, colours))
    return Markup("").join(pieces)


def _marks(text: str, attributions: list[dict[str, Any]]) -> list[_Mark]:
    marks = []
    for index, attribution in enumerate(attributions):
        for role in ("content", "cue", "source"):
            part = attribution.get(role)
            for start, end in (part.get("spans", []) if part else []):
                marks.extend(_clipped(text, start, end, role, index))
        for link in attribution.get("via") or []:
            for start, end in link.get("spans", []):
                marks.extend(_clipped(text, start, end, "via", index))
    return marks


def _clipped(text: str, start: int, end: int, role: str, index: int) -> list[_Mark]:
    start, end = max(0, int(start)), min(len(text), int(end))
    return [_Mark(start, end, role, index)] if start < end else []


def _wrap(piece: str, active: list[_Mark], attributions: list[dict[str, Any]], colours: dict[str, int]) -> Markup:
    top = min(active, key=lambda m: m.rank)
    colour = colours.get(speaker_key(attributions[top.index]), 0)
    covering = " ".join(str(i) for i in sorted({m.index for m in active}))
    local_id = attributions[top.index].get("id", top.index)
    # Not a tab stop (the cards are, after a "jump to the cards" link); the title names the attribution.
    label = f"{top.role} of attribution {local_id}"
    return Markup('<a class="hl hl-{} sp-{}" href="#{}" tabindex="-1" title="{}"{} data-top="{}" data-attr="{}">{}'
                  '</a>').format(top.role, colour, anchor(local_id), label,
                                 Markup(' aria-label="{}"').format(label) if not piece.strip() else "",
                                 top.index, covering, piece)
