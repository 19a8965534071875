"""The alert outbox end to end (issue #7), in process: history built through storage, then the real
dispatcher against a signature-verifying webhook receiver and an aiosmtpd SMTP server, on SQLite and
PostgreSQL. No mocks: every delivery crosses a socket."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import time
from collections.abc import Iterator

import pytest

from alerts.dispatch import dispatch_due
from alerts.email_smtp import message_id
from common.dates import aware
from flows import views
from storage.claim_holder import ClaimHolder, this_process
from storage.db import session_factory
from storage.models import utcnow
from storage.outbox import CLAIM_LEASE, claim, lease_for, record_attempt
from tests.support.dispatch import (
    SECRET,
    alert_rows,
    apply,
    body,
    day,
    email,
    event_ids,
    report,
    settings,
    store,
    webhook,
)
from tests.support.receivers import Reply, SmtpReceiver, WebhookReceiver
from tests.support.storage import make_event

WIRE = (
    "Japanese Foreign Minister Taro Kono met his North Korean counterpart Ri Yong Ho in New York on "
    "Wednesday, the first meeting of the two countries' foreign ministers in three years, officials said."
)


@pytest.fixture
def rx() -> Iterator[WebhookReceiver]:
    with WebhookReceiver(SECRET) as receiver:
        yield receiver


@pytest.fixture
def smtp() -> Iterator[SmtpReceiver]:
    with SmtpReceiver() as server:
        yield server


def test_one_alert_per_event_channel_and_recipient(db_url: str, rx: WebhookReceiver, smtp: SmtpReceiver) -> None:
    # Two recipients (the third address is the first one again, in other case).
    to = ["a@example.org", "b@example.org", "A@Example.ORG"]
    cfg = settings(db_url, [webhook(rx.url), email(smtp.url(), to)])
    # Three outlets report the same contact (different words, different sites).
    report(cfg, "https://www.japantimes.co.jp/news/kono-ri", WIRE)
    report(cfg, "https://english.kyodonews.net/news/1", "Kono and Ri held talks at the UN, Kyodo said. " * 4)
    report(cfg, "https://www3.nhk.or.jp/nhkworld/en/news/2", "The two ministers met in New York. " * 5, names=("Kono",))
    [event_id] = event_ids(db_url)
    rows = alert_rows(db_url)
    assert [(r.channel, r.recipient, r.status) for r in rows] == [
        ("hook", "", "pending"),
        ("mail", "a@example.org", "pending"),
        ("mail", "b@example.org", "pending"),
    ]

    summary = dispatch_due(cfg)
    assert (summary.sent, summary.failed) == (3, 0)
    [hook] = rx.deliveries
    assert hook.verified, hook.verify_error
    assert hook.id == rows[0].public_id
    payload = body(hook)
    assert payload["type"] == "contact.detected" and payload["watch"] == "japan-dprk-talks"
    assert payload["data"]["id"] == event_id and payload["data"]["sources"] == 3
    mails = smtp.wait_for(2)
    assert sorted(m.rcpt_tos for m in mails) == [("a@example.org",), ("b@example.org",)]
    ids = {m.rcpt_tos[0]: m.message["Message-ID"] for m in mails}
    # Each recipient is its own delivery with its own Message-ID, derived from the stored row: stable.
    assert ids == {r.recipient: message_id(r.public_id, r.recipient) for r in rows[1:]}
    assert len(set(ids.values())) == 2
    assert all(m.message.get_content_type() == "multipart/alternative" for m in mails)
    assert [r.status for r in alert_rows(db_url)] == ["sent"] * 3

    # Nothing is due any more; a fourth report of the same contact raises nothing new.
    assert dispatch_due(cfg).sent == 0
    again = report(cfg, "https://www.asahi.com/ajw/articles/3", "Foreign ministers of Japan and North Korea met. " * 4)
    assert again.alerts_queued == 0
    assert dispatch_due(cfg).sent == 0
    assert len(rx.deliveries) == 1 and len(smtp.messages) == 2


def test_retries_through_503_keep_the_webhook_id(db_url: str, rx: WebhookReceiver) -> None:
    rx.script.extend([Reply(503), Reply(503, headers={"Retry-After": "200"})])
    cfg = settings(db_url, [webhook(rx.url)])
    report(cfg, "https://www.japantimes.co.jp/a", WIRE)
    [row] = alert_rows(db_url)
    # Attempts are signed at the dispatcher's `now`; starting 100 s in the past keeps all of them within
    # the receiver's 5-minute timestamp tolerance.
    t0 = utcnow() - dt.timedelta(seconds=100)

    first = dispatch_due(cfg, now=t0)
    assert (first.sent, first.failed, first.dead) == (0, 1, 0)
    [failed] = alert_rows(db_url)
    assert (failed.status, failed.attempts) == ("failed", 1)
    assert "503" in (failed.last_error or "")
    # Not due again at the same moment: a pass makes only the attempts that are due.
    assert dispatch_due(cfg, now=t0).failed == 0 and len(rx.deliveries) == 1

    dispatch_due(cfg, now=t0 + dt.timedelta(seconds=10))  # after the ~5 s backoff: 503, Retry-After 200
    assert len(rx.deliveries) == 2
    dispatch_due(cfg, now=t0 + dt.timedelta(seconds=10 + 150))  # Retry-After not passed yet
    assert len(rx.deliveries) == 2
    # Due at 200 s, before the schedule's ~5 min: the receiver's Retry-After sets the attempt.
    last = dispatch_due(cfg, now=t0 + dt.timedelta(seconds=10 + 201))
    assert last.sent == 1

    assert [d.id for d in rx.deliveries] == [row.public_id] * 3
    assert all(d.verified for d in rx.deliveries)
    assert [d.status for d in rx.deliveries] == [503, 503, 200]
    [sent] = alert_rows(db_url)
    assert (sent.status, sent.attempts, sent.last_error) == ("sent", 3, None)
    assert sent.sent_at is not None


def test_retry_after_one_second_sets_the_next_attempts(db_url: str, rx: WebhookReceiver) -> None:
    # A receiver overloaded for a moment: 503 + Retry-After: 1 twice, then 200. The dispatcher's clock is
    # passed in, so the three attempts are one logical second apart with no sleeping.
    rx.script.extend([Reply(503, headers={"Retry-After": "1"})] * 2)
    cfg = settings(db_url, [webhook(rx.url)])
    report(cfg, "https://www.japantimes.co.jp/a", WIRE)
    [row] = alert_rows(db_url)
    t0 = utcnow().replace(microsecond=0)
    second = dt.timedelta(seconds=1)

    assert dispatch_due(cfg, now=t0).failed == 1
    [failed] = alert_rows(db_url)
    assert failed.next_attempt_at is not None
    assert aware(failed.next_attempt_at) == t0 + second  # the receiver's word, not the schedule's ~5 s
    assert dispatch_due(cfg, now=t0 + second / 2).failed == 0  # not due before it
    assert dispatch_due(cfg, now=t0 + second).failed == 1
    assert dispatch_due(cfg, now=t0 + 2 * second).sent == 1

    assert [d.status for d in rx.deliveries] == [503, 503, 200]
    assert [d.id for d in rx.deliveries] == [row.public_id] * 3
    assert all(d.verified for d in rx.deliveries), [d.verify_error for d in rx.deliveries]
    stamps = [int(d.timestamp or 0) for d in rx.deliveries]
    assert stamps == [int(t0.timestamp()) + i for i in range(3)]  # delivered 2 s after the first attempt
    [sent] = alert_rows(db_url)
    assert (sent.status, sent.attempts) == ("sent", 3)


def test_a_pass_does_not_wait_out_the_backoff(tmp_path: object, sqlite_url: str, rx: WebhookReceiver) -> None:
    rx.default = Reply(503)
    cfg = settings(sqlite_url, [webhook(rx.url)])
    report(cfg, "https://www.japantimes.co.jp/a", WIRE)
    started = time.monotonic()
    assert dispatch_due(cfg).failed == 1  # the real clock, as `talkwatch run` calls it
    assert dispatch_due(cfg).failed == 0  # the retry is ~5 s away: not now, and not waited for
    assert time.monotonic() - started < 3
    assert len(rx.deliveries) == 1


def test_4xx_is_permanent_and_max_attempts_makes_dead(db_url: str, rx: WebhookReceiver) -> None:
    cfg = settings(db_url, [webhook(rx.url)], alerts={"max_attempts": 3})
    rx.script.append(Reply(400))
    report(cfg, "https://www.japantimes.co.jp/a", WIRE)
    summary = dispatch_due(cfg)
    assert (summary.failed, summary.dead) == (1, 1)
    [dead] = alert_rows(db_url)
    assert (dead.status, dead.attempts) == ("dead", 1)
    assert "400" in (dead.last_error or "") and "permanent" in (dead.last_error or "")

    # A second event: 503 every time, dead after max_attempts = 3 attempts.
    rx.default = Reply(503)
    report(
        cfg,
        "https://www.nknews.org/b",
        "Talks in Pyongyang. " * 8,
        date=day(-2),
        location="Pyongyang",
        names=("Kim", "Suga"),
    )
    t = utcnow()
    for hours in (0, 1, 2, 3, 4):
        dispatch_due(cfg, now=t + dt.timedelta(hours=hours))
    _, second = alert_rows(db_url)
    assert (second.status, second.attempts) == ("dead", 3)
    assert len(rx.deliveries) == 1 + 3

    # `alerts retry ID` and `alerts retry --dead`: back to pending, delivered under the same webhook-id.
    rx.default = Reply(200)
    assert views.requeue(cfg, alert_id=dead.id, dead=False) == 1
    assert [r.status for r in alert_rows(db_url)] == ["pending", "dead"]
    assert dispatch_due(cfg, now=t + dt.timedelta(hours=5)).sent == 1
    assert views.requeue(cfg, alert_id=None, dead=True) == 1
    assert dispatch_due(cfg, now=t + dt.timedelta(hours=5)).sent == 1
    assert [r.status for r in alert_rows(db_url)] == ["sent", "sent"]
    by_id: dict[str | None, list[int]] = {}
    for d in rx.deliveries:
        by_id.setdefault(d.id, []).append(d.status)
    assert by_id == {dead.public_id: [400, 200], second.public_id: [503, 503, 503, 200]}


def test_html_in_article_text_arrives_escaped(sqlite_url: str, smtp: SmtpReceiver) -> None:
    cfg = settings(sqlite_url, [email(smtp.url(), ["a@example.org"])])
    evil = "<script>alert('x')</script> Kono met Ri <img src=x onerror=alert(1)> in New York."
    article = store(sqlite_url, "https://evil.example/a?q=<b>", evil, title="<script>t()</script>")
    apply(cfg, article, [make_event(date=day(-1), location="<i>New York</i>", names=("<b>Kono</b>", "Ri"), text=evil)])
    assert dispatch_due(cfg).sent == 1
    [mail] = smtp.wait_for(1)
    html_part = mail.message.get_body(("html",))
    assert html_part is not None
    html = html_part.get_content()
    assert "<script" not in html and "<img" not in html and "<i>New" not in html and "<b>Kono" not in html
    assert "&lt;script&gt;" in html and "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "&lt;b&gt;Kono&lt;/b&gt;" in html


def test_status_change_alerts(db_url: str, rx: WebhookReceiver) -> None:
    watches = [
        {"name": "all-talk", "countries": ["PRK", "JPN"], "statuses": ["scheduled", "held"]},
        {"name": "meetings", "countries": ["JPN", "PRK"], "statuses": ["held", "ongoing"]},
    ]
    cfg = settings(db_url, [webhook(rx.url)], watch=watches)
    report(cfg, "https://www.japantimes.co.jp/plan", "Kono will meet Ri next week. " * 5, status="scheduled")
    assert dispatch_due(cfg).sent == 1
    report(cfg, "https://english.kyodonews.net/met", "Kono met Ri on Wednesday. " * 5, status="held")
    report(cfg, "https://www3.nhk.or.jp/met", "The ministers met in New York. " * 5, status="held")
    assert dispatch_due(cfg).sent == 2
    [event_id] = event_ids(db_url)
    got = [(body(d)["watch"], body(d)["type"], body(d)["data"]["status"]) for d in rx.deliveries]
    assert got == [
        ("all-talk", "contact.detected", "scheduled"),
        ("all-talk", "contact.status_changed", "held"),
        # A watch that never saw the scheduled stage detects the contact when it is held: one alert.
        ("meetings", "contact.detected", "held"),
    ]
    assert {body(d)["data"]["id"] for d in rx.deliveries} == {event_id}
    assert len({d.id for d in rx.deliveries}) == 3
    assert [h["status"] for h in body(rx.deliveries[1])["data"]["status_history"]] == ["scheduled", "held"]


def test_no_alert_for_backfill_old_or_background_contacts(db_url: str, rx: WebhookReceiver) -> None:
    cfg = settings(db_url, [webhook(rx.url)])
    backfilled = store(db_url, "https://www.japantimes.co.jp/old", WIRE, alerts_allowed=False)
    assert apply(cfg, backfilled, [make_event(date=day(-1))]).alerts_queued == 0
    # Older than max_age_days (30) by the contact's own date, though reported today.
    assert (
        report(
            cfg, "https://x.example/old", "Talks in 2014. " * 8, date=day(-45), location="Stockholm", names=("Kishida",)
        ).alerts_queued
        == 0
    )
    # Only recalled, not reported as news.
    assert (
        report(
            cfg,
            "https://y.example/bg",
            "As in Hanoi. " * 8,
            date=day(-10),
            location="Hanoi",
            names=("Abe",),
            background=True,
        ).alerts_queued
        == 0
    )
    assert len(event_ids(db_url)) == 3
    assert alert_rows(db_url) == []
    summary = dispatch_due(cfg)
    assert (summary.sent, summary.failed) == (0, 0) and rx.deliveries == []


def test_removed_channel_is_dead_without_an_attempt_and_can_be_retried(
    sqlite_url: str, rx: WebhookReceiver, smtp: SmtpReceiver
) -> None:
    full = settings(sqlite_url, [webhook(rx.url), email(smtp.url(), ["a@example.org"])])
    report(full, "https://www.japantimes.co.jp/a", WIRE)
    hook_only = settings(sqlite_url, [webhook(rx.url)])
    summary = dispatch_due(hook_only)
    assert (summary.sent, summary.failed, summary.dead) == (1, 1, 1)
    hook, mail = alert_rows(sqlite_url)
    assert hook.status == "sent"
    assert (mail.status, mail.attempts) == ("dead", 0)
    assert mail.last_error == "channel 'mail' is no longer configured"
    # The channel is back: `alerts retry --dead`, and the next pass delivers it.
    assert views.requeue(full, alert_id=None, dead=True) == 1
    assert dispatch_due(full).sent == 1
    [received] = smtp.wait_for(1)
    assert received.message["Message-ID"] == message_id(mail.public_id, "a@example.org")


def test_a_taken_over_claim_cannot_overwrite_the_outcome(db_url: str, rx: WebhookReceiver) -> None:
    cfg = settings(db_url, [webhook(rx.url)])
    report(cfg, "https://www.japantimes.co.jp/a", WIRE)
    [row] = alert_rows(db_url)
    sessions = session_factory(db_url)
    t0 = utcnow()
    with sessions.begin() as s:  # dispatcher A claims, then hangs past its lease
        assert claim(s, row.id, t0) is not None
    assert dispatch_due(cfg, now=t0 + CLAIM_LEASE / 2, lease=CLAIM_LEASE).sent == 0  # still A's
    later = t0 + CLAIM_LEASE + dt.timedelta(seconds=1)
    assert dispatch_due(cfg, now=later, lease=CLAIM_LEASE).sent == 1  # B takes over and delivers
    with sessions.begin() as s:  # A finally records its timeout: too late, B's result stands
        status = record_attempt(
            s,
            row.id,
            ok=False,
            permanent=False,
            error="timeout",
            retry_in_s=5,
            max_attempts=8,
            now=later,
            claim_token=t0,
        )
    assert status == "superseded"
    [after] = alert_rows(db_url)
    assert (after.status, after.attempts, after.last_error) == ("sent", 1, None)
    assert [d.id for d in rx.deliveries] == [row.public_id]


def test_a_failed_delivery_is_not_reclaimed_before_its_backoff(db_url: str, rx: WebhookReceiver) -> None:
    """Two dispatchers listed the same due row; the first failed it: the second must not re-send now."""
    rx.default = Reply(503)
    cfg = settings(db_url, [webhook(rx.url)])
    report(cfg, "https://www.japantimes.co.jp/a", WIRE)
    [row] = alert_rows(db_url)
    t0 = utcnow()
    assert dispatch_due(cfg, now=t0).failed == 1
    with session_factory(db_url).begin() as s:
        assert claim(s, row.id, t0) is None
    assert len(rx.deliveries) == 1


def _gone_pid() -> int:
    """The pid of a process that has exited (and been reaped)."""
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_a_dead_holder_on_this_host_is_taken_over_at_once(db_url: str, rx: WebhookReceiver) -> None:
    """Claims whose holder is gone (pid absent, or the pid now names a younger process) are re-sent at once
    on the same host; a live holder's, or another host's, wait for the lease."""
    me = this_process()
    holders = {
        "pid gone": ClaimHolder(me.host, _gone_pid(), me.started),
        "pid reused": ClaimHolder(me.host, me.pid, me.started - 3600),  # same pid, started an hour earlier
        "alive": me,
        "other host": ClaimHolder("elsewhere/0/0", _gone_pid(), me.started),
    }
    cfg = settings(db_url, [webhook(rx.url)])
    for i in range(len(holders)):
        report(
            cfg,
            f"https://outlet{i}.example/s",
            f"Story {i} about a meeting. " * 6,
            date=day(-1 - 4 * i),
            location=f"City{i}",
            names=(f"Person{i}",),
        )
    rows = alert_rows(db_url)
    assert len(rows) == len(holders)
    by_kind = dict(zip(holders, rows, strict=True))
    t0 = utcnow()
    with session_factory(db_url).begin() as s:
        for kind, holder in holders.items():
            assert claim(s, by_kind[kind].id, t0, me=holder) is not None

    now = dispatch_due(cfg, now=t0 + dt.timedelta(seconds=1))
    assert now.sent == 2
    assert sorted(d.id or "" for d in rx.deliveries) == sorted(by_kind[k].public_id for k in ("pid gone", "pid reused"))
    after_lease = dispatch_due(cfg, now=t0 + lease_for(cfg.alerts.send_timeout_s) + dt.timedelta(seconds=1))
    assert after_lease.sent == 2  # the live holder's and the other host's claims only after the lease
    assert sorted(d.id or "" for d in rx.deliveries) == sorted(r.public_id for r in rows)  # each once
    assert all(d.verified for d in rx.deliveries)
    done = alert_rows(db_url)
    assert {(r.status, r.claimed_at, r.claimed_host, r.claimed_pid) for r in done} == {("sent", None, None, None)}
