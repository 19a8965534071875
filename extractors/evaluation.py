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
  missing location is a miss, except for a contact labelled `unknown` or null (the text does not say where),
  for which it is the only right answer.
- level: exact.

Each record is scored for its own pair (`countries`, sorted ISO3; default Japan-North Korea), and the figures
are also given per pair. Confidence is checked against outcomes: a reliability table (predicted contacts by
confidence bucket → share that are right) and precision/recall when only contacts at or above a threshold
count, which is what `watch.min_confidence` does to alerts.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from extractors.events import Article, Event, parse_partial_date
from extractors.inputs import article_from_record, parse_published

# Optional string fields of an article record; a labelled record's non-string value there is left out.
_OPTIONAL = ("url", "title", "outlet")

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
class PairFigures:
    """The figures of the records labelled for one pair."""

    pair: str
    n: int
    tp: int
    fp: int
    fn: int
    precision: float
    recall: float
    date_accuracy: float | None
    location_accuracy: float | None
    level_accuracy: float | None


@dataclass(frozen=True, slots=True)
class Bucket:
    """Predicted contacts whose confidence lies in [low, high): how many, and the share that are right."""

    low: float
    high: float
    predicted: int
    correct: int
    share_correct: float | None


@dataclass(frozen=True, slots=True)
class AtThreshold:
    """Precision and recall when only contacts with confidence >= threshold count as predicted."""

    threshold: float
    tp: int
    fp: int
    fn: int
    precision: float
    recall: float


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
    pairs: tuple[PairFigures, ...] = ()
    reliability: tuple[Bucket, ...] = ()
    thresholds: tuple[AtThreshold, ...] = ()

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
    if label is None or label.strip().lower() == "unknown":
        # The text does not say where (our probe files write null, the shared data "unknown"): no place is right.
        return not location
    if not label or not location:
        return False
    ours = _norm(location)
    whole = _norm(label)
    parts = [_norm(p) for p in re.split(r"[,()]", label) if p.strip()]
    if ours in parts or ours == whole:
        return True
    return any(p and (ours in p or p in ours) for p in parts) or ours in whole


def _evidence(events: Sequence[Event], countries: tuple[str, str] = TARGET) -> str | None:
    best = _best(events, countries)
    if best is None or not best.evidence:
        return None
    return " … ".join(e.text for e in best.evidence)


def record_pair(record: dict[str, Any]) -> tuple[str, str]:
    """The pair a record is labelled for: its `countries` (sorted), else Japan-North Korea."""
    raw = record.get("countries")
    if isinstance(raw, list | tuple) and len(raw) == 2 and all(isinstance(c, str) for c in raw):
        a, b = sorted(str(c).upper() for c in raw)
        return (a, b)
    return TARGET


# Confidence buckets of the reliability table and the thresholds of the precision/recall table.
BUCKETS = (0.0, 0.5, 0.6, 0.7, 0.8, 0.9, 1.01)
THRESHOLDS = (0.0, 0.5, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9)


@dataclass
class _Tally:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0
    date_ok: int = 0
    loc_ok: int = 0
    level_ok: int = 0

    def ratio(self, ok: int) -> float | None:
        return round(ok / self.tp, 4) if self.tp else None

    @property
    def precision(self) -> float:
        return round(self.tp / (self.tp + self.fp), 4) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return round(self.tp / (self.tp + self.fn), 4) if self.tp + self.fn else 1.0


def evaluate(records: list[dict[str, Any]], events_per_record: list[list[Event]]) -> EvalReport:
    """Score predictions (one event list per record, same order) against the records' labels, each record
    for its own pair."""
    if len(records) != len(events_per_record):
        raise ValueError("records and events_per_record differ in length")
    tps: list[Outcome] = []
    fps: list[Outcome] = []
    fns: list[Outcome] = []
    misses: list[FieldMiss] = []
    total = _Tally()
    per_pair: dict[tuple[str, str], _Tally] = {}
    scored: list[tuple[float | None, bool]] = []  # best confidence (None: nothing predicted), gold
    for record, events in zip(records, events_per_record, strict=True):
        pair = record_pair(record)
        tally = per_pair.setdefault(pair, _Tally())
        rid = str(record.get("id", ""))
        title = str(record.get("title") or "")
        gold = record.get("label") == "positive"
        best = _best(events, pair)
        predicted = best is not None
        scored.append((best.confidence if best is not None else None, gold))
        outcome = Outcome(rid, title, _evidence(events, pair))
        if gold and best is not None:
            tps.append(outcome)
            for t in (total, tally):
                t.tp += 1
            checks = (
                ("date", record.get("event_date"), best.date,
                 date_matches(record.get("event_date"), best.date, best.date_precision)),
                ("location", record.get("location"), best.location,
                 location_matches(record.get("location"), best.location)),
                ("level", record.get("level"), best.level, record.get("level") == best.level),
            )  # fmt: skip
            for name, expected, got, ok in checks:
                if not ok:
                    misses.append(FieldMiss(rid, name, expected, got))
                    continue
                for t in (total, tally):
                    if name == "date":
                        t.date_ok += 1
                    elif name == "location":
                        t.loc_ok += 1
                    else:
                        t.level_ok += 1
        elif predicted:
            fps.append(outcome)
            for t in (total, tally):
                t.fp += 1
        elif gold:
            fns.append(outcome)
            for t in (total, tally):
                t.fn += 1
        else:
            for t in (total, tally):
                t.tn += 1
    precision, recall = total.precision, total.recall
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    pairs = tuple(
        PairFigures(
            pair="-".join(pair), n=t.tp + t.fp + t.fn + t.tn, tp=t.tp, fp=t.fp, fn=t.fn,
            precision=t.precision, recall=t.recall, date_accuracy=t.ratio(t.date_ok),
            location_accuracy=t.ratio(t.loc_ok), level_accuracy=t.ratio(t.level_ok),
        )
        for pair, t in sorted(per_pair.items())
    )  # fmt: skip
    return EvalReport(
        n=len(records), tp=total.tp, fp=total.fp, fn=total.fn, tn=total.tn,
        precision=precision, recall=recall, f1=round(f1, 4),
        date_accuracy=total.ratio(total.date_ok), location_accuracy=total.ratio(total.loc_ok),
        level_accuracy=total.ratio(total.level_ok),
        true_positives=tuple(tps), false_positives=tuple(fps), false_negatives=tuple(fns),
        field_misses=tuple(misses), pairs=pairs, reliability=reliability(scored),
        thresholds=at_thresholds(scored),
    )  # fmt: skip


