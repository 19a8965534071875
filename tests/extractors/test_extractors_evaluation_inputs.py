"""The evaluation rule (and the dev-set bar), and the article input formats."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from extractors.evaluation import (
    EvalReport,
    date_matches,
    evaluate,
    location_matches,
    render_report,
)
from extractors.events import Article, Event, Evidence
from extractors.inputs import InputError, article_from_text, parse_published, read_articles


def test_dev_set_meets_the_bar(dev_records: list[dict[str, Any]], dev_events: list[list[Event]]) -> None:
    report = evaluate(dev_records, dev_events)
    assert report.precision >= 0.95, render_report(report)
    assert report.recall >= 0.95, render_report(report)
    for accuracy in (report.date_accuracy, report.location_accuracy, report.level_accuracy):
        assert accuracy is not None
        assert accuracy >= 0.9, render_report(report)
    assert json.loads(json.dumps(report.to_json()))["tp"] == report.tp


def _event(**kw: Any) -> Event:
    base: dict[str, Any] = {"status": "held", "countries": ("JPN", "PRK"), "confidence": 0.9}
    base.update(kw)
    return Event(**base)


def test_evaluate_counts_and_field_accuracy() -> None:
    records = [
        {"id": "p1", "title": "t", "label": "positive", "event_date": "2018-09-26", "location": "New York, USA",
         "level": "foreign_ministers"},
        {"id": "p2", "title": "t", "label": "positive", "event_date": "2018-07", "location": "Vietnam",
         "level": "intelligence"},
        {"id": "n1", "title": "t", "label": "negative"},
        {"id": "n2", "title": "t", "label": "negative"},
    ]  # fmt: skip
    ev = Evidence(article="p1", start=0, end=3, text="abc")
    events = [
        [_event(date="2018-09-26", date_precision="day", location="New York", level="foreign_ministers",
                evidence=(ev,))],
        [_event(status="scheduled")],
        [_event(background=True)],
        [_event(countries=("CHN", "USA"))],
    ]  # fmt: skip
    report = evaluate(records, events)
    assert isinstance(report, EvalReport)
    assert (report.tp, report.fp, report.fn, report.tn) == (1, 0, 1, 2)
    assert report.precision == 1.0
    assert report.recall == 0.5
    assert (report.date_accuracy, report.location_accuracy, report.level_accuracy) == (1.0, 1.0, 1.0)
    assert report.true_positives[0].evidence == "abc"
    assert "recall 50.0%" in render_report(report)


def test_date_rule() -> None:
    assert date_matches("2018-09-26", "2018-09-26", "day")
    assert date_matches("2007-03-07", "2007-03-08", "day")  # multi-day talks
    assert not date_matches("2018-09-26", "2018-09", "month")
    assert date_matches("2018-07", "2018-07", "month")
    assert date_matches("2018-07", "2018-07-15", "day")
    assert not date_matches("2018-07", "2018", "year")
    assert not date_matches("2018-07", None, None)


def test_location_rule() -> None:
    assert location_matches("Beijing (Japanese Embassy), China", "Beijing")
    assert location_matches("Ulaanbaatar (Ulan Bator), Mongolia", "Ulan Bator")
    assert location_matches("Ulaanbaatar, Mongolia", "Ulan Bator")
    assert location_matches("China (city not given)", "China")
    assert location_matches("Pyongyang, North Korea", "north korea")
    assert not location_matches("Hanoi, Vietnam", "Beijing")
    assert not location_matches("Hanoi, Vietnam", None)
    # A contact whose place the text does not give (a call, "a third country"): no place is right.
    assert location_matches("unknown", None)
    assert not location_matches("unknown", "Beijing")


def test_read_jsonl(tmp_path: Path) -> None:
    path = tmp_path / "in.jsonl"
    lines = [
        json.dumps({"id": "a", "text": "x", "published": "2018-09-27", "title": "T", "extra": 1}),
        "not json",
        json.dumps({"id": "b", "title": "no text"}),
        "",
        json.dumps({"text": "y", "published": "2018-09-27T10:00:00Z", "url": "https://e.org/a"}),
        json.dumps({"id": "c", "text": "z", "published": "yesterday"}),
        json.dumps({"id": "d", "text": "w", "published": None}),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = list(read_articles(path))
    assert [type(x).__name__ for x in out] == ["Article", "InputError", "InputError", "Article", "InputError",
                                               "Article"]  # fmt: skip
    first = out[0]
    assert isinstance(first, Article)
    assert (first.id, first.title, first.published) == ("a", "T", dt.date(2018, 9, 27))
    fourth = out[3]
    assert isinstance(fourth, Article)
    assert fourth.id == "in.jsonl:5"
    assert fourth.published == dt.date(2018, 9, 27)
    errors = [x for x in out if isinstance(x, InputError)]
    assert [e.line for e in errors] == [2, 3, 6]
    assert errors[1].id == "b"
    assert all(e.to_json()["error"] for e in errors)


def test_read_lines_from_stdin_like_source() -> None:
    out = list(read_articles(['{"text": "hello"}', "{bad"]))
    assert isinstance(out[0], Article)
    assert isinstance(out[1], InputError)


def test_read_txt(tmp_path: Path) -> None:
    path = tmp_path / "story.txt"
    path.write_text("Headline here\n\nBody text.\nMore.", encoding="utf-8")
    (article,) = list(read_articles(path, published=dt.date(2020, 1, 2)))
    assert isinstance(article, Article)
    assert (article.id, article.title, article.published) == ("story.txt", "Headline here", dt.date(2020, 1, 2))
    assert article.text.startswith("Headline here")
    assert article_from_text("No title line\nstraight into text", "x").title is None


def test_unreadable_file_is_reported(tmp_path: Path) -> None:
    (err,) = list(read_articles(tmp_path / "missing.jsonl"))
    assert isinstance(err, InputError)
    assert err.line is None


def test_parse_published() -> None:
    assert parse_published("2014-03-31") == dt.date(2014, 3, 31)
    assert parse_published("2014-03-31T23:10:00+09:00") == dt.date(2014, 3, 31)
    assert parse_published(None) is None


def test_each_record_is_scored_for_its_own_pair_with_confidence_tables() -> None:
    records = [
        {"id": "a", "label": "positive", "countries": ["PRK", "JPN"], "level": "leaders"},
        {"id": "b", "label": "positive", "countries": ["RUS", "JPN"], "level": "leaders"},
        {"id": "c", "label": "negative", "countries": ["JPN", "KOR"]},
        {"id": "d", "label": "negative"},
    ]
    events = [
        [_event(confidence=0.95, level="leaders")],
        # a JPN-PRK contact does not make a JPN-RUS record positive; its own pair's contact does
        [_event(confidence=0.95), _event(countries=("JPN", "RUS"), confidence=0.55, level="leaders")],
        [_event(countries=("JPN", "KOR"), confidence=0.72)],
        [_event(countries=("JPN", "KOR"), confidence=0.99)],  # another pair: no claim about JPN-PRK
    ]
    report = evaluate(records, events)
    assert (report.tp, report.fp, report.fn, report.tn) == (2, 1, 0, 1)
    assert report.level_accuracy == 1.0
    by_pair = {p.pair: p for p in report.pairs}
    assert sorted(by_pair) == ["JPN-KOR", "JPN-PRK", "JPN-RUS"]
    assert (by_pair["JPN-KOR"].fp, by_pair["JPN-KOR"].precision) == (1, 0.0)
    assert by_pair["JPN-RUS"].tp == 1
    buckets = {b.low: b for b in report.reliability}
    assert (buckets[0.5].predicted, buckets[0.5].correct) == (1, 1)
    assert (buckets[0.7].predicted, buckets[0.7].share_correct) == (1, 0.0)
    assert (buckets[0.9].predicted, buckets[0.9].correct) == (1, 1)
    at = {t.threshold: t for t in report.thresholds}
    assert (at[0.0].precision, at[0.0].recall) == (round(2 / 3, 4), 1.0)
    assert (at[0.6].tp, at[0.6].fp, at[0.6].fn) == (1, 1, 1)
    assert (at[0.75].precision, at[0.75].recall) == (1.0, 0.5)
    text = render_report(report, misses=False)
    assert "JPN-RUS" in text
    assert ">= 0.75" in text
    assert "false positives" not in text
    assert "false positives" in render_report(report)


def test_dev2_split_covers_every_record_once_and_is_balanced() -> None:
    from benchmarks.eval_suite import SPLIT, dev2_halves

    split = json.loads(SPLIT.read_text(encoding="utf-8"))
    ids = [i for g in split["groups"].values() for i in g]
    assert len(ids) == len(set(ids))
    assert not set(split["tune"]) & set(split["untouched"])
    assert set(split["tune"]) | set(split["untouched"]) == set(split["groups"])
    records = [{"id": i, "label": "positive" if i.startswith("d_p_") else "negative"} for i in ids]
    tune, untouched = dev2_halves(records)
    assert len(tune) + len(untouched) == len(records)
    for half in (tune, untouched):
        positives = sum(r["label"] == "positive" for r in half)
        assert abs(positives - len(half) / 2) <= 2
    try:
        dev2_halves([*records, {"id": "unknown"}])
    except ValueError as exc:
        assert "unknown" in str(exc)
    else:
        raise AssertionError("a record outside the split must be an error")
