"""The dispatcher as separate processes: killed between send and record (the next one, on the same host,
takes the delivery over at once), and two of them at once.

Each dispatcher is a real `python` subprocess running `alerts.dispatch.dispatch_due` on a config file; the
receivers run in the test process. The kill uses the dispatcher's documented test kill point
(`TALKWATCH_TEST_KILL_AFTER_SEND=1`: SIGKILL right after a delivery went out, before it is recorded).
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

from alerts.dispatch import KILL_AFTER_SEND_ENV
from alerts.email_smtp import message_id
from storage.outbox import lease_for
from tests.support.dispatch import (
    SECRET,
    alert_rows,
    day,
    email,
    event_ids,
    report,
    settings,
    webhook,
    write_config,
)
from tests.support.receivers import Reply, SmtpReceiver, WebhookReceiver

ROOT = Path(__file__).resolve().parents[2]

# Loads the config and opens the database, says it is ready, waits for "go", then makes one pass.
DISPATCHER = """
import json, sys, time
from pathlib import Path
from config.settings import load_settings
from alerts.dispatch import dispatch_due
from storage.db import get_engine
cfg = load_settings(sys.argv[1])
get_engine(cfg.database.url)
if len(sys.argv) > 2:
    Path(sys.argv[2]).touch()
    while not Path(sys.argv[3]).exists():
        time.sleep(0.002)
print(json.dumps(vars(dispatch_due(cfg))))
"""


def _env(kill: bool = False) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TALKWATCH_")}
    if kill:
        env[KILL_AFTER_SEND_ENV] = "1"
    return env


def _dispatcher(config: Path, *barrier: Path, kill: bool = False) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", DISPATCHER, str(config), *map(str, barrier)],
        cwd=ROOT,
        env=_env(kill),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


@pytest.mark.slow
def test_killed_between_send_and_record_resends_at_once_under_the_same_id(db_url: str, tmp_path: Path) -> None:
    with WebhookReceiver(SECRET) as rx, SmtpReceiver() as smtp:
        channels = [webhook(rx.url), email(smtp.url(), ["a@example.org"])]
        cfg = settings(db_url, channels)
        report(cfg, "https://www.japantimes.co.jp/a", "Kono met Ri in New York on Wednesday. " * 4)
        hook_row, mail_row = alert_rows(db_url)
        config = write_config(tmp_path / "talkwatch.toml", db_url, channels)

        # 1st dispatcher: the webhook receiver got the alert, then the process dies before recording it.
        first = _dispatcher(config, kill=True)
        _, err = first.communicate(timeout=120)
        assert first.returncode == -signal.SIGKILL, err
        assert [d.id for d in rx.deliveries] == [hook_row.public_id]
        [claimed, _] = alert_rows(db_url)
        assert (claimed.status, claimed.claimed_pid) == ("pending", first.pid)  # the claim names its holder
        # 2nd dispatcher, same host, well within the 120 s lease: the holder's pid is gone, so it takes the
        # webhook over at once (same webhook-id) and sends the email too.
        started = time.monotonic()
        second = _dispatcher(config)
        out, err = second.communicate(timeout=120)
        assert second.returncode == 0, err
        assert json.loads(out)["sent"] == 2
        assert time.monotonic() - started < lease_for(cfg.alerts.send_timeout_s).total_seconds() / 4
        mails = smtp.wait_for(1)

    assert [d.id for d in rx.deliveries] == [hook_row.public_id] * 2
    assert all(d.verified for d in rx.deliveries)
    assert rx.deliveries[0].body == rx.deliveries[1].body
    assert [m.message["Message-ID"] for m in mails] == [message_id(mail_row.public_id, "a@example.org")]
    rows = alert_rows(db_url)
    assert [(r.id, r.status, r.attempts) for r in rows] == [(hook_row.id, "sent", 1), (mail_row.id, "sent", 1)]


@pytest.mark.slow
def test_two_dispatchers_at_once_deliver_each_alert_once(db_url: str, tmp_path: Path) -> None:
    recipients = ["a@example.org", "b@example.org", "c@example.org"]
    # A little latency on the webhook so the two passes overlap for their whole length.
    with WebhookReceiver(SECRET, default=Reply(delay_s=0.03)) as rx, SmtpReceiver() as smtp:
        channels = [webhook(rx.url), email(smtp.url(), recipients)]
        cfg = settings(db_url, channels)
        for i in range(6):
            report(
                cfg,
                f"https://outlet{i}.example/story",
                f"Story number {i} about a meeting. " * 6,
                date=day(-1 - 4 * i),
                location=f"City{i}",
                names=(f"Person{i}",),
            )
        assert len(event_ids(db_url)) == 6
        rows = alert_rows(db_url)
        assert len(rows) == 6 * (1 + len(recipients))
        config = write_config(tmp_path / "talkwatch.toml", db_url, channels)

        go = tmp_path / "go"
        ready = [tmp_path / "ready-a", tmp_path / "ready-b"]
        procs = [_dispatcher(config, r, go) for r in ready]
        deadline = time.monotonic() + 60
        while not all(r.exists() for r in ready):
            assert time.monotonic() < deadline, [p.poll() for p in procs]
            time.sleep(0.01)
        go.touch()
        summaries = []
        for proc in procs:
            out, err = proc.communicate(timeout=120)
            assert proc.returncode == 0, err
            summaries.append(json.loads(out))
        mails = smtp.wait_for(6 * len(recipients))

    assert sum(s["sent"] for s in summaries) == len(rows)
    assert all(s["sent"] > 0 for s in summaries), summaries  # both really worked, side by side
    assert all(s["failed"] == 0 for s in summaries)
    hooks = Counter(d.id for d in rx.deliveries)
    assert hooks == Counter({r.public_id: 1 for r in rows if r.channel == "hook"})
    assert all(d.verified for d in rx.deliveries)
    got = Counter(m.message["Message-ID"] for m in mails)
    assert got == Counter({message_id(r.public_id, r.recipient): 1 for r in rows if r.channel == "mail"})
    assert {(r.status, r.attempts) for r in alert_rows(db_url)} == {("sent", 1)}
