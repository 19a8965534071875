"""Article rows: identity (canonical URL, guid, content hash), near-duplicate clusters, extraction state."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, fields, replace
from typing import Any

from sqlalchemy import ColumnElement, bindparam, select, text, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from common.iterables import chunks
from extractors.events import Article as ExtractorInput
from storage.article_merge import fold_articles
from storage.models import Article, Feed, utcnow
from storage.near_duplicates import (
    NewText,
    assign_clusters,
    band_keys_many,
    cluster_for,
    member_of,
    same_text_clusters_query,
)
from storage.upsert import insert_ignore_many_returning
from storage.urls import canonical_url, identity_key, identity_of_canonical, outlet_of


@dataclass(frozen=True)
class NewArticle:
    text: str
    title: str | None = None
    url: str | None = None
    guid: str | None = None
    summary: str | None = None
    fulltext: str | None = None
    published: dt.date | None = None
    published_precision: str | None = None  # 'month'/'year' when only that is known (storage/models.py)
    outlet: str | None = None
    source_id: str | None = None
    feed_id: int | None = None
    feed_name: str | None = None
    alerts_allowed: bool = True


@dataclass(frozen=True)
class StoreResult:
    new_ids: tuple[int, ...]
    updated_ids: tuple[int, ...]
    unchanged: int
    settled_ids: tuple[int, ...] = ()  # of `new_ids`: stored as already extracted (`settle`), not pending


# For a new article: the extraction version it is already done at (the caller knows the extractor would find
# nothing in it), or None to leave it pending.
Settle = Callable[[NewArticle], str | None]


def content_hash(title: str | None, text: str) -> str:
    norm = " ".join(((title or "") + "\n" + text).split()).lower()
    return hashlib.sha256(norm.encode("utf-8", "replace")).hexdigest()


def article_key(
    url: str | None, guid: str | None, feed_name: str | None, digest: str, source_id: str | None = None
) -> str:
    """The row identity: the URL when there is one, else the feed's guid, else the input id, else the text."""
    if url:
        key = identity_key(url)
        if key:
            return key[:512]
    return _key_without_url(guid, feed_name, digest, source_id)


def _key_of(canon: str | None, item: NewArticle, digest: str) -> str:
    """`article_key` from the item's canonical URL, computed once for both the key and the row."""
    if canon is not None:
        return identity_of_canonical(canon)[:512]
    return _key_without_url(item.guid, item.feed_name, digest, item.source_id)


def _key_without_url(guid: str | None, feed_name: str | None, digest: str, source_id: str | None) -> str:
    if guid:
        return f"guid:{feed_name or ''}:{guid}"[:512]
    if source_id:
        return f"id:{source_id}"[:512]
    return f"text:{digest}"


def key_for(item: NewArticle) -> str:
    return article_key(item.url, item.guid, item.feed_name, content_hash(item.title, item.text), item.source_id)


def _lookup_chunks(values: Iterable[str], dialect: str) -> Iterator[list[str]]:
    """Distinct values in as few lookups as the database takes: all at once as one PostgreSQL array
    (`member_of`), slices of 500 for SQLite's IN lists."""
    if dialect == "postgresql":
        distinct = list(dict.fromkeys(values))
        return iter([distinct] if distinct else [])
    return _chunks(values)


def _chunks(values: Iterable[str], size: int = 500) -> Iterator[list[str]]:
    """Distinct values in slices small enough for one IN (...) list."""
    return chunks(dict.fromkeys(values), size)


def known_keys(session: Session, keys: Iterable[str]) -> set[str]:
    """Which of these identities are stored already: lets a pass skip old entries before any work on them."""
    found: set[str] = set()
    for chunk in _chunks(keys):
        found.update(session.scalars(select(Article.article_key).where(Article.article_key.in_(chunk))))
    return found


def _same_entry(session: Session, item: NewArticle, key: str) -> Article | None:
    """The stored article this item is: same identity key, or the same feed's entry (guid) under a changed
    link."""
    found = session.scalars(select(Article).where(Article.article_key == key)).first()
    if found is None and item.guid and item.feed_id is not None:
        found = session.scalars(
            select(Article)
            .where(Article.feed_id == item.feed_id, Article.guid == item.guid)
            .order_by(Article.id)
            .limit(1)
        ).first()
    return found


