"""The shared HTTP client of a pass and the politeness limits around it."""

from __future__ import annotations

import asyncio
import functools
import ssl
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import httpcore
import httpx

from config.settings import FetchSettings
from feeds.backend import GuardedBackend, LinearPool

# No application/feed+json: feedparser reads XML feeds only, so a JSON Feed must not be preferred.
FEED_ACCEPT = (
    "application/rss+xml, application/atom+xml, application/rdf+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.1"
)
PAGE_ACCEPT = "text/html, application/xhtml+xml;q=0.9, */*;q=0.1"
# Only what decode.py inflates under the size cap; br/zstd are not advertised because there is no
# bounded decoder for them here (httpx would inflate a whole chunk before we could count it).
ACCEPT_ENCODING = "gzip, deflate"


def make_client(settings: FetchSettings, *, verify: ssl.SSLContext | None = None) -> httpx.AsyncClient:
    """One client per pass: connection reuse, HTTP/2 where the server offers it (ALPN), redirects followed
    by hand (http_fetch applies the SSRF guard per hop), no cookies, bodies decoded by http_fetch itself
    under the size cap.

    `verify`: a TLS context trusting other CAs (an intranet's, a test's); default: the system bundle."""
    limits = httpx.Limits(
        # No more sockets than requests in flight: httpcore's pool does per-connection work on every
        # request, so spare connections cost CPU.
        max_connections=settings.concurrency,
        max_keepalive_connections=settings.concurrency,
        keepalive_expiry=30,
    )
    transport = httpx.AsyncHTTPTransport(verify=verify or _ssl_context(), http2=True, limits=limits, retries=0)
    _install_pool(transport, limits)
    return _FeedClient(
        transport=transport,
        http2=True,
        follow_redirects=False,
        # No per-phase timeouts: http_fetch bounds the whole fetch (connect to last byte) with one
        # deadline, and per-read timeouts would cost a cancel scope on every socket operation.
        timeout=httpx.Timeout(None),
        headers={"User-Agent": settings.user_agent, "Accept-Encoding": ACCEPT_ENCODING},
        # Direct connections only: with an explicit transport httpx ignores HTTP(S)_PROXY, and a proxy
        # would hide the address the SSRF guard must see.
    )


@functools.cache
def _ssl_context() -> ssl.SSLContext:
    """Loading the CA bundle takes ~50 ms; every pass (and every full-text or discovery call) would pay
    it again. Contexts are safe to share between connections, threads and event loops."""
    return httpx.create_ssl_context()


def _install_pool(transport: httpx.AsyncHTTPTransport, limits: httpx.Limits) -> None:
    """Swap httpx's connection pool for ours: the connect-time SSRF guard as its network backend, and
    linear request assignment (see backend.py). httpx offers no public hook for either; the pool is new
    and unused here, so replacing it is safe. Should a future httpx lay its transport out differently,
    the stock pool stays and the per-hop pre-check in http_fetch still guards every request."""
    old = getattr(transport, "_pool", None)
    if type(old) is not httpcore.AsyncConnectionPool:
        return
    transport._pool = LinearPool(
        ssl_context=old._ssl_context,
        max_connections=limits.max_connections,
        max_keepalive_connections=limits.max_keepalive_connections,
        keepalive_expiry=limits.keepalive_expiry,
        http1=True,
        http2=True,
        retries=0,
        network_backend=GuardedBackend(httpcore.AnyIOBackend()),
    )


class _NoCookies(httpx.Cookies):
    """Feeds are independent subscriptions: a cookie one site sets must not ride along to another
    request of the pass (tracking, or a consent cookie that changes what another feed returns). Nothing
    is stored, and nothing is parsed: httpx would build urllib request/response shims for every response
    just to look for Set-Cookie."""

    def extract_cookies(self, response: httpx.Response) -> None:
        return None

    def set_cookie_header(self, request: httpx.Request) -> None:
        return None


class _FeedClient(httpx.AsyncClient):
    _no_cookies = _NoCookies()

    @property
    def cookies(self) -> httpx.Cookies:
        return self._no_cookies

    @cookies.setter
    def cookies(self, cookies: Any) -> None:
        return None


class Limiter:
    """Global and per-host concurrency. The host slot is taken first, so feeds waiting for a busy host do
    not sit on global slots that other hosts could use."""

    def __init__(self, total: int, per_host: int) -> None:
        self._global = asyncio.Semaphore(total)
        self._per_host = per_host
        self._hosts: dict[str, asyncio.Semaphore] = {}

    @asynccontextmanager
    async def slot(self, host: str) -> AsyncIterator[None]:
        sem = self._hosts.get(host)
        if sem is None:
            sem = self._hosts[host] = asyncio.Semaphore(self._per_host)
        async with sem, self._global:
            yield

    @classmethod
    def from_settings(cls, settings: FetchSettings) -> Limiter:
        return cls(settings.concurrency, settings.per_host_concurrency)
