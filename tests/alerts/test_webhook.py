"""Webhook delivery against a real HTTP receiver that verifies Standard Webhooks signatures."""

from __future__ import annotations

import json
import logging
import time
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import pytest

from alerts import AlertMessage, deliver, webhook_body
from alerts.webhook import parse_retry_after
from tests.support.alerts import SECRET, make_message, webhook_channel
from tests.support.receivers import Reply, WebhookReceiver, dead_port, silent_server


def test_delivery_is_signed_and_verified_by_the_receiver(receiver: WebhookReceiver, message: AlertMessage) -> None:
    before = int(time.time())
    outcome = deliver(webhook_channel(receiver.url), message)

    assert outcome.ok, outcome
    assert outcome.status_code == 200 and outcome.error is None and not outcome.permanent
    [got] = receiver.deliveries
    assert got.verified, got.verify_error
    assert got.id == message.alert_id
    assert got.signature is not None and got.signature.startswith("v1,")
    assert got.timestamp is not None and before <= int(got.timestamp) <= int(time.time())
    assert got.headers["content-type"] == "application/json"
    assert got.body == webhook_body(message)
    body = json.loads(got.body)
    assert body["type"] == "contact.detected"
    assert body["timestamp"] == "2026-01-01T00:00:00Z"
    assert body["watch"] == "japan-dprk-talks"
    assert body["data"]["id"] == "evt_0001"
    assert body["data"]["countries"] == ["JPN", "PRK"]


def test_a_wrong_secret_fails_verification_at_the_receiver(message: AlertMessage) -> None:
    with WebhookReceiver("whsec_" + "QUJDREVGR0hJSktMTU5PUFFSU1RVVldY") as rx:
        outcome = deliver(webhook_channel(rx.url), message)
    assert outcome.ok  # the receiver answers 200 anyway; what matters is that it could tell
    assert not rx.deliveries[0].verified


def test_retry_after_503_keeps_the_id_and_changes_the_timestamp(message: AlertMessage) -> None:
    script = [Reply(503, {"Retry-After": "120"}), Reply(200)]
    t0 = datetime.now(UTC)
    with WebhookReceiver(SECRET, script) as rx:
        first = deliver(webhook_channel(rx.url), message, now=t0)
        # The attempt's time is passed in (the dispatcher's clock): no sleeping into the next second.
        second = deliver(webhook_channel(rx.url), message, now=t0 + timedelta(seconds=1))

    assert not first.ok and not first.permanent
    assert first.status_code == 503
    assert first.retry_after_s == 120.0
    assert first.error is not None and "503" in first.error and "\n" not in first.error
    assert second.ok
    one, two = rx.deliveries
    assert one.verified and two.verified
    assert one.id == two.id == message.alert_id
    assert (int(one.timestamp or 0), int(two.timestamp or 0)) == (int(t0.timestamp()), int(t0.timestamp()) + 1)
    assert one.body == two.body


def test_retry_after_as_http_date(message: AlertMessage) -> None:
    now = datetime.now(UTC).replace(microsecond=0)
    when = format_datetime(now + timedelta(seconds=90), usegmt=True)
    with WebhookReceiver(SECRET, [Reply(429, {"Retry-After": when})]) as rx:
        outcome = deliver(webhook_channel(rx.url), message, now=now)
    assert not outcome.ok and not outcome.permanent and outcome.status_code == 429
    assert outcome.retry_after_s == 90.0  # read against the attempt's `now`, not the clock


@pytest.mark.parametrize("status", [500, 502, 408])
def test_retry_after_counts_only_on_429_and_503(status: int, message: AlertMessage) -> None:
    with WebhookReceiver(SECRET, [Reply(status, {"Retry-After": "2"})]) as rx:
        outcome = deliver(webhook_channel(rx.url), message)
    assert not outcome.ok and not outcome.permanent and outcome.status_code == status
    assert outcome.retry_after_s is None  # the schedule decides


def test_parse_retry_after() -> None:
    now = datetime(2026, 1, 1, tzinfo=UTC)
    assert parse_retry_after("0") == 0.0
    assert parse_retry_after(" 30 ") == 30.0
    assert parse_retry_after("Thu, 01 Jan 2026 00:02:00 GMT", now) == 120.0
    assert parse_retry_after("Wed, 31 Dec 2025 23:00:00 GMT", now) == 0.0  # in the past: no wait
    assert parse_retry_after(None) is None
    assert parse_retry_after("") is None
    assert parse_retry_after("soon") is None
    assert parse_retry_after("-5") is None


