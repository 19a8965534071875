"""Alert delivery test data: a stored EVENT, messages and channels."""

from __future__ import annotations

import copy
from datetime import UTC, datetime
from typing import Any

from pydantic import SecretStr

from alerts import AlertMessage
from config.settings import EmailChannel, WebhookChannel

# base64 of 32 fixed bytes; never appears in any error string (checked by the tests).
SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"

EVENT: dict[str, Any] = {
    "id": "evt_0001",
    "kind": "contact",
    "status": "held",
    "countries": ["JPN", "PRK"],
    "date": "2018-09-26",
    "date_precision": "day",
    "location": "New York",
    "venue": "United Nations headquarters",
    "level": "foreign_ministers",
    "mode": "in_person",
    "participants": [
        {"name": "Taro Kono", "title": "Foreign Minister", "country": "JPN"},
        {"name": "Ri Yong Ho", "title": "Foreign Minister", "country": "PRK"},
    ],
    "background": False,
    "novelty": "first in three years",
    "confidence": 0.93,
    "codes": {"cameo": "043", "plover": "CONSULT"},
    "evidence": [
        {
            "article": "art-1",
            "start": 0,
            "end": 66,
            "text": "Japanese Foreign Minister Taro Kono met his North Korean counterpart",
        }
    ],
    "first_seen": "2018-09-27T08:00:00Z",
    "last_seen": "2018-09-27T09:30:00Z",
    "sources": 2,
    "articles": ["https://www.japantimes.co.jp/news/2018/09/27/kono-ri", "https://example.com/a?x=1&y=2"],
    "status_history": [{"status": "held", "at": "2018-09-27T08:00:00Z"}],
}

CREATED = datetime(2026, 1, 1, 0, 0, 0, tzinfo=UTC)


def make_message(event: dict[str, Any] | None = None, **changes: Any) -> AlertMessage:
    fields: dict[str, Any] = {
        "alert_id": "msg_0123456789abcdef",
        "type": "contact.detected",
        "watch": "japan-dprk-talks",
        "created_at": CREATED,
        "event": copy.deepcopy(EVENT if event is None else event),
    }
    fields.update(changes)
    return AlertMessage(**fields)


def webhook_channel(url: str, secret: str = SECRET) -> WebhookChannel:
    return WebhookChannel(type="webhook", url=url, secret=SecretStr(secret))


def email_channel(smtp_url: str, to: tuple[str, ...] = ("analyst@example.org",)) -> EmailChannel:
    return EmailChannel(type="email", smtp_url=SecretStr(smtp_url), sender="talkwatch@example.org", to=to)
