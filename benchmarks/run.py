"""`talkwatch bench`: the pipeline's costs measured side by side in one run (ratios are the figures that
matter: the machines are noisy). No network: feeds are served from 127.0.0.1, databases are temporary.

Figures (targets from the performance issue):
- extract_overhead_vs_spacy: our extraction ÷ raw `nlp.pipe` of the same model on the same relevant articles (≤ 1.25)
- gate_speedup_2pct: full spaCy on every article ÷ our pipeline (default watch), on a stream of feed items of
  which 2% are relevant (≥ 20); gate_speedup_2pct_mixed_form: the same with the relevant items as whole
  articles, and its ceiling (full spaCy ÷ parsing only the relevant items, the best any gate could do)
- gate_recall: the gate's recall on the labelled positives and the seeds, whole and in feed form (must be 1.0)
- extract_overhead_vs_spacy_ja, gate_recall_ja, gate_ja_mb_per_s, language_detection_us_per_item: the Japanese
  pipeline's (benchmarks/extraction_ja.py)
- dedup_cost_ratio_100k_vs_1k: per-article store+dedup cost at 100,000 vs 1,000 stored articles (≤ 1.5)
- feed_pass_304_speedup: first pass ÷ all-304 pass over 1,000 local feeds (≥ 10)
- backfill_articles_per_s: end-to-end backfill throughput on the feed records (SQLite); backfill_pg_articles_per_s
  the same into a fresh PostgreSQL schema at 127.0.0.1 (skipped with a note when there is none)
- backfill_scaleout_2_workers: the feed records split across two Prefect workers ÷ one worker's run of all of
  them, on one Prefect server and one PostgreSQL database, the results compared (benchmarks/scaleout.py)
- monitor_pass_304_s_1000_feeds: under `serve`, a monitor run over 1,000 local feeds that all answer 304, tick
  to Completed (benchmarks/monitor.py)
- web_timeline_ms_100k: server time of the web view's timeline (`/`: chart, counts, first page) on 100,000 stored
  events in SQLite, best of 5 (< 300)
- peak_rss_mb: peak resident memory of the benchmark process (≤ 1500)
"""

from __future__ import annotations

import functools
import json
import os
import platform
import random
import resource
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, TypeVar

from rich.console import Console

from extractors.events import Article

ROOT = Path(__file__).resolve().parents[1]
SHARED_DATA = Path(os.environ.get("TALKWATCH_SHARED_DATA", ROOT.parent / "shared" / "data"))
STREAM_SIZE = int(os.environ.get("TALKWATCH_BENCH_STREAM", "1000"))
T = TypeVar("T")


def _timed(fn: Callable[[], T]) -> tuple[T, float]:
    start = time.perf_counter()
    value = fn()
    return value, time.perf_counter() - start


def _best_of(runs: int, fn: Callable[[], object]) -> float:
    return min(_timed(fn)[1] for _ in range(runs))


def _jsonl(path: Path) -> Iterator[dict[str, Any]]:
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield json.loads(line)


def _date(value: Any) -> Any:
    from extractors.inputs import parse_published

    try:
        return parse_published(value)
    except ValueError:
        return None


def relevant_articles() -> list[Article]:
    """The labelled positives of the dev set and the two seeds: what the gate must never drop."""
    out = [
        Article(id=r["id"], text=r["text"], title=r.get("title"), published=_date(r.get("published")))
        for r in _jsonl(SHARED_DATA / "labelled_dev.jsonl")
        if r.get("label") == "positive"
    ]
    seeds = sorted((ROOT / "seeds").glob("*.txt"))
    published = {"000_fd21201a034cecf6.txt": "2018-09-27", "004_c388640ea11f6b1b.txt": "2014-03-31"}
    out += [
        Article(id=p.name, text=p.read_text(encoding="utf-8"), published=_date(published.get(p.name))) for p in seeds
    ]
    return out


def feed_record_articles() -> list[Article]:
    """The irrelevant mass of a real stream: general news items (title + description)."""
    from benchmarks.inputs import feed_records

    return list(feed_records(SHARED_DATA / "feeds" / "general_news_sample.jsonl"))


def _as_feed_item(article: Article, lede_chars: int = 600) -> Article:
    """An article as a feed item carries it: the headline and the first paragraph(s), about `lede_chars`."""
    paragraphs = [p.strip() for p in article.text.split("\n\n") if p.strip()]
    lede: list[str] = []
    for paragraph in paragraphs:
        if lede and sum(len(p) for p in lede) >= lede_chars:
            break
        lede.append(paragraph)
    return article.model_copy(update={"text": "\n\n".join(lede)})


