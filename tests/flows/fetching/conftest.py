from __future__ import annotations

from collections.abc import Iterator

import pytest

from config.settings import FetchSettings
from flows.fetching import FeedRequest, FeedResult, fetch_feeds_sync
from tests.support.feedserver import FeedServer


@pytest.fixture
def server() -> Iterator[FeedServer]:
    with FeedServer() as srv:
        yield srv


@pytest.fixture
def settings() -> FetchSettings:
    return FetchSettings(timeout_s=5, max_bytes=1_000_000, concurrency=8, per_host_concurrency=4)


def fetch_one(url: str, settings: FetchSettings, **kwargs: object) -> FeedResult:
    """One feed through the public API; the test server is on 127.0.0.1, so private is allowed unless a
    test says otherwise."""
    kwargs.setdefault("allow_private", True)
    req = FeedRequest(name="t", url=url, **kwargs)  # type: ignore[arg-type]
    return fetch_feeds_sync([req], settings)[0]
