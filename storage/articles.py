"""Article rows: identity (canonical URL, guid, content hash), near-duplicate clusters, extraction state."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, fields, replace
from typing import Any

from sqlalchemy import ColumnElement, select, update
from sqlalchemy.orm import Session

from extractors.events import Article as ExtractorInput
from storage.models import Article, utcnow
from storage.near_duplicates import cluster_for, text_cluster
from storage.upsert import insert_ignore_returning
from storage.urls import canonical_url, identity_key, outlet_of


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
    if guid:
        return f"guid:{feed_name or ''}:{guid}"[:512]
    if source_id:
        return f"id:{source_id}"[:512]
    return f"text:{digest}"


def key_for(item: NewArticle) -> str:
    return article_key(item.url, item.guid, item.feed_name, content_hash(item.title, item.text), item.source_id)


def _chunks(values: Iterable[str], size: int = 500) -> Iterator[list[str]]:
    """Distinct values in slices small enough for one IN (...) list."""
    wanted = list(dict.fromkeys(values))
    for i in range(0, len(wanted), size):
        yield wanted[i : i + size]


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


def _stored_texts_at_outlets(session: Session, digests: Iterable[str]) -> set[tuple[str, str]]:
    """(content hash, outlet) of stored articles with one of these texts."""
    found: set[tuple[str, str]] = set()
    for chunk in _chunks(digests):
        rows = session.execute(
            select(Article.content_hash, Article.outlet).where(
                Article.content_hash.in_(chunk), Article.outlet.is_not(None)
            )
        )
        found.update((h, o) for h, o in rows.tuples() if h and o)
    return found


def _without_nul(item: NewArticle) -> NewArticle:
    """NUL characters dropped: PostgreSQL text cannot hold them (one such record would fail its batch)."""
    dirty: dict[str, Any] = {
        f.name: value.replace("\x00", "")
        for f in fields(item)
        if isinstance(value := getattr(item, f.name), str) and "\x00" in value
    }
    return replace(item, **dirty) if dirty else item


def store_articles(session: Session, items: Sequence[NewArticle]) -> StoreResult:
    """Insert new articles; an article whose text changed under the same identity (canonical URL, or the
    feed's guid) is updated and queued for re-extraction, never duplicated. The same text at the same outlet
    under another address is the same article. Copies at other outlets are stored (each outlet counts) and
    share a text cluster."""
    new_ids: list[int] = []
    updated: list[int] = []
    unchanged = 0
    items = [_without_nul(i) for i in items]
    digests = [content_hash(i.title, i.text) for i in items]
    keys = [article_key(i.url, i.guid, i.feed_name, d, i.source_id) for i, d in zip(items, digests, strict=True)]
    # Two bulk lookups instead of two queries per article (most of a batch is new): which identities and which
    # (text, outlet) pairs are stored already. Rows this loop inserts are added as it goes; a row another
    # worker inserts meanwhile is caught by the insert-if-absent below.
    known = known_keys(session, keys)
    texts_at_outlets = _stored_texts_at_outlets(session, digests)
    for item, digest, key in zip(items, digests, keys, strict=True):
        canon = canonical_url(item.url) if item.url else None
        outlet = item.outlet or outlet_of(item.url)
        row = {
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
            "fetched_at": utcnow(),
            "alerts_allowed": item.alerts_allowed,
        }
        by_guid = item.guid is not None and item.feed_id is not None
        existing = _same_entry(session, item, key) if key in known or by_guid else None
        if existing is None:
            if outlet and (digest, outlet) in texts_at_outlets:
                unchanged += 1  # the outlet's own copy under another address: one article
                continue
            new_id = insert_ignore_returning(session, Article.__table__, row, ["article_key"])  # type: ignore[arg-type]
            known.add(key)
            if outlet:
                texts_at_outlets.add((digest, outlet))
            if new_id is not None:
                cluster = text_cluster(session, new_id, item.text, digest, fresh=True)
                session.execute(
                    update(Article)
                    .where(Article.id == new_id)
                    .values(text_cluster_id=cluster)
                    .execution_options(synchronize_session=False)
                )
                new_ids.append(new_id)
                continue
            existing = session.scalars(select(Article).where(Article.article_key == key)).one()
        if existing.content_hash == digest:
            unchanged += 1
            continue
        existing.title = item.title
        existing.summary = item.summary
        existing.fulltext = item.fulltext
        existing.text = item.text
        existing.content_hash = digest
        existing.updated_at = utcnow()
        existing.extracted_version = None
        existing.text_cluster_id = cluster_for(session, existing)
        if existing.outlet:
            texts_at_outlets.add((digest, existing.outlet))
        updated.append(existing.id)
    session.flush()
    return StoreResult(tuple(new_ids), tuple(updated), unchanged)


def pending_ids(session: Session, limit: int | None = None, *, older_than: str | None = None) -> list[int]:
    """Articles whose extraction has not committed (or, with `older_than`, was made by another version)."""
    cond: ColumnElement[bool] = Article.extracted_version.is_(None)
    if older_than is not None:
        cond = cond | (Article.extracted_version != older_than)
    stmt = select(Article.id).where(cond).order_by(Article.id)
    if limit:
        stmt = stmt.limit(limit)
    return list(session.scalars(stmt))


def extractor_input(row: Article) -> ExtractorInput:
    """A stored article as the extractor reads it; its id is what event JSON and evidence cite."""
    return ExtractorInput(
        id=row.canonical_url or row.source_id or row.article_key,
        text=row.text,
        title=row.title,
        # A month or year of publication is no day to resolve "yesterday" against.
        published=row.published if row.published_precision in (None, "day") else None,
        url=row.url,
        outlet=row.outlet,
    )


def load(session: Session, ids: Sequence[int]) -> list[Article]:
    rows = {a.id: a for a in session.scalars(select(Article).where(Article.id.in_(ids)))}
    return [rows[i] for i in ids if i in rows]


def mark_extracted(session: Session, article_id: int, version: str) -> None:
    session.execute(
        update(Article).where(Article.id == article_id).values(extracted_version=version, extracted_at=utcnow())
    )