@pytest.mark.parametrize("status", [400, 401, 403, 404, 410, 413, 422])
def test_client_errors_are_permanent(status: int, message: AlertMessage) -> None:
    with WebhookReceiver(SECRET, [Reply(status)]) as rx:
        outcome = deliver(webhook_channel(rx.url), message)
    assert not outcome.ok and outcome.permanent
    assert outcome.status_code == status
    assert outcome.error is not None and str(status) in outcome.error


@pytest.mark.parametrize("status", [408, 429, 500, 502, 503, 504])
def test_timeouts_throttling_and_server_errors_are_retryable(status: int, message: AlertMessage) -> None:
    with WebhookReceiver(SECRET, [Reply(status)]) as rx:
        outcome = deliver(webhook_channel(rx.url), message)
    assert not outcome.ok and not outcome.permanent
    assert outcome.status_code == status
    assert outcome.retry_after_s is None


@pytest.mark.parametrize("status", [301, 302, 307, 308])
def test_redirects_are_failures_and_not_followed(status: int, message: AlertMessage) -> None:
    with WebhookReceiver(SECRET) as rx:
        rx.script.append(Reply(status, {"Location": rx.url + "/elsewhere"}))
        outcome = deliver(webhook_channel(rx.url), message)
    assert not outcome.ok
    assert outcome.status_code == status
    assert outcome.error is not None and "redirect" in outcome.error
    assert len(rx.deliveries) == 1  # the redirect was not followed


def test_abort_message_header_stops_retries(message: AlertMessage) -> None:
    with WebhookReceiver(SECRET, [Reply(503, {"webhook-delivery": "abort-message"})]) as rx:
        outcome = deliver(webhook_channel(rx.url), message)
    assert not outcome.ok and outcome.permanent


def test_connection_refused_is_retryable_with_a_one_line_error(message: AlertMessage) -> None:
    with dead_port() as port:
        url = f"http://127.0.0.1:{port}/hooks/T0KENPATHSECRET?token=QUERYSECRET123"
        outcome = deliver(webhook_channel(url), message)
    assert not outcome.ok and not outcome.permanent and outcome.status_code is None
    assert outcome.error is not None
    assert "\n" not in outcome.error and f"127.0.0.1:{port}" in outcome.error
    for secret in (SECRET, SECRET.removeprefix("whsec_"), "T0KENPATHSECRET", "QUERYSECRET123"):
        assert secret not in outcome.error


def test_timeout_is_retryable(message: AlertMessage) -> None:
    with silent_server() as port:
        started = time.monotonic()
        outcome = deliver(webhook_channel(f"http://127.0.0.1:{port}/"), message, timeout_s=0.5)
    assert time.monotonic() - started < 5
    assert not outcome.ok and not outcome.permanent
    assert outcome.error is not None and "timeout" in outcome.error


def test_slow_receiver_times_out(message: AlertMessage) -> None:
    with WebhookReceiver(SECRET, [Reply(200, delay_s=3)]) as rx:
        outcome = deliver(webhook_channel(rx.url), message, timeout_s=0.3)
    assert not outcome.ok and not outcome.permanent
    assert outcome.error is not None and "timeout" in outcome.error


def test_unusable_secret_is_a_permanent_config_error(message: AlertMessage) -> None:
    bad = "whsec_%%%not-base64%%%x"
    with WebhookReceiver(SECRET) as rx:
        outcome = deliver(webhook_channel(rx.url, secret=bad), message)
    assert not outcome.ok and outcome.permanent
    assert outcome.error is not None and bad not in outcome.error and "not-base64" not in outcome.error
    assert rx.deliveries == []


def test_unserialisable_event_does_not_raise(receiver: WebhookReceiver) -> None:
    msg = make_message({"id": "evt", "status": "held", "weird": object()})
    outcome = deliver(webhook_channel(receiver.url), msg)
    assert not outcome.ok
    assert outcome.error is not None and "internal error" in outcome.error


def test_non_ascii_body_is_utf8_and_verifies(receiver: WebhookReceiver) -> None:
    event = {"id": "evt_2", "status": "held", "countries": ["JPN", "PRK"], "location": "平壌"}
    msg = make_message(event)
    assert deliver(webhook_channel(receiver.url), msg).ok
    [got] = receiver.deliveries
    assert got.verified
    assert "平壌".encode() in got.body


def test_request_logs_do_not_carry_url_credentials(
    receiver: WebhookReceiver, message: AlertMessage, caplog: pytest.LogCaptureFixture
) -> None:
    url = receiver.url.replace("http://", "http://user:BASIC-PW@") + "?token=Q-TOKEN-123"
    with caplog.at_level(logging.DEBUG):
        assert deliver(webhook_channel(url), message).ok
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert "BASIC-PW" not in logged and "Q-TOKEN-123" not in logged
    assert receiver.deliveries[0].verified
