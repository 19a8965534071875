"""`talkwatch serve`: the monitor on the configured cron and the alert dispatcher, served by Prefect.

Prefect's in-process (ephemeral) API runs no scheduler, so when no `PREFECT_API_URL` is configured, serve
starts a private local Prefect server (state under `var/prefect-server`, loopback only) for as long as it
runs. With `PREFECT_API_URL` set, it registers with that server instead.

Overlap: both deployments have a concurrency limit of 1 with CANCEL_NEW, so a tick that fires while a pass
is still running is dropped (the next tick catches up: a pass processes everything pending). A failed run
is not retried in place; the next tick is the retry. `pause_on_shutdown=False` so a restart under a
supervisor does not leave the schedule paused (Prefect issue #16363).

Stopping: Ctrl-C (SIGINT) and SIGTERM both stop serve and exit 0, within seconds, the same way: the serving
task is cancelled directly and the flow runs in progress get SIGTERM (SIGKILL after a grace period), then the
private server is stopped. SIGTERM does not go through SIGINT: started with `&` from a script, serve inherits
SIGINT *ignored* (and asyncio then installs no Ctrl-C handler), so raising SIGINT did nothing; Prefect's own
SIGTERM handler exits from inside a signal handler, with tracebacks. A pass cut short by the stop is
continued by the next one (everything pending is processed first).

Nothing outlives serve, even a SIGKILL of it: the private server and every flow-run process arm the Linux
parent-death signal (flows/parent_death.py), so the kernel kills them when serve dies.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import psutil
from prefect import aserve
from prefect.client.schemas.objects import ConcurrencyLimitConfig, ConcurrencyLimitStrategy
from prefect.deployments.runner import RunnerDeployment
from prefect.runner import Runner
from prefect.schedules import Cron, Interval
from prefect.settings import PREFECT_API_URL, temporary_settings

from common import interrupts
from common.environment import environment
from common.errors import ServiceError
from config.settings import load_settings
from flows import parent_death
from flows.monitor import dispatch, monitor

SERVER_START_TIMEOUT_S = 120  # as the CLI gives the ephemeral server (a loaded 2-core machine needed > 90 s)
SERVER_STOP_TIMEOUT_S = 5


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextlib.contextmanager
def local_prefect_server(home: Path) -> Iterator[tuple[str, int]]:
    """A Prefect server on 127.0.0.1 for the lifetime of the block; yields its API URL and pid."""
    port = _free_port()
    home.mkdir(parents=True, exist_ok=True, mode=0o700)
    env = {
        **os.environ,
        "PREFECT_HOME": str(home),
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "PREFECT_UI_ENABLED": "false",
        "PREFECT_API_URL": "",
    }
    env[parent_death.ENV] = str(os.getpid())  # the server dies with serve, even with a SIGKILL of serve
    prefect_bin = Path(sys.executable).with_name("prefect")
    log = (home / "server.log").open("ab")
    server = [str(prefect_bin), "server", "start", "--host", "127.0.0.1", "--port", str(port)]
    proc = subprocess.Popen(  # noqa: S603 - our own interpreter's prefect, fixed arguments
        [sys.executable, "-m", "flows.parent_death", *server],
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
        yield url, proc.pid
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            # Seconds, not more: a server still starting (migrating its database) under load can take long to
            # act on SIGTERM, and serve must stop promptly. Its state is a SQLite database: a kill is safe.
            proc.wait(timeout=SERVER_STOP_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()


def _interrupt(*_args: object) -> None:
    raise KeyboardInterrupt


# Grace for flow runs to end on SIGTERM (mark themselves crashed) before they are killed.
FLOW_RUN_GRACE_S = 5.0


@dataclass
class _Serving:
    loop: asyncio.AbstractEventLoop | None = None
    task: asyncio.Task[None] | None = None
    server_pid: int | None = None


_serving = _Serving()


def _stop_flow_runs() -> None:
    """SIGTERM to this process's children but the private server (the flow runs); SIGKILL after the grace."""
    children = [c for c in psutil.Process().children() if c.pid != _serving.server_pid]
    for child in children:
        with contextlib.suppress(psutil.Error):
            child.terminate()

    def running(child: psutil.Process) -> bool:
        try:
            return child.is_running() and child.status() != psutil.STATUS_ZOMBIE
        except psutil.Error:
            return False

    def kill_the_rest() -> None:
        # Polled, not waited for: reaping them here would take their exit status from Prefect's runner.
        deadline = time.monotonic() + FLOW_RUN_GRACE_S
        while any(running(c) for c in children) and time.monotonic() < deadline:
            time.sleep(0.1)
        for child in children:
            if running(child):
                with contextlib.suppress(psutil.Error):
                    child.kill()

    threading.Thread(target=kill_the_rest, name="stop-flow-runs", daemon=True).start()


def _stop_serving(*_args: object) -> None:
    """SIGTERM: stop serving whatever SIGINT's disposition (ignored under `&`, where raising SIGINT did nothing)."""
    loop, task = _serving.loop, _serving.task
    if loop is None or task is None or task.done():
        raise KeyboardInterrupt  # not serving yet: unwind the start-up (the server block stops the server)
    _stop_flow_runs()
    loop.call_soon_threadsafe(task.cancel)


def _sigterm_stops_serving(self: Runner, *_args: object) -> None:
    """Replaces `Runner.handle_sigterm`, which Prefect's runner installs for SIGTERM when it starts."""
    del self
    _stop_serving()


async def _serve_async(*deployments: RunnerDeployment) -> None:
    _serving.loop, _serving.task = asyncio.get_running_loop(), asyncio.current_task()
    try:
        await aserve(*deployments, pause_on_shutdown=False, print_starting_message=True)
    finally:
        _serving.loop = _serving.task = None


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
    Runner.handle_sigterm = _sigterm_stops_serving  # type: ignore[method-assign]
    signal.signal(signal.SIGTERM, _stop_serving)
    if signal.getsignal(signal.SIGINT) is signal.default_int_handler:
        # Ctrl-C the same way (asyncio's own handler only cancels, and the runner then waits for the runs in
        # progress); an ignored SIGINT (`&` in a script) stays ignored.
        signal.signal(signal.SIGINT, _stop_serving)
    # Flow-run processes (spawned by the runner) die with serve, even with a SIGKILL of serve.
    os.environ[parent_death.ENV] = str(os.getpid())
    with contextlib.suppress(asyncio.CancelledError):  # SIGTERM cancelled the serving task; the runner is down
        asyncio.run(_serve_async(monitor_dep, dispatch_dep))


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
            with local_prefect_server(home) as (url, server_pid), temporary_settings(updates={PREFECT_API_URL: url}):
                _serving.server_pid = server_pid
                os.environ["PREFECT_API_URL"] = url  # the runs' subprocesses read it from the environment
                _serve(config)
    except KeyboardInterrupt:
        pass  # Ctrl-C (or SIGTERM) before Prefect's runner took over; the server block has stopped it
    interrupts.reset()  # Ctrl-C is how serve ends: exit 0, not the 130 of a command cut short
    sys.stderr.write("talkwatch serve: stopped\n")
