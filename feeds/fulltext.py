"""Full article text: fetch the linked page with the feed fetcher's politeness, extract with trafilatura.

None means "use the summary": network failure, non-HTML, an extraction that found too little (paywalls
and consent walls leave a teaser), or trafilatura unavailable.
"""

from __future__ import annotations

import asyncio
import logging
import re
import threading
from collections.abc import Sequence
from contextlib import AsyncExitStack
from typing import Any

import httpx

from config.settings import FetchSettings
from feeds.client import PAGE_ACCEPT, Limiter, make_client
from feeds.encoding import header_charset
from feeds.http_fetch import fetch_url
from feeds.types import FetchError

log = logging.getLogger(__name__)

MIN_TEXT_CHARS = 300  # shorter than a news brief: a teaser, a consent wall or an error page
_PAYWALL = re.compile(
    r"subscribe (?:now )?to (?:continue|read)|to continue reading|already a subscriber|"
    r"sign in to (?:continue|read)|this (?:article|content) is (?:for|available to) (?:paid )?subscribers",
    re.IGNORECASE,
)
_HTML_TYPES = ("text/html", "application/xhtml+xml", "")


async def fetch_fulltext(
    urls: Sequence[str],
    settings: FetchSettings,
    *,
    allow_private: bool,
    client: httpx.AsyncClient | None = None,
) -> list[str | None]:
    """The main text of each page, in input order (None where it could not be had). Never raises for a
    page's failure; a URL listed twice is fetched once."""
    limiter = Limiter.from_settings(settings)
    unique = list(dict.fromkeys(urls))
    async with AsyncExitStack() as stack:
        if client is None:
            client = await stack.enter_async_context(make_client(settings))
        shared = client
        texts = await asyncio.gather(*(_one(shared, u, settings, limiter, allow_private) for u in unique))
    by_url = dict(zip(unique, texts, strict=True))
    return [by_url[u] for u in urls]


async def _one(
    client: httpx.AsyncClient, url: str, settings: FetchSettings, limiter: Limiter, allow_private: bool
) -> str | None:
    try:
        resp = await fetch_url(
            client,
            url,
            settings=settings,
            limiter=limiter,
            allow_private=allow_private,
            headers={"Accept": PAGE_ACCEPT},
        )
    except FetchError as exc:
        log.info("full text of %s: %s", url, exc)
        return None
    except Exception:  # a page's bug must not sink the batch
        log.exception("full text of %s: unexpected error", url)
        return None
    content_type = resp.headers.get("content-type", "")
    if resp.status != 200 or content_type.split(";", 1)[0].strip().lower() not in _HTML_TYPES:
        log.info("full text of %s: HTTP %s %s", url, resp.status, content_type)
        return None
    try:
        return await asyncio.to_thread(extract_main_text, resp.body, resp.url, header_charset(content_type))
    except Exception:  # trafilatura on hostile HTML
        log.exception("full text of %s: extraction failed", url)
        return None


def extract_main_text(body: bytes, url: str | None = None, charset: str | None = None) -> str | None:
    """trafilatura's main-text extraction, or None when it finds no article (or a paywall teaser)."""
    trafilatura = _trafilatura()
    if trafilatura is None or not body:
        return None
    document: str | bytes = body
    if charset:
        try:
            document = body.decode(charset)
        except (LookupError, UnicodeDecodeError):
            document = body  # let trafilatura sniff <meta charset>
    text = trafilatura.extract(
        document,
        url=url,
        include_comments=False,
        include_tables=False,
        include_images=False,
        favor_precision=True,
        deduplicate=False,
        with_metadata=False,
    )
    if not text:
        return None
    text = str(text).strip()
    if len(text) < MIN_TEXT_CHARS:
        return None
    if len(text) < 3 * MIN_TEXT_CHARS and _PAYWALL.search(text):
        return None
    return text


_TRAFILATURA: Any = None
_TRAFILATURA_TRIED = False


_TRAFILATURA_LOCK = threading.Lock()


def _trafilatura() -> Any:
    # Imported on first use: it is slow to import and not needed by passes without full-text feeds.
    # Pages are extracted in worker threads at once: the lock makes the others wait for the first import
    # (without it they saw "tried" before the import had finished and fell back to the summaries).
    global _TRAFILATURA, _TRAFILATURA_TRIED  # noqa: PLW0603 - a process-wide import cache
    with _TRAFILATURA_LOCK:
        if not _TRAFILATURA_TRIED:
            try:
                import trafilatura

                _TRAFILATURA = trafilatura
            except ImportError as exc:
                log.warning("full text unavailable, using summaries: cannot import trafilatura: %s", exc)
            _TRAFILATURA_TRIED = True
    return _TRAFILATURA
