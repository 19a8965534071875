"""Real third-party text no rule was tuned on: the general news sample and the Japan/KCNA feed records.

`python -m benchmarks.realtext collect OUT.jsonl`: every (item, pair) for which the extractor reports a contact
(any status), with the extractor's fields; the items are read from `$TALKWATCH_SHARED_DATA/feeds` as the
benchmark reads them (`benchmarks/inputs.py`), ids `file-stem:line`.

`python -m benchmarks.realtext sample COLLECTED.jsonl`: the two disjoint random samples (fixed seed) of those
units, A (to tune on, 60) and B (only to measure, 40), as lists of `id|pair` keys.

`python -m benchmarks.realtext misses OUT.jsonl [--events COLLECTED.jsonl]`: the recall audit's candidates (R1 to R4):
general news items not yet labelled that name two states and a meeting word but for which the extractor reports no
new contact at all, one line per item with the states it names in order, shuffled with a fixed seed (R4: 20261208);
the labeller takes the first units in that order, for the pair each item is about. Ids of every labels file are left
out except those named with `--keep` (R4 again: `--keep sample_r4a_labels.jsonl sample_r4b_labels.jsonl
sample_da_labels.jsonl sample_db_labels.jsonl`).

`python -m benchmarks.realtext score LABELS.jsonl [--events COLLECTED.jsonl]`: the extractor's figures against
hand labels (`tests/extractors/realtext/sample_*_labels.jsonl`; no article text is stored there): precision of
the reported new contacts, status agreement, and date, place and level on the true positives. Without
`--events` the labelled items are extracted afresh from the shared data.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import sys
from collections.abc import Collection, Iterable, Iterator
from pathlib import Path
from typing import Any

from benchmarks.inputs import feed_records
from extractors.events import Article, Event

ROOT = Path(__file__).resolve().parents[1]
SHARED_DATA = Path(os.environ.get("TALKWATCH_SHARED_DATA", ROOT.parent / "shared" / "data"))
SEED = 20261207
SIZE_A, SIZE_B = 60, 40
NEW = ("held", "ongoing")
MISSES_SEED = 20261208
LABELS_DIR = ROOT / "tests" / "extractors" / "realtext"
MEETING_WORD_RE = re.compile(
    r"\b(?:met|meets?|meetings?|talks|summit|visit(?:s|ed|ing)?|call(?:s|ed)?|spoke|speaks|hosts?|hosted|"
    r"received|receives|discuss(?:es|ed)?|welcomed|welcomes|phone)\b",
    re.IGNORECASE,
)


def feed_paths() -> list[Path]:
    feeds = SHARED_DATA / "feeds"
    return sorted({feeds / "general_news_sample.jsonl", *feeds.glob("*japan*.jsonl"), *feeds.glob("kcna*.jsonl")})


def articles(ids: Iterable[str] | None = None) -> Iterator[Article]:
    wanted = set(ids) if ids is not None else None
    for path in feed_paths():
        if wanted is not None and not any(i.startswith(f"{path.stem}:") for i in wanted):
            continue
        for article in feed_records(path):
            if wanted is None or article.id in wanted:
                yield article


def units(article: Article, events: list[Event]) -> Iterator[dict[str, Any]]:
    """One unit per pair with a contact: the pair's news event if any, else its first event."""
    by_pair: dict[tuple[str, str], list[Event]] = {}
    for e in events:
        by_pair.setdefault(e.countries, []).append(e)
    for pair, evs in sorted(by_pair.items()):
        news = [e for e in evs if e.is_new_contact]
        best = max(news, key=lambda e: e.confidence) if news else evs[0]
        yield {
            "id": article.id,
            "pair": "-".join(pair),
            "new": bool(news),
            "status": best.status,
            "background": best.background,
            "date": best.date,
            "place": best.location,
            "level": best.level,
            "published": article.published.isoformat() if article.published else None,
            "evidence": [[ev.start, ev.end] for ev in best.evidence],
        }


