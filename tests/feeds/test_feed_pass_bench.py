"""The feed-pass benchmark helper runs end to end on a small input (the full run is `talkwatch bench`)."""

from __future__ import annotations

from benchmarks.feed_pass import generate_feed, run_feed_pass_benchmark
from feeds.parse import parse_feed_bytes


def test_generated_feed_is_realistic():
    body = generate_feed(3)
    parsed = parse_feed_bytes(body, url="https://outlet3.example.com/feed")
    assert len(parsed.entries) == 20 and parsed.warning is None
    assert all(480 <= len(e.summary or "") <= 520 for e in parsed.entries)
    assert 10_000 < len(body) < 25_000


def test_small_benchmark_run():
    figures = run_feed_pass_benchmark(n_feeds=40, entries=5, repeat=1)
    assert figures["feeds"] == 40 and figures["entries"] == 200
    for key in ("first_pass_s", "pass_304_s", "feeds_per_s_first", "feeds_per_s_304", "feed_pass_304_speedup"):
        assert figures[key] > 0
    assert set(figures) >= {
        "first_pass_s",
        "pass_304_s",
        "feed_pass_304_speedup",
        "feeds_per_s_first",
        "feeds_per_s_304",
        "entries",
    }
