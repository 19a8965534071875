"""The README's scale-out through Prefect's own CLI, as an operator runs it: `prefect server` in a temporary
home, `prefect work-pool create`, `prefect deploy --all` on this checkout's `prefect.yaml`, `prefect deployment
ls`, then a `prefect worker` started in another directory runs a monitor pass (a feed file of our own stories)
and a backfill (tests/fixtures/backfill_articles.jsonl) to Completed against PostgreSQL, and `prefect flow-run
ls` / `prefect flow-run logs` show them.

With FastAPI >= 0.151 the Prefect 3.8 server answers 422 to the CLI's list requests (explicit JSON nulls for
`limit`/`offset`/`sort`), so `deploy --all` stopped after the first deployment: this test is what keeps the
pinned versions honest.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

import psutil
import pytest

from tests.support import e2e as reliability

pytestmark = [pytest.mark.slow, pytest.mark.postgres]

ROOT = Path(__file__).resolve().parents[2]
PREFECT = str(Path(sys.executable).parent / "prefect")
BACKFILL_FIXTURE = ROOT / "tests" / "fixtures" / "backfill_articles.jsonl"
DEPLOYMENTS = {"monitor/monitor", "dispatch/dispatch", "backfill/backfill"}

# The session's `prefect server` in a temporary PREFECT_HOME (tests/support/e2e.py starts it).
prefect_env = reliability.prefect_env


def _env(prefect_env: dict[str, str], **extra: str) -> dict[str, str]:
    inherited = {k: v for k, v in os.environ.items() if not k.startswith(("TALKWATCH_", "PREFECT_"))}
    return {**inherited, **prefect_env, **extra}


def _prefect(env: dict[str, str], *args: str, cwd: Path = ROOT, timeout: float = 120) -> str:
    """One `prefect` CLI command; it must exit 0 and say nothing of a 422."""
    proc = subprocess.run(
        [PREFECT, "--no-prompt", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        timeout=timeout,
        check=False,
    )
    out = proc.stdout + proc.stderr
    assert proc.returncode == 0, f"prefect {' '.join(args)} exited {proc.returncode}:\n{out[-4000:]}"
    assert "Unprocessable" not in out, out[-4000:]  # the 422 this test exists for
    return proc.stdout


def _run_deployment(env: dict[str, str], name: str, *params: str) -> str:
    out = _prefect(env, "deployment", "run", name, *(p for param in params for p in ("--param", param)))
    found = re.search(r"UUID: ([0-9a-f-]{36})", out)
    assert found, out
    return found.group(1)


def _state(api: str, run_id: str) -> str:
    with urllib.request.urlopen(f"{api}/flow_runs/{run_id}", timeout=10) as resp:
        body: dict[str, Any] = json.load(resp)
    return str((body.get("state") or {}).get("type"))


def _tail(path: Path) -> str:
    return path.read_text(encoding="utf-8", errors="replace")[-4000:]


@pytest.mark.timeout(600)
def test_deploy_all_list_and_a_worker_runs_monitor_and_backfill_on_postgres(
    prefect_env: dict[str, str], pg_url: str, tmp_path: Path
) -> None:
    assert "PREFECT_API_URL" in prefect_env, "`prefect server` did not start (see its server.log)"
    api = prefect_env["PREFECT_API_URL"]
    env = _env(prefect_env)

    # Once, from the checkout: the pool and every deployment in prefect.yaml.
    _prefect(env, "work-pool", "create", "talkwatch", "--type", "process")
    out = _prefect({**env, "TALKWATCH_HOME": str(ROOT)}, "deploy", "--all", timeout=240)
    created = set(re.findall(r"Deployment '([\w-]+/[\w-]+)' successfully created", out))
    assert created == DEPLOYMENTS, out
    for name in ("monitor/monitor", "dispatch/dispatch"):
        stored = json.loads(_prefect(env, "deployment", "inspect", name, "--output", "json"))
        limit = stored["concurrency_options"]["collision_strategy"], stored["global_concurrency_limit"]["limit"]
        assert limit == ("CANCEL_NEW", 1), stored
    # The schedules stay off here so that a cron tick cannot collide with (and cancel) the runs below.
    _prefect(env, "deployment", "schedule", "pause", "--all")
    listed = json.loads(_prefect(env, "deployment", "ls", "--output", "json"))
    assert {d["name"] for d in listed} == {name.split("/")[1] for name in DEPLOYMENTS}, listed
    schedules = [s for d in listed for s in d["schedules"]]
    assert len(schedules) == 2, listed  # monitor's cron and dispatch's interval
    assert not any(s["active"] for s in schedules), schedules

    # A worker machine: its own directory, the database and config from the environment.
    feed = tmp_path / "wire.xml"
    feed.write_bytes(reliability.rss(reliability.story_items("wire")))
    cfg = reliability.write_config(tmp_path / "talkwatch.toml", feeds=[{"name": "wire", "url": str(feed)}])
    worker_env = _env(
        prefect_env,
        TALKWATCH_HOME=str(ROOT),
        TALKWATCH_DATABASE_URL=pg_url,
        TALKWATCH_CONFIG=str(cfg),
        PREFECT_LOGGING_TO_API_ENABLED="true",  # so that `prefect flow-run logs` has something to show
        PREFECT_WORKER_QUERY_SECONDS="2",
    )
    source = tmp_path / "archive.jsonl"
    source.write_bytes(BACKFILL_FIXTURE.read_bytes())
    runs = {
        "monitor": _run_deployment(env, "monitor/monitor"),
        "backfill": _run_deployment(env, "backfill/backfill", f"source={source}"),
    }
    elsewhere = tmp_path / "worker"
    elsewhere.mkdir()
    log = tmp_path / "worker.log"
    with log.open("wb") as sink:
        worker = subprocess.Popen(
            # The README's worker command: --limit 1 (one run at a time; the next queued run is another's).
            [PREFECT, "worker", "start", "--pool", "talkwatch", "--type", "process", "--limit", "1"],
            cwd=elsewhere,
            env=worker_env,
            stdout=sink,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        states: dict[str, str] = {}
        deadline = time.monotonic() + 360
        while time.monotonic() < deadline and worker.poll() is None:
            states = {flow: _state(api, run_id) for flow, run_id in runs.items()}
            if all(s in ("COMPLETED", "FAILED", "CRASHED", "CANCELLED") for s in states.values()):
                break
            time.sleep(1)
        assert states == {"monitor": "COMPLETED", "backfill": "COMPLETED"}, _tail(log)
        # A run is Completed before its process has sent its last log lines (batched to the API, flushed at
        # exit): stopping the worker now could kill them on the way. Wait for the flow-run processes to end.
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and psutil.Process(worker.pid).children(recursive=True):
            time.sleep(0.5)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(worker.pid, signal.SIGTERM)
        try:
            worker.wait(timeout=30)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(worker.pid, signal.SIGKILL)
            worker.wait(timeout=10)

    # What they stored, in PostgreSQL: the feed's stories and the backfilled archive.
    urls = {row.canonical_url for row in reliability.sql(pg_url, "SELECT canonical_url FROM articles")}
    feed_urls = {f"https://news.example.org/wire/{i}" for i in range(len(reliability.STORIES))}
    archive_urls = {json.loads(line)["url"] for line in BACKFILL_FIXTURE.read_text(encoding="utf-8").splitlines()}
    assert feed_urls <= urls, sorted(urls)
    assert archive_urls <= urls, sorted(urls)
    events = reliability.sql(pg_url, "SELECT count(*) AS n FROM events")[0].n
    assert events > 0

    # And the CLI shows the runs and their logs.
    listed_runs = {r["id"]: r for r in json.loads(_prefect(env, "flow-run", "ls", "--limit", "50", "--output", "json"))}
    for run_id in runs.values():
        assert listed_runs[run_id]["state_type"] == "COMPLETED", listed_runs.get(run_id)
    logs = _prefect(env, "flow-run", "logs", runs["monitor"])
    assert "Finished in state Completed" in logs, logs[-4000:]
    # A backfill run says what it did in its log (the Prefect UI shows the same): counts and the rate.
    summary = None
    deadline = time.monotonic() + 30
    while summary is None and time.monotonic() < deadline:
        logs = _prefect(env, "flow-run", "logs", runs["backfill"])
        summary = re.search(r"backfill \S+: (\d+) records read .* (\d+) articles new, .*articles/s", logs)
        if summary is None:
            time.sleep(1)
    assert summary and summary.groups() == ("16", "16"), logs[-4000:]
