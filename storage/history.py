"""Apply one article's extracted events to the stored history, in one transaction with the outbox rows.

For each extracted event: find the stored event it reports (blocking on pair + overlapping date range, then
scoring), join it (link the article, refine fields, move the status, recount sources) or create a new one;
then queue the alerts the change causes. The caller commits: the article's `extracted_version`, the events
and the alert rows land together or not at all.

Concurrency: two workers applying different articles about the same new contact at once must not both
create it, and there is no unique key that could say "the same contact". So `apply_extraction` first
serialises the transactions that could match each other, briefly and without any network call inside:

- PostgreSQL: the article's row lock, then transaction-scoped advisory locks on (pair, year) for every year
  the article's events may fall in, taken in sorted order (no deadlock). Two events that can match have
  overlapping ranges, hence share a year, hence a lock: the second waits, then (READ COMMITTED) sees the
  first one's event and joins it.
- SQLite: a no-op write to the article row first, which takes the database's single write lock for the rest
  of the transaction (BEGIN IMMEDIATE semantics; reads before any write run outside a transaction).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Select, delete, func, select, text, update
from sqlalchemy.orm import Session

from config.settings import Settings
from extractors.events import LEVEL_RANK, Event
from storage import event_matching as em
from storage.articles import mark_extracted
from storage.models import Alert, Article, EventArticle, utcnow
from storage.models import Event as EventRow
from storage.outbox import queue_alerts
from storage.upsert import insert_ignore

# A safety bound on the candidates of one report; the overlap query returns far fewer in practice (the
# stored events of one pair whose range touches the report's).
MAX_CANDIDATES = 500


@dataclass
class ApplyResult:
    events_new: int = 0
    events_updated: int = 0
    alerts_queued: int = 0
    event_ids: list[int] = field(default_factory=list)


def contact_lock_keys(
    events: Iterable[Event],
    published: em.Published,
    stored: Iterable[tuple[str, str, dt.date | None, dt.date | None]] = (),
) -> list[int]:
    """Advisory lock keys (signed 64-bit) for every (pair, year) the events' ranges touch, and those of the
    `stored` events (pair, start, end) the article is linked to already, sorted."""
    spans: list[tuple[str, str, dt.date, dt.date]] = []
    for event in events:
        rng = em.effective_range(event, published)
        if rng is not None:  # else it matches only events linked to this article: covered by `stored`
            spans.append((*event.countries, *rng))
    spans.extend((a, b, start, end) for a, b, start, end in stored if start is not None and end is not None)
    keys: set[int] = set()
    pad = dt.timedelta(days=em.DAY_TOLERANCE)
    for a, b, start, end in spans:
        for year in range((start - pad).year, (end + pad).year + 1):
            digest = hashlib.blake2b(f"talkwatch:contact:{a}:{b}:{year}".encode(), digest_size=8).digest()
            keys.add(int.from_bytes(digest, "big", signed=True))
    return sorted(keys)


def serialize_contacts(session: Session, article: Article, events: Sequence[Event]) -> None:
    """Make concurrent applications that could touch the same contacts wait for each other (module doc)."""
    dialect = session.get_bind().dialect.name
    if dialect == "sqlite":
        session.execute(
            update(Article)
            .where(Article.id == article.id)
            .values(extracted_version=Article.extracted_version)
            .execution_options(synchronize_session=False)
        )
        return
    if dialect == "postgresql":
        session.execute(select(Article.id).where(Article.id == article.id).with_for_update())
        # Events this article reports already (a re-extraction) may be refined or dropped: lock them too.
        stored = session.execute(
            select(EventRow.country_a, EventRow.country_b, EventRow.date_start, EventRow.date_end)
            .join(EventArticle, EventArticle.event_id == EventRow.id)
            .where(EventArticle.article_id == article.id)
        ).tuples()
        for key in contact_lock_keys(events, publication(article), stored):
            session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": key})


def _candidate(row: EventRow, linked: set[int]) -> em.Candidate:
    return em.Candidate(
        id=row.id,
        date_start=row.date_start,
        date_end=row.date_end,
        date_precision=row.date_precision,
        location=row.location,
        level=row.level,
        status=row.status,
        participant_names=em.names_of(row.participants),
        government=em.government_talks(row.evidence),
        same_article=row.id in linked,
    )


def candidate_query(a: str, b: str, bounds: tuple[dt.date, dt.date, dt.date]) -> Select[tuple[EventRow]]:
    """Stored events of the pair (a, b) whose range can overlap: `em.overlap_bounds` of the report."""
    lo, hi, min_end = bounds
    return (
        select(EventRow)
        .where(
            EventRow.country_a == a,
            EventRow.country_b == b,
            EventRow.date_start >= lo,
            EventRow.date_start <= hi,
            EventRow.date_end >= min_end,
        )
        # In the order of ix_events_pair_date (a backward scan, no sort): ordered by date_start and id the
        # planner prefers the web view's (date_start, id) index and filters every pair's events.
        .order_by(EventRow.date_start.desc(), EventRow.date_end.desc())
        .limit(MAX_CANDIDATES)
    )


def _candidates(
    session: Session, event: Event, published: em.Published, linked: set[int], used: set[int]
) -> list[tuple[EventRow, em.Candidate]]:
    """Stored events of the pair whose range overlaps the report's (an index range scan on
    (pair, date_start, date_end)), plus those this article is already linked to (a re-extraction)."""
    a, b = event.countries
    bounds = em.overlap_bounds(event, published)
    rows = list(session.scalars(candidate_query(a, b, bounds))) if bounds is not None else []
    missing = linked - {r.id for r in rows}
    if missing:
        rows += session.scalars(
            select(EventRow).where(EventRow.id.in_(missing), EventRow.country_a == a, EventRow.country_b == b)
        )
    return [(r, _candidate(r, linked)) for r in rows if r.id not in used]


def _article_ref(article: Article) -> str:
    return article.canonical_url or article.source_id or article.article_key


def _evidence(event: Event, article: Article) -> list[dict[str, Any]]:
    ref = _article_ref(article)
    return [{**ev.model_dump(mode="json"), "article": ref} for ev in event.evidence]


def _new_row(event: Event, article: Article, version: str, now: dt.datetime) -> EventRow:
    rng = em.effective_range(event, publication(article))
    return EventRow(
        kind=event.kind,
        country_a=event.countries[0],
        country_b=event.countries[1],
        status=event.status,
        date=event.date,
        date_precision=event.date_precision,
        date_start=rng[0] if rng else None,
        date_end=rng[1] if rng else None,
        location=event.location,
        venue=event.venue,
        level=event.level,
        mode=event.mode,
        participants=[p.model_dump(mode="json") for p in event.participants],
        background=event.background,
        novelty=event.novelty,
        confidence=event.confidence,
        codes=event.codes.model_dump(mode="json"),
        evidence=_evidence(event, article),
        sources=0,
        status_history=[{"status": event.status, "at": now.isoformat(), "article": _article_ref(article)}],
        extractor_version=version,
        first_seen=now,
        last_seen=now,
    )


def _surname(participant: dict[str, Any]) -> str | None:
    name = participant.get("name")
    return name.lower().split()[-1] if isinstance(name, str) and name.split() else None


def _merge_participants(old: list[Any], new: list[dict[str, Any]]) -> list[Any]:
    """One entry per person (by surname): the fuller name and any title/country a report adds; nameless
    participants only for a country nobody named represents yet."""
    out = [dict(p) for p in old]
    for person in new:
        surname = _surname(person)
        same = next((p for p in out if surname and _surname(p) == surname), None)
        if same is not None:
            if len(str(person.get("name") or "")) > len(str(same.get("name") or "")):
                same["name"] = person["name"]
            for key in ("title", "country"):
                if not same.get(key) and person.get(key):
                    same[key] = person[key]
        elif surname or not any(p.get("country") == person.get("country") for p in out):
            out.append(dict(person))
    return out


def _refine(
    row: EventRow, event: Event, article: Article, version: str, now: dt.datetime, *, new_link: bool
) -> str | None:
    """Merge a new report into a stored event; returns the previous status when the status changed.
    The same report applied again changes nothing."""
    previous = row.status
    if new_link:
        row.last_seen = now
    row.extractor_version = version
    date, precision = em.finer_date((row.date, row.date_precision), (event.date, event.date_precision))
    if date != row.date:
        rng = em.date_range(event)
        row.date, row.date_precision = date, precision
        row.date_start, row.date_end = (rng[0], rng[1]) if rng else (None, None)
    if event.location and (
        not row.location or (em.is_country_level(row.location) and not em.is_country_level(event.location))
    ):
        row.location = event.location  # a city is more precise than the country
    if not row.venue and event.venue:
        row.venue = event.venue
    if LEVEL_RANK.get(event.level, 0) > LEVEL_RANK.get(row.level, 0) and row.level == "unknown":
        row.level = event.level
    if row.mode == "unknown" and event.mode != "unknown":
        row.mode = event.mode
    if not row.novelty and event.novelty and not event.background:
        row.novelty = event.novelty
    merged = _merge_participants(row.participants, [p.model_dump(mode="json") for p in event.participants])
    if merged != row.participants:
        row.participants = merged
    row.confidence = max(row.confidence, event.confidence)
    if not row.evidence or (not event.background and row.background):
        row.evidence = _evidence(event, article)  # a report of the contact says more than a recollection
    if not event.background and row.background:
        row.background = False
    new_status = em.merged_status(row.status, event.status)
    if new_status != row.status:
        row.status = new_status
        row.status_history = [
            *row.status_history,
            {"status": new_status, "at": now.isoformat(), "article": _article_ref(article)},
        ]
        return previous
    return None


def recount_sources(session: Session, row: EventRow) -> None:
    """Independent sources: distinct outlets reporting the event, where the copies of one wire text (a text
    cluster carried by several outlets) count once together, apart from the outlets' own reports. Articles
    that only recall the event count in no source; the event is background while only they know it."""
    rows = list(
        session.execute(
            select(Article.id, Article.outlet, Article.text_cluster_id, EventArticle.background)
            .join(EventArticle, EventArticle.article_id == Article.id)
            .where(EventArticle.event_id == row.id)
        ).tuples()
    )
    if rows:
        row.background = all(background for *_, background in rows)
    links = [(art_id, outlet, cluster) for art_id, outlet, cluster, background in rows if not background]
    carriers: dict[int, set[str]] = {}
    for art_id, outlet, cluster in links:
        if cluster is not None:
            carriers.setdefault(cluster, set()).add(outlet or f"article:{art_id}")
    keys = set()
    for art_id, outlet, cluster in links:
        if cluster is not None and len(carriers[cluster]) > 1:
            keys.add(f"wire:{cluster}")
        else:
            keys.add(f"outlet:{outlet or f'article:{art_id}'}")
    row.sources = len(keys)


def settle_events(session: Session, event_ids: Iterable[int]) -> int:
    """Events that lost an article (it was re-extracted and no longer reports them): recount their sources;
    delete those left with no article and no alert. Returns how many were deleted."""
    deleted = 0
    for event_id in sorted(set(event_ids)):
        row = session.get(EventRow, event_id)
        if row is None:
            continue
        links = session.scalar(select(func.count()).select_from(EventArticle).where(EventArticle.event_id == event_id))
        alerts = session.scalar(select(func.count()).select_from(Alert).where(Alert.event_id == event_id))
        if not links and not alerts:
            session.delete(row)
            deleted += 1
        else:
            recount_sources(session, row)
    session.flush()
    return deleted


def _distinct(events: Sequence[Event]) -> list[Event]:
    """One article's events, without the extractor's exact repeats (the same contact mentioned twice)."""
    seen: set[tuple[Any, ...]] = set()
    out = []
    for e in events:
        key = (e.countries, e.date, e.status, e.location, e.level, e.background, e.mode)
        if key not in seen:
            seen.add(key)
            out.append(e)
    return out


def publication(article: Article) -> em.Published:
    """When the article came out, as matching and alert ages read it: its day; the span of its month or
    year when only that is known; for an undated feed entry the day the monitor first saw it (a feed carries
    news as it happens). An undated backfilled article has none: its contacts' age is unknown."""
    if article.published is not None:
        return em.publication_period(article.published, article.published_precision)
    if article.feed_id is not None and article.fetched_at is not None:
        return article.fetched_at.date()
    return None


