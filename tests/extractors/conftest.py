"""Fixtures of the extractor tests: the model is loaded once per session, dev data is optional.

The labelled dev set lives outside the repository (`../shared/data`, third-party text we may not copy);
tests that need it skip in a clean clone. The seed articles are part of the repository and always run.
"""

from __future__ import annotations

from typing import Any

import pytest

from extractors import extract_many
from extractors.evaluation import article_of_record, load_records
from extractors.events import Event
from extractors.model import nlp
from tests.support.data import DEV_SET, SEED_PUBLISHED, SHARED_DATA, seed_article

DEV_PATH = DEV_SET or SHARED_DATA / "labelled_dev.jsonl"


@pytest.fixture(scope="session", autouse=True)
def _model() -> Any:
    # Loading once per session keeps the whole extractor suite well under a minute.
    return nlp()


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
