"""`talkwatch alerts`, `alerts retry` and `alerts test` as users run them: a subprocess on a config file,
against a history built through storage and real receivers. Secrets come from the environment (`${VAR}`)
and must never show up in any output."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from alerts.dispatch import dispatch_due
from tests.support.dispatch import (
    SECRET,
    alert_rows,
    body,
    day,
    email,
    report,
    settings,
    webhook,
    write_config,
)
from tests.support.receivers import Reply, SmtpReceiver, WebhookReceiver

pytestmark = pytest.mark.slow  # each CLI call is a Python start-up

ROOT = Path(__file__).resolve().parents[2]
SMTP_PASSWORD = "n0t-the-Right-pa55word"
ALERT_KEYS = {
    "id",
    "event_id",
    "watch",
    "channel",
    "recipient",
    "status",
    "attempts",
    "last_error",
    "created_at",
    "sent_at",
}
TEXT = "Japanese Foreign Minister Taro Kono met his North Korean counterpart Ri Yong Ho in New York. " * 3


def cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith("TALKWATCH_")}
    return subprocess.run(
        [sys.executable, "-m", "flows.cli", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**base, "TW_SECRET": SECRET, "TW_SMTP_PASSWORD": SMTP_PASSWORD, **(env or {})},
        timeout=120,
        check=False,
    )


def assert_no_secret(*outputs: str) -> None:
    for out in outputs:
        for secret in (SECRET, SECRET.removeprefix("whsec_"), SMTP_PASSWORD):
            assert secret not in out


@pytest.fixture
def rx() -> Iterator[WebhookReceiver]:
    with WebhookReceiver(SECRET) as receiver:
        yield receiver


@pytest.fixture
def smtp() -> Iterator[SmtpReceiver]:
    # Requires AUTH with a password the config does not have: every email attempt fails on AUTH.
    with SmtpReceiver(credentials=("talkwatch", "the-real-password")) as server:
        yield server


def channels(rx: WebhookReceiver, smtp: SmtpReceiver, *, from_env: bool) -> list[dict[str, Any]]:
    """The same two channels, with literal secrets (in-process settings) or `${VAR}`s (the config file)."""
    secret, password = ("${TW_SECRET}", "${TW_SMTP_PASSWORD}") if from_env else (SECRET, SMTP_PASSWORD)
    hook = {**webhook(rx.url), "secret": secret}
    mail = email(smtp.url(user="talkwatch", password=password), ["analyst@example.org"])
    return [hook, mail]


def test_alerts_json_lists_deliveries_and_never_secrets(
    tmp_path: Path, sqlite_url: str, rx: WebhookReceiver, smtp: SmtpReceiver
) -> None:
    rx.default = Reply(503)
    cfg = settings(sqlite_url, channels(rx, smtp, from_env=False))
    report(cfg, "https://www.japantimes.co.jp/a", TEXT)
    summary = dispatch_due(cfg)
    assert (summary.sent, summary.failed) == (0, 2)
    config = write_config(tmp_path / "talkwatch.toml", sqlite_url, channels(rx, smtp, from_env=True))

    listed = cli("alerts", "--json", "--config", str(config))
    assert listed.returncode == 0, listed.stderr
    rows = json.loads(listed.stdout)
    assert all(set(r) >= ALERT_KEYS for r in rows)
    by_channel = {r["channel"]: r for r in rows}
    assert by_channel["hook"]["status"] == "failed" and "503" in by_channel["hook"]["last_error"]
    assert by_channel["hook"]["recipient"] is None and by_channel["hook"]["attempts"] == 1
    assert by_channel["mail"]["status"] == "dead" and by_channel["mail"]["recipient"] == "analyst@example.org"
    assert "535" in by_channel["mail"]["last_error"] or "auth" in by_channel["mail"]["last_error"].lower()
    assert all(r["sent_at"] is None and r["created_at"].endswith("Z") for r in rows)
    human = cli("--config", str(config), "alerts")
    assert human.returncode == 0, human.stderr
    assert "failed" in human.stdout and "dead" in human.stdout
    assert_no_secret(listed.stdout, listed.stderr, human.stdout, human.stderr)


def test_alerts_test_sends_a_marked_test_alert(
    tmp_path: Path, sqlite_url: str, rx: WebhookReceiver, smtp: SmtpReceiver
) -> None:
    config = write_config(tmp_path / "talkwatch.toml", sqlite_url, channels(rx, smtp, from_env=True))

    sent = cli("alerts", "test", "webhook", "--json", "--config", str(config))
    assert sent.returncode == 0, sent.stderr
    assert json.loads(sent.stdout) == [{"channel": "hook", "recipient": None, "ok": True, "error": None}]
    [delivery] = rx.deliveries
    assert delivery.verified, delivery.verify_error
    payload = body(delivery)
    assert payload["type"] == "test" and payload["watch"] == "talkwatch-test"
    assert payload["data"]["test"] is True and "TEST" in payload["data"]["evidence"][0]["text"]

    # A failing channel: exit 0 with the failure reported, the SMTP password nowhere.
    failed = cli("alerts", "test", "mail", "--json", "--config", str(config))
    assert failed.returncode == 0, failed.stderr
    [outcome] = json.loads(failed.stdout)
    assert outcome["ok"] is False and outcome["recipient"] == "analyst@example.org" and outcome["error"]

    unknown = cli("alerts", "test", "nosuch", "--config", str(config))
    assert unknown.returncode == 2
    assert unknown.stdout == ""
    [line] = unknown.stderr.splitlines()
    assert line.startswith("error: ") and "nosuch" in line
    assert_no_secret(sent.stdout, sent.stderr, failed.stdout, failed.stderr, unknown.stderr)
    assert alert_rows(sqlite_url) == []  # test alerts are not deliveries of the outbox


def test_alerts_retry_requeues_and_the_same_webhook_id_is_delivered(
    tmp_path: Path, sqlite_url: str, rx: WebhookReceiver
) -> None:
    rx.script.extend([Reply(400), Reply(503)])
    cfg = settings(sqlite_url, [webhook(rx.url)], alerts={"max_attempts": 1})
    report(cfg, "https://www.japantimes.co.jp/a", TEXT)
    report(
        cfg, "https://www.nknews.org/b", "Talks in Pyongyang. " * 8, date=day(-3), location="Pyongyang", names=("Kim",)
    )
    assert dispatch_due(cfg).dead == 2  # a 400 (permanent) and a 503 on the only attempt allowed
    first, second = alert_rows(sqlite_url)
    config = write_config(tmp_path / "talkwatch.toml", "sqlite:///unused.db", [], "[alerts]\nmax_attempts = 1")
    env = {"TALKWATCH_DATABASE_URL": sqlite_url}

    one = cli("alerts", "retry", str(first.id), "--json", "--config", str(config), env=env)
    assert one.returncode == 0, one.stderr
    assert json.loads(one.stdout) == {"requeued": 1}
    assert [(r.status, r.attempts) for r in alert_rows(sqlite_url)] == [("pending", 0), ("dead", 1)]
    assert dispatch_due(cfg).sent == 1

    rest = cli("--config", str(config), "alerts", "retry", "--dead", env=env)
    assert rest.returncode == 0, rest.stderr
    assert "requeued 1 delivery" in rest.stdout
    assert dispatch_due(cfg).sent == 1
    assert [r.status for r in alert_rows(sqlite_url)] == ["sent", "sent"]
    assert [(d.id, d.status) for d in rx.deliveries] == [
        (first.public_id, 400),
        (second.public_id, 503),
        (first.public_id, 200),
        (second.public_id, 200),
    ]

    for bad in (["alerts", "retry"], ["alerts", "retry", "999"]):
        result = cli(*bad, "--config", str(config), env=env)
        assert result.returncode == 2, result
        [line] = result.stderr.splitlines()
        assert line.startswith("error: alerts retry")