def _stored_entries(
    session: Session, items: Sequence[NewArticle], keys: Sequence[str]
) -> tuple[dict[str, Article], dict[tuple[int, str], Article]]:
    """The stored articles these items are, by identity key and by (feed, guid): one query for the keys
    (unique index), one for the feeds' guids when there are any (ix_articles_feed_guid)."""
    dialect = session.get_bind().dialect.name
    by_key: dict[str, Article] = {}
    for chunk in _lookup_chunks(keys, dialect):
        found = session.scalars(select(Article).where(member_of(Article.article_key, chunk, dialect)))
        by_key.update((a.article_key, a) for a in found)
    by_guid: dict[tuple[int, str], Article] = {}
    guided = [(i.feed_id, i.guid) for i in items if i.guid and i.feed_id is not None]
    if guided:
        feeds = sorted({f for f, _g in guided if f is not None})
        for chunk in _lookup_chunks((g for _f, g in guided if g), dialect):
            rows = session.scalars(
                select(Article)
                .where(Article.feed_id.in_(feeds), member_of(Article.guid, chunk, dialect))
                .order_by(Article.id)
            )
            for a in rows:
                if a.feed_id is not None and a.guid is not None:
                    by_guid.setdefault((a.feed_id, a.guid), a)
    return by_key, by_guid


def _stored_texts(session: Session, digests: Iterable[str]) -> tuple[set[tuple[str, str]], dict[str, int]]:
    """For stored articles with one of these texts: their (content hash, outlet) pairs, and the smallest
    cluster per content hash. One query, equality on the content-hash index."""
    at_outlets: set[tuple[str, str]] = set()
    clusters: dict[str, int] = {}
    dialect = session.get_bind().dialect.name
    for chunk in _lookup_chunks(digests, dialect):
        for digest, outlet, cluster in session.execute(same_text_clusters_query(chunk, dialect)).tuples():
            if outlet:
                at_outlets.add((digest, outlet))
            if cluster is not None and cluster < clusters.get(digest, cluster + 1):
                clusters[digest] = cluster
    return at_outlets, clusters


def _without_nul(item: NewArticle) -> NewArticle:
    """NUL characters dropped: PostgreSQL text cannot hold them (one such record would fail its batch)."""
    dirty: dict[str, Any] = {
        f.name: value.replace("\x00", "")
        for f in fields(item)
        if isinstance(value := getattr(item, f.name), str) and "\x00" in value
    }
    return replace(item, **dirty) if dirty else item


def _row(
    item: NewArticle, key: str, digest: str, *, canon: str | None, outlet: str | None, now: dt.datetime
) -> dict[str, Any]:
    return {
        "article_key": key,
        "feed_id": item.feed_id,
        "source_id": item.source_id,
        "guid": item.guid,
        "url": item.url,
        "canonical_url": canon,
        "title": item.title,
        "summary": item.summary,
        "fulltext": item.fulltext,
        "text": item.text,
        "published": item.published,
        "published_precision": item.published_precision,
        "outlet": outlet,
        "content_hash": digest,
        "fetched_at": now,
        "alerts_allowed": item.alerts_allowed,
        "extracted_version": None,
        "extracted_at": None,
    }


