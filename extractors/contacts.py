"""Contact mentions in a parsed article: a meeting/talks trigger whose clause names two states as its sides.

For every trigger token ("talks", "met", "summit", "sat down with", ...) the rules collect the states named in
the trigger's clause in the role of an actor (subject, "with"/"between" partner, the owner of an envoy or a
delegation), leaving out states that are only the topic ("talks about North Korea"), the place ("in Beijing")
or an attribute of something else ("Japanese abductees", "North Korea's missile launch"). Two sides make a
contact mention; its status, date, place, level and participants come from the same clause. Mentions are
merged into EVENTs by `extractors.assemble`.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from extractors.cues import cues
from extractors.dates import DateMention, Direction, find_dates
from extractors.events import Mode, Status
from extractors.gazetteer import Mention, Official, gazetteer
from extractors.status import read_status
from extractors.syntax import ancestors_to_clause, children, clause_head

_TOPIC_PREPS = frozenset(
    {"about", "on", "over", "regarding", "concerning", "toward", "towards", "for", "against", "despite",
     "amid",
     "like", "than", "under", "into", "via", "through", "without"}
)  # fmt: skip
_LOCATION_PREPS = frozenset({"in", "at", "near", "inside", "outside", "across", "throughout", "within", "outskirts"})
_PARTNER_PREPS = frozenset({"with", "between", "among", "by", "alongside", "and"})
_VISIT_WORDS = frozenset({"visit", "visits", "visited", "visiting", "trip", "travel", "traveled", "travelled",
                          "went", "came", "journey", "arrived", "flew"})  # fmt: skip
_PERSON_PRONOUNS = frozenset({"he", "she", "him", "her", "his"})
_LEVEL_ORDER = (
    "red_cross",
    "intelligence",
    "parliamentary",
    "military",
    "working_level",
    "foreign_ministers",
    "leaders",
    "senior_officials",
)
_SPECIAL_CHANNELS = frozenset({"red_cross", "intelligence", "parliamentary", "military"})
# A dateline's filing day counts as the story's day when it lies at most this many days before publication.
FILING_DAYS = 2
# Sentences longer than this are not news prose; triggers in them are skipped.
MAX_SENTENCE_TOKENS = 150
# At most this many triggers are examined per article: real reports have a few dozen.
MAX_TRIGGERS = 400
_LED = frozenset({"led", "headed", "represented", "attended"})
_LED_GROUPS = frozenset({"side", "sides", "delegation", "delegations", "team", "group", "mission"})
_HOSTILE = frozenset({"harsh", "angry", "heated", "sharp", "bitter", "barbed", "hostile", "fierce", "strong"})
_RECEIVE = frozenset({"receive", "received", "receives", "receiving"})
_DISCUSS = frozenset({"discuss", "discussed", "discusses", "discussing", "raise", "raised", "address", "addressed"})

_NOVELTY_RE = re.compile(
    r"\b(?:the\s+)?first\b(?:[^.;:!?]{0,60}?)\b(?:(?:in|for)\s+(?:more\s+than\s+|nearly\s+|almost\s+|over\s+)?"
    r"(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\w+teen|twenty|several|many)"
    r"\s+(?:years?|months?|decades?|weeks?)|since\s+[^,.;:!?]{2,40}?)(?=[,.;:!?]|\s+(?:that|when|and|as|after|amid|in|following|on|at|with|between)\b|$)",
    re.IGNORECASE,
)
_VENUE_BUILDING_RE = re.compile(
    r"\b(?:[Aa]t|[Ii]n|[Ii]nside)\s+(?:the\s+)?((?:[A-Za-z][\w.'\u2019-]*\s+){0,4}?(?:[Ee]mbassy|[Cc]onsulate|[Hh]eadquarters|"
    r"[Gg]uest\s?[Hh]ouse|[Gg]uesthouse|Hotel|Hall|Palace|House|Kantei|Residence|Villa|Assembly\s+Hall))\b"
)
_VENUE_SIDELINES_RE = re.compile(
    r"\bon\s+the\s+(?:sidelines?|margins?|fringes?)\s+of\s+(?:the\s+|a\s+|an\s+|this\s+year's\s+)?"
    r"(.+?)(?=\s+(?:in|on|at|to|and|amid|where|which|when|last|this|earlier)\b|[,.;:]|$)"
)
_VENUE_EVENT_RE = re.compile(
    r"\b(?:at|during)\s+(?:the\s+|a\s+)?((?:[A-Z0-9][\w.'\u2019-]*\s+){1,5}(?:Summit|Forum|Conference|Assembly|Games|Meeting|Session))\b"
)
_VISIT_CUE_RE = re.compile(r"\b(?:here|visiting|arrived|arrival)\b")
_DATELINE_RE = re.compile(
    r"^\s*([A-Z][A-Z .'-]{2,30}?)(?:,\s*[A-Za-z .]+?)?(?:,\s*[A-Z][a-z]+\.?\s+\d{1,2})?"
    r"\s*(?:\([^)]{1,40}\))?\s*(?:\u2014|\u2013|--|-|:)"
)
# Agency style with the place in title case ("Pyongyang, October 14 (KCNA) --"): only with both the filing
# date and the agency, which no sentence of prose starts with.
_DATELINE_TITLE_RE = re.compile(
    r"^\s*([A-Z][a-z]+(?:[ -][A-Z][a-z]+){0,2}),\s*[A-Z][a-z]{2,8}\.?\s+\d{1,2}\s*\([^)]{1,40}\)\s*"
    r"(?:\u2014|\u2013|--|-|:)"
)


@dataclass
class Side:
    code: str
    token: Any
    phrase: str
    official: Official | None = None
    person: str | None = None


@dataclass
class PersonInfo:
    name: str
    country: str | None
    title: str | None
    category: str | None
    official: Official | None


@dataclass
class ContactMention:
    countries: tuple[str, str]
    status: Status
    background_cue: bool
    date: str | None
    precision: str | None
    explicit_year: bool
    location: str | None
    location_is_city: bool
    venue: str | None
    level_hint: str | None
    side_levels: dict[str, str]
    participants: list[tuple[PersonInfo, str]]
    mode: Mode
    novelty: str | None
    sent_start: int
    sent_end: int
    sent_index: int
    anaphoric: bool = False
    reported: bool = False
    out_of_office: bool = False
    background_relative: bool = False
    since: tuple[str, str] | None = None
    why: str = ""
    trigger_text: str = ""
    extra_sentences: list[tuple[int, int]] = field(default_factory=list)
    # Cities named anywhere in the mention's sentence (not its dateline): where the contact was when nothing
    # closer says ("delegates attending a conference in Ulaanbaatar held a separate meeting").
    sentence_cities: list[str] = field(default_factory=list)
    visit_cue: bool = False  # "met here", "received visiting ...": the dateline's place is the contact's


@lru_cache(maxsize=1)
def _former_office_re() -> re.Pattern[str]:
    """The "former X" non-official cues with words between: "a former Japanese lawmaker", "former LDP Diet
    member". Not across "and"/"or" or a minister ("a former minister and lawmaker" may still sit)."""
    nouns = sorted({cue.split(" ", 1)[1] for cue in cues().non_official_cues if cue.startswith("former ")})
    gap = r"(?:\s+(?!and\b|or\b|\S*minist)[\w.'-]+){0,3}?"
    return re.compile(r"\bformer" + gap + r"\s+(?:" + "|".join(re.escape(n) for n in nouns) + r")\b")


