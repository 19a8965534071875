"""Feed rows and their fetch health: synced from the config, updated after every fetch."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from common.dates import aware, iso_utc
from config.settings import FeedConfig
from storage.models import Feed, utcnow
from storage.upsert import insert_ignore


@dataclass(frozen=True)
class FeedHealth:
    name: str
    url: str
    disabled: bool
    disabled_reason: str | None
    last_success_at: dt.datetime | None
    last_attempt_at: dt.datetime | None
    consecutive_failures: int
    last_error: str | None
    last_warning: str | None
    next_attempt_at: dt.datetime | None

    def to_json(self) -> dict[str, object]:
        return {
            "name": self.name,
            "url": self.url,
            "disabled": self.disabled,
            "disabled_reason": self.disabled_reason,
            "last_success": iso_utc(self.last_success_at),
            "last_attempt": iso_utc(self.last_attempt_at),
            "consecutive_failures": self.consecutive_failures,
            "last_error": self.last_error,
            "last_warning": self.last_warning,
            "next_attempt": iso_utc(self.next_attempt_at),
        }


@dataclass(frozen=True)
class FeedOutcome:
    """What a fetch attempt did, as storage needs it (kept free of the fetcher's own types)."""

    ok: bool  # entries could be read (also a 304)
    gone: bool = False
    new_url: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    error: str | None = None
    warning: str | None = None
    next_attempt_at: dt.datetime | None = None


def sync_feeds(session: Session, feeds: Sequence[FeedConfig], resolve: dict[str, str]) -> dict[str, Feed]:
    """Make sure every configured feed has a row; a changed configured URL resets the fetch state.

    `resolve` maps a feed name to its URL as the fetcher takes it (config-relative paths resolved)."""
    rows = [
        {"name": f.name, "configured_url": resolve[f.name], "current_url": resolve[f.name], "created_at": utcnow()}
        for f in feeds
    ]
    insert_ignore(session, Feed.__table__, rows, ["name"])  # type: ignore[arg-type]
    by_name = {f.name: f for f in session.scalars(select(Feed).where(Feed.name.in_(resolve)))}
    for name, url in resolve.items():
        row = by_name[name]
        if row.configured_url != url:
            row.configured_url = url
            row.current_url = url
            row.etag = row.last_modified = None
            row.disabled = False
            row.disabled_reason = None
            row.consecutive_failures = 0
            row.next_attempt_at = None
    session.flush()
    return by_name


def is_due(row: Feed, now: dt.datetime) -> bool:
    if row.disabled:
        return False
    nxt = row.next_attempt_at
    if nxt is None:
        return True
    nxt = aware(nxt)  # SQLite returns naive datetimes; everything is stored in UTC
    return nxt <= now


def record_outcome(session: Session, row: Feed, outcome: FeedOutcome, now: dt.datetime) -> None:
    row.last_attempt_at = now
    row.next_attempt_at = outcome.next_attempt_at
    if outcome.new_url:
        row.current_url = outcome.new_url
    if outcome.gone:
        row.disabled = True
        row.disabled_reason = outcome.error or "410 Gone"
        row.last_error = outcome.error or "410 Gone"
        row.consecutive_failures += 1
        return
    if outcome.ok:
        row.last_success_at = now
        row.consecutive_failures = 0
        row.last_error = None
        row.last_warning = outcome.warning
        if outcome.etag is not None or outcome.last_modified is not None:
            row.etag = outcome.etag
            row.last_modified = outcome.last_modified
        return
    row.consecutive_failures += 1
    row.last_error = outcome.error


def feed_health(session: Session) -> list[FeedHealth]:
    return [
        FeedHealth(
            name=row.name,
            url=row.current_url,
            disabled=row.disabled,
            disabled_reason=row.disabled_reason,
            last_success_at=row.last_success_at,
            last_attempt_at=row.last_attempt_at,
            consecutive_failures=row.consecutive_failures,
            last_error=row.last_error,
            last_warning=row.last_warning,
            next_attempt_at=row.next_attempt_at,
        )
        for row in session.scalars(select(Feed).order_by(Feed.name))
    ]
