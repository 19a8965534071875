"""`talkwatch feeds add URL`: find the feed behind a site's page (RSS autodiscovery)."""

from __future__ import annotations

import asyncio
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

from config.settings import FetchSettings
from feeds.client import FEED_ACCEPT, Limiter, make_client
from feeds.encoding import decode_body
from feeds.http_fetch import fetch_url
from feeds.parse import parse_feed_bytes
from feeds.sources import local_path, read_local, source_kind
from feeds.types import DiscoveryError, FetchError

FEED_TYPES = frozenset(
    {
        "application/rss+xml",
        "application/atom+xml",
        "application/rdf+xml",
        "application/x-rss+xml",
        "application/x-atom+xml",
    }
)


async def discover_feed_url(page_url: str, settings: FetchSettings, *, allow_private: bool = False) -> str:
    """The URL itself when it is a feed (its permanent new address if it moved); otherwise the first
    <link rel="alternate" type="application/rss+xml|atom+xml"> of the HTML page, made absolute.
    Raises DiscoveryError with a one-line reason."""
    kind = source_kind(page_url)
    if kind == "unsupported":
        raise DiscoveryError(f"{page_url}: not an http(s) URL or a file")
    if kind == "file":
        try:
            path = local_path(page_url)
            body = await asyncio.to_thread(read_local, path, settings.max_bytes)
        except FetchError as exc:
            raise DiscoveryError(f"{page_url}: {exc}") from None
        base, content_type, result_url = path.resolve().as_uri(), None, page_url
    else:
        async with make_client(settings) as client:
            try:
                resp = await fetch_url(
                    client,
                    page_url,
                    settings=settings,
                    limiter=Limiter.from_settings(settings),
                    allow_private=allow_private,
                    headers={"Accept": FEED_ACCEPT.replace("*/*;q=0.1", "text/html;q=0.8, */*;q=0.1")},
                )
            except FetchError as exc:
                raise DiscoveryError(f"cannot fetch {page_url}: {exc}") from None
        if not 200 <= resp.status < 300:
            raise DiscoveryError(f"cannot fetch {page_url}: HTTP {resp.status} {resp.reason}".strip())
        body, base, content_type = resp.body, resp.url, resp.headers.get("content-type")
        result_url = resp.url if resp.permanent else page_url
    parsed = await asyncio.to_thread(parse_feed_bytes, body, url=base, headers={"content-type": content_type or ""})
    if parsed.is_feed:
        return result_url
    links = find_feed_links(decode_body(body, content_type)[0], base)
    if not links:
        raise DiscoveryError(
            f"no feed found at {page_url}: it is not RSS/Atom and links no feed "
            '(<link rel="alternate" type="application/rss+xml">)'
        )
    return links[0]


def find_feed_links(html_text: str, page_url: str) -> list[str]:
    """Absolute http(s) URLs of the page's alternate feed links, in document order, without repeats."""
    finder = _LinkFinder()
    finder.feed(html_text)
    finder.close()
    base = urljoin(page_url, finder.base) if finder.base else page_url
    out: list[str] = []
    for href in finder.hrefs:
        url = urljoin(base, href.strip())
        if urlsplit(url).scheme.lower() in ("http", "https") and url not in out:
            out.append(url)
    return out


class _LinkFinder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.base: str | None = None
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k.lower(): (v or "") for k, v in attrs}
        if tag == "base" and self.base is None and values.get("href"):
            self.base = values["href"].strip()
        elif tag == "link" and values.get("href"):
            rels = values.get("rel", "").lower().split()
            kind = values.get("type", "").split(";", 1)[0].strip().lower()
            if "alternate" in rels and kind in FEED_TYPES:
                self.hrefs.append(values["href"])

    handle_startendtag = handle_starttag
