"""From contact mentions to EVENTs: merging repeated mentions, news vs background, level, confidence, codes.

The same contact is often mentioned several times in one article ("held talks on Sunday ... The two-day
meeting in Beijing ... At the North Korean Embassy, the venue of the first day of the meeting"); mentions
merge when they have the same sides, compatible dates, compatible statuses and the same background flag.

A contact is background when the article only recalls it: its clause says so ("since talks in Stockholm",
"followed their brief chat", "Those talks", "then Prime Minister"), its date lies well before publication, or
its participants had left the offices they held then.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from extractors.contact_model import GOVERNMENT_LEVEL
from extractors.contact_words import CIVILIAN_HEADS, SPECIAL_CHANNELS
from extractors.contacts import ContactMention, DocAnalysis, PersonInfo
from extractors.cues import cues
from extractors.dates import closes_span, find_dates
from extractors.events import (
    LEVEL_RANK,
    Event,
    Evidence,
    Level,
    Mode,
    Participant,
    Precision,
    Status,
    codes_for,
    level_of,
    parse_partial_date,
)
from extractors.gazetteer import gazetteer

if TYPE_CHECKING:
    from spacy.tokens import Token

# Outside the lede, a day-precision contact more than this long before publication is recalled, not reported.
OLD_DAYS_DAY = 14
# Outside the lede, a month-precision contact this many months before publication's month is recalled
# ("in July" in an Aug. 29 story is news, "in March" in a May story is not).
OLD_MONTHS = 2
# In the lede, only contacts older than this are recollections.
OLD_DAYS_LEDE = 365
# ... unless nothing says it is being revealed now and it lies this many days back.
OLD_DAYS_LEDE_PLAIN = 90
# Multi-day talks are reported under each of their days; day dates this close are one contact.
SAME_CONTACT_DAYS = 2
MAX_EVIDENCE = 4
# A lede date is borrowed only by contacts mentioned this early, and only if this recent.
LEDE_SENTENCES = 3
LEDE_MAX_DAYS = 7
# "Agreed to resume talks after officials met on Saturday": in the lede, a contact this recent is the news
# even though a relative-time word governs it.
RECENT_DAYS = 7
_WEEK = dt.timedelta(days=RECENT_DAYS)

_GROUP = {
    "held": "held",
    "ongoing": "held",
    "scheduled": "plan",
    "proposed": "plan",
    "cancelled": "cancelled",
    "refused": "refused",
}


@dataclass
class Draft:
    countries: tuple[str, str]
    background: bool
    mentions: list[ContactMention] = field(default_factory=list)
    date: str | None = None
    precision: str | None = None
    span_days: int = 1
    fallback_location: str | None = None
    leader_levels: dict[str, str] = field(default_factory=dict)  # "the Japanese side was led by ..."
    date_inferred: bool = False  # only the report's month: the text dates the contact no closer
    # Cities the article names for its news contact outside the contact's sentences: places a side travelled
    # to ("The delegation flew to Shenyang"), a venue described ("The venue, a hotel in Dalian,").
    context_cities: list[str] = field(default_factory=list)
    venue_cities: list[str] = field(default_factory=list)
    # Told in the story the dateline files (its headline or the sentence the dateline opens): only then may the
    # dateline's place be the contact's. A press review or a statement filed from "Pyongyang, March 12
    # (KCNA) --" that mentions a meeting further down does not say the meeting was there.
    in_dateline_story: bool = True

    @property
    def group(self) -> str:
        return _GROUP[self.mentions[0].status]


def is_history_genre(text: str) -> bool:
    """Whether the headline labels the story an explainer, a Q&A, a timeline or an analysis ("Explained: Every time
    the U.S. and North Korea have sat down", "Q&A: A year after their treaty ..."). A question alone is no such
    label: news headlines ask them too ("U.S., Russian Spy Chiefs Spoke to One Another, But What About?")."""
    headline = text.split("\n", 1)[0].strip()
    low = headline.lower()
    return any(
        low.startswith(label) and low[len(label) :].lstrip()[:1] in (":", "\u2014", "\u2013", "-", "|")
        for label in cues().history_genre_labels
    )


def is_recent(date: str | None, precision: str | None, published: dt.date | None) -> bool:
    """A day-precision contact in the week before publication: the news, even "after" or "following" it."""
    if date is None or published is None or precision != "day":
        return False
    return 0 <= (published - parse_partial_date(date)[0]).days <= RECENT_DAYS


def is_old(
    date: str | None, precision: str | None, published: dt.date | None, *, lede: bool = False, revealed: bool = True
) -> bool:
    """True when a contact dated `date` lies far enough before publication to be a recollection.

    Outside the lede, a contact more than two weeks old (or dated before last month) is being recalled. In
    the lede it is the news even when months old: secret meetings are often revealed long after the fact
    ("held secret talks in China in March, sources said"); only a contact over a year old is recalled there.
    """
    if date is None or published is None or precision is None:
        return False
    first, last = parse_partial_date(date)
    if precision == "year":
        return first.year < published.year
    if lede:
        # Not a revelation (no sources, no "reportedly"): a lede contact months back is the background of some
        # other news ("Xi sent Kim a message ... The two leaders met in Beijing in September last year", "Lavrov
        # will visit Pyongyang in October ... The two ministers met in Moscow in June"), in any year.
        if not revealed and (published - last).days > OLD_DAYS_LEDE_PLAIN:
            return True
        return (published - last).days > OLD_DAYS_LEDE
    if precision == "month":
        return (published.year * 12 + published.month) - (first.year * 12 + first.month) >= OLD_MONTHS
    return (published - first).days > OLD_DAYS_DAY


def _compatible_dates(a: str | None, pa: str | None, b: str | None, pb: str | None, span: int = 1) -> bool:
    if a is None or b is None:
        return True
    a0, a1 = parse_partial_date(a)
    b0, b1 = parse_partial_date(b)
    if pa == "day" and pb == "day":
        # Talks of a stated length ("five-day talks") are one contact over all of their days.
        return abs((a0 - b0).days) <= max(SAME_CONTACT_DAYS, span - 1)
    return a0 <= b1 and b0 <= a1


def _refine(draft: Draft, date: str | None, precision: str | None) -> None:
    if date is None:
        return
    rank = {"day": 0, "month": 1, "year": 2}
    if draft.date is None or rank[precision or "year"] < rank[draft.precision or "year"]:
        draft.date, draft.precision = date, precision
    elif precision == draft.precision == "day" and date < draft.date:
        draft.date = date  # multi-day talks are dated by their first day


def merge(
    mentions: list[ContactMention],
    published: dt.date | None,
    period_end: dt.date | None = None,
    *,
    history_genre: bool = False,
) -> list[Draft]:
    """`period_end`: the last day of the publication month of a record that gives only its month.
    `history_genre`: the headline labels the story an explainer, a Q&A or an analysis (see `is_history_genre`)."""
    drafts: list[Draft] = []
    expanded: list[ContactMention] = []
    for m in mentions:
        expanded.append(m)
        if m.since is not None and m.status in ("held", "ongoing"):
            expanded.append(
                ContactMention(
                    countries=m.countries, status="held", background_cue=True, date=m.since[0],
                    precision=m.since[1], explicit_year=True, location=None, location_is_city=False,
                    venue=None, level_hint=m.level_hint,
                    side_levels={}, participants=[], mode="in_person", novelty=None, sent_start=m.sent_start,
                    sent_end=m.sent_end, sent_index=m.sent_index, why="since", trigger_text=m.trigger_text,
                )
            )  # fmt: skip
    restated = restated_as_coming(expanded, published)
    previewed = previewed_pairs(expanded, restated)
    # No publication day (a page with only its month): the lede's dated news contact stands in for it when
    # telling the story's recollections from its news ("started talks on October 28th ... held a day of talks
    # last month on the 29th").
    # Outside the lede, a contact is old against the story's day, its lede's news day, else the end of the month
    # it was published in ("in August 2025" in a May 2026 record).
    reference = published or _lede_news_day(expanded) or period_end
    for m in expanded:
        if m.countries in previewed and m.countries in restated and _headline_present(m):
            # The story tells only a coming contact ("are expected to meet"): the headline previews it.
            m = dataclasses.replace(m, status="scheduled", present=False, why=f"{m.why}; headline previews")  # noqa: PLW2901
        lede = m.sent_index <= LEDE_SENTENCES
        # "after Monday's meeting": a relative cue says only that the contact came before the act told; a contact
        # days old is the news wherever it is told (its own day, not a recollection).
        cue = m.background_cue and not (m.background_relative and is_recent(m.date, m.precision, published))
        old = is_old(m.date, m.precision, published if lede else reference, lede=lede, revealed=m.reported)
        background = cue or old or m.out_of_office
        # An explainer tells a history: its contacts are recalled unless dated in the week before it.
        background = background or (history_genre and not is_recent(m.date, m.precision, published))
        # An article whose news is a coming contact recalls the pair's earlier, dated ones ("to meet again in
        # Beijing ... They held talks in Ulan Bator in mid-November"), unless one happened days ago.
        if m.countries in previewed and _GROUP[m.status] == "held" and m.date is not None:
            background = background or not is_recent(m.date, m.precision, published)
        target = None
        for d in reversed(drafts):
            if (
                d.countries == m.countries
                and d.background == background
                and d.group == _GROUP[m.status]
                and _compatible_dates(d.date, d.precision, m.date, m.precision, max(d.span_days, m.span_days))
            ):
                target = d
                break
        if target is None:
            if m.anaphoric:
                continue
            target = Draft(m.countries, background)
            drafts.append(target)
        target.mentions.append(m)
        target.span_days = max(target.span_days, m.span_days)
        _refine(target, m.date, m.precision)
    return drafts


def _lede_news_day(mentions: list[ContactMention]) -> dt.date | None:
    days = [
        dt.date.fromisoformat(m.date)
        for m in mentions
        if m.sent_index <= LEDE_SENTENCES
        and m.date is not None
        and m.precision == "day"
        and _GROUP[m.status] == "held"
        and not m.background_cue
        and not m.anaphoric
    ]
    return max(days) if days else None


def previewed_pairs(
    mentions: list[ContactMention], restated: set[tuple[str, str]] | None = None
) -> set[tuple[str, str]]:
    """Pairs whose news (headline and lede) is a coming or proposed contact and no contact that took place.

    A plan that is the outcome of a meeting ("Kishida and Xi agreed to resume dialogue") does not make the
    article a preview: the meeting that agreed it may be told later in the story."""
    plan: set[tuple[str, str]] = set()
    held: set[tuple[str, str]] = set()
    restated = restated or set()
    for m in mentions:
        if m.sent_index > LEDE_SENTENCES or m.anaphoric:
            continue
        if _GROUP[m.status] == "plan" and "agree" not in m.why:
            plan.add(m.countries)
        # A dated contact told after the lede's coming one is its history ("will meet in Beijing on Friday ...
        # The two sides met in Shenyang in January"): only an undated one, or one before the plan is told, is
        # news of its own.
        elif (
            _GROUP[m.status] == "held"
            and not m.background_cue
            and (m.countries not in plan or m.date is None)
            and not (m.countries in restated and _headline_present(m))
        ):
            held.add(m.countries)
    return plan - held


def _headline_present(m: ContactMention) -> bool:
    """An undated contact told in the headline's present tense ("Kono And Lavrov Meet To Discuss Treaty")."""
    return m.present and m.sent_index == 0 and m.date is None and _GROUP[m.status] == "held"


def restated_as_coming(mentions: list[ContactMention], published: dt.date | None) -> set[tuple[str, str]]:
    """Pairs whose headline's present-tense contact the lede restates with the same word as coming.

    A headline's present is the news of the day or a preview, and only the story says which: "Kono And Lavrov
    Meet To Discuss Peace Treaty" over "the two ministers are expected to meet in Moscow" is a preview. The
    lede must tell the same act (the headline's verb, "meet" / "are expected to meet"), not something planned
    at it ("are expected to discuss ... during the talks") or a further one ("another round", "will meet again
    next year": dated beyond the coming week)."""
    heads = {(m.countries, _stem(m.trigger_text)) for m in mentions if _headline_present(m)}
    return {
        m.countries
        for m in mentions
        if 0 < m.sent_index <= LEDE_SENTENCES
        and not m.anaphoric
        and _GROUP[m.status] == "plan"
        and "agree" not in m.why
        and m.novelty is None
        and (m.date is None or published is None or parse_partial_date(m.date)[0] <= published + _WEEK)
        and (m.countries, _stem(m.trigger_text)) in heads
    }


def _stem(word: str) -> str:
    return word.lower().removesuffix("s")


def fill_from_context(drafts: list[Draft], analysis: DocAnalysis) -> None:
    """Date and place of a news contact from the article's lede and visits, when its own sentences lack them.

    A wire story often dates its lede ("Kim Jong Il today admitted ...", "North Korea gave a report Wednesday
    ..., as the two nations kicked off talks") and names the contact's place only in a visit ("who arrived in
    Pyongyang on Tuesday"). Only news contacts reported in the first sentences borrow a lede date, and only
    a date within a week before publication.
    """
    published = analysis.published
    for d in drafts:
        if d.background or d.group != "held":
            continue
        own = [m for m in d.mentions if not m.anaphoric]
        d.leader_levels = {}
        for code, cat in analysis.side_leaders.items():
            for side in d.countries if code == "*" else (code,):
                if side in d.countries or side == "?":
                    d.leader_levels.setdefault(side, cat)
        if d.date is None and published is not None and any(m.sent_index <= LEDE_SENTENCES for m in own):
            found = lede_date(analysis)
            if found is not None:
                d.date, d.precision = found, "day"
        if d.date is None and published is not None and own:
            # Told further down ("Now that Kono held talks with Pompeo"), the contact is still the lede's when
            # the lede's dated clause has both its sides as subject ("Kono and his US counterpart, Mike
            # Pompeo, agreed on Monday").
            found = lede_date(analysis, d.countries)
            if found is not None:
                d.date, d.precision = found, "day"
        undated = d.date is None or (
            published is not None and d.precision in ("month", "year") and published.isoformat().startswith(d.date)
        )
        if undated and published is not None and any(m.present and m.sent_index <= LEDE_SENTENCES for m in own):
            # Told in the present in the headline or lede ("X meets Y", "leaders are meeting"), with
            # nothing dating it closer than the period it is in ("their third summit this year"): the news of
            # the day the report was published.
            d.date, d.precision = published.isoformat(), "day"
        if d.date is None and own:
            _month_of_report(d, analysis)
        d.in_dateline_story = _in_dateline_story(own, analysis, d.countries)
        d.venue_cities = list(analysis.venue_cities)
        d.context_cities = [place for _, place, is_city in analysis.visits if is_city] + d.venue_cities
        if not any(m.location for m in d.mentions):
            for code, place, is_city in analysis.visits:
                if code in d.countries:
                    d.fallback_location = place
                    if is_city:
                        break


def _in_dateline_story(own: list[ContactMention], analysis: DocAnalysis, pair: tuple[str, str]) -> bool:
    """Whether a contact is told in the headline above the dateline or in the sentence the dateline opens, or
    that sentence is about both its sides ("AMMAN -- The two ministers agreed on Monday ...")."""
    start, end = analysis.dateline_span
    if (start, end) == (0, 0):
        return True
    text = analysis.text
    if any(m.sent_end <= start or (m.sent_start >= end and not text[end : m.sent_start].strip()) for m in own):
        return True
    lede = next((s for s in analysis.doc.sents if s.end_char > end), None)
    return lede is not None and gazetteer().names_a_pair(text[end : lede.end_char], [pair])


def _month_of_report(d: Draft, analysis: DocAnalysis) -> None:
    """A news contact nothing in the article dates ("met ... on Thursday" in a record with only its month,
    "during his latest trip"): the month of the story's own day, when the week before that day lies in it,
    or the publication month of a record that gives only that. Never a day."""
    day = analysis.published
    if day is not None and day.day > RECENT_DAYS:
        d.date, d.precision, d.date_inferred = f"{day.year:04d}-{day.month:02d}", "month", True
    elif day is None and analysis.period_end is not None:
        end = analysis.period_end
        d.date, d.precision, d.date_inferred = f"{end.year:04d}-{end.month:02d}", "month", True


def lede_date(analysis: DocAnalysis, actors: tuple[str, str] | None = None) -> str | None:
    """The first day date of the lede within a week before publication; with `actors`, only one whose
    clause has both of those states as its subject."""
    published = analysis.published
    if published is None:
        return None
    reporting = cues().reporting_verbs
    for n, sent in enumerate(analysis.doc.sents):
        if n > LEDE_SENTENCES:
            break
        for dm in find_dates(sent.text, published, "past", offset=sent.start_char):
            if dm.precision != "day" or dm.date is None or analysis.in_dateline(dm.start):
                continue
            if closes_span(analysis.text, dm.start):
                continue
            day = dt.date.fromisoformat(dm.date)
            if not 0 <= (published - day).days <= LEDE_MAX_DAYS:
                continue
            span = analysis.doc.char_span(dm.start, dm.end, alignment_mode="expand")
            if span is not None and span.root.head.lower_ in reporting:
                continue
            if actors is not None and (span is None or not _subject_names(span.root, actors)):
                continue
            return dm.date
    return None


def _subject_names(tok: Token, actors: tuple[str, str]) -> bool:
    verb = tok
    for _ in range(8):
        if verb.pos_ in ("VERB", "AUX") or verb.head.i == verb.i:
            break
        verb = verb.head
    subjects = [ch for ch in verb.children if ch.dep_ in ("nsubj", "nsubjpass")]
    if not subjects:
        return False
    text = " ".join("".join(t.text_with_ws for t in s.subtree) for s in subjects)
    return gazetteer().names_a_pair(text, [actors])


def _status(draft: Draft) -> Status:
    statuses = [m.status for m in draft.mentions if not m.anaphoric] or [m.status for m in draft.mentions]
    order: tuple[Status, ...] = ("held", "scheduled", "cancelled", "refused", "ongoing", "proposed")
    for preferred in order:
        if preferred in statuses:
            if preferred == "held" and all(s == "ongoing" for s in statuses[:1]):
                return "ongoing"
            return preferred
    return statuses[0]


def _level(draft: Draft) -> Level:
    hints = [m.level_hint for m in draft.mentions if m.level_hint and m.level_hint != GOVERNMENT_LEVEL]
    if hints:
        # A channel beats a rank: "working-level talks" that "the meeting, between colonels" shows are military.
        return level_of(next((h for h in hints if h in SPECIAL_CHANNELS), hints[0]))
    per_side: dict[str, str] = {}
    for m in draft.mentions:
        for code, cat in m.side_levels.items():
            if code not in per_side or _outranks(cat, per_side[code]):
                per_side[code] = cat
    for code, cat in draft.leader_levels.items():
        if code in draft.countries:
            per_side.setdefault(code, cat)
    cats = [per_side[c] for c in draft.countries if c in per_side]
    if not cats and "?" in draft.leader_levels:
        # Only one side's rank is stated and the article does not say which side: that rank.
        return level_of(draft.leader_levels["?"])
    if not cats:
        return "senior_officials" if any(m.level_hint == GOVERNMENT_LEVEL for m in draft.mentions) else "unknown"
    if len(cats) == 1 or cats[0] == cats[1]:
        return level_of(cats[0])
    special = [c for c in cats if c in SPECIAL_CHANNELS]
    if len(special) == 2:
        return "unknown"
    if len(special) == 1:
        return level_of(special[0])
    return level_of(min(cats, key=lambda c: LEVEL_RANK.get(c, 0)))


def _outranks(cat: str, prev: str) -> bool:
    """Whether a side's newly stated rank replaces the one it had: a channel (Red Cross, intelligence, armed
    forces) replaces a plain rank, except that a foreign minister or leader at the table makes talks with defence
    ministers (a "2+2") diplomatic, not military."""
    if prev == "military" and cat in CIVILIAN_HEADS:
        return True
    if cat == "military" and prev in CIVILIAN_HEADS:
        return False
    return cat in SPECIAL_CHANNELS and prev not in SPECIAL_CHANNELS


def _participants(draft: Draft) -> tuple[Participant, ...]:
    seen: dict[str, Participant] = {}
    for m in draft.mentions:
        for person, code in m.participants:
            if code not in draft.countries:
                continue
            key = person.name.lower()
            if key not in seen:
                seen[key] = _participant(person, code, draft)
    # The parser may also see a cut-off name ("Choe Son" of "Choe Son Hui"): keep the full one only.
    return tuple(
        p
        for key, p in seen.items()
        if not any(other != key and other.startswith(key + " ") and seen[other].country == p.country for other in seen)
    )


def _participant(person: PersonInfo, code: str, draft: Draft) -> Participant:
    title = person.title
    if person.official is not None and draft.date is not None:
        # The title the person held when the contact took place ("Kishida" was Foreign Minister in 2015).
        year = int(draft.date[:4])
        for off in gazetteer().officials:
            if off.name == person.official.name and off.in_office(year):
                title = off.title
                break
    return Participant(name=person.name, title=title, country=code)


def _location(draft: Draft, dateline: str | None, background: bool, dateline_code: str | None = None) -> str | None:
    """The contact's place from everything the article says about it, nearest evidence first: a place in a
    mention's own clause, a city named elsewhere in its sentences, a visit, then the dateline."""
    g = gazetteer()
    cities = [m.location for m in draft.mentions if m.location and m.location_is_city]
    if cities:
        return cities[0]
    nearby = [c for m in draft.mentions for c in m.sentence_cities]
    countries = [m.location for m in draft.mentions if m.location]
    if countries:
        code = g.resolve_country(countries[0])
        # "in Vietnam" here, "in Hanoi" in another sentence about the same contact: the city.
        # "in China" here, "flew to Shenyang" or "the venue, a hotel in Dalian" elsewhere: the city.
        in_country = [c for c in nearby + draft.context_cities if code is not None and g.resolve_country(c) == code]
        # "on a visit to the DPRK" under a "PYONGYANG --" dateline: the dateline's city.
        if dateline and code is not None and (g.resolve_country(dateline) or dateline_code) == code:
            in_country.append(dateline)
        if in_country:
            return in_country[0]
        return g.country_names.get(code, countries[0]) if code else countries[0]
    # A call is where its sentences say a side placed it ("placed the call from Moscow"), never where a visit
    # went ("first met in Tokyo ..., when Trump visited Japan") nor where the story was filed.
    remote = any(m.mode in ("phone", "video") for m in draft.mentions)
    if draft.fallback_location and not remote:
        code = g.resolve_country(draft.fallback_location)
        if (
            dateline
            and code is not None
            and g.country_names.get(code) == draft.fallback_location
            and (g.resolve_country(dateline) or dateline_code) == code
        ):
            return dateline  # "a visit to the DPRK" filed from "PYONGYANG --": the city
        return draft.fallback_location
    if background or draft.group != "held":
        return None
    if nearby:
        return nearby[0]
    if draft.venue_cities:
        return draft.venue_cities[0]
    if dateline and not remote:
        # "EVIAN-LES-BAINS, France --": a place the gazetteer lacks, in the country named after it.
        code = g.resolve_country(dateline) or dateline_code
        # A dateline in one side's country says where the contact was only when the story was filed there
        # about a visit ("PYONGYANG -- Kim received visiting ...", "met here").
        visiting = any(m.visit_cue or m.venue for m in draft.mentions) or (
            all(m.mode == "in_person" and not m.reported for m in draft.mentions)
        )
        if code is not None and draft.in_dateline_story and (code not in draft.countries or visiting):
            return dateline
    return None


def _precision(value: str | None) -> Precision | None:
    for precision in ("day", "month", "year"):
        if value == precision:
            return precision
    return None


def _confidence(draft: Draft, participants: tuple[Participant, ...], status: Status) -> float:
    own = [m for m in draft.mentions if not m.anaphoric]
    score = 0.55
    if len(own) >= 2:
        score += 0.12
    if draft.date is not None and not draft.date_inferred:
        score += 0.08
    if {p.country for p in participants} >= set(draft.countries):
        score += 0.1
    if any(m.sent_index <= 2 for m in own):
        score += 0.08
    if any(m.reported for m in own):
        score -= 0.05
    if all(m.why in ("noun phrase",) for m in own):
        score -= 0.1
    if status in ("proposed",):
        score -= 0.05
    return round(min(0.97, max(0.05, score)), 2)


def to_events(  # noqa: PLR0917 - the one call site passes the analysis fields
    drafts: list[Draft],
    text: str,
    article_id: str,
    dateline: str | None,
    offset: int = 0,
    dateline_code: str | None = None,
) -> list[Event]:
    """EVENTs of the drafts; `text` is the article text, which starts `offset` characters into the parsed one
    (a headline not repeated in the text is parsed in front of it; evidence can only point into the text)."""
    events: list[Event] = []
    for d in drafts:
        status = _status(d)
        own = [m for m in d.mentions if not m.anaphoric]
        modes = [m.mode for m in own if m.mode != "in_person"]
        mode: Mode = modes[0] if modes else "in_person"
        spans = sorted({(m.sent_start - offset, m.sent_end - offset) for m in d.mentions if m.sent_start >= offset})
        spans = spans[:MAX_EVIDENCE]
        if not spans:
            continue  # supported by the headline alone: nothing in the article text to show for it
        evidence = tuple(Evidence(article=article_id, start=s, end=e, text=text[s:e]) for s, e in spans)
        participants = _participants(d)
        venues = [m.venue for m in d.mentions if m.venue]
        novelty = next((m.novelty for m in d.mentions if m.novelty), None) if not d.background else None
        events.append(
            Event(
                status=status,
                countries=d.countries,
                date=d.date,
                date_precision=_precision(d.precision),
                location=_location(d, dateline, d.background, dateline_code),
                venue=venues[0] if venues else None,
                level=_level(d),
                mode=mode,
                participants=participants,
                background=d.background,
                novelty=novelty,
                confidence=_confidence(d, participants, status),
                codes=codes_for(status, mode),
                evidence=evidence,
            )
        )
    return events
