"""The contact rules' fixed word sets and patterns (prepositions, verbs, venue and dateline shapes) and the
level-cue helpers built on `extractors.cues`."""

from __future__ import annotations

import json
import re
from functools import lru_cache
from importlib import resources

from extractors.cues import cues
from extractors.gazetteer import gazetteer


def _load_words() -> dict[str, frozenset[str]]:
    raw = json.loads(resources.files("extractors").joinpath("data", "rule_words.json").read_text(encoding="utf-8"))
    return {key: frozenset(str(w) for w in words) for key, words in raw.items() if key != "comment"}


# Loaded once, on import: closed word classes of the rules (data/rule_words.json).
_WORDS = _load_words()
TOPIC_PREPS = _WORDS["topic_prepositions"]
LOCATION_PREPS = _WORDS["location_prepositions"]
PARTNER_PREPS = _WORDS["partner_prepositions"]
VISIT_WORDS = _WORDS["visit_words"]
# A contact that is the purpose of one of these has happened when the visit has ("visited Pyongyang for talks");
# not of an arrival or a trip, whose purpose is still to come when it begins ("arrived in Seoul for talks").
VISIT_VERBS = _WORDS["visit_verbs"]
# Who visits a state as its government's guest: an office holder or an official body (not tourists, a team).
OFFICIAL_VISITOR_NOUNS = _WORDS["official_visitor_nouns"]
# "Lula called Putin on Monday": a call to a person is a phone call; "spoke via a congratulatory call": the call
# the speaking went through is one.
CALL_VERBS = _WORDS["call_verbs"]
CALL_NOUNS = _WORDS["call_nouns"]
CALL_PREPS = _WORDS["call_prepositions"]
CALL_NOT_PARTICLES = _WORDS["call_not_particles"]  # "called on X to", "calls for", "called off"
PERSON_PRONOUNS = _WORDS["person_pronouns"]
LED = _WORDS["led_verbs"]
LED_GROUPS = _WORDS["led_groups"]
HOSTILE = _WORDS["hostile_modifiers"]
RECEIVE = _WORDS["receive_verbs"]
FACILITATE = _WORDS["facilitate_participles"]
# "envoys sent by Prime Minister Abe", "talks ordered by the president": who stands behind a contact, not in it.
PRINCIPAL = _WORDS["principal_participles"]
PAIR_POSSESSIVES = _WORDS["pair_possessives"]
SEQUENCE_PREPS = _WORDS["sequence_prepositions"]
DISCUSS = _WORDS["discuss_verbs"]
VISITOR_NOUNS = _WORDS["visitor_nouns"]
TALK_MODIFIERS = _WORDS["talk_modifiers"]
CONVERSATION_NOUNS = _WORDS["conversation_nouns"]
SETTING_PREPS = _WORDS["setting_prepositions"]
DEFINITE_DETERMINERS = _WORDS["definite_determiners"]
IMPLICIT_SUBJECTS = _WORDS["implicit_subjects"]
PHONE_WORDS = _WORDS["phone_words"]
VIDEO_WORDS = _WORDS["video_words"]
LETTER_WORDS = _WORDS["letter_words"]
PLACE_NOUNS = _WORDS["place_nouns"]
MEMBER_NOUNS = _WORDS["member_nouns"]
WEEKDAYS = _WORDS["weekdays"]
TOPIC_OF_CONTACT_PREPS = _WORDS["topic_of_contact_prepositions"]
FUTURE_AUXILIARIES = _WORDS["future_auxiliaries"]
# Subordinators of a time clause, where English tells a coming act in the present ("when he meets ...").
TEMPORAL_MARKS = _WORDS["temporal_marks"]
# The last word of a headline's rubric before its colon ("Poland live updates:", "Region latest:").
RUBRIC_WORDS = _WORDS["rubric_words"]
# The end of a contact that runs over days ("are holding talks through Saturday").
SPAN_END_PREPOSITIONS = _WORDS["span_end_prepositions"]
MODAL_AUXILIARIES = _WORDS["modal_auxiliaries"]
TENTATIVE_WORDS = _WORDS["tentative_words"]
NEGATION_WORDS = _WORDS["negation_words"]
AGREE_VERBS = _WORDS["agree_verbs"]
BREAK_VERBS = _WORDS["break_verbs"]
BREAK_OFF_VERBS = _WORDS["break_off_verbs"]
CANCELLED_PARTICIPLES = _WORDS["cancelled_participles"]
RULE_OUT_VERBS = _WORDS["rule_out_verbs"]
SETTING_ACT_PREPOSITIONS = _WORDS["setting_act_prepositions"]
# "left the forum without a meeting", "without holding talks": the contact did not take place.
PRIVATIVE_PREPOSITIONS = _WORDS["privative_prepositions"]
# "On arrival, Choe was met by ...": the welcome of a traveller.
ARRIVAL_NOUNS = _WORDS["arrival_nouns"]
# "was met at the airport by": the places where a traveller is met on arriving.
ARRIVAL_PLACE_NOUNS = _WORDS["arrival_place_nouns"]
NEAR_FUTURE_MODIFIERS = _WORDS["near_future_modifiers"]
WEAK_PROPOSE_WORDS = _WORDS["weak_propose_words"]
CONDITION_MARKS = _WORDS["condition_marks"]
ONGOING_PREDICATES = _WORDS["ongoing_predicates"]
DO_SUPPORT = _WORDS["do_support"]
PRESENT_BE = _WORDS["present_be"]
PAST_BE = _WORDS["past_be"]
COPULAS = _WORDS["copulas"]
PERFECT_AUXILIARIES = _WORDS["perfect_auxiliaries"]
STATE_AUXILIARIES = _WORDS["state_auxiliaries"]
SPAN_PREPOSITIONS = _WORDS["span_prepositions"]
RELATIVE_GOVERNORS = _WORDS["relative_governors"]
RELATIVE_MARKS = _WORDS["relative_marks"]
SPEAK_VERBS = _WORDS["speak_verbs"]
PHONE_VERBS = _WORDS["phone_verbs"]
ARRIVE_VERBS = _WORDS["arrive_verbs"]
ANAPHOR_NOUNS = _WORDS["anaphor_nouns"]
BOTH_SIDE_GROUPS = _WORDS["both_side_groups"]
BOTH_WORDS = _WORDS["both_words"]
SUMMIT_WORDS = _WORDS["summit_words"]
# "months later", "two years later": a story told as a history, at a distance from its news.
NARRATIVE_LATER_UNITS = _WORDS["narrative_later_units"]
# "a day earlier", "hours earlier": a contact placed just before another event of the story (its date decides).
DAYS_EARLIER_UNITS = _WORDS["days_earlier_units"]
# "A deputy director-general led the Japanese side", "the North sent a department director": who led a side.
LEAD_ACTIVE_VERBS = _WORDS["lead_active_verbs"]
SEND_VERBS = _WORDS["send_verbs"]
# "met twice more", "have met three times": a tally of contacts, not one.
TALLY_WORDS = _WORDS["tally_words"]
# "several contacts", "numerous meetings": a quantity of contacts, told in sum.
TALLY_QUANTIFIERS = _WORDS["tally_quantifiers"]
# "speak regularly", "often meet": a habit of contact, not one contact.
FREQUENCY_ADVERBS = _WORDS["frequency_adverbs"]
# "two decades of talking", "years of negotiations": a history (not "two days of talks", one contact).
LONG_SPAN_UNITS = _WORDS["long_span_units"]
# "officials of division-director rank": the nouns a rank is stated with.
RANK_NOUNS = _WORDS["rank_nouns"]
# "The venue, a hotel in Dalian,": the nouns that name where the article's contact took place.
VENUE_NOUNS = _WORDS["venue_nouns"]
# "on the sidelines of a meeting": the event a contact took place beside.
SIDELINE_NOUNS = _WORDS["sideline_nouns"]
# "supported dialogue between Japan and North Korea", "welcomes talks": a contact someone argues for, not one held.
ADVOCACY_VERBS = _WORDS["advocacy_verbs"]
# "the main point of contact between the two governments", "channels of dialogue": a standing channel.
CHANNEL_NOUNS = _WORDS["channel_nouns"]
# "The meeting involved officials at the level of counsellor", "brought together mid-ranking diplomats": who met.
PARTICIPANT_VERBS = _WORDS["participant_verbs"]
# "remained in contact with its counterpart": being in touch, not a contact that took place.
STANDING_STATE_VERBS = _WORDS["standing_state_verbs"]
# "a cross-party group of five Japanese Diet members": a body of a side's people acts for that side.
COLLECTIVE_NOUNS = _WORDS["collective_nouns"]