def _store_new_text(session: Session, existing: Article, item: NewArticle, digest: str) -> tuple[int, int | None]:
    """`existing` takes the item's changed text (`_update_text`), unless another row of its outlet holds that
    text already: the outlet now publishes one text under two addresses, which is one article
    (uq_articles_outlet_text). Then the two rows become one: the earlier row (smaller id, as the migration
    0005 keeps) stays, with the new text, and the other is folded into it (`storage.article_merge`: its event
    links, reports and recollections, move over without duplicates; its bands and cluster follow; the
    evidence citing it cites the kept row), and the kept row is queued for re-extraction, which drops what
    the new text no longer reports, as after any update. The outlet counts once; no event is lost; nothing
    fails. Returns (kept id, folded id or None).

    Another worker may store the text at the outlet between the lookup and the update: on SQLite a no-op
    write takes the database's write lock first, so the lookup is final; on PostgreSQL the update runs in a
    savepoint and, when the unique index turns it down, the row that won is looked up and folded."""
    outlet = existing.outlet
    if not outlet:
        _update_text(session, existing, item, digest)
        return existing.id, None
    dialect = session.get_bind().dialect.name
    if dialect == "sqlite":
        session.execute(
            update(Article)
            .where(Article.id == existing.id)
            .values(updated_at=Article.updated_at)
            .execution_options(synchronize_session=False)
        )
    holder = _text_holder(session, outlet, digest, existing.id)
    if holder is None and dialect == "postgresql":
        try:
            with session.begin_nested():
                _update_text(session, existing, item, digest)
            return existing.id, None
        except IntegrityError:
            holder = _text_holder(session, outlet, digest, existing.id)
            if holder is None:  # pragma: no cover - only the outlet's text index can refuse this update
                raise
    if holder is None:
        _update_text(session, existing, item, digest)
        return existing.id, None
    keep, drop = (existing, holder) if existing.id < holder.id else (holder, existing)
    if dialect == "postgresql":  # an extraction of either row finishes first (its links move with it)
        session.execute(
            select(Article.id).where(Article.id.in_([keep.id, drop.id])).order_by(Article.id).with_for_update()
        )
    drop_id = drop.id
    fold_articles(session, {drop_id: keep.id})
    session.expunge(drop)
    if keep is existing:
        _update_text(session, existing, item, digest)
    else:
        keep.updated_at = utcnow()
        keep.extracted_version = None
    return keep.id, drop_id


def _text_holder(session: Session, outlet: str, digest: str, other_than: int) -> Article | None:
    """The row holding this text at this outlet, but `other_than` (the unique index answers)."""
    return session.scalars(
        select(Article).where(Article.outlet == outlet, Article.content_hash == digest, Article.id != other_than)
    ).first()


def _update_text(session: Session, existing: Article, item: NewArticle, digest: str) -> None:
    """The same article with a changed text: updated in place and queued for re-extraction."""
    existing.title = item.title
    existing.summary = item.summary
    existing.fulltext = item.fulltext
    existing.text = item.text
    existing.content_hash = digest
    existing.updated_at = utcnow()
    existing.extracted_version = None
    existing.text_cluster_id = cluster_for(session, existing)


@dataclass(frozen=True, slots=True)
class Prepared:
    """An article ready to store: everything storing computes from the item alone, without the database. A
    large backfill prepares its next batches in another process while it writes the current one
    (flows/store_ahead.py); `store_prepared` then does only the database's part."""

    item: NewArticle  # NUL characters removed
    digest: str  # content hash of title and text
    canon: str | None  # canonical URL
    key: str  # identity (`article_key`)
    outlet: str | None
    bands: tuple[str, ...] | None  # near-duplicate band keys; None: too short to call a copy
    settled: str | None  # what `settle` returned: stored as the row's extracted version if the row is new


def prepare(items: Sequence[NewArticle], settle: Settle | None = None) -> list[Prepared]:
    """`Prepared` of each item, in order (pure: no database; picklable in and out)."""
    clean = [_without_nul(i) for i in items]
    digests = [content_hash(i.title, i.text) for i in clean]
    canons = [canonical_url(i.url) if i.url else None for i in clean]
    bands = band_keys_many([i.text for i in clean])
    return [
        Prepared(
            item=item,
            digest=digest,
            canon=canon,
            key=_key_of(canon, item, digest),
            outlet=item.outlet or outlet_of(item.url),
            bands=band,
            settled=settle(item) if settle is not None else None,
        )
        for item, digest, canon, band in zip(clean, digests, canons, bands, strict=True)
    ]


def store_articles(session: Session, items: Sequence[NewArticle], settle: Settle | None = None) -> StoreResult:
    """`store_prepared` of `prepare(items, settle)`."""
    return store_prepared(session, prepare(items, settle))


