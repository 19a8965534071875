"""The office holders of `extractors/data/officials.json`: the file's invariants, and contacts named by them alone."""

from __future__ import annotations

import datetime as dt
import itertools
import json
import re
from collections import defaultdict
from importlib import resources
from typing import Any

import pytest

from extractors import extract_many
from extractors.contact_words import LEVEL_ORDER
from extractors.events import Article, Event
from extractors.gazetteer import _person_key, gazetteer
from extractors.trie_regex import trie_pattern


def _raw() -> list[dict[str, Any]]:
    text = resources.files("extractors").joinpath("data", "officials.json").read_text(encoding="utf-8")
    officials: list[dict[str, Any]] = json.loads(text)["officials"]
    return officials


def test_every_entry_is_well_formed() -> None:
    known = set(gazetteer().country_names)
    keys = {"name", "surname", "surname_alone", "country", "title", "category", "from", "to"}
    for o in _raw():
        assert set(o) == keys, o
        assert o["country"] in known, f"{o['name']}: {o['country']} is not a state of states.json"
        assert o["category"] in LEVEL_ORDER, o
        assert isinstance(o["surname_alone"], bool), o
        assert o["name"].strip() == o["name"] and o["surname"] and o["title"], o
        assert isinstance(o["from"], int) and 1940 <= o["from"] <= 2026, o
        assert o["to"] is None or (isinstance(o["to"], int) and o["from"] <= o["to"] <= 2026), o


def test_no_overlapping_terms_in_one_office() -> None:
    terms: dict[tuple[str, str], list[tuple[int, float]]] = defaultdict(list)
    for o in _raw():
        terms[(o["name"], o["title"])].append((o["from"], o["to"] if o["to"] is not None else float("inf")))
    for key, spans in terms.items():
        spans.sort()
        for (_, end), (start, _) in itertools.pairwise(spans):
            assert end < start, f"{key}: overlapping terms {spans}"


def test_a_name_or_distinctive_surname_stands_for_one_state() -> None:
    # The gate takes a key's first office holder for its state: every key must be of one state.
    states: dict[str, set[str]] = defaultdict(set)
    for o in _raw():
        states[_person_key(o["name"])].add(o["country"])
        if o["surname_alone"]:
            states[_person_key(o["surname"])].add(o["country"])
    assert {k: v for k, v in states.items() if len(v) > 1} == {}


def test_one_person_keeps_one_surname_setting() -> None:
    seen: dict[str, tuple[str, bool]] = {}
    for o in _raw():
        assert seen.setdefault(o["name"], (o["surname"], o["surname_alone"])) == (o["surname"], o["surname_alone"])


def _events(text: str, published: dt.date) -> list[Event]:
    return extract_many([Article(id="own", text=text, published=published)])[0]


def _only(events: list[Event], pair: tuple[str, str]) -> Event:
    found = [e for e in events if e.countries == pair]
    assert len(found) == 1, events
    return found[0]


@pytest.mark.parametrize(
    ("text", "published", "pair", "level"),
    [
        ("Lula called Putin on Monday to discuss the war.", dt.date(2023, 10, 23), ("BRA", "RUS"), "leaders"),
        ("Erdogan met Putin in Sochi on Monday.", dt.date(2026, 2, 2), ("RUS", "TUR"), "leaders"),
        ("Merz held talks with Macron in Paris on Wednesday.", dt.date(2026, 1, 14), ("DEU", "FRA"), "leaders"),
        (
            "Araghchi held talks with Lavrov in Moscow on Friday.",
            dt.date(2026, 4, 17),
            ("IRN", "RUS"),
            "foreign_ministers",
        ),
        ("Modi spoke by phone with Ramaphosa on Tuesday.", dt.date(2026, 2, 10), ("IND", "ZAF"), "leaders"),
        ("Lukashenko met Xi Jinping in Beijing on Tuesday.", dt.date(2026, 6, 2), ("BLR", "CHN"), "leaders"),
        (
            "Foreign Secretary James Cleverly is in Kyiv for talks with President Zelensky.",
            dt.date(2023, 3, 10),
            ("GBR", "UKR"),
            "foreign_ministers",
        ),
        (
            "Jake Sullivan held talks with Wang Yi in Vienna on Thursday.",
            dt.date(2023, 5, 12),
            ("CHN", "USA"),
            "senior_officials",
        ),
        (
            "Hegseth met Chinese Defense Minister Dong Jun in Kuala Lumpur on Friday.",
            dt.date(2025, 10, 31),
            ("CHN", "USA"),
            "military",
        ),
    ],
)
def test_office_holders_named_without_their_state(
    text: str, published: dt.date, pair: tuple[str, str], level: str
) -> None:
    event = _only(_events(text, published), pair)
    assert event.status == "held" and not event.background
    assert event.level == level


