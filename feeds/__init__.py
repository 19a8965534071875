"""Feed fetching (issue #5): async HTTP with politeness, conditional GET, redirects, SSRF guard and size
caps; feed parsing from bytes; full-text extraction; feed discovery.

Plain async code (no Prefect) for the flow's tasks:

    requests = [feed_request(feed, settings, url=stored_url, etag=..., last_modified=...) for feed in ...]
    results = fetch_feeds_sync(requests, settings.fetch)       # or `await fetch_feeds(...)`
    for r in results:   # same order; a feed's failure is a result, never an exception
        ok/not_modified -> store r.entries (none on 304), r.etag, r.last_modified, r.new_url if set
        gone            -> disable the feed
        failed          -> store r.error; retry not before next_attempt_after(r, failures, now)
    texts = await fetch_fulltext([e.url ...], settings.fetch, allow_private=feed.allow_private)

Modules: types (values), http_fetch (one GET: redirects, deadline, cap), client (shared client, limits),
backend (connect-time SSRF guard, connection pool), ssrf (address policy), decode (bounded gzip/deflate),
encoding + parse + text (bytes to entries), backoff, sources (files), fulltext, discover. The feed-pass
benchmark is benchmarks/feed_pass.py.
"""

from feeds.backoff import next_attempt_after, parse_retry_after
from feeds.client import make_client
from feeds.discover import discover_feed_url
from feeds.feeds import fetch_feeds, fetch_feeds_sync
from feeds.fulltext import extract_main_text, fetch_fulltext
from feeds.parse import parse_feed_bytes
from feeds.sources import feed_request
from feeds.types import DiscoveryError, FeedEntry, FeedRequest, FeedResult, FetchError, ParsedFeed

__all__ = [
    "DiscoveryError",
    "FeedEntry",
    "FeedRequest",
    "FeedResult",
    "FetchError",
    "ParsedFeed",
    "discover_feed_url",
    "extract_main_text",
    "feed_request",
    "fetch_feeds",
    "fetch_feeds_sync",
    "fetch_fulltext",
    "make_client",
    "next_attempt_after",
    "parse_feed_bytes",
    "parse_retry_after",
]
