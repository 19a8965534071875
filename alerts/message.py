"""The value types of delivery: what to send (`AlertMessage`), how one attempt went (`DeliveryOutcome`)."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, Literal

from alerts.redact import one_line

AlertType = Literal["contact.detected", "contact.status_changed", "test"]
ALERT_TYPES: tuple[AlertType, ...] = ("contact.detected", "contact.status_changed", "test")

# Standard Webhooks: the id is part of the signed "{id}.{timestamp}.{body}" and must not contain ".";
# it also goes into the email Message-ID, so keep it to characters that are valid there and in headers.
_ALERT_ID = re.compile(r"^[A-Za-z0-9_:+=/-]{1,200}$")


@dataclass(frozen=True)
class AlertMessage:
    """One alert to deliver. Built by the dispatcher from the outbox row; identical on every retry."""

    alert_id: str
    type: AlertType
    watch: str
    created_at: datetime
    event: Mapping[str, Any]
    recipient: str | None = None

    def __post_init__(self) -> None:
        if not _ALERT_ID.match(self.alert_id):
            raise ValueError("alert_id must be 1-200 characters of A-Z a-z 0-9 _ : + = / - (no '.', no spaces)")
        if self.type not in ALERT_TYPES:
            raise ValueError(f"unknown alert type {self.type!r}")
        if self.created_at.tzinfo is None or self.created_at.utcoffset() != timedelta(0):
            raise ValueError("created_at must be a timezone-aware UTC datetime")


@dataclass(frozen=True)
class DeliveryOutcome:
    """The result of one delivery attempt.

    `permanent` means retrying cannot help (a 4xx other than 408/429, a refused recipient, a bad config);
    the dispatcher then marks the delivery dead instead of scheduling another attempt.
    """

    ok: bool
    permanent: bool
    retry_after_s: float | None
    error: str | None
    status_code: int | None = None


def success(status_code: int | None = None) -> DeliveryOutcome:
    return DeliveryOutcome(ok=True, permanent=False, retry_after_s=None, error=None, status_code=status_code)


def failure(
    error: str,
    *,
    permanent: bool,
    secrets: Iterable[str] = (),
    retry_after_s: float | None = None,
    status_code: int | None = None,
) -> DeliveryOutcome:
    return DeliveryOutcome(
        ok=False,
        permanent=permanent,
        retry_after_s=retry_after_s,
        error=one_line(error, secrets),
        status_code=status_code,
    )


def test_message(channel_key: str, now: datetime) -> AlertMessage:
    """A clearly marked sample alert for `talkwatch alerts test CHANNEL`.

    Its id is derived from the channel and the time, so each test is a new alert for receivers that dedupe.
    """
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    now = now.astimezone(UTC)
    digest = hashlib.sha256(f"{channel_key}\n{now.isoformat()}".encode()).hexdigest()[:20]
    stamp = now.strftime("%Y-%m-%dT%H:%M:%SZ")
    text = (
        "[talkwatch TEST] This is a test alert from talkwatch; no contact was detected. "
        "Japan's Foreign Minister and North Korea's Foreign Minister met in New York."
    )
    event: dict[str, Any] = {
        "id": f"test-{digest}",
        "kind": "contact",
        "status": "held",
        "countries": ["JPN", "PRK"],
        "date": now.strftime("%Y-%m-%d"),
        "date_precision": "day",
        "location": "New York",
        "venue": "United Nations headquarters",
        "level": "foreign_ministers",
        "mode": "in_person",
        "participants": [
            {"name": "Test Participant A", "title": "Foreign Minister", "country": "JPN"},
            {"name": "Test Participant B", "title": "Foreign Minister", "country": "PRK"},
        ],
        "background": False,
        "novelty": "test alert: not a real event",
        "confidence": 1.0,
        "codes": {"cameo": "043", "plover": "CONSULT"},
        "evidence": [{"article": "talkwatch-test", "start": 0, "end": len(text), "text": text}],
        "first_seen": stamp,
        "last_seen": stamp,
        "sources": 1,
        "articles": ["https://example.org/talkwatch/test-alert"],
        "status_history": [{"status": "held", "at": stamp}],
        "test": True,
    }
    return AlertMessage(
        alert_id=f"test-{digest}",
        type="test",
        watch="talkwatch-test",
        created_at=now.replace(microsecond=0),
        event=event,
    )


# Not a pytest test, although its name says so: keep test modules that import it from collecting it.
test_message.__test__ = False  # type: ignore[attr-defined]
