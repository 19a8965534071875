"""Scoring extraction against labelled articles (the format of `shared/data/labelled_dev.jsonl`).

The contract's rule: an article is predicted positive when it has an event with countries ["JPN", "PRK"],
status held or ongoing and background false. Precision, recall and F1 are over articles.

Field accuracies are measured on true positives only, against the best predicted event (highest confidence):

- date: a label `YYYY-MM-DD` matches our day-precision date within one day (multi-day talks are reported
  under either day; datelines and publication dates straddle time zones); a label `YYYY-MM` matches our
  date in that month at month or day precision. A missing date is a miss.
- location: case-insensitive and lenient, because labels are free text ("Beijing (Japanese Embassy),
  China"): our location matches when it equals one of the label's parts (split at commas and brackets) or
  one contains the other, after spelling aliases (Ulan Bator = Ulaanbaatar, U.N. = United Nations). A
  missing location is a miss.
- level: exact.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from extractors.events import Article, Event, parse_partial_date
from extractors.inputs import parse_published

TARGET = ("JPN", "PRK")
_ALIASES = {
    "ulan bator": "ulaanbaatar",
    "ulaan baatar": "ulaanbaatar",
    "u.n.": "united nations",
    "un headquarters": "united nations headquarters",
    "n. korea": "north korea",
    "dprk": "north korea",
    "peking": "beijing",
    "saigon": "ho chi minh city",
}


@dataclass(frozen=True, slots=True)
class Outcome:
    """One article in a confusion cell: what it is, and the evidence our decision rests on (if any)."""

    id: str
    title: str
    evidence: str | None


@dataclass(frozen=True, slots=True)
class FieldMiss:
    id: str
    field: str
    expected: str | None
    got: str | None


@dataclass(frozen=True, slots=True)
class EvalReport:
    n: int
    tp: int
    fp: int
    fn: int
    tn: int
    precision: float
    recall: float
    f1: float
    date_accuracy: float | None
    location_accuracy: float | None
    level_accuracy: float | None
    true_positives: tuple[Outcome, ...]
    false_positives: tuple[Outcome, ...]
    false_negatives: tuple[Outcome, ...]
    field_misses: tuple[FieldMiss, ...]

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def is_report_of_new_contact(events: Iterable[Event], countries: tuple[str, str] = TARGET) -> bool:
    return any(e.countries == countries and e.is_new_contact for e in events)


def _best(events: Sequence[Event], countries: tuple[str, str] = TARGET) -> Event | None:
    hits = [e for e in events if e.countries == countries and e.is_new_contact]
    return max(hits, key=lambda e: e.confidence) if hits else None


def date_matches(label: str | None, date: str | None, precision: str | None) -> bool:
    if not label or not date:
        return False
    try:
        lo, hi = parse_partial_date(label)
        ours_lo, ours_hi = parse_partial_date(date)
    except ValueError:
        return False
    if len(label) == 10:
        return precision == "day" and abs((ours_lo - lo).days) <= 1
    if len(label) == 7:
        return precision in ("day", "month") and lo <= ours_lo and ours_hi <= hi
    return lo <= ours_lo and ours_hi <= hi


def _norm(text: str) -> str:
    low = " ".join(text.lower().replace("\u2019", "'").split())
    for alias, canonical in _ALIASES.items():
        low = low.replace(alias, canonical)
    return low.strip(" .,")


def location_matches(label: str | None, location: str | None) -> bool:
    if not label or not location:
        return False
    ours = _norm(location)
    whole = _norm(label)
    parts = [_norm(p) for p in re.split(r"[,()]", label) if p.strip()]
    if ours in parts or ours == whole:
        return True
    return any(p and (ours in p or p in ours) for p in parts) or ours in whole


def _evidence(events: Sequence[Event]) -> str | None:
    best = _best(events)
    if best is None or not best.evidence:
        return None
    return " … ".join(e.text for e in best.evidence)


def evaluate(records: list[dict[str, Any]], events_per_record: list[list[Event]]) -> EvalReport:
    """Score predictions (one event list per record, same order) against the records' labels."""
    if len(records) != len(events_per_record):
        raise ValueError("records and events_per_record differ in length")
    tps: list[Outcome] = []
    fps: list[Outcome] = []
    fns: list[Outcome] = []
    tn = 0
    misses: list[FieldMiss] = []
    date_ok = loc_ok = level_ok = 0
    for record, events in zip(records, events_per_record, strict=True):
        rid = str(record.get("id", ""))
        title = str(record.get("title") or "")
        gold = record.get("label") == "positive"
        predicted = is_report_of_new_contact(events)
        outcome = Outcome(rid, title, _evidence(events))
        if gold and predicted:
            tps.append(outcome)
            best = _best(events)
            assert best is not None
            if date_matches(record.get("event_date"), best.date, best.date_precision):
                date_ok += 1
            else:
                misses.append(FieldMiss(rid, "date", record.get("event_date"), best.date))
            if location_matches(record.get("location"), best.location):
                loc_ok += 1
            else:
                misses.append(FieldMiss(rid, "location", record.get("location"), best.location))
            if record.get("level") == best.level:
                level_ok += 1
            else:
                misses.append(FieldMiss(rid, "level", record.get("level"), best.level))
        elif predicted:
            fps.append(outcome)
        elif gold:
            fns.append(outcome)
        else:
            tn += 1
    tp, fp, fn = len(tps), len(fps), len(fns)
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0

    def acc(ok: int) -> float | None:
        return round(ok / tp, 4) if tp else None

    return EvalReport(
        n=len(records), tp=tp, fp=fp, fn=fn, tn=tn,
        precision=round(precision, 4), recall=round(recall, 4), f1=round(f1, 4),
        date_accuracy=acc(date_ok), location_accuracy=acc(loc_ok), level_accuracy=acc(level_ok),
        true_positives=tuple(tps), false_positives=tuple(fps), false_negatives=tuple(fns),
        field_misses=tuple(misses),
    )  # fmt: skip


