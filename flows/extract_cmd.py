"""`talkwatch extract` and `talkwatch eval`: the extractor on files or stdin, no database."""

from __future__ import annotations

import datetime as dt
import json
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path

from common.errors import UsageError
from common.iterables import chunks
from extractors.events import Article
from extractors.inputs import InputError, read_articles
from flows.terminal import clean, print_json, stdout_console

BATCH = 64


def _inputs(files: Sequence[Path], published: dt.date | None) -> Iterator[Article | InputError]:
    """Articles in input order; a record that cannot be read comes out as an InputError."""
    if not files:
        yield from read_articles(sys.stdin, published=published)
        return
    for path in files:
        yield from read_articles(path, published=published)


def run_extract(files: Sequence[Path], published: dt.date | None) -> None:
    """One JSON line per input record, in input order; unreadable records are reported and skipped."""
    from extractors import extract_many

    for chunk in chunks(_inputs(files, published), BATCH):
        articles = [a for a in chunk if isinstance(a, Article)]
        results = iter(extract_many(articles))
        for item in chunk:
            line: dict[str, object]
            if isinstance(item, Article):
                events = next(results)
                line = {"id": item.id, "events": [e.to_json() for e in events]}
            else:
                where = item.id or f"{item.source}" + (f":{item.line}" if item.line else "")
                sys.stderr.write(f"error: {clean(where)}: {clean(item.reason)}\n")
                line = item.to_json()
            sys.stdout.write(json.dumps(line, ensure_ascii=False) + "\n")
        sys.stdout.flush()


def run_eval(dataset: Path, *, json_mode: bool) -> None:
    from extractors import extract_many
    from extractors.evaluation import article_of_record, evaluate, render_report

    if not dataset.exists():
        raise UsageError(f"{dataset}: no such file")
    with dataset.open(encoding="utf-8") as fh:
        records = [json.loads(line) for line in fh if line.strip()]
    articles = [article_of_record(r, str(i)) for i, r in enumerate(records)]
    report = evaluate(records, extract_many(articles))
    if json_mode:
        print_json(report.to_json())
    else:
        stdout_console().print(render_report(report), markup=False, highlight=False)
