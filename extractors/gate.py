"""The cheap relevance gate: plain regexes over raw text, run before any parsing.

An article can only report a contact if it names at least two states (or office holders of two states) and
uses a word for meeting or talking. Both tests are single compiled-regex scans, so the gate runs at tens of
MB/s and keeps the parser off the irrelevant mass of a news stream. It must never lose a real report, so it is
deliberately loose: everything it lets through is judged again by the parsed-document rules.

A second test runs only on what passes the first (1 to 2 % of a stream, but long texts: parsing them is most of a
backfill's time): both sides must be named near one contact word, within `NEAR_CHARS` of it. A report says
who met next to the word for the meeting ("Japanese and North Korean officials met", "Japan, N. Korea hold
talks" in the headline); what is far apart is a story that names the two states and, elsewhere, some visit or
talk between others (KCNA commentaries, round-ups). It is a proximity test, not a sentence parse, so it stays
a regex scan; `NEAR_CHARS` has a wide margin over what the rules ever use (see its comment).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Collection

from extractors.contact_words import RECEIVE
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
_ALL_TRIGGER_WORDS = set(_TRIGGER_WORDS) | _c.trigger_verbs | _c.trigger_nouns | _c.exchange_words | set(RECEIVE)
# Case-insensitive by listing the capitalised forms too (re.IGNORECASE would slow the scan down).
_TRIGGER_RE = re.compile(
    r"(?<![\w-])(?:"
    + trie_pattern({v for w in _ALL_TRIGGER_WORDS for v in (w, w.capitalize(), w.upper())})
    + r")(?![\w-])"
)


# How far from a contact word both of its sides must be named. Every event the rules found in the labelled
# sets, the probes and the 20,572 feed records (557 events, any pair) has both sides within 240 characters of
# one contact word, nearly all within 160; 400 leaves a wide margin (about two sentences either way). The
# gated feed records it turns away are 40 % of those parsed and 60 % of their words.
NEAR_CHARS = 400


def _named_near_a_contact_word(body: str, pairs: Collection[tuple[str, str]] | None) -> bool:
    """Whether both states of one pair (any two states when `pairs` is None) are named within `NEAR_CHARS`
    of the same contact word."""
    positions = gazetteer().state_positions(body)
    starts = [p for p, _ in positions]
    for trigger in _TRIGGER_RE.finditer(body):
        lo = bisect.bisect_left(starts, trigger.start() - NEAR_CHARS)
        hi = bisect.bisect_right(starts, trigger.end() + NEAR_CHARS)
        codes = {code for _, code in positions[lo:hi]}
        if pairs is None and len(codes) >= 2:
            return True
        if pairs is not None and any(a in codes and b in codes for a, b in pairs):
            return True
    return False


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
    named = len(gazetteer().states_in(body)) >= 2 if pairs is None else gazetteer().names_a_pair(body, pairs)
    return named and _named_near_a_contact_word(body, pairs)
