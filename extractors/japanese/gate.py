"""The Japanese relevance gate: substring scans over the raw text, no segmentation, no model.

An article passes when it has a contact word (会談, 協議, 接触, 会っ ...) and names two states, by name, a pair
word (日朝, 米朝), a capital or an office holder; with `pairs`, both states of one watched pair.
"""

from __future__ import annotations

from collections.abc import Collection

from extractors.japanese.lexicon import lexicon


def states_named(text: str) -> set[str]:
    lex = lexicon()
    found: set[str] = set()
    for m in lex.pairs.finditer(text):
        found.update(lex.pair_of[m.group()])
    found.update(lex.state_of[m.group()] for m in lex.states.finditer(text))
    found.update(lex.official_of[m.group()].country for m in lex.officials.finditer(text))
    found.update(lex.capital_of[m.group()][1] for m in lex.places.finditer(text) if m.group() in lex.capital_of)
    found.update(iso for pattern, iso in lex.short_names if pattern.search(text))
    if lex.japan_offices.search(text):
        found.add("JPN")  # unqualified offices in Japanese news are Japan's
    return found


def is_relevant_ja(text: str, title: str | None = None, pairs: Collection[tuple[str, str]] | None = None) -> bool:
    lex = lexicon()
    whole = f"{title}\n{text}" if title else text
    if lex.triggers.search(whole) is None:
        return False
    named = states_named(whole)
    if pairs is None:
        return len(named) >= 2
    return any(a in named and b in named for a, b in pairs)
