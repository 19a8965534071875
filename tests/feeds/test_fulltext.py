"""fetch_fulltext: article pages through the same fetcher, main text via trafilatura; None = use summary."""

from __future__ import annotations

import asyncio

import pytest

from config.settings import FetchSettings
from feeds import fetch_fulltext
from tests.support.feed_samples import ARTICLE_HTML, PAYWALL_HTML
from tests.support.feedserver import FeedServer

pytest.importorskip("trafilatura", reason="trafilatura (with lxml_html_clean) is not importable")


def _texts(urls: list[str], settings: FetchSettings) -> list[str | None]:
    return asyncio.run(fetch_fulltext(urls, settings, allow_private=True))


def test_article_text_extracted_and_boilerplate_dropped(server: FeedServer, settings: FetchSettings):
    server.route("/a", body=ARTICLE_HTML, content_type="text/html; charset=utf-8", gzip=True)
    (text,) = _texts([server.url("/a")], settings)
    assert text is not None
    assert "Stockholm" in text and "Paragraph 7" in text
    assert "Copyright 2026" not in text and "Home | World" not in text
    req = server.requests_for("/a")[0]
    assert req.headers["accept"].startswith("text/html")
    assert req.headers["user-agent"] == settings.user_agent


def test_failures_give_none_in_input_order(server: FeedServer, settings: FetchSettings):
    server.route("/a", body=ARTICLE_HTML, content_type="text/html")
    server.route("/paywall", body=PAYWALL_HTML, content_type="text/html")
    server.route("/missing", status=404, body=b"no", content_type="text/plain")
    server.route("/pdf", body=b"%PDF-1.4", content_type="application/pdf")
    server.route("/slow", body=ARTICLE_HTML, content_type="text/html", delay=5)
    server.redirect("/moved", "/a", 301)
    urls = [server.url(p) for p in ("/paywall", "/a", "/missing", "/pdf", "/slow", "/moved", "/a")]
    texts = _texts(urls, FetchSettings(timeout_s=0.5))
    assert [t is not None for t in texts] == [False, True, False, False, False, True, True]
    assert texts[1] == texts[5] == texts[6]
    assert server.hits("/a") == 2  # the repeated URL was fetched once (the redirect is another URL)


def test_oversized_page_gives_none(server: FeedServer):
    server.route("/a", body=ARTICLE_HTML, content_type="text/html")
    assert _texts([server.url("/a")], FetchSettings(max_bytes=500)) == [None]
