"""Where the test data lives: the repository's seeds and the third-party dev data kept outside it.

The labelled dev set is third-party text kept outside the repository (`../shared/data`): absent in a bare
clone, tests that need it skip, or use the fixtures we wrote ourselves in tests/fixtures/.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from extractors.events import Article

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"
SHARED = ROOT.parent / "shared"
# TALKWATCH_SHARED_DATA points elsewhere (a git worktree has no ../shared), as for `make bench`/`make eval`.
SHARED_DATA = Path(os.environ.get("TALKWATCH_SHARED_DATA", SHARED / "data"))
DEV_SET: Path | None = SHARED_DATA / "labelled_dev.jsonl"
if not DEV_SET.exists():
    DEV_SET = None
SEED_PUBLISHED = {"000_fd21201a034cecf6.txt": dt.date(2018, 9, 27), "004_c388640ea11f6b1b.txt": dt.date(2014, 3, 31)}


def seed_article(name: str) -> Article:
    return Article(id=name, text=(SEEDS / name).read_text(encoding="utf-8"), published=SEED_PUBLISHED[name])