def _category_of(phrase: str) -> str | None:
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


class DocAnalysis:
    """Everything the rules need about one parsed article, computed once."""

    def __init__(self, doc: Any, published: dt.date | None) -> None:
        self.doc = doc
        self.text: str = doc.text
        self.published = published
        self.year = published.year if published else None
        g = gazetteer()
        self.mentions: dict[int, Mention] = {}  # root token index -> mention
        self.mention_tokens: set[int] = set()
        for m in g.find(self.text):
            span = doc.char_span(m.start, m.end, alignment_mode="expand")
            if span is None or len(span) == 0:
                continue
            root = span.root
            if m.kind == "official" or root.i not in self.mentions:
                self.mentions[root.i] = m
            self.mention_tokens.update(t.i for t in span)
        # "inter-Korean" names both Koreas.
        for tok in doc:
            if (
                tok.lower_ == "korean"
                and tok.i >= 2
                and doc[tok.i - 1].text == "-"
                and doc[tok.i - 2].lower_ == "inter"
            ):
                self.mentions[tok.i] = Mention(tok.idx, tok.idx + len(tok), "KOR", "name")
                self.mentions[-tok.i - 1] = Mention(tok.idx, tok.idx + len(tok), "PRK", "name")
        self.persons: dict[int, PersonInfo] = {}
        self._by_surname: dict[str, PersonInfo] = {}
        self._register_persons()
        self.dateline_span = (0, 0)
        self.dateline = self._dateline()
        # "yesterday", "on Thursday" count from the day the story was filed ("TOKYO, March 20 (KUNA) --")
        # when the dateline gives one close to publication (time zones, next-day web publication).
        self.published = self.filing_day(published)
        self.year = self.published.year if self.published else None
        self.triggers = self._find_triggers()
        self.trigger_ids_all = {t.i for t in self.triggers}
        self.visits = self._visits()
        self.side_leaders = self._side_leaders() if self.triggers else {}

    # ---- persons -------------------------------------------------------------------------------------------

    def _register_persons(self) -> None:
        g = gazetteer()
        for ent in self.doc.ents:
            if ent.label_ != "PERSON":
                continue
            name = ent.text.strip(" ,.'\u2019s")
            if ent.text.endswith(("'s", "\u2019s")):
                name = ent.text[:-2].strip()
            official = g.official(name, self.year)
            info = None
            if official is None:
                parts = name.split()
                known = self._by_surname.get(parts[-1].lower()) if parts else None
                if known is not None and len(parts) == 1:
                    info = known
            if info is None:
                country = official.country if official else self._context_country(ent)
                if country is None and len(name.split()) == 1:
                    country = g.country_of_name_part(name)
                title = self._context_title(ent)
                if official is not None and (self.year is None or official.in_office(self.year)):
                    title = official.title
                category = _category_of(title or "") if title else None
                if official is not None and (title == official.title or category is None):
                    category = official.category
                info = PersonInfo(official.name if official else name, country, title, category, official)
            for tok in ent:
                self.persons[tok.i] = info
            if info.country:
                self.mentions.setdefault(
                    ent.root.i, Mention(ent.start_char, ent.end_char, info.country, "official", official)
                )
                parts = name.split()
                # Korean names put the family name first, Western and Japanese ones last: register both.
                for key in {name.lower(), parts[-1].lower(), parts[0].lower()}:
                    self._by_surname.setdefault(key, info)
        # A bare family name the tagger missed ("Kono and Ri may meet"): known when only one state has it.
        for tok in self.doc:
            if (
                tok.i not in self.persons
                and tok.i not in self.mention_tokens
                and tok.pos_ == "PROPN"
                and tok.is_title
                and tok.dep_ in ("nsubj", "conj", "pobj", "dobj", "appos")
                and (tok.ent_type_ in ("PERSON", "") or (tok.dep_ == "conj" and tok.head.i in self.persons))
            ):
                code = g.country_of_name_part(tok.text)
                known = self._by_surname.get(tok.lower_)
                if known is not None:
                    self.persons[tok.i] = known
                    if known.country:
                        self.mentions.setdefault(tok.i, Mention(tok.idx, tok.idx + len(tok), known.country, "official"))
                elif code is not None:
                    self.persons[tok.i] = PersonInfo(tok.text, code, None, None, None)
                    self.mentions.setdefault(tok.i, Mention(tok.idx, tok.idx + len(tok), code, "official"))
        # Office holders found by the gazetteer but not tagged PERSON by NER.
        for idx, m in list(self.mentions.items()):
            if idx >= 0 and m.kind == "official" and m.official is not None and idx not in self.persons:
                off = m.official
                title = off.title if self.year is None or off.in_office(self.year) else None
                info = PersonInfo(
                    off.name, off.country, title, off.category if title else _category_of(title or ""), off
                )
                self.persons[idx] = info

    def _context_country(self, ent: Any) -> str | None:
        # "Japanese Foreign Minister Taro Kono", "Song Il-ho, North Korea's ambassador", "his North Korean
        # counterpart Ri Yong Ho": a state named in the person's own noun phrase or the one it is in
        # apposition to.
        root = ent.root
        scopes = [root]
        if root.dep_ in ("appos", "compound") and root.head.pos_ in ("NOUN", "PROPN"):
            scopes.append(root.head)
        scopes.extend(c for c in root.children if c.dep_ == "appos")
        for scope in scopes:
            for tok in scope.subtree:
                m = self.mentions.get(tok.i)
                if (
                    m is not None and m.kind in ("name", "demonym", "capital") and tok.i not in {t.i for t in ent}
                ) and _preposition_between(tok, scope) in (None, "of", "from"):
                    return m.code
        return None

    def _context_title(self, ent: Any) -> str | None:
        root = ent.root
        words: list[str] = []
        for tok in self.doc[max(ent.start - 6, ent.sent.start) : ent.start]:
            if (
                (
                    (tok.dep_ == "compound" and tok.head.i in range(ent.start, ent.end))
                    or (tok.head.i == root.i and tok.dep_ in ("compound", "amod"))
                )
                and tok.i not in self.mention_tokens
                and tok.pos_ in ("PROPN", "NOUN", "ADJ")
            ):
                words.append(tok.text)  # noqa: PERF401 - the condition reads better as a loop
        if words:
            return " ".join(words)
        for scope in (
            *[c for c in root.children if c.dep_ == "appos"],
            *([root.head] if root.dep_ == "appos" else []),
        ):
            if scope.pos_ not in ("NOUN", "PROPN") or scope.i in range(ent.start, ent.end):
                continue
            toks = [t for t in scope.subtree if t.i <= scope.i or t.dep_ in ("prep", "pobj", "compound", "amod")]
            toks = [
                t
                for t in toks
                if t.i not in self.mention_tokens and t.pos_ not in ("DET", "PUNCT", "PRON") and t.dep_ != "poss"
            ]
            toks = [t for t in toks if t.i not in range(ent.start, ent.end)][:8]
            if toks:
                return " ".join(t.text for t in toks).strip()
        return None

    def person_for_pronoun(self, tok: Any) -> tuple[int, PersonInfo] | None:
        """The nearest earlier person with a known state (for "he", "his" and "she")."""
        for i in range(tok.i - 1, max(-1, tok.i - 400), -1):
            info = self.persons.get(i)
            if info is not None and info.country:
                return i, info
        return None

    # ---- triggers ------------------------------------------------------------------------------------------

    def _find_triggers(self) -> list[Any]:
        c = cues()
        found = []
        for tok in self.doc:
            low = tok.lower_
            if tok.i in self.persons:
                continue
            if low in c.trigger_nouns and tok.pos_ in ("NOUN", "PROPN", "VERB"):
                if low in c.weak_nouns and not self._weak_noun_ok(tok):
                    continue
                if (
                    low in ("talk", "talks")
                    and tok.pos_ == "VERB"
                    and tok.dep_ not in ("ROOT", "conj", "xcomp", "ccomp", "advcl")
                ):
                    continue
                found.append(tok)
            elif low in c.trigger_verbs and tok.pos_ in ("VERB", "AUX", "NOUN"):
                if (low in ("meeting",) and tok.pos_ == "NOUN") or tok.pos_ != "NOUN":
                    found.append(tok)
            elif low in c.sit_down_verbs and tok.pos_ == "VERB":
                prt = {ch.lower_ for ch in tok.children if ch.dep_ in ("prt", "prep", "advmod")}
                if (
                    (low.startswith("s") and low not in ("speak", "speaks", "spoke", "speaking") and "down" in prt)
                    or (low in ("spoke", "speak", "speaks", "speaking") and "with" in prt)
                    or low in ("phoned", "phone")
                ):
                    found.append(tok)
            elif low in c.exchange_words and self._exchange_of_words(tok):
                found.append(tok)  # "exchanged views with", "had a brief exchange of words"
            elif low in _DISCUSS and tok.pos_ == "VERB" and low.startswith("discuss"):
                found.append(tok)
            elif low in _RECEIVE and tok.pos_ == "VERB" and any(self._is_visitor(ch) for ch in tok.children):
                found.append(tok)  # "Kim Yong Nam received a Japanese government delegation"
        return found

    def _exchange_of_words(self, tok: Any) -> bool:
        c = cues()
        if tok.pos_ == "VERB":
            objects = [ch for ch in tok.children if ch.dep_ == "dobj"]
        elif tok.pos_ == "NOUN":
            objects = [g for ch in tok.children if ch.dep_ == "prep" and ch.lower_ == "of" for g in ch.children
                       if g.dep_ == "pobj"]  # fmt: skip
        else:
            return False
        # "exchanged harsh words at the Security Council" is a quarrel in a debate, not a conversation.
        return any(
            o.lower_ in c.exchange_objects and not any(m.dep_ == "amod" and m.lower_ in _HOSTILE for m in o.children)
            for o in objects
        )

    def _side_leaders(self) -> dict[str, str]:
        """The level of a side from who led it: "The Japanese side was led by the director-general of ...",
        "a North Korean delegation headed by Song Il Ho", "both sides were represented by division directors",
        "The session ... was attended by division-level officials from both foreign ministries" (code ->
        level category; "*" for both sides, "?" for a side the sentence does not name)."""
        out: dict[str, str] = {}
        for tok in self.doc:
            if tok.lower_ not in _LED or tok.tag_ != "VBN":
                continue
            leaders = [g for ch in tok.children if ch.dep_ == "agent" for g in ch.children if g.dep_ == "pobj"]
            group = tok.head if tok.dep_ == "acl" else next((ch for ch in tok.children if ch.dep_ == "nsubjpass"), None)
            if group is None and tok.dep_ == "conj":  # "The session ... lasted three hours and was attended by"
                group = next((ch for ch in tok.head.children if ch.dep_ in ("nsubj", "nsubjpass")), None)
            if not leaders or group is None:
                continue
            words = {t.lower_ for t in group.subtree} | {t.lower_ for t in leaders[0].subtree}
            codes = {
                m.code
                for ch in group.children
                if ch.dep_ in ("amod", "compound", "poss", "nmod")
                and (m := self.mentions.get(ch.i)) is not None
                and m.kind != "city"
            }
            if group.lower_ in ("sides", "delegations") or words & {"both", "two"}:
                key = "*"
            elif len(codes) == 1:
                key = codes.pop()
            elif not codes and (group.lower_ in _LED_GROUPS or group.i in self.trigger_ids_all):
                key = "?"
            else:
                continue
            leader = leaders[0]
            category = next((p.category for t in leader.subtree if (p := self.persons.get(t.i)) and p.category), None)
            category = category or _category_of(" ".join(t.text for t in list(leader.subtree)[:14]))
            if category:
                out.setdefault(key, category)
        return out

    def _is_visitor(self, tok: Any) -> bool:
        if tok.dep_ != "dobj":
            return False
        return tok.i in self.persons or tok.lower_ in ("delegation", "delegations", "envoy", "envoys", "official",
                                                       "officials", "minister", "ambassador", "visitors")  # fmt: skip

    def _weak_noun_ok(self, tok: Any) -> bool:
        # "call", "session", "conversation" count only as talks: "phone call", "plenary session", "held a
        # telephone conversation", "talks ... session".
        mods = {ch.lower_ for ch in tok.children if ch.dep_ in ("compound", "amod", "nmod")}
        if mods & {
            "phone",
            "telephone",
            "video",
            "plenary",
            "telephonic",
            "phone-in",
            "virtual",
            "online",
            "bilateral",
        }:
            return True
        if tok.lower_ in ("conversation", "conversations", "dialogue", "dialog", "discussions"):
            return tok.dep_ in ("dobj", "pobj", "nsubj", "nsubjpass", "conj")
        # "The session in Shenyang on Wednesday", "the call": a definite later reference to a contact already
        # reported (only an anaphor then: it needs an earlier contact mention to attach to).
        return tok.lower_ in ("session", "call") and any(ch.lower_ == "the" for ch in tok.children if ch.dep_ == "det")

    def _visits(self) -> list[tuple[str, str, bool]]:
        """Places the article says someone visited: (state code, place as written, is a city), in order.

        "returned from a trip to North Korea", "who arrived in Pyongyang", "visited North Korea": where a
        visiting envoy's contact took place when the contact's own sentence does not say.
        """
        out = []
        for idx, m in self.mentions.items():
            if idx < 0 or m.kind not in ("name", "capital", "city"):
                continue
            tok = self.doc[idx]
            head = tok.head
            visit = None
            if tok.dep_ == "dobj" and head.lower_ in _VISIT_WORDS:
                visit = head
            elif tok.dep_ == "pobj" and head.lower_ in ("to", "in") and head.head.lower_ in _VISIT_WORDS:
                visit = head.head
            if visit is None or (head.lower_ == "in" and visit.lower_ not in ("arrived", "arrive", "arrives")):
                continue
            span = self.doc.char_span(m.start, m.end, alignment_mode="expand")
            place = _clean_place(span.text if span is not None else tok.text)
            if m.kind == "name":
                place = gazetteer().country_names.get(m.code, place)
            out.append((m.code, place, m.kind != "name"))
        return out

    def _dateline(self) -> str | None:
        # "BEIJING (AP) —" at the start of one of the first lines: where the story was filed.
        self.dateline_span = (0, 0)
        offset = 0
        for line in self.text[:600].split("\n")[:6]:
            m = _DATELINE_RE.match(line) or _DATELINE_TITLE_RE.match(line)
            if m:
                place = m.group(1).strip().title()
                if gazetteer().resolve_country(place) is not None:
                    self.dateline_span = (offset + m.start(1), offset + m.end())
                    return place
            offset += len(line) + 1
        return None

    def filing_day(self, published: dt.date | None) -> dt.date | None:
        if published is None or self.dateline_span == (0, 0):
            return published
        start, end = self.dateline_span
        for d in find_dates(self.text[start:end], published, "past"):
            if d.precision == "day" and d.date is not None:
                day = dt.date.fromisoformat(d.date)
                if 0 <= (published - day).days <= FILING_DAYS:
                    return day
        return published

    def in_dateline(self, char: int) -> bool:
        return self.dateline_span[0] <= char < self.dateline_span[1]


