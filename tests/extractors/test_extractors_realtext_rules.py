"""Rules from reading real feed items no rule was tuned on (`benchmarks/realtext.py`, samples A and B in
`tests/extractors/realtext/`), table-driven, with texts written for this test (not from any data set).

- A trip's purpose is still to come also when it is a gerund ("arrives in Beijing for meeting with Xi") or
  when the parser hangs "for talks" on a noun of the trip ("travelled ... on a government jet for talks").
- A present tense in a time clause of a future or infinitive predicate is future ("will strengthen her hand
  when she sits down for talks on Monday").
- A contact told in the present in the headline or lede ("meets", "are meeting") that nothing else dates is
  the news of the publication day; one told in the past stays at the report's month.
- The dateline's place is the contact's only when the contact is told in the dateline's own story (the
  headline or the sentence the dateline opens), not further down a press review or statement.
- A "between" phrase names the contact's parties: "between Britain and the EU" is no contact of Britain with
  any state; "negotiations between Russia and Ukraine" is not the doubters' contact.
- What someone speaks about ("spoke to a radio host about peace talks with Russia") has only the parties its
  own phrase names.
- A headline's rubric ("Poland live updates: ...") names no side of what follows it.
- Two states' officials who met someone else together ("met with business leaders") did not meet each
  other.
- "The two leaders" refers to states named as actors, not to states that only qualify a thing or an event
  ("the Ukraine invasion", "U.S. allies").
- "S Korean", "S Korea" name South Korea as "N Korean" names the North.
- A title-case headline "Biden to Unveil ... During Summit With Yoon" (the tagger reads the verb as a name)
  announces what is to come, unless the contact is what the act follows ("After Summit With ...").
- A sentence's main verb with a subject of its own and no auxiliary is finite ("Biden and Kishida hold White
  House talks", tagged as a bare verb): the present, not an infinitive.
- A state or capital that hosts as the subject ("Japan hosts South Korean leader") is the place; a trip
  "outside North Korea" is not there.
- A visit its own words date to another month ("returning a mid-January trip to Tokyo") is not where the
  news contact took place.
- Level: "a senior adviser to the Israeli prime minister" acts for Israel at an adviser's rank ("a senior
  Netanyahu adviser" likewise: the person only owns the rank); a foreign secretary is a foreign minister; a
  house speaker is parliamentary.
- An aggregator's bracketed agency before a dateline city ("[IPS] Cairo -- ...").

Published Thursday 12 March 2026.
"""

from __future__ import annotations

import datetime as dt

import pytest

from extractors import extract_many
from extractors.contact_words import match_dateline
from extractors.events import Article, Event

PUB = dt.date(2026, 3, 12)

# name: (pair, text, statuses of the pair's news events; empty = no contact of that pair reported as news)
STATUS_CASES: dict[str, tuple[str, str, frozenset[str]]] = {
    "gerund_purpose_of_an_arrival": (
        "BRA-CHN",
        "Brazil's president arrives in Beijing for meeting with Xi",
        frozenset(["scheduled"]),
    ),
    "time_clause_of_a_future_act": (
        "CHN-JPN",
        (
            "The trade deal will strengthen Tokyo's hand when the Japanese prime minister sits down for talks with "
            "the Chinese president on Monday, aides said."
        ),
        frozenset(["scheduled"]),
    ),
    "between_a_state_and_the_eu": (
        "GBR-USA",
        (
            "The US administration named a new envoy on Monday.\n\nThe envoy arrives as trade terms remain under "
            "negotiation between Britain and the EU."
        ),
        frozenset(),
    ),
    "between_two_other_states": (
        "RUS-USA",
        "US officials struggle to judge the progress of negotiations between Russia and Ukraine, sources said.",
        frozenset(),
    ),
    "spoke_about_peace_talks": (
        "RUS-UKR",
        "A Ukrainian lawmaker spoke to a radio host about peace talks with Russia on Monday.",
        frozenset(),
    ),
    "rubric_names_no_side": (
        "POL-RUS",
        "Poland live updates: Putin and Kazakh president hold talks on gas deal\n\nThe two presidents met in Astana.",
        frozenset(),
    ),
    "rubric_leaves_the_headline_contact": (
        "KAZ-RUS",
        "Poland live updates: Putin and Kazakh president hold talks on gas deal\n\nThe two presidents met in Astana.",
        frozenset(["held"]),
    ),
    "joint_meeting_with_business_leaders": (
        "AUS-CAN",
        "Top Australian and Canadian trade officials met with private business leaders in Sydney on Tuesday.",
        frozenset(),
    ),
    "the_two_leaders_are_not_an_invasions_state": (
        "RUS-UKR",
        (
            "Orbanov meets Putin in Beijing\n\nThe Russian president shook hands with the first such guest since "
            "the start of the Ukraine invasion. The two leaders talked about energy at a meeting in Beijing."
        ),
        frozenset(),
    ),
    "allies_of_a_state_are_not_the_state": (
        "JPN-USA",
        "The leaders of the two U.S. allies met in Seoul on Sunday, as Japan and South Korea mend ties.",
        frozenset(),
    ),
    "abbreviated_south_korean_makes_it_trilateral": (
        "JPN-USA",
        "U.S., S Korean and Japanese security advisers meet in Seoul to discuss missiles",
        frozenset(),
    ),
    "title_case_headline_infinitive": (
        "KOR-USA",
        "Biden to Unveil New Export Rules During Summit With Yoon",
        frozenset(["scheduled"]),
    ),
    "title_case_headline_infinitive_after_a_summit": (
        "JPN-KOR",
        (
            "Japan to Boost Aid After Summit With South Korea\n\nThe leaders of Japan and South Korea met in Seoul "
            "on Monday."
        ),
        frozenset(["held"]),
    ),
}

