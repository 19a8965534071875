"""Console and Apprise channels, backoff schedule, and deliver()'s never-raise guarantee."""

from __future__ import annotations

import io
import json
import math
import statistics
from typing import Literal

import pytest
from pydantic import SecretStr
from rich.console import Console

from alerts import AlertMessage, backoff_seconds, deliver
from alerts.backoff import MAX_RETRY_AFTER_S, MIN_RETRY_AFTER_S, SCHEDULE_S
from config.settings import AppriseChannel, ConsoleChannel
from tests.support.alerts import EVENT, SECRET, make_message
from tests.support.receivers import Reply, WebhookReceiver, dead_port

# Apprise imports the deprecated `imghdr` module when it loads its plugins (Python 3.11); not ours to fix.
pytestmark = pytest.mark.filterwarnings("ignore:'imghdr' is deprecated:DeprecationWarning")

CONSOLE = ConsoleChannel(type="console")
HOSTILE = {
    **EVENT,
    "location": "Pyongyang\x1b[2J\x1b[31m",
    "venue": "[bold red]markup[/bold red] \x1b]8;;http://evil.example\x1b\\link\x1b]8;;\x1b\\",
    "evidence": [{"article": "a", "start": 0, "end": 1, "text": "They met.\x1b[?1049h\x9b31m\x07 [link=x]y[/link]"}],
}


def _console(terminal: bool) -> tuple[Console, io.StringIO]:
    out = io.StringIO()
    colors: Literal["truecolor"] | None = "truecolor" if terminal else None
    return Console(file=out, width=100, force_terminal=terminal, color_system=colors), out


def test_console_prints_a_readable_panel(message: AlertMessage) -> None:
    console, out = _console(terminal=False)
    outcome = deliver(CONSOLE, message, console=console)
    assert outcome.ok and not outcome.permanent and outcome.error is None
    text = out.getvalue()
    assert "Japan\u2013North Korea: foreign ministers met in New York (2018-09-26)" in text
    assert "Taro Kono (Foreign Minister, Japan)" in text
    assert "met his North Korean counterpart" in text
    assert "https://www.japantimes.co.jp/news/2018/09/27/kono-ri" in text


@pytest.mark.parametrize("terminal", [False, True])
def test_console_strips_escape_sequences_and_keeps_markup_literal(terminal: bool) -> None:
    console, out = _console(terminal)
    assert deliver(CONSOLE, make_message(HOSTILE), console=console).ok
    text = out.getvalue()
    for bad in ("\x1b[2J", "\x1b[31m", "\x1b]8;;http://evil", "\x1b[?1049h", "\x9b", "\x07"):
        assert bad not in text
    if not terminal:
        assert "\x1b" not in text  # rich adds no styling either
    assert "[bold red]markup[/bold red]" in text  # shown as typed, not interpreted
    assert "[link=x]y[/link]" in text
    assert "Pyongyang" in text


def test_console_failure_is_reported_not_raised(message: AlertMessage) -> None:
    out = io.StringIO()
    console = Console(file=out)
    out.close()
    outcome = deliver(CONSOLE, message, console=console)
    assert not outcome.ok and not outcome.permanent and outcome.error


def test_apprise_json_to_a_real_receiver(message: AlertMessage) -> None:
    with WebhookReceiver(SECRET) as rx:
        url = rx.url.replace("http://", "json://")
        outcome = deliver(AppriseChannel(type="apprise", url=SecretStr(url)), message)
    assert outcome.ok, outcome
    [got] = rx.deliveries
    body = json.loads(got.body)
    assert body["title"].startswith("[talkwatch] Japan")
    assert "Taro Kono" in body["message"]


def test_apprise_server_error_is_retryable_and_redacted(message: AlertMessage) -> None:
    with WebhookReceiver(SECRET, [Reply(500)]) as rx:
        url = rx.url.replace("http://", "json://user:APPR1SE-PW@") + "/T0KEN-IN-PATH"
        outcome = deliver(AppriseChannel(type="apprise", url=SecretStr(url)), message)
    assert not outcome.ok and not outcome.permanent
    assert outcome.error is not None and "\n" not in outcome.error
    assert "APPR1SE-PW" not in outcome.error and "T0KEN-IN-PATH" not in outcome.error


def test_apprise_connection_refused_is_retryable(message: AlertMessage) -> None:
    with dead_port() as port:
        url = f"json://user:APPR1SE-PW@127.0.0.1:{port}/"
        outcome = deliver(AppriseChannel(type="apprise", url=SecretStr(url)), message)
    assert not outcome.ok and not outcome.permanent
    assert outcome.error is not None and "APPR1SE-PW" not in outcome.error


def test_apprise_unknown_url_is_permanent(message: AlertMessage) -> None:
    url = "nosuchservice://token-S3CRET@host/path"
    outcome = deliver(AppriseChannel(type="apprise", url=SecretStr(url)), message)
    assert not outcome.ok and outcome.permanent
    assert outcome.error is not None and "S3CRET" not in outcome.error and url not in outcome.error


def test_backoff_follows_the_svix_like_schedule_with_bounded_jitter() -> None:
    for attempt, base in enumerate(SCHEDULE_S, start=1):
        samples = [backoff_seconds(attempt) for _ in range(200)]
        assert all(0.8 * base <= s <= 1.2 * base for s in samples)
        assert len(set(samples)) > 1  # jittered
        assert abs(statistics.mean(samples) - base) < 0.1 * base
    assert 4 <= backoff_seconds(1) <= 6  # ~5 s
    assert 240 <= backoff_seconds(2) <= 360  # ~5 min
    assert 0.8 * 36000 <= backoff_seconds(50) <= 1.2 * 36000  # capped at ~10 h
    assert 4 <= backoff_seconds(0) <= 6  # nonsense attempt counts as the first


def test_backoff_grows() -> None:
    for _ in range(100):
        delays = [backoff_seconds(a) for a in range(1, len(SCHEDULE_S) + 1)]
        assert delays == sorted(delays)
        assert len(set(delays)) == len(delays)


def test_retry_after_sets_the_next_attempt_within_1s_and_24h() -> None:
    assert backoff_seconds(1, retry_after_s=120) == 120
    assert backoff_seconds(2, retry_after_s=10) == 10  # shorter than the schedule's ~5 min: the receiver knows
    assert backoff_seconds(6, retry_after_s=1) == 1
    assert backoff_seconds(1, retry_after_s=0) == MIN_RETRY_AFTER_S == 1  # never a tight loop
    assert backoff_seconds(1, retry_after_s=0.2) == MIN_RETRY_AFTER_S
    assert backoff_seconds(1, retry_after_s=10 * 86400) == MAX_RETRY_AFTER_S  # capped at 24 h
    assert backoff_seconds(1, retry_after_s=math.inf) == MAX_RETRY_AFTER_S
    assert 4 <= backoff_seconds(1, retry_after_s=math.nan) <= 6
    assert 4 <= backoff_seconds(1, retry_after_s=-3) <= 6
