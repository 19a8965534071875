"""`talkwatch serve` started in the background by a script (issue 15, item 9).

`sh -c 'talkwatch serve ... & wait'`: a non-interactive shell starts background commands with SIGINT ignored,
so Ctrl-C-based shutdown paths do nothing. Two serve processes are started, each with a monitor pass
stuck in a stalled feed fetch, so each has its private server and a flow-run process as children. Then:

- SIGTERM to the first: it exits 0 within ~10 s, and none of its child processes is left;
- SIGKILL to the second: its children (the private Prefect server, the flow run) are gone within seconds,
  killed by the kernel's parent-death signal (flows/parent_death.py).
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import psutil
import pytest

from tests.support.feedserver import FeedServer

ROOT = Path(__file__).resolve().parents[2]
START_TIMEOUT_S = 240


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _sigint_ignored(pid: int) -> bool:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("SigIgn:"):
            return bool(int(line.split()[1], 16) & (1 << (signal.SIGINT - 1)))
    raise AssertionError("no SigIgn line")


def _left_after(procs: list[psutil.Process], timeout: float) -> list[str]:
    """The processes still running after `timeout` seconds (a zombie, dead but not yet reaped, is gone)."""

    def running(proc: psutil.Process) -> bool:
        try:
            return proc.is_running() and proc.status() != psutil.STATUS_ZOMBIE
        except psutil.NoSuchProcess:
            return False

    deadline = time.monotonic() + timeout
    while True:
        left = [p for p in procs if running(p)]
        if not left or time.monotonic() > deadline:
            return [f"{p.pid}: {' '.join(p.cmdline())}" for p in left]
        time.sleep(0.1)


class Background:
    """`sh -c 'python -m flows.cli serve --config CFG & wait $!'`: serve is the shell's background job."""

    def __init__(self, tmp: Path, feed_url: str) -> None:
        tmp.mkdir(parents=True, exist_ok=True)
        cfg = tmp / "talkwatch.toml"
        cfg.write_text(
            f'[database]\nurl = "sqlite:///{tmp / "tw.db"}"\n\n[fetch]\ntimeout_s = 300\n\n'
            f"[web]\nport = {_free_port()}\n\n"  # serve also serves the web view: a port of its own
            f'[[feeds]]\nname = "stalled"\nurl = "{feed_url}"\nallow_private = true\n',
            encoding="utf-8",
        )
        env = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_API", "TALKWATCH_"))}
        env.update(
            TALKWATCH_SERVE_INTERVAL_S="2",
            TALKWATCH_DISPATCH_INTERVAL_S="600",
            PREFECT_RUNNER_POLL_FREQUENCY="1",
            TALKWATCH_PREFECT_HOME=str(tmp / "prefect"),
            PREFECT_SERVER_ANALYTICS_ENABLED="false",
        )
        self.log_path = tmp / "serve.log"
        self.log = self.log_path.open("w")
        self.shell = subprocess.Popen(
            ["/bin/sh", "-c", '"$@" & wait $!', "sh", sys.executable, "-m", "flows.cli", "serve", "--config", str(cfg)],
            cwd=ROOT,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        self.serve: psutil.Process | None = None
        self.tree: list[psutil.Process] = []

    def find_serve(self) -> psutil.Process | None:
        if self.serve is None:
            kids = psutil.Process(self.shell.pid).children()
            self.serve = kids[0] if kids else None
        return self.serve

    def tail(self) -> str:
        self.log.flush()
        return self.log_path.read_text(errors="replace")[-3000:]

    def cleanup(self) -> None:
        """After a failure: kill what this serve started, by pid."""
        with contextlib.suppress(psutil.Error):
            self.tree += psutil.Process(self.shell.pid).children(recursive=True)
        for proc in self.tree:
            with contextlib.suppress(psutil.Error):
                proc.kill()
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.shell.wait(timeout=10)
        self.log.close()


@pytest.fixture
def stalled_feed() -> Iterator[FeedServer]:
    with FeedServer() as server:
        server.route("/stalled", body=b"<rss/>", delay=600)  # a pass hangs in its fetch until the test ends
        yield server


@pytest.mark.slow
@pytest.mark.timeout(420)
def test_background_serve_stops_on_sigterm_and_leaves_nothing_after_sigkill(
    stalled_feed: FeedServer, tmp_path: Path
) -> None:
    url = stalled_feed.url("/stalled")
    both: list[Background] = []
    try:
        # One after the other (two private servers starting at once are slow on a small machine); running =
        # its pass is in its fetch: private server up, runner serving, a flow run started.
        for name in ("term", "kill"):
            b = Background(tmp_path / name, url)
            both.append(b)
            deadline = time.monotonic() + START_TIMEOUT_S
            while len(stalled_feed.requests_for("/stalled")) < len(both) or not b.find_serve():
                assert time.monotonic() < deadline, b.tail()
                assert b.shell.poll() is None, b.tail()
                time.sleep(0.5)
        termed, killed = both
        for b in both:
            assert b.serve is not None
            assert _sigint_ignored(b.serve.pid)  # as `&` leaves it: Ctrl-C paths cannot stop it
            b.tree = b.serve.children(recursive=True)
            names = " ".join(" ".join(p.cmdline()) for p in b.tree)
            assert "server start" in names and len(b.tree) >= 2, names  # the private server and a flow run

        assert termed.serve is not None and killed.serve is not None
        sent = time.monotonic()
        termed.serve.send_signal(signal.SIGTERM)
        killed.serve.send_signal(signal.SIGKILL)

        code = termed.shell.wait(timeout=30)  # `wait $!` returns serve's exit status
        took = time.monotonic() - sent
        assert code == 0 and took < 10, (code, took, termed.tail())
        assert "talkwatch serve: stopped" in termed.tail()
        left = _left_after(termed.tree, timeout=2)
        assert not left, left

        left = _left_after(killed.tree, timeout=5)  # nobody of serve's is left to stop them: the kernel did
        assert not left, (left, killed.tail())
    finally:
        for b in both:
            b.cleanup()
