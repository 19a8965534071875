"""The cheap relevance gate: plain regexes over raw text, run before any parsing.

An article can only report a contact if it names at least two states (or office holders of two states) and
uses a word for meeting or talking. Both tests are single compiled-regex scans, so the gate runs at tens of
MB/s and keeps the parser off the irrelevant mass of a news stream. It must never lose a real report, so it is
deliberately loose: everything it lets through is judged again by the parsed-document rules.
"""

from __future__ import annotations

import re
from collections.abc import Collection

from extractors.cues import cues
from extractors.gazetteer import gazetteer
from extractors.trie_regex import trie_pattern

# How much of a text the gate reads: contacts are reported near the top, and a cap bounds the cost of junk.
GATE_MAX_CHARS = 200_000

_TRIGGER_WORDS = [
    "talk",
    "talks",
    "talked",
    "talking",
    "met",
    "meet",
    "meets",
    "meeting",
    "meetings",
    "summit",
    "summits",
    "summitry",
    "contact",
    "contacts",
    "negotiate",
    "negotiated",
    "negotiating",
    "negotiation",
    "negotiations",
    "negotiator",
    "negotiators",
    "consult",
    "consulted",
    "consultation",
    "consultations",
    "conversation",
    "conversations",
    "chat",
    "chats",
    "sat",
    "sit",
    "sit-down",
    "dialogue",
    "dialog",
    "discuss",
    "discussed",
    "discusses",
    "discussing",
    "discussion",
    "discussions",
    "confer",
    "conferred",
    "phone",
    "phoned",
    "telephone",
    "call",
    "called",
    "visit",
    "visits",
    "visited",
    "visiting",
    "envoy",
    "envoys",
    "delegation",
    "delegations",
    "spoke",
    "speak",
    "speaks",
    "received",
    "receive",
    "receives",
]
# Every trigger word of the parsed rules passes the gate too, so the two lists cannot drift apart.
_c = cues()
_ALL_TRIGGER_WORDS = set(_TRIGGER_WORDS) | _c.trigger_verbs | _c.trigger_nouns | _c.exchange_words
# Case-insensitive by listing the capitalised forms too (re.IGNORECASE would slow the scan down).
_TRIGGER_RE = re.compile(
    r"(?<![\w-])(?:"
    + trie_pattern({v for w in _ALL_TRIGGER_WORDS for v in (w, w.capitalize(), w.upper())})
    + r")(?![\w-])"
)


def is_relevant(text: str, title: str | None = None, pairs: Collection[tuple[str, str]] | None = None) -> bool:
    """True when the article may report a contact between two states (so it is worth parsing).

    With `pairs` (sorted ISO3 pairs), only a contact between one of those pairs counts: both of its states
    must be named (a contact's sides are always named somewhere in the article, by state, capital, demonym
    or office holder, or the rules could not tell who met).
    """
    if not isinstance(text, str):
        return False
    body = text[:GATE_MAX_CHARS]
    if title:
        body = f"{title}\n{body}"
    if _TRIGGER_RE.search(body) is None:
        return False
    if pairs is None:
        return len(gazetteer().states_in(body)) >= 2
    return gazetteer().names_a_pair(body, pairs)
