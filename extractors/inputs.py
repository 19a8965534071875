"""Reading articles in the contract's input formats (`talkwatch extract` / `backfill`).

- `.jsonl` (or lines from stdin): one JSON object a line with `text` (required) and optional `id`, `url`,
  `title`, `published` (ISO date or datetime; or only `YYYY-MM` / `YYYY`), `published_month` (`YYYY-MM`, read
  when `published` is null, as in the labelled sets), `outlet`; other keys are ignored.
- `.txt`: the article text; the first line is the title when a blank line follows it; the id is the file name.

A line or file that cannot be read yields an `InputError` (where, id if known, why) and reading goes on.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from extractors.events import Article

_OPTIONAL_STR = ("url", "title", "outlet")
# Only the month or the year of publication: "2014-08", "2014".
_PERIOD = re.compile(r"^\d{4}(-(0[1-9]|1[0-2]))?$")


@dataclass(frozen=True, slots=True)
class InputError:
    """One unreadable line or file: `source` is the file (or "<stdin>"), `line` 1-based or None for a file."""

    source: str
    line: int | None
    id: str | None
    reason: str

    def to_json(self) -> dict[str, object]:
        return {"id": self.id, "source": self.source, "line": self.line, "error": self.reason}


def parse_published(value: object) -> dt.date | None:
    """An ISO date or datetime (any offset, "Z" allowed) -> its date; None for null/empty; else ValueError."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str):
        raise ValueError(f"published must be an ISO date string, not {type(value).__name__}")  # noqa: TRY004
    text = value.strip()
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        pass
    try:
        return dt.datetime.fromisoformat(text.replace("Z", "+00:00")).date()
    except ValueError:
        raise ValueError(f"published is not an ISO date or datetime: {value!r}") from None


def article_from_record(record: object, default_id: str) -> Article:
    """One JSON object -> Article; ValueError naming the problem when it is not a valid article."""
    if not isinstance(record, dict):
        raise ValueError("not a JSON object")  # noqa: TRY004 - reported per line, like any bad value
    text = record.get("text")
    if not isinstance(text, str):
        raise ValueError("missing or non-string 'text'")  # noqa: TRY004
    raw_id = record.get("id")
    article_id = str(raw_id) if raw_id not in (None, "") else default_id
    fields: dict[str, object] = {}
    for key in _OPTIONAL_STR:
        value = record.get(key)
        if value is not None:
            if not isinstance(value, str):
                raise ValueError(f"'{key}' must be a string")
            fields[key] = value
    language = record.get("language")
    if isinstance(language, str) and language.strip().lower() in ("en", "ja"):
        fields["language"] = language.strip().lower()  # other values: detected from the text
    published = record.get("published")
    period = published if isinstance(published, str) and _PERIOD.match(published.strip()) else None
    if period is None and published in (None, ""):
        month = record.get("published_month")
        if month not in (None, ""):
            if not isinstance(month, str) or not _PERIOD.match(month.strip()) or len(month.strip()) != 7:
                raise ValueError(f"published_month is not YYYY-MM: {month!r}")
            period = month
    try:
        if period is not None:
            return Article(id=article_id, text=text, published_period=period.strip(), **fields)
        return Article(id=article_id, text=text, published=parse_published(published), **fields)
    except ValidationError as exc:
        raise ValueError(str(exc.errors()[0].get("msg", exc))) from None


def read_jsonl_lines(lines: Iterable[str], source: str = "<stdin>") -> Iterator[Article | InputError]:
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        default_id = f"{Path(source).name}:{number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield InputError(source, number, None, f"invalid JSON: {exc.msg}")
            continue
        raw_id = record.get("id") if isinstance(record, dict) else None
        try:
            yield article_from_record(record, default_id)
        except ValueError as exc:
            yield InputError(source, number, None if raw_id is None else str(raw_id), str(exc))


def article_from_text(text: str, article_id: str, published: dt.date | None = None) -> Article:
    """A plain-text article; the first line is its title when a blank line follows it."""
    title = None
    lines = text.split("\n", 2)
    if len(lines) >= 2 and lines[0].strip() and not lines[1].strip():
        title = lines[0].strip()
    return Article(id=article_id, text=text, title=title, published=published)


def read_articles(
    source: str | Path | Iterable[str], *, published: dt.date | None = None
) -> Iterator[Article | InputError]:
    """Articles from a `.jsonl`/`.txt` path or from JSONL lines (e.g. stdin), with per-line errors.

    `published` is the publication date of `.txt` articles (the CLI's `--published`); JSONL records carry
    their own.
    """
    if isinstance(source, str | Path):
        path = Path(source)
        try:
            if path.suffix.lower() == ".txt":
                data = path.read_bytes()
                text = data.decode("utf-8", errors="replace")
                yield article_from_text(text, path.name, published)
                return
            with path.open(encoding="utf-8", errors="replace") as handle:
                yield from read_jsonl_lines(handle, str(path))
        except OSError as exc:
            yield InputError(str(path), None, path.name, f"cannot read: {exc.strerror or exc}")
        return
    yield from read_jsonl_lines(source)
