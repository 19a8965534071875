"""Fixtures of the extractor tests: the model is loaded once per session, dev data is optional.

The labelled dev set lives outside the repository (`../shared/data`, third-party text we may not copy);
tests that need it skip in a clean clone. The seed articles are part of the repository and always run.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from extractors import extract_many
from extractors.evaluation import article_of_record, load_records
from extractors.events import Article, Event
from extractors.model import nlp
from tests.conftest import DEV_SET

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"
SHARED_DATA = DEV_SET.parent if DEV_SET else ROOT.parent / "shared" / "data"
DEV_PATH = DEV_SET or SHARED_DATA / "labelled_dev.jsonl"
SEED_PUBLISHED = {"000_fd21201a034cecf6.txt": dt.date(2018, 9, 27), "004_c388640ea11f6b1b.txt": dt.date(2014, 3, 31)}


@pytest.fixture(scope="session", autouse=True)
def _model() -> Any:
    # Loading once per session keeps the whole extractor suite well under a minute.
    return nlp()


def seed_article(name: str) -> Article:
    return Article(id=name, text=(SEEDS / name).read_text(encoding="utf-8"), published=SEED_PUBLISHED[name])


@pytest.fixture(scope="session")
def seed_events() -> dict[str, list[Event]]:
    names = sorted(SEED_PUBLISHED)
    return dict(zip(names, extract_many([seed_article(n) for n in names]), strict=True))


@pytest.fixture(scope="session")
def dev_records() -> list[dict[str, Any]]:
    if not DEV_PATH.exists():
        pytest.skip(f"dev data not available at {DEV_PATH}")
    return load_records(DEV_PATH)


@pytest.fixture(scope="session")
def dev_events(dev_records: list[dict[str, Any]]) -> list[list[Event]]:
    return extract_many([article_of_record(r) for r in dev_records])
