"""What the Japanese rule tables of rounds 4 to 6 share: one publication day, and the news contacts of a text."""

from __future__ import annotations

import datetime as dt

from extractors import Article, Event, extract

PUB = dt.date(2026, 6, 20)
JP = ("JPN", "PRK")


def events(text: str) -> list[Event]:
    return extract(Article(id="a", text=text, published=PUB, language="ja"))


def news(found: list[Event], pair: tuple[str, str] = JP) -> list[Event]:
    """The contacts reported as news (held or ongoing, not background) of one pair."""
    return [e for e in found if e.countries == pair and e.status in ("held", "ongoing") and not e.background]
