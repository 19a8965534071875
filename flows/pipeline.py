"""The stages of a monitor pass as plain functions; `flows.monitor` wraps them in coarse Prefect tasks.

Each stage commits its own short transactions, so a pass killed at any point leaves a state the next pass
continues from: fetched articles are stored before extraction (pending until their events commit), events
and their alert rows commit together, and alerts are delivered only after that commit.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker

from common.iterables import chunks
from common.killpoints import kill_point
from config.settings import FeedConfig, Settings
from feeds import FeedRequest, FeedResult, fetch_feeds, fetch_fulltext, next_attempt_after
from flows.extraction_scope import extraction_scope
from storage import articles as article_store
from storage import feeds as feed_store
from storage.db import session_factory
from storage.history import apply_extraction
from storage.models import Article as ArticleRow
from storage.models import EventArticle, utcnow

if TYPE_CHECKING:
    from extractors.events import Article as ExtractorInput
    from extractors.events import Event

FEED_BATCH = 200
EXTRACT_BATCH = 200
QUIET_FEEDS_PER_TRANSACTION = 250


@dataclass
class PassSummary:
    feeds: int = 0
    feeds_failed: int = 0
    feeds_not_modified: int = 0
    feeds_skipped: int = 0
    articles_new: int = 0
    articles_updated: int = 0
    events_new: int = 0
    events_updated: int = 0
    alerts_queued: int = 0
    alerts_sent: int = 0
    alerts_failed: int = 0
    event_ids: list[int] = field(default_factory=list)

    def add(self, other: PassSummary) -> None:
        for key, value in asdict(other).items():
            if key == "event_ids":
                self.event_ids.extend(v for v in value if v not in self.event_ids)
            else:
                setattr(self, key, getattr(self, key) + value)

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data.pop("event_ids")
        return data


def sessions(settings: Settings) -> sessionmaker[Session]:
    return session_factory(settings.database.url)


def feed_location(settings: Settings, feed: FeedConfig) -> str:
    """What the fetcher takes: URLs as they are, other paths resolved against the config file."""
    if "://" in feed.url:
        return feed.url
    return str(settings.resolve_path(feed.url).resolve())


def due_feeds(settings: Settings, now: dt.datetime) -> tuple[list[FeedRequest], int]:
    """Sync the configured feeds into the database and return the ones due for a fetch."""
    enabled = [f for f in settings.feeds if f.enabled]
    make_session = sessions(settings)
    with make_session.begin() as session:
        rows = feed_store.sync_feeds(session, enabled, {f.name: feed_location(settings, f) for f in enabled})
        requests = [
            FeedRequest(
                name=f.name,
                url=rows[f.name].current_url,
                etag=rows[f.name].etag,
                last_modified=rows[f.name].last_modified,
                allow_private=f.allow_private,
            )
            for f in enabled
            if feed_store.is_due(rows[f.name], now)
        ]
    return requests, len(enabled) - len(requests)


def _entry_date(value: dt.datetime | None) -> dt.date | None:
    # The publisher's own date: entry times keep the offset the feed gave (feeds/parse.py).
    return value.date() if value else None


def store_results(settings: Settings, results: Sequence[FeedResult], now: dt.datetime) -> PassSummary:
    """Record each feed's health and store its new entries (full text fetched first where configured).

    A feed's validators (ETag, Last-Modified) and next attempt are committed in the same transaction as the
    entries they describe, after the full-text fetch: a pass killed anywhere before that commit leaves the
    feed as it was, so the next pass sends the old validators, gets the entries again and stores them. (Had
    the validators been committed first, the next pass would get a 304 and the entries would stay lost.)
    """
    kill_point("fetched")  # test hook (common/killpoints.py)
    summary = PassSummary(feeds=len(results))
    by_name = {f.name: f for f in settings.feeds}
    make_session = sessions(settings)
    for result in results:
        if result.outcome == "not_modified":
            summary.feeds_not_modified += 1
        elif result.outcome in ("failed", "gone"):
            summary.feeds_failed += 1
    # Feeds with nothing to store (304s, failures, empty feeds: most feeds of a steady-state pass) record
    # their outcome together, a few hundred per short transaction; there are no entries to keep in step.
    for chunk in chunks([r for r in results if not _has_entries(r)], QUIET_FEEDS_PER_TRANSACTION):
        with make_session.begin() as session:
            cfgs = [by_name[r.name] for r in chunk]
            rows = feed_store.sync_feeds(session, cfgs, {f.name: feed_location(settings, f) for f in cfgs})
            for result in chunk:
                row = rows[result.name]
                feed_store.record_outcome(session, row, _outcome(result, row.consecutive_failures, now), now)
    for result in filter(_has_entries, results):
        feed_cfg = by_name[result.name]
        location = {feed_cfg.name: feed_location(settings, feed_cfg)}
        # 1. Which entries are new (a read; the feed row exists since `due_feeds`).
        with make_session.begin() as session:
            feed_id = feed_store.sync_feeds(session, [feed_cfg], location)[feed_cfg.name].id
            items = [
                article_store.NewArticle(
                    text=entry.summary or entry.title or "",
                    title=entry.title,
                    url=entry.url,
                    guid=entry.guid,
                    summary=entry.summary,
                    published=_entry_date(entry.published),
                    outlet=feed_cfg.outlet,
                    feed_id=feed_id,
                    feed_name=feed_cfg.name,
                )
                for entry in result.entries
                if (entry.summary or entry.title)
            ]
            known = article_store.known_keys(session, [article_store.key_for(i) for i in items])
            fresh = [i for i in items if article_store.key_for(i) not in known]
        kill_point("feed_checked")  # test hook: new entries known, nothing of this feed committed
        # 2. The network, with no transaction open.
        if feed_cfg.fulltext and fresh:
            fresh = _with_fulltext(settings, feed_cfg, fresh)
        kill_point("feed_ready")  # test hook: entries (and full texts) in hand, nothing of this feed committed
        # 3. The entries and the feed's outcome together: validators never run ahead of the entries.
        with make_session.begin() as session:
            row = feed_store.sync_feeds(session, [feed_cfg], location)[feed_cfg.name]
            stored = article_store.store_articles(session, fresh)
            feed_store.record_outcome(session, row, _outcome(result, row.consecutive_failures, now), now)
        summary.articles_new += len(stored.new_ids)
        summary.articles_updated += len(stored.updated_ids)
    return summary


def _has_entries(result: FeedResult) -> bool:
    """Anything to store: an entry with a summary or a title."""
    return any(e.summary or e.title for e in result.entries)


def _outcome(result: FeedResult, consecutive_failures: int, now: dt.datetime) -> feed_store.FeedOutcome:
    failures = consecutive_failures + (result.outcome in ("failed", "gone"))
    return feed_store.FeedOutcome(
        ok=result.outcome in ("ok", "not_modified"),
        gone=result.outcome == "gone",
        new_url=result.new_url,
        etag=result.etag,
        last_modified=result.last_modified,
        error=result.error,
        warning=result.warning,
        next_attempt_at=next_attempt_after(result, failures, now),
    )


def _with_fulltext(
    settings: Settings, feed: FeedConfig, items: list[article_store.NewArticle]
) -> list[article_store.NewArticle]:
    urls = [i.url or "" for i in items]
    texts = asyncio.run(fetch_fulltext(urls, settings.fetch, allow_private=feed.allow_private))
    out = []
    for item, full in zip(items, texts, strict=True):
        if full:
            out.append(
                article_store.NewArticle(
                    **{**asdict(item), "fulltext": full, "text": full},
                )
            )
        else:
            out.append(item)
    return out


def fetch_and_store(settings: Settings, requests: Sequence[FeedRequest]) -> PassSummary:
    now = utcnow()
    results = asyncio.run(fetch_feeds(requests, settings.fetch))
    summary = store_results(settings, results, now)
    kill_point("stored")  # test hook (common/killpoints.py)
    return summary


def pending_article_ids(settings: Settings, *, older_than: str | None = None) -> list[int]:
    with sessions(settings)() as session:
        return article_store.pending_ids(session, older_than=older_than)


@dataclass
class ExtractOutcome:
    summary: PassSummary = field(default_factory=PassSummary)
    reextracted: int = 0  # articles extracted before (by an older extractor or for other watches)


def extractor_inputs(session: Session, settings: Settings, rows: Sequence[ArticleRow]) -> list[ExtractorInput]:
    """Stored articles as the extractor reads them. A feed's configured `language` sends its articles to that
    language's extractor (else it is detected per article)."""
    languages = {f.name: f.language for f in settings.feeds if f.language}
    names = article_store.feed_names(session, (r.feed_id for r in rows)) if languages else {}
    return [article_store.extractor_input(r, languages.get(names.get(r.feed_id or -1, ""))) for r in rows]


