"""Rules on short made-up reports: country resolution, status, background, pairs other than Japan-DPRK."""

from __future__ import annotations

import datetime as dt

import pytest

from extractors import extract
from extractors.events import Article, Event
from extractors.gazetteer import gazetteer

PUBLISHED = dt.date(2019, 6, 13)  # a Thursday


def _events(text: str, published: dt.date | None = PUBLISHED) -> list[Event]:
    return extract(Article(id="t", text=text, published=published))


def _one(text: str, countries: tuple[str, str] = ("JPN", "PRK")) -> Event:
    found = [e for e in _events(text) if e.countries == countries]
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("Japan", "JPN"), ("Japanese", "JPN"), ("Tokyo", "JPN"), ("North Korea", "PRK"), ("N. Korea", "PRK"),
        ("DPRK", "PRK"), ("Pyongyang", "PRK"), ("North Korean", "PRK"), ("North Korea's", "PRK"),
        ("South Korea", "KOR"), ("Seoul", "KOR"), ("Beijing", "CHN"), ("Washington", "USA"), ("U.S.", "USA"),
        ("Ulan Bator", "MNG"), ("Ulaanbaatar", "MNG"), ("Hanoi", "VNM"), ("Stockholm", "SWE"), ("Moscow", "RUS"),
        ("Shenyang", "CHN"), ("New York", "USA"),
    ],
)  # fmt: skip
def test_country_resolution(name: str, code: str) -> None:
    assert gazetteer().resolve_country(name) == code


def test_unknown_names_resolve_to_nothing() -> None:
    assert gazetteer().resolve_country("Atlantis") is None


def test_officials_by_name_and_term() -> None:
    g = gazetteer()
    kono = g.official("Taro Kono", 2018)
    assert kono is not None
    assert (kono.country, kono.title) == ("JPN", "Foreign Minister")
    song = g.official("Song Il-ho")
    assert song is not None
    assert song.country == "PRK"
    kishida = g.official("Fumio Kishida", 2015)
    assert kishida is not None
    assert kishida.title == "Foreign Minister"
    assert g.country_of_name_part("Ri") == "PRK"
    assert g.country_of_name_part("Kim") is None  # both Koreas


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("Japanese and North Korean officials held talks in Beijing on Tuesday.", "held"),
        ("Japan and North Korea will hold talks in Beijing next week.", "scheduled"),
        ("Japan and North Korea agreed to hold talks in Stockholm later this month.", "scheduled"),
        ("Japan and North Korea are holding talks in Beijing.", "ongoing"),
        ("Japan called off talks with North Korea scheduled for next week after the missile launch.", "cancelled"),
        ("Japan postponed its talks with North Korea.", "cancelled"),
        ("Normalisation talks between Japan and North Korea in Hanoi broke off early on Thursday.", "held"),
        ("Talks between Japanese and North Korean officials collapsed in Hanoi on Thursday.", "held"),
        ("North Korea rejected Japan's offer of talks.", "refused"),
        ("North Korea refused to meet Japanese officials.", "refused"),
        ("Japanese Prime Minister Shinzo Abe hopes to meet North Korean leader Kim Jong Un.", "proposed"),
        ("Japanese and North Korean diplomats may talk on the sidelines of the forum.", "proposed"),
        ("Japan seeks a meeting with North Korea.", "proposed"),
        ("Abe said he is ready to meet Kim Jong Un without preconditions.", "proposed"),
    ],
)
def test_status(text: str, status: str) -> None:
    event = _one(text)
    assert event.status == status
    assert event.is_new_contact == (status in ("held", "ongoing"))


def test_negated_contact_is_no_contact() -> None:
    text = "Japan and North Korea have not held talks since August 2008."
    assert not any(e.is_new_contact for e in _events(text))