def test_a_surname_known_from_one_state_only_still_gives_the_pair() -> None:
    # "Sullivan" alone is not distinctive (surname_alone false), yet no other state's office holder bears it.
    event = _only(
        _events("Sullivan held talks with Wang Yi in Vienna on Thursday.", dt.date(2023, 5, 12)), ("CHN", "USA")
    )
    assert event.status == "held"


def test_the_term_on_record_tells_news_from_a_recollection() -> None:
    text = "Sunak met Zelensky in Kyiv on Friday."
    then = _only(_events(text, dt.date(2023, 11, 17)), ("GBR", "UKR"))
    assert not then.background and then.level == "leaders"
    assert {p.name: p.title for p in then.participants}["Rishi Sunak"] == "Prime Minister"
    # In 2026 Sunak has been out of office for more than a year: the meeting is recalled, not news.
    now = _only(_events(text, dt.date(2026, 3, 6)), ("GBR", "UKR"))
    assert now.background


def test_the_title_follows_the_term() -> None:
    # Putin was Prime Minister from 2008 to 2012, President before and after.
    g = gazetteer()
    assert [g.official("Putin", y).title for y in (2005, 2010, 2026)] == ["President", "Prime Minister", "President"]  # type: ignore[union-attr]
    assert g.official("Kishida", 2015).title == "Foreign Minister"  # type: ignore[union-attr]
    motegi = g.official("Toshimitsu Motegi", 2023)
    assert motegi is not None and not motegi.in_office(2023)


def test_the_trie_pattern_matches_exactly_its_words() -> None:
    # The look-ahead for first letters that speeds up the scans of ~470 names must not change what matches.
    words = ["Putin", "Lula", "Lavrov", "Le Drian", "Xi", "Sikorski", "Sunak", "Aso", "Abe"]
    rx = re.compile(r"(?<![\w-])(?:" + trie_pattern(words) + r")(?![\w-])")
    text = "Lula met Putin; Le Drian, Abe and Aso saw Xi. Sunak, Sikorski. Lulay, Putina, Xian, Abel, Lav"
    assert [m.group(0) for m in rx.finditer(text)] == [
        "Lula",
        "Putin",
        "Le Drian",
        "Abe",
        "Aso",
        "Xi",
        "Sunak",
        "Sikorski",
    ]
    assert re.fullmatch(trie_pattern([]), "") is None
    assert re.fullmatch(trie_pattern(["solo"]), "solo")


def test_a_surname_with_a_space_or_a_name_ending_in_s() -> None:
    # A surname of two words matches alone (it was escaped twice: "Le\\ Drian"), and a name's own final "s"
    # is not cut off as if it were a possessive ("Liz Truss", not "Liz Tru"); a possessive still is.
    drian = _only(_events("Le Drian met Wang Yi in Paris on Monday.", dt.date(2019, 4, 1)), ("CHN", "FRA"))
    assert drian.status == "held" and not drian.background
    truss = _only(_events("Liz Truss spoke with Joe Biden by phone on Tuesday.", dt.date(2022, 9, 7)), ("GBR", "USA"))
    assert {p.name for p in truss.participants} >= {"Liz Truss"}  # her title in 2022 is a year's guess
    possessive = _only(
        _events("Liz Truss's talks with Joe Biden in New York on Wednesday were short.", dt.date(2022, 9, 22)),
        ("GBR", "USA"),
    )
    assert "Liz Truss" in {p.name for p in possessive.participants}
