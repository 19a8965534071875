"""What the contact rules produce: a contact mention, its sides and the persons named, and the rules' limits."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from extractors.events import Mode, Status
from extractors.gazetteer import Official

if TYPE_CHECKING:
    from spacy.tokens import Token


# A dateline's filing day counts as the story's day when it lies at most this many days before publication.
FILING_DAYS = 2
# Sentences longer than this are not news prose; triggers in them are skipped.
MAX_SENTENCE_TOKENS = 150
# At most this many triggers are examined per article: real reports have a few dozen.
MAX_TRIGGERS = 400
# A level hint that says only that governments met ("their first government-level contact"): senior officials
# unless the story says who met (see assemble._level).
GOVERNMENT_LEVEL = "government_level"


@dataclass
class Side:
    code: str
    token: Token
    phrase: str
    official: Official | None = None
    person: str | None = None


@dataclass
class PersonInfo:
    name: str
    country: str | None
    title: str | None
    category: str | None
    official: Official | None


@dataclass
class ContactMention:
    countries: tuple[str, str]
    status: Status
    background_cue: bool
    date: str | None
    precision: str | None
    explicit_year: bool
    location: str | None
    location_is_city: bool
    venue: str | None
    level_hint: str | None
    side_levels: dict[str, str]
    participants: list[tuple[PersonInfo, str]]
    mode: Mode
    novelty: str | None
    sent_start: int
    sent_end: int
    sent_index: int
    anaphoric: bool = False
    reported: bool = False
    out_of_office: bool = False
    background_relative: bool = False
    since: tuple[str, str] | None = None
    span_days: int = 1  # "five-day talks": the days from `date` on that are this contact's
    why: str = ""
    trigger_text: str = ""
    extra_sentences: list[tuple[int, int]] = field(default_factory=list)
    # Cities named anywhere in the mention's sentence (not its dateline): where the contact was when nothing
    # closer says ("delegates attending a conference in Ulaanbaatar held a separate meeting").
    sentence_cities: list[str] = field(default_factory=list)
    visit_cue: bool = False  # "met here", "received visiting ...": the dateline's place is the contact's
    present: bool = False  # reported in the present tense ("meets", "are meeting"): the day of the report
