"""The day a contact is dated by, as news states it (issue 14): multi-day talks by their first day, a span's
end never, a called-off contact by the day it was planned for, a contact told below the lede by the lede's day
when the lede's dated clause has both sides as its subject.

Short texts of our own, one phrasing kind each; the publication day is a Thursday.
"""

from __future__ import annotations

import datetime as dt

import pytest

from extractors import extract_many
from extractors.dates import closes_span
from extractors.events import Article, Event

THU = dt.date(2025, 3, 13)

CASES: dict[str, tuple[str, str, str | None]] = {
    # name: (text, status of the JPN-PRK event, its date)
    "ended_with_stated_length": (
        (
            "Japanese and North Korean negotiators wrapped up their three-day talks in Beijing on Wednesday without "
            "an agreement on the abduction issue."
        ),
        "held",
        "2025-03-10",
    ),
    "days_of_talks_ended": (
        (
            "Two days of talks between Japanese and North Korean officials in Shenyang ended on Tuesday, the Japanese "
            "delegation said."
        ),
        "held",
        "2025-03-10",
    ),
    "running_since_a_recent_day": (
        (
            "Japanese and North Korean delegates, who have held meetings in Beijing since Monday, concluded their "
            "talks on Wednesday."
        ),
        "held",
        "2025-03-10",
    ),
    "began_and_ended": (
        "The talks between Japan and North Korea, which began on Monday in Beijing, ended on Wednesday.",
        "held",
        "2025-03-10",
    ),
    "ended_then_began": (
        "Japanese and North Korean Red Cross officials wrapped up talks in Dalian on Wednesday that began on Tuesday.",
        "held",
        "2025-03-11",
    ),
    "day_told_after_the_month": (
        (
            "Tokyo and Pyongyang held talks in Mongolia in mid-February, the two governments said. The talks took "
            "place on February 5 and 6 in Ulaanbaatar, according to a Japanese official."
        ),
        "held",
        "2025-02-05",
    ),
    "second_day_of_talks": (
        "Japanese and North Korean officials held a second day of talks in Beijing on Wednesday.",
        "held",
        "2025-03-11",
    ),
    "span_from_to": (
        "Japanese and North Korean Red Cross officials held talks in Dalian from Monday to Wednesday.",
        "held",
        "2025-03-10",
    ),
    "span_end_only": (
        "Japanese and North Korean officials are holding talks in Beijing through Saturday, the foreign ministry said.",
        "ongoing",
        "2025-03",  # the span's end gives no day; the report's month is all the text says
    ),
    "called_off_planned_day": (
        "North Korea called off talks with Japan scheduled for Friday in Beijing, Japanese officials said.",
        "cancelled",
        "2025-03-14",
    ),
    "lede_subject_names_both_sides": (
        (
            "Japanese Foreign Minister Taro Tanaka and his North Korean counterpart Choe Son Hui agreed on Tuesday "
            "to keep working on the abduction issue.\n\n"
            "Officials from third countries welcomed the step.\n\n"
            "Tokyo has long pressed for a full account of the missing.\n\n"
            "Diplomats said the mood was better than expected.\n\n"
            "The Japanese minister held talks with the North Korean minister at a hotel, a Japanese official said."
        ),
        "held",
        "2025-03-11",
    ),
    # "a day earlier", "the previous day": counted back from the story's last dated day, and news, not a recall.
    "a_day_earlier_than_the_ledes_day": (
        (
            "Japan lodged a protest with North Korea on Tuesday over its latest missile launch. A day earlier, senior "
            "Japanese and North Korean diplomats met secretly in Ulaanbaatar, government sources said."
        ),
        "held",
        "2025-03-10",
    ),
    "the_previous_day_after_a_dated_event": (
        (
            "North Korea fired two ballistic missiles on Wednesday. Japanese and North Korean Red Cross officials had "
            "held talks in Dalian the previous day, the Japanese Red Cross said."
        ),
        "held",
        "2025-03-11",
    ),
    "two_days_earlier_with_no_day_before_it": (
        "Two days earlier, Japanese and North Korean officials met in Beijing, a government source said.",
        "held",
        "2025-03-11",
    ),
}