def _link_values(events: Sequence[Event], article: Article) -> dict[str, Any]:
    """What the article says of one stored event it reports or recalls through one or more mentions: a
    report when any mention reports it (then the reports' status and evidence)."""
    reports = [e for e in events if not e.background] or list(events)
    return {
        "background": all(e.background for e in events),
        "status": reports[0].status,
        "evidence": [ev for e in reports for ev in _evidence(e, article)],
    }


def apply_extraction(
    session: Session,
    article: Article,
    events: Sequence[Event],
    *,
    version: str,
    settings: Settings,
    now: dt.datetime | None = None,
    article_version: str | None = None,
    raise_alerts: bool = True,
) -> ApplyResult:
    """Apply one article's events (see the module docstring). Idempotent: the same article with the same
    events again changes nothing; with different events (an updated text, a new extractor) its links to
    events it no longer reports are dropped. `version` is the extractor's, stored with the events;
    `article_version` (default: the same) is stored with the article and says what it was extracted for;
    `raise_alerts=False` applies the events without raising alerts (a backfill re-extraction).

    Two events of one article are two contacts, except when they are one told twice at different
    precision ("on May 28" and "in May", `em.same_contact`): those join one stored event. Most precise and
    reported mentions are applied first, so the event takes the article's best date and evidence."""
    now = now or utcnow()
    result = ApplyResult()
    events = sorted(
        _distinct(events),
        key=lambda e: (e.background, -em.PRECISION_RANK.get(e.date_precision, 0)),
    )
    serialize_contacts(session, article, events)
    published = publication(article)
    linked = set(session.scalars(select(EventArticle.event_id).where(EventArticle.article_id == article.id)))
    used: set[int] = set()
    rows: dict[int, EventRow] = {}
    mentions: dict[int, list[Event]] = {}
    changed: dict[int, bool] = {}
    fresh: set[int] = set()
    for event in events:
        twin = next(
            (rid for rid, told in mentions.items() if any(em.same_contact(t, event, published) for t in told)),
            None,
        )
        if twin is not None:
            row = rows[twin]
            changed[row.id] = _refine(row, event, article, version, now, new_link=False) is not None or changed[row.id]
            mentions[row.id].append(event)
            continue
        cands = _candidates(session, event, published, linked, used)
        match = em.best_match(event, [c for _, c in cands], published)
        if match is None:
            row = _new_row(event, article, version, now)
            session.add(row)
            session.flush()
            result.events_new += 1
            fresh.add(row.id)
            changed[row.id] = False
        else:
            row = next(r for r, c in cands if c.id == match.id)
            new_link = row.id not in linked
            changed[row.id] = _refine(row, event, article, version, now, new_link=new_link) is not None
            if new_link or changed[row.id]:
                result.events_updated += 1
        used.add(row.id)
        rows[row.id] = row
        mentions[row.id] = [event]
        result.event_ids.append(row.id)
    for row_id, told in mentions.items():
        row = rows[row_id]
        link = _link_values(told, article)
        if row_id in linked:  # a re-extraction: the link says what the article says now
            session.execute(
                update(EventArticle)
                .where(EventArticle.event_id == row_id, EventArticle.article_id == article.id)
                .values(**link)
                .execution_options(synchronize_session=False)
            )
        else:
            insert_ignore(
                session,
                EventArticle.__table__,  # type: ignore[arg-type]
                [{"event_id": row_id, "article_id": article.id, "outlet": article.outlet, **link, "created_at": now}],
                ["event_id", "article_id"],
            )
        session.flush()
        recount_sources(session, row)
        if raise_alerts and article.alerts_allowed and not link["background"]:
            span = em.publication_span(published)
            result.alerts_queued += queue_alerts(
                session,
                row,
                settings,
                reference_date=span[1] if span else None,
                status_changed=changed[row_id] and row_id not in fresh,
                now=now,
            )
    stale = linked - used
    if stale:
        session.execute(
            delete(EventArticle).where(EventArticle.article_id == article.id, EventArticle.event_id.in_(stale))
        )
        session.flush()
        settle_events(session, stale)
    mark_extracted(session, article.id, article_version or version)
    return result
