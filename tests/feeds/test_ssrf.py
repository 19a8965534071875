"""SSRF guard: non-public addresses refused unless the feed opts in; every redirect hop checked; no
redirects to other schemes; the connect-time guard (DNS rebinding) in clients from make_client."""

from __future__ import annotations

import asyncio
import ipaddress

import httpx
import pytest

from config.settings import FetchSettings
from feeds import fetch_fulltext, make_client, ssrf
from tests.support.feed_samples import rss2
from tests.support.feeds import fetch_one
from tests.support.feedserver import FeedServer


@pytest.mark.parametrize(
    ("address", "public"),
    [
        ("127.0.0.1", False),
        ("10.1.2.3", False),
        ("172.16.0.1", False),
        ("192.168.1.1", False),
        ("169.254.169.254", False),  # cloud metadata
        ("100.64.0.1", False),  # carrier-grade NAT
        ("0.0.0.0", False),
        ("224.0.0.1", False),
        ("240.0.0.1", False),
        ("::1", False),
        ("fe80::1", False),
        ("fc00::1", False),
        ("::ffff:127.0.0.1", False),  # IPv4-mapped loopback
        ("::ffff:10.0.0.1", False),
        ("2002:7f00:1::", False),  # 6to4 around 127.0.0.1
        ("64:ff9b::a00:1", False),  # NAT64 around 10.0.0.1
        ("93.184.216.34", True),
        ("8.8.8.8", True),
        ("2606:4700:4700::1111", True),
        ("::ffff:8.8.8.8", True),
    ],
)
def test_is_public_address(address: str, public: bool):
    assert ssrf.is_public_address(ipaddress.ip_address(address)) is public


def test_loopback_feed_refused_unless_allowed(server: FeedServer, settings: FetchSettings):
    server.route("/f", body=rss2())
    refused = fetch_one(server.url("/f"), settings, allow_private=False)
    assert refused.outcome == "failed"
    assert (refused.error or "").startswith("refused: 127.0.0.1 is a non-public address")
    assert server.hits("/f") == 0  # refused before any request was sent
    assert fetch_one(server.url("/f"), settings, allow_private=True).outcome == "ok"


def test_localhost_name_refused(server: FeedServer, settings: FetchSettings):
    server.route("/f", body=rss2())
    result = fetch_one(f"http://localhost:{server.port}/f", settings, allow_private=False)
    assert result.outcome == "failed" and (result.error or "").startswith("refused: localhost")


@pytest.mark.parametrize(
    "url",
    [
        "http://[::1]/feed",
        "http://[::ffff:127.0.0.1]/feed",
        "http://2130706433/feed",  # 127.0.0.1 as one decimal number: judged by what it resolves to
        "http://0x7f.0.0.1/feed",
        "http://169.254.169.254/latest/meta-data/",
        "http://10.0.0.1/feed",
    ],
)
def test_disguised_private_addresses_refused(url: str, settings: FetchSettings):
    result = fetch_one(url, settings, allow_private=False)
    assert result.outcome == "failed" and (result.error or "").startswith("refused:"), result.error


def test_redirect_to_file_url_refused(server: FeedServer, settings: FetchSettings):
    server.redirect("/f", "file:///etc/passwd", 302)
    result = fetch_one(server.url("/f"), settings)
    assert result.outcome == "failed"
    assert result.error == "refused: redirect to a non-http(s) URL file:///etc/passwd"


def test_redirect_to_ftp_refused(server: FeedServer, settings: FetchSettings):
    server.redirect("/f", "ftp://example.com/feed.xml", 301)
    assert (fetch_one(server.url("/f"), settings).error or "").startswith("refused: redirect to a non-http(s)")


def test_every_redirect_hop_is_checked(server: FeedServer, settings: FetchSettings, monkeypatch: pytest.MonkeyPatch):
    # Pretend the test server (127.0.0.1) is a public host, so the first hop passes the guard; the
    # redirect then points at 127.0.0.2 (another loopback address), which must be refused.
    real = ssrf.is_public_address
    monkeypatch.setattr(ssrf, "is_public_address", lambda ip: ip == ipaddress.ip_address("127.0.0.1") or real(ip))
    server.redirect("/f", f"http://127.0.0.2:{server.port}/internal", 302)
    result = fetch_one(server.url("/f"), settings, allow_private=False)
    assert server.hits("/f") == 1
    assert result.outcome == "failed" and (result.error or "").startswith("refused: 127.0.0.2")


def test_connect_time_guard_in_client(server: FeedServer, settings: FetchSettings):
    # The client from make_client refuses at connect time even when the pre-check is skipped (as after a
    # DNS answer changed between check and connect).
    server.route("/f", body=rss2())

    async def run() -> None:
        async with make_client(settings) as client:
            with pytest.raises(httpx.ConnectError, match=r"^refused: 127\.0\.0\.1"):
                await client.get(server.url("/f"))
            token = ssrf.allow_private_var.set(True)
            try:
                assert (await client.get(server.url("/f"))).status_code == 200
            finally:
                ssrf.allow_private_var.reset(token)

    asyncio.run(run())
    assert server.hits("/f") == 1


def test_fulltext_respects_allow_private(server: FeedServer, settings: FetchSettings):
    server.route("/a", body=b"<html><body><p>x</p></body></html>", content_type="text/html")
    texts = asyncio.run(fetch_fulltext([server.url("/a")], settings, allow_private=False))
    assert texts == [None] and server.hits("/a") == 0
