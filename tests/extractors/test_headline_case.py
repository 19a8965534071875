"""Title-case headlines are parsed in sentence case, and a headline's present tense yields to a lede that
restates its contact as coming. Texts written for this test.

- In a title-case line, the listed words (closed-class words and the contact rules' verbs) are lower-cased for
  the parse only: the text keeps its length, names and acronyms keep their case, and the evidence quotes the
  article as written.
- A line in sentence case, or a line of names ("Kim Jong Un Meets Putin" has too few listed words to matter,
  but "Kim Jong Un" alone has none), is left as it is.
- "Japanese And Russian Foreign Ministers Meet To Discuss Treaty" over "are expected to meet in Moscow"
  previews the meeting (scheduled); the same headline over a lede about what the talks are to cover, or
  about a further meeting ("will meet again next year"), stays a report.
"""

from __future__ import annotations

import datetime as dt

import pytest

from extractors import extract
from extractors.events import Article, Event
from extractors.headline_case import sentence_case_headlines

PUB = dt.date(2026, 3, 12)


def _news(text: str, pair: tuple[str, str]) -> list[Event]:
    events = extract(Article(id="t", text=text, published=PUB))
    return [e for e in events if tuple(e.countries) == pair and not e.background]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (
            "Envoy Meets With Top North Korean Diplomat in Beijing Amid Missile Tensions",
            "Envoy meets with top North Korean Diplomat in Beijing amid Missile Tensions",
        ),
        ("Japan, North Korea Hold Talks In Mongolia", "Japan, North Korea hold talks in Mongolia"),
        ("US And UN Envoys Arrive In Seoul", "US and UN Envoys arrive in Seoul"),
        ("Japanese envoy meets North Korean diplomat in Beijing",) * 2,
        ("Kim Jong Un", "Kim Jong Un"),
        ("The Prime Minister Met The Press. It Was Long.", "The Prime Minister Met The Press. It Was Long."),
    ],
)
def test_title_case_lines_are_sentence_cased_for_the_parse(line: str, expected: str) -> None:
    assert sentence_case_headlines(line) == expected


def test_only_the_headline_region_and_lengths_are_kept() -> None:
    body = "Officials met in Beijing on Tuesday.\n\n" + "x " * 400 + "\nTalks Meet With Resistance In Town"
    text = "Envoy Meets With Diplomat\n\n" + body
    out = sentence_case_headlines(text)
    assert len(out) == len(text)
    assert out.startswith("Envoy meets with Diplomat\n\n")
    assert out.endswith("Talks Meet With Resistance In Town")  # past the headline region: a heading, left alone


@pytest.mark.parametrize(
    "headline",
    [
        "Japan's Foreign Minister Meets With North Korean Counterpart In Hanoi",
        "Japanese Minister Holds Talks With North Korean Envoy In Hanoi",
        "Motegi Meets North Korean Envoy In Hanoi",
    ],
)
def test_a_title_case_headline_reports_its_contact_with_evidence_as_written(headline: str) -> None:
    # Parsed as written, each of these headlines has no verb ("Minister Meets", "Minister Holds Talks" read
    # as names) and reports nothing.
    text = f"{headline}\n\nThe meeting lasted an hour, officials said."
    events = _news(text, ("JPN", "PRK"))
    assert [e.status for e in events] == ["held"]
    assert events[0].location == "Hanoi"
    assert any(ev.text == headline for ev in events[0].evidence)
    assert all(text[ev.start : ev.end] == ev.text for ev in events[0].evidence)


PREVIEW_CASES = {
    "lede_restates_the_meeting_as_coming": (
        (
            "Japanese And Russian Foreign Ministers Meet To Discuss Peace Treaty\n\n"
            "The Japanese and Russian foreign ministers are expected to meet in Moscow to discuss a peace treaty."
        ),
        {"scheduled"},
    ),
    "lede_tells_what_the_talks_are_to_cover": (
        (
            "Japan, North Korea officials meet in Beijing\n\n"
            "Japanese and North Korean officials are expected to discuss the abduction issue during two days of "
            "talks in Beijing, officials said."
        ),
        {"held"},
    ),
    "lede_tells_a_further_meeting": (
        (
            "Japanese and North Korean diplomats meet in Beijing\n\n"
            "The Japanese and North Korean diplomats will meet again next year, officials said."
        ),
        {"held"},
    ),
}


@pytest.mark.parametrize("name", sorted(PREVIEW_CASES))
def test_a_headline_present_yields_to_a_lede_that_restates_it_as_coming(name: str) -> None:
    text, statuses = PREVIEW_CASES[name]
    pair = ("JPN", "RUS") if "Russian" in text else ("JPN", "PRK")
    found = {e.status for e in _news(text, pair)}
    assert statuses <= found
    if statuses == {"scheduled"}:
        assert "held" not in found


# A bare verb in a headline is its present unless something makes it an infinitive; a contact that is the
# purpose of a visit happened when the visit did, with the host state as the other side; so did an office
# holder's visit itself (not a tourist's).
VISIT_AND_BARE_CASES = {
    "headline_bare_verb": ("Japan, North Korea discuss abductions", {"held"}),
    "headline_infinitive": ("Japan, North Korea to discuss abductions", {"scheduled"}),
    "visited_for_talks": (
        "Japan's foreign minister visited North Korea on Monday for talks on the abductions.",
        {"held"},
    ),
    "visited_to_discuss": ("Japan's foreign minister visited Pyongyang on Monday to discuss the abductions.", {"held"}),
    "will_visit_to_hold_talks": (
        "Japan's foreign minister will visit Pyongyang next week to hold talks on the abductions.",
        {"scheduled"},
    ),
    "visited_to_attend_a_match": (
        "A Japanese delegation visited Pyongyang last week to attend a football match.",
        set(),
    ),
    # An office holder's visit is a contact with the host government; a tourist's is not.
    "visited_alone": ("Japan's foreign minister visited Pyongyang on Monday.", {"held"}),
    "tourists_visited": ("Japanese tourists visited North Korea on Monday.", set()),
    "will_visit_alone": ("Japan's foreign minister will visit Pyongyang next month.", {"scheduled"}),
}


@pytest.mark.parametrize("name", sorted(VISIT_AND_BARE_CASES))
def test_headline_bare_verbs_and_the_purpose_of_a_visit(name: str) -> None:
    text, statuses = VISIT_AND_BARE_CASES[name]
    assert {e.status for e in _news(text, ("JPN", "PRK"))} == statuses
