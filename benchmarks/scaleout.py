"""`backfill_scaleout_2_workers` for `make bench`: the feed records backfilled through Prefect workers, as the
README's scale-out runs them, on one Prefect server and one PostgreSQL database.

1. A `prefect server` (temporary home, 127.0.0.1), the `talkwatch` process work pool, and the `backfill`
   deployment from this checkout's `prefect.yaml` (`prefect --no-prompt deploy --name backfill`).
2. One worker started with the shipped command (`prefect worker start --pool talkwatch --limit 1`); one run of
   the whole archive into a fresh schema. Its wall time (queued to Completed) is one worker's throughput, and
   its result the single-process reference.
3. A second worker; the archive split in two halves, one run each (`own_first=true`: each extracts the
   articles it stored first), queued together into another fresh schema. `--limit 1` makes each worker take
   one of them (without it the first worker claims both).
4. The figure: (2)'s time ÷ (3)'s time. Then the two schemas are compared: the same articles (identity,
   text, outlet, extraction state), the same events with the same linked articles, no duplicate rows
   (`..._identical`); `..._same` also says whether near-duplicate clusters, `sources` and the order of each
   event's statuses came out the same (they depend on which worker saw which copy or report first).

What holds the figure below 2 on a 2-core machine: one worker already keeps both cores busy
(`backfill_scaleout_busy_cores`, measured from /proc/stat over each phase: ~1.6 of 2 while one worker runs):
its flow run stores in one process while its store-ahead and parse-ahead workers prepare and parse in two
more (flows/store_ahead.py, flows/parse_ahead.py), and the PostgreSQL and Prefect servers run on the same
cores. A second worker can only use what the first leaves idle, and it adds its own fixed costs (a flow-run
process with its imports, two more worker processes, a second copy of the spaCy model). On a machine with a
core per process the same deployment scales; here the figure measures that the split is safe and identical.
"""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from benchmarks.backfill import feed_record_lines, pg_schema, pg_unavailable_note

ROOT = Path(__file__).resolve().parents[1]
PREFECT = str(Path(sys.executable).with_name("prefect"))
RUN_TIMEOUT_S = 1800


def _env(api: str, home: Path) -> dict[str, str]:
    inherited = {k: v for k, v in os.environ.items() if not k.startswith(("TALKWATCH_", "PREFECT_"))}
    return {
        **inherited,
        "PREFECT_API_URL": api,
        "PREFECT_HOME": str(home),
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "PREFECT_WORKER_QUERY_SECONDS": "1",  # how often an idle worker asks for runs (default 10 s)
        "TALKWATCH_HOME": str(ROOT),
    }


def _prefect(env: dict[str, str], *args: str) -> str:
    proc = subprocess.run(  # noqa: S603 - our own interpreter's prefect, fixed arguments
        [PREFECT, "--no-prompt", *args], capture_output=True, text=True, cwd=ROOT, env=env, timeout=300, check=False
    )
    if proc.returncode != 0:
        raise RuntimeError(f"prefect {' '.join(args)}: {(proc.stdout + proc.stderr)[-2000:]}")
    return proc.stdout


@contextlib.contextmanager
def _workers(env: dict[str, str], home: Path) -> Iterator[list[subprocess.Popen[bytes]]]:
    procs: list[subprocess.Popen[bytes]] = []
    try:
        yield procs
    finally:
        for proc in procs:
            proc.terminate()
        for proc in procs:
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        del env, home


