"""Golden files: the full EVENT output for the seeds and a dozen dev articles covering every status and trap.

Regenerate after an intended rule change with `UPDATE_GOLDEN=1 pytest tests/extractors` and review the diff.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from extractors import extract, extract_many
from extractors.evaluation import article_of_record
from tests.support.data import SEED_PUBLISHED, seed_article

GOLDEN = Path(__file__).parent / "golden"
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"

# Chosen to cover each status and each kind of look-alike story (the `trap` of the negatives).
DEV_ITEMS = [
    "p_2002_summit_voa",  # held, leaders, same-day wire report
    "p_2004_beijing_workinglevel_aug_japantimes",  # working level, date from the lede
    "p_2007_hanoi_voa",  # talks that broke down are still held
    "p_2014_beijing_july_ap_sdut",  # news plus a recalled Stockholm round
    "p_2018_kitamura_vietnam_suga_jmh",  # headline about a spokesman; body reports a secret meeting
    "p_2024_mongolia_may_rfa",  # unconfirmed report, mixed delegations -> level unknown
    "n_2004_koizumi_to_visit_donga",  # scheduled
    "n_2012_talks_scuttled_asiaone",  # cancelled
    "n_2024_reject_contact_email_jiji_nippon",  # refused
    "n_2018_kono_ri_may_meet_sputnik",  # proposed / speculation
    "n_2022_protest_beijing_channel_urdupoint",  # one-way message through a channel
    "n_kcna_2024_choe_meets_chongryon",  # visit by people holding no office
    "n_2018_abe_xi_vladivostok_kyodo",  # Japan meets China about North Korea
    "n_2022_summit_20th_anniversary_asahi",  # retrospective
    "n_rss_2023_asian_games_final_japantoday",  # sport
    "n_rss_2023_satellite_notice_japantoday",  # safety notification
]


def _check(name: str, produced: list[dict[str, Any]]) -> None:
    path = GOLDEN / f"{name}.json"
    if UPDATE or not path.exists():
        if not UPDATE:
            pytest.fail(f"missing golden file {path.name}; run with UPDATE_GOLDEN=1")
        path.write_text(json.dumps(produced, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        return
    expected = json.loads(path.read_text(encoding="utf-8"))
    assert produced == expected, f"output of {name} differs from {path.name}"


@pytest.mark.parametrize("name", sorted(SEED_PUBLISHED))
def test_seed_golden(name: str) -> None:
    _check(name.removesuffix(".txt"), [e.to_json() for e in extract(seed_article(name))])


def test_dev_golden(dev_records: list[dict[str, Any]]) -> None:
    by_id = {r["id"]: r for r in dev_records}
    missing = [i for i in DEV_ITEMS if i not in by_id]
    assert not missing, f"dev items not found: {missing}"
    outputs = extract_many([article_of_record(by_id[i]) for i in DEV_ITEMS])
    for item_id, events in zip(DEV_ITEMS, outputs, strict=True):
        _check(item_id, [e.to_json() for e in events])
