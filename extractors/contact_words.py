"""The contact rules' fixed word sets and patterns (prepositions, verbs, venue and dateline shapes) and the
level-cue helpers built on `extractors.cues`."""

from __future__ import annotations

import re
from functools import lru_cache

from extractors.cues import cues

TOPIC_PREPS = frozenset(
    {"about", "on", "over", "regarding", "concerning", "toward", "towards", "for", "against", "despite",
     "amid",
     "like", "than", "under", "into", "via", "through", "without"}
)  # fmt: skip
LOCATION_PREPS = frozenset({"in", "at", "near", "inside", "outside", "across", "throughout", "within", "outskirts"})
PARTNER_PREPS = frozenset({"with", "between", "among", "by", "alongside", "and"})
VISIT_WORDS = frozenset({"visit", "visits", "visited", "visiting", "trip", "travel", "traveled", "travelled",
                          "went", "came", "journey", "arrived", "flew"})  # fmt: skip
PERSON_PRONOUNS = frozenset({"he", "she", "him", "her", "his"})
LEVEL_ORDER = (
    "red_cross",
    "intelligence",
    "parliamentary",
    "military",
    "working_level",
    "foreign_ministers",
    "leaders",
    "senior_officials",
)
SPECIAL_CHANNELS = frozenset({"red_cross", "intelligence", "parliamentary", "military"})
LED = frozenset({"led", "headed", "represented", "attended"})
LED_GROUPS = frozenset({"side", "sides", "delegation", "delegations", "team", "group", "mission"})
HOSTILE = frozenset({"harsh", "angry", "heated", "sharp", "bitter", "barbed", "hostile", "fierce", "strong"})
RECEIVE = frozenset({"receive", "received", "receives", "receiving"})
DISCUSS = frozenset({"discuss", "discussed", "discusses", "discussing", "raise", "raised", "address", "addressed"})

NOVELTY_RE = re.compile(
    r"\b(?:the\s+)?first\b(?:[^.;:!?]{0,60}?)\b(?:(?:in|for)\s+(?:more\s+than\s+|nearly\s+|almost\s+|over\s+)?"
    r"(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\w+teen|twenty|several|many)"
    r"\s+(?:years?|months?|decades?|weeks?)|since\s+[^,.;:!?]{2,40}?)(?=[,.;:!?]|\s+(?:that|when|and|as|after|amid|in|following|on|at|with|between)\b|$)",
    re.IGNORECASE,
)
VENUE_BUILDING_RE = re.compile(
    r"\b(?:[Aa]t|[Ii]n|[Ii]nside)\s+(?:the\s+)?((?:[A-Za-z][\w.'\u2019-]*\s+){0,4}?(?:[Ee]mbassy|[Cc]onsulate|[Hh]eadquarters|"
    r"[Gg]uest\s?[Hh]ouse|[Gg]uesthouse|Hotel|Hall|Palace|House|Kantei|Residence|Villa|Assembly\s+Hall))\b"
)
VENUE_SIDELINES_RE = re.compile(
    r"\bon\s+the\s+(?:sidelines?|margins?|fringes?)\s+of\s+(?:the\s+|a\s+|an\s+|this\s+year's\s+)?"
    r"(.+?)(?=\s+(?:in|on|at|to|and|amid|where|which|when|last|this|earlier)\b|[,.;:]|$)"
)
VENUE_EVENT_RE = re.compile(
    r"\b(?:at|during)\s+(?:the\s+|a\s+)?((?:[A-Z0-9][\w.'\u2019-]*\s+){1,5}(?:Summit|Forum|Conference|Assembly|Games|Meeting|Session))\b"
)
VISIT_CUE_RE = re.compile(r"\b(?:here|visiting|arrived|arrival)\b")
DATELINE_RE = re.compile(
    r"^\s*([A-Z][A-Z .'-]{2,30}?)(?:,\s*[A-Za-z .]+?)?(?:,\s*[A-Z][a-z]+\.?\s+\d{1,2})?"
    r"\s*(?:\([^)]{1,40}\))?\s*(?:\u2014|\u2013|--|-|:)"
)
# Agency style with the place in title case ("Pyongyang, October 14 (KCNA) --"): only with both the filing
# date and the agency, which no sentence of prose starts with.
DATELINE_TITLE_RE = re.compile(
    r"^\s*([A-Z][a-z]+(?:[ -][A-Z][a-z]+){0,2}),\s*[A-Z][a-z]{2,8}\.?\s+\d{1,2}\s*\([^)]{1,40}\)\s*"
    r"(?:\u2014|\u2013|--|-|:)"
)


@lru_cache(maxsize=1)
def former_office_re() -> re.Pattern[str]:
    """The "former X" non-official cues with words between: "a former Japanese lawmaker", "former LDP Diet
    member". Not across "and"/"or" or a minister ("a former minister and lawmaker" may still sit)."""
    nouns = sorted({cue.split(" ", 1)[1] for cue in cues().non_official_cues if cue.startswith("former ")})
    gap = r"(?:\s+(?!and\b|or\b|\S*minist)[\w.'-]+){0,3}?"
    return re.compile(r"\bformer" + gap + r"\s+(?:" + "|".join(re.escape(n) for n in nouns) + r")\b")


def category_of(phrase: str) -> str | None:
    # Phrases are built from tokens: "director - general" is "director-general", not a "director".
    low = phrase.lower().replace(" - ", "-")
    for cue, level in cues().level_phrases:
        if cue in low:
            return level
        gapped = _senior_re(cue)
        if gapped is not None and gapped.search(low):
            return level
    return None


@lru_cache(maxsize=64)
def _senior_re(cue: str) -> re.Pattern[str] | None:
    """A "senior X" level cue with words between: "a senior Japanese Foreign Ministry official", "senior
    Japanese and North Korean diplomats"."""
    if not cue.startswith("senior "):
        return None
    return re.compile(r"\bsenior(?:\s+[\w.'-]+){0,4}?\s+" + re.escape(cue.split(" ", 1)[1]))


def clean_place(text: str) -> str:
    text = text.strip()
    if text.endswith(("'s", "\u2019s")):
        text = text[:-2]
    return text.title() if text.isupper() else text