# name: (pair, text, fields of the pair's one news event)
FRAME_CASES: dict[str, tuple[str, str, dict[str, str | None]]] = {
    "present_headline_is_the_day_of_publication": (
        "IND-IRN",
        "Indian foreign minister meets Iranian counterpart\n\nThe two ministers discussed shipping in the Gulf.",
        {"date": "2026-03-12", "level": "foreign_ministers"},
    ),
    "present_progressive_lede": (
        "AUS-JPN",
        "Top officials of Japan and Australia are meeting in Canberra to discuss defence ties.",
        {"date": "2026-03-12", "location": "Canberra"},
    ),
    "past_tense_without_a_day_stays_in_the_month": (
        "AUS-JPN",
        "Japanese and Australian defence officials met in Canberra to discuss defence ties.",
        {"date": "2026-03", "location": "Canberra"},
    ),
    "adviser_to_a_prime_minister_acts_for_the_state": (
        "ISR-USA",
        (
            "Netanyahu aide meets US officials\n\nRon Dermer, a senior adviser to the Israeli prime minister, met "
            "with the US secretary of state at the White House."
        ),
        {"level": "senior_officials", "location": "Washington", "date": "2026-03-12"},
    ),
    "a_foreign_secretary_is_a_foreign_minister": (
        "GBR-SAU",
        (
            "RIYADH: Saudi Arabia's Foreign Minister Prince Faisal bin Farhan received UK Foreign Secretary James "
            "Cleverly on Wednesday in Riyadh."
        ),
        {"level": "foreign_ministers", "location": "Riyadh", "date": "2026-03-11"},
    ),
    "a_house_speaker_is_parliamentary": (
        "TWN-USA",
        "Taiwan's president Tsai Ing-wen met US house speaker Kevin McCarthy in California on Wednesday.",
        {"level": "parliamentary", "date": "2026-03-11"},
    ),
    "a_visit_dated_to_another_month_is_not_the_place": (
        "JPN-KOR",
        (
            "The leaders of South Korea and Japan are meeting for their second summit this year. The Japanese "
            "prime minister arrived in South Korea on Thursday, returning a mid-January trip to Tokyo by the South "
            "Korean president."
        ),
        {"location": "South Korea", "date": "2026-03-12"},
    ),
    "the_hosting_state_is_the_place": (
        "JPN-KOR",
        "Japan hosts South Korean leader for first summit in years\n\nThe two leaders discussed trade.",
        {"location": "Japan", "date": "2026-03-12"},
    ),
    "a_trip_outside_a_state_is_not_there": (
        "PRK-RUS",
        (
            "The North Korean leader told the Russian president during their meeting on Wednesday that ties come "
            "first, on a rare trip outside North Korea."
        ),
        {"location": None, "date": "2026-03-11"},
    ),
    "dateline_of_a_press_review_is_not_the_place": (
        "PRK-RUS",
        (
            "Press Review\n\nPyongyang, March 12 (KCNA) -- Following are major news items in leading newspapers "
            "here on Thursday:\nThe DPRK foreign minister met with her Russian counterpart.\nA new bridge was "
            "opened in the capital."
        ),
        {"location": None},
    ),
    "dateline_of_the_contacts_own_story_is_the_place": (
        "PRK-RUS",
        "PYONGYANG, March 12 (KCNA) -- The DPRK foreign minister met with her Russian counterpart on Wednesday.",
        {"location": "Pyongyang", "date": "2026-03-11"},
    ),
}


def _run(cases: dict[str, tuple[str, str, object]]) -> dict[str, list[Event]]:
    names = sorted(cases)
    articles = [Article(id=n, text=cases[n][1], title=cases[n][1].split("\n")[0], published=PUB) for n in names]
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


def test_bracketed_agency_before_a_dateline_city() -> None:
    found = match_dateline(
        "[IPS] Cairo -- The two foreign ministers met in the city on Monday for talks.", below_title=True
    )
    assert found is not None
    assert (found[1], found[2]) == ("Cairo", "EGY")


def test_a_bare_tagged_verb_with_its_own_subject_is_present() -> None:
    # Own text, dated in those leaders' terms (an office holder out of office makes a contact a recollection).
    text = (
        "Biden, Kishida to discuss chips\n\nPresident Biden and Japanese Prime Minister Fumio Kishida hold White "
        "House talks on chips and space cooperation."
    )
    (events,) = extract_many(
        [Article(id="bare", text=text, title=text.split("\n", maxsplit=1)[0], published=dt.date(2023, 1, 13))]
    )
    news = [e for e in events if e.is_new_contact and e.countries == ("JPN", "USA")]
    assert [(e.status, e.date, e.location) for e in news] == [("held", "2023-01-13", "Washington")], events
