"""Helpers for the dispatcher tests (no tests here): history built through storage, as a pass would build it.

Articles are stored with `store_articles` and their events applied with `apply_extraction` (events built by
`make_event`, no spaCy), which queues the alert rows in the same transaction; the tests then run the real
dispatcher against real receivers.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from sqlalchemy import select

from config.settings import Settings
from extractors.events import Event
from storage import articles as article_store
from storage.db import session_factory
from storage.history import ApplyResult, apply_extraction
from storage.models import Alert, Article, utcnow
from storage.models import Event as EventRow
from tests.support.receivers import WebhookDelivery
from tests.support.storage import make_event

# base64 of 30 fixed bytes; the tests check it never shows up in output or errors.
SECRET = "whsec_c2VjcmV0LWZvci10aGUtZGlzcGF0Y2hlci10ZXN0cw=="
TODAY = utcnow().date()


def day(offset: int) -> str:
    """An ISO date `offset` days from today (negative: in the past)."""
    return (TODAY + dt.timedelta(days=offset)).isoformat()


def webhook(url: str, name: str = "hook") -> dict[str, Any]:
    return {"type": "webhook", "name": name, "url": url, "secret": SECRET}


def email(smtp_url: str, to: Sequence[str], name: str = "mail") -> dict[str, Any]:
    return {"type": "email", "name": name, "smtp_url": smtp_url, "sender": "talkwatch@example.org", "to": list(to)}


def settings(db: str, channels: Sequence[dict[str, Any]], **extra: Any) -> Settings:
    return Settings.model_validate({"database": {"url": db}, "channels": list(channels), **extra})


def store(
    db: str,
    url: str,
    text: str,
    *,
    published: dt.date | None = None,
    alerts_allowed: bool = True,
    title: str = "Talks",
) -> int:
    item = article_store.NewArticle(
        text=text, title=title, url=url, published=published or TODAY, alerts_allowed=alerts_allowed
    )
    with session_factory(db).begin() as s:
        [new_id] = article_store.store_articles(s, [item]).new_ids
    return new_id


def apply(cfg: Settings, article_id: int, events: Sequence[Event]) -> ApplyResult:
    with session_factory(cfg.database.url).begin() as s:
        art = s.get(Article, article_id)
        assert art is not None
        return apply_extraction(s, art, list(events), version="test", settings=cfg)


def report(cfg: Settings, url: str, text: str, **event: Any) -> ApplyResult:
    """One article reporting one contact (yesterday in New York unless told otherwise)."""
    event.setdefault("date", day(-1))
    return apply(cfg, store(cfg.database.url, url, text), [make_event(**event)])


def alert_rows(db: str) -> list[Alert]:
    with session_factory(db)() as s:
        return list(s.scalars(select(Alert).order_by(Alert.id)))


def event_ids(db: str) -> list[int]:
    with session_factory(db)() as s:
        return list(s.scalars(select(EventRow.id).order_by(EventRow.id)))


def body(delivery: WebhookDelivery) -> dict[str, Any]:
    data = json.loads(delivery.body)
    assert isinstance(data, dict)
    return data


def write_config(path: Path, db: str, channels: Sequence[dict[str, Any]], extra: str = "") -> Path:
    """A TOML config for subprocesses; secrets come from ${TW_SECRET} / ${TW_SMTP_PASSWORD} when used."""
    lines = ["[database]", f"url = {json.dumps(db)}", "", extra, ""]
    for ch in channels:
        lines.append("[[channels]]")
        for key, value in ch.items():
            lines.append(f"{key} = {json.dumps(value)}")
        lines.append("")
    path.write_text("\n".join(lines), encoding="utf-8")
    return path
