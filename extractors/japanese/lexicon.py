"""The Japanese names and cue words (`extractors/data/ja.json`), loaded once, as longest-first patterns."""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

_DATA = Path(__file__).resolve().parents[1] / "data" / "ja.json"


@dataclass(frozen=True, slots=True)
class Official:
    name: str
    country: str
    title: str
    category: str
    start: int | None
    end: int | None


@dataclass(frozen=True, slots=True)
class Lexicon:
    raw: dict[str, Any]
    state_of: dict[str, str]  # Japanese state name -> ISO3
    pair_of: dict[str, tuple[str, str]]  # 日朝 -> (JPN, PRK)
    city_of: dict[str, tuple[str, str]]  # 北京 -> (Beijing, CHN)
    capital_of: dict[str, tuple[str, str]]
    country_place: dict[str, str]
    venue_of: dict[str, str]
    official_of: dict[str, Official]
    rank_of: dict[str, str]  # rank word -> level
    states: re.Pattern[str]
    pairs: re.Pattern[str]
    multilateral: re.Pattern[str]
    not_pairs: re.Pattern[str]
    places: re.Pattern[str]
    countries_as_places: re.Pattern[str]
    venues: re.Pattern[str]
    officials: re.Pattern[str]
    ranks: re.Pattern[str]
    triggers: re.Pattern[str]
    not_triggers: re.Pattern[str]
    mode_of: dict[str, str]
    modes: re.Pattern[str]
    short_names: list[tuple[re.Pattern[str], str]]  # 朝鮮 (alone) -> PRK
    japan_offices: re.Pattern[str]
    forums: re.Pattern[str]
    bodies: re.Pattern[str]
    call_place_of: dict[str, str]
    call_places: re.Pattern[str]
    hearsay: re.Pattern[str]
    denials: re.Pattern[str]
    speech_events: re.Pattern[str]


# ASCII digits and letters as Japanese text often writes them, full width (６者協議, ＡＳＥＡＮ).
_FULL_WIDTH = str.maketrans(
    {c: chr(ord(c) + 0xFEE0) for c in "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"}
)


def alternation(words: list[str] | set[str] | dict[str, Any]) -> re.Pattern[str]:
    """One pattern matching any of the words, the longest first (so 北朝鮮側 wins over 北朝鮮); a word list (not a
    name-to-value map, whose matches are looked up) matches its words' full-width forms too (6者協議: ６者協議)."""
    variants = set(words) if isinstance(words, dict) else {*words, *(w.translate(_FULL_WIDTH) for w in words)}
    ordered = sorted({w for w in variants if w}, key=lambda w: (-len(w), w))
    return re.compile("|".join(re.escape(w) for w in ordered) if ordered else r"(?!x)x")


@functools.cache
def lexicon() -> Lexicon:
    raw: dict[str, Any] = json.loads(_DATA.read_text(encoding="utf-8"))
    state_of = {name: iso for iso, names in raw["states"].items() for name in names}
    pair_of = {w: (min(p), max(p)) for w, p in raw["pair_words"].items()}
    city_of = {k: (v[0], v[1]) for k, v in raw["cities"].items()}
    capital_of = {k: (v[0], v[1]) for k, v in raw["capitals"].items()}
    officials = {
        k: Official(name=v[0], country=v[1], title=v[2], category=v[3], start=v[4], end=v[5])
        for k, v in raw["officials"].items()
    }
    rank_of = {w: level for level, words in raw["ranks"].items() for w in words}
    mode_of = {w: mode for mode, words in raw["mode"].items() for w in words}
    return Lexicon(
        raw=raw,
        state_of=state_of,
        pair_of=pair_of,
        city_of=city_of,
        capital_of=capital_of,
        country_place=dict(raw["country_places"]),
        venue_of=dict(raw["venues"]),
        official_of=officials,
        rank_of=rank_of,
        states=alternation(state_of),
        pairs=alternation(pair_of),
        multilateral=alternation(raw["multilateral_words"]),
        not_pairs=alternation(raw["not_pair_words"]),
        places=alternation({**city_of, **capital_of}),
        countries_as_places=alternation(raw["country_places"]),
        venues=alternation(raw["venues"]),
        officials=alternation(officials),
        ranks=alternation(rank_of),
        triggers=alternation(raw["triggers"]),
        not_triggers=alternation(raw["not_triggers"]),
        mode_of=mode_of,
        modes=alternation(mode_of),
        short_names=[
            (
                re.compile(
                    "".join(f"(?<!{re.escape(b)})" for b in spec["not_preceded_by"])
                    + re.escape(spec["name"])
                    + "(?!"
                    + "|".join(re.escape(a) for a in spec["not_followed_by"])
                    + ")"
                ),
                iso,
            )
            for spec in raw["short_names"]["names"]
            for iso in [spec["iso"]]
        ],
        japan_offices=alternation(raw["japan_offices"]),
        forums=alternation(raw["forum_words"]),
        bodies=alternation(raw["non_official_bodies"]),
        call_place_of=dict(raw["call_places"]),
        call_places=alternation(raw["call_places"]),
        hearsay=alternation(raw["hearsay_markers"]),
        denials=alternation(raw["denials"]),
        speech_events=alternation(raw["speech_events"]),
    )
