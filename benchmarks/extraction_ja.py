"""The Japanese pipeline's figures (issue 19), stage `extraction_ja` of `make bench`.

- extract_overhead_vs_spacy_ja: our extraction of the Japanese articles ÷ raw `nlp.pipe` of `ja_ginza` on the
  same texts (the Japanese counterpart of `extract_overhead_vs_spacy`)
- gate_recall_ja: the Japanese gate's recall on the labelled Japanese positives and the own probe positives
- gate_ja_mb_per_s: the Japanese gate's throughput on the Japanese texts (substring scans, no segmentation)
- language_detection_us_per_item: what deciding the language adds to each item of the English stream
- ja_model_load_s: loading `ja_ginza` (once per process, only when an article is Japanese)
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

from extractors.events import Article

ROOT = Path(__file__).resolve().parents[1]
JA_PROBES = ROOT / "tests" / "extractors" / "japanese"


def japanese_articles(shared_data: Path) -> list[tuple[Article, bool, tuple[str, str]]]:
    """(article, labelled positive, the record's pair) for the Japanese dev set and the own probe articles
    (a record is labelled for its own `countries`, default Japan-North Korea)."""
    from extractors.evaluation import article_of_record

    paths = [shared_data / "labelled_ja_dev.jsonl", *sorted(JA_PROBES.glob("ja_probe_*.jsonl"))]
    out = []
    for path in paths:
        if not path.exists():
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                record = json.loads(line)
                a, b = sorted(record.get("countries") or ("JPN", "PRK"))
                out.append((article_of_record(record), record.get("label") == "positive", (a, b)))
    return out


def _best(runs: int, fn: Any) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def bench_extraction_ja(shared_data: Path, english_stream: list[Article]) -> dict[str, Any]:
    from extractors import extract_many
    from extractors.japanese.detect import language_of
    from extractors.japanese.gate import is_relevant_ja
    from extractors.japanese.model import nlp_ja

    items = japanese_articles(shared_data)
    if not items:
        return {"extract_overhead_vs_spacy_ja": None, "ja_note": "no Japanese articles found"}
    articles = [a for a, _, _ in items]
    positives = [(a, pair) for a, pos, pair in items if pos]
    pairs = {("JPN", "PRK")}
    # Each positive through the gate of a watch on its own pair (as the monitor would gate it).
    recall = (
        sum(is_relevant_ja(a.text, a.title, {pair}) for a, pair in positives) / len(positives) if positives else None
    )
    passing = [a for a in articles if is_relevant_ja(a.text, a.title, pairs)]
    start = time.perf_counter()
    nlp = nlp_ja()
    load_s = time.perf_counter() - start
    texts = [a.text for a in passing]
    list(nlp.pipe(texts[:4]))  # warm-up on both sides
    extract_many(passing[:4], pairs=pairs)
    spacy_s = _best(3, lambda: list(nlp.pipe(texts, batch_size=64)))
    ours_s = _best(3, lambda: extract_many(passing, pairs=pairs))
    chars = sum(len(a.text) for a in articles)
    gate_s = _best(5, lambda: [is_relevant_ja(a.text, a.title, pairs) for a in articles])
    stream = english_stream[:5000]
    detect_s = _best(3, lambda: [language_of(a.text, a.title, a.language) for a in stream]) if stream else 0.0
    return {
        "extract_overhead_vs_spacy_ja": round(ours_s / spacy_s, 3),
        "extract_seconds_ja": round(ours_s, 3),
        "spacy_pipe_seconds_ja": round(spacy_s, 3),
        "ja_articles": len(articles),
        "ja_articles_gate_passed": len(passing),
        "gate_recall_ja": round(recall, 4) if recall is not None else None,
        "gate_ja_mb_per_s": round(chars * 3 / 1e6 / gate_s, 1) if gate_s else None,  # UTF-8: ~3 bytes a character
        "language_detection_us_per_item": round(detect_s / len(stream) * 1e6, 1) if stream else None,
        "ja_model_load_s": round(load_s, 2),
    }
