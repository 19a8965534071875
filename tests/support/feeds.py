"""Fetcher test helpers."""

from __future__ import annotations

from config.settings import FetchSettings
from feeds import FeedRequest, FeedResult, fetch_feeds_sync


def fetch_one(url: str, settings: FetchSettings, **kwargs: object) -> FeedResult:
    """One feed through the public API; the test server is on 127.0.0.1, so private is allowed unless a
    test says otherwise."""
    kwargs.setdefault("allow_private", True)
    req = FeedRequest(name="t", url=url, **kwargs)  # type: ignore[arg-type]
    return fetch_feeds_sync([req], settings)[0]
