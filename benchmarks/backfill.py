"""Backfill throughput for `make bench`: the feed records of `shared/data/feeds/*.jsonl` (20,000 general news
items plus the Japan/North Korea RSS and KCNA records) ingested end to end by the real `backfill` Prefect flow
(store with identity and near-duplicate bands, gate, spaCy extraction, history) into a temporary SQLite
database, and (`backfill_pg_*`) into a fresh schema of the PostgreSQL server at 127.0.0.1 (or $TALKWATCH_BENCH_PG).

What is timed: the flow run over the records, from reading the file to the last history transaction. What is
not: writing the input file, the one-off start of Prefect's ephemeral API and loading the spaCy model (both
warmed up by a backfill of one record first; they cost seconds once per process, not per article).
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SHARED_DATA = Path(os.environ.get("TALKWATCH_SHARED_DATA", ROOT.parent / "shared" / "data"))


def feed_record_lines(limit: int | None = None) -> list[str]:
    """The feed records as JSONL articles (`id`, `url`, `title`, `text`, `published`), HTML reduced to text
    as a monitor pass would store it."""
    from benchmarks.inputs import feed_records
    from feeds.text import html_to_text

    lines: list[str] = []
    for path in sorted((SHARED_DATA / "feeds").glob("*.jsonl")):
        for art in feed_records(path):
            text = html_to_text(art.text) if "<" in art.text else art.text
            if not text.strip():
                continue
            record = {
                "id": art.id,
                "url": art.url,
                "title": art.title,
                "text": text,
                "published": art.published.isoformat() if art.published else None,
            }
            lines.append(json.dumps(record, ensure_ascii=False))
            if limit is not None and len(lines) >= limit:
                return lines
    return lines


PG_BASE = os.environ.get("TALKWATCH_BENCH_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


def machine_load() -> dict[str, Any]:
    """The 1-minute load average now: the machine is shared, so every figure says how busy it was."""
    return {"load_avg_1m": round(os.getloadavg()[0], 2), "cpus": os.cpu_count()}


@contextlib.contextmanager
def pg_schema(base: str = PG_BASE) -> Iterator[str | None]:
    """A fresh schema on the PostgreSQL server of `base` (dropped afterwards): its URL, or None when the
    server cannot be reached."""
    import psycopg
    from sqlalchemy.engine import make_url

    url = make_url(base)
    dsn = f"host={url.host or '127.0.0.1'} port={url.port or 5432} user={url.username or 'postgres'} " + (
        f"dbname={url.database or 'postgres'}" + (f" password={url.password}" if url.password else "")
    )
    schema = f"tw_bench_{uuid.uuid4().hex[:10]}"
    try:
        with psycopg.connect(dsn, autocommit=True, connect_timeout=3) as conn:
            conn.execute(f'CREATE SCHEMA "{schema}"')
    except psycopg.Error:
        yield None
        return
    try:
        yield f"{base}{'&' if '?' in base else '?'}options=-csearch_path%3D{schema}"
    finally:
        from storage.db import dispose_all

        dispose_all()
        with psycopg.connect(dsn, autocommit=True, connect_timeout=10) as conn:
            conn.execute(f'DROP SCHEMA "{schema}" CASCADE')


def pg_unavailable_note(base: str = PG_BASE) -> str:
    from sqlalchemy.engine import make_url

    return f"skipped: no PostgreSQL server at {make_url(base).render_as_string(hide_password=True)}"


def _cpu_seconds() -> float:
    """This process's CPU and its finished children's (the parse-ahead worker, joined when the flow ends)."""
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def timed_backfill(source: Path, config: Path) -> dict[str, Any]:
    """One in-process `backfill` flow run over `source`: its summary plus wall and CPU seconds and the load."""
    from flows.backfill import backfill_flow

    load_before = os.getloadavg()[0]
    start, cpu = time.perf_counter(), _cpu_seconds()
    result = backfill_flow(str(source), config=str(config), show_progress=False)
    seconds, cpu_s = time.perf_counter() - start, _cpu_seconds() - cpu
    return {
        **result,
        "wall_s": seconds,
        "cpu_s": cpu_s,
        "load_avg_1m": round(max(load_before, os.getloadavg()[0]), 2),
    }


def run_backfill_benchmark(
    limit: int | None = None, url: str | None = None, prefix: str = "backfill"
) -> dict[str, Any]:
    """Articles per second of `backfill` over the feed records (all of them, or the first `limit`, or the first
    `$TALKWATCH_BENCH_BACKFILL_LIMIT`) into `url` (default: a temporary SQLite file)."""
    from extractors.model import nlp
    from flows.backfill import backfill_flow, batch_size

    if limit is None and os.environ.get("TALKWATCH_BENCH_BACKFILL_LIMIT"):
        limit = int(os.environ["TALKWATCH_BENCH_BACKFILL_LIMIT"])  # a quicker, partial figure
    lines = feed_record_lines(limit)
    with tempfile.TemporaryDirectory(prefix="talkwatch-bench-backfill-") as tmp:
        base = Path(tmp)
        db_url = url or f"sqlite:///{base / 'bench.db'}"
        cfg = base / "talkwatch.toml"
        cfg.write_text(f'[database]\nurl = "{db_url}"\n', encoding="utf-8")
        data = base / "feed_records.jsonl"
        data.write_text("\n".join(lines) + "\n", encoding="utf-8")
        warm = base / "warm-up.jsonl"
        warm.write_text(lines[0] + "\n" if lines else "", encoding="utf-8")
        nlp()
        backfill_flow(str(warm), config=str(cfg), show_progress=False)
        result = timed_backfill(data, cfg)
    records = int(result["records_read"])
    seconds = float(result["wall_s"])
    return {
        f"{prefix}_articles_per_s": round(records / seconds, 1) if seconds else 0.0,
        f"{prefix}_articles": records,
        f"{prefix}_seconds": round(seconds, 2),
        f"{prefix}_cpu_seconds": round(float(result["cpu_s"]), 2),
        f"{prefix}_store_seconds": result["store_seconds"],
        f"{prefix}_extract_seconds": result["extract_seconds"],
        f"{prefix}_load_avg_1m": result["load_avg_1m"],
        f"{prefix}_articles_new": result["articles_new"],
        f"{prefix}_articles_extracted": result["articles_extracted"],
        f"{prefix}_articles_parsed_ahead": result.get("articles_parsed_ahead", 0),
        f"{prefix}_events_new": result["events_new"],
        f"{prefix}_batch": batch_size(),
        f"{prefix}_database": "sqlite (temporary file)" if url is None else "postgresql (fresh schema)",
    }


def run_pg_backfill_benchmark(limit: int | None = None) -> dict[str, Any]:
    """`backfill_pg_*`: the same run into a fresh schema of the PostgreSQL server at 127.0.0.1 (or
    $TALKWATCH_BENCH_PG); skipped with a note when there is none."""
    with pg_schema() as url:
        if url is None:
            return {"backfill_pg_articles_per_s": None, "backfill_pg_note": pg_unavailable_note()}
        return run_backfill_benchmark(limit, url, prefix="backfill_pg")


if __name__ == "__main__":
    import sys

    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")  # no network here
    os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
    n = int(sys.argv[1]) if len(sys.argv) > 1 and sys.argv[1].isdigit() else None
    if "pg" in sys.argv[1:]:
        print(json.dumps(run_pg_backfill_benchmark(n)))  # noqa: T201
    else:
        print(json.dumps(run_backfill_benchmark(n)))  # noqa: T201
