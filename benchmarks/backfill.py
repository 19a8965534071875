"""Backfill throughput for `make bench`: the feed records of `shared/data/feeds/*.jsonl` (20,000 general news
items plus the Japan/North Korea RSS and KCNA records) ingested end to end by the real `backfill` Prefect flow
(store with identity and near-duplicate bands, gate, spaCy extraction, history) into a temporary SQLite
database.

What is timed: the flow run over the records, from reading the file to the last history transaction. What is
not: writing the input file, the one-off start of Prefect's ephemeral API and loading the spaCy model (both
warmed up by a backfill of one record first; they cost seconds once per process, not per article).
"""

from __future__ import annotations

import json
import os
import tempfile
import time
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


def run_backfill_benchmark(limit: int | None = None) -> dict[str, Any]:
    """Articles per second of `backfill` over the feed records (all of them, or the first `limit`, or the first
    `$TALKWATCH_BENCH_BACKFILL_LIMIT`)."""
    from extractors.model import nlp
    from flows.backfill import backfill_flow, batch_size

    if limit is None and os.environ.get("TALKWATCH_BENCH_BACKFILL_LIMIT"):
        limit = int(os.environ["TALKWATCH_BENCH_BACKFILL_LIMIT"])  # a quicker, partial figure
    lines = feed_record_lines(limit)
    with tempfile.TemporaryDirectory(prefix="talkwatch-bench-backfill-") as tmp:
        base = Path(tmp)
        cfg = base / "talkwatch.toml"
        cfg.write_text(f'[database]\nurl = "sqlite:///{base / "bench.db"}"\n', encoding="utf-8")
        data = base / "feed_records.jsonl"
        data.write_text("\n".join(lines) + "\n", encoding="utf-8")
        warm = base / "warm-up.jsonl"
        warm.write_text(lines[0] + "\n" if lines else "", encoding="utf-8")
        nlp()
        backfill_flow(str(warm), config=str(cfg), show_progress=False)

        start = time.perf_counter()
        result = backfill_flow(str(data), config=str(cfg), show_progress=False)
        seconds = time.perf_counter() - start
    records = int(result["records_read"])
    return {
        "backfill_articles_per_s": round(records / seconds, 1) if seconds else 0.0,
        "backfill_articles": records,
        "backfill_seconds": round(seconds, 2),
        "backfill_articles_new": result["articles_new"],
        "backfill_articles_extracted": result["articles_extracted"],
        "backfill_events_new": result["events_new"],
        "backfill_batch": batch_size(),
        "backfill_database": "sqlite (temporary file)",
    }


if __name__ == "__main__":
    import sys

    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")  # no network here
    os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")

    print(json.dumps(run_backfill_benchmark(int(sys.argv[1]) if len(sys.argv) > 1 else None)))  # noqa: T201