def render_report(report: EvalReport) -> str:
    """The report for humans: the figures, then every miss with what our decision rested on."""

    def pct(value: float | None) -> str:
        return "n/a" if value is None else f"{value:.1%}"

    lines = [
        f"articles {report.n}: TP {report.tp}  FP {report.fp}  FN {report.fn}  TN {report.tn}",
        f"precision {pct(report.precision)}  recall {pct(report.recall)}  F1 {pct(report.f1)}",
        (
            f"on true positives: date {pct(report.date_accuracy)}  location {pct(report.location_accuracy)}  "
            f"level {pct(report.level_accuracy)}"
        ),
    ]
    for heading, items in (
        ("false positives", report.false_positives),
        ("false negatives", report.false_negatives),
    ):
        if items:
            lines.append(f"{heading}:")
            for o in items:
                lines.append(f"  {o.id}  {o.title}")
                if o.evidence:
                    lines.append(f"      evidence: {o.evidence[:300]}")
    if report.field_misses:
        lines.append("field misses:")
        lines.extend(f"  {m.id}  {m.field}: expected {m.expected!r}, got {m.got!r}" for m in report.field_misses)
    return "\n".join(lines)


def load_records(path: str | Path) -> list[dict[str, Any]]:
    """The labelled records of a JSONL file (blank lines skipped)."""
    with Path(path).open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def article_of_record(record: dict[str, Any]) -> Article:
    """A labelled record as extractor input (its `published` may be null)."""
    published: dt.date | None
    try:
        published = parse_published(record.get("published"))
    except ValueError:
        published = None
    return Article(
        id=str(record.get("id", "")),
        text=str(record.get("text") or ""),
        title=record.get("title") if isinstance(record.get("title"), str) else None,
        published=published,
        url=record.get("source_url") if isinstance(record.get("source_url"), str) else None,
    )
