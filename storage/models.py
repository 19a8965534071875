"""SQLAlchemy 2 models: feeds with their fetch state, articles, events, their links, alert deliveries.

The schema itself is owned by the Alembic migrations in `storage/migrations`; these models must match them
(a test compares `Base.metadata` with the migrated database).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    event,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class Base(DeclarativeBase):
    type_annotation_map = {  # noqa: RUF012 - SQLAlchemy reads this class attribute
        dt.datetime: DateTime(timezone=True),
        dict[str, Any]: JSON,
        list[Any]: JSON,
    }


class Feed(Base):
    __tablename__ = "feeds"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    configured_url: Mapped[str] = mapped_column(Text)
    # Follows permanent redirects; reset when the configured URL changes.
    current_url: Mapped[str] = mapped_column(Text)
    etag: Mapped[str | None] = mapped_column(Text)
    last_modified: Mapped[str | None] = mapped_column(Text)
    disabled: Mapped[bool] = mapped_column(Boolean, default=False)
    disabled_reason: Mapped[str | None] = mapped_column(Text)
    last_attempt_at: Mapped[dt.datetime | None]
    last_success_at: Mapped[dt.datetime | None]
    consecutive_failures: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    last_warning: Mapped[str | None] = mapped_column(Text)
    next_attempt_at: Mapped[dt.datetime | None]
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class Article(Base):
    __tablename__ = "articles"
    __table_args__ = (
        Index("ix_articles_pending", "extracted_version"),
        Index("ix_articles_published", "published"),
        # A feed entry whose link changed is still the same article when its guid is.
        Index("ix_articles_feed_guid", "feed_id", "guid"),
        # The same text at the same outlet is one article (the contract: an outlet counts once), under any
        # address: the database decides it, so two workers storing both copies at once cannot both insert.
        # Articles without an outlet are not affected (both databases hold NULLs distinct in a unique index).
        # The content hash leads, so the index also serves every lookup by text (no second index to keep up).
        Index("uq_articles_outlet_text", "content_hash", "outlet", unique=True),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # One row per (identity): the canonical URL when there is one, else the feed guid, else the text hash.
    article_key: Mapped[str] = mapped_column(String(512), unique=True)
    feed_id: Mapped[int | None] = mapped_column(ForeignKey("feeds.id", ondelete="SET NULL"))
    source_id: Mapped[str | None] = mapped_column(Text)  # the input's own id (backfill/extract)
    guid: Mapped[str | None] = mapped_column(Text)
    url: Mapped[str | None] = mapped_column(Text)
    canonical_url: Mapped[str | None] = mapped_column(Text)
    title: Mapped[str | None] = mapped_column(Text)
    summary: Mapped[str | None] = mapped_column(Text)
    fulltext: Mapped[str | None] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)
    published: Mapped[dt.date | None] = mapped_column(Date)
    # NULL/'day': `published` is the day; 'month'/'year': only that is known and `published` is its first day.
    published_precision: Mapped[str | None] = mapped_column(String(8))
    outlet: Mapped[str | None] = mapped_column(String(255))
    content_hash: Mapped[str] = mapped_column(String(64))
    # Articles whose text is a near-copy of another (wire copies) share the id of the first one seen.
    text_cluster_id: Mapped[int | None] = mapped_column(Integer, index=True)
    fetched_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[dt.datetime | None]
    # NULL until extraction committed its events: a crash leaves the article pending, never lost.
    extracted_version: Mapped[str | None] = mapped_column(String(64))
    extracted_at: Mapped[dt.datetime | None]
    # Whether events found in this article may raise alerts (backfill without --alert: no).
    alerts_allowed: Mapped[bool] = mapped_column(Boolean, default=True)


class Event(Base):
    __tablename__ = "events"
    __table_args__ = (
        # Blocking key for dedup: candidates are the same pair of countries whose date range overlaps the
        # report's (a range is at most a year long, so the scan covers a bounded slice of the index).
        # Undated events carry the range their first article's publication allows, so they are found too.
        Index("ix_events_pair_date", "country_a", "country_b", "date_start", "date_end"),
        # The web view's list (newest contact first, any pair) and the Atom feed (most recently changed first)
        # read one page along these instead of sorting the whole table.
        Index("ix_events_date_id", "date_start", "id"),
        Index("ix_events_last_seen", "last_seen", "id"),
        # The timeline chart's counts by (month, status) and highest level of one pair, read from this index
        # alone and in its order (no sort): the GROUP BY streams.
        Index("ix_events_timeline", "country_a", "country_b", "background", "period", "status", "level"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(32), default="contact")
    country_a: Mapped[str] = mapped_column(String(3))
    country_b: Mapped[str] = mapped_column(String(3))
    status: Mapped[str] = mapped_column(String(16))
    date: Mapped[str | None] = mapped_column(String(10))
    date_precision: Mapped[str | None] = mapped_column(String(8))
    # `date` cut to the month ("2018-09", or "2018" for a year-precision date): the timeline's bucket. Kept in
    # step with `date` on every ORM write (`_set_period` below).
    period: Mapped[str | None] = mapped_column(String(7))
    date_start: Mapped[dt.date | None] = mapped_column(Date)
    date_end: Mapped[dt.date | None] = mapped_column(Date)
    location: Mapped[str | None] = mapped_column(Text)
    venue: Mapped[str | None] = mapped_column(Text)
    level: Mapped[str] = mapped_column(String(32), default="unknown")
    mode: Mapped[str] = mapped_column(String(16), default="unknown")
    participants: Mapped[list[Any]] = mapped_column(default=list)
    # True while the event is known only from articles that recall it.
    background: Mapped[bool] = mapped_column(Boolean, default=False)
    novelty: Mapped[str | None] = mapped_column(Text)
    confidence: Mapped[float] = mapped_column(Float, default=0.0)
    codes: Mapped[dict[str, Any]] = mapped_column(default=dict)
    evidence: Mapped[list[Any]] = mapped_column(default=list)
    sources: Mapped[int] = mapped_column(Integer, default=0)
    status_history: Mapped[list[Any]] = mapped_column(default=list)
    extractor_version: Mapped[str] = mapped_column(String(64))
    first_seen: Mapped[dt.datetime] = mapped_column(default=utcnow)
    last_seen: Mapped[dt.datetime] = mapped_column(default=utcnow)


def period_of(date: str | None) -> str | None:
    return date[:7] if date else None


@event.listens_for(Event, "before_insert")
@event.listens_for(Event, "before_update")
def _set_period(_mapper: object, _connection: object, target: Event) -> None:
    target.period = period_of(target.date)


class EventArticle(Base):
    __tablename__ = "event_articles"
    __table_args__ = (UniqueConstraint("event_id", "article_id", name="uq_event_article"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    outlet: Mapped[str | None] = mapped_column(String(255))
    background: Mapped[bool] = mapped_column(Boolean, default=False)
    status: Mapped[str] = mapped_column(String(16))
    evidence: Mapped[list[Any]] = mapped_column(default=list)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class Alert(Base):
    __tablename__ = "alerts"
    __table_args__ = (
        # The contract's "one alert per (event, watch, channel, recipient) ever", per trigger (first match,
        # then each change into a watched status). The database enforces it, so concurrent workers cannot
        # both insert one.
        UniqueConstraint("event_id", "watch", "channel", "recipient", "trigger", name="uq_alert_once"),
        Index("ix_alerts_due", "status", "next_attempt_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # The idempotency key sent as webhook-id and in the Message-ID: generated once, stored, never changed.
    public_id: Mapped[str] = mapped_column(String(64), unique=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    watch: Mapped[str] = mapped_column(String(200))
    channel: Mapped[str] = mapped_column(String(500))
    recipient: Mapped[str] = mapped_column(String(320), default="")
    trigger: Mapped[str] = mapped_column(String(40))
    type: Mapped[str] = mapped_column(String(40))
    status: Mapped[str] = mapped_column(String(16), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[dt.datetime | None]
    next_attempt_at: Mapped[dt.datetime | None]
    # Set while a dispatcher is sending; a claim older than the lease is taken over (crash recovery).
    claimed_at: Mapped[dt.datetime | None]
    # Who holds the claim (storage/claim_holder.py): a dispatcher on the same host takes a dead holder's
    # delivery over at once instead of waiting the lease out.
    claimed_host: Mapped[str | None] = mapped_column(String(255))
    claimed_pid: Mapped[int | None] = mapped_column(Integer)
    claimed_started: Mapped[float | None] = mapped_column(Float)


class Checkpoint(Base):
    """Resumable backfills: how far a given source has been ingested."""

    __tablename__ = "checkpoints"

    source_key: Mapped[str] = mapped_column(String(512), primary_key=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    done: Mapped[bool] = mapped_column(Boolean, default=False)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class TextBand(Base):
    """MinHash LSH bands of article texts: near-copies (wire stories) share a band, found by index lookup
    instead of comparing a new article with every stored one."""

    __tablename__ = "text_bands"
    # (band, article_id): the lookup of a new text's bands is answered from the index alone.
    __table_args__ = (Index("ix_text_bands_band", "band", "article_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    band: Mapped[str] = mapped_column(String(40))
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
