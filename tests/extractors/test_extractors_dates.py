"""Date expressions resolved against the publication date (never the publication date by default)."""

from __future__ import annotations

import datetime as dt

import pytest

from extractors.dates import find_dates, resolve_one

THU_2018_09_27 = dt.date(2018, 9, 27)
MON_2014_03_31 = dt.date(2014, 3, 31)


@pytest.mark.parametrize(
    ("expression", "published", "expected"),
    [
        ("on Wednesday", THU_2018_09_27, ("2018-09-26", "day")),
        ("on Sunday", MON_2014_03_31, ("2014-03-30", "day")),
        ("on Monday", MON_2014_03_31, ("2014-03-31", "day")),  # a wire story's own day
        ("last Monday", MON_2014_03_31, ("2014-03-24", "day")),
        ("earlier this month", MON_2014_03_31, ("2014-03", "month")),
        ("last month", THU_2018_09_27, ("2018-08", "month")),
        ("last week", THU_2018_09_27, ("2018-09", "month")),
        ("on Sept. 26", THU_2018_09_27, ("2018-09-26", "day")),
        ("on Aug. 3 in Singapore", THU_2018_09_27, ("2018-08-03", "day")),
        ("in May 2014", THU_2018_09_27, ("2014-05", "month")),
        ("since August 2015", THU_2018_09_27, ("2015-08", "month")),
        ("in mid-May", dt.date(2024, 6, 13), ("2024-05", "month")),
        ("in November", dt.date(2015, 12, 12), ("2015-11", "month")),
        ("in November", dt.date(2015, 11, 2), ("2015-11", "month")),
        ("in December", dt.date(2015, 11, 2), ("2014-12", "month")),
        ("yesterday", THU_2018_09_27, ("2018-09-26", "day")),
        ("today", THU_2018_09_27, ("2018-09-27", "day")),
        ("three days ago", THU_2018_09_27, ("2018-09-24", "day")),
        ("from around Oct. 6 to 8", dt.date(2018, 10, 18), ("2018-10-06", "day")),
        ("in early October", dt.date(2018, 10, 18), ("2018-10", "month")),
        ("at weekend talks", dt.date(2005, 12, 26), ("2005-12-24", "day")),
        ("Sunday, Dec. 25, 2005", dt.date(2006, 1, 2), ("2005-12-25", "day")),
        ("in 2012", THU_2018_09_27, ("2012", "year")),
        ("last year", THU_2018_09_27, ("2017", "year")),
        ("2014-07-01", None, ("2014-07-01", "day")),
    ],
)
def test_resolve_past(expression: str, published: dt.date | None, expected: tuple[str, str]) -> None:
    assert resolve_one(expression, published) == expected


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ("will meet on Tuesday", ("2018-10-02", "day")),
        ("next week", ("2018-10", "month")),
        ("in October", ("2018-10", "month")),
        ("tomorrow", ("2018-09-28", "day")),
        ("from May 26 to 28", ("2019-05-26", "day")),
    ],
)
def test_resolve_future(expression: str, expected: tuple[str, str]) -> None:
    assert resolve_one(expression, THU_2018_09_27, "future") == expected


@pytest.mark.parametrize("expression", ["on Wednesday", "last month", "in November", "yesterday", "mid-May"])
def test_relative_dates_need_a_publication_date(expression: str) -> None:
    assert resolve_one(expression, None) == (None, None)


def test_may_the_verb_is_not_a_month() -> None:
    assert find_dates("Kono and Ri may meet soon.", THU_2018_09_27) == []
    assert resolve_one("They met in May.", THU_2018_09_27) == ("2018-05", "month")


def test_narrative_relative_expressions_are_not_resolved_against_publication() -> None:
    found = find_dates("talks in Pyongyang the previous month", THU_2018_09_27)
    assert all(d.kind != "rel_month" for d in found)


def test_offsets_point_into_the_text() -> None:
    text = "The two sides met on Sept. 26 in New York."
    for d in find_dates(text, THU_2018_09_27, offset=100):
        assert text[d.start - 100 : d.end - 100] == d.text


def test_ordinal_days_and_page_lines() -> None:
    import datetime as _dt

    from extractors.dates import find_dates as _find

    pub = _dt.date(2026, 9, 14)
    assert [(d.text, d.date) for d in _find("held talks on the 12th, a source said", pub)] == [
        ("on the 12th", "2026-09-12")
    ]
    assert _find("they met on the 28th of last month", pub)[0].date == "2026-08-28"
    assert _find("they met on the 20th", pub)[0].date == "2026-08-20"  # after the 14th: last month's
    assert _find("they will meet on the 20th", pub, "future")[0].date == "2026-09-20"
    assert _find("on the 20th anniversary of the summit", pub) == []
    # The page line dates the page; only "Sunday" in the story's own line is a date.
    found = _find("PUBLISHED : Monday, 11 August, 2025\nThe two sides met on Sunday.", pub)
    assert [(d.text, d.date) for d in found] == [("Sunday", "2026-09-13")]


def test_relative_days_count_from_the_datelines_filing_day() -> None:
    import datetime as _dt

    from extractors import extract
    from extractors.events import Article

    text = (
        "TOKYO, March 20 (Kyokuto) -- Japanese and North Korean diplomats held talks in Shenyang yesterday, "
        "a Japanese official said."
    )
    # Published on the web the next day: "yesterday" is the day before the filing day, March 19.
    events = extract(Article(id="x", text=text, published=_dt.date(2026, 3, 21)))
    assert [(e.date, e.location) for e in events if e.is_new_contact] == [("2026-03-19", "Shenyang")]


def test_only_a_publication_month_places_months_and_month_days() -> None:
    from extractors.dates import month_end

    end = month_end("2014-10")
    assert end == dt.date(2014, 10, 31)
    assert month_end("2014") is None
    found = find_dates("talks in Pyongyang on October 28th, after a round in mid-September", None, period=end)
    assert [(d.text, d.date) for d in found] == [("October 28th", "2014-10-28"), ("mid-September", "2014-09")]
    # Days counted from publication stay unknown without its day.
    assert [d.date for d in find_dates("they met on Tuesday", None, period=end)] == [None]


def test_a_contact_dated_from_the_publication_month() -> None:
    from extractors import extract
    from extractors.events import Article

    text = "Japanese and North Korean diplomats held talks in Ulaanbaatar in mid-May, officials said."
    events = extract(Article(id="x", text=text, published_period="2026-06"))
    assert [(e.date, e.date_precision) for e in events if e.is_new_contact] == [("2026-05", "month")]
