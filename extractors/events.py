"""The boundary types of extraction: what goes in (an article) and what comes out (EVENTs of the contract).

These are the only extractor types other packages may import. They are frozen pydantic models so that the
EVENT JSON of `shared/spec/interface.md` is produced and validated in one place.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

Status = Literal["held", "ongoing", "scheduled", "proposed", "cancelled", "refused"]
Level = Literal[
    "leaders",
    "foreign_ministers",
    "senior_officials",
    "working_level",
    "red_cross",
    "intelligence",
    "parliamentary",
    "military",
    "unknown",
]
Mode = Literal["in_person", "phone", "video", "letter", "unknown"]
Precision = Literal["day", "month", "year"]

# The contract's values, in its order, read off the Literal types (one list of each).
STATUSES: tuple[Status, ...] = get_args(Status)
LEVELS: tuple[Level, ...] = get_args(Level)
# Higher is more senior; used by watches (`min_level`) and by dedup when refining a level.
LEVEL_RANK: dict[str, int] = {
    "unknown": 0,
    "working_level": 1,
    "red_cross": 1,
    "parliamentary": 1,
    "intelligence": 2,
    "military": 2,
    "senior_officials": 3,
    "foreign_ministers": 4,
    "leaders": 5,
}


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Article(_Frozen):
    """An article as the extractor sees it: text plus what is known about its publication."""

    id: str
    text: str
    title: str | None = None
    published: dt.date | None = None
    url: str | None = None
    outlet: str | None = None
    # "YYYY-MM" or "YYYY" when only the month or year of publication is known (`published` is then None):
    # no day to resolve dates against, but enough to date the article's undated contacts for history.
    published_period: str | None = Field(default=None, pattern=r"^\d{4}(-(0[1-9]|1[0-2]))?$")
    # The article's language when its source says so (a feed's `language`, a record's `language` key): "en"
    # or "ja". None: detected from the text (`extractors.japanese.detect`).
    language: Literal["en", "ja"] | None = None


class Participant(_Frozen):
    name: str | None = None
    title: str | None = None
    country: str | None = None


class Evidence(_Frozen):
    article: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    text: str

    @model_validator(mode="after")
    def _ordered(self) -> Evidence:
        if self.end < self.start:
            raise ValueError("evidence end before start")
        if len(self.text) != self.end - self.start:
            raise ValueError("evidence text length does not match its offsets")
        return self


class Codes(_Frozen):
    cameo: str | None = None
    plover: str | None = None


def codes_for(status: Status, mode: Mode) -> Codes:
    """The event coders' codes of a contact, for every language's rules: CAMEO 041 for a phone or video contact,
    043 for one in person, 036 for a planned one, 125 for a refusal, 164 for a cancellation; PLOVER CONSULT or
    REJECT."""
    if status in ("held", "ongoing"):
        return Codes(cameo="041" if mode in ("phone", "video") else "043", plover="CONSULT")
    if status in ("scheduled", "proposed"):
        return Codes(cameo="036", plover="CONSULT")
    if status == "refused":
        return Codes(cameo="125", plover="REJECT")
    return Codes(cameo="164", plover="REJECT")


def level_of(value: str) -> Level:
    """A level name as the contract's `Level`, `unknown` for anything else."""
    return next((level for level in LEVELS if level == value), "unknown")


class Event(_Frozen):
    """One EVENT of the contract (without the stored-history fields)."""

    kind: Literal["contact"] = "contact"
    status: Status
    countries: tuple[str, str]
    date: str | None = None
    date_precision: Precision | None = None
    location: str | None = None
    venue: str | None = None
    level: Level = "unknown"
    mode: Mode = "unknown"
    participants: tuple[Participant, ...] = ()
    background: bool = False
    novelty: str | None = None
    confidence: float = Field(ge=0.0, le=1.0)
    codes: Codes = Codes()
    evidence: tuple[Evidence, ...] = ()

    @field_validator("countries")
    @classmethod
    def _sorted_iso3(cls, value: tuple[str, str]) -> tuple[str, str]:
        a, b = value
        for code in value:
            if len(code) != 3 or not code.isupper() or not code.isalpha():
                raise ValueError(f"not an ISO3 code: {code!r}")
        if a == b:
            raise ValueError("a contact needs two different countries")
        return (a, b) if a < b else (b, a)

    @model_validator(mode="after")
    def _date_matches_precision(self) -> Event:
        if (self.date is None) != (self.date_precision is None):
            raise ValueError("date and date_precision go together")
        if self.date is not None:
            expected = {"day": 10, "month": 7, "year": 4}[self.date_precision or "day"]
            if len(self.date) != expected:
                raise ValueError(f"date {self.date!r} does not have precision {self.date_precision}")
            parse_partial_date(self.date)
        return self

    def to_json(self) -> dict[str, Any]:
        return self.model_dump(mode="json")

    @property
    def is_new_contact(self) -> bool:
        """The contract's definition of an article that reports a new contact."""
        return self.status in ("held", "ongoing") and not self.background


def parse_partial_date(value: str) -> tuple[dt.date, dt.date]:
    """`YYYY`, `YYYY-MM` or `YYYY-MM-DD` -> the first and last day it covers."""
    parts = value.split("-")
    year = int(parts[0])
    if len(parts) == 1:
        return dt.date(year, 1, 1), dt.date(year, 12, 31)
    month = int(parts[1])
    if len(parts) == 2:
        first = dt.date(year, month, 1)
        nxt = dt.date(year + (month == 12), month % 12 + 1, 1)
        return first, nxt - dt.timedelta(days=1)
    day = dt.date(year, month, int(parts[2]))
    return day, day