def store_prepared(session: Session, prepared: Sequence[Prepared]) -> StoreResult:
    """Insert new articles; an article whose text changed under the same identity (canonical URL, or the
    feed's guid) is updated and queued for re-extraction, never duplicated. The same text at the same outlet
    under another address is the same article. Copies at other outlets are stored (each outlet counts) and
    share a text cluster.

    A batch costs a fixed number of statements, not a few per article: one query for the identities, one for
    the stored texts (content hashes), one insert-if-absent of all new rows (`ON CONFLICT DO NOTHING
    RETURNING`), and for their near-duplicate clusters one band query, one band insert and one cluster update
    (`storage.near_duplicates.assign_clusters`). Items are decided in order, as if stored one by one: a later
    item sees the earlier ones of the batch. A row another worker inserted meanwhile is left out by the
    insert-if-absent and then treated as stored (compared, updated if its text differs); one left out because
    another worker stored its text at its outlet (the unique index `uq_articles_outlet_text`) is that
    outlet's copy, unchanged. An update into a text another row of the outlet holds folds the two rows into
    one (`_store_new_text`).

    `settle` (of `prepare`): a version it returned for an item is stored as the new row's `extracted_version`
    (a backfill's gate: the 98 % of an archive the extractor would not parse are never loaded again to be
    marked done). Updated texts are always left pending."""
    if not prepared:
        return StoreResult((), (), 0)
    items = [p.item for p in prepared]
    digests = [p.digest for p in prepared]
    keys = [p.key for p in prepared]
    by_key, by_guid = _stored_entries(session, items, keys)
    texts_at_outlets, same_text = _stored_texts(session, digests)
    now = utcnow()
    unchanged = 0
    rows: list[dict[str, Any]] = []
    fresh: dict[str, int] = {}  # key -> index in `rows` and `row_preps`
    row_preps: list[Prepared] = []  # the item of each row of `rows`
    # Items that are a stored article, an article inserted earlier in this batch, or lose the insert race:
    # compared and updated one by one after the insert (rare: a backfill rerun finds them unchanged).
    later: list[tuple[NewArticle, str, str, Article | None]] = []
    for prep in prepared:
        item, digest, key = prep.item, prep.digest, prep.key
        existing = by_key.get(key)
        if existing is None and item.guid and item.feed_id is not None:
            existing = by_guid.get((item.feed_id, item.guid))
        if existing is not None or key in fresh:
            later.append((item, digest, key, existing))
            if existing is not None and existing.content_hash != digest and existing.outlet:
                texts_at_outlets.add((digest, existing.outlet))
            continue
        outlet = prep.outlet
        if outlet and (digest, outlet) in texts_at_outlets:
            unchanged += 1  # the outlet's own copy under another address: one article
            continue
        fresh[key] = len(rows)
        row_preps.append(prep)
        rows.append(_row(item, key, digest, canon=prep.canon, outlet=outlet, now=now))
        if prep.settled is not None:
            rows[-1].update(extracted_version=prep.settled, extracted_at=now)
        if outlet:
            texts_at_outlets.add((digest, outlet))
    preset = _preset_own_clusters(session, rows)
    # No conflict target: a row may collide on its identity or on (outlet, content hash) with a row another
    # worker stored meanwhile; either is left out here and sorted out below.
    inserted = insert_ignore_many_returning(
        session,
        Article.__table__,  # type: ignore[arg-type]
        rows,
        None,
        ("id", "article_key"),
    )
    new_by_key = {k: int(i) for i, k in inserted}
    new_rows = sorted((fresh[k], new_by_key[k]) for k in new_by_key if k in fresh)
    texts = [
        NewText(aid, row_preps[idx].item.text, row_preps[idx].digest, row_preps[idx].bands) for idx, aid in new_rows
    ]
    clusters = assign_clusters(session, texts, same_text)
    _set_clusters(session, clusters, own_preset=preset)
    new_ids = [aid for _idx, aid in new_rows]
    for key, idx in fresh.items():
        if key not in new_by_key:  # another worker inserted it first: compare with theirs
            later.append((row_preps[idx].item, row_preps[idx].digest, key, None))
    updated: list[int] = []
    folded: set[int] = set()  # rows an update folded into another (`_store_new_text`): gone
    for item, digest, key, found in later:
        existing = found or _same_entry(session, item, key)
        if existing is None or existing.id in folded:
            # Left out by the insert with no row of its identity: another worker stored the same text at the
            # same outlet under another address meanwhile (uq_articles_outlet_text). One article, as above.
            unchanged += 1
            continue
        if existing.content_hash == digest:
            unchanged += 1
            continue
        kept, gone = _store_new_text(session, existing, item, digest)
        updated.append(kept)
        if gone is not None:
            folded.add(gone)
    session.flush()
    if folded:  # a row of this batch folded into an earlier one: that item is the earlier article
        unchanged += sum(1 for aid in new_ids if aid in folded)
        new_rows = [(idx, aid) for idx, aid in new_rows if aid not in folded]
        new_ids = [aid for aid in new_ids if aid not in folded]
        updated = list(dict.fromkeys(a for a in updated if a not in folded))
    settled = tuple(aid for idx, aid in new_rows if rows[idx]["extracted_version"] is not None)
    return StoreResult(tuple(new_ids), tuple(updated), unchanged, settled)


