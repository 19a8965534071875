"""Is a text Japanese? Kana decide it: Chinese has none, and Japanese news has them in every sentence."""

from __future__ import annotations

import re

LANGUAGES = ("en", "ja")
_KANA = re.compile(r"[\u3040-\u309f\u30a0-\u30ff]")
_LETTERS = re.compile(r"[A-Za-z\u3040-\u30ff\u4e00-\u9fff]")
# Looking at the start is enough: a Japanese article shows kana within its first sentence.
_SAMPLE_CHARS = 2000


def is_japanese(text: str, title: str | None = None) -> bool:
    """True when the text (or, when it is empty, the title) is Japanese: at least 3 kana and a fifth of the
    sample's letters kana. An English article quoting one Japanese phrase stays English."""
    sample = (text or title or "")[:_SAMPLE_CHARS]
    kana = len(_KANA.findall(sample))
    if kana < 3:
        return False
    letters = len(_LETTERS.findall(sample))
    return kana * 5 >= letters


def language_of(text: str, title: str | None = None, declared: str | None = None) -> str:
    """The article's language: the declared one (a feed's or record's `language`) when given, else detected."""
    if declared in LANGUAGES:
        return declared
    return "ja" if is_japanese(text, title) else "en"
