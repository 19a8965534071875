"""The alert outbox: rows written in the same transaction as the event change that causes them, then
claimed, delivered and recorded by a dispatcher after commit.

Guarantees: one row per (event, watch, channel, recipient, trigger) enforced by a unique constraint; the
row's `public_id` is generated once and sent as the idempotency key on every attempt; a claim is a lease, so a
dispatcher that died mid-send leaves the row to be taken over (and re-sent under the same id) later: at once
by a dispatcher on the same host that sees the holder's process is gone (storage/claim_holder.py), after the
lease by anyone else.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from common.dates import aware, iso_utc
from config.settings import Settings, WatchConfig
from extractors.events import LEVEL_RANK
from storage.claim_holder import ClaimHolder, this_process
from storage.models import Alert
from storage.models import Event as EventRow
from storage.upsert import insert_ignore

# How long a claim protects a delivery in flight. A dispatcher that has not recorded its attempt by then is
# presumed dead and the delivery is taken over (re-sent under the same public_id). It must outlast one send:
# dispatchers use max(CLAIM_LEASE, 4 x alerts.send_timeout_s) (see `lease_for`).
CLAIM_LEASE = dt.timedelta(seconds=120)
RETRYABLE = ("pending", "failed")


def lease_for(send_timeout_s: float) -> dt.timedelta:
    """The claim lease for a configured per-send timeout (a send makes several timed network steps)."""
    return max(CLAIM_LEASE, dt.timedelta(seconds=4 * send_timeout_s))


@dataclass(frozen=True)
class AlertView:
    id: int
    public_id: str
    event_id: int
    watch: str
    channel: str
    recipient: str | None
    type: str
    status: str
    attempts: int
    last_error: str | None
    created_at: dt.datetime
    sent_at: dt.datetime | None
    next_attempt_at: dt.datetime | None

    def to_json(self) -> dict[str, object]:
        return {
            "id": self.id,
            "event_id": self.event_id,
            "watch": self.watch,
            "channel": self.channel,
            "recipient": self.recipient,
            "status": self.status,
            "attempts": self.attempts,
            "last_error": self.last_error,
            "created_at": iso_utc(self.created_at),
            "sent_at": iso_utc(self.sent_at),
            "type": self.type,
            "next_attempt_at": iso_utc(self.next_attempt_at),
        }


def watch_matches(watch: WatchConfig, row: EventRow, reference_date: dt.date | None, now: dt.datetime) -> bool:
    if (row.country_a, row.country_b) != tuple(sorted(watch.countries)):
        return False
    if row.status not in watch.statuses or row.background:
        return False
    if watch.min_level and LEVEL_RANK.get(row.level, 0) < LEVEL_RANK[watch.min_level]:
        return False
    if row.confidence < watch.min_confidence:
        return False
    # Age: the contact's own date (its last possible day), else the reporting article's publication (for an
    # undated feed entry the day it was first seen: storage/history.py `publication`). A contact whose age
    # cannot be established (an undated article with no date, e.g. in a backfill) is not recent.
    when = row.date_end or reference_date
    return when is not None and (now.date() - when).days <= watch.max_age_days


def _recipients(channel: object) -> tuple[str, ...]:
    """One delivery per email address (case-insensitively: the Message-ID is), one per other channel."""
    to = getattr(channel, "to", None)
    if not to:
        return ("",)
    first: dict[str, str] = {}
    for address in to:
        first.setdefault(address.strip().lower(), address)
    return tuple(first.values())


def queue_alerts(
    session: Session,
    row: EventRow,
    settings: Settings,
    *,
    reference_date: dt.date | None,
    status_changed: bool,
    now: dt.datetime,
) -> int:
    """Insert the alert rows this event state calls for; existing ones are left alone (ever-once).

    One row per (watch, channel, recipient) for the event's current status (`trigger`). The type comes from
    the stored rows, not from `status_changed` (kept for callers): `contact.status_changed` only when the
    watch already alerted on this event under another status.
    """
    queued = 0
    for watch in settings.watch:
        if not watch_matches(watch, row, reference_date, now):
            continue
        trigger = f"status:{row.status}"
        # A status change is news only when this watch already alerted on the event (on another status):
        # an event that becomes `held` under a held/ongoing watch is first *detected* by that watch, and a
        # channel added later gets the trigger's original type, not a "change".
        earlier = session.scalar(
            select(func.count())
            .select_from(Alert)
            .where(Alert.event_id == row.id, Alert.watch == watch.name, Alert.trigger != trigger)
        )
        kind = "contact.status_changed" if earlier else "contact.detected"
        rows = [
            {
                "public_id": f"msg_{uuid.uuid4().hex}",
                "event_id": row.id,
                "watch": watch.name,
                "channel": channel.key,
                "recipient": recipient,
                "trigger": trigger,
                "type": kind,
                "status": "pending",
                "attempts": 0,
                "created_at": now,
            }
            for channel in settings.effective_channels
            for recipient in _recipients(channel)
        ]
        queued += insert_ignore(
            session,
            Alert.__table__,  # type: ignore[arg-type]
            rows,
            ["event_id", "watch", "channel", "recipient", "trigger"],
        )
    return queued


def _holder(row: Alert) -> ClaimHolder | None:
    if row.claimed_host is None or row.claimed_pid is None or row.claimed_started is None:
        return None
    return ClaimHolder(host=row.claimed_host, pid=row.claimed_pid, started=row.claimed_started)


def _holder_gone_here(row: Alert, me: ClaimHolder) -> bool:
    """A live claim can be taken over at once when its holder ran on this host and is gone."""
    holder = _holder(row)
    return holder is not None and holder.host == me.host and holder.is_gone()


def due_ids(
    session: Session,
    now: dt.datetime,
    channels: set[str] | None = None,
    *,
    lease: dt.timedelta = CLAIM_LEASE,
    me: ClaimHolder | None = None,
) -> list[int]:
    """Deliveries due now: unclaimed, or claimed longer than the lease ago, or claimed by a process of this
    host that is gone (`me`, default this process, says which host that is)."""
    me = me or this_process()
    stale = now - lease
    free = (Alert.claimed_at.is_(None)) | (Alert.claimed_at < stale)
    stmt = (
        select(Alert)
        .where(Alert.status.in_(RETRYABLE))
        .where((Alert.next_attempt_at.is_(None)) | (Alert.next_attempt_at <= now))
        .where(free | (Alert.claimed_host == me.host))
        .order_by(Alert.id)
    )
    if channels is not None:
        stmt = stmt.where(Alert.channel.in_(channels))
    rows = session.scalars(stmt).all()
    return [r.id for r in rows if r.claimed_at is None or aware(r.claimed_at) < stale or _holder_gone_here(r, me)]


def claim(
    session: Session,
    alert_id: int,
    now: dt.datetime,
    *,
    lease: dt.timedelta = CLAIM_LEASE,
    me: ClaimHolder | None = None,
) -> Alert | None:
    """Take the lease on one alert (atomic compare-and-set); None if another dispatcher holds it.

    A claim is free when there is none, when it is older than the lease, or when its holder ran on this host
    and is gone (a dispatcher killed mid-send): the last is taken over at once, compare-and-set on exactly
    that dead claim. `now` becomes the claim's token: pass it to `record_attempt(claim_token=...)`; `me`
    (default this process) is recorded as the holder.
    """
    me = me or this_process()
    stale = now - lease
    free = (Alert.claimed_at.is_(None)) | (Alert.claimed_at < stale)
    current = session.get(Alert, alert_id)
    if current is not None and current.claimed_at is not None and _holder_gone_here(current, me):
        free = free | (
            (Alert.claimed_at == current.claimed_at)
            & (Alert.claimed_host == current.claimed_host)
            & (Alert.claimed_pid == current.claimed_pid)
        )
    res = session.execute(
        update(Alert)
        .where(Alert.id == alert_id, Alert.status.in_(RETRYABLE))
        .where((Alert.next_attempt_at.is_(None)) | (Alert.next_attempt_at <= now))
        .where(free)
        .values(claimed_at=now, claimed_host=me.host, claimed_pid=me.pid, claimed_started=me.started)
        .execution_options(synchronize_session=False)
    )
    if (res.rowcount or 0) != 1:  # type: ignore[attr-defined]
        return None
    if current is not None:
        session.refresh(current)
        return current
    return session.get(Alert, alert_id)


def record_attempt(
    session: Session,
    alert_id: int,
    *,
    ok: bool,
    permanent: bool,
    error: str | None,
    retry_in_s: float | None,
    max_attempts: int,
    now: dt.datetime,
    claim_token: dt.datetime | None = None,
    attempted: bool = True,
) -> str:
    """Record how one attempt went; returns the delivery's new status.

    The write is a compare-and-set on the row as read here, so it cannot overwrite a concurrent change. With
    `claim_token` (the `now` given to `claim`) a failure is recorded only while that claim still stands: a
    dispatcher whose lease ran out and was taken over returns "superseded" and changes nothing. A success
    is recorded whoever holds the claim (the receiver has it), unless the row is already sent or dead.
    `attempted=False` closes a delivery that was never sent (its channel is gone) without counting an attempt.
    """
    alert = session.get(Alert, alert_id)
    if alert is None:
        return "missing"
    if alert.status not in RETRYABLE:
        return "superseded"
    held = alert.claimed_at
    if not ok and claim_token is not None and (held is None or aware(held) != aware(claim_token)):
        return "superseded"
    attempts = alert.attempts + (1 if attempted else 0)
    values: dict[str, object] = {
        "attempts": attempts,
        "claimed_at": None,
        "claimed_host": None,
        "claimed_pid": None,
        "claimed_started": None,
    }
    if ok:
        values.update(status="sent", sent_at=now, last_error=None, next_attempt_at=None)
    elif permanent or attempts >= max_attempts:
        values.update(status="dead", last_error=error, next_attempt_at=None)
    else:
        values.update(status="failed", last_error=error, next_attempt_at=now + dt.timedelta(seconds=retry_in_s or 0))
    res = session.execute(
        update(Alert)
        .where(
            Alert.id == alert_id,
            Alert.status == alert.status,
            Alert.attempts == alert.attempts,
            Alert.claimed_at.is_(None) if held is None else Alert.claimed_at == held,
        )
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    if (res.rowcount or 0) != 1:  # type: ignore[attr-defined]
        return "superseded"
    session.expire(alert)
    return str(values["status"])


def list_alerts(session: Session) -> list[AlertView]:
    return [
        AlertView(
            id=a.id,
            public_id=a.public_id,
            event_id=a.event_id,
            watch=a.watch,
            channel=a.channel,
            recipient=a.recipient or None,
            type=a.type,
            status=a.status,
            attempts=a.attempts,
            last_error=a.last_error,
            created_at=a.created_at,
            sent_at=a.sent_at,
            next_attempt_at=a.next_attempt_at,
        )
        for a in session.scalars(select(Alert).order_by(Alert.id))
    ]


def requeue(session: Session, *, alert_id: int | None = None, dead: bool = False) -> int:
    """`alerts retry`: failed/dead deliveries go back to pending, due now, with a fresh attempt budget.

    The row keeps its `public_id`, so the next attempt carries the same webhook-id / Message-ID. A claim in
    flight is left alone (its dispatcher records into the requeued row; a crashed one's lease runs out).
    """
    stmt = update(Alert).values(status="pending", attempts=0, next_attempt_at=None)
    if alert_id is not None:
        stmt = stmt.where(Alert.id == alert_id, Alert.status.in_(("failed", "dead")))
    elif dead:
        stmt = stmt.where(Alert.status == "dead")
    else:
        return 0
    return session.execute(stmt).rowcount or 0  # type: ignore[attr-defined]


def alert_status(session: Session, alert_id: int) -> str | None:
    """The delivery's status, or None when there is no such delivery."""
    return session.scalar(select(Alert.status).where(Alert.id == alert_id))