def _preset_own_clusters(session: Session, rows: list[dict[str, Any]]) -> bool:
    """PostgreSQL: the new rows get their ids from the sequence first, in input order, and go in as their own
    cluster, which most new articles are; only copies are updated afterwards. An UPDATE of every new row
    rewrote each one and its cluster index entry inside the same transaction (~1 s of server time for
    20,000 articles). Ids a conflicting row reserved are skipped, as the sequence would skip them anyway.
    SQLite has no sequence to draw from: its rows are updated (cheaply, in place)."""
    if not rows or session.get_bind().dialect.name != "postgresql":
        return False
    reserved = session.execute(
        text("SELECT nextval(pg_get_serial_sequence('articles', 'id')) FROM generate_series(1, :n)"),
        {"n": len(rows)},
    ).scalars()
    for row, aid in zip(rows, sorted(int(i) for i in reserved), strict=True):
        row["id"] = aid
        row["text_cluster_id"] = aid
    return True


def _set_clusters(session: Session, clusters: dict[int, int], *, own_preset: bool = False) -> None:
    """Most new articles are their own cluster: one UPDATE for those (unless they were inserted so,
    `_preset_own_clusters`), one executemany for the copies."""
    own = [] if own_preset else [aid for aid, c in clusters.items() if aid == c]
    for chunk in _int_chunks(own):
        session.execute(
            update(Article)
            .where(Article.id.in_(chunk))
            .values(text_cluster_id=Article.id)
            .execution_options(synchronize_session=False)
        )
    copies = [{"aid": aid, "cluster": c} for aid, c in clusters.items() if aid != c]
    if copies:
        table: Any = Article.__table__
        session.execute(
            update(table).where(table.c.id == bindparam("aid")).values(text_cluster_id=bindparam("cluster")),
            copies,
            execution_options={"synchronize_session": False},
        )


def _int_chunks(values: Sequence[int], size: int = 500) -> Iterator[list[int]]:
    for i in range(0, len(values), size):
        yield list(values[i : i + size])


def pending_ids(session: Session, limit: int | None = None, *, older_than: str | None = None) -> list[int]:
    """Articles whose extraction has not committed (or, with `older_than`, was made by another version)."""
    cond: ColumnElement[bool] = Article.extracted_version.is_(None)
    if older_than is not None:
        cond = cond | (Article.extracted_version != older_than)
    stmt = select(Article.id).where(cond).order_by(Article.id)
    if limit:
        stmt = stmt.limit(limit)
    return list(session.scalars(stmt))


def extractor_input(row: Article, language: str | None = None) -> ExtractorInput:
    """A stored article as the extractor reads it; its id is what event JSON and evidence cite. `language` is
    its feed's configured language (None: the extractor detects it from the text)."""
    return ExtractorInput(
        id=row.canonical_url or row.source_id or row.article_key,
        text=row.text,
        title=row.title,
        # A month or year of publication is no day to resolve "yesterday" against.
        published=row.published if row.published_precision in (None, "day") else None,
        url=row.url,
        outlet=row.outlet,
        language="ja" if language == "ja" else "en" if language == "en" else None,
    )


def feed_names(session: Session, feed_ids: Iterable[int | None]) -> dict[int, str]:
    """The names of these feeds (a feed's config is found by its name)."""
    ids = sorted({i for i in feed_ids if i is not None})
    if not ids:
        return {}
    return {row.id: row.name for row in session.execute(select(Feed.id, Feed.name).where(Feed.id.in_(ids)))}


def load(session: Session, ids: Sequence[int]) -> list[Article]:
    rows = {a.id: a for a in session.scalars(select(Article).where(Article.id.in_(ids)))}
    return [rows[i] for i in ids if i in rows]


def mark_extracted(session: Session, article_id: int, version: str) -> None:
    session.execute(
        update(Article).where(Article.id == article_id).values(extracted_version=version, extracted_at=utcnow())
    )
