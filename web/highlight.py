"""Evidence sentences marked in the stored article text: the text cut into (segment, is_evidence) pieces.

The template escapes every piece; nothing here produces markup.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

MAX_TEXT_CHARS = 200_000  # a page shows at most this much of one article (stored texts are a few KB)


@dataclass(frozen=True)
class Highlighted:
    segments: list[tuple[str, bool]]
    missing: list[str]  # evidence sentences no longer found in the stored text (the article was updated)
    truncated: bool


def _span(text: str, item: Mapping[str, Any]) -> tuple[int, int] | None:
    """The evidence's offsets when they still point at its sentence, else where the sentence is now."""
    sentence = item.get("text")
    start, end = item.get("start"), item.get("end")
    if (
        isinstance(start, int)
        and isinstance(end, int)
        and 0 <= start < end <= len(text)
        and (not isinstance(sentence, str) or text[start:end] == sentence)
    ):
        return start, end
    if isinstance(sentence, str) and sentence.strip():
        found = text.find(sentence)
        if found >= 0:
            return found, found + len(sentence)
    return None


def highlight(text: str, evidence: Sequence[Any]) -> Highlighted:
    spans: list[tuple[int, int]] = []
    missing: list[str] = []
    for item in evidence:
        if not isinstance(item, Mapping):
            continue
        span = _span(text, item)
        if span is None:
            sentence = item.get("text")
            if isinstance(sentence, str) and sentence:
                missing.append(sentence)
        else:
            spans.append(span)
    truncated = len(text) > MAX_TEXT_CHARS
    text = text[:MAX_TEXT_CHARS]
    merged: list[list[int]] = []
    for first, last in sorted(spans):
        start, end = min(first, len(text)), min(last, len(text))
        if start >= end:
            continue
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    segments: list[tuple[str, bool]] = []
    pos = 0
    for start, end in merged:
        if start > pos:
            segments.append((text[pos:start], False))
        segments.append((text[start:end], True))
        pos = end
    if pos < len(text):
        segments.append((text[pos:], False))
    return Highlighted(segments=segments, missing=missing, truncated=truncated)
