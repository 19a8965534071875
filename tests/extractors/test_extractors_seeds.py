"""The two bundled seed articles: the results the product is judged on first."""

from __future__ import annotations

from extractors.events import Event


def _news(events: list[Event]) -> list[Event]:
    return [e for e in events if e.countries == ("JPN", "PRK") and e.is_new_contact]


def _background(events: list[Event]) -> list[Event]:
    return [e for e in events if e.countries == ("JPN", "PRK") and e.background]


def test_seed_000_news_contact(seed_events: dict[str, list[Event]]) -> None:
    events = seed_events["000_fd21201a034cecf6.txt"]
    news = _news(events)
    assert len(news) == 1
    event = news[0]
    assert (event.status, event.date, event.date_precision) == ("held", "2018-09-26", "day")
    assert event.location == "New York"
    assert event.venue is not None
    assert "headquarters" in event.venue
    assert "U.N." in event.venue or "United Nations" in event.venue
    assert event.level == "foreign_ministers"
    assert event.mode == "in_person"
    people = {(p.name, p.country, p.title) for p in event.participants}
    assert ("Taro Kono", "JPN", "Foreign Minister") in people
    assert ("Ri Yong Ho", "PRK", "Foreign Minister") in people
    assert {p.country for p in event.participants} <= {"JPN", "PRK"}
    assert event.novelty == "first in three years"
    assert event.codes.plover == "CONSULT"
    assert 0.5 < event.confidence <= 1.0


def test_seed_000_background_contacts(seed_events: dict[str, list[Event]]) -> None:
    background = _background(seed_events["000_fd21201a034cecf6.txt"])
    by_date = {(e.date, e.date_precision): e for e in background}
    aug_2015 = by_date[("2015-08", "month")]
    assert aug_2015.level == "foreign_ministers"
    assert {p.name for p in aug_2015.participants} == {"Fumio Kishida", "Ri Su Yong"}
    singapore = by_date[("2018-08-03", "day")]
    assert singapore.location == "Singapore"
    assert singapore.venue is not None
    assert "forum" in singapore.venue
    assert all(e.status == "held" for e in background)


def test_seed_004_news_contact(seed_events: dict[str, list[Event]]) -> None:
    news = _news(seed_events["004_c388640ea11f6b1b.txt"])
    assert len(news) == 1
    event = news[0]
    assert (event.status, event.date, event.date_precision) == ("held", "2014-03-30", "day")
    assert event.location == "Beijing"
    assert event.venue == "North Korean Embassy"
    assert event.level == "senior_officials"
    names = {p.name: p.country for p in event.participants}
    assert names.get("Junichi Ihara") == "JPN"
    assert names.get("Song Il Ho") == "PRK"
    assert event.novelty is not None
    assert "first" in event.novelty
    assert "since 2012" in event.novelty


def test_seed_004_sideline_talks_background_and_no_2012_news(seed_events: dict[str, list[Event]]) -> None:
    events = seed_events["004_c388640ea11f6b1b.txt"]
    # "diplomats held informal talks on the sidelines of a humanitarian conference ... between Red Cross
    # officials": the diplomats' talks, recalled; the Red Cross conference is only where they were held.
    sideline = [e for e in _background(events) if e.location == "Shenyang"]
    assert len(sideline) == 1
    assert (sideline[0].date, sideline[0].date_precision) == ("2014-03", "month")
    assert sideline[0].level != "red_cross"
    for event in events:
        if event.date and event.date.startswith("2012"):
            assert event.background
            assert event.status == "cancelled"
