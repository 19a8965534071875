"""Edit probes: minimal edits of real labelled articles (`tests/extractors/edits/*.jsonl`).

Each line names a base record (`id` in the shared `labelled_dev.jsonl`, or in the tuning half of
`labelled_dev2.jsonl`), a list of `[old, new]` substring replacements (each `old` must occur exactly once in the
base text; title replacements apply to the title when the title holds `old` too), optional `published` /
`published_month` overrides, the edit `kind`, and the gold keys of the labelled format. Only the short edit
snippets are committed: the article text is rebuilt from the shared data, which is third-party text.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

GOLD_KEYS = ("label", "countries", "event_date", "location", "level", "participants", "notes")
OVERRIDES = ("published", "published_month", "title")


class EditError(ValueError):
    """An edit does not apply: its base is unknown or its old substring is not found exactly once."""


def base_records(shared_data: Path, tune_ids: set[str]) -> dict[str, dict[str, Any]]:
    """Records an edit may start from: the whole dev set and the dev2 tuning half (never the untouched half)."""
    out: dict[str, dict[str, Any]] = {}
    for name, keep in (("labelled_dev.jsonl", None), ("labelled_dev2.jsonl", tune_ids)):
        path = shared_data / name
        if not path.exists():
            continue
        with path.open(encoding="utf-8") as handle:
            for line in handle:
                if line.strip():
                    record = json.loads(line)
                    if keep is None or record["id"] in keep:
                        out[record["id"]] = record
    return out


def apply_edit(base: dict[str, Any], edit: dict[str, Any]) -> dict[str, Any]:
    """The labelled record an edit probe stands for (raises EditError when an edit does not apply)."""
    text = str(base.get("text") or "")
    title = base.get("title")
    for old, new in edit.get("edits", []):
        count = text.count(old)
        if count != 1:
            raise EditError(f"{edit['id']}: {old!r} occurs {count} times in {base['id']}")
        text = text.replace(old, new)
        if isinstance(title, str) and title.count(old) == 1:
            title = title.replace(old, new)
    record: dict[str, Any] = {
        "id": edit["id"],
        "outlet": base.get("outlet"),
        "source_url": base.get("source_url"),
        "language": base.get("language", "en"),
        "published": base.get("published"),
        "published_month": base.get("published_month"),
        "title": title,
        "text": text,
    }
    for key in OVERRIDES:
        if key in edit:
            record[key] = edit[key]
    if record.get("published"):
        record["published_month"] = None
    for key in GOLD_KEYS:
        if key in edit:
            record[key] = edit[key]
    if "countries" not in record and "countries" in base:
        record["countries"] = base["countries"]
    record["kind"] = edit.get("kind")
    record["base"] = edit["base"]
    return record


def load_edits(path: Path, shared_data: Path, tune_ids: set[str]) -> list[dict[str, Any]]:
    """The records of an edit file, or [] when the shared data is absent."""
    bases = base_records(shared_data, tune_ids)
    if not bases:
        return []
    records = []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if not line.strip():
                continue
            edit = json.loads(line)
            if edit["base"] not in bases:
                raise EditError(f"{edit['id']}: base {edit['base']} is not a dev or dev2-tune record")
            records.append(apply_edit(bases[edit["base"]], edit))
    return records
