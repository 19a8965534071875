"""Rules from the edit probes (`tests/extractors/edits/`), with texts written for this test (not from any data set).

- Level: who sent, ordered or appointed the contact's participants or the contact itself ("envoys, sent by
  the prime minister,", "talks ordered by the president") stands behind it; their rank is not its level.
- Status: a headline's bare noun phrase has no tense ("Japan silent on report of meeting with North Korea"):
  the lede's first tensed telling of the pair says whether the contact is still to come.
- Place: a broadcast sign-in near the top ("From Hanoi, Jane Doe has more.") is a dateline.
- Date: a contact placed only relatively ("told reporters after Monday's meeting") is the news when its own day
  is days before publication, also below the lede.
- Date: with only the publication month known, a day of the month alone ("on the 28th") is in that month.

Published Thursday 12 March 2026.
"""

from __future__ import annotations

import datetime as dt

import pytest

from extractors import extract_many
from extractors.contact_words import match_signin
from extractors.dates import find_dates
from extractors.events import Article, Event

PUB = dt.date(2026, 3, 12)


def _news(pair: str, text: str) -> list[Event]:
    (events,) = extract_many([Article(id="t", text=text, published=PUB)])
    codes = tuple(pair.split("-"))
    return [e for e in events if e.countries == codes and e.is_new_contact]


LEVEL_CASES = {
    "envoys_sent_by_leaders": (
        (
            "Japanese and North Korean envoys, sent by the Japanese prime minister and the North Korean leader, held "
            "talks in Beijing on Tuesday on the fate of abducted citizens."
        ),
        "senior_officials",
    ),
    "envoys_appointed_by_a_president": (
        (
            "Russian and Japanese deputy foreign ministers, appointed by their presidents last year, held talks in "
            "Moscow on Tuesday."
        ),
        "senior_officials",
    ),
    "the_leaders_themselves_still_count": (
        "The Japanese prime minister and the North Korean leader held talks in Pyongyang on Tuesday.",
        "leaders",
    ),
}


@pytest.mark.parametrize("name", sorted(LEVEL_CASES))
def test_a_principal_is_not_a_participant(name: str) -> None:
    text, level = LEVEL_CASES[name]
    pair = "JPN-RUS" if "Russian" in text else "JPN-PRK"
    (event,) = _news(pair, text)
    assert event.level == level


def test_a_headline_noun_phrase_takes_the_ledes_future() -> None:
    text = (
        "Japan silent on report of meeting with North Korea in Mongolia\n\n"
        "Japanese and North Korean officials will meet in secret in Mongolia next month, a newspaper reported on "
        "Wednesday.\n\nThe government declined to comment."
    )
    assert _news("JPN-PRK", text) == []


def test_a_headline_noun_phrase_stays_held_when_the_lede_tells_a_past_contact() -> None:
    text = (
        "Japan silent on report of meeting with North Korea in Mongolia\n\n"
        "Japanese and North Korean officials met in secret in Mongolia on Tuesday, a newspaper reported on "
        "Wednesday.\n\nThe government declined to comment."
    )
    (event,) = _news("JPN-PRK", text)
    assert event.status == "held" and event.date == "2026-03-10"


def test_a_headline_noun_phrase_stays_under_way_when_the_lede_also_tells_a_held_round() -> None:
    text = (
        "Japan, North Korea in talks on abductions\n\n"
        "Senior Japanese and North Korean diplomats were due to resume talks on Friday.\n\n"
        "The two sides held serious talks on Wednesday in Ulan Bator, the Japanese negotiator said."
    )
    (event,) = _news("JPN-PRK", text)
    assert event.status == "held" and event.date == "2026-03-11"


def test_a_broadcast_signin_is_a_dateline() -> None:
    text = (
        "Japan, North Korea Talks End Early\n\n"
        "Talks between Japan and North Korea on normalization have broken down after two days. The North objected "
        "to Japanese demands. From Hanoi, Jane Doe has more.\n\n"
        "Both delegations ended their talks before noon on Wednesday."
    )
    (event,) = _news("JPN-PRK", text)
    assert event.location == "Hanoi"


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("The talks ended. From Hanoi, Jane Doe has more.", "Hanoi"),
        ("The talks ended. From Geneva, John Smith reports.", "Geneva"),
        ("The talks ended. From Paris, the story moved on.", None),  # no sign-in phrase after a name
        ("Aid came from Tokyo, Osaka and Kyoto reports said.", None),
    ],
)
def test_signin_pattern(text: str, place: str | None) -> None:
    found = match_signin(text)
    assert (found[1] if found else None) == place


def test_a_recent_contact_after_which_something_was_said_is_the_news_below_the_lede() -> None:
    text = (
        "Japan, US want concrete steps from North Korea\n\n"
        "The Japanese and US foreign ministers agreed that North Korea must take concrete steps.\n\n"
        "They also agreed to cooperate on the abduction issue.\n\nPressure will continue, they said.\n\n"
        "The Japanese minister told reporters after Monday's meeting with the US secretary of state that the talks "
        "had been useful."
    )
    (event,) = _news("JPN-USA", text)
    assert event.date == "2026-03-09" and event.date_precision == "day"


def test_a_contact_after_which_something_happened_months_ago_stays_recalled() -> None:
    text = (
        "Japan, US want concrete steps from North Korea\n\n"
        "The Japanese and US foreign ministers held talks on Monday and agreed that North Korea must act.\n\n"
        "They also agreed to cooperate on the abduction issue.\n\nPressure will continue, they said.\n\n"
        "Sanctions were tightened after a meeting of the Japanese minister with the US secretary of state in "
        "October last year."
    )
    events = _news("JPN-USA", text)
    assert [e.date for e in events] == ["2026-03-09"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Officials started talks in Pyongyang on the 28th.", "2014-10-28"),
        ("Officials held talks in Shenyang on the 29th of last month.", "2014-09-29"),
        ("Officials held talks in Shenyang on October 28th.", "2014-10-28"),
    ],
)
def test_a_day_of_the_month_alone_in_a_page_of_that_month(text: str, expected: str) -> None:
    (found,) = find_dates(text, None, "past", period=dt.date(2014, 10, 31))
    assert (found.date, found.precision) == (expected, "day")
