"""One article row folded into another: the same text (content hash) at the same outlet under two addresses
is one article, and the database holds it once (the unique index `uq_articles_outlet_text`).

Two places need it: the migration `0005` (rows stored before the index; it has its own frozen copy of this
code, as a migration must not change when this module does) and a text update that makes an article the
copy of another row of its outlet (`storage.articles`). Everything that refers to an article by id follows
the kept row: its event links (reports and recollections; where both rows link one event the link is kept
once, a report over a recollection), its near-duplicate bands (when the kept row has none), the text
clusters rooted at the dropped row, and the article references (`canonical_url`, else `source_id`, else
`article_key`) cited by the evidence and status history of the events and links."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import sqlalchemy as sa
from sqlalchemy import Connection
from sqlalchemy.orm import Session

_articles = sa.table(
    "articles",
    sa.column("id", sa.Integer),
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


def fold_articles(db: Connection | Session, pairs: Mapping[int, int]) -> None:
    """Fold each dropped row into its kept one (`pairs`: dropped id -> kept id, no kept id dropped too),
    then delete the dropped rows. Nothing that cites them is lost; no link is duplicated."""
    if not pairs:
        return
    ids = sorted(set(pairs) | set(pairs.values()))
    refs = {
        aid: canon or source or key
        for aid, canon, source, key in db.execute(
            sa.select(_articles.c.id, _articles.c.canonical_url, _articles.c.source_id, _articles.c.article_key).where(
                _articles.c.id.in_(ids)
            )
        ).tuples()
    }
    for drop, keep in sorted(pairs.items()):
        _move_links(db, drop, keep, refs[drop], refs[keep])
        has_bands = db.execute(sa.select(_bands.c.id).where(_bands.c.article_id == keep).limit(1)).first()
        if has_bands is None:
            db.execute(sa.update(_bands).where(_bands.c.article_id == drop).values(article_id=keep))
        db.execute(sa.delete(_bands).where(_bands.c.article_id == drop))
    drops = sorted(pairs)
    db.execute(sa.delete(_articles).where(_articles.c.id.in_(drops)))
    # A cluster's id is its first article's: one rooted at a dropped row takes its earliest remaining member's.
    for drop in drops:
        root = db.execute(sa.select(sa.func.min(_articles.c.id)).where(_articles.c.text_cluster_id == drop)).scalar()
        if root is not None:
            db.execute(sa.update(_articles).where(_articles.c.text_cluster_id == drop).values(text_cluster_id=root))


def _move_links(db: Connection | Session, drop: int, keep: int, old_ref: str, new_ref: str) -> None:
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
            if kept_background and not background:  # a report says more than a recollection
                db.execute(
                    sa.update(_links)
                    .where(_links.c.id == kept_id)
                    .values(background=False, status=status, evidence=cited)
                )
                kept[event_id] = (kept_id, False)
            db.execute(sa.delete(_links).where(_links.c.id == link_id))
        else:
            db.execute(sa.update(_links).where(_links.c.id == link_id).values(article_id=keep, evidence=cited))
            kept[event_id] = (link_id, background)
    if old_ref == new_ref:
        return
    for event_id in sorted({event_id for _l, event_id, *_ in moved}):
        row = db.execute(
            sa.select(_events.c.evidence, _events.c.status_history).where(_events.c.id == event_id)
        ).first()
        if row is None:
            continue
        evidence, history = _recite(row[0], old_ref, new_ref), _recite(row[1], old_ref, new_ref)
        if (evidence, history) != (row[0], row[1]):
            db.execute(
                sa.update(_events).where(_events.c.id == event_id).values(evidence=evidence, status_history=history)
            )


def _recite(entries: Any, old_ref: str, new_ref: str) -> Any:
    """Evidence or status-history entries with `article` citing the kept row instead of the dropped one."""
    if not isinstance(entries, list):
        return entries
    return [{**e, "article": new_ref} if isinstance(e, dict) and e.get("article") == old_ref else e for e in entries]
