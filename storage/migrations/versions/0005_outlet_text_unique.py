"""articles: one row per (outlet, content hash) — the same text at the same outlet is one article, in the database

Until now `store_prepared` enforced "the same text at the same outlet under another address is the same
article" with a lookup inside the batch, which two workers storing both copies at once could both pass. This
revision makes it the unique index `uq_articles_outlet_text` (content_hash, outlet); articles without an outlet
are not affected, as both databases hold NULLs distinct in a unique index. The content hash leads, so the
index also serves every lookup by text and replaces `ix_articles_content_hash` (one index to keep up, not two). A database of an earlier version may hold such
copies: each group keeps its earliest row (smallest id), and everything citing the others is moved to it
first (`_fold`: event links without duplicates, bands, text clusters, the article references in evidence
and status histories); then they are deleted and the index is created.

`_fold` is a frozen copy of `storage/article_merge.py` as of this revision: a migration must keep doing what
it did when the application code changes.

Revision ID: 0005_outlet_text_unique
Revises: 0004_alert_claim_holder
Create Date: 2026-12-07
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0005_outlet_text_unique"
down_revision = "0004_alert_claim_holder"
branch_labels = None
depends_on = None

_articles = sa.table(
    "articles",
    sa.column("id", sa.Integer),
    sa.column("outlet", sa.String),
    sa.column("content_hash", sa.String),
    sa.column("canonical_url", sa.Text),
    sa.column("source_id", sa.Text),
    sa.column("article_key", sa.String),
    sa.column("text_cluster_id", sa.Integer),
)
_links = sa.table(
    "event_articles",
    sa.column("id", sa.Integer),
    sa.column("event_id", sa.Integer),
    sa.column("article_id", sa.Integer),
    sa.column("background", sa.Boolean),
    sa.column("status", sa.String),
    sa.column("evidence", sa.JSON),
)
_events = sa.table(
    "events",
    sa.column("id", sa.Integer),
    sa.column("evidence", sa.JSON),
    sa.column("status_history", sa.JSON),
)
_bands = sa.table("text_bands", sa.column("id", sa.Integer), sa.column("article_id", sa.Integer))


def upgrade() -> None:
    conn = op.get_bind()
    _fold(conn, _duplicates(conn))
    op.create_index(
        "uq_articles_outlet_text",
        "articles",
        ["content_hash", "outlet"],
        unique=True,
    )
    op.drop_index("ix_articles_content_hash", table_name="articles")


def downgrade() -> None:
    op.create_index("ix_articles_content_hash", "articles", ["content_hash"], unique=False)
    op.drop_index("uq_articles_outlet_text", table_name="articles")


def _duplicates(conn: sa.Connection) -> dict[int, int]:
    """Dropped id -> kept id: every row of an (outlet, content hash) group but its earliest."""
    groups = (
        sa.select(_articles.c.outlet, _articles.c.content_hash)
        .where(_articles.c.outlet.is_not(None))
        .group_by(_articles.c.outlet, _articles.c.content_hash)
        .having(sa.func.count() > 1)
        .subquery()
    )
    rows = conn.execute(
        sa.select(_articles.c.id, _articles.c.outlet, _articles.c.content_hash)
        .join(groups, sa.and_(_articles.c.outlet == groups.c.outlet, _articles.c.content_hash == groups.c.content_hash))
        .order_by(_articles.c.id)
    ).tuples()
    first: dict[tuple[str, str], int] = {}
    pairs: dict[int, int] = {}
    for aid, outlet, digest in rows:
        keep = first.setdefault((outlet, digest), aid)
        if keep != aid:
            pairs[aid] = keep
    return pairs


def _fold(db: sa.Connection, pairs: Mapping[int, int]) -> None:
    if not pairs:
        return
    ids = sorted(set(pairs) | set(pairs.values()))
    refs: dict[int, str] = {}
    for i in range(0, len(ids), 500):
        refs.update(
            (aid, canon or source or key)
            for aid, canon, source, key in db.execute(
                sa.select(_articles.c.id, _articles.c.canonical_url, _articles.c.source_id, _articles.c.article_key)
                .where(_articles.c.id.in_(ids[i : i + 500]))
            ).tuples()
        )
    for drop, keep in sorted(pairs.items()):
        _move_links(db, drop, keep, refs[drop], refs[keep])
        has_bands = db.execute(sa.select(_bands.c.id).where(_bands.c.article_id == keep).limit(1)).first()
        if has_bands is None:
            db.execute(sa.update(_bands).where(_bands.c.article_id == drop).values(article_id=keep))
        db.execute(sa.delete(_bands).where(_bands.c.article_id == drop))
    drops = sorted(pairs)
    for i in range(0, len(drops), 500):
        db.execute(sa.delete(_articles).where(_articles.c.id.in_(drops[i : i + 500])))
    for drop in drops:
        root = db.execute(sa.select(sa.func.min(_articles.c.id)).where(_articles.c.text_cluster_id == drop)).scalar()
        if root is not None:
            db.execute(sa.update(_articles).where(_articles.c.text_cluster_id == drop).values(text_cluster_id=root))


def _move_links(db: sa.Connection, drop: int, keep: int, old_ref: str, new_ref: str) -> None:
    kept = {
        event_id: (link_id, background)
        for link_id, event_id, background in db.execute(
            sa.select(_links.c.id, _links.c.event_id, _links.c.background).where(_links.c.article_id == keep)
        ).tuples()
    }
    moved = list(
        db.execute(
            sa.select(_links.c.id, _links.c.event_id, _links.c.background, _links.c.status, _links.c.evidence)
            .where(_links.c.article_id == drop)
            .order_by(_links.c.id)
        ).tuples()
    )
    for link_id, event_id, background, status, evidence in moved:
        cited = _recite(evidence, old_ref, new_ref)
        if event_id in kept:
            kept_id, kept_background = kept[event_id]
            if kept_background and not background:
                db.execute(
                    sa.update(_links).where(_links.c.id == kept_id).values(background=False, status=status, evidence=cited)
                )
                kept[event_id] = (kept_id, False)
            db.execute(sa.delete(_links).where(_links.c.id == link_id))
        else:
            db.execute(sa.update(_links).where(_links.c.id == link_id).values(article_id=keep, evidence=cited))
            kept[event_id] = (link_id, background)
    if old_ref == new_ref:
        return
    for event_id in sorted({row[1] for row in moved}):
        row = db.execute(sa.select(_events.c.evidence, _events.c.status_history).where(_events.c.id == event_id)).first()
        if row is None:
            continue
        evidence, history = _recite(row[0], old_ref, new_ref), _recite(row[1], old_ref, new_ref)
        if (evidence, history) != (row[0], row[1]):
            db.execute(sa.update(_events).where(_events.c.id == event_id).values(evidence=evidence, status_history=history))


def _recite(entries: Any, old_ref: str, new_ref: str) -> Any:
    if not isinstance(entries, list):
        return entries
    return [{**e, "article": new_ref} if isinstance(e, dict) and e.get("article") == old_ref else e for e in entries]