# Level categories, most specific first (not cue words: the names the events carry).
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
# A foreign minister or leader at the table makes talks with defence ministers (a "2+2") diplomatic, not military.
CIVILIAN_HEADS = frozenset({"leaders", "foreign_ministers"})

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
# A visit: the dateline in the host's country is where the contact was ("received ... here", "visiting").
VISIT_CUE_RE = re.compile(r"\b(?:here|visiting|arrived|arrival|received|receives|hosted|hosts|welcomed)\b")
DATELINE_RE = re.compile(
    r"^\s*([A-Z][A-Z .'-]{2,30}?)(?:,\s*(?P<country>[A-Za-z .]+?))?(?:,\s*[A-Z][a-z]+\.?\s+\d{1,2})?"
    r"\s*(?:\([^)]{1,40}\))?\s*(?:\u2014|\u2013|--|-(?=\s)|:)"
)
# Agency styles without a dash: "MOSCOW, May 10. /TASS/. Moscow and ...", "TOKYO (UrduPoint News / Sputnik -
# 09th November, 2022) Japan has ...": the place in capitals, then the agency between slashes or in brackets
# followed by the lede's first word.
DATELINE_AGENCY_RE = re.compile(
    r"^\s*([A-Z][A-Z .'-]{2,30}?)(?:,\s*(?P<country>[A-Za-z .]+?))?(?:,\s*[A-Z][a-z]+\.?\s+\d{1,2})?"
    r"\s*(?:\.\s*/[A-Za-z-]+(?: [A-Za-z-]+){0,2}/\.?|\([^)]{1,60}\)(?=\s+[A-Z]))"
)
# Agency style with the place in title case ("Pyongyang, October 14 (KCNA) --"): only with both the filing
# date and the agency, which no sentence of prose starts with.
DATELINE_TITLE_RE = re.compile(
    r"^\s*([A-Z][a-z]+(?:[ -][A-Z][a-z]+){0,2}),\s*[A-Z][a-z]{2,8}\.?\s+\d{1,2}\s*\([^)]{1,40}\)\s*"
    r"(?:\u2014|\u2013|--|-|:)"
)

