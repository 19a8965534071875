"""`talkwatch serve` as users run it: a subprocess with its private Prefect server, the monitor deployment on a
short interval, a file feed that gains an entry between ticks, a failed pass retried by a later tick, then
Ctrl-C (SIGINT): exit 0, no process left. The web view is served beside the schedule."""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import time
from pathlib import Path
from typing import IO

import httpx
import pytest
from sqlalchemy import func, select

from storage.db import dispose_all, session_factory
from storage.models import Article, Feed
from tests.support.signals import interruptible_module

ROOT = Path(__file__).resolve().parents[2]


def _rss(items: int) -> str:
    body = "".join(
        f"""<item><title>Local weather report {i}</title><link>https://news.example.org/weather/{i}</link>
<guid>weather-{i}</guid><description>Rain is expected in the afternoon, number {i}.</description>
<pubDate>Mon, 02 Nov 2026 10:00:00 GMT</pubDate></item>"""
        for i in range(items)
    )
    return f"""<?xml version="1.0"?><rss version="2.0"><channel><title>Weather</title>
<link>https://news.example.org/</link><description>x</description>{body}</channel></rss>"""


def _descendants(pid: int) -> set[int]:
    found: set[int] = set()
    todo = [pid]
    while todo:
        current = todo.pop()
        for children in Path(f"/proc/{current}/task").glob("*/children"):
            try:
                kids = {int(k) for k in children.read_text().split()}
            except OSError:
                continue
            for kid in kids - found:
                found.add(kid)
                todo.append(kid)
    return found


def _alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def _state(db_url: str) -> tuple[set[dt.datetime | None], int]:
    sessions = session_factory(db_url)
    with sessions() as s:
        attempts = set(s.scalars(select(Feed.last_attempt_at).where(Feed.last_attempt_at.is_not(None))))
        articles = int(s.scalar(select(func.count()).select_from(Article)) or 0)
    return attempts, articles


@pytest.mark.slow
@pytest.mark.timeout(240)
def test_serve_runs_the_monitor_on_schedule_retries_failures_and_stops_cleanly_on_sigint(tmp_path: Path) -> None:
    feed = tmp_path / "weather.xml"
    feed.write_text(_rss(1), encoding="utf-8")
    db = tmp_path / "tw.db"
    cfg = tmp_path / "talkwatch.toml"
    web_port = _free_port()
    cfg.write_text(
        f'[database]\nurl = "sqlite:///{db}"\n\n[[feeds]]\nname = "weather"\nurl = "{feed}"\n\n'
        f"[web]\nport = {web_port}\n",
        encoding="utf-8",
    )
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("PREFECT_API") and k not in ("TALKWATCH_CONFIG", "TALKWATCH_DATABASE_URL")
    }
    env.update(
        TALKWATCH_SERVE_INTERVAL_S="3",
        TALKWATCH_DISPATCH_INTERVAL_S="3",
        PREFECT_RUNNER_POLL_FREQUENCY="1",
        TALKWATCH_PREFECT_HOME=str(tmp_path / "prefect"),
        PREFECT_SERVER_ANALYTICS_ENABLED="false",
    )
    log = (tmp_path / "serve.log").open("w+")
    proc = subprocess.Popen(
        interruptible_module("flows.cli", "serve", "--config", str(cfg)),  # stopped with Ctrl-C
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    db_url = f"sqlite:///{db}"
    tree: set[int] = set()
    seen: set[dt.datetime | None] = set()  # every feeds.last_attempt_at observed: one per monitor pass
    try:
        deadline = time.monotonic() + 360  # a bound for a loaded machine, not a wait
        # First pass: one article; then the feed gains an entry, and a later pass must store it too.
        while time.monotonic() < deadline and proc.poll() is None:
            tree |= _descendants(proc.pid)
            if db.exists():
                attempts, articles = _state(db_url)
                seen |= attempts
                if articles >= 1:
                    break
            time.sleep(0.5)
        assert proc.poll() is None, _tail(log)
        assert _state(db_url)[1] == 1, _tail(log)
        # The web view answers while the schedule runs.
        feeds_page = httpx.get(f"http://127.0.0.1:{web_port}/feeds", timeout=10)
        assert feeds_page.status_code == 200 and "weather" in feeds_page.text
        assert f"talkwatch web: serving http://127.0.0.1:{web_port}/" in _tail(log)
        # A pass that fails (the config, re-read by every run, is broken for a while) is retried by a later tick.
        good = cfg.read_text(encoding="utf-8")
        cfg.write_text("[database\n", encoding="utf-8")
        feed.write_text(_rss(2), encoding="utf-8")
        while time.monotonic() < deadline and proc.poll() is None and "ConfigError" not in _tail(log):
            tree |= _descendants(proc.pid)
            time.sleep(0.5)
        assert "ConfigError" in _tail(log), _tail(log)  # a monitor run failed on it
        assert _state(db_url)[1] == 1
        cfg.write_text(good, encoding="utf-8")
        while time.monotonic() < deadline and proc.poll() is None:
            tree |= _descendants(proc.pid)
            attempts, articles = _state(db_url)
            seen |= attempts
            if articles == 2 and len(seen) >= 3:
                break
            time.sleep(0.5)
        attempts, articles = _state(db_url)
        assert articles == 2, _tail(log)
        assert len(seen | attempts) >= 3, _tail(log)  # feeds.last_attempt_at moved: the monitor ran 3+ times
        tree |= _descendants(proc.pid)
        assert tree, "serve started no subprocess (its private Prefect server)"
        proc.send_signal(signal.SIGINT)
        code = proc.wait(timeout=60)
    finally:
        if proc.poll() is None:  # the test failed: stop serve, and whatever it started, by pid
            proc.terminate()
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
            for pid in tree:
                if _alive(pid):
                    os.kill(pid, signal.SIGKILL)
        dispose_all()
    assert code == 0, _tail(log)
    time.sleep(1)
    left = sorted(pid for pid in tree if _alive(pid))
    assert not left, f"processes left behind: {left}\n{_tail(log)}"
    assert "talkwatch serve: stopped" in _tail(log)


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _tail(log: IO[str]) -> str:
    log.flush()
    log.seek(0)
    return log.read()[-4000:]