class ExtractedElsewhere(Protocol):
    """Articles of an extraction batch that another process extracts (flows/parse_ahead.py)."""

    @property
    def ids(self) -> Collection[int]: ...

    def collect(self) -> Mapping[int, tuple[ExtractorInput, list[Event]]]:
        """Article id -> (the input it was extracted from, its events); waits for them."""
        ...


def extract_and_apply(
    settings: Settings,
    ids: Sequence[int],
    *,
    alert_reextracted: bool = True,
    n_process: int = 1,
    progress: Callable[[int], None] | None = None,
    elsewhere: ExtractedElsewhere | None = None,
) -> ExtractOutcome:
    """Extract a batch of stored articles and apply each to the history in its own short transaction: the one
    way `run` and `backfill` do it.

    Each article is applied under its row lock (FOR UPDATE on PostgreSQL), so two workers never apply one
    article twice. Articles extracted before (by an older version) are re-applied: `apply_extraction` keeps
    the links to the events they still report and drops the others; their events raise alerts only with
    `alert_reextracted`. Pending articles keep their own `alerts_allowed`.

    `elsewhere`: articles another process extracts (a backfill's parse-ahead worker, flows/parse_ahead.py): the
    rest are extracted here first, then its results are collected and used where the input they were
    extracted from equals the stored article's now; anything else is extracted here too.
    """
    from extractors import extract_many

    scope = extraction_scope(settings)
    out = ExtractOutcome()
    summary = out.summary
    make_session = sessions(settings)
    with make_session() as session:
        rows = [r for r in article_store.load(session, ids) if r.extracted_version != scope.version]
        inputs = extractor_inputs(session, settings, rows)
        row_ids = [r.id for r in rows]
        pending = {r.id for r in rows if r.extracted_version is None}
    handed = elsewhere.ids if elsewhere is not None else frozenset()
    known: list[list[Event] | None] = [None] * len(inputs)

    def extract_here(todo: list[int]) -> None:
        found = extract_many([inputs[k] for k in todo], n_process=n_process, pairs=scope.pairs)
        for k, events in zip(todo, found, strict=True):
            known[k] = events

    extract_here([k for k, aid in enumerate(row_ids) if aid not in handed])
    if elsewhere is not None:
        got = elsewhere.collect()
        for k, aid in enumerate(row_ids):
            if known[k] is None and (hit := got.get(aid)) is not None and hit[0] == inputs[k]:
                known[k] = hit[1]
        extract_here([k for k, events in enumerate(known) if events is None])
    results = [events or [] for events in known]
    # Most articles have no event (the gate drops them): mark those in one statement instead of one
    # transaction each. Only pending ones never linked to an event: nothing else would change for them.
    quiet_ids = [i for i, events in zip(row_ids, results, strict=True) if not events and i in pending]
    marked: set[int] = set()
    if quiet_ids:
        with make_session.begin() as session:
            linked = select(EventArticle.id).where(EventArticle.article_id == ArticleRow.id).exists()
            for chunk in chunks(quiet_ids, 500):
                session.execute(
                    update(ArticleRow)
                    .where(ArticleRow.id.in_(chunk), ArticleRow.extracted_version.is_(None), ~linked)
                    .values(extracted_version=scope.version, extracted_at=utcnow())
                    .execution_options(synchronize_session=False)
                )
            left = set(
                session.scalars(
                    select(ArticleRow.id).where(ArticleRow.id.in_(quiet_ids), ArticleRow.extracted_version.is_(None))
                )
            )
        marked = set(quiet_ids) - left
        if progress is not None:
            progress(len(marked))
        kill_point("extracted_one")  # test hook (common/killpoints.py): a commit done, the rest not
    for article_id, events in zip(row_ids, results, strict=True):
        if article_id in marked:
            continue
        with make_session.begin() as session:
            article = session.get(ArticleRow, article_id, with_for_update=True, populate_existing=True)
            if article is None or article.extracted_version == scope.version:
                continue  # another worker got there first
            again = article.extracted_version is not None
            applied = apply_extraction(
                session,
                article,
                events,
                version=scope.extractor,
                article_version=scope.version,
                settings=settings,
                raise_alerts=alert_reextracted or not again,
            )
        out.reextracted += again
        summary.events_new += applied.events_new
        summary.events_updated += applied.events_updated
        summary.alerts_queued += applied.alerts_queued
        summary.event_ids.extend(i for i in applied.event_ids if i not in summary.event_ids)
        if progress is not None:
            progress(1)
        kill_point("extracted_one")  # test hook (common/killpoints.py): one article committed, the rest not
    return out


def extract_batch(
    settings: Settings,
    ids: Sequence[int],
    *,
    n_process: int = 1,
    progress: Callable[[int], None] | None = None,
) -> PassSummary:
    """`run`'s extraction step: `extract_and_apply` of pending articles."""
    return extract_and_apply(settings, ids, n_process=n_process, progress=progress).summary
