"""The development data's feed records as articles (benchmark input; see shared/data/feeds/README.md)."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from common.dates import iso_date
from extractors.events import Article
from feeds.text import html_to_text


def _published(value: Any) -> dt.date | None:
    if isinstance(value, int | float):  # KCNA records: epoch milliseconds
        return dt.datetime.fromtimestamp(value / 1000, tz=dt.UTC).date()
    return iso_date(value) if isinstance(value, str) else None


def feed_records(path: Path) -> Iterator[Article]:
    """RSS entries (title + description) and KCNA records (headline + story) as articles."""
    with path.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh):
            if not line.strip():
                continue
            wrapper = json.loads(line)
            rec = wrapper.get("entry") or wrapper.get("record") or {}
            title = rec.get("title") or rec.get("headline") or ""
            # Descriptions come as HTML; the monitor reduces them to text before storing (feeds), so
            # the articles the pipeline and the benchmark see are text too.
            body = html_to_text(rec.get("description") or "") or rec.get("story_text") or ""
            text = f"{title}\n\n{body}".strip() if body else title
            if not text:
                continue
            yield Article(
                id=f"{path.stem}:{n}",
                text=text,
                title=title or None,
                published=_published(rec.get("date_published") or rec.get("date")),
                url=rec.get("link"),
            )
