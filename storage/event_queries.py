"""Read-only queries behind the web view and the Atom feed: filtered, paginated, indexed.

Every listing is a page (LIMIT/OFFSET over an index order) and every count or chart an aggregate in the
database, so a page costs the same on 100 or 100,000 stored events. Nothing here writes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import ColumnElement, Select, String, and_, case, cast, func, or_, select
from sqlalchemy.orm import Session

from config.settings import WatchConfig
from extractors.events import LEVEL_RANK, LEVELS
from storage.models import Alert, Article, EventArticle
from storage.models import Event as EventRow

MAX_PER_PAGE = 200


@dataclass(frozen=True)
class EventFilter:
    """What the list, the chart, `/api/events` and the Atom feed narrow by (all optional)."""

    pair: tuple[str, str] | None = None
    status: str | None = None
    level: str | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    q: str | None = None  # text search over participants and places
    include_background: bool = False
    statuses: tuple[str, ...] = ()
    levels: tuple[str, ...] = ()
    min_confidence: float = 0.0


def _conditions(f: EventFilter) -> list[ColumnElement[bool]]:
    conds: list[ColumnElement[bool]] = []
    if f.pair is not None:
        a, b = sorted(f.pair)
        conds += [EventRow.country_a == a, EventRow.country_b == b]
    if not f.include_background:
        conds.append(EventRow.background.is_(False))
    if f.status:
        conds.append(EventRow.status == f.status)
    if f.statuses:
        conds.append(EventRow.status.in_(f.statuses))
    if f.level:
        conds.append(EventRow.level == f.level)
    if f.levels:
        conds.append(EventRow.level.in_(f.levels))
    if f.min_confidence > 0:
        conds.append(EventRow.confidence >= f.min_confidence)
    # A date range keeps the events whose own range (a month, a year for coarse dates) overlaps it.
    if f.date_from is not None:
        conds.append(EventRow.date_end >= f.date_from)
    if f.date_to is not None:
        conds.append(EventRow.date_start <= f.date_to)
    if f.q:
        needle = f.q.strip().lower()
        conds.append(
            or_(
                func.lower(EventRow.location).contains(needle, autoescape=True),
                func.lower(EventRow.venue).contains(needle, autoescape=True),
                func.lower(cast(EventRow.participants, String)).contains(needle, autoescape=True),
            )
        )
    return conds


def filtered(f: EventFilter) -> Select[tuple[EventRow]]:
    """The events matching `f`, newest contact first (undated last), on the `(date_start, id)` index."""
    return select(EventRow).where(*_conditions(f)).order_by(EventRow.date_start.desc().nulls_last(), EventRow.id.desc())


@dataclass(frozen=True)
class Page:
    rows: Sequence[EventRow]
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))


def event_page(session: Session, f: EventFilter, *, page: int = 1, per_page: int = 50) -> Page:
    per_page = max(1, min(per_page, MAX_PER_PAGE))
    total = session.scalar(select(func.count()).select_from(EventRow).where(*_conditions(f))) or 0
    last = max(1, -(-total // per_page))
    page = max(1, min(page, last))
    rows = session.scalars(filtered(f).limit(per_page).offset((page - 1) * per_page)).all()
    return Page(rows=rows, total=total, page=page, per_page=per_page)


@dataclass(frozen=True)
class ChartCell:
    """Events of one pair and status in one month (or one year, for year-precision dates), and the highest
    level among them (what the chart colours the mark by)."""

    period: str  # "YYYY-MM" or "YYYY"
    level: str
    status: str
    count: int


# Levels from lowest to highest (ties in LEVEL_RANK broken by the vocabulary's order): a level's position here
# is what max() compares, so one mark per (month, status) can carry its highest level.
CHART_LEVELS: tuple[str, ...] = tuple(sorted(LEVELS, key=lambda lv: (LEVEL_RANK.get(lv, 0), LEVELS.index(lv))))


def timeline_counts(session: Session, f: EventFilter) -> tuple[list[ChartCell], int]:
    """The chart's data: per (month, status) the count and the highest level, and the number of undated
    events (the NULL month's groups), in one GROUP BY that streams along `ix_events_timeline` (read from the
    index alone, in its order)."""
    level_code = case({lv: i for i, lv in enumerate(CHART_LEVELS)}, value=EventRow.level, else_=0)
    stmt = (
        select(EventRow.period, EventRow.status, func.count(), func.max(level_code))
        .where(*_conditions(f))
        .group_by(EventRow.period, EventRow.status)
    )
    cells: list[ChartCell] = []
    undated = 0
    for period, status, count, code in session.execute(stmt).tuples():
        if period is None:
            undated += count
        else:
            cells.append(ChartCell(period, CHART_LEVELS[code or 0], status, count))
    return cells, undated


def stored_pairs(session: Session, limit: int = 200) -> list[tuple[str, str]]:
    """The distinct pairs, each found by a `min()` seek on `ix_events_pair_date` (a DISTINCT would read every
    entry of the index; there are few pairs and many events)."""
    pairs: list[tuple[str, str]] = []
    a = session.scalar(select(func.min(EventRow.country_a)))
    while a is not None and len(pairs) < limit:
        b = session.scalar(select(func.min(EventRow.country_b)).where(EventRow.country_a == a))
        while b is not None and len(pairs) < limit:
            pairs.append((str(a), str(b)))
            b = session.scalar(
                select(func.min(EventRow.country_b)).where(EventRow.country_a == a, EventRow.country_b > b)
            )
        a = session.scalar(select(func.min(EventRow.country_a)).where(EventRow.country_a > a))
    return pairs


@dataclass
class LinkedArticle:
    """An article linked to an event: what it says about it (status, evidence offsets into `text`)."""

    id: int
    title: str | None
    url: str | None
    ref: str  # what event JSON cites: canonical URL, else the input's id, else the key
    outlet: str | None
    published: dt.date | None
    text: str
    status: str
    background: bool
    evidence: list[dict[str, Any]] = field(default_factory=list)


def event_articles(
    session: Session, event_id: int, *, limit: int = 50
) -> tuple[list[LinkedArticle], list[LinkedArticle]]:
    """(reporting, recalling): the articles that report the event, and those that only recall it as
    background, at most `limit` of each (newest first). The one place the web view learns which is which (the
    link's `background` flag)."""

    def linked(background: bool) -> list[LinkedArticle]:
        rows = session.execute(
            select(Article, EventArticle)
            .join(EventArticle, EventArticle.article_id == Article.id)
            .where(EventArticle.event_id == event_id, EventArticle.background.is_(background))
            .order_by(Article.published.desc().nulls_last(), Article.id)
            .limit(limit)
        )
        return [
            LinkedArticle(
                id=art.id,
                title=art.title,
                url=art.url or art.canonical_url,
                ref=art.canonical_url or art.source_id or art.article_key,
                outlet=link.outlet or art.outlet,
                published=art.published,
                text=art.text,
                status=link.status,
                background=link.background,
                evidence=list(link.evidence or []),
            )
            for art, link in rows
        ]

    return linked(False), linked(True)


def event_article_counts(session: Session, event_id: int) -> tuple[int, int]:
    """How many articles report the event, and how many only recall it."""
    rows = session.execute(
        select(EventArticle.background, func.count())
        .where(EventArticle.event_id == event_id)
        .group_by(EventArticle.background)
    ).tuples()
    counts = {bool(background): n for background, n in rows}
    return int(counts.get(False, 0)), int(counts.get(True, 0))


def watch_filter(watch: WatchConfig) -> EventFilter:
    """What a watch alerts on, as a filter (its age limit aside: the feed is the pair's history)."""
    levels: tuple[str, ...] = ()
    if watch.min_level:
        floor = LEVEL_RANK[watch.min_level]
        levels = tuple(lv for lv in LEVELS if LEVEL_RANK.get(lv, 0) >= floor)
    return EventFilter(
        pair=(watch.countries[0], watch.countries[1]),
        statuses=tuple(watch.statuses),
        levels=levels,
        min_confidence=watch.min_confidence,
    )


def recently_changed(session: Session, filters: Sequence[EventFilter], *, limit: int = 50) -> list[EventRow]:
    """The events matching any of `filters`, the most recently changed first (`ix_events_last_seen`)."""
    if not filters:
        return []
    stmt = (
        select(EventRow)
        .where(or_(*(_and(_conditions(f)) for f in filters)))
        .order_by(EventRow.last_seen.desc(), EventRow.id.desc())
        .limit(limit)
    )
    return list(session.scalars(stmt))


def _and(conds: list[ColumnElement[bool]]) -> ColumnElement[bool]:
    from sqlalchemy import true

    return and_(true(), *conds)


def alert_page(
    session: Session, *, page: int = 1, per_page: int = 50, status: str | None = None
) -> tuple[list[Alert], int]:
    """Deliveries, newest first, one page."""
    per_page = max(1, min(per_page, MAX_PER_PAGE))
    where = [Alert.status == status] if status else []
    total = session.scalar(select(func.count()).select_from(Alert).where(*where)) or 0
    rows = session.scalars(
        select(Alert).where(*where).order_by(Alert.id.desc()).limit(per_page).offset((max(page, 1) - 1) * per_page)
    ).all()
    return list(rows), int(total)
