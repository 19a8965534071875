"""`make eval`: every evaluation set's figures in one run (`python -m benchmarks.eval_suite [--json] [--only S]`).

Sets: the dev set, the two halves of `labelled_dev2.jsonl` (split by contact in
`tests/extractors/dev2_split.json`: tune on one half, only measure the other), the two parts of the Japanese
`labelled_ja_dev.jsonl` (`tests/extractors/japanese/ja_split.json`, likewise), the own-written probe sets in
`tests/extractors/` (`*_tune.jsonl` to tune on, `*_heldout.jsonl` only to measure), the edit probes
(`tests/extractors/edits/`: minimal edits of dev / dev2-tune articles, "edits-tune" and "edits-heldout"), and the
feed stress set
(`feeds/*japan*.jsonl`, `feeds/kcna*.jsonl`: the share flagged as a new Japan-North Korea contact).

Misses are listed for the tuning sets only: the untouched and held-out sets print aggregate figures, so that
nobody tunes rules on them by accident.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SHARED_DATA = Path(os.environ.get("TALKWATCH_SHARED_DATA", ROOT.parent / "shared" / "data"))
TESTS = ROOT / "tests" / "extractors"
SPLIT = TESTS / "dev2_split.json"
# labelled_ja_dev.jsonl split the same way (by contact): tune on one part, only measure the other.
JA_SPLIT = TESTS / "japanese" / "ja_split.json"
PROBES = TESTS / "probes"
# Edit probes: minimal edits of dev / dev2-tune articles, rebuilt from the shared data (benchmarks/edit_probes.py).
EDITS = TESTS / "edits"
# The contract's bar for the feed stress set: at most this share flagged as a new JPN-PRK contact.
FEED_FLAG_BAR = 0.01


@dataclass(frozen=True, slots=True)
class LabelledSet:
    name: str
    records: list[dict[str, Any]]
    tuning: bool  # misses may be shown


def dev2_halves(records: list[dict[str, Any]], split_path: Path = SPLIT) -> tuple[list[dict[str, Any]], ...]:
    """The tuning and untouched halves of dev2 (by the committed id split); ids in neither are an error."""
    split = json.loads(split_path.read_text(encoding="utf-8"))
    groups: dict[str, list[str]] = split["groups"]
    tune_ids = {i for g in split["tune"] for i in groups[g]}
    untouched_ids = {i for g in split["untouched"] for i in groups[g]}
    unknown = [r["id"] for r in records if r["id"] not in tune_ids | untouched_ids]
    if unknown:
        raise ValueError(f"{split_path.name}: records in no half: {unknown[:5]}")
    return [r for r in records if r["id"] in tune_ids], [r for r in records if r["id"] in untouched_ids]


def dev2_tune_ids(split_path: Path = SPLIT) -> set[str]:
    split = json.loads(split_path.read_text(encoding="utf-8"))
    return {i for g in split["tune"] for i in split["groups"][g]}


def labelled_sets() -> list[LabelledSet]:
    from extractors.evaluation import load_records

    sets: list[LabelledSet] = []
    dev = SHARED_DATA / "labelled_dev.jsonl"
    if dev.exists():
        sets.append(LabelledSet("dev", load_records(dev), tuning=True))
    dev2 = SHARED_DATA / "labelled_dev2.jsonl"
    if dev2.exists():
        tune, untouched = dev2_halves(load_records(dev2))
        sets += [LabelledSet("dev2-tune", tune, True), LabelledSet("dev2-untouched", untouched, False)]
    dev_ja = SHARED_DATA / "labelled_ja_dev.jsonl"
    if dev_ja.exists():
        tune, untouched = dev2_halves(load_records(dev_ja), JA_SPLIT)
        sets += [LabelledSet("ja-tune", tune, True), LabelledSet("ja-untouched", untouched, False)]
    sets.append(LabelledSet("probes-own", load_records(TESTS / "probe_articles.jsonl"), tuning=True))
    for path in [*sorted(PROBES.glob("*.jsonl")), *sorted((TESTS / "japanese").glob("ja_probe_*.jsonl"))]:
        tuning = path.stem.endswith("_tune")
        if tuning or path.stem.endswith("_heldout"):
            sets.append(LabelledSet(f"probes-{path.stem}", load_records(path), tuning))
    from benchmarks.edit_probes import load_edits

    for stem, name, tuning in (("edits_tune", "edits-tune", True), ("edits_heldout", "edits-heldout", False)):
        path = EDITS / f"{stem}.jsonl"
        if path.exists():
            records = load_edits(path, SHARED_DATA, dev2_tune_ids())
            if records:
                sets.append(LabelledSet(name, records, tuning))
    return sets


def feed_flag_rate() -> dict[str, Any] | None:
    from benchmarks.inputs import feed_records
    from extractors import extract_many
    from extractors.evaluation import is_report_of_new_contact

    paths = sorted({*SHARED_DATA.glob("feeds/*japan*.jsonl"), *SHARED_DATA.glob("feeds/kcna*.jsonl")})
    if not paths:
        return None
    articles = [a for p in paths for a in feed_records(p)]
    flagged = [a.id for a, evs in zip(articles, extract_many(articles), strict=True) if is_report_of_new_contact(evs)]
    rate = len(flagged) / len(articles) if articles else 0.0
    return {"records": len(articles), "flagged": len(flagged), "rate": round(rate, 4), "ids": flagged,
            "meets_bar": rate <= FEED_FLAG_BAR}  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    from extractors import EXTRACTOR_VERSION, extract_many
    from extractors.evaluation import article_of_record, evaluate, render_report

    parser = argparse.ArgumentParser(prog="make eval", description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="one JSON object of every set's figures")
    parser.add_argument("--only", action="append", help="evaluate only sets whose name contains this")
    args = parser.parse_args(argv)
    out: dict[str, Any] = {"extractor_version": EXTRACTOR_VERSION, "sets": {}}
    for s in labelled_sets():
        if args.only and not any(o in s.name for o in args.only):
            continue
        report = evaluate(s.records, extract_many([article_of_record(r) for r in s.records]))
        data = report.to_json()
        if not s.tuning:  # aggregate figures only
            for key in ("true_positives", "false_positives", "false_negatives", "field_misses"):
                data.pop(key)
        out["sets"][s.name] = data
        if not args.json:
            heading = f"== {s.name} ({len(s.records)} records{'' if s.tuning else ', figures only'})"
            sys.stdout.write(f"{heading}\n{render_report(report, misses=s.tuning)}\n\n")
    if not args.only or any("feeds" in o for o in args.only):
        feeds = feed_flag_rate()
        out["feeds"] = feeds
        if feeds is not None and not args.json:
            sys.stdout.write(
                f"== feeds ({feeds['records']} records): flagged as new JPN-PRK contact {feeds['flagged']} "
                f"({feeds['rate']:.2%}; bar {FEED_FLAG_BAR:.0%}) {' '.join(feeds['ids'])}\n"
            )
    if args.json:
        sys.stdout.write(json.dumps(out, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
