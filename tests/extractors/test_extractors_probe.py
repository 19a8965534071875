"""The own-written probe set: 54 short invented wire-style items (28 contacts, 26 look-alikes).

Written to cover phrasings the dev set may lack (N.K./DPRK/metonyms, agency datelines, "on March 3-4", secret
contacts via sources, talks that broke down, led-by sentences; stalled talks, former lawmakers, scheduled,
refused, one-way and third-party look-alikes). Our own text, so it may live in the repository.
"""

from __future__ import annotations

from pathlib import Path

from extractors import extract_many
from extractors.evaluation import article_of_record, evaluate, load_records

PROBE = Path(__file__).with_name("probe_articles.jsonl")


def test_probe_set_scores() -> None:
    records = load_records(PROBE)
    report = evaluate(records, extract_many([article_of_record(r) for r in records]))
    assert (report.tp, report.fp, report.fn) == (28, 0, 0)
    assert report.precision == 1.0
    assert report.recall == 1.0
    assert report.date_accuracy == 1.0
    assert report.level_accuracy == 1.0
    # The one location miss is the phone call, which has no place (the label has none either).
    assert report.location_accuracy is not None and report.location_accuracy >= 27 / 28