def extract_units(items: list[Article]) -> list[dict[str, Any]]:
    from extractors import extract_many

    out: list[dict[str, Any]] = []
    for article, events in zip(items, extract_many(items), strict=True):
        out.extend(units(article, events))
    return out


def key(unit: dict[str, Any]) -> str:
    return f"{unit['id']}|{unit['pair']}"


def sample(collected: list[dict[str, Any]]) -> dict[str, list[str]]:
    keys = sorted({key(u) for u in collected})
    rng = random.Random(SEED)
    rng.shuffle(keys)
    return {"A": sorted(keys[:SIZE_A]), "B": sorted(keys[SIZE_A : SIZE_A + SIZE_B])}


def score(labels: list[dict[str, Any]], predicted: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """Figures of the predictions against the labels; a unit the extractor no longer reports counts as
    "no contact" (status none)."""
    from extractors.evaluation import date_matches, location_matches

    reported = correct = status_ok = tp = date_ok = place_ok = level_ok = missed = 0
    wrong: list[str] = []
    for lab in labels:
        unit = predicted.get(f"{lab['id']}|{lab['pair']}")
        new = bool(unit and unit["new"])
        gold_new = lab["label"] == "positive"
        ours = (unit["status"] if not unit["background"] else "background") if unit else "none"
        gold = lab["status"]
        status_ok += ours == gold or (new and gold_new)
        if new:
            reported += 1
            correct += gold_new
        elif gold_new:
            missed += 1
        if unit is not None and new and gold_new:
            tp += 1
            precision = "day" if unit["date"] and len(unit["date"]) == 10 else "month"
            d_ok = (lab["date"] is None and unit["date"] is None) or date_matches(lab["date"], unit["date"], precision)
            p_ok = location_matches(lab["place"] or "unknown", unit["place"])
            l_ok = lab["level"] == unit["level"]
            date_ok += d_ok
            place_ok += p_ok
            level_ok += l_ok
            if not (d_ok and p_ok and l_ok):
                wrong.append(f"{key(lab)} fields: date {unit['date']}/{lab['date']} place {unit['place']}/"
                             f"{lab['place']} level {unit['level']}/{lab['level']}")  # fmt: skip
        elif new or gold_new or ours != gold:
            wrong.append(f"{key(lab)} status: ours {ours} gold {gold}")

    def ratio(n: int, d: int) -> float | None:
        return round(n / d, 3) if d else None

    return {
        "units": len(labels),
        "reported_new": reported,
        "precision": ratio(correct, reported),
        "gold_new": sum(lab["label"] == "positive" for lab in labels),
        "missed_new": missed,
        "status": ratio(status_ok, len(labels)),
        "true_positives": tp,
        "date": ratio(date_ok, tp),
        "place": ratio(place_ok, tp),
        "level": ratio(level_ok, tp),
        "wrong": wrong,
    }


def false_alarms(labels: list[dict[str, Any]], found: list[dict[str, Any]], stem: str) -> dict[str, Any]:
    """Items of one feed file with a reported new contact, and those with one the labels say is wrong
    (a unit nobody labelled is counted apart)."""
    gold = {key(lab): lab["label"] == "positive" for lab in labels}
    reported: dict[str, list[bool | None]] = {}
    for u in found:
        if u["new"] and u["id"].startswith(f"{stem}:"):
            reported.setdefault(u["id"], []).append(gold.get(key(u)))
    wrong = sorted(i for i, marks in reported.items() if False in marks)
    unlabelled = sorted(i for i, marks in reported.items() if None in marks and False not in marks)
    total = sum(1 for _ in articles_of(stem))
    return {
        "items": total,
        "with_new_contact": len(reported),
        "wrong": len(wrong),
        "unlabelled": len(unlabelled),
        "false_alarm_rate": round(len(wrong) / total, 5) if total else None,
        "wrong_share_of_reported": round(len(wrong) / len(reported), 3) if reported else None,
    }


def misses(found: list[dict[str, Any]] | None = None, keep: Collection[str] = ()) -> list[dict[str, Any]]:
    """Recall-audit candidates, shuffled: general news items (none already in a labels file) that name two
    or more states and a meeting word, with no new contact reported for any pair (`found`: collected units;
    without them the candidates are extracted afresh; `keep`: labels file names whose ids stay in)."""
    from extractors.gazetteer import gazetteer

    gaz = gazetteer()
    paths = [path for path in sorted(LABELS_DIR.glob("*.jsonl")) if path.name not in keep]
    labelled = {lab["id"] for path in paths for lab in read_jsonl(path)}
    items: list[tuple[Article, list[str]]] = []
    for article in articles_of("general_news_sample"):
        if article.id in labelled or not MEETING_WORD_RE.search(article.text):
            continue
        states = list(dict.fromkeys(code for _, code in gaz.state_positions(article.text)))
        if len(states) >= 2:
            items.append((article, states))
    if found is None:
        found = extract_units([a for a, _ in items])
    new = {u["id"] for u in found if u["new"]}
    out: list[dict[str, Any]] = [
        {"id": a.id, "states": states, "published": a.published.isoformat() if a.published else None}
        for a, states in items
        if a.id not in new
    ]
    out.sort(key=lambda u: int(u["id"].rsplit(":", 1)[1]))
    random.Random(MISSES_SEED).shuffle(out)
    return out


def articles_of(stem: str) -> Iterator[Article]:
    return feed_records(SHARED_DATA / "feeds" / f"{stem}.jsonl")


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="benchmarks.realtext", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="cmd", required=True)
    c = sub.add_parser("collect")
    c.add_argument("out", type=Path)
    s = sub.add_parser("sample")
    s.add_argument("collected", type=Path)
    sc = sub.add_parser("score")
    sc.add_argument("labels", type=Path, nargs="+")
    sc.add_argument("--events", type=Path)
    sc.add_argument("--quiet", action="store_true")
    m = sub.add_parser("misses", help="recall-audit candidates: two states, a meeting word, no new contact")
    m.add_argument("out", type=Path)
    m.add_argument("--events", type=Path)
    m.add_argument("--keep", nargs="*", default=[], help="labels files whose ids are not left out")
    fa = sub.add_parser("falsealarms", help="general-news items with a new contact the labels say is wrong")
    fa.add_argument("events", type=Path)
    fa.add_argument("labels", type=Path, nargs="+")
    args = parser.parse_args(argv)
    if args.cmd == "collect":
        found = extract_units(list(articles()))
        args.out.write_text("".join(json.dumps(u) + "\n" for u in found), encoding="utf-8")
        sys.stdout.write(f"{len(found)} units, {sum(u['new'] for u in found)} new contacts\n")
    elif args.cmd == "falsealarms":
        labels = [lab for path in args.labels for lab in read_jsonl(path)]
        result = false_alarms(labels, read_jsonl(args.events), "general_news_sample")
        sys.stdout.write(json.dumps(result) + "\n")
    elif args.cmd == "misses":
        cands = misses(read_jsonl(args.events) if args.events else None, args.keep)
        args.out.write_text("".join(json.dumps(u) + "\n" for u in cands), encoding="utf-8")
        sys.stdout.write(f"{len(cands)} candidate items\n")
    elif args.cmd == "sample":
        sys.stdout.write(json.dumps(sample(read_jsonl(args.collected)), indent=1) + "\n")
    else:
        for path in args.labels:
            labels = read_jsonl(path)
            if args.events:
                units_ = read_jsonl(args.events)
            else:
                units_ = extract_units(list(articles({lab["id"] for lab in labels})))
            result = score(labels, {key(u): u for u in units_})
            if args.quiet:
                result.pop("wrong")
            sys.stdout.write(f"{path.name}: {json.dumps(result, indent=1)}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