def reliability(scored: Sequence[tuple[float | None, bool]]) -> tuple[Bucket, ...]:
    """Predicted contacts per confidence bucket and the share of them that the labels confirm."""
    buckets: list[Bucket] = []
    for low, high in itertools.pairwise(BUCKETS):
        hits = [gold for conf, gold in scored if conf is not None and low <= conf < high]
        correct = sum(hits)
        share = round(correct / len(hits), 4) if hits else None
        buckets.append(Bucket(low=low, high=min(high, 1.0), predicted=len(hits), correct=correct, share_correct=share))
    return tuple(buckets)


def at_thresholds(scored: Sequence[tuple[float | None, bool]]) -> tuple[AtThreshold, ...]:
    """Precision and recall if only contacts with confidence >= threshold were reported."""
    rows: list[AtThreshold] = []
    positives = sum(gold for _, gold in scored)
    for threshold in THRESHOLDS:
        kept = [gold for conf, gold in scored if conf is not None and conf >= threshold]
        tp = sum(kept)
        fp = len(kept) - tp
        fn = positives - tp
        rows.append(
            AtThreshold(
                threshold=threshold, tp=tp, fp=fp, fn=fn,
                precision=round(tp / len(kept), 4) if kept else 1.0,
                recall=round(tp / positives, 4) if positives else 1.0,
            )
        )  # fmt: skip
    return tuple(rows)


def render_report(report: EvalReport, *, misses: bool = True) -> str:
    """The report for humans: the figures per pair, the confidence tables, then (unless `misses` is False)
    every miss with what our decision rested on."""

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
    lines.extend(render_pairs(report))
    lines.extend(render_confidence(report))
    if not misses:
        return "\n".join(lines)
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


def render_pairs(report: EvalReport) -> list[str]:
    """One line per pair: counts, precision, recall and field accuracies on its true positives."""

    def pct(value: float | None) -> str:
        return " n/a" if value is None else f"{value:4.2f}"

    if len(report.pairs) < 2:  # one pair: the totals above say it all
        return []
    return ["per pair:     n  TP  FP  FN  prec  rec  date  loc  level"] + [
        f"  {p.pair:8} {p.n:4} {p.tp:3} {p.fp:3} {p.fn:3}  {pct(p.precision)} {pct(p.recall)} "
        f"{pct(p.date_accuracy)} {pct(p.location_accuracy)} {pct(p.level_accuracy)}"
        for p in report.pairs
    ]


def render_confidence(report: EvalReport) -> list[str]:
    """The reliability table (bucket → share correct) and precision/recall at thresholds."""
    lines = ["reliability (predicted contacts by confidence → share correct):"]
    for b in report.reliability:
        share = "   -" if b.share_correct is None else f"{b.share_correct:4.2f}"
        lines.append(f"  [{b.low:.2f}, {b.high:.2f})  {b.correct:3}/{b.predicted:<3}  {share}")
    lines.append("at min_confidence:  TP  FP  FN  precision  recall")
    lines.extend(
        f"  >= {t.threshold:.2f}        {t.tp:3} {t.fp:3} {t.fn:3}  {t.precision:9.2f}  {t.recall:6.2f}"
        for t in report.thresholds
    )
    return lines


def load_records(path: str | Path) -> list[dict[str, Any]]:
    """The labelled records of a JSONL file (blank lines skipped)."""
    with Path(path).open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def article_of_record(record: dict[str, Any], default_id: str = "") -> Article:
    """A labelled record as `talkwatch extract` reads it (`published` or `published_month`, `language`,
    `outlet`), with its `source_url` as the url when it has none: the figures are those of the command users
    and the acceptance run call. A value `extract` would refuse (a malformed date) is dropped instead of the
    record: a labelled set is scored whole."""
    fields = dict(record)
    if not isinstance(fields.get("url"), str) and isinstance(fields.get("source_url"), str):
        fields["url"] = fields["source_url"]
    fields = {k: v for k, v in fields.items() if k not in _OPTIONAL or isinstance(v, str)}
    article_id = str(record.get("id") or default_id)
    try:
        return article_from_record(fields, article_id)
    except ValueError:
        published: dt.date | None
        try:
            published = parse_published(record.get("published"))
        except ValueError:
            published = None
        return Article(
            id=article_id,
            text=str(record.get("text") or ""),
            title=fields.get("title"),
            published=published,
            url=fields.get("url"),
        )
