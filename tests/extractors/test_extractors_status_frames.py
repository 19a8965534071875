"""Status as a decision over what governs the contact word, and news vs recall relative to the article's news.

Short texts of our own; each case is one phrasing kind from the issue (arrival/preview, a role named after
talks, a channel, a long-running exchange, a planned noun phrase, a meeting on the sidelines of a recalled one,
a preview article recalling an earlier dated round).
"""

from __future__ import annotations

import datetime as dt

import pytest

from extractors import extract_many
from extractors.events import Article, Event

PUB = dt.date(2025, 3, 13)

CASES: dict[str, tuple[str, set[str]]] = {
    # name: (text, statuses of JPN-PRK news events expected; empty = no new contact reported)
    "arrival_for_talks": (
        (
            "Japanese Foreign Minister Taro Tanaka arrived in Pyongyang on Sunday for talks with North Korean "
            "Foreign Minister Choe Son Hui."
        ),
        {"scheduled"},
    ),
    "left_to_hold_talks": (
        (
            "A Japanese government delegation left Tokyo on Monday for Pyongyang to hold talks with North Korean "
            "officials on the abduction issue."
        ),
        set(),
    ),
    "ahead_of_summit": (
        "Japan's chief negotiator said ahead of the summit with North Korea that Tokyo would raise the abductions.",
        {"scheduled"},
    ),
    "role_named_after_talks": (
        "North Korea's negotiator on the abduction talks with Japan, Song Il Ho, criticised Tokyo on Tuesday.",
        set(),
    ),
    "through_embassies": (
        "Japan and North Korea are still discussing the timing of the visit through their embassies in Beijing.",
        set(),
    ),
    "long_running": (
        "Japan and North Korea have been discussing the remains of Japanese war dead for some time.",
        set(),
    ),
    "slated_noun_phrase": (
        (
            "Japan-North Korea Red Cross talks slated for next week\n\nThe two Red Cross societies will meet in "
            "Shenyang."
        ),
        {"scheduled"},
    ),
    "sidelines_of_previous_meeting": (
        (
            "Japan and North Korea will hold Red Cross talks next week. Japanese diplomat Keiichi Ono and North "
            "Korean diplomat Ryu Song Il held informal talks on the sidelines of the previous Red Cross meeting."
        ),
        {"scheduled"},
    ),
    "preview_recalls_dated_round": (
        (
            "Japan and North Korea to meet again in Beijing\n\nJapanese and North Korean diplomats will meet in "
            "Beijing next month, officials said. They first met in Ulan Bator on February 1, the first such talks "
            "in four years."
        ),
        {"scheduled"},
    ),
    "no_interest_in_meeting": (
        "North Korea's Foreign Ministry said Pyongyang had no interest in meeting Japanese officials.",
        {"refused"},
    ),
    "ruled_out": (
        (
            "Japan's top government spokesman ruled out a meeting between Foreign Minister Taro Tanaka and his "
            "North Korean counterpart Choe Son Hui at the forum."
        ),
        {"refused"},
    ),
    "years_ago": (
        "Twelve years ago this week, Japanese and North Korean negotiators held talks in Stockholm.",
        set(),
    ),
    "many_times": (
        "Since their first summit, Japan and North Korea have met dozens of times at various levels.",
        set(),
    ),
    "same_forum": (
        (
            "Japanese Foreign Minister Taro Tanaka and North Korean Foreign Minister Choe Son Hui both attended the "
            "ASEAN Regional Forum in Manila on Friday."
        ),
        set(),
    ),
    "held_is_still_held": (
        "Japanese and North Korean diplomats held talks in Beijing on Tuesday, and agreed to meet again.",
        {"held", "scheduled"},
    ),
}


@pytest.fixture(scope="module")
def results() -> dict[str, list[Event]]:
    names = sorted(CASES)
    articles = [Article(id=n, text=CASES[n][0], published=PUB) for n in names]
    return dict(zip(names, extract_many(articles), strict=True))


@pytest.mark.parametrize("name", sorted(CASES))
def test_status_frames(results: dict[str, list[Event]], name: str) -> None:
    news = {e.status for e in results[name] if e.countries == ("JPN", "PRK") and not e.background}
    expected = CASES[name][1]
    assert news == expected, (name, [(e.status, e.background, e.evidence[0].text) for e in results[name]])
    if not expected & {"held", "ongoing"}:
        assert not any(e.is_new_contact for e in results[name])
