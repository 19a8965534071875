"""Stored events as the contract's EVENT JSON with their history fields (`events --json`, webhook `data`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from common.dates import iso_utc
from storage import novelty
from storage.models import Article, EventArticle
from storage.models import Event as EventRow


def gap_words(earlier: dt.date, later: dt.date) -> str:
    """'4 years 1 month', '3 months', '12 days': the time since the previous contact, as a person says it."""
    months = (later.year - earlier.year) * 12 + later.month - earlier.month - (later.day < earlier.day)
    years, rest = divmod(max(months, 0), 12)
    parts = []
    if years:
        parts.append(f"{years} year{'s' * (years != 1)}")
    if rest:
        parts.append(f"{rest} month{'s' * (rest != 1)}")
    if not parts:
        days = (later - earlier).days
        parts.append(f"{days} day{'s' * (days != 1)}")
    return " ".join(parts)


def _reference_day(row: EventRow) -> dt.date | None:
    """The day a contact is dated by for gaps: its first day, or for an undated one the end of the window its
    article allows (the publication date)."""
    return row.date_start if row.date else row.date_end


def previous_contact(session: Session, row: EventRow, *, same_level: bool = False) -> EventRow | None:
    """The last contact of the same pair that took place before this one (from all stored history,
    background mentions included: that is how history fills in). Index scan backwards on
    (pair, date_start), stopping at the first that qualifies."""
    if row.date_start is None:
        return None
    return session.scalars(previous_contact_query(row, same_level=same_level)).first()


def previous_contact_query(row: EventRow, *, same_level: bool = False) -> Select[tuple[EventRow]]:
    stmt = (
        select(EventRow)
        .where(
            EventRow.country_a == row.country_a,
            EventRow.country_b == row.country_b,
            EventRow.date_start < row.date_start,
            EventRow.date_end < row.date_start,
            EventRow.status.in_(("held", "ongoing")),
            EventRow.id != row.id,
        )
        .order_by(EventRow.date_start.desc(), EventRow.date_end.desc(), EventRow.id.desc())
        .limit(1)
    )
    if same_level:
        stmt = stmt.where(EventRow.level == row.level)
    return stmt


def novelty_check(session: Session, row: EventRow, previous: EventRow | None) -> str:
    """`consistent` / `inconsistent` / `unknown`: the article's novelty claim against stored history."""

    def span(e: EventRow | None) -> tuple[dt.date, dt.date] | None:
        return (e.date_start, e.date_end) if e is not None and e.date_start and e.date_end else None

    if not row.novelty:
        return "unknown"
    if row.level == "unknown":
        return novelty.check(row.novelty, _reference_day(row), span(previous))
    same = previous_contact(session, row, same_level=True)
    return novelty.check(row.novelty, _reference_day(row), span(previous), span(same))


def event_json(session: Session, row: EventRow) -> dict[str, Any]:
    links = list(
        session.execute(
            select(
                Article.canonical_url, Article.source_id, Article.article_key, Article.outlet, EventArticle.background
            )
            .join(EventArticle, EventArticle.article_id == Article.id)
            .where(EventArticle.event_id == row.id)
            .order_by(EventArticle.id)
        )
    )
    previous: dict[str, Any] | None = None
    prev = previous_contact(session, row)
    here = _reference_day(row)
    if prev is not None and prev.date_end is not None and here is not None:
        previous = {"id": prev.id, "date": prev.date, "gap": gap_words(prev.date_end, here)}
    return {
        "id": row.id,
        "kind": row.kind,
        "status": row.status,
        "countries": [row.country_a, row.country_b],
        "date": row.date,
        "date_precision": row.date_precision,
        "location": row.location,
        "venue": row.venue,
        "level": row.level,
        "mode": row.mode,
        "participants": row.participants,
        "background": row.background,
        "novelty": row.novelty,
        "confidence": round(row.confidence, 3),
        "codes": row.codes,
        "evidence": row.evidence,
        "first_seen": iso_utc(row.first_seen),
        "last_seen": iso_utc(row.last_seen),
        "sources": row.sources,
        # Reporting articles; those that only recall the event are `recalled_by` and count in no source.
        "articles": [canon or source or key for canon, source, key, _, recalled in links if not recalled],
        "recalled_by": [canon or source or key for canon, source, key, _, recalled in links if recalled],
        "outlets": sorted({outlet for *_, outlet, recalled in links if outlet and not recalled}),
        "status_history": row.status_history,
        "previous_contact": previous,
        "novelty_computed": f"first in {previous['gap']}" if previous else None,
        "novelty_check": novelty_check(session, row, prev),
        "extractor_version": row.extractor_version,
    }


def list_events(
    session: Session, *, since: dt.date | None = None, include_background: bool = False
) -> list[dict[str, Any]]:
    stmt = select(EventRow)
    if not include_background:
        stmt = stmt.where(EventRow.background.is_(False))
    if since is not None:
        stmt = stmt.where(EventRow.date_end >= since)
    # Newest first by the contact's date; undated ones by when they were first seen.
    rows: Sequence[EventRow] = list(session.scalars(stmt))
    rows = sorted(
        rows,
        key=lambda r: (r.date_start or dt.date.min, r.first_seen.replace(tzinfo=None), r.id),
        reverse=True,
    )
    return [event_json(session, r) for r in rows]
