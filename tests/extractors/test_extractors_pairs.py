"""Extraction limited to watched pairs of states: the gate and the result both honour `pairs`."""

from __future__ import annotations

import datetime as dt

from extractors import extract_many, is_relevant
from extractors.events import Article

US_DPRK = (
    "US Secretary of State Mike Pompeo met North Korean leader Kim Jong Un in Pyongyang on Sunday, the State "
    "Department said.\n\nThe two discussed the denuclearisation of the Korean Peninsula."
)
JAPAN_DPRK = (
    "Japanese Foreign Minister Taro Kono met his North Korean counterpart Ri Yong Ho in Singapore on Friday, "
    "Kyodo News reported."
)
WATCH = {("JPN", "PRK")}


def test_gate_needs_both_states_of_a_watched_pair() -> None:
    assert is_relevant(US_DPRK)  # any pair: two states and a meeting word
    assert not is_relevant(US_DPRK, pairs=WATCH)
    assert is_relevant(JAPAN_DPRK, pairs=WATCH)
    assert is_relevant(JAPAN_DPRK, pairs={("PRK", "JPN")})  # order of a pair does not matter
    assert not is_relevant("North Korea fired a missile over Japan.", pairs=WATCH)  # no meeting word


def test_gate_counts_office_holders_named_in_full() -> None:
    # No place name for North Korea, only its leader's full name.
    text = "Prime Minister Fumio Kishida said he wants to meet Kim Jong Un without preconditions."
    assert is_relevant(text, pairs=WATCH)
    assert not is_relevant(text, pairs={("JPN", "CHN")})


def test_events_of_other_pairs_are_left_out() -> None:
    articles = [
        Article(id="us", text=US_DPRK, published=dt.date(2018, 10, 8)),
        Article(id="jp", text=JAPAN_DPRK, published=dt.date(2018, 8, 5)),
    ]
    every = extract_many(articles)
    assert [[e.countries for e in events] for events in every] == [[("PRK", "USA")], [("JPN", "PRK")]]
    watched = extract_many(articles, pairs=WATCH)
    assert [[e.countries for e in events] for events in watched] == [[], [("JPN", "PRK")]]
    assert watched[1] == every[1]
    assert extract_many(articles, pairs={("PRK", "USA")})[0] == every[0]
