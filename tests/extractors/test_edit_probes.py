"""Edit probes (`tests/extractors/edits/`): every edit applies to its base record, and the files hold no article text.

The base records live in the shared data (third-party text); without it the tests that rebuild records skip.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from benchmarks.edit_probes import EditError, apply_edit, base_records
from benchmarks.eval_suite import EDITS, SHARED_DATA, dev2_tune_ids

FILES = ("edits_tune.jsonl", "edits_heldout.jsonl")
KINDS = {"day_swap", "day_moved", "pub_removed", "place_moved", "distractor_city", "level_distractor", "status_flip"}
# No more than a sentence of third-party text may be stored in one edit.
MAX_SNIPPET = 200


def _lines(name: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in (EDITS / name).read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.mark.parametrize("name", FILES)
def test_edit_files_are_well_formed(name: str) -> None:
    for edit in _lines(name):
        assert edit["kind"] in KINDS, edit["id"]
        assert edit["label"] in ("positive", "negative"), edit["id"]
        assert "text" not in edit, edit["id"]
        for old, new in edit["edits"]:  # type: ignore[attr-defined]
            assert 0 < len(old) <= MAX_SNIPPET and len(new) <= MAX_SNIPPET, edit["id"]
        if edit["label"] == "positive":
            assert edit.get("event_date") and edit.get("location") and edit.get("level"), edit["id"]


def test_ids_are_unique_across_files() -> None:
    ids = [e["id"] for name in FILES for e in _lines(name)]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("name", FILES)
def test_every_edit_applies_to_a_dev_or_dev2_tune_record(name: str) -> None:
    bases = base_records(Path(SHARED_DATA), dev2_tune_ids())
    if not bases:
        pytest.skip(f"shared data not available at {SHARED_DATA}")
    for edit in _lines(name):
        assert edit["base"] in bases, f"{edit['id']}: base is not a dev or dev2-tune record"
        record = apply_edit(bases[str(edit["base"])], edit)
        for _old, new in edit["edits"]:  # type: ignore[attr-defined]
            assert new in record["text"], edit["id"]


def test_an_edit_that_does_not_occur_exactly_once_is_refused() -> None:
    base = {"id": "b", "text": "They met on Monday. They met again on Monday."}
    with pytest.raises(EditError):
        apply_edit(base, {"id": "e", "base": "b", "edits": [["on Monday", "on Friday"]]})
    with pytest.raises(EditError):
        apply_edit(base, {"id": "e", "base": "b", "edits": [["on Sunday", "on Friday"]]})
    record = apply_edit(base, {"id": "e", "base": "b", "edits": [["again on Monday", "again on Friday"]],
                               "published": None, "label": "negative"})  # fmt: skip
    assert record["text"].endswith("again on Friday.") and record["published"] is None