def _start_worker(env: dict[str, str], home: Path, n: int) -> subprocess.Popen[bytes]:
    log = (home / f"worker{n}.log").open("wb")
    # The README's worker command: --limit 1, so a worker takes one run at a time and leaves the next to
    # another worker.
    return subprocess.Popen(  # noqa: S603
        [PREFECT, "worker", "start", "--pool", "talkwatch", "--type", "process", "--limit", "1", "--name", f"w{n}"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )


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


def _wait_workers(api: str, n: int) -> None:
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        online = [w for w in _api(api, "POST", "/work_pools/talkwatch/workers/filter", {}) if w["status"] == "ONLINE"]
        if len(online) >= n:
            return
        time.sleep(0.5)
    raise RuntimeError(f"{n} worker(s) did not come online")


def _run_all(api: str, deployment_id: str, runs: list[dict[str, Any]]) -> tuple[float, list[dict[str, Any]]]:
    """Queue these runs together; seconds until all are final, and the final flow runs."""
    start = time.perf_counter()
    ids = [
        _api(api, "POST", f"/deployments/{deployment_id}/create_flow_run", {"parameters": params})["id"]
        for params in runs
    ]
    deadline = time.monotonic() + RUN_TIMEOUT_S
    while time.monotonic() < deadline:
        states = [_api(api, "GET", f"/flow_runs/{i}") for i in ids]
        if all((s.get("state") or {}).get("type") in ("COMPLETED", "FAILED", "CRASHED", "CANCELLED") for s in states):
            return time.perf_counter() - start, states
        time.sleep(0.5)
    raise RuntimeError("backfill runs did not finish in time")


def stored_state(url: str) -> dict[str, Any]:
    """What a backfill produced, by content: articles by identity, events with their linked articles."""
    from sqlalchemy import func, select

    from storage.db import session_factory
    from storage.models import Article, EventArticle, TextBand
    from storage.models import Event as EventRow

    with session_factory(url)() as s:
        articles = list(s.scalars(select(Article)))
        key = {a.id: a.article_key for a in articles}
        # An article by what it is: its text at its outlet. The address kept for an outlet's copy of its own
        # text under two addresses is the one stored first, which differs when two workers store the
        # archive's halves at once (compared separately, as `addresses`).
        content = {a.id: f"{a.content_hash}|{a.outlet}" for a in articles}
        links: dict[int, list[str]] = {}
        for link in s.scalars(select(EventArticle)):
            links.setdefault(link.event_id, []).append(f"{content[link.article_id]}|{link.status}|{link.background}")
        events = sorted(
            json.dumps(
                [
                    e.country_a,
                    e.country_b,
                    e.status,
                    e.date,
                    e.date_precision,
                    e.location,
                    e.level,
                    e.background,
                    sorted(links.get(e.id, [])),
                ],
                sort_keys=True,
            )
            for e in s.scalars(select(EventRow))
        )
        copies = Counter(content[a.id] for a in articles if a.outlet)
        return {
            "articles": sorted(f"{content[a.id]}|{a.extracted_version}|{a.alerts_allowed}" for a in articles),
            "addresses": sorted(a.article_key for a in articles),
            "clusters": sorted(f"{a.article_key}|{key.get(a.text_cluster_id or -1)}" for a in articles),
            "events": events,
            # The order an event's statuses were reported in follows the order articles were applied in.
            "statuses": sorted(
                json.dumps([e.country_a, e.country_b, e.date, e.status_history]) for e in s.scalars(select(EventRow))
            ),
            "sources": sorted(
                json.dumps([e.country_a, e.country_b, e.date, e.sources]) for e in s.scalars(select(EventRow))
            ),
            "links": int(s.scalar(select(func.count()).select_from(EventArticle)) or 0),
            "bands": int(s.scalar(select(func.count()).select_from(TextBand)) or 0),
            # One outlet's text stored twice (under two addresses): what storing must never do.
            "duplicate_copies": sum(n - 1 for n in copies.values()),
        }


def _cpu_busy_s() -> float:
    """CPU seconds the machine has spent busy (user, nice, system, irq, softirq, steal of all cores)."""
    fields = Path("/proc/stat").read_text(encoding="utf-8").splitlines()[0].split()[1:]
    ticks = [int(f) for f in fields]
    busy = ticks[0] + ticks[1] + ticks[2] + ticks[5] + ticks[6] + (ticks[7] if len(ticks) > 7 else 0)
    return busy / os.sysconf("SC_CLK_TCK")


def _overlap(runs: list[dict[str, Any]]) -> float:
    import datetime as dt

    spans = [(dt.datetime.fromisoformat(r["start_time"]), dt.datetime.fromisoformat(r["end_time"])) for r in runs]
    start, end = max(s for s, _ in spans), min(e for _, e in spans)
    return max(0.0, (end - start).total_seconds())


def _config(directory: Path, url: str, name: str) -> Path:
    cfg = directory / f"{name}.toml"
    cfg.write_text(f'[database]\nurl = "{url}"\n', encoding="utf-8")
    return cfg


def run_scaleout_benchmark(limit: int | None = None) -> dict[str, Any]:
    from flows.serving import local_prefect_server

    with pg_schema() as one_url, pg_schema() as two_url:
        if one_url is None or two_url is None:
            return {"backfill_scaleout_2_workers": None, "backfill_scaleout_note": pg_unavailable_note()}
        lines = feed_record_lines(limit)
        with tempfile.TemporaryDirectory(prefix="talkwatch-bench-scaleout-") as tmp:
            base = Path(tmp)
            whole = base / "archive.jsonl"
            whole.write_text("\n".join(lines) + "\n", encoding="utf-8")
            half = len(lines) // 2
            parts = [base / "part-1.jsonl", base / "part-2.jsonl"]
            parts[0].write_text("\n".join(lines[:half]) + "\n", encoding="utf-8")
            parts[1].write_text("\n".join(lines[half:]) + "\n", encoding="utf-8")
            one_cfg, two_cfg = _config(base, one_url, "one"), _config(base, two_url, "two")
            home = base / "prefect"
            with local_prefect_server(home / "server") as (api, _server_pid), _workers({}, home) as workers:
                env = _env(api, home / "client")
                _prefect(env, "work-pool", "create", "talkwatch", "--type", "process")
                _prefect(env, "deploy", "--name", "backfill")
                deployment_id = _api(api, "GET", "/deployments/name/backfill/backfill")["id"]
                workers.append(_start_worker(env, home, 1))
                _wait_workers(api, 1)
                load_one = os.getloadavg()[0]
                cpu = _cpu_busy_s()
                one_s, one_runs = _run_all(
                    api, deployment_id, [{"source": str(whole), "config": str(one_cfg), "show_progress": False}]
                )
                workers.append(_start_worker(env, home, 2))
                _wait_workers(api, 2)
                busy_one = (_cpu_busy_s() - cpu) / one_s
                load_two = os.getloadavg()[0]
                cpu = _cpu_busy_s()
                two_s, two_runs = _run_all(
                    api,
                    deployment_id,
                    [
                        {"source": str(p), "config": str(two_cfg), "show_progress": False, "own_first": True}
                        for p in parts
                    ],
                )
                busy_two = (_cpu_busy_s() - cpu) / two_s
        states = [r["state"]["type"] for r in one_runs + two_runs]
        if any(s != "COMPLETED" for s in states):
            raise RuntimeError(f"scale-out benchmark runs ended {states}; see the worker logs")
        one, two = stored_state(one_url), stored_state(two_url)
    same = {k: one[k] == two[k] for k in one}
    return {
        "backfill_scaleout_2_workers": round(one_s / two_s, 2),
        "backfill_scaleout_1_worker_s": round(one_s, 1),
        "backfill_scaleout_2_workers_s": round(two_s, 1),
        "backfill_scaleout_1_worker_articles_per_s": round(len(lines) / one_s, 1),
        "backfill_scaleout_2_workers_articles_per_s": round(len(lines) / two_s, 1),
        # The two runs ran at the same time (one per worker), not one after the other.
        "backfill_scaleout_runs_overlap_s": round(_overlap(two_runs), 1),
        "backfill_scaleout_load_avg_1m": [round(load_one, 2), round(load_two, 2)],
        "backfill_scaleout_identical": all(same[k] for k in ("articles", "events", "links"))
        and not two["duplicate_copies"],
        # Busy cores (all processes, from /proc/stat) while one worker ran, and while two did: what one worker
        # leaves idle is all a second one can use.
        "backfill_scaleout_busy_cores": [round(busy_one, 2), round(busy_two, 2)],
        "backfill_scaleout_same": same,
        "backfill_scaleout_articles": len(one["articles"]),
        "backfill_scaleout_events": len(one["events"]),
    }


if __name__ == "__main__":
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    n = int(sys.argv[1]) if len(sys.argv) > 1 else None
    print(json.dumps(run_scaleout_benchmark(n)))  # noqa: T201
