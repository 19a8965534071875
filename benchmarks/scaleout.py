"""`backfill_scaleout_2_workers` for `make bench`: the feed records backfilled through Prefect workers, as the
README's scale-out runs them, on one Prefect server and one PostgreSQL database.

1. A `prefect server` (temporary home, 127.0.0.1), the `talkwatch` process work pool, and the `backfill`
   deployment from this checkout's `prefect.yaml` (`prefect --no-prompt deploy --name backfill`).
2. One worker started with the shipped command (`prefect worker start --pool talkwatch --limit 1`); one run of
   the whole archive into a fresh schema. Its wall time (queued to Completed) is one worker's throughput, and
   its result the single-process reference.
3. A second worker; the archive split in two halves (every other record), one run each (`own_first=true`:
   each extracts the articles it stored first), queued together into another fresh schema. `--limit 1` makes
   each worker take one of them (without it the first worker claims both).
4. The figure: (2)'s time / (3)'s time. Then the schemas are compared: the same articles (text, outlet,
   extraction state), the same events with the same linked articles, no outlet's text stored twice
   (`..._identical`); `..._same` also says whether addresses, near-duplicate clusters, `sources` and the order
   of each event's statuses came out the same (they depend on which worker saw which copy or report first).

Steps 2 and 3 run in two set-ups (`run_scaleout_benchmark`): each worker on a core of its own (the figure:
how workers scale when each has its own hardware, as on a cluster), and both workers free to use both cores
(`..._shared_cores`: what the same two commands give on this one 2-core machine, where a single worker's
parse-ahead and store-ahead processes already use both cores). Each set-up reports where the CPU went (the
workers with their flow runs and helper processes, PostgreSQL, the Prefect server, everything else) and each
run's start-up (queued to running) apart from its work (running to completed).
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


def _start_worker(env: dict[str, str], home: Path, n: int, core: int | None = None) -> subprocess.Popen[bytes]:
    """`core`: confine the worker and every process it starts to that core (set before it runs, so its flow
    runs and their helper processes inherit it)."""
    home.mkdir(parents=True, exist_ok=True)
    log = (home / f"worker{n}.log").open("ab")
    # The README's worker command: --limit 1, so a worker takes one run at a time and leaves the next to
    # another worker.
    return subprocess.Popen(  # noqa: S603
        [PREFECT, "worker", "start", "--pool", "talkwatch", "--type", "process", "--limit", "1", "--name", f"w{n}"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        preexec_fn=None if core is None else (lambda: os.sched_setaffinity(0, {core})),  # noqa: PLW1509
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


def _tree_cpu_s(root: int) -> float:
    """CPU seconds of a process and all its descendants, the exited ones included (reaped children count in
    their parent's cutime/cstime, live ones in their own utime/stime)."""
    import psutil

    try:
        procs = [psutil.Process(root)]
        procs += procs[0].children(recursive=True)
    except psutil.NoSuchProcess:
        return 0.0
    total = 0.0
    for proc in procs:
        with contextlib.suppress(psutil.NoSuchProcess, psutil.AccessDenied):
            t = proc.cpu_times()
            total += t.user + t.system + t.children_user + t.children_system
    return total


def _postmaster_pid() -> int | None:
    """The local PostgreSQL server's main process (its backends are its children)."""
    import psutil

    for proc in psutil.process_iter(["name", "ppid", "username"]):
        if proc.info["name"] in ("postgres", "postmaster") and proc.info["ppid"] == 1:
            return int(proc.pid)
    return None


class _CpuShares:
    """Where a phase's CPU went: the workers (with their flow runs and helper processes), the PostgreSQL server,
    the Prefect server, everything else on the machine."""

    def __init__(self, workers: list[subprocess.Popen[bytes]], prefect_pid: int) -> None:
        self.roots = {"prefect_server": prefect_pid, "postgres": _postmaster_pid()}
        self.workers = workers
        self.start = self._sample()

    def _sample(self) -> dict[str, float]:
        sample = {name: _tree_cpu_s(pid) if pid else 0.0 for name, pid in self.roots.items()}
        sample["workers"] = sum(_tree_cpu_s(w.pid) for w in self.workers)
        sample["machine"] = _cpu_busy_s()
        return sample

    def shares(self) -> dict[str, float]:
        end = self._sample()
        used = {k: end[k] - self.start[k] for k in end}
        used["other"] = used.pop("machine") - sum(used.values())
        return {k: round(v, 1) for k, v in used.items()}


def _overlap(runs: list[dict[str, Any]]) -> float:
    import datetime as dt

    spans = [(dt.datetime.fromisoformat(r["start_time"]), dt.datetime.fromisoformat(r["end_time"])) for r in runs]
    start, end = max(s for s, _ in spans), min(e for _, e in spans)
    return max(0.0, (end - start).total_seconds())


def _timing(run: dict[str, Any]) -> list[float]:
    import datetime as dt

    created, start, end = (dt.datetime.fromisoformat(run[k]) for k in ("created", "start_time", "end_time"))
    return [round((start - created).total_seconds(), 1), round((end - start).total_seconds(), 1)]


def _config(directory: Path, url: str, name: str) -> Path:
    cfg = directory / f"{name}.toml"
    cfg.write_text(f'[database]\nurl = "{url}"\n', encoding="utf-8")
    return cfg


def _phase(
    api: str,
    env: dict[str, str],
    home: Path,
    files: dict[str, Path],
    urls: tuple[str, str],
    *,
    pin: bool,
    prefect_pid: int,
) -> dict[str, Any]:
    """One worker backfills the whole archive into `urls[0]`, then two workers its halves into `urls[1]`:
    their wall times, busy cores and CPU seconds by process, and the runs. `pin`: each worker (with everything
    it starts: the flow run and its helper processes) confined to a core of its own."""
    deployment_id = _api(api, "GET", "/deployments/name/backfill/backfill")["id"]
    cores = sorted(os.sched_getaffinity(0))
    with _workers(env, home) as workers:
        workers.append(_start_worker(env, home, 1, core=cores[0] if pin else None))
        _wait_workers(api, 1)
        cpu = _CpuShares(workers, prefect_pid)
        one_s, one_runs = _run_all(
            api,
            deployment_id,
            [{"source": str(files["whole"]), "config": str(_config(home, urls[0], "one")), "show_progress": False}],
        )
        cpu_one = cpu.shares()
        workers.append(_start_worker(env, home, 2, core=cores[-1] if pin else None))
        _wait_workers(api, 2)
        two_cfg = _config(home, urls[1], "two")
        cpu = _CpuShares(workers, prefect_pid)
        two_s, two_runs = _run_all(
            api,
            deployment_id,
            [
                {"source": str(files[part]), "config": str(two_cfg), "show_progress": False, "own_first": True}
                for part in ("part-1", "part-2")
            ],
        )
        cpu_two = cpu.shares()
    states = [r["state"]["type"] for r in one_runs + two_runs]
    if any(s != "COMPLETED" for s in states):
        raise RuntimeError(f"scale-out benchmark runs ended {states}; see the worker logs in {home}")
    return {"one_s": one_s, "two_s": two_s, "cpu": [cpu_one, cpu_two], "runs": [*one_runs, *two_runs]}


def _figures(prefix: str, lines: int, phase: dict[str, Any]) -> dict[str, Any]:
    one_s, two_s, (cpu_one, cpu_two) = phase["one_s"], phase["two_s"], phase["cpu"]
    return {
        prefix: round(one_s / two_s, 2),
        f"{prefix}_1_worker_s": round(one_s, 1),
        f"{prefix}_2_workers_s": round(two_s, 1),
        f"{prefix}_1_worker_articles_per_s": round(lines / one_s, 1),
        f"{prefix}_2_workers_articles_per_s": round(lines / two_s, 1),
        # Busy cores (all processes, /proc/stat) while one worker ran, and while two did: what one worker
        # leaves idle is all a second one can use.
        f"{prefix}_busy_cores": [
            round((sum(cpu_one.values())) / one_s, 2),
            round((sum(cpu_two.values())) / two_s, 2),
        ],
        # CPU seconds by process while one worker ran, and while two did (benchmarks/scaleout.py `_CpuShares`).
        f"{prefix}_cpu_s": [cpu_one, cpu_two],
        # Each run (one worker's, then the two halves'): seconds from queued to started, and started to ended.
        f"{prefix}_runs_start_and_run_s": [_timing(r) for r in phase["runs"]],
        # The two runs ran at the same time (one per worker), not one after the other.
        f"{prefix}_runs_overlap_s": round(_overlap(phase["runs"][1:]), 1),
    }


def run_scaleout_benchmark(limit: int | None = None) -> dict[str, Any]:
    """Two set-ups, each one worker then two (fresh schemas each time):

    - a core per worker (the figure): each worker confined to a core of its own (CPU affinity, as `taskset`
      or a container's cpuset would), the way workers scale out on a cluster where each has its own machine.
      A worker sees one usable core and runs no helper processes (common/cores.py).
    - shared cores (`..._shared_cores`): the workers as started on this machine, each free to use both
      cores; one worker's parse-ahead and store-ahead processes already keep both busy, so a second worker
      can only take turns with the first."""
    from flows.serving import local_prefect_server

    with contextlib.ExitStack() as stack:
        urls = [stack.enter_context(pg_schema()) for _ in range(4)]
        if any(u is None for u in urls):
            return {"backfill_scaleout_2_workers": None, "backfill_scaleout_note": pg_unavailable_note()}
        one_pinned, two_pinned, one_shared, two_shared = (str(u) for u in urls)
        lines = feed_record_lines(limit)
        base = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="talkwatch-bench-scaleout-")))
        # Every other record to each half, so that both halves hold the same mix: the archive's long and
        # relevant KCNA stories come last, and halves cut in the middle gave one run half as much work again
        # as the other (a user splits a decade by year, not by kind of story).
        files = {"whole": lines, "part-1": lines[0::2], "part-2": lines[1::2]}
        paths = {name: base / f"{name}.jsonl" for name in files}
        for name, part in files.items():
            paths[name].write_text("\n".join(part) + "\n", encoding="utf-8")
        home = base / "prefect"
        api, server_pid = stack.enter_context(local_prefect_server(home / "server"))
        env = _env(api, home / "client")
        _prefect(env, "work-pool", "create", "talkwatch", "--type", "process")
        _prefect(env, "deploy", "--name", "backfill")
        load = os.getloadavg()[0]
        pinned = _phase(api, env, home, paths, (one_pinned, two_pinned), pin=True, prefect_pid=server_pid)
        shared = _phase(api, env, home, paths, (one_shared, two_shared), pin=False, prefect_pid=server_pid)
        one, two = stored_state(one_pinned), stored_state(two_pinned)
        one_sh, two_sh = stored_state(one_shared), stored_state(two_shared)
    same = {k: one[k] == two[k] for k in one}
    return {
        **_figures("backfill_scaleout_2_workers", len(lines), pinned),
        **_figures("backfill_scaleout_2_workers_shared_cores", len(lines), shared),
        "backfill_scaleout_load_avg_1m": round(load, 2),
        "backfill_scaleout_identical": all(same[k] for k in ("articles", "events", "links"))
        and not two["duplicate_copies"]
        and all(one_sh[k] == two_sh[k] and one_sh[k] == one[k] for k in ("articles", "events", "links"))
        and not two_sh["duplicate_copies"],
        "backfill_scaleout_same": same,
        "backfill_scaleout_articles": len(one["articles"]),
        "backfill_scaleout_events": len(one["events"]),
    }


if __name__ == "__main__":
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    n = int(sys.argv[1]) if len(sys.argv) > 1 else None
    print(json.dumps(run_scaleout_benchmark(n)))  # noqa: T201
