"""Title-case headlines parsed as sentence case.

Headlines are often set in title case ("Blinken Meets With Top Chinese Diplomat in Munich"). The small English
model reads a capitalised verb as part of a proper noun ("Blinken Meets"), so the headline has no verb and
its contact is lost: measured on real feed items, the same headline in sentence case is parsed right. For the
parse only, the capitalised forms of closed-class words and of the contact rules' verbs (`data/headline_case.json`)
are lower-cased in lines that are title case. The text keeps its length, so every offset, and the evidence
quoted from the article's own text, is unchanged; names, titles and other nouns keep their case.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from importlib import resources
from typing import Any

# Headlines are at the top (the feed title, or the article's first lines); a title-case line further down
# is a section heading or a caption, which the rules do not read for contacts.
HEAD_CHARS = 600
# Longer lines are prose, not headlines.
MAX_LINE_CHARS = 200
# A line is title case when at least this share of its words after the first are capitalised, and at least
# one capitalised word is a listed one ("Meets", "With"): proper names alone ("Kim Jong Un") are not a title.
MIN_CAPITALISED_SHARE = 0.6

_WORD_RE = re.compile(r"[A-Za-z][A-Za-z'\u2019]*")


def _data(name: str) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(resources.files("extractors").joinpath("data", name).read_text("utf-8"))
    return loaded


@lru_cache(maxsize=1)
def lowered_words() -> frozenset[str]:
    """The words lower-cased in a title-case line (lower case)."""
    data = _data("headline_case.json")
    words: set[str] = set(data["verbs"]) | set(data["function_words"]) | set(data["common_words"])
    lists = {**_data("cues.json"), **_data("rule_words.json")}
    for name in data["cue_lists"]:
        words |= set(lists[name])
    return frozenset(w for w in words if w.isalpha()) - frozenset(data["exclude"])


def _title_case_words(line: str) -> list[re.Match[str]] | None:
    """The listed capitalised words of `line` (not its first word) when the line is title case."""
    words = list(_WORD_RE.finditer(line))[1:]
    if len(words) < 2:
        return None
    capitalised = [m for m in words if m.group()[0].isupper()]
    if len(capitalised) < MIN_CAPITALISED_SHARE * len(words):
        return None
    listed = lowered_words()
    # All-capitals words are acronyms ("US", "UN"), never lower-cased.
    found = [m for m in capitalised if not m.group().isupper() and m.group().lower() in listed]
    return found or None


def sentence_case_headlines(text: str) -> str:
    """`text` with the listed words of its title-case headline lines in lower case (same length)."""
    if not text:
        return text
    chars: list[str] | None = None
    start = 0
    while start < min(len(text), HEAD_CHARS):
        end = text.find("\n", start)
        end = len(text) if end < 0 else end
        line = text[start:end]
        if 0 < len(line.strip()) <= MAX_LINE_CHARS and not line.rstrip().endswith((".", "?", "!")):
            found = _title_case_words(line)
            if found:
                if chars is None:
                    chars = list(text)
                for m in found:
                    at = start + m.start()
                    chars[at] = chars[at].lower()
        start = end + 1
    return text if chars is None else "".join(chars)