@pytest.mark.parametrize(
    "text",
    [
        "Japan protested to North Korea through diplomatic channels in Beijing on Wednesday.",
        "North Korea notified Japan's coast guard of a satellite launch window.",
        "Japan beat North Korea 2-1 in the World Cup qualifier in Tokyo on Tuesday.",
        "Japanese Prime Minister Shinzo Abe met South Korean President Moon Jae-in to discuss North Korea.",
        "A Japanese friendship group met North Korean officials in Pyongyang on Tuesday.",
        "Japan, the United States and South Korea held trilateral talks on North Korea in Tokyo on Monday.",
        "The six-party talks on North Korea's nuclear programme resumed in Beijing on Tuesday.",
        "North Korea fired a ballistic missile that landed in Japan's exclusive economic zone on Wednesday.",
    ],
)
def test_look_alikes_are_not_new_japan_dprk_contacts(text: str) -> None:
    assert not any(e.countries == ("JPN", "PRK") and e.is_new_contact for e in _events(text))


def test_background_recollection_has_its_own_date() -> None:
    text = (
        "Japanese and North Korean officials held talks in Beijing on Tuesday, the first since talks in "
        "Stockholm in May 2014."
    )
    events = [e for e in _events(text) if e.countries == ("JPN", "PRK")]
    news = [e for e in events if not e.background]
    old = [e for e in events if e.background]
    assert [(e.date, e.status) for e in news] == [("2019-06-11", "held")]
    assert [(e.date, e.location) for e in old] == [("2014-05", "Stockholm")]


def test_after_recent_talks_is_news_after_old_talks_is_recalled() -> None:
    recent = _events(
        "Japan and North Korea agreed to resume talks, the two sides said after senior officials of both "
        "governments held talks in Beijing on Saturday."
    )
    held = [e for e in recent if e.countries == ("JPN", "PRK") and e.status == "held"]
    assert [(e.date, e.background) for e in held] == [("2019-06-08", False)]
    old = _events(
        "Japan and North Korea agreed to resume dialogue, two years after officials of both governments "
        "held talks in Beijing in March 2017."
    )
    old_held = [e for e in old if e.countries == ("JPN", "PRK") and e.status == "held"]
    assert old_held and all(e.background for e in old_held)


def test_old_dated_contact_is_background() -> None:
    event = _one("Japanese and North Korean officials met in Hanoi in March 2007.")
    assert event.background
    assert event.date == "2007-03"


def test_us_china_meeting_has_its_own_countries() -> None:
    event = _one(
        "U.S. President Donald Trump met Chinese President Xi Jinping in Osaka on Saturday to discuss trade.",
        ("CHN", "USA"),
    )
    assert event.status == "held"
    assert event.level == "leaders"
    assert event.date == "2019-06-08"


def test_south_korea_japan_meeting_has_its_own_countries() -> None:
    event = _one(
        "South Korean Foreign Minister Kang Kyung-wha held talks with Japanese Foreign Minister Taro Kono in "
        "Bangkok on Thursday.",
        ("JPN", "KOR"),
    )
    assert event.status == "held"
    assert event.level == "foreign_ministers"
    assert event.location == "Bangkok"
    assert {p.name for p in event.participants} == {"Kang Kyung-wha", "Taro Kono"}


def test_phone_talks_mode() -> None:
    event = _one("Japanese Prime Minister Shinzo Abe held phone talks with U.S. President Donald Trump on Monday.",
                 ("JPN", "USA"))  # fmt: skip
    assert event.mode == "phone"
    assert event.codes.cameo == "041"


def test_headline_outside_the_text_gives_context_but_evidence_stays_in_the_text() -> None:
    article = Article(
        id="feed-item",
        title="Japan, N. Korea hold secret talks in Mongolia: report",
        text="The meeting took place last week near Ulaanbaatar, a South Korean daily said on Tuesday.",
        published=dt.date(2024, 6, 13),
    )
    (event,) = [e for e in extract(article) if e.countries == ("JPN", "PRK")]
    assert event.is_new_contact
    assert event.location == "Ulaanbaatar"
    assert all(article.text[ev.start : ev.end] == ev.text for ev in event.evidence)
    assert event.evidence


def test_headline_alone_without_support_in_the_text_gives_no_event() -> None:
    article = Article(
        id="feed-item",
        title="Japan, N. Korea hold secret talks in Mongolia: report",
        text="Markets were calm on Tuesday.",
        published=dt.date(2024, 6, 13),
    )
    assert extract(article) == []
