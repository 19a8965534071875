"""Novelty claims read leniently and checked against the gap computed from stored history."""

from __future__ import annotations

import datetime as dt

import pytest

from storage.novelty import check, parse_claim

SEP_2018 = dt.date(2018, 9, 26)
AUG_2015 = (dt.date(2015, 8, 1), dt.date(2015, 8, 31))


@pytest.mark.parametrize(
    ("claim", "kind", "months"),
    [
        ("first in three years", "gap", 36),
        ("first face-to-face talks between the two in more than three years", "gap", 36),
        ("first in 18 months", "gap", 18),
        ("first in nearly four years", "gap", 48),
        ("first in over a decade", "gap", 120),
        ("first in two decades", "gap", 240),
        ("first in a couple of years", "gap", 24),
        ("first in fifteen years", "gap", 180),
        ("first since 2012", "since", None),
        ("first since August 2015", "since", None),
        ("first since the Stockholm agreement in May 2014", "since", None),
        ("first-ever summit", "ever", None),
        ("the first such talks", None, None),
        (None, None, None),
    ],
)
def test_parse_claim(claim: str | None, kind: str | None, months: float | None) -> None:
    parsed = parse_claim(claim)
    assert (parsed.kind if parsed else None) == kind
    if months is not None:
        assert parsed is not None and parsed.months == months


@pytest.mark.parametrize(
    ("claim", "previous", "verdict"),
    [
        ("first in three years", AUG_2015, "consistent"),
        ("first in 3 years", AUG_2015, "consistent"),
        ("first in more than three years", AUG_2015, "consistent"),
        ("first in nearly four years", AUG_2015, "inconsistent"),  # it is just over three
        ("first in five years", AUG_2015, "inconsistent"),
        ("first in a year", AUG_2015, "inconsistent"),
        ("first since August 2015", AUG_2015, "consistent"),
        ("first since 2015", AUG_2015, "consistent"),
        ("first since 2012", AUG_2015, "inconsistent"),
        ("first-ever meeting", AUG_2015, "inconsistent"),
        ("first-ever meeting", None, "consistent"),
        ("first in three years", None, "unknown"),  # history does not reach back
        ("the first such talks", AUG_2015, "unknown"),  # nothing to compare
        (None, AUG_2015, "unknown"),
    ],
)
def test_check_against_history(claim: str | None, previous: tuple[dt.date, dt.date] | None, verdict: str) -> None:
    assert check(claim, SEP_2018, previous) == verdict


def test_a_claim_about_one_level_fits_that_levels_history() -> None:
    """ "First summit in 18 years" while ministers met last year: consistent with the summits' history."""
    ministers = (dt.date(2017, 9, 1), dt.date(2017, 9, 1))
    summit = (dt.date(2000, 9, 17), dt.date(2000, 9, 17))
    assert check("first summit in 18 years", SEP_2018, ministers, summit) == "consistent"
    assert check("first summit in 18 years", SEP_2018, ministers, ministers) == "inconsistent"