# A city alone before a dash ("Amman- Japanese Foreign Minister ..."), below the title; the words after it must
# make a sentence of at least this length.
# An agency in square brackets may come first ("[AFN] Cairo -- The ...", as aggregators print it).
DATELINE_CITY_RE = re.compile(
    r"^\s*(?:\[[A-Za-z .&-]{2,20}\]\s*)?([A-Z][a-z]+(?:[ -][A-Z][a-z]+){0,2})\s?(?:\u2014|\u2013|--|-)\s+(?=[A-Z])"
)
DATELINE_CITY_MIN_WORDS = 10
# A broadcast sign-in near the top stands for a dateline: "From Hanoi, Matt Steinglass has more." (the place, then
# the reporter's name, then a sign-in phrase of `signin_phrases`).
SIGNIN_RE = re.compile(
    r"\bFrom\s+([A-Z][a-z]+(?:[ -][A-Z][a-z]+){0,2}),\s+(?:[A-Z][\w.'\u2019-]+\s+){1,3}(?:"
    + "|".join(re.escape(p) for p in _WORDS["signin_phrases"])
    + r")\b"
)
# How far into the text a sign-in may come (the end of the lede paragraph).
SIGNIN_CHARS = 800


@lru_cache(maxsize=1)
def former_office_re() -> re.Pattern[str]:
    """The "former X" non-official cues with words between: "a former Japanese lawmaker", "former LDP Diet
    member". Not across "and"/"or" or a minister ("a former minister and lawmaker" may still sit)."""
    nouns = sorted({cue.split(" ", 1)[1] for cue in cues().non_official_cues if cue.startswith("former ")})
    gap = r"(?:\s+(?!and\b|or\b|\S*minist)[\w.'-]+){0,3}?"
    return re.compile(r"\bformer" + gap + r"\s+(?:" + "|".join(re.escape(n) for n in nouns) + r")\b")


