"""Date expressions in news text, resolved against the publication date.

A contact's date is where the text puts it, never the publication date by default: an expression that cannot
be resolved (a weekday with no publication date, say) gives no date at all. `direction` says which way a
relative expression points when the text does not: past for reports of held contacts, future for scheduled
ones ("will meet on Tuesday").
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Literal

Precision = Literal["day", "month", "year"]
Direction = Literal["past", "future"]

_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_WEEKDAYS = {
    "monday": 0,
    "tuesday": 1,
    "wednesday": 2,
    "thursday": 3,
    "friday": 4,
    "saturday": 5,
    "sunday": 6,
}
_MONTH = (
    r"(?P<month>Jan(?:uary|\.)?|Feb(?:ruary|\.)?|Mar(?:ch|\.)?|Apr(?:il|\.)?|May|June?|July?|"
    r"Aug(?:ust|\.)?|Sept?(?:ember|\.)?|Oct(?:ober|\.)?|Nov(?:ember|\.)?|Dec(?:ember|\.)?)"
)
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_NUMBERS = {
    "a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
}  # fmt: skip

# Order matters: the first pattern that matches at a position wins, so the most specific come first.
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("iso", re.compile(r"\b(?P<y>(?:19|20)\d\d)-(?P<m>[01]\d)-(?P<d>[0-3]\d)\b")),
    (
        "month_day",
        re.compile(rf"\b{_MONTH}\s+{_DAY}(?:\s*(?:-|to|and|through|\u2013)\s*[0-3]?\d)?(?:,?\s+{_YEAR})?\b"),
    ),
    ("day_month", re.compile(rf"\b{_DAY}\s+{_MONTH}(?:,?\s+{_YEAR})?\b")),
    (
        "month",
        re.compile(
            rf"\b(?P<mod>early|mid|late|the\s+end\s+of|the\s+beginning\s+of|end\s+of|beginning\s+of)?[\s-]*"
            rf"(?<![\w.]){_MONTH}(?!\s+[0-3]?\d\b)(?:,?\s+(?:of\s+)?{_YEAR}|\s+(?P<relyear>last|this|next)\s+year)?\b"
        ),
    ),
    # "last month on the 29th": a day of a named neighbouring month, the month first.
    (
        "ordinal_day",
        re.compile(r"\b(?P<which>last|this|next)\s+month\s+on\s+the\s+(?P<day>[0-3]?\d)(?:st|nd|rd|th)\b", re.I),
    ),
    # "on the 12th", "on the 28th of last month" (Japanese and agency style): a day of the current or a
    # neighbouring month.
    (
        "ordinal_day",
        re.compile(
            r"\bon\s+the\s+(?P<day>[0-3]?\d)(?:st|nd|rd|th)\b(?:\s+of\s+(?P<which>last|this|next)\s+month\b)?"
            r"(?!\s+(?:century|anniversary|round|time|floor|party|congress|session|meeting|summit|plenary|day))"
        ),
    ),
    # "a day earlier", "two days before", "the previous day": counted back from the story's last dated event
    # (building.py anchors them), from the publication day when none is dated. "the day before the summit"
    # counts from the summit, which is not resolved here, and so does "a day before Choe left for Pyongyang": a
    # "before" with what it precedes after it relates to that event, it does not count back.
    (
        "days_before",
        re.compile(
            r"\b(?:(?P<n>a|one|two|three|four|five|six|\d+)\s+days?\s+(?:earlier|before(?!\s+[\w\u2018\u201c\"']))"
            r"|the\s+(?:previous|preceding)\s+day|the\s+day\s+before(?!\s+[\w\u2018\u201c\"']))"
            r"\b(?!\s+(?:than|the|a|an|his|her|their|its|yesterday)\b)",
            re.I,
        ),
    ),
    (
        "ago",
        re.compile(
            r"\b(?P<n>\d+|a|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\w+teen|twenty)\s+"
            r"(?P<unit>days?|weeks?|months?|years?)\s+ago\b(?:,?\s+(?:this|that)\s+(?:week|month)|\s+(?P<today>today))?",
            re.I,
        ),
    ),
    (
        "relative_day",
        re.compile(
            r"\b(?P<rel>yesterday|today|tonight|tomorrow|this\s+(?:morning|afternoon|evening)|last\s+night)\b", re.I
        ),
    ),
    ("weekend", re.compile(r"\b(?P<which>last|this|next|the)?\s*weekend\b", re.I)),
    (
        "week",
        re.compile(
            r"\b(?P<which>last|this|next|earlier\s+this|later\s+this|the\s+past)\s+week\b",
            re.I,
        ),
    ),
    (
        "rel_month",
        re.compile(r"\b(?P<which>last|this|next|earlier\s+this|later\s+this)\s+month\b", re.I),
    ),
    ("rel_year", re.compile(r"\b(?P<which>last|this|next|earlier\s+this|later\s+this)\s+year\b", re.I)),
    # "last autumn", "this spring": the year of that season (the contract has no finer unit for it).
    ("season", re.compile(r"\b(?P<which>last|this|next)\s+(?P<season>spring|summer|autumn|fall|winter)\b", re.I)),
    (
        "weekday",
        re.compile(
            r"\b(?P<which>last|this|next|coming)?\s*(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b"
        ),
    ),
    ("year", re.compile(rf"(?<![\w-]){_YEAR}(?![\w-])")),
]
# A page line ("PUBLISHED : Monday, 11 August, 2025", "Updated: 3:04 pm") dates the web page, not a contact.
_PAGE_LINE_RE = re.compile(
    r"(?:^|\n)[ \t]*(?:PUBLISHED|UPDATED|Published|Updated|Posted|Last updated|First published)\b[^\n]*"
)


def page_line_day(text: str, period: dt.date | None = None, head: int = 600) -> dt.date | None:
    """The day a page line near the top gives ("Updated: Thursday, 5 March, 2026"), in the publication
    month's year when only that is known: the story's day when the record has no publication date."""
    for m in _PAGE_LINE_RE.finditer(text[:head]):
        # The line without its label, which would make find_dates skip it as a page line.
        rest = _PAGE_LABEL_RE.sub("", m.group(0), count=1)
        for d in find_dates(rest, None, "past", period=period):
            if d.precision == "day" and d.date is not None:
                return dt.date.fromisoformat(d.date)
    return None


_PAGE_LABEL_RE = re.compile(r"^\s*(?:PUBLISHED|UPDATED|Published|Updated|Posted|Last updated|First published)\b\s*:?")


@dataclass(frozen=True, slots=True)
class DateMention:
    """One date expression: where it is, what it says, and its resolution (None when unresolvable)."""

    start: int
    end: int
    text: str
    kind: str
    date: str | None
    precision: Precision | None
    explicit_year: bool


def month_number(name: str) -> int:
    return _MONTHS[name[:3].lower()]


def _fmt(day: dt.date, precision: Precision) -> str:
    if precision == "day":
        return day.isoformat()
    if precision == "month":
        return f"{day.year:04d}-{day.month:02d}"
    return f"{day.year:04d}"


def _shift_month(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _month_day(month: int, day: int, pub: dt.date, direction: Direction) -> dt.date | None:
    # A month and day without a year: the nearest one on the side of publication the tense points to.
    this_year = _safe_date(pub.year, month, day)
    if this_year is None:
        return None
    if direction == "past":
        return this_year if this_year <= pub else _safe_date(pub.year - 1, month, day)
    return this_year if this_year >= pub else _safe_date(pub.year + 1, month, day)


def _resolve(
    kind: str, m: re.Match[str], pub: dt.date | None, direction: Direction, period: dt.date | None = None
) -> tuple[str | None, Precision | None]:
    g = m.groupdict()
    if pub is None and period is not None and kind in ("month_day", "day_month", "month", "rel_month", "ordinal_day"):
        # Only the publication month is known (its last day is `period`): a month, or a month and day, is
        # placed in the year that month gives ("mid-May" in a May 2024 page; "October 28th" in October 2014);
        # a day of the month alone ("on the 28th", "on the 29th of last month") in that month or the one named.
        pub = period
    if kind == "iso":
        day = _safe_date(int(g["y"]), int(g["m"]), int(g["d"]))
        return (day.isoformat(), "day") if day else (None, None)
    if kind in ("month_day", "day_month"):
        month, day_n = month_number(g["month"]), int(g["day"])
        if g.get("year"):
            day = _safe_date(int(g["year"]), month, day_n)
        elif pub is not None:
            day = _month_day(month, day_n, pub, direction)
        else:
            day = None
        return (day.isoformat(), "day") if day else (None, None)
    if kind == "month":
        month = month_number(g["month"])
        if g.get("year"):
            return f"{int(g['year']):04d}-{month:02d}", "month"
        if pub is None:
            return None, None
        year = pub.year
        if g.get("relyear"):  # "in July last year"
            return f"{year + {'last': -1, 'next': 1}.get(g['relyear'].lower(), 0):04d}-{month:02d}", "month"
        if direction == "past" and month > pub.month:
            year -= 1
        if direction == "future" and month < pub.month:
            year += 1
        return f"{year:04d}-{month:02d}", "month"
    if kind == "year":
        return g["year"], "year"
    if pub is None:
        return None, None
    if kind == "days_before":
        n = 1 if not g.get("n") else int(g["n"]) if g["n"].isdigit() else _NUMBERS.get(g["n"].lower(), 1)
        return (pub - dt.timedelta(days=n)).isoformat(), "day"
    if kind == "relative_day":
        rel = " ".join(g["rel"].lower().split())
        offset = {"yesterday": -1, "last night": -1, "tomorrow": 1}.get(rel, 0)
        return (pub + dt.timedelta(days=offset)).isoformat(), "day"
    if kind == "ago":
        n = int(g["n"]) if g["n"].isdigit() else _NUMBERS.get(g["n"].lower(), 0)
        if not n:
            return None, None
        unit = g["unit"].lower()
        if unit.startswith("day"):
            return (pub - dt.timedelta(days=n)).isoformat(), "day"
        if unit.startswith("week"):
            return _fmt(pub - dt.timedelta(weeks=n), "month"), "month"
        if unit.startswith("month"):
            year, month = _shift_month(pub.year, pub.month, -n)
            return f"{year:04d}-{month:02d}", "month"
        if g.get("today") and not (pub.month == 2 and pub.day == 29):
            return pub.replace(year=pub.year - n).isoformat(), "day"  # "eight years ago today": an anniversary
        return f"{pub.year - n:04d}", "year"
    if kind == "weekend":
        which = (g["which"] or "").lower()
        # The Saturday of the weekend meant: the last one on or before publication, or the next one.
        back = (pub.weekday() - 5) % 7
        saturday = pub - dt.timedelta(days=back)
        if which == "next" or (direction == "future" and which != "last" and saturday < pub - dt.timedelta(days=1)):
            saturday += dt.timedelta(days=7)
        return saturday.isoformat(), "day"
    if kind == "week":
        which = " ".join(g["which"].lower().split())
        monday = pub - dt.timedelta(days=pub.weekday())
        if which in ("last", "the past"):
            monday -= dt.timedelta(days=7)
        elif which == "next":
            monday += dt.timedelta(days=7)
        else:  # "this week", "earlier this week": the days up to publication
            return _fmt(pub, "month"), "month"
        # A week is reported as the month holding most of its days (its Thursday).
        return _fmt(monday + dt.timedelta(days=3), "month"), "month"
    if kind == "rel_month":
        which = " ".join(g["which"].lower().split())
        delta = {"last": -1, "the previous": -1, "next": 1}.get(which, 0)
        year, month = _shift_month(pub.year, pub.month, delta)
        return f"{year:04d}-{month:02d}", "month"
    if kind == "ordinal_day":
        return _ordinal_day(int(g["day"]), (g.get("which") or "").lower(), pub, direction)
    if kind == "rel_year":
        which = g["which"].lower().split()[0]
        return f"{pub.year + {'last': -1, 'next': 1}.get(which, 0):04d}", "year"
    if kind == "season":
        return f"{_season_year(g['which'].lower(), g['season'].lower(), pub):04d}", "year"
    if kind == "weekday":
        target = _WEEKDAYS[g["wd"].lower()]
        which = (g["which"] or "").lower()
        if which in ("next", "coming") or (direction == "future" and which != "last"):
            ahead = (target - pub.weekday()) % 7
            if which == "next" and ahead == 0:
                ahead = 7
            return (pub + dt.timedelta(days=ahead)).isoformat(), "day"
        back = (pub.weekday() - target) % 7
        if which == "last" and back == 0:
            back = 7
        return (pub - dt.timedelta(days=back)).isoformat(), "day"
    return None, None


def _ordinal_day(day: int, which: str, pub: dt.date, direction: Direction) -> tuple[str | None, Precision | None]:
    if which:
        year, month = _shift_month(pub.year, pub.month, {"last": -1, "next": 1}.get(which, 0))
    elif direction == "past":
        year, month = _shift_month(pub.year, pub.month, 0 if day <= pub.day else -1)
    else:
        year, month = _shift_month(pub.year, pub.month, 0 if day >= pub.day else 1)
    found = _safe_date(year, month, day)
    return (found.isoformat(), "day") if found else (None, None)


def find_dates(
    text: str, published: dt.date | None, direction: Direction = "past", offset: int = 0, period: dt.date | None = None
) -> list[DateMention]:
    """All date expressions in `text`, non-overlapping, left to right, with offsets shifted by `offset`.

    `period`: the last day of the publication month when only the month is known (`published` None)."""
    found: list[DateMention] = []
    taken: list[tuple[int, int]] = [(m.start(), m.end()) for m in _PAGE_LINE_RE.finditer(text)]
    for kind, pattern in _PATTERNS:
        for m in pattern.finditer(text):
            start, end = m.start(), m.end()
            # Leading spaces/hyphens of an optional modifier group are not part of the expression.
            while start < end and text[start] in " -":
                start += 1
            if start == end or any(s < end and start < e for s, e in taken):
                continue
            if kind == "month" and not _plausible_month(text, m):
                continue
            value, precision = _resolve(kind, m, published, direction, period)
            taken.append((start, end))
            explicit = bool(m.groupdict().get("year") or m.groupdict().get("y"))
            found.append(DateMention(start + offset, end + offset, text[start:end], kind, value, precision, explicit))
    found.sort(key=lambda d: d.start)
    # "Sunday, Dec. 25, 2005": the weekday only names the day the full date already gives.
    full = [d for d in found if d.kind in ("month_day", "day_month", "iso")]
    return [d for d in found if d.kind != "weekday" or not any(0 <= f.start - d.end <= 3 for f in full)]


# Northern-hemisphere seasons by their first and last month; winter runs from December into the next year.
_SEASONS = {"spring": (3, 5), "summer": (6, 8), "autumn": (9, 11), "fall": (9, 11), "winter": (12, 2)}


def _season_year(which: str, season: str, pub: dt.date) -> int:
    """The year a "last/this/next" season falls in, seen from `pub` (winter: the year its February is in)."""
    first, last = _SEASONS[season]
    if season == "winter":
        if pub.month == 12:
            ended, current = pub.year, pub.year + 1  # the winter under way ends next year
        elif pub.month <= last:
            ended, current = pub.year - 1, pub.year
        else:
            ended, current = pub.year, pub.year + 1  # "this winter" in November is the coming one
    elif pub.month > last:
        ended, current = pub.year, pub.year  # this year's season is over: "this summer" in October
    else:
        ended, current = pub.year - 1, pub.year
    if which == "last":
        return ended
    if which == "next":  # the next one to begin
        begun = pub.month in (12, 1, 2) if season == "winter" else pub.month >= first
        return current + 1 if begun else current
    return current


def _plausible_month(text: str, m: re.Match[str]) -> bool:
    # "May" is a modal verb and "March" a verb: accept them only after a preposition/modifier or with a year.
    word = m.group("month")
    if word not in ("May", "March", "Mar.", "June", "Jun.", "Jan."):
        return True
    if m.groupdict().get("year") or m.groupdict().get("mod"):
        return True
    before = text[max(0, m.start("month") - 12) : m.start("month")].lower()
    return bool(
        re.search(
            r"\b(in|since|from|until|till|by|of|during|early|mid|late|last|this|next|and|or|to|the|their|its)\s*-?$",
            before,
        )
    )


_SPAN_END_RE = re.compile(r"\b(?:through|thru|until|till)\s*$", re.IGNORECASE)


def closes_span(text: str, start: int) -> bool:
    """True when the date at `start` ends a span ("through Wednesday", "from Monday to Wednesday"): not the
    day a contact is dated by, which is its first."""
    before = text[max(0, start - 40) : start]
    if _SPAN_END_RE.search(before):
        return True
    return bool(re.search(r"\bto\s*$", before)) and bool(re.search(r"\bfrom\b", before))


def resolve_one(
    expression: str, published: dt.date | None, direction: Direction = "past"
) -> tuple[str | None, Precision | None]:
    """Resolve a single expression such as "on Sunday" or "in May 2014" (the first one found in it)."""
    found = find_dates(expression, published, direction)
    if not found:
        return None, None
    return found[0].date, found[0].precision


def month_end(period: str | None) -> dt.date | None:
    """The last day of a `YYYY-MM` publication period (None for a year or nothing)."""
    if not period or len(period) != len("2024-05"):
        return None
    year, month = int(period[:4]), int(period[5:7])
    nxt = dt.date(year + month // 12, month % 12 + 1, 1)
    return nxt - dt.timedelta(days=1)


# A sentence about what is to come: its dates are plans, not days the story has seen.
_FUTURE_SENTENCE_RE = re.compile(
    r"\b(?:will|shall|next|scheduled|planned|slated|upcoming|due\s+to|expected\s+to|plans?\s+to)\b", re.IGNORECASE
)
# Where a sentence ends: the reference-day rules read the sentence around a date.
_SENTENCE_END_RE = re.compile(r"[.!?](?=\s)|\n")
# How far before the publication month a day the story states may lie and still stand for its writing day.
_STATED_DAY_BEFORE_PERIOD = 7


def _sentence_around(text: str, start: int, end: int) -> str:
    left = max((m.end() for m in _SENTENCE_END_RE.finditer(text, 0, start)), default=0)
    right = _SENTENCE_END_RE.search(text, end)
    return text[left : right.start() if right else len(text)]


def _says_future(text: str, d: DateMention) -> bool:
    return bool(_FUTURE_SENTENCE_RE.search(_sentence_around(text, d.start, d.end)))


def stated_year(text: str) -> int | None:
    """The latest year the article states outside sentences about the future ("in May 2026", "on March 4,
    2026"): without any publication date, the year its undated days ("Sept. 30") belong to."""
    years = [
        int(d.date[:4])
        for d in find_dates(text, None, "past")
        if d.date is not None and d.explicit_year and not _says_future(text, d)
    ]
    return max(years) if years else None


def latest_stated_day(
    text: str, period: dt.date | None = None, skip: tuple[int, int] = (0, 0), *, in_period: bool = True
) -> dt.date | None:
    """The latest day the article states in full ("on Friday, Oct. 9", "Dec. 8, 2026"; a month and day in
    the year `period` gives), outside page lines, the dateline (`skip`) and sentences about the future: a story
    is written on or soon after the last day it dates, so without a publication day that day stands in for it.
    With `in_period`, only a day inside the publication month (or the week before it) counts."""
    best: dt.date | None = None
    for d in find_dates(text, None, "past", period=period):
        if d.kind not in ("iso", "month_day", "day_month") or d.precision != "day" or d.date is None:
            continue
        if skip[0] <= d.start < skip[1] or closes_span(text, d.start) or _says_future(text, d):
            continue
        day = dt.date.fromisoformat(d.date)
        if in_period and period is not None:
            first = period.replace(day=1) - dt.timedelta(days=_STATED_DAY_BEFORE_PERIOD)
            if not first <= day <= period:
                continue
        best = day if best is None else max(best, day)
    return best
