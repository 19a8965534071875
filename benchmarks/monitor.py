"""`monitor_pass_304_s_1000_feeds` for `make bench`: the steady-state cost of a monitor pass under `serve`.

1,000 generated feeds are served from 127.0.0.1 by a separate process (benchmarks/feed_pass.py) with ETags. A
first pass is made in this process (fetch and store, the stored articles marked extracted: a history that is
up to date). Then `talkwatch serve` runs against a private Prefect server, as a user runs it, and monitor runs
of its deployment are queued one at a time: every feed answers 304. The figure is the best of the runs from
the tick (the run's scheduled time) to Completed, which includes the runner picking the run up
(`PREFECT_RUNNER_POLL_FREQUENCY=1`), the flow-run process starting, the pass (sync of 1,000 feed rows, the
fetches, one short transaction per feed for its health, extraction of nothing pending, the dispatcher) and
the final state reaching the server. `..._run_s` is the pass alone (Running to Completed).
"""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
N_FEEDS = 1000
ENTRIES = 5
RUNS = 3


def _config(directory: Path, base_url: str, n: int) -> Path:
    feeds = "".join(
        f'\n[[feeds]]\nname = "feed{i}"\nurl = "{base_url}/feed/{i}.xml"\nallow_private = true\n' for i in range(n)
    )
    cfg = directory / "talkwatch.toml"
    cfg.write_text(f'[database]\nurl = "sqlite:///{directory / "monitor.db"}"\n{feeds}', encoding="utf-8")
    return cfg


def _first_pass(cfg: Path) -> int:
    """Fetch and store every feed once (ETags recorded), and mark the articles extracted."""
    from sqlalchemy import update

    from config.settings import load_settings
    from flows.extraction_scope import extraction_scope
    from flows.pipeline import due_feeds, fetch_and_store, sessions
    from storage.models import Article

    settings = load_settings(str(cfg))
    requests, _skipped = due_feeds(settings, dt.datetime.now(dt.UTC))
    summary = fetch_and_store(settings, requests)
    with sessions(settings).begin() as session:
        session.execute(update(Article).values(extracted_version=extraction_scope(settings).version))
    return summary.articles_new


def _api(api: str, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
    import httpx

    # A busy Prefect server (its own SQLite database, a loaded machine) answers 503 now and then: retry.
    for attempt in range(20):
        try:
            resp = httpx.request(method, f"{api}{path}", json=body, timeout=30)
        except httpx.TransportError:
            if attempt == 19:
                raise
            time.sleep(1)
            continue
        if resp.status_code < 500 or attempt == 19:
            break
        time.sleep(1)
    resp.raise_for_status()
    return resp.json() if resp.content else None


def _busy(api: str, deployment_id: str) -> bool:
    runs = _api(
        api,
        "POST",
        "/flow_runs/filter",
        {
            "deployments": {"id": {"any_": [deployment_id]}},
            "flow_runs": {"state": {"type": {"any_": ["PENDING", "RUNNING", "SCHEDULED"]}}},
        },
    )
    now = dt.datetime.now(dt.UTC)
    # A scheduled run far in the future (the next interval tick) does not count.
    return any(
        r["state"]["type"] != "SCHEDULED" or dt.datetime.fromisoformat(r["expected_start_time"]) <= now for r in runs
    )


def _one_run(api: str, deployment_id: str) -> dict[str, Any]:
    run = _api(api, "POST", f"/deployments/{deployment_id}/create_flow_run", {})
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        body: dict[str, Any] = _api(api, "GET", f"/flow_runs/{run['id']}")
        if body["state"]["type"] in ("COMPLETED", "FAILED", "CRASHED", "CANCELLED"):
            return body
        time.sleep(0.2)
    raise RuntimeError("monitor run did not finish")


def run_monitor_benchmark(n_feeds: int = N_FEEDS, runs: int = RUNS) -> dict[str, Any]:
    import httpx

    from benchmarks.feed_pass import feed_server
    from flows.serving import local_prefect_server

    with tempfile.TemporaryDirectory(prefix="talkwatch-bench-monitor-") as tmp:
        base = Path(tmp)
        with feed_server(n_feeds, ENTRIES) as feeds_url, local_prefect_server(base / "prefect") as (api, _server_pid):
            cfg = _config(base, feeds_url, n_feeds)
            stored = _first_pass(cfg)
            env = {
                **{k: v for k, v in os.environ.items() if not k.startswith(("TALKWATCH_", "PREFECT_"))},
                "PREFECT_API_URL": api,
                "PREFECT_HOME": str(base / "client"),
                "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
                "PREFECT_RUNNER_POLL_FREQUENCY": "1",
                "TALKWATCH_CONFIG": str(cfg),
                "TALKWATCH_SERVE_INTERVAL_S": "86400",  # the runs below are the ticks
            }
            log = (base / "serve.log").open("wb")
            serve = subprocess.Popen(
                [sys.executable, "-m", "flows.cli", "serve"], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT
            )
            try:
                deadline = time.monotonic() + 180
                deployment_id = None
                while deployment_id is None:
                    if serve.poll() is not None or time.monotonic() > deadline:
                        raise RuntimeError(f"serve did not start; see {base / 'serve.log'}")
                    try:
                        deployment_id = _api(api, "GET", "/deployments/name/monitor/talkwatch-monitor")["id"]
                    except httpx.HTTPError:  # not registered yet
                        time.sleep(0.5)
                results: list[dict[str, Any]] = []
                load = []
                while len(results) < runs and time.monotonic() < deadline + 600:
                    while _busy(api, deployment_id):  # the schedule's own first tick, if it fired
                        time.sleep(0.5)
                    load.append(round(os.getloadavg()[0], 2))
                    body = _one_run(api, deployment_id)
                    if body["state"]["type"] == "CANCELLED":
                        continue  # collided with a scheduled tick (CANCEL_NEW): queue another
                    if body["state"]["type"] != "COMPLETED":
                        raise RuntimeError(f"monitor run ended {body['state']['type']}; see {base / 'serve.log'}")
                    results.append(body)
            finally:
                serve.send_signal(signal.SIGINT)
                try:
                    serve.wait(timeout=60)
                except subprocess.TimeoutExpired:
                    serve.kill()
                    serve.wait()
                log.close()
    if not results:
        raise RuntimeError("no monitor run completed")

    def seconds(body: dict[str, Any], start_key: str) -> float:
        end = dt.datetime.fromisoformat(body["end_time"])
        return (end - dt.datetime.fromisoformat(body[start_key])).total_seconds()

    ticks = [seconds(b, "expected_start_time") for b in results]
    passes = [seconds(b, "start_time") for b in results]
    return {
        "monitor_pass_304_s_1000_feeds": round(min(ticks), 2),
        "monitor_pass_304_tick_to_completed_s": [round(t, 2) for t in ticks],
        "monitor_pass_304_run_s": [round(t, 2) for t in passes],
        "monitor_pass_304_feeds": n_feeds,
        "monitor_pass_304_stored_articles": stored,
        "monitor_pass_304_load_avg_1m": load,
    }


if __name__ == "__main__":
    import json

    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    print(json.dumps(run_monitor_benchmark(int(sys.argv[1]) if len(sys.argv) > 1 else N_FEEDS)))  # noqa: T201
