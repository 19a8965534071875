"""`talkwatch serve`: the monitor on the configured cron and the alert dispatcher, served by Prefect.

Prefect's in-process (ephemeral) API runs no scheduler, so when no `PREFECT_API_URL` is configured, serve
starts a private local Prefect server (state under `var/prefect-server`, loopback only) for as long as it
runs. With `PREFECT_API_URL` set, it registers with that server instead.

Overlap: both deployments have a concurrency limit of 1 with CANCEL_NEW, so a tick that fires while a pass
is still running is dropped (the next tick catches up: a pass processes everything pending). A failed run
is not retried in place; the next tick is the retry. `pause_on_shutdown=False` so a restart under a
supervisor does not leave the schedule paused (Prefect issue #16363).

Stopping: Ctrl-C (SIGINT) and SIGTERM both stop the runner the same way (Prefect's own SIGTERM handler exits
from inside a signal handler, with tracebacks and an un-awaited coroutine warning; here SIGTERM is turned into
the Ctrl-C path), then the private server is stopped, and serve exits 0. A pass cut short by the stop is
continued by the next one (everything pending is processed first).
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

import httpx
from prefect import serve
from prefect.client.schemas.objects import ConcurrencyLimitConfig, ConcurrencyLimitStrategy
from prefect.deployments.runner import RunnerDeployment
from prefect.runner import Runner
from prefect.schedules import Cron, Interval
from prefect.settings import PREFECT_API_URL, temporary_settings

from common.environment import environment
from common.errors import ServiceError
from config.settings import load_settings
from flows.monitor import dispatch, monitor

SERVER_START_TIMEOUT_S = 90


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextlib.contextmanager
def local_prefect_server(home: Path) -> Iterator[str]:
    """A Prefect server on 127.0.0.1 for the lifetime of the block; yields its API URL."""
    port = _free_port()
    home.mkdir(parents=True, exist_ok=True, mode=0o700)
    env = {
        **os.environ,
        "PREFECT_HOME": str(home),
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "PREFECT_UI_ENABLED": "false",
        "PREFECT_API_URL": "",
    }
    prefect_bin = Path(sys.executable).with_name("prefect")
    log = (home / "server.log").open("ab")
    proc = subprocess.Popen(  # noqa: S603 - our own interpreter's prefect, fixed arguments
        [str(prefect_bin), "server", "start", "--host", "127.0.0.1", "--port", str(port)],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # Ctrl-C goes to serve; the server is stopped by us, in order
    )
    url = f"http://127.0.0.1:{port}/api"
    try:
        deadline = time.monotonic() + SERVER_START_TIMEOUT_S
        while True:
            if proc.poll() is not None:
                raise ServiceError(f"the local Prefect server exited at start; see {home / 'server.log'}")
            try:
                if httpx.get(f"{url}/health", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise ServiceError(f"the local Prefect server did not start in {SERVER_START_TIMEOUT_S}s")
            time.sleep(0.5)
        yield url
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()


def _interrupt(*_args: object) -> None:
    raise KeyboardInterrupt


def _sigterm_like_ctrl_c(self: Runner, *_args: object) -> None:
    """Replaces `Runner.handle_sigterm`: the asyncio runner's SIGINT handler cancels the serve loop cleanly."""
    del self
    signal.raise_signal(signal.SIGINT)


def _serve(config: str | None) -> None:
    settings = load_settings(config)
    params = {"config": config}
    single = ConcurrencyLimitConfig(limit=1, collision_strategy=ConcurrencyLimitStrategy.CANCEL_NEW)
    # A seconds interval instead of the cron, for tests and demos that cannot wait minutes between ticks.
    env = environment()
    every = env.serve_interval_s
    schedule = Interval(every) if every else Cron(settings.schedule.cron, timezone=settings.schedule.timezone)
    monitor_dep = monitor.to_deployment(
        name="talkwatch-monitor",
        schedule=schedule,
        parameters={**params, "console_stderr": False},
        concurrency_limit=single,
    )
    dispatch_dep = dispatch.to_deployment(
        name="talkwatch-dispatch",
        interval=env.dispatch_interval_s,  # how often due deliveries are retried between monitor passes
        parameters=params,
        concurrency_limit=single,
    )
    assert isinstance(monitor_dep, RunnerDeployment) and isinstance(dispatch_dep, RunnerDeployment)
    Runner.handle_sigterm = _sigterm_like_ctrl_c  # type: ignore[method-assign]
    serve(monitor_dep, dispatch_dep, pause_on_shutdown=False, print_starting_message=True)


def serve_forever(config: str | None) -> None:
    # Until Prefect's runner installs its own handler: SIGTERM while the server starts stops it in order too.
    signal.signal(signal.SIGTERM, _interrupt)
    try:
        if os.environ.get("PREFECT_API_URL"):
            _serve(config)
        else:
            # The checkout's var/ (next to the default SQLite database), whatever the config's location.
            default_home = Path(__file__).resolve().parents[1] / "var" / "prefect-server"
            home = environment().prefect_home or default_home
            with local_prefect_server(home) as url, temporary_settings(updates={PREFECT_API_URL: url}):
                os.environ["PREFECT_API_URL"] = url  # the runs' subprocesses read it from the environment
                _serve(config)
    except KeyboardInterrupt:
        pass  # Ctrl-C (or SIGTERM) before Prefect's runner took over; the server block has stopped it
    sys.stderr.write("talkwatch serve: stopped\n")