def bench_extraction(progress: Console | None) -> dict[str, Any]:
    import spacy

    from config.settings import Settings
    from extractors import extract_many, is_relevant
    from extractors.model import MODEL_NAME, nlp
    from flows.extraction_scope import extraction_scope

    # The monitor with its default config: it extracts the contacts of the default watch (Japan-North Korea).
    pairs = extraction_scope(Settings()).pairs
    relevant = relevant_articles()
    recall = sum(is_relevant(a.text, a.title, pairs) for a in relevant) / len(relevant)
    recall_feed_form = sum(is_relevant(_as_feed_item(a).text, a.title, pairs) for a in relevant) / len(relevant)
    model = nlp()
    full = spacy.load(MODEL_NAME)  # the stock pipeline, every pipe on: the baseline of the speed-ups
    texts = [a.text for a in relevant]
    list(model.pipe(texts[:4]))  # warm-up: first-call costs belong to neither side
    list(full.pipe(texts[:4]))
    extract_many(relevant[:4], pairs=pairs)
    spacy_times, ours_times, stock_times = [], [], []
    for _ in range(3):
        spacy_times.append(_timed(lambda: list(model.pipe(texts, batch_size=64)))[1])
        ours_times.append(_timed(lambda: extract_many(relevant, pairs=pairs))[1])
        stock_times.append(_timed(lambda: list(full.pipe(texts, batch_size=64)))[1])
    overhead = min(ours_times) / min(spacy_times)

    if progress:
        progress.print("bench: gate on a 2%-relevant stream ...")
    rng = random.Random(7)
    mass = feed_record_articles()
    n_rel = max(1, STREAM_SIZE * 2 // 100)
    mixed = rng.sample(mass, STREAM_SIZE - n_rel) + [relevant[i % len(relevant)] for i in range(n_rel)]
    rng.shuffle(mixed)
    relevant_ids = {r.id for r in relevant}
    # The stream as the monitor receives it: every item as its feed carries it, the relevant ones too
    # (headline and lede, what an RSS description holds), so 2% of the items are also ~2% of the text.
    stream = [_as_feed_item(a) if a.id in relevant_ids else a for a in mixed]
    # Best of several runs on each side: single runs on a shared 2-core machine swing by ±30 %.
    full_s = _best_of(2, lambda: list(full.pipe([a.text for a in stream], batch_size=64)))
    ours_s = _best_of(3, lambda: extract_many(stream, pairs=pairs))
    # The same items with the relevant ones as whole articles among headline+description items: they hold
    # far more than 2% of the words, so parsing them alone bounds the speed-up any gate can reach (ceiling).
    mixed_texts = [a.text for a in mixed]
    full_mixed_s = _best_of(2, lambda: list(full.pipe(mixed_texts, batch_size=64)))
    ours_mixed_s = _best_of(3, lambda: extract_many(mixed, pairs=pairs))
    relevant_in_mixed = [a.text for a in mixed if a.id in relevant_ids]
    floor_s = _best_of(3, lambda: list(model.pipe(relevant_in_mixed, batch_size=64)))
    relevant_words = sum(len(t.split()) for t in relevant_in_mixed)
    return {
        "extract_overhead_vs_spacy": round(overhead, 3),
        "parse_speedup_vs_stock_pipeline": round(min(stock_times) / min(spacy_times), 2),
        "extract_seconds": round(min(ours_times), 3),
        "spacy_pipe_seconds": round(min(spacy_times), 3),
        "relevant_articles": len(relevant),
        "gate_recall": round(recall, 4),
        "gate_recall_feed_form": round(recall_feed_form, 4),
        "gate_speedup_2pct": round(full_s / ours_s, 1),
        "stream_articles": len(stream),
        "stream_gate_pass_rate": round(sum(is_relevant(a.text, a.title, pairs) for a in stream) / len(stream), 4),
        "stream_gate_pass_rate_any_pair": round(sum(is_relevant(a.text, a.title) for a in stream) / len(stream), 4),
        "stream_full_spacy_seconds": round(full_s, 2),
        "stream_pipeline_seconds": round(ours_s, 3),
        "gate_speedup_2pct_mixed_form": round(full_mixed_s / ours_mixed_s, 1),
        "gate_speedup_ceiling_2pct_mixed_form": round(full_mixed_s / floor_s, 1),
        "mixed_form_relevant_word_share": round(relevant_words / sum(len(t.split()) for t in mixed_texts), 3),
    }


def bench_ja() -> dict[str, Any]:
    from benchmarks.extraction_ja import bench_extraction_ja

    stream = feed_record_articles() if (SHARED_DATA / "feeds" / "general_news_sample.jsonl").exists() else []
    return bench_extraction_ja(SHARED_DATA, stream)


def bench_feeds() -> dict[str, Any]:
    from benchmarks.feed_pass import run_feed_pass_benchmark

    res = run_feed_pass_benchmark(n_feeds=1000, entries=20)
    entries = 1000 * 20
    return {
        "feed_pass_304_speedup": round(res["feed_pass_304_speedup"], 1),
        "feed_pass_304_articles_per_s": round(entries / res["pass_304_s"], 0),
        "feed_first_pass_feeds_per_s": round(res["feeds_per_s_first"], 1),
        "feed_304_pass_feeds_per_s": round(res["feeds_per_s_304"], 1),
    }


def bench_dedup() -> dict[str, Any]:
    from benchmarks.dedup import run_dedup_benchmark

    res = run_dedup_benchmark()
    return {k: v for k, v in res.items() if not isinstance(v, list | dict)}


def bench_backfill() -> dict[str, Any]:
    from benchmarks.backfill import run_backfill_benchmark

    return run_backfill_benchmark()


def bench_web() -> dict[str, Any]:
    from benchmarks.web_timeline import run_timeline_benchmark

    return run_timeline_benchmark()


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux reports KiB


def bench_backfill_pg() -> dict[str, Any]:
    from benchmarks.backfill import run_pg_backfill_benchmark

    return run_pg_backfill_benchmark()


def bench_scaleout() -> dict[str, Any]:
    from benchmarks.scaleout import run_scaleout_benchmark

    return run_scaleout_benchmark()


def bench_monitor() -> dict[str, Any]:
    from benchmarks.monitor import run_monitor_benchmark

    return run_monitor_benchmark()


# Stage name (for `talkwatch bench --only NAME,...`), what it measures, the function.
STAGES: tuple[tuple[str, str, Callable[[Console | None], dict[str, Any]]], ...] = (
    ("extraction", "extraction and gate", bench_extraction),
    ("extraction_ja", "Japanese extraction and gate", lambda _p: bench_ja()),
    ("feeds", "feed passes over 1,000 local feeds", lambda _p: bench_feeds()),
    ("dedup", "dedup at 1k and 100k stored articles", lambda _p: bench_dedup()),
    ("backfill", "backfill throughput (SQLite)", lambda _p: bench_backfill()),
    ("backfill_pg", "backfill throughput (PostgreSQL)", lambda _p: bench_backfill_pg()),
    ("scaleout", "backfill on 1 and 2 Prefect workers", lambda _p: bench_scaleout()),
    ("monitor", "all-304 monitor pass under serve", lambda _p: bench_monitor()),
    ("web", "web timeline on 100,000 events", lambda _p: bench_web()),
)
STAGE_NAMES = tuple(name for name, _label, _fn in STAGES)


def run_bench(progress: Console | None = None, only: Sequence[str] = ()) -> dict[str, Any]:
    """Every stage, or the named ones (`STAGE_NAMES`)."""
    unknown = sorted(set(only) - set(STAGE_NAMES))
    if unknown:
        raise ValueError(f"unknown bench stage(s) {', '.join(unknown)}; known: {', '.join(STAGE_NAMES)}")
    figures: dict[str, Any] = {
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "load_avg_1m_at_start": round(os.getloadavg()[0], 2),
    }
    stages = [(name, label, fn) for name, label, fn in STAGES if not only or name in only]
    for name, label, stage_fn in stages:
        stage = functools.partial(stage_fn, progress)
        if progress:
            progress.print(f"bench: {label} ...")
        result, seconds = _timed(stage)
        figures.update(result)
        figures[f"seconds_{name}"] = round(seconds, 1)
    figures["load_avg_1m_at_end"] = round(os.getloadavg()[0], 2)
    figures["peak_rss_mb"] = round(peak_rss_mb(), 1)  # this process (workers and serve are child processes)
    from extractors import EXTRACTOR_VERSION

    figures["extractor_version"] = EXTRACTOR_VERSION
    return figures
