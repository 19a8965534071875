"""discover_feed_url: a feed URL is returned as is; an HTML page gives its first alternate feed link."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from config.settings import FetchSettings
from feeds import DiscoveryError, discover_feed_url
from feeds.discover import find_feed_links
from tests.support.feed_samples import ATOM, HTML_PAGE, rss2
from tests.support.feedserver import FeedServer


def _discover(url: str, settings: FetchSettings, allow_private: bool = True) -> str:
    return asyncio.run(discover_feed_url(url, settings, allow_private=allow_private))


def test_html_page_with_alternate_link(server: FeedServer, settings: FetchSettings):
    server.route("/site/index.html", body=HTML_PAGE, content_type="text/html; charset=utf-8")
    assert _discover(server.url("/site/index.html"), settings) == server.url("/feeds/main.xml")


def test_feed_url_is_returned_itself(server: FeedServer, settings: FetchSettings):
    server.route("/rss", body=rss2())
    server.route("/atom", body=ATOM, content_type="application/atom+xml")
    server.redirect("/old", "/rss", 301)
    server.redirect("/tmp", "/rss", 302)
    assert _discover(server.url("/rss"), settings) == server.url("/rss")
    assert _discover(server.url("/atom"), settings) == server.url("/atom")
    assert _discover(server.url("/old"), settings) == server.url("/rss")  # moved for good: the new URL
    assert _discover(server.url("/tmp"), settings) == server.url("/tmp")


def test_page_without_feed_and_fetch_errors(server: FeedServer, settings: FetchSettings):
    server.route("/plain", body=b"<html><head></head><body>hi</body></html>", content_type="text/html")
    server.route("/err", status=500)
    with pytest.raises(DiscoveryError, match="no feed found at"):
        _discover(server.url("/plain"), settings)
    with pytest.raises(DiscoveryError, match="HTTP 500"):
        _discover(server.url("/err"), settings)
    with pytest.raises(DiscoveryError, match=r"refused: 127\.0\.0\.1"):
        _discover(server.url("/plain"), settings, allow_private=False)
    with pytest.raises(DiscoveryError, match="not an http"):
        _discover("ftp://example.com/", settings)


def test_local_feed_file(tmp_path: Path, settings: FetchSettings):
    path = tmp_path / "f.xml"
    path.write_bytes(rss2())
    assert _discover(str(path), settings) == str(path)


def test_find_feed_links_rules():
    page = """<html><head><base href="https://cdn.example.com/base/">
    <link rel="Alternate Home" type="application/atom+xml; charset=utf-8" href="atom.xml">
    <link rel="alternate" type="text/html" href="/fr/">
    <link rel="alternate" type="application/rss+xml" href="javascript:alert(1)">
    <link rel="alternate" type="application/rss+xml" href="/rss.xml">
    <link rel="alternate" type="application/rss+xml" href="/rss.xml">
    </head></html>"""
    assert find_feed_links(page, "https://www.example.com/page") == [
        "https://cdn.example.com/base/atom.xml",
        "https://cdn.example.com/rss.xml",
    ]
