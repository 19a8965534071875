from __future__ import annotations

from collections.abc import Iterator

import pytest

from config.settings import FetchSettings
from tests.support.feedserver import FeedServer


@pytest.fixture
def server() -> Iterator[FeedServer]:
    with FeedServer() as srv:
        yield srv


@pytest.fixture
def settings() -> FetchSettings:
    return FetchSettings(timeout_s=5, max_bytes=1_000_000, concurrency=8, per_host_concurrency=4)
