"""The outbox dispatcher: deliver due alerts after their transaction committed, record every attempt.

A delivery is claimed (a short transaction), sent with no transaction open, then recorded (another short
transaction). A crash between send and record leaves the claim to expire; the alert is then re-sent under the
same `public_id`, so receivers drop the repeat.

One call makes one attempt for each delivery that is due now and returns: backoff waits are left to later
passes (`talkwatch run`, or the `serve` dispatcher every minute).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from rich.console import Console
from sqlalchemy.orm import Session

from alerts import AlertMessage, DeliveryOutcome, backoff_seconds, deliver
from common.dates import aware
from common.killpoints import kill_point
from config.settings import Settings
from storage.db import session_factory
from storage.event_view import event_json
from storage.models import Alert, utcnow
from storage.models import Event as EventRow
from storage.outbox import claim, due_ids, lease_for, record_attempt

# Test kill point: with this set to "1" the process SIGKILLs itself right after a delivery went out and
# before the attempt is recorded, the window where a crash must lead to a re-send under the same id
# (tests/flows/test_dispatch_process.py). Never set it in production. Same as TALKWATCH_KILL_AT=after_send.
KILL_AFTER_SEND_ENV = "TALKWATCH_TEST_KILL_AFTER_SEND"


@dataclass
class DispatchSummary:
    sent: int = 0
    failed: int = 0  # attempts of this pass that did not deliver (dead ones included)
    dead: int = 0
    superseded: int = 0  # recorded by no one: another dispatcher took the delivery over meanwhile


def _message(session: Session, alert: Alert) -> AlertMessage:
    """What goes out: the stored event as it is now, under the row's stable id and creation time."""
    event = session.get(EventRow, alert.event_id)
    if event is None:
        raise LookupError(f"event {alert.event_id} not found")
    return AlertMessage(
        alert_id=alert.public_id,
        type=alert.type,  # type: ignore[arg-type]
        watch=alert.watch,
        created_at=aware(alert.created_at),
        event=event_json(session, event),  # data.id is the stored event's id
        recipient=alert.recipient or None,
    )


def dispatch_due(
    settings: Settings,
    *,
    now: dt.datetime | None = None,
    console: Console | None = None,
    lease: dt.timedelta | None = None,
) -> DispatchSummary:
    """One attempt for every alert that is due now; backoff waits are left to later passes.

    `now` fixes the clock (tests); `lease` overrides how long a claim protects a delivery in flight.
    """
    sessions = session_factory(settings.database.url)
    lease = lease if lease is not None else lease_for(settings.alerts.send_timeout_s)
    channels = {c.key: c for c in settings.effective_channels}
    summary = DispatchSummary()
    with sessions() as session:
        ids = due_ids(session, now or utcnow(), lease=lease)
    for alert_id in ids:
        token = now or utcnow()
        with sessions.begin() as session:
            alert = claim(session, alert_id, token, lease=lease)
            if alert is None:
                continue  # another dispatcher has it, or it was delivered/rescheduled meanwhile
            channel = channels.get(alert.channel)
            attempt = alert.attempts + 1
            outcome: DeliveryOutcome | None = None
            message: AlertMessage | None = None
            if channel is None:
                outcome = DeliveryOutcome(
                    ok=False,
                    permanent=True,
                    retry_after_s=None,
                    error=f"channel {alert.channel!r} is no longer configured",
                )
            else:
                try:
                    message = _message(session, alert)
                except Exception as exc:  # noqa: BLE001 - one bad row must not stop the others
                    # Retryable, like deliver()'s internal errors: a fixed deployment can still send it.
                    outcome = DeliveryOutcome(
                        ok=False,
                        permanent=False,
                        retry_after_s=None,
                        error=f"cannot build the alert: {type(exc).__name__}: {exc}"[:500],
                    )
        # The claim is committed; nothing is open while the message goes out.
        if outcome is None:
            assert channel is not None and message is not None
            outcome = deliver(channel, message, timeout_s=settings.alerts.send_timeout_s, console=console, now=token)
            kill_point("after_send")  # test hook (common/killpoints.py), also KILL_AFTER_SEND_ENV=1
        with sessions.begin() as session:
            status = record_attempt(
                session,
                alert_id,
                ok=outcome.ok,
                permanent=outcome.permanent,
                error=outcome.error,
                retry_in_s=backoff_seconds(attempt, outcome.retry_after_s),
                max_attempts=settings.alerts.max_attempts,
                now=now or utcnow(),
                claim_token=token,
                attempted=channel is not None,
            )
        if status == "sent":
            summary.sent += 1
        elif status in ("failed", "dead"):
            summary.failed += 1
            summary.dead += status == "dead"
        else:  # superseded / missing: someone else owns the outcome
            summary.superseded += 1
    return summary