def _preposition_between(tok: Any, top: Any) -> str | None:
    t = tok
    for _ in range(32):
        if t.i in (top.i, t.head.i):
            return None
        if t.dep_ == "pobj":
            return str(t.head.lower_)
        t = t.head
    return None


class MentionFinder:
    """Turns the triggers of a `DocAnalysis` into `ContactMention`s, in document order."""

    def __init__(self, analysis: DocAnalysis) -> None:
        self.a = analysis
        self.c = cues()
        self.trigger_ids = {t.i for t in analysis.triggers}
        self.context_pair: tuple[str, str] | None = self._dominant_pair()
        self.sent_index = {s.start: i for i, s in enumerate(analysis.doc.sents)}
        self.anaphora_levels: dict[str, str] = {}

    def _dominant_pair(self) -> tuple[str, str] | None:
        counts: dict[str, int] = {}
        for idx, m in self.a.mentions.items():
            if m.kind not in ("city", "capital"):  # places are mostly where things happen, not who acts
                weight = 3 if idx >= 0 and idx < 60 else 1
                counts[m.code] = counts.get(m.code, 0) + weight
        top = sorted(counts, key=lambda k: -counts[k])[:2]
        return (top[0], top[1]) if len(top) == 2 else None

    # ---- roles of state mentions ---------------------------------------------------------------------------

    def _role(self, tok: Any, trigger: Any, chain_ids: set[int]) -> str:
        """actor / location / destination / topic / other, for the mention rooted at `tok`."""
        kind = self._kind(tok)
        t = tok
        for _ in range(40):
            if t.i in chain_ids:
                return "actor"
            if t.i != tok.i and t.i in self.trigger_ids and t.i != trigger.i:
                return "other"  # "met Kishida and urged him to hold a summit with North Korea": the summit's side
            if t.pos_ in ("VERB", "AUX") and any(
                ch.i in self.trigger_ids and ch.i != trigger.i and ch.dep_ == "dobj" for ch in t.children
            ):
                return "other"  # the same, when "with North Korea" hangs on "hold"
            head = t.head
            if head.i == t.i:
                return "actor"
            dep = t.dep_
            if dep in ("pobj", "pcomp"):
                prep = head.lower_
                gov = head.head
                if prep in _PARTNER_PREPS:
                    if gov.i == trigger.i or gov.i in chain_ids:
                        return "actor"
                    if gov.i in self.trigger_ids:
                        return "other"  # the partner of another contact ("urged him to hold a summit with X")
                    t = gov
                    continue
                if prep in _LOCATION_PREPS:
                    return "location" if kind in ("name", "capital", "city") else "other"
                if prep == "to":
                    if gov.lower_ in _VISIT_WORDS:
                        return "destination"
                    if gov.i in chain_ids and gov.i == trigger.i:
                        return "actor"  # "Ihara talks to North Korea's ambassador"
                    return "other"
                if prep in ("of", "from"):
                    if gov.i in self.trigger_ids or gov.lower_ in self.c.actor_nouns or gov.i in self.a.persons:
                        t = gov
                        continue
                    if prep == "of" and gov.lower_ in ("capital", "city") and kind in ("name", "capital", "city"):
                        return "location" if self._under_location(gov) else "other"
                    return "other"
                if prep in _TOPIC_PREPS:
                    return "topic"
                return "other"
            if dep in ("compound", "amod", "poss", "nmod", "nummod", "npadvmod") and head.pos_ in (
                "NOUN",
                "PROPN",
            ):
                if head.i in chain_ids and head.i != trigger.i:
                    return "actor"  # "Japan's offer of talks": the owner of what governs the trigger
                if head.i == trigger.i or head.i in self.trigger_ids:
                    return "actor" if head.i == trigger.i or head.i in chain_ids else "other"
                if head.lower_ in self.c.actor_nouns or head.i in self.a.persons or head.i in self.a.mentions:
                    t = head
                    continue
                return "other"
            if dep == "dobj" and head.lower_ in _DISCUSS:
                return "topic"
            if dep == "dobj" and head.lower_ in _VISIT_WORDS:
                return "destination"
            t = head
        return "other"

    def _under_location(self, tok: Any) -> bool:
        t = tok
        for _ in range(6):
            if t.dep_ == "pobj" and t.head.lower_ in _LOCATION_PREPS:
                return True
            if t.head.i == t.i:
                return False
            t = t.head
        return False

    def _kind(self, tok: Any) -> str:
        m = self.a.mentions.get(tok.i)
        return m.kind if m is not None else "other"

    def _actor_phrase(self, tok: Any) -> Any:
        # The noun the state is the owner/modifier of: "North Korea's ambassador" -> ambassador.
        t = tok
        for _ in range(6):
            if t.dep_ in ("compound", "amod", "poss", "nmod") and t.head.pos_ in ("NOUN", "PROPN"):
                t = t.head
            elif t.dep_ == "pobj" and t.head.lower_ in ("of", "from") and t.head.head.lower_ in self.c.actor_nouns:
                t = t.head.head
            else:
                break
        return t

    # ---- mentions ------------------------------------------------------------------------------------------

    def run(self) -> list[ContactMention]:
        out: list[ContactMention] = []
        for trigger in self.a.triggers[:MAX_TRIGGERS]:
            try:
                mention = self._mention(trigger, out)
            except (IndexError, KeyError, ValueError):  # a malformed parse must not lose the whole article
                mention = None
            if mention is not None:
                out.append(mention)
                if not mention.anaphoric and mention.status in ("held", "ongoing", "scheduled", "proposed"):
                    self.context_pair = mention.countries
        return out

    def _sides(self, trigger: Any, chain: list[Any]) -> tuple[list[Side], list[tuple[Any, str]]]:
        sent = trigger.sent
        # "Japan-North Korea Summit Meeting": a compound trigger word is part of the trigger.
        chain_ids = {t.i for t in chain} | {c.i for c in trigger.children if c.dep_ == "compound"}
        head = chain[-1]
        sides: list[Side] = []
        places: list[tuple[Any, str]] = []
        extra_heads = {head.head.i} if head.dep_ in ("relcl", "acl") else set()
        for tok in sent:
            keys = [tok.i, -tok.i - 1] if -tok.i - 1 in self.a.mentions else [tok.i]
            for key in keys:
                m = self.a.mentions.get(key)
                person = self.a.persons.get(tok.i)
                if (
                    m is None
                    and tok.lower_ in _PERSON_PRONOUNS
                    and tok.dep_ in ("nsubj", "nsubjpass", "poss", "pobj", "dobj")
                ):
                    found = self.a.person_for_pronoun(tok)
                    if found is not None and found[1].country:
                        person = found[1]
                        m = Mention(tok.idx, tok.idx + len(tok), found[1].country, "official", found[1].official)
                if m is None:
                    continue
                if key == tok.i and person is None and tok.i in self.a.persons:
                    person = self.a.persons[tok.i]
                in_clause = clause_head(tok).i == head.i or tok.i in extra_heads or clause_head(tok).i in extra_heads
                if not in_clause:
                    continue
                root = tok
                if person is not None:
                    while (
                        root.head.i in self.a.persons
                        and self.a.persons.get(root.head.i) is person
                        and root.head.i != root.i
                    ):
                        root = root.head
                role = self._role(root, trigger, chain_ids)
                if self.a.in_dateline(tok.idx):
                    continue
                if role == "destination":
                    # The place visited is where the contact happens, not a party to it.
                    if m.kind in ("name", "capital", "city"):
                        places.append((tok, "country" if m.kind == "name" else "city"))
                elif role == "actor":
                    if m.kind == "city":
                        continue
                    phrase_tok = self._actor_phrase(root)
                    if phrase_tok.dep_ == "appos":  # "former lawmaker Antonio Inoki": the description counts
                        phrase_tok = phrase_tok.head
                    phrase = " ".join(t.text for t in list(phrase_tok.subtree)[:14])
                    sides.append(Side(m.code, root, phrase, m.official, person.name if person else None))
                elif role == "location" and m.kind in ("name", "capital", "city"):
                    places.append((tok, "country" if m.kind == "name" else "city"))
        return sides, places

    def _non_official(self, side: Side) -> bool:
        low = f" {side.phrase.lower()} "
        if side.official is not None:
            return False
        return any(cue in low for cue in self.c.non_official_cues) or bool(_former_office_re().search(low))

    def _mention(self, trigger: Any, previous: list[ContactMention]) -> ContactMention | None:
        sent = trigger.sent
        if len(sent) > MAX_SENTENCE_TOKENS:
            return None  # not prose (a list, a table, junk): the clause rules would be slow and meaningless
        low_sent = sent.text.lower()
        if any(cue in low_sent for cue in self.c.sport_cues):
            return None
        trig_mods = {ch.lower_ for ch in trigger.children if ch.dep_ in ("amod", "compound", "nmod", "npadvmod")}
        if trig_mods & self.c.multilateral_modifiers and "bilateral" not in trig_mods:
            return None
        if trigger.dep_ == "compound":
            return None  # "summit meeting" (the head word carries it), "meeting room" (not a contact)
        if (
            trigger.dep_ == "pobj"
            and trigger.head.lower_ in ("on", "for")
            and trigger.head.head.pos_ == "NOUN"
            and trigger.head.head.lower_ in self.c.role_nouns
        ):
            return None  # a role, not a contact: "North Korea's negotiator on the abduction talks with Japan"
        if (
            trigger.dep_ == "dobj"
            and trigger.head.lower_ in self.c.attend_verbs
            and any(ch.pos_ == "PROPN" for ch in trigger.children if ch.dep_ in ("compound", "amod", "nmod"))
        ):
            return None  # the same named forum: "both attended the Asia-Pacific Economic Cooperation summit"
        chain = ancestors_to_clause(trigger)
        sides, places = self._sides(trigger, chain)
        sides = [s for s in sides if not self._non_official(s)]
        codes: list[str] = []
        for s in sides:
            if s.code not in codes:
                codes.append(s.code)
        anaphoric = False
        if len(codes) < 2 and self._pair_anaphora(trigger, chain):
            pair = self._anaphora_pair(trigger, previous)
            for code in pair or ():
                if code not in codes:
                    codes.append(code)
        if (
            len(codes) == 1
            and self.context_pair
            and codes[0] in self.context_pair
            and self._implicit_partner(trigger, chain)
        ):
            codes.append(next(c for c in self.context_pair if c != codes[0]))
        if len(codes) > 2:
            codes = self._split_multilateral(trigger, sides, codes)
        if len(codes) != 2:
            if len(codes) <= 1 and (self._definite(trigger) or self._setting(trigger)) and previous:
                return self._anaphoric(trigger, codes, sides, places, previous)
            return None
        # Messages through a channel are not a meeting: "contact through the embassy", "discussing the matter
        # through their embassies in Beijing".
        if any(cue in low_sent for cue in self.c.one_way_cues) and (
            trigger.lower_ in ("contact", "contacts") or trigger.lower_.startswith(("discuss", "consult", "negotiat"))
        ):
            return None
        pair = (codes[0], codes[1]) if codes[0] < codes[1] else (codes[1], codes[0])
        return self._build(trigger, chain, pair, sides, places, anaphoric)

    def _pair_anaphora(self, trigger: Any, chain: list[Any]) -> bool:
        if any(ch.lower_ in ("their", "both") for ch in trigger.children if ch.dep_ in ("poss", "det", "predet")):
            return True
        head = chain[-1]
        low = trigger.sent.text.lower()
        for phrase in self.c.pair_anaphora:
            start = low.find(phrase)
            while start >= 0:
                span = trigger.doc.char_span(
                    trigger.sent.start_char + start,
                    trigger.sent.start_char + start + len(phrase),
                    alignment_mode="expand",
                )
                if span is not None and (clause_head(span.root).i == head.i or span.root.i in {t.i for t in chain}):
                    return True
                start = low.find(phrase, start + 1)
        return False

    def _anaphora_pair(self, trigger: Any, previous: list[ContactMention]) -> tuple[str, str] | None:
        """The states "the two sides"/"their" refer to: the sentence's own two actors, else the last pair."""
        codes: list[str] = []
        levels: dict[str, str] = {}
        for tok in trigger.sent:
            m = self.a.mentions.get(tok.i)
            if m is None or m.kind == "city" or tok.i == trigger.i:
                continue
            chain = ancestors_to_clause(tok)
            role = self._role(tok, clause_head(tok), {t.i for t in chain[1:]})
            if role == "actor" and m.code not in codes:
                codes.append(m.code)
            if role == "actor":
                # "Kono's meeting with the North Korean foreign minister followed their chat": who "their" are.
                person = self.a.persons.get(tok.i)
                phrase = " ".join(t.text for t in list(self._actor_phrase(tok).subtree)[:14])
                category = (person.category if person else None) or _category_of(phrase)
                if category:
                    levels.setdefault(m.code, category)
        if len(codes) == 2:
            self.anaphora_levels = levels
            return (codes[0], codes[1])
        want = None
        low = trigger.sent.text.lower()
        if "two leaders" in low or "both leaders" in low:
            want = "leaders"
        elif "two foreign ministers" in low or "two ministers" in low:
            want = "foreign_ministers"
        for prev in reversed(previous):
            if prev.anaphoric:
                continue
            if want is None or prev.level_hint == want or want in prev.side_levels.values():
                return prev.countries
        return self.context_pair

    def _implicit_partner(self, trigger: Any, chain: list[Any]) -> bool:
        # "The government held talks with North Korea": one side is an unnamed actor of the article's country.
        for tok in chain:
            for ch in tok.children:
                if (
                    ch.dep_ in ("nsubj", "nsubjpass")
                    and (
                        ch.lower_
                        in (
                            "government",
                            "officials",
                            "envoy",
                            "delegation",
                            "diplomats",
                            "we",
                            "it",
                            "they",
                            "side",
                            "negotiators",
                        )
                        or ch.lower_ in self.c.actor_nouns
                    )
                    and not any(self.a.mentions.get(t.i) for t in ch.subtree)
                ):
                    return True
        return False

    def _split_multilateral(self, trigger: Any, sides: list[Side], codes: list[str]) -> list[str]:
        # The trigger's own arguments first: "his meeting with Kim" is Moon's meeting, whoever else is named.
        own = []
        for side in sides:
            t = side.token
            if (t.head.i == trigger.i and t.dep_ in ("poss", "compound", "amod", "nmod")) or (
                t.dep_ == "pobj" and t.head.lower_ in ("with", "between") and t.head.head.i == trigger.i
            ):
                own.append(side.code)
        if len(set(own)) == 2:
            return list(dict.fromkeys(own))
        # "Kishida met Xi in Beijing" with a third state elsewhere in the clause: subject side + "with" side.
        subj = {s.code for s in sides if s.token.dep_ in ("nsubj", "nsubjpass") or s.token.head.dep_ in ("nsubj",)}
        partner = {s.code for s in sides if s.token.dep_ == "pobj" and s.token.head.lower_ in ("with", "between")}
        if len(subj) == 1 and len(partner) == 1 and subj != partner:
            return [*subj, *partner]
        return codes

    def _setting(self, trigger: Any) -> bool:
        # "After an all-day plenary session at the Japanese Embassy, the source said": a contact as setting.
        return trigger.dep_ == "pobj" and trigger.head.lower_ in (
            "after",
            "at",
            "during",
            "following",
            "before",
        )

    def _definite(self, trigger: Any) -> bool:
        if trigger.pos_ not in ("NOUN", "PROPN"):
            return False
        return any(
            ch.lower_ in ("the", "this", "that", "those", "its", "their", "these")
            for ch in children(trigger, "det", "poss")
        )

    # ---- building ------------------------------------------------------------------------------------------

    def _build(  # noqa: PLR0917 - private, two call sites
        self,
        trigger: Any,
        chain: list[Any],
        pair: tuple[str, str],
        sides: list[Side],
        places: list[tuple[Any, str]],
        anaphoric: bool,
    ) -> ContactMention | None:
        a = self.a
        sent = trigger.sent
        dates = self._dates_for(trigger, chain)
        # Only a day after publication, or a month after its month, says the contact is yet to come.
        future = a.published is not None and any(
            d.date is not None and d.date > a.published.isoformat()[: len(d.date)] for d, _ in dates
        )
        reading = read_status(trigger, future_date=future)
        if reading.status is None:
            return None
        direction: Direction = "future" if reading.status in ("scheduled", "proposed") else "past"
        date = self._pick_date(trigger, chain, direction)
        start, end = _trim(a.text, sent.start_char, sent.end_char)
        location, is_city = self._location(trigger, chain, places)
        level_hint = self._level_hint(trigger, chain)
        side_levels: dict[str, str] = dict(self.anaphora_levels)
        self.anaphora_levels = {}
        participants: list[tuple[PersonInfo, str]] = []
        seen: set[str] = set()
        out_of_office = False
        for s in sides:
            if s.code not in pair:
                continue
            person = a.persons.get(s.token.i)
            if person is not None and person.name not in seen:
                seen.add(person.name)
                participants.append((person, s.code))
                off = person.official
                if off is not None and a.year is not None and not _any_term(off.name, a.year):
                    out_of_office = True
            cat = (person.category if person else None) or _category_of(s.phrase)
            if cat is not None:
                prev = side_levels.get(s.code)
                side_levels[s.code] = cat if prev is None else _more_specific(prev, cat)
        since = None
        for d in self._since_dates(trigger, chain):
            since = d
        low = sent.text.lower()
        reported = any(cue in low for cue in self.c.reported_cues)
        return ContactMention(
            countries=pair,
            status=reading.status,
            background_cue=reading.background_cue,
            background_relative=reading.background_relative,
            date=date.date if date else None,
            precision=date.precision if date else None,
            explicit_year=date.explicit_year if date else False,
            location=location,
            location_is_city=is_city,
            venue=self._venue(trigger, chain),
            level_hint=level_hint,
            side_levels=side_levels,
            participants=participants,
            mode=_mode(trigger, sent),
            novelty=_novelty(sent.text) if reading.status in ("held", "ongoing") else None,
            sent_start=start,
            sent_end=end,
            sent_index=self.sent_index.get(sent.start, 0),
            anaphoric=anaphoric,
            reported=reported,
            out_of_office=out_of_office,
            since=since,
            why=reading.why,
            trigger_text=trigger.text,
            sentence_cities=self._sentence_cities(sent),
            visit_cue=bool(_VISIT_CUE_RE.search(low)),
        )

    def _sentence_cities(self, sent: Any) -> list[str]:
        out: list[str] = []
        for tok in sent:
            m = self.a.mentions.get(tok.i)
            if m is None or m.kind not in ("city", "capital") or self.a.in_dateline(tok.idx):
                continue
            # A place, not a capital standing for its government ("Tokyo's sanctions", "prompt Tokyo to").
            actor_deps = ("poss", "nsubj", "nsubjpass", "dobj", "iobj", "agent")
            named = tok.head if tok.dep_ == "conj" else tok
            if named.dep_ in actor_deps or (named.dep_ == "pobj" and named.head.lower_ in _PARTNER_PREPS):
                continue  # "between Washington and Pyongyang", "Tokyo's sanctions", "prompt Tokyo to"
            span = self.a.doc.char_span(m.start, m.end, alignment_mode="expand")
            place = _clean_place(span.text if span is not None else tok.text)
            if place not in out:
                out.append(place)
        return out

    def _anaphoric(self, trigger: Any, codes: list[str], sides: list[Side], places: list[tuple[Any, str]],
                   previous: list[ContactMention]) -> ContactMention | None:  # fmt: skip
        target = None
        for m in reversed(previous):
            if (not codes or codes[0] in m.countries) and m.status in ("held", "ongoing") and not m.background_cue:
                target = m
                break
        if target is None or trigger.sent.start_char - target.sent_end > 3000:
            return None
        chain = ancestors_to_clause(trigger)
        own = read_status(trigger)
        people = self._sentence_people(trigger, target.countries)
        built = self._build(trigger, chain, target.countries, sides + people,
                            places, anaphoric=True)  # fmt: skip
        if built is None:
            return None
        # An anaphor ("the meeting could help ...", "the talks would resume in October") only adds details to
        # the contact it refers to; its own date counts only when it reports that contact as having happened.
        if own.status not in ("held", "ongoing") or (built.date and target.date and built.date != target.date):
            built.date = built.precision = None
        built.status = target.status
        built.background_cue = target.background_cue
        built.background_relative = target.background_relative
        return built

    def _sentence_people(self, trigger: Any, pair: tuple[str, str]) -> list[Side]:
        """Named people of either side in an anaphor's sentence ("Heading into the talks, Haraguchi ...")."""
        out = []
        seen: set[str] = set()
        for tok in trigger.sent:
            person = self.a.persons.get(tok.i)
            if person is None or person.country not in pair or person.name in seen:
                continue
            if tok.head.i in self.a.persons and self.a.persons.get(tok.head.i) is person:
                continue
            clause = clause_head(tok).i
            if clause not in (clause_head(trigger).i, trigger.sent.root.i):
                continue
            # Subjects and partners only: "despite Kim Yo Jong's statement" does not put her at the table.
            role_tok = tok.head if tok.dep_ in ("appos", "conj", "compound") else tok
            if role_tok.dep_ in ("nsubj", "nsubjpass") or (
                role_tok.dep_ == "pobj" and role_tok.head.lower_ in _PARTNER_PREPS
            ):
                seen.add(person.name)
                out.append(Side(person.country or "", tok, person.title or "", person.official, person.name))
        return out

    def _level_hint(self, trigger: Any, chain: list[Any]) -> str | None:
        # The trigger's own words: "summit", "working-level talks", "foreign ministers' meeting".
        words = [trigger.lower_]
        words.extend(
            "".join(t.text_with_ws for t in ch.subtree).lower()
            for ch in trigger.children
            if ch.dep_ in ("compound", "amod", "nmod", "poss") or (ch.dep_ == "prep" and ch.lower_ == "between")
        )
        text = " ".join(words)
        clause = clause_head(trigger).i
        # "talks ... between Red Cross officials from the two countries": Red Cross anywhere in the clause.
        for tok in trigger.sent:
            if (
                tok.lower_ == "cross"
                and tok.i > 0
                and tok.doc[tok.i - 1].lower_ == "red"
                and clause_head(tok).i == clause
            ):
                return "red_cross"
        if trigger.lower_ in ("summit", "summits"):
            return "leaders"
        for cue, level in cues().level_phrases:
            if cue in text and level in (
                "red_cross",
                "intelligence",
                "working_level",
                "foreign_ministers",
                "parliamentary",
                "military",
            ):
                return level
        if "government-level" in text or ("ministerial" in text and "foreign" not in text):
            return "senior_officials"
        return None

    def _dates_for(self, trigger: Any, chain: list[Any]) -> list[tuple[DateMention, int]]:
        return self._attached_dates(trigger, chain, "past")

    def _local(self, chain: list[Any]) -> list[Any]:
        """The trigger's chain below a "since"/"after"/"following": what the recalled contact's own date and
        place may attach to ("held talks on Tuesday, the first since talks in Stockholm")."""
        for n, tok in enumerate(chain[1:], start=1):
            if tok.lower_ in self.c.background_governors and chain[n - 1].dep_ not in ("nsubj", "nsubjpass"):
                # "followed their chat on Aug. 3": a governing verb's own date is its object's.
                return chain[: n + 1] if tok.pos_ == "VERB" else chain[:n]
        return chain

    def _attached_dates(self, trigger: Any, chain: list[Any], direction: Direction) -> list[tuple[DateMention, int]]:
        chain = self._local(chain)
        a = self.a
        sent = trigger.sent
        chain_ids = {t.i for t in chain}
        other_triggers = self.trigger_ids - {trigger.i} - chain_ids
        found: list[tuple[DateMention, int]] = []
        for d in find_dates(sent.text, a.published, direction, offset=sent.start_char):
            if a.in_dateline(d.start):
                continue  # "SEOUL, Oct. 14 (Yonhap) --": when the story was filed, not when the contact was
            span = a.doc.char_span(d.start, d.end, alignment_mode="expand")
            if span is None:
                continue
            tok = span.root
            steps = 0
            ok = False
            for _ in range(30):
                if tok.i in chain_ids:
                    ok = True
                    break
                if tok.i in other_triggers:
                    break
                if tok.lower_ in self.c.reporting_verbs and tok.pos_ == "VERB":
                    ok = self._misattached_to_report(tok, chain, span.start)
                    break
                if tok.lower_ == "since":
                    break
                if tok.head.i == tok.i:
                    break
                tok = tok.head
                steps += 1
            if ok and not self._belongs_to_object(tok, trigger, span.start):
                found.append((d, steps))
        return found

    def _misattached_to_report(self, verb: Any, chain: list[Any], position: int) -> bool:
        """ "held talks in Shenyang, China, on the 12th, a source said": the parser hangs the date on "said",
        but a date between the reported clause and the reporter belongs to the clause."""
        head = chain[-1]
        if head.dep_ != "ccomp" or head.head.i != verb.i:
            return False
        subjects = [ch.i for ch in verb.children if ch.dep_ in ("nsubj", "nsubjpass")]
        clause_end = max(t.i for t in head.subtree)
        return bool(subjects) and clause_end < position < min(subjects) and subjects[0] > head.i

    def _belongs_to_object(self, reached: Any, trigger: Any, position: int) -> bool:
        # "Kono's meeting ... followed their brief chat on Aug. 3": the date is the chat's, not the meeting's.
        if reached.i == trigger.i or trigger.dep_ not in ("nsubj", "nsubjpass"):
            return False
        return any(
            ch.i in self.trigger_ids and ch.i != trigger.i and ch.i < position
            for ch in reached.children
            if ch.dep_ in ("dobj", "pobj", "attr")
        )

    def _pick_date(self, trigger: Any, chain: list[Any], direction: Direction) -> DateMention | None:
        found = self._attached_dates(trigger, chain, direction)
        resolved = [(d, s) for d, s in found if d.date is not None]
        if not resolved:
            return None
        rank = {"day": 0, "month": 1, "year": 2}
        resolved.sort(key=lambda ds: (rank.get(ds[0].precision or "year", 3), ds[1]))
        return resolved[0][0]

    def _since_dates(self, trigger: Any, chain: list[Any]) -> list[tuple[str, str]]:
        # "the first ... since August 2015": a recalled contact at that date (month or day precision only).
        out: list[tuple[str, str]] = []
        sent = trigger.sent
        low = sent.text.lower()
        if "first" not in low:
            return out
        for d in find_dates(sent.text, self.a.published, "past", offset=sent.start_char):
            before = self.a.text[max(sent.start_char, d.start - 8) : d.start].lower()
            if "since" in before and d.date and d.precision in ("day", "month"):
                out.append((d.date, str(d.precision)))
        return out

    def _venue(self, trigger: Any, chain: list[Any]) -> str | None:
        chain = self._local(chain)
        sent = trigger.sent
        chain_ids = {t.i for t in chain}
        other_triggers = self.trigger_ids - {trigger.i} - chain_ids
        for start, end, venue in _venues(sent.text):
            span = self.a.doc.char_span(sent.start_char + start, sent.start_char + end, alignment_mode="expand")
            if span is None:
                continue
            t = span.root
            for _ in range(30):
                if t.i in chain_ids:
                    return venue
                if t.i in other_triggers or t.head.i == t.i:
                    break
                t = t.head
        return None

    def _location(self, trigger: Any, chain: list[Any], places: list[tuple[Any, str]]) -> tuple[str | None, bool]:
        chain = self._local(chain)
        chain_ids = {t.i for t in chain}
        other_triggers = self.trigger_ids - {trigger.i} - chain_ids
        best: tuple[int, int, str, bool] | None = None
        for tok, kind in places:
            m = self.a.mentions.get(tok.i)
            span = self.a.doc.char_span(m.start, m.end, alignment_mode="expand") if m else None
            text = span.text if span is not None else tok.text
            t = tok
            steps = 0
            ok = False
            for _ in range(30):
                if t.i in chain_ids:
                    ok = True
                    break
                if t.i in other_triggers or t.head.i == t.i:
                    break
                t = t.head
                steps += 1
            if not ok or self._belongs_to_object(t, trigger, tok.i):
                continue
            is_city = kind == "city"
            key = (0 if is_city else 1, steps)
            if best is None or key < best[:2]:
                best = (key[0], key[1], _clean_place(text), is_city)
        if best is None:
            return None, False
        return best[2], best[3]


