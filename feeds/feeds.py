"""fetch_feeds: one pass over many feeds with a shared client, never raising for a feed's failure."""

from __future__ import annotations

import asyncio
import concurrent.futures
import logging
import time
from collections.abc import Sequence
from contextlib import AsyncExitStack
from datetime import UTC, datetime

import httpx

from config.settings import FetchSettings
from feeds.backoff import parse_retry_after
from feeds.client import FEED_ACCEPT, Limiter, make_client
from feeds.http_fetch import fetch_url, one_line
from feeds.parse import parse_feed_bytes
from feeds.sources import local_path, read_local, source_kind
from feeds.types import FeedEntry, FeedRequest, FeedResult, FetchError, Outcome, ParsedFeed

log = logging.getLogger(__name__)

# Statuses whose Retry-After is honoured (RFC 9110 §10.2.3; Miniflux only reads it on 429).
RETRY_AFTER_STATUSES = frozenset({429, 503})


async def fetch_feeds(
    feeds: Sequence[FeedRequest], settings: FetchSettings, *, client: httpx.AsyncClient | None = None
) -> list[FeedResult]:
    """Fetch and parse every feed concurrently; results in input order. A feed's failure is a result with
    outcome "failed" (or "gone"), never an exception."""
    if not feeds:
        return []
    limiter = Limiter.from_settings(settings)
    async with AsyncExitStack() as stack:
        if client is None:
            client = await stack.enter_async_context(make_client(settings))
        shared = client
        return list(await asyncio.gather(*(_fetch_safely(shared, f, settings, limiter) for f in feeds)))


