"""An article's novelty claim ("first in three years", "first since August 2015", "first-ever") read
leniently, and compared with the gap that stored history computes: pure functions, no database.

`check(claim, gap_months, previous_range)` says `consistent`, `inconsistent` or `unknown` (no claim, a
claim we cannot read, or no previous contact in the history to compare with).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from types import EllipsisType
from typing import Literal

Verdict = Literal["consistent", "inconsistent", "unknown"]

_NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40,
    "fifty": 50, "half": 0.5, "several": 3, "many": 3, "some": 3, "a few": 2, "few": 2, "a couple of": 2,
    "couple of": 2,
}  # fmt: skip
_UNIT_MONTHS = {"week": 12 / 52, "month": 1, "year": 12, "decade": 120}
_MONTHS = {
    m: i
    for i, names in enumerate(
        [("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",), ("jun", "june"),
         ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"), ("oct", "october"),
         ("nov", "november"), ("dec", "december")],
        start=1,
    )
    for m in names
}  # fmt: skip
_NUM = (
    r"(?P<num>\d+(?:\.\d+)?|a\s+few|a\s+couple\s+of|couple\s+of|"
    + "|".join(sorted((k for k in _NUMBERS if " " not in k), key=len, reverse=True))
    + r")"
)
_QUAL = (
    r"(?:(?P<qual>more\s+than|over|nearly|almost|about|around|roughly|some|at\s+least|less\s+than|under|"
    r"just\s+over|just\s+under)\s+)?"
)
_GAP = re.compile(
    r"\b(?:in|for|after)\s+(?:the\s+(?:past|last)\s+)?" + _QUAL + _NUM + r"[\s-]+(?P<unit>week|month|year|decade)s?\b",
    re.IGNORECASE,
)
_SINCE = re.compile(
    r"\bsince\b(?:[^.;:!?\d]{0,40}?[\s-])?(?:(?P<month>[a-z]{3,9})\.?\s+)?"
    r"(?:\d{1,2},?\s+)?(?P<year>(?:19|20)\d{2})\b",
    re.IGNORECASE,
)
_EVER = re.compile(r"\bfirst[\s-]+ever\b|\bever\b|\bfor\s+the\s+first\s+time\b|\bfirst\s+time\s+ever\b", re.I)


@dataclass(frozen=True)
class Claim:
    """What a novelty phrase asserts: a gap in months (with a qualifier), or a date the previous contact
    falls in, or that there was none."""

    kind: Literal["gap", "since", "ever"]
    months: float | None = None
    qualifier: str | None = None
    since: tuple[dt.date, dt.date] | None = None


def parse_claim(text: str | None) -> Claim | None:
    if not text:
        return None
    t = " ".join(text.split())
    m = _SINCE.search(t)
    if m:
        year = int(m.group("year"))
        month = _MONTHS.get((m.group("month") or "").lower().rstrip("."))
        if month:
            first = dt.date(year, month, 1)
            last = dt.date(year + (month == 12), month % 12 + 1, 1) - dt.timedelta(days=1)
            return Claim("since", since=(first, last))
        return Claim("since", since=(dt.date(year, 1, 1), dt.date(year, 12, 31)))
    m = _GAP.search(t)
    if m:
        raw = " ".join(m.group("num").lower().split())
        number = float(raw) if raw.replace(".", "", 1).isdigit() else _NUMBERS.get(raw)
        if number is None:
            return None
        qual = " ".join((m.group("qual") or "").lower().split()) or None
        if raw in ("several", "many", "some", "few", "a few") and qual is None:
            qual = "at least"
        return Claim("gap", months=number * _UNIT_MONTHS[m.group("unit").lower()], qualifier=qual)
    if _EVER.search(t):
        return Claim("ever")
    return None


def months_between(earlier: dt.date, later: dt.date) -> float:
    return (later - earlier).days / (365.2425 / 12)


def _gap_fits(claimed: float, gap: float, qualifier: str | None) -> bool:
    """Lenient: people round down ("first in three years" after three years and eight months) and
    journalists count from different days."""
    if qualifier in ("more than", "over", "at least", "just over"):
        return claimed - 1 <= gap <= max(claimed * 2, claimed + 24)
    if qualifier in ("nearly", "almost", "less than", "under", "just under"):
        return claimed - max(3.0, claimed * 0.1) <= gap <= claimed + 1
    return claimed * 0.8 - 1 <= gap <= claimed * 1.34 + 1


def check(
    claim_text: str | None,
    current: dt.date | None,
    previous: tuple[dt.date, dt.date] | None,
    previous_same_level: tuple[dt.date, dt.date] | EllipsisType | None = ...,
) -> Verdict:
    """Compare the claim with stored history: `previous` is the (start, end) of the last earlier contact of
    the pair, `previous_same_level` the last one at the event's own level (when the level is known). The
    claim is consistent when it fits either, since a claim is often about one level ("the first summit in
    18 years")."""
    claim = parse_claim(claim_text)
    if claim is None or current is None:
        return "unknown"
    if isinstance(previous_same_level, EllipsisType):  # level unknown: the pair's history is all there is
        previous_same_level = previous
    if claim.kind == "ever":
        return "consistent" if previous is None or previous_same_level is None else "inconsistent"
    candidates = [p for p in (previous, previous_same_level) if p is not None]
    if not candidates:
        return "unknown"  # history does not reach back that far
    for start, end in candidates:
        if claim.kind == "since" and claim.since is not None:
            lo, hi = claim.since
            if start <= hi + dt.timedelta(days=31) and end >= lo - dt.timedelta(days=31):
                return "consistent"
        elif claim.months is not None and _gap_fits(claim.months, months_between(end, current), claim.qualifier):
            return "consistent"
    return "inconsistent"