@pytest.mark.parametrize(
    ("published", "date"),
    [
        # Nothing dates the contact: the report's month, when the week before the report lies in it.
        (dt.date(2025, 3, 13), "2025-03"),
        (dt.date(2025, 3, 4), None),
    ],
)
def test_an_undated_news_contact_takes_the_reports_month(published: dt.date, date: str | None) -> None:
    text = "Japanese and North Korean officials met secretly in Ulaanbaatar, government sources said."
    events = extract_many([Article(id="t", text=text, title=None, published=published)])[0]
    news = [e for e in events if e.is_new_contact]
    assert [(e.date, e.date_precision) for e in news] == [(date, "month" if date else None)]


def _event(text: str) -> Event | None:
    article = Article(id="t", text=text, title=None, published=THU)
    events = [e for e in extract_many([article])[0] if e.countries == ("JPN", "PRK") and not e.background]
    return events[0] if events else None


@pytest.mark.parametrize("name", list(CASES))
def test_contact_date(name: str) -> None:
    text, status, date = CASES[name]
    event = _event(text)
    assert event is not None, name
    assert (event.status, event.date) == (status, date)


@pytest.mark.parametrize(
    ("text", "closes"),
    [
        ("talks through Wednesday", True),
        ("talks until Friday", True),
        ("from Monday to Wednesday", True),
        ("returned to Tokyo on Wednesday", False),
        ("met on Wednesday", False),
    ],
)
def test_a_span_end(text: str, closes: bool) -> None:
    assert closes_span(text, text.rfind(" ") + 1) is closes


@pytest.mark.parametrize(
    ("expression", "published", "period", "expected"),
    [
        ("held talks last month on the 27th", THU, None, "2025-02-27"),
        ("held talks last month on the 27th", None, dt.date(2025, 3, 31), "2025-02-27"),
        ("held talks on the 27th of last month", None, dt.date(2025, 3, 31), "2025-02-27"),
    ],
)
def test_a_day_of_a_named_neighbouring_month(
    expression: str, published: dt.date | None, period: dt.date | None, expected: str
) -> None:
    from extractors.dates import find_dates

    found = find_dates(expression, published, period=period)
    assert found[0].date is not None
    assert found[0].date.startswith(expected)


def test_without_a_publication_day_the_ledes_contact_dates_the_story() -> None:
    # Only the publication month is known: the lede's dated talks are the news, the ones "last month on the
    # 3rd" told further down are recalled.
    text = (
        "Japanese and North Korean officials started talks in Pyongyang on October 28th.\n\n"
        "The Japanese delegation of ten is led by a foreign ministry director-general.\n\n"
        "The talks are expected to focus on the abduction issue.\n\n"
        "Families of the abductees watched closely.\n\n"
        "The two sides' negotiators held a day of talks in Shenyang last month on the 3rd."
    )
    article = Article(id="t", text=text, published_period="2014-10")
    events = [e for e in extract_many([article])[0] if e.countries == ("JPN", "PRK")]
    assert sorted((e.date, e.background) for e in events) == [("2014-09-03", True), ("2014-10-28", False)]


def test_the_day_before_a_named_event_is_not_counted_from_the_story() -> None:
    # "the day before the summit" counts from the summit, which no rule resolves: no date rather than a wrong one.
    from extractors.dates import find_dates

    found = find_dates("They met the day before the summit in Hanoi.", THU)
    assert all(d.kind != "days_before" for d in found)
    found = find_dates("They met a day earlier than planned.", THU)
    assert all(d.kind != "days_before" for d in found)
    assert [d.date for d in find_dates("They had met the previous day.", THU)] == ["2025-03-12"]
