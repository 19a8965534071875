"""HTML to plain text for titles and summaries: entities decoded, tags dropped, whitespace collapsed.

Titles become one line. Bodies keep their paragraphs (block elements, or line breaks in plain text, become
blank lines): the extractor reads a headline, a photo caption and a dateline as separate sentences only when
they are separate lines, and one run-on line makes it glue a caption's names to the next sentence.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

_WS = re.compile(r"\s+")
# Content of these elements is never reader-visible text.
_SKIP = frozenset({"script", "style", "noscript", "template", "head", "title", "svg", "math", "iframe", "object"})
# Tags that separate words when dropped ("<p>a</p><p>b</p>" is "a b", "<b>Ja</b>pan" is "Japan").
_BREAKS = frozenset(
    {
        "address",
        "article",
        "aside",
        "blockquote",
        "br",
        "caption",
        "dd",
        "div",
        "dl",
        "dt",
        "figcaption",
        "figure",
        "footer",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "img",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "table",
        "td",
        "th",
        "tr",
        "ul",
    }
)
# After one reduction, text that still looks like markup was escaped twice by the publisher.
_LEFTOVER_TAG = re.compile(r"</?(?:p|br|div|span|a|img|b|i|em|strong|ul|li)\b[^<>]{0,300}>", re.IGNORECASE)


class _Reducer(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP:
            self._skip_depth += 1
        elif tag in _BREAKS:
            self.parts.append("\n")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BREAKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self._skip_depth = max(0, self._skip_depth - 1)
        elif tag in _BREAKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skip_depth:
            self.parts.append(_WS.sub(" ", data))  # a line break in HTML source is a space


def collapse(text: str) -> str:
    return _WS.sub(" ", text).strip()


def paragraphs(text: str) -> str:
    """Plain text with each line's whitespace collapsed and line breaks kept as blank-line paragraph breaks."""
    return "\n\n".join(line for line in (collapse(x) for x in text.splitlines()) if line)


def html_to_text(markup: str, *, keep_paragraphs: bool = False) -> str:
    if "<" not in markup and "&" not in markup:
        return paragraphs(markup) if keep_paragraphs else collapse(markup)
    text = _reduce(markup, keep_paragraphs=keep_paragraphs)
    if _LEFTOVER_TAG.search(text):
        text = _reduce(text, keep_paragraphs=keep_paragraphs)
    return text


def _reduce(markup: str, *, keep_paragraphs: bool) -> str:
    parser = _Reducer()
    parser.feed(markup)
    parser.close()
    joined = "".join(parser.parts)
    return paragraphs(joined) if keep_paragraphs else collapse(joined)
