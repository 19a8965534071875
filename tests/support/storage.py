from __future__ import annotations

import datetime as dt
from typing import Any

from config.settings import Settings
from extractors.events import Event, Evidence, Participant


def make_event(
    *,
    date: str | None = "2018-09-26",
    precision: str | None = "day",
    status: str = "held",
    location: str | None = "New York",
    level: str = "foreign_ministers",
    background: bool = False,
    countries: tuple[str, str] = ("JPN", "PRK"),
    names: tuple[str, ...] = ("Taro Kono", "Ri Yong Ho"),
    text: str = "The foreign ministers met.",
) -> Event:
    kwargs: dict[str, Any] = {
        "status": status,
        "countries": countries,
        "date": date,
        "date_precision": precision if date else None,
        "location": location,
        "level": level,
        "mode": "in_person",
        "participants": tuple(Participant(name=n) for n in names),
        "background": background,
        "confidence": 0.9,
        "evidence": (Evidence(article="a", start=0, end=len(text), text=text),),
    }
    return Event(**kwargs)


def settings_for(url: str, **extra: Any) -> Settings:
    return Settings.model_validate({"database": {"url": url}, **extra})


TODAY = dt.date(2018, 9, 28)
