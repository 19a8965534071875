"""Event matching as pure functions: date precision, places, levels, statuses; symmetry properties."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extractors.events import Event, Participant
from storage import event_matching as em
from storage.history import contact_lock_keys
from tests.support.storage import make_event

PUBLISHED = dt.date(2018, 9, 28)


def _cand(event: Event, published: dt.date | None = PUBLISHED, cid: int = 1) -> em.Candidate:
    """A stored event as `apply_extraction` would have created it from `event`."""
    rng = em.effective_range(event, published)
    return em.Candidate(
        id=cid,
        date_start=rng[0] if rng else None,
        date_end=rng[1] if rng else None,
        date_precision=event.date_precision,
        location=event.location,
        level=event.level,
        status=event.status,
        participant_names=em.names_of(event.participants),
    )


@pytest.mark.parametrize(
    ("a", "b", "compatible"),
    [
        (("2018-09-26", "day"), ("2018-09-26", "day"), True),
        (("2018-09-26", "day"), ("2018-09-27", "day"), True),  # one day of drift
        (("2018-09-26", "day"), ("2018-09-28", "day"), False),
        (("2018-09-26", "day"), ("2018-09", "month"), True),
        (("2018-09-26", "day"), ("2018-10", "month"), False),
        (("2018-09-26", "day"), ("2018", "year"), True),
        (("2018-09", "month"), ("2018", "year"), True),
        (("2018-09", "month"), ("2017", "year"), False),
        (("2018-09", "month"), ("2018-08", "month"), False),
        (("2018-09-26", "day"), (None, None), True),  # undated, published 2018-09-28: the weeks before
        (("2018-06-26", "day"), (None, None), False),
    ],
)
def test_date_precision_compatibility(
    a: tuple[str | None, str | None], b: tuple[str | None, str | None], compatible: bool
) -> None:
    ea = make_event(date=a[0], precision=a[1])
    eb = make_event(date=b[0], precision=b[1])
    assert em.dates_compatible(ea, _cand(eb), PUBLISHED) is compatible
    assert em.dates_compatible(eb, _cand(ea), PUBLISHED) is compatible


def test_undated_plans_look_ahead_and_undated_reports_look_back() -> None:
    held = make_event(date=None, status="held")
    plan = make_event(date=None, status="scheduled")
    assert em.effective_range(held, PUBLISHED) == (PUBLISHED - dt.timedelta(days=45), PUBLISHED)
    assert em.effective_range(plan, PUBLISHED) == (PUBLISHED, PUBLISHED + dt.timedelta(days=180))
    assert em.effective_range(held, None) is None
    # "Japan proposed more talks" after a meeting is not that meeting.
    met = make_event(date="2018-09-20")
    assert not em.dates_compatible(plan, _cand(met), PUBLISHED)
    # A meeting scheduled for next week and later reported as held (undated) is one contact.
    assert em.dates_compatible(held, _cand(make_event(date="2018-09-27", status="scheduled")), PUBLISHED)


def test_places_levels_and_statuses() -> None:
    ny = make_event(location="New York")
    assert em.score(make_event(location="Singapore"), _cand(ny), PUBLISHED) is None
    assert em.score(make_event(location="New York, USA"), _cand(ny), PUBLISHED) is not None
    # A country is no contradiction of a city in it (or anywhere: it says less).
    assert em.score(make_event(location="North Korea"), _cand(make_event(location="Pyongyang")), PUBLISHED) is not None
    assert em.is_country_level("Japan") and not em.is_country_level("Tokyo")
    assert em.score(make_event(level="working_level"), _cand(make_event(level="leaders")), PUBLISHED) is None
    assert em.score(make_event(level="senior_officials"), _cand(make_event(level="foreign_ministers")), PUBLISHED)
    assert em.score(make_event(status="refused"), _cand(make_event(status="held")), PUBLISHED) is None
    # Shared participants outscore strangers.
    same = em.score(make_event(names=("Kono",)), _cand(ny), PUBLISHED)
    other = em.score(make_event(names=("Someone Else",)), _cand(ny), PUBLISHED)
    assert same is not None and other is not None and same > other


def test_best_match_prefers_the_closer_report() -> None:
    day = _cand(make_event(date="2018-09-26"), cid=1)
    month = _cand(make_event(date="2018-09", precision="month", location=None), cid=2)
    assert em.best_match(make_event(date="2018-09-26"), [month, day], PUBLISHED) == day
    assert em.best_match(make_event(date="2018-08-01"), [month, day], PUBLISHED) is None


def test_status_merges() -> None:
    assert em.merged_status("scheduled", "held") == "held"
    assert em.merged_status("held", "cancelled") == "held"
    assert em.merged_status("scheduled", "cancelled") == "cancelled"
    assert em.merged_status("proposed", "scheduled") == "scheduled"
    assert em.finer_date(("2018-09", "month"), ("2018-09-26", "day")) == ("2018-09-26", "day")
    assert em.finer_date(("2018-09-26", "day"), (None, None)) == ("2018-09-26", "day")


_DAYS = st.dates(min_value=dt.date(2015, 11, 1), max_value=dt.date(2016, 2, 28))


@st.composite
def _events(draw: st.DrawFn) -> Event:
    day = draw(_DAYS)
    precision = draw(st.sampled_from(["day", "month", "year", None]))
    date = {"day": day.isoformat(), "month": day.isoformat()[:7], "year": str(day.year), None: None}[precision]
    return Event(
        status=draw(st.sampled_from(["held", "ongoing", "scheduled", "cancelled"])),
        countries=("JPN", "PRK"),
        date=date,
        date_precision=precision,
        location=draw(st.sampled_from([None, "Tokyo", "Pyongyang", "Japan"])),
        level=draw(st.sampled_from(["unknown", "leaders", "foreign_ministers", "working_level"])),
        participants=tuple(Participant(name=n) for n in draw(st.sets(st.sampled_from(["Abe", "Kim", "Ri"])))),
        confidence=0.9,
    )


@settings(max_examples=150, deadline=None)
@given(_events(), _events(), st.one_of(st.none(), _DAYS))
def test_matching_is_symmetric(a: Event, b: Event, published: dt.date | None) -> None:
    """Whether two reports can be one contact does not depend on which was stored first."""
    assert em.dates_compatible(a, _cand(b, published), published) == em.dates_compatible(
        b, _cand(a, published), published
    )
    assert (em.score(a, _cand(b, published), published) is None) == (
        em.score(b, _cand(a, published), published) is None
    )


@settings(max_examples=150, deadline=None)
@given(_events(), _events(), _DAYS, _DAYS)
def test_reports_that_can_match_share_a_lock(a: Event, b: Event, pub_a: dt.date, pub_b: dt.date) -> None:
    """The race fix: two articles whose events could be one contact always contend for one advisory lock."""
    ra, rb = em.effective_range(a, pub_a), em.effective_range(b, pub_b)
    if not em.ranges_compatible(ra, a.date_precision, rb, b.date_precision):
        return
    assert set(contact_lock_keys([a], pub_a)) & set(contact_lock_keys([b], pub_b))


@settings(max_examples=200, deadline=None)
@given(
    st.tuples(_DAYS, st.integers(0, 400)),
    st.sampled_from(["day", "month", "year", None]),
    st.tuples(_DAYS, st.integers(0, 400)),
    st.sampled_from(["day", "month", "year", None]),
)
def test_ranges_compatible_is_symmetric(
    a: tuple[dt.date, int], pa: str | None, b: tuple[dt.date, int], pb: str | None
) -> None:
    ra = (a[0], a[0] + dt.timedelta(days=a[1]))
    rb = (b[0], b[0] + dt.timedelta(days=b[1]))
    assert em.ranges_compatible(ra, pa, rb, pb) == em.ranges_compatible(rb, pb, ra, pa)