def fetch_feeds_sync(feeds: Sequence[FeedRequest], settings: FetchSettings) -> list[FeedResult]:
    """For synchronous callers. Inside a running event loop (where asyncio.run refuses to work) the pass
    runs on a worker thread with its own loop."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(fetch_feeds(feeds, settings))
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, fetch_feeds(feeds, settings)).result()


async def _fetch_safely(
    client: httpx.AsyncClient, req: FeedRequest, settings: FetchSettings, limiter: Limiter
) -> FeedResult:
    start = time.perf_counter()
    try:
        return await _fetch_one(client, req, settings, limiter, start)
    except Exception as exc:  # one feed's bug must not sink the pass
        log.exception("feed %s: unexpected error", req.name)
        return _failed(req, start, f"internal error: {type(exc).__name__}: {one_line(str(exc))}")


async def _fetch_one(
    client: httpx.AsyncClient, req: FeedRequest, settings: FetchSettings, limiter: Limiter, start: float
) -> FeedResult:
    kind = source_kind(req.url)
    if kind == "unsupported":
        return _failed(req, start, f"unsupported URL scheme: {one_line(req.url, 200)}")
    if kind == "file":
        return await _fetch_file(req, settings, start)

    headers = {"Accept": FEED_ACCEPT}
    # Validators go back exactly as received (opaque strings; rachelbythebay's rule), if they are legal
    # header values at all.
    if req.etag and _header_safe(req.etag):
        headers["If-None-Match"] = req.etag
    if req.last_modified and _header_safe(req.last_modified):
        headers["If-Modified-Since"] = req.last_modified
    try:
        resp = await fetch_url(
            client,
            req.url,
            settings=settings,
            limiter=limiter,
            allow_private=req.allow_private,
            headers=headers,
        )
    except FetchError as exc:
        return _failed(req, start, str(exc), status=exc.status, final_url=exc.final_url)

    status = resp.status
    # A permanent move is reported only when the new place works: a 301 to an error page must not
    # overwrite a good stored URL (Miniflux #2783).
    new_url = resp.url if resp.permanent else None
    if status == 304:
        return FeedResult(
            name=req.name,
            outcome="not_modified",
            http_status=304,
            final_url=resp.url,
            new_url=new_url,
            # RFC 9111 §4.3.4: a 304 may carry updated validators; otherwise the stored ones still hold.
            etag=resp.headers.get("etag") or req.etag,
            last_modified=resp.headers.get("last-modified") or req.last_modified,
            entries=(),
            error=None,
            warning=None,
            retry_after=None,
            elapsed_s=time.perf_counter() - start,
        )
    if status == 410:
        return _result(req, start, "gone", status, resp.url, error=f"HTTP 410 {resp.reason or 'Gone'}")
    if status == 204 or not (200 <= status < 300):
        retry_after = None
        if status in RETRY_AFTER_STATUSES:
            retry_after = parse_retry_after(resp.headers.get("retry-after"), datetime.now(UTC))
        error = f"HTTP {status} {resp.reason}".strip()
        return _failed(req, start, error, status=status, final_url=resp.url, retry_after=retry_after)

    headers_for_parse = {"content-type": resp.headers.get("content-type", "")}
    parsed = await asyncio.to_thread(parse_feed_bytes, resp.body, url=resp.url, headers=headers_for_parse)
    failure = _parse_failure(parsed, resp.headers.get("content-type"), len(resp.body))
    if failure:
        return _failed(req, start, failure, status=status, final_url=resp.url)
    return FeedResult(
        name=req.name,
        outcome="ok",
        http_status=status,
        final_url=resp.url,
        new_url=new_url,
        # A 200 replaces the validators: ones the server no longer sends must not be sent back.
        etag=resp.headers.get("etag"),
        last_modified=resp.headers.get("last-modified"),
        entries=parsed.entries,
        error=None,
        warning=parsed.warning,
        retry_after=None,
        elapsed_s=time.perf_counter() - start,
    )


async def _fetch_file(req: FeedRequest, settings: FetchSettings, start: float) -> FeedResult:
    try:
        path = local_path(req.url)
        body = await asyncio.to_thread(read_local, path, settings.max_bytes)
    except FetchError as exc:
        return _failed(req, start, str(exc))
    url = path.resolve().as_uri()
    parsed = await asyncio.to_thread(parse_feed_bytes, body, url=url)
    failure = _parse_failure(parsed, None, len(body))
    if failure:
        return _failed(req, start, failure, final_url=url)
    return _result(req, start, "ok", None, url, entries=parsed.entries, warning=parsed.warning)


def _parse_failure(parsed: ParsedFeed, content_type: str | None, size: int) -> str | None:
    if parsed.entries:
        return None
    if size == 0:
        return "empty body"
    if not parsed.is_feed:
        kind = (content_type or "").split(";", 1)[0].strip()
        return f"not a feed ({kind})" if kind else "not a feed"
    if parsed.warning and parsed.warning.startswith("malformed"):
        return f"no entries could be read: {parsed.warning}"
    return None  # a well-formed feed with no entries right now is fine


def _header_safe(value: str) -> bool:
    return value.isprintable() and value.isascii() and len(value) <= 1024


def _result(
    req: FeedRequest,
    start: float,
    outcome: Outcome,
    status: int | None,
    final_url: str | None,
    *,
    entries: tuple[FeedEntry, ...] = (),
    error: str | None = None,
    warning: str | None = None,
) -> FeedResult:
    return FeedResult(
        name=req.name,
        outcome=outcome,
        http_status=status,
        final_url=final_url,
        new_url=None,
        etag=req.etag,
        last_modified=req.last_modified,
        entries=entries,
        error=error,
        warning=warning,
        retry_after=None,
        elapsed_s=time.perf_counter() - start,
    )


def _failed(
    req: FeedRequest,
    start: float,
    error: str,
    *,
    status: int | None = None,
    final_url: str | None = None,
    retry_after: datetime | None = None,
) -> FeedResult:
    # Stored validators survive a failure: losing them would turn the next success into a full download.
    return FeedResult(
        name=req.name,
        outcome="failed",
        http_status=status,
        final_url=final_url,
        new_url=None,
        etag=req.etag,
        last_modified=req.last_modified,
        entries=(),
        error=one_line(error),
        warning=None,
        retry_after=retry_after,
        elapsed_s=time.perf_counter() - start,
    )
