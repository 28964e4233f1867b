"""Articles from HTML pages: main text plus title, byline, date and outlet, through trafilatura.

``article_from_html`` serves the ``.html`` reader and the WARC reader alike; ``fragment_to_text``
turns the small HTML bodies of feed entries into paragraphs.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..articles import Article, BatchError
from ..errors import InputError

# Elements that end a paragraph when an HTML fragment becomes plain text.
_BLOCK_TAGS = frozenset({"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6",
                         "blockquote", "pre", "table", "tr", "section", "article", "figure", "hr"})
_DROP_TAGS = ("script", "style", "noscript", "template")
# A page whose main text is shorter than this is navigation or an error page, not an article.
MIN_ARTICLE_WORDS = 5


def html_articles(data: bytes, name: str, *, id: str) -> Iterator[Article | BatchError]:
    """One Article for the page, or a BatchError when it holds no readable article."""
    try:
        yield article_from_html(data, id=id, source=name)
    except InputError as exc:
        yield BatchError(id, exc, source=name)


def article_from_html(data: bytes | str, *, id: str, source: str, url: str | None = None) -> Article:
    """The page's main text and metadata; InputError when it is binary or has no article text."""
    import trafilatura  # slow to import; only HTML inputs need it

    if isinstance(data, bytes) and b"\x00" in data[:65536]:
        raise InputError(f"{source} looks like binary data (it contains NUL bytes), not an HTML page")
    if not data.strip():
        raise InputError(f"{source} is empty: there is no page to read")
    try:
        document = trafilatura.bare_extraction(data, url=url, with_metadata=True, include_comments=False)
    except Exception as exc:  # trafilatura/lxml raise many types on malformed markup
        raise InputError(f"{source} could not be parsed as HTML: {exc}") from exc
    text = _body_text(document.text or "", document.title) if document is not None else ""
    words = sum(1 for word in text.split() if any(ch.isalpha() for ch in word))  # "<<<>>>" is no word
    if words < MIN_ARTICLE_WORDS:
        found = f"only {words} word(s) of text" if words else "no article text"
        raise InputError(f"{source} has {found} that trafilatura could find; is it a news page?")
    return Article(text=text, id=id, title=document.title, url=document.url or url, outlet=document.sitename,
                   published=document.date, byline=document.author, source=source)


def _body_text(text: str, title: str | None) -> str:
    """trafilatura's text with paragraphs one blank line apart and without the headline line."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if lines and title and lines[0] == title.strip():
        lines = lines[1:]
    return "\n\n".join(lines)


def fragment_to_text(fragment: str) -> str:
    """Plain text of an HTML fragment, one blank line between paragraphs."""
    import lxml.html

    if "<" not in fragment:
        return fragment.strip()
    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except Exception:  # lxml.etree.ParserError and friends on hopeless markup: keep the raw text
        return fragment.strip()
    for bad in list(root.iter(*_DROP_TAGS)):
        bad.drop_tree()
    pieces: list[str] = []
    _walk(root, pieces)
    paragraphs = (" ".join(block.split()) for block in "".join(pieces).split("\n\n"))
    return "\n\n".join(p for p in paragraphs if p)


def _walk(element, pieces: list[str]) -> None:
    """Text in document order, a paragraph break around every block element."""
    block = isinstance(element.tag, str) and element.tag in _BLOCK_TAGS
    if block:
        pieces.append("\n\n")
    if isinstance(element.tag, str) and element.text:  # comments keep their text out
        pieces.append(element.text)
    for child in element:
        _walk(child, pieces)
        if child.tail:
            pieces.append(child.tail)
    if block:
        pieces.append("\n\n")