def _clean_place(text: str) -> str:
    text = text.strip()
    if text.endswith(("'s", "\u2019s")):
        text = text[:-2]
    return text.title() if text.isupper() else text


def _any_term(name: str, year: int) -> bool:
    """False only for a leader or foreign minister clearly out of the offices on record in `year`.

    Their terms are well known, so "Koizumi met Kim Jong Il" in a 2022 story is a recollection; terms of
    envoys and officials are not recorded reliably enough to judge.
    """
    terms = [o for o in gazetteer().officials if o.name == name]
    if not terms or any(o.category not in ("leaders", "foreign_ministers") for o in terms):
        return True
    return any(o.start_year <= year <= (o.end_year if o.end_year is not None else 9999) + 1 for o in terms)


def _more_specific(a: str, b: str) -> str:
    return a if _LEVEL_ORDER.index(a) <= _LEVEL_ORDER.index(b) else b


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _venues(sentence: str) -> list[tuple[int, int, str]]:
    """Candidate venues in a sentence: (start, end) of the whole phrase and the venue name."""
    out = []
    for rx in (_VENUE_BUILDING_RE, _VENUE_SIDELINES_RE, _VENUE_EVENT_RE):
        for m in rx.finditer(sentence):
            venue = m.group(1).strip(" ,.")
            if 3 <= len(venue) <= 80:
                out.append((m.start(1), m.end(1), venue))
    return out


def _mode(trigger: Any, sent: Any) -> Mode:
    window = trigger.doc[max(sent.start, trigger.i - 6) : min(sent.end, trigger.i + 6)]
    words = {t.lower_ for t in window}
    if words & {"phone", "telephone", "phoned", "telephoned", "telephonic"}:
        return "phone"
    if words & {"video", "videoconference", "virtual", "online", "teleconference"}:
        return "video"
    if words & {"letter", "letters"}:
        return "letter"
    return "in_person"


def _novelty(sentence: str) -> str | None:
    m = _NOVELTY_RE.search(sentence)
    if not m:
        return None
    phrase = " ".join(m.group(0).split())
    phrase = re.sub(r"^(?:the\s+)", "", phrase, flags=re.IGNORECASE)
    phrase = re.sub(r"^first\s+time\b", "first", phrase, flags=re.IGNORECASE)
    phrase = re.sub(r"\s+that\b.*$", "", phrase)
    return phrase[:80] if len(phrase) >= 8 else None
