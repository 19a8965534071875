"""Whether a newly extracted event reports a contact already stored: pure functions, no database.

A report matches a stored event of the same pair when their dates are compatible (respecting precision: a
month-precision report matches a day in that month), their places and levels do not contradict each other,
and they share participants when both name them. Among compatible candidates the best-scoring one wins.

Every report has an *effective range*: the days its contact may have taken place on. A dated report covers
its date (a day, a month, a year); an undated one the days its publication allows for its status (a contact
reported as held took place in the weeks before publication, a scheduled one lies ahead). Stored events keep
their range in `date_start`/`date_end` (also when undated), so candidates are found through one index.
The publication is a day, or a span when only its month or year is known (`Published`). A day or an undated
report's window is compared with DAY_TOLERANCE at its edges: a report written the evening before in another
time zone, or a meeting over a month's last and next day, is still the same contact.

A background mention (an article recalling a contact) joins a stored event only when nothing in it
contradicts the event: a known level other than the event's, places that differ, named participants none of
whom the event has, or talks between governments recalled against a Red Cross contact (`same_sides`).
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import re
from dataclasses import dataclass
from pathlib import Path

from extractors.events import LEVEL_RANK, Event, parse_partial_date

# Meetings last a day or two and reports round to the day they were written: allow this much drift
# between two day-precision dates of one contact.
DAY_TOLERANCE = 1
# An undated report of a contact that took place is matched with events of the same pair this close
# before its publication.
UNDATED_WINDOW_DAYS = 45
# An undated plan (scheduled, proposed) lies ahead of the article that reports it, at most this far.
UNDATED_PLAN_DAYS = 180
# No effective range is longer than this (a year-precision date is 365 or 366 days): the candidate query
# looks this far back from a report's range for stored ranges that overlap it.
MAX_SPAN_DAYS = 366
STATUS_ORDER = {"proposed": 0, "scheduled": 1, "refused": 2, "cancelled": 2, "ongoing": 3, "held": 4}
PRECISION_RANK: dict[str | None, int] = {None: 0, "year": 1, "month": 2, "day": 3}
_STATES = Path(__file__).resolve().parents[1] / "extractors" / "data" / "states.json"

_RULES = Path(__file__).resolve().parent / "data" / "matching.json"

DateRange = tuple[dt.date, dt.date]
# When an article was published: a day, or (first, last day) when only its month or year is known.
Published = dt.date | DateRange | None


@dataclass(frozen=True)
class Candidate:
    """The parts of a stored event that matching looks at."""

    id: int
    date_start: dt.date | None
    date_end: dt.date | None
    date_precision: str | None
    location: str | None
    level: str
    status: str
    participant_names: frozenset[str]
    # Its evidence says the contact was between the two governments (see `government_talks`).
    government: bool = False
    # Linked to the very article being applied (a re-extraction): it is the same report again.
    same_article: bool = False


def date_range(event: Event) -> DateRange | None:
    return parse_partial_date(event.date) if event.date else None


def publication_span(published: Published) -> DateRange | None:
    if published is None or isinstance(published, tuple):
        return published
    return published, published


def publication_period(first: dt.date, precision: str | None) -> Published:
    """A stored publication date (`articles.published`, the period's first day) and its precision as a day
    or the span of its month or year."""
    if precision == "year":
        return first, dt.date(first.year, 12, 31)
    if precision == "month":
        nxt = dt.date(first.year + first.month // 12, first.month % 12 + 1, 1)
        return first, nxt - dt.timedelta(days=1)
    return first


def effective_range(event: Event, published: Published) -> DateRange | None:
    """The days the reported contact may have taken place on (see the module docstring); None when the
    report has no date and no publication date."""
    rng = date_range(event)
    if rng is not None:
        return rng
    span = publication_span(published)
    if span is None:
        return None
    first, last = span
    if event.status in ("scheduled", "proposed"):
        return first, last + dt.timedelta(days=UNDATED_PLAN_DAYS)
    if event.status in ("cancelled", "refused"):
        return first - dt.timedelta(days=UNDATED_WINDOW_DAYS), last + dt.timedelta(days=UNDATED_PLAN_DAYS)
    return first - dt.timedelta(days=UNDATED_WINDOW_DAYS), last


def overlap_bounds(event: Event, published: Published) -> tuple[dt.date, dt.date, dt.date] | None:
    """(min date_start, max date_start, min date_end) of the stored events whose range can be compatible
    with this report's: an index range scan on (pair, date_start) plus a filter on date_end."""
    rng = effective_range(event, published)
    if rng is None:
        return None
    pad = dt.timedelta(days=DAY_TOLERANCE)
    return rng[0] - dt.timedelta(days=MAX_SPAN_DAYS) - pad, rng[1] + pad, rng[0] - pad


def ranges_compatible(
    a: DateRange | None, a_precision: str | None, b: DateRange | None, b_precision: str | None
) -> bool:
    """Symmetric: two day-precision dates within DAY_TOLERANCE; otherwise the coarser range (a month, a
    year, an undated report's window) must overlap the finer one. An unknown range is compatible with all."""
    if a is None or b is None:
        return True
    if a_precision == "day" and b_precision == "day":
        return abs((a[0] - b[0]).days) <= DAY_TOLERANCE
    # A day or a publication window may sit a day off a month's or year's edge (time zones); two months or
    # two years that differ are two contacts.
    pad = dt.timedelta(days=DAY_TOLERANCE if {a_precision, b_precision} & {"day", None} else 0)
    return a[0] <= b[1] + pad and b[0] <= a[1] + pad


def dates_compatible(event: Event, cand: Candidate, published: Published) -> bool:
    cand_range = (cand.date_start, cand.date_end) if cand.date_start and cand.date_end else None
    return ranges_compatible(effective_range(event, published), event.date_precision, cand_range, cand.date_precision)


@functools.lru_cache(maxsize=1)
def _gazetteer() -> tuple[dict[str, str], dict[str, str]]:
    """(state name -> ISO3, city -> ISO3), lower case, from the extractor's state list."""
    try:
        data = json.loads(_STATES.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}, {}
    states: dict[str, str] = {}
    cities: dict[str, str] = {}
    for state in data.get("states", []):
        iso3 = str(state.get("iso3", ""))
        for name in [state.get("name"), *state.get("aliases", [])]:
            place = _norm_place(name) if isinstance(name, str) else None
            if place and not place.startswith("the "):
                states.setdefault(place, iso3)
        for name in [*state.get("capitals", []), *state.get("cities", [])]:
            place = _norm_place(name) if isinstance(name, str) else None
            if place:
                cities.setdefault(place, iso3)
    for place in set(states) & set(cities):  # city states (Singapore) are places, not regions
        del states[place]
    return states, cities


def country_names() -> frozenset[str]:
    """Names of states (lower case): a location that is one says less than a city."""
    return frozenset(_gazetteer()[0])


def _norm_place(value: str | None) -> str | None:
    if not value:
        return None
    v = value.lower().replace("ulan bator", "ulaanbaatar").replace(".", "").strip()
    return v.split(",")[0].strip() or None


def is_country_level(location: str | None) -> bool:
    place = _norm_place(location)
    return place is not None and place in _gazetteer()[0]


def places_compatible(a: str | None, b: str | None) -> bool | None:
    """True when both name the same place, False when they name different ones, None when either is
    missing, or one is a country and the other a place in it (or a place we cannot locate)."""
    here, there = _norm_place(a), _norm_place(b)
    if not here or not there:
        return None
    if here == there or here in there or there in here:
        return True
    states, cities = _gazetteer()
    if here in states or there in states:
        state_here = states.get(here) or cities.get(here)
        state_there = states.get(there) or cities.get(there)
        if state_here is None or state_there is None or state_here == state_there:
            return None
    return False


def names_of(participants: object) -> frozenset[str]:
    """Surnames (last word, lower case) of participants given as Participant models or stored dicts."""
    out: set[str] = set()
    for p in participants if isinstance(participants, list | tuple) else ():
        name = p.get("name") if isinstance(p, dict) else getattr(p, "name", None)
        if isinstance(name, str) and name.split():
            out.add(name.lower().split()[-1])
    return frozenset(out)


@functools.lru_cache(maxsize=1)
def _rules() -> tuple[frozenset[str], frozenset[str]]:
    """(government cue words, levels that are not talks between governments) from storage/data."""
    data = json.loads(_RULES.read_text(encoding="utf-8"))
    return frozenset(data["government_cues"]), frozenset(data["non_government_levels"])


def government_talks(evidence: object) -> bool:
    """Whether evidence (Evidence models or stored dicts) says the contact was between the governments."""
    cues, _ = _rules()
    for ev in evidence if isinstance(evidence, list | tuple) else ():
        text = ev.get("text") if isinstance(ev, dict) else getattr(ev, "text", None)
        if isinstance(text, str) and cues & set(re.findall(r"[a-z]+(?:-[a-z]+)*", text.lower())):
            return True
    return False


def same_sides(level_a: str, government_a: bool, level_b: str, government_b: bool) -> bool:
    """False when one is talks between governments and the other a Red Cross (or parliamentary) contact."""
    _, other = _rules()
    return not ((government_a and level_b in other) or (government_b and level_a in other))


def statuses_compatible(report: str, stored: str) -> bool:
    """A report of a plan cannot be a contact that already took place when it comes in as undated: that is
    handled by the effective range. Here only contradictions: a refusal is not a meeting that was held."""
    pair = {report, stored}
    return not ({"held", "ongoing"} & pair and "refused" in pair)


def score(event: Event, cand: Candidate, published: Published) -> float | None:
    """None when the two cannot be the same contact; otherwise higher is a better match. A background
    mention is held to "nothing contradicts": any other known level, or named participants none of whom the
    event has, rule it out (a report may refine a level by one rank or name other people)."""
    if not dates_compatible(event, cand, published):
        return None
    if not statuses_compatible(event.status, cand.status):
        return None
    if not same_sides(event.level, government_talks(event.evidence), cand.level, cand.government):
        return None
    total = 1.0
    place = places_compatible(event.location, cand.location)
    if place is False:
        return None
    if place:
        total += 1.0
    if event.level != "unknown" and cand.level != "unknown":
        if event.level == cand.level:
            total += 1.0
        elif event.background or abs(LEVEL_RANK[event.level] - LEVEL_RANK.get(cand.level, 0)) >= 2:
            return None
    names = names_of(event.participants)
    if names and cand.participant_names:
        if names & cand.participant_names:
            total += 1.0
        elif event.background:
            return None
        else:
            total -= 0.5
    if event.status == cand.status:
        total += 0.25
    rng = date_range(event)
    if rng and cand.date_start and event.date_precision == cand.date_precision:
        total += 0.5 if rng[0] == cand.date_start else 0.0
    if cand.same_article:
        total += 3.0
    return total


def _distance(event: Event, cand: Candidate, published: Published) -> int:
    """Days between an undated report's publication and a candidate's contact: an undated report of a
    contact is news of the latest one that fits, not of an older one in its window. 0 for dated reports."""
    span = publication_span(published)
    if event.date or span is None or cand.date_end is None:
        return 0
    return abs((span[1] - cand.date_end).days)


def best_match(event: Event, candidates: list[Candidate], published: Published) -> Candidate | None:
    scored = [(s, c) for c in candidates if (s := score(event, c, published)) is not None]
    if not scored:
        return None
    scored.sort(key=lambda sc: (-sc[0], _distance(event, sc[1], published), sc[1].id))
    return scored[0][1]


def same_contact(first: Event, second: Event, published: Published) -> bool:
    """Whether two events of one article are one contact told twice ("met in Stockholm on May 28" and "the
    talks in May"): both dated, dates compatible, and nothing contradicting (as `score`). An undated
    mention next to a dated one is another contact (the extractor keeps exact repeats apart already)."""
    if not first.date or not second.date or first.countries != second.countries:
        return False
    rng = date_range(first)
    if rng is None:
        return False
    cand = Candidate(
        id=0,
        date_start=rng[0],
        date_end=rng[1],
        date_precision=first.date_precision,
        location=first.location,
        level=first.level,
        status=first.status,
        participant_names=names_of(first.participants),
        government=government_talks(first.evidence),
    )
    probe = second.model_copy(update={"background": True}) if first.background else second
    return score(probe, cand, published) is not None


def merged_status(old: str, new: str) -> str:
    """Held is final; a cancellation overrides a plan; otherwise the more advanced status wins."""
    if old in ("held", new):
        return old
    if new == "held":
        return new
    return new if STATUS_ORDER.get(new, 0) >= STATUS_ORDER.get(old, 0) else old


def finer_date(old: tuple[str | None, str | None], new: tuple[str | None, str | None]) -> tuple[str | None, str | None]:
    """Keep the most precise date of the two (date, precision) pairs."""
    return new if PRECISION_RANK.get(new[1], 0) > PRECISION_RANK.get(old[1], 0) else old
