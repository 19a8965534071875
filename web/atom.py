"""The Atom 1.0 feed of contacts: one entry per stored event a watch alerts on, its content what the alert
email says (the alert renderer's subject and HTML body, reused as they are).

Entry ids are stable per event (a UUID derived from the event id); `updated` is the event's last change: a
new reporting article moves `last_seen`, a status change adds to `status_history`.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from alerts.message import AlertMessage
from alerts.render import previous_status, render_html_body, render_subject
from common.dates import aware
from config.settings import WatchConfig
from storage.models import Event as EventRow

_ID_NAMESPACE = uuid.UUID("6f3a7c1e-2b9d-5e0a-9c41-7d2f0b8e5a13")  # fixed: entry ids never change
# Characters XML 1.0 cannot carry at all, even escaped.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


@dataclass(frozen=True)
class Entry:
    id: str
    title: str
    updated: str
    published: str
    link: str
    html: str
    categories: list[str]


def entry_id(event_id: int) -> str:
    return f"urn:uuid:{uuid.uuid5(_ID_NAMESPACE, f'event:{event_id}')}"


def feed_id(watch: str | None) -> str:
    name = watch or "*"
    return f"urn:uuid:{uuid.uuid5(_ID_NAMESPACE, 'feed:' + name)}"


def rfc3339(moment: dt.datetime) -> str:
    return aware(moment).astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def last_change(row: EventRow) -> dt.datetime:
    """When the event last changed: its last new article, or a later status change."""
    latest = aware(row.last_seen)
    for entry in row.status_history or []:
        at = entry.get("at") if isinstance(entry, Mapping) else None
        if isinstance(at, str):
            try:
                latest = max(latest, aware(dt.datetime.fromisoformat(at)))
            except ValueError:
                continue
    return latest


def matching_watch(row: EventRow, watches: Sequence[WatchConfig]) -> str:
    for watch in watches:
        if (row.country_a, row.country_b) == tuple(watch.countries) and row.status in watch.statuses:
            return watch.name
    return watches[0].name if watches else "talkwatch"


def build_entry(row: EventRow, event: Mapping[str, Any], watch: str, link: str) -> Entry:
    changed = previous_status(event) is not None
    message = AlertMessage(
        alert_id=f"event-{row.id}",
        type="contact.status_changed" if changed else "contact.detected",
        watch=watch,
        created_at=aware(row.first_seen).astimezone(dt.UTC),
        event=event,
    )
    title = render_subject(message).removeprefix("[talkwatch] ")
    return Entry(
        id=entry_id(row.id),
        title=title,
        updated=rfc3339(last_change(row)),
        published=rfc3339(row.first_seen),
        link=link,
        html="\n".join(render_html_body(message)),
        categories=[row.status, row.level],
    )


def xml_safe(text: str) -> str:
    return _NOT_XML.sub("", text)