@lru_cache(maxsize=8192)  # the same side phrases recur across an article's mentions and across articles
def category_of(phrase: str) -> str | None:
    # Phrases are built from tokens: "director - general" is "director-general", not a "director".
    low = phrase.lower().replace(" - ", "-").replace(" 's", "'s")  # joined tokens: "People 's Assembly"
    # "the head of the ministry's Northeast Asia Division" is a division chief, "the director of the party's
    # International Department" a department chief: the unit a head leads gives the rank.
    low = _unit_head_re().sub(lambda m: f"{m.group(1)} chief", low)
    senior = "senior" in low
    for cue, level, word, gapped in _level_table():
        if cue in low and word.search(low) is not None:
            return level
        if senior and gapped is not None and gapped.search(low):
            return level
    return None


@lru_cache(maxsize=1)
def _level_table() -> list[tuple[str, str, re.Pattern[str], re.Pattern[str] | None]]:
    """The level cues in order, each with its word pattern and, for a "senior X" cue, its gapped pattern."""
    return [(cue, level, _cue_re(cue), _senior_re(cue)) for cue, level in cues().level_phrases]


def has_cue(low: str, cue: str) -> bool:
    """Whether lower-case `low` contains the level cue as a word of its own."""
    return cue in low and _cue_re(cue).search(low) is not None


@lru_cache(maxsize=256)
def _cue_re(cue: str) -> re.Pattern[str]:
    """A level cue as a word of its own: "general-level" is not in "director-general-level"."""
    return re.compile(r"(?<![\w-])" + re.escape(cue))


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


def match_dateline(line: str, *, below_title: bool = False) -> tuple[re.Match[str], str, str] | None:
    """A wire dateline at the start of `line` ("BEIJING (AP) --", "DALIAN, China, June 4 (Kyodo) --"): the
    match, the place as written (title case) and its state, from the place or else the country named after it.
    Below the title line, a city alone in title case before a dash also opens a story ("Amman- Japanese Foreign
    Minister ...") when it is a city and a sentence follows (not "Tokyo - Pyongyang talks" as a headline)."""
    m = DATELINE_RE.match(line) or DATELINE_TITLE_RE.match(line) or DATELINE_AGENCY_RE.match(line)
    g = gazetteer()
    if m is None and below_title:
        m = DATELINE_CITY_RE.match(line)
        if m is None or len(line[m.end() :].split()) < DATELINE_CITY_MIN_WORDS:
            return None
        place = m.group(1).strip()
        if g.kind_of.get(place, "city") not in ("city", "capital") or g.resolve_country(place) is None:
            return None
    if m is None:
        return None
    place = m.group(1).strip().title()
    code = g.resolve_country(place)
    country = m.groupdict().get("country")
    if code is None and country:
        code = g.resolve_country(country.strip())
    return (m, place, code) if code is not None else None


def match_signin(text: str) -> tuple[re.Match[str], str, str] | None:
    """A broadcast sign-in in the first `SIGNIN_CHARS` of `text` ("From Hanoi, Matt Steinglass has more."): the
    match, the place and its state, when the place is a city."""
    m = SIGNIN_RE.search(text, 0, SIGNIN_CHARS)
    if m is None:
        return None
    place = m.group(1).strip()
    g = gazetteer()
    code = g.resolve_country(place)
    if g.kind_of.get(place, "city") not in ("city", "capital") or code is None:
        return None
    return m, place, code


@lru_cache(maxsize=1)
def _unit_head_re() -> re.Pattern[str]:
    """ "head/chief/director of [the ...] division/department/bureau/section" (up to six words between)."""
    heads = "|".join(sorted(map(re.escape, _WORDS["unit_head_nouns"])))
    units = "|".join(sorted(map(re.escape, _WORDS["unit_nouns"])))
    return re.compile(rf"(?<![\w-])(?:{heads})(?![\w-])\s+of\s+(?:[\w.'\u2019&-]+\s+){{0,6}}?({units})\b")
