"""Rules from reading real feed items no rule was tuned on (`benchmarks/realtext.py`, samples A and B in
`tests/extractors/realtext/`), table-driven, with texts written for this test (not from any data set).

- A trip's purpose is still to come also when it is a gerund ("arrives in Beijing for meeting with ...").
- A present tense in a time clause of a future act is future ("will strengthen Tokyo's hand when the prime
  minister sits down for talks ... on Monday").
- A contact told in the present in the headline or lede ("meets", "are meeting") that nothing dates closer
  than its month or year is the news of the publication day; one told in the past stays at the report's month.
- The dateline's place is the contact's only when the contact is told in the dateline's own story (the
  headline, or the sentence the dateline opens), not further down a digest filed from there.
- A "between" phrase names the contact's parties: "between Norway and the EU" is no contact of Norway with any
  state; "the negotiations between India and Pakistan" are not the doubters' contact.
- What someone speaks about ("spoke to a podcast presenter about the border talks with Russia") has only the
  parties its own phrase names.
- A headline's rubric ("Poland live updates: ...") names no side of what follows it.
- Two states' officials who met someone else together ("met with private shipping executives") did not meet
  each other.
- "The two leaders" refers to states named as actors, not to states that only qualify a thing or an event
  ("the Taiwan blockade", "the two Chinese neighbours").
- "S Korean", "S Korea" name South Korea as "N Korean" names the North.
- A title-case headline "Macron to Present ... During Summit With Scholz" (the tagger reads the verb as a
  name) announces what is to come, unless the contact is what the act follows ("After Summit With ...").
- A sentence's main verb with a subject of its own and no auxiliary is finite (a hand-made parse of "Leaders
  hold White House talks" with the verb tagged bare): the present, not an infinitive.
- A state that hosts as the subject ("Vietnam hosts Indonesian president") is the place; a journey "outside
  Belarus" is not there.
- A visit its own words date to another month ("a mid-January visit to Bangkok") is not where the news
  contact took place.
- Level: "a senior adviser to the Indian prime minister" acts for India at an adviser's rank ("a senior Modi
  adviser" likewise: the person only owns the rank); a foreign secretary is a foreign minister; a house
  speaker is parliamentary.
- An aggregator's bracketed agency before a dateline city ("[AFN] Cairo -- ...").

Published Thursday 12 March 2026.
"""

from __future__ import annotations

import datetime as dt

import pytest
from spacy.tokens import Doc
from spacy.vocab import Vocab

from extractors import extract_many
from extractors.contact_words import match_dateline
from extractors.events import Article, Event
from extractors.status import read_status

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
        "NOR-USA",
        (
            "Washington picked a fisheries envoy on Monday.\n\nShe starts work while quota rules are still under "
            "negotiation between Norway and the EU."
        ),
        frozenset(),
    ),
    "between_two_other_states": (
        "CAN-IND",
        "Canadian diplomats doubt that the negotiations between India and Pakistan are going anywhere.",
        frozenset(),
    ),
    "spoke_about_peace_talks": (
        "FIN-RUS",
        "A Finnish senator spoke to a podcast presenter about the border talks with Russia on Monday.",
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
        "BEL-NLD",
        "Senior Dutch and Belgian port officials met with private shipping executives in Antwerp on Tuesday.",
        frozenset(),
    ),
    "the_two_leaders_are_not_an_invasions_state": (
        "CHN-TWN",
        (
            "Ortega sees Xi in Astana\n\nThe Chinese leader shook hands with the first such visitor since the start "
            "of the Taiwan blockade. The two leaders discussed loans at a meeting in Astana."
        ),
        frozenset(),
    ),
    "allies_of_a_state_are_not_the_state": (
        "CHN-VNM",
        (
            "The prime ministers of the two Chinese neighbours held talks in Hanoi on Friday, as Vietnam and Laos "
            "deepen ties."
        ),
        frozenset(),
    ),
    "abbreviated_south_korean_makes_it_trilateral": (
        "AUS-JPN",
        "Australian, S Korean and Japanese defence chiefs gather in Busan over drones",
        frozenset(),
    ),
    "title_case_headline_infinitive": (
        "DEU-FRA",
        "Macron to Present Joint Energy Plan During Summit With Scholz",
        frozenset(["scheduled"]),
    ),
    "title_case_headline_infinitive_after_a_summit": (
        "ESP-ITA",
        ("Spain to Expand Flights After Summit With Italy\n\nThe leaders of Spain and Italy met in Rome on Monday."),
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
        "GBR-IND",
        (
            "Senior Modi adviser meets British officials\n\nAjay Rao, a senior adviser to the Indian prime "
            "minister, met with the British foreign secretary in London."
        ),
        {"level": "senior_officials", "location": "London", "date": "2026-03-12"},
    ),
    "a_foreign_secretary_is_a_foreign_minister": (
        "GBR-QAT",
        ("Qatar's foreign minister met the British foreign secretary in Doha on Wednesday, the ministry said."),
        {"level": "foreign_ministers", "location": "Doha", "date": "2026-03-11"},
    ),
    "a_house_speaker_is_parliamentary": (
        "PHL-USA",
        "US House Speaker Mike Dalton held talks with the Philippine president in Manila on Wednesday.",
        {"level": "parliamentary", "date": "2026-03-11"},
    ),
    "a_visit_dated_to_another_month_is_not_the_place": (
        "MYS-THA",
        (
            "The leaders of Thailand and Malaysia are holding their third summit this year. The Thai prime "
            "minister arrived in Malaysia on Thursday, two months after a mid-January visit to Bangkok by his "
            "Malaysian counterpart."
        ),
        {"location": "Malaysia", "date": "2026-03-12"},
    ),
    "the_hosting_state_is_the_place": (
        "IDN-VNM",
        "Vietnam hosts Indonesian president for port deal talks\n\nThe two leaders discussed shipping.",
        {"location": "Vietnam", "date": "2026-03-12"},
    ),
    "a_trip_outside_a_state_is_not_there": (
        "BLR-CHN",
        (
            "The Belarusian president promised the Chinese leader more grain during their talks on Wednesday, on a "
            "rare journey outside Belarus."
        ),
        {"location": None, "date": "2026-03-11"},
    ),
    "dateline_of_a_press_review_is_not_the_place": (
        "PRK-RUS",
        (
            "Newspaper Digest\n\nPyongyang, March 12 (KCNA) -- Today's papers carry these stories:\nA new "
            "bridge was opened over the river.\nThe DPRK premier held talks with a visiting Russian deputy "
            "prime minister.\nFarmers began spring sowing."
        ),
        {"location": None},
    ),
    "dateline_of_the_contacts_own_story_is_the_place": (
        "PRK-RUS",
        (
            "PYONGYANG, March 12 (KCNA) -- The DPRK premier held talks with a visiting Russian deputy prime minister "
            "on Wednesday."
        ),
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
        "[AFN] Cairo -- Water ministers of the basin states opened a week of talks in the city on Monday.",
        below_title=True,
    )
    assert found is not None
    assert (found[1], found[2]) == ("Cairo", "EGY")


def _parsed(words: list[str], tags: list[str], pos: list[str], deps: list[str], heads: list[int]) -> Doc:
    return Doc(Vocab(), words=words, tags=tags, pos=pos, deps=deps, heads=heads)


def test_a_bare_tagged_verb_with_its_own_subject_is_present() -> None:
    # The tagger sometimes reads a headline-style present ("Leaders hold White House talks") as a bare verb; with a
    # subject of its own and no auxiliary it is finite. A parse fixed by hand, so the test does not hang on the
    # tagger's mood.
    doc = _parsed(
        ["Leaders", "hold", "White", "House", "talks", "."],
        ["NNS", "VB", "NNP", "NNP", "NNS", "."],
        ["NOUN", "VERB", "PROPN", "PROPN", "NOUN", "PUNCT"],
        ["nsubj", "ROOT", "compound", "compound", "dobj", "punct"],
        [1, 1, 4, 4, 1, 1],
    )
    reading = read_status(doc[4])
    assert (reading.status, reading.present) == ("held", True), reading
    wished = _parsed(
        ["They", "want", "to", "hold", "talks", "."],
        ["PRP", "VBP", "TO", "VB", "NNS", "."],
        ["PRON", "VERB", "PART", "VERB", "NOUN", "PUNCT"],
        ["nsubj", "ROOT", "aux", "xcomp", "dobj", "punct"],
        [1, 1, 3, 1, 3, 1],
    )
    assert read_status(wished[4]).status == "proposed"
