"""fetch_feeds over real HTTP (tests/support/feedserver.py): conditional GET, statuses, redirects,
limits, encodings, concurrency."""

from __future__ import annotations

import asyncio
import gzip
import time
import tracemalloc
import zlib
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import pytest

from config.settings import FetchSettings
from feeds import FeedRequest, FeedResult, fetch_feeds, fetch_feeds_sync, next_attempt_after
from tests.support.feed_samples import HTML_PAGE, rss2
from tests.support.feeds import fetch_one
from tests.support.feedserver import FeedServer


def test_request_headers(server: FeedServer, settings: FetchSettings):
    server.route("/f", body=rss2())
    fetch_one(server.url("/f"), settings)
    (req,) = server.requests_for("/f")
    assert req.headers["user-agent"] == settings.user_agent
    assert "application/rss+xml" in req.headers["accept"] and "application/atom+xml" in req.headers["accept"]
    assert req.headers["accept-encoding"] == "gzip, deflate"
    assert "if-none-match" not in req.headers and "if-modified-since" not in req.headers


def test_etag_round_trip_304_is_not_parsed(server: FeedServer, settings: FetchSettings):
    etag = 'W/"abc-123"'  # opaque, weak, quoted: sent back byte for byte
    server.route("/f", body=rss2(), etag=etag)
    first = fetch_one(server.url("/f"), settings)
    assert first.outcome == "ok" and first.etag == etag and len(first.entries) == 3
    # A body that would fail to parse proves a 304 never reaches the parser.
    server.route("/f", body=b"<not a feed", etag=etag)
    second = fetch_one(server.url("/f"), settings, etag=first.etag, last_modified=first.last_modified)
    assert server.requests_for("/f")[-1].headers["if-none-match"] == etag
    assert second.outcome == "not_modified" and second.http_status == 304
    assert second.entries == () and second.error is None
    assert second.etag == etag  # kept


def test_last_modified_round_trip(server: FeedServer, settings: FetchSettings):
    stamp = "Mon, 23 Nov 2026 10:00:00 GMT"
    server.route("/f", body=rss2(), last_modified=stamp)
    first = fetch_one(server.url("/f"), settings)
    assert first.last_modified == stamp and first.etag is None
    second = fetch_one(server.url("/f"), settings, last_modified=first.last_modified)
    assert server.requests_for("/f")[-1].headers["if-modified-since"] == stamp
    assert second.outcome == "not_modified" and second.last_modified == stamp


def test_changed_etag_gives_new_body_and_new_validator(server: FeedServer, settings: FetchSettings):
    server.route("/f", body=rss2(5), etag='"v2"')
    result = fetch_one(server.url("/f"), settings, etag='"v1"')
    assert result.outcome == "ok" and result.etag == '"v2"' and len(result.entries) == 5


def test_301_reports_new_url_302_does_not(server: FeedServer, settings: FetchSettings):
    server.route("/new", body=rss2())
    server.redirect("/moved", "/new", 301)
    server.redirect("/moved308", "/moved", 308)
    server.redirect("/temp", "/new", 302)
    server.redirect("/mixed", "/temp", 301)  # 301 then 302: not permanent as a whole
    moved = fetch_one(server.url("/moved308"), settings)
    assert moved.outcome == "ok" and moved.new_url == server.url("/new") == moved.final_url
    temp = fetch_one(server.url("/temp"), settings)
    assert temp.outcome == "ok" and temp.new_url is None and temp.final_url == server.url("/new")
    assert fetch_one(server.url("/mixed"), settings).new_url is None
    assert fetch_one(server.url("/moved"), settings).new_url == server.url("/new")


def test_301_to_a_broken_target_does_not_move_the_feed(server: FeedServer, settings: FetchSettings):
    server.route("/page", body=HTML_PAGE, content_type="text/html")
    server.redirect("/f", "/page", 301)
    result = fetch_one(server.url("/f"), settings)
    assert result.outcome == "failed" and result.new_url is None


def test_410_is_gone(server: FeedServer, settings: FetchSettings):
    server.route("/f", status=410, body=b"gone", content_type="text/plain")
    result = fetch_one(server.url("/f"), settings, etag='"x"')
    assert result.outcome == "gone" and result.http_status == 410
    assert result.error == "HTTP 410 Gone"


def test_404_and_500_fail_and_keep_validators(server: FeedServer, settings: FetchSettings):
    server.route("/a", status=404, body=b"nope", content_type="text/plain")
    server.route("/b", status=500, body=b"boom", content_type="text/plain")
    a = fetch_one(server.url("/a"), settings, etag='"e"', last_modified="lm")
    b = fetch_one(server.url("/b"), settings)
    assert (a.outcome, a.http_status, a.error) == ("failed", 404, "HTTP 404 Not Found")
    assert (a.etag, a.last_modified) == ('"e"', "lm")
    assert (b.outcome, b.http_status, b.error) == ("failed", 500, "HTTP 500 Internal Server Error")
    assert b.retry_after is None


@pytest.mark.parametrize("status", [429, 503])
def test_retry_after_seconds(server: FeedServer, settings: FetchSettings, status: int):
    server.route("/f", status=status, headers={"Retry-After": "120"}, content_type="text/plain")
    before = datetime.now(UTC)
    result = fetch_one(server.url("/f"), settings)
    assert result.outcome == "failed" and result.http_status == status
    assert result.retry_after is not None
    assert before + timedelta(seconds=119) <= result.retry_after <= datetime.now(UTC) + timedelta(seconds=121)
    # The scheduler honours it as a floor even on a first failure.
    when = next_attempt_after(result, 1, datetime.now(UTC))
    assert when is not None and when >= result.retry_after


@pytest.mark.parametrize("status", [429, 503])
def test_retry_after_http_date(server: FeedServer, settings: FetchSettings, status: int):
    when = (datetime.now(UTC) + timedelta(hours=2)).replace(microsecond=0)
    server.route("/f", status=status, headers={"Retry-After": format_datetime(when, usegmt=True)})
    result = fetch_one(server.url("/f"), settings)
    assert result.outcome == "failed" and result.retry_after == when


def test_500_backs_off_exponentially_with_jitter(server: FeedServer, settings: FetchSettings):
    server.route("/f", status=500, content_type="text/plain")
    now = datetime.now(UTC)
    delays = []
    for failures in range(1, 13):
        result = fetch_one(server.url("/f"), settings)
        assert result.outcome == "failed" and result.retry_after is None
        when = next_attempt_after(result, failures, now)
        assert when is not None
        delays.append(when - now)
        nominal = min(timedelta(minutes=1) * 2 ** (failures - 1), timedelta(hours=24))
        assert nominal * 0.8 <= delays[-1] <= nominal
    assert delays[-1] > delays[5] > delays[0]


def test_retry_after_ignored_on_other_statuses(server: FeedServer, settings: FetchSettings):
    server.route("/f", status=500, headers={"Retry-After": "60"})
    assert fetch_one(server.url("/f"), settings).retry_after is None


def test_stalled_server_times_out(server: FeedServer):
    server.route("/f", body=rss2(), delay=30)
    settings = FetchSettings(timeout_s=0.5)
    started = time.monotonic()
    result = fetch_one(server.url("/f"), settings)
    assert time.monotonic() - started < 2.5
    assert result.outcome == "failed" and result.error == "timed out after 0.5 s"


def test_trickling_body_is_bounded_by_whole_fetch_deadline(server: FeedServer):
    # Each byte arrives well within any per-read timeout; only a connect-to-last-byte deadline stops it.
    server.route("/f", body=rss2(50), trickle=0.05)
    started = time.monotonic()
    result = fetch_one(server.url("/f"), FetchSettings(timeout_s=0.6))
    assert time.monotonic() - started < 2.5
    assert result.outcome == "failed" and "timed out" in (result.error or "")


def test_oversized_body(server: FeedServer):
    server.route("/f", body=rss2(400))  # ~70 kB
    result = fetch_one(server.url("/f"), FetchSettings(max_bytes=10_000))
    assert result.outcome == "failed" and result.error == "body over max_bytes (10000)"


def test_oversized_body_without_content_length_is_cut_while_streaming(server: FeedServer):
    # Content-Encoding forces counting decoded bytes as they stream; the declared length cannot be trusted.
    body = rss2(400)
    server.route("/f", encoded_body=zlib.compress(body), content_encoding="deflate")
    result = fetch_one(server.url("/f"), FetchSettings(max_bytes=10_000))
    assert result.outcome == "failed" and result.error == "body over max_bytes (10000)"


def test_gzip_body_is_decoded(server: FeedServer, settings: FetchSettings):
    server.route("/f", body=rss2(4), gzip=True)
    result = fetch_one(server.url("/f"), settings)
    assert result.outcome == "ok" and len(result.entries) == 4


def _gzip_bomb(total: int = 1 << 30, member: int = 1 << 24) -> bytes:
    # 1 GiB of zeros as 64 gzip members of 16 MiB each (~1 MB on the wire); one body per RFC 1952.
    one = gzip.compress(bytes(member), compresslevel=9)
    return one * (total // member)


def test_gzip_bomb_is_cut_without_inflating(server: FeedServer):
    server.route("/f", encoded_body=_gzip_bomb(), content_encoding="gzip")
    tracemalloc.start()
    started = time.monotonic()
    result = fetch_one(server.url("/f"), FetchSettings(max_bytes=5_000_000))
    elapsed = time.monotonic() - started
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert elapsed < 3
    assert peak < 25_000_000  # the cap plus buffers, not 1 GiB
    assert result.outcome == "failed" and result.error == "body over max_bytes (5000000)"


def test_html_page_is_not_a_feed(server: FeedServer, settings: FetchSettings):
    server.route("/f", body=HTML_PAGE, content_type="text/html; charset=utf-8")
    result = fetch_one(server.url("/f"), settings)
    assert result.outcome == "failed" and result.error == "not a feed (text/html)"


def test_empty_body_fails(server: FeedServer, settings: FetchSettings):
    server.route("/f", body=b"")
    result = fetch_one(server.url("/f"), settings)
    assert result.outcome == "failed" and result.error == "empty body"


def test_well_formed_feed_without_entries_is_ok(server: FeedServer, settings: FetchSettings):
    server.route("/f", body=rss2(0))
    result = fetch_one(server.url("/f"), settings)
    assert result.outcome == "ok" and result.entries == ()


def test_wrong_declared_charset_over_http(server: FeedServer, settings: FetchSettings):
    body = rss2(1, encoding="windows-1252").replace(
        b"Summary of story 0.", "Déjà vu \u2013 \u201cquoted\u201d".encode("cp1252")
    )
    body = body.replace(b'encoding="windows-1252"', b'encoding="utf-8"')
    server.route("/f", body=body, content_type="text/xml; charset=utf-8")
    result = fetch_one(server.url("/f"), settings)
    assert result.outcome == "ok"
    assert result.entries[0].summary == "Déjà vu \u2013 \u201cquoted\u201d"
    assert result.warning is not None and "charset" in result.warning


def test_bozo_feed_over_http_is_ok_with_warning(server: FeedServer, settings: FetchSettings):
    server.route("/f", body=rss2(2).replace(b"</channel></rss>", b""))
    result = fetch_one(server.url("/f"), settings)
    assert result.outcome == "ok" and len(result.entries) == 2
    assert result.warning is not None and result.warning.startswith("malformed feed")


def test_relative_links_resolve_against_final_url(server: FeedServer, settings: FetchSettings):
    body = b"""<rss version="2.0"><channel><title>c</title>
    <item><guid>1</guid><link>../articles/1.html</link></item></channel></rss>"""
    server.route("/feeds/v2/rss.xml", body=body)
    server.redirect("/rss", "/feeds/v2/rss.xml", 302)
    result = fetch_one(server.url("/rss"), settings)
    assert result.entries[0].url == server.url("/feeds/articles/1.html")


def test_redirect_loop_and_too_many_redirects(server: FeedServer, settings: FetchSettings):
    server.redirect("/a", "/b", 302)
    server.redirect("/b", "/a", 302)
    loop = fetch_one(server.url("/a"), settings)
    assert loop.outcome == "failed" and (loop.error or "").startswith("redirect loop")
    for i in range(7):
        server.redirect(f"/r{i}", f"/r{i + 1}", 301)
    server.route("/r7", body=rss2())
    many = fetch_one(server.url("/r0"), settings)
    assert many.outcome == "failed" and many.error == "too many redirects (more than 5)"
    assert fetch_one(server.url("/r2"), settings).outcome == "ok"  # exactly 5 hops is fine


def test_connection_refused_is_a_failure(settings: FetchSettings):
    with FeedServer() as srv:
        url = srv.url("/f")
    result = fetch_one(url, settings)  # the server is gone
    assert result.outcome == "failed" and (result.error or "").startswith("connection failed")


def test_results_keep_input_order_and_failures_do_not_raise(server: FeedServer, settings: FetchSettings):
    server.route("/ok", body=rss2())
    server.route("/slow", body=rss2(), delay=0.3)
    server.route("/bad", status=500)
    feeds = [
        FeedRequest(name="slow", url=server.url("/slow"), allow_private=True),
        FeedRequest(name="bad", url=server.url("/bad"), allow_private=True),
        FeedRequest(name="weird", url="gopher://example.com/feed"),
        FeedRequest(name="ok", url=server.url("/ok"), allow_private=True),
    ]
    results = fetch_feeds_sync(feeds, settings)
    assert [r.name for r in results] == ["slow", "bad", "weird", "ok"]
    assert [r.outcome for r in results] == ["ok", "failed", "failed", "ok"]
    assert results[2].error == "unsupported URL scheme: gopher://example.com/feed"
    assert all(r.elapsed_s >= 0 for r in results)


def test_per_host_and_global_concurrency(server: FeedServer):
    for i in range(9):
        server.route(f"/f{i}", body=rss2(1), delay=0.1)
    feeds = [FeedRequest(name=str(i), url=server.url(f"/f{i}"), allow_private=True) for i in range(9)]
    results = fetch_feeds_sync(feeds, FetchSettings(concurrency=8, per_host_concurrency=3))
    assert all(r.outcome == "ok" for r in results)
    assert server.max_active == 3
    server.max_active = 0
    fetch_feeds_sync(feeds, FetchSettings(concurrency=2, per_host_concurrency=8))
    assert server.max_active == 2


def test_shared_client_reuses_connections(server: FeedServer, settings: FetchSettings):
    server.route("/f", body=rss2(), etag='"1"')
    feeds = [FeedRequest(name=str(i), url=server.url("/f"), etag='"1"', allow_private=True) for i in range(20)]

    async def run() -> None:
        results = await fetch_feeds(feeds, FetchSettings(concurrency=1, per_host_concurrency=1))
        assert {r.outcome for r in results} == {"not_modified"}

    asyncio.run(run())
    # One keep-alive connection serves all 20 requests: a 304 is drained, not left to close the socket.
    ports = {r.client_port for r in server.requests_for("/f")}
    assert len(server.requests_for("/f")) == 20 and len(ports) == 1


def test_sync_wrapper_works_inside_a_running_loop(server: FeedServer, settings: FetchSettings):
    server.route("/f", body=rss2())

    async def caller() -> str:
        return fetch_feeds_sync([FeedRequest("t", server.url("/f"), allow_private=True)], settings)[0].outcome

    assert asyncio.run(caller()) == "ok"


def test_callers_own_client_still_gets_manual_redirects_and_our_headers(server: FeedServer, settings: FetchSettings):
    import httpx

    server.route("/new", body=rss2())
    server.redirect("/old", "/new", 301)

    async def run() -> list[FeedResult]:
        async with httpx.AsyncClient(follow_redirects=True) as client:
            req = FeedRequest(name="own", url=server.url("/old"), allow_private=True)
            return await fetch_feeds([req], settings, client=client)

    (result,) = asyncio.run(run())
    assert result.outcome == "ok" and result.new_url == server.url("/new")
    assert [r.path for r in server.requests] == ["/old", "/new"]
    assert server.requests[0].headers["user-agent"] == settings.user_agent
    assert server.requests[0].headers["accept-encoding"] == "gzip, deflate"


def test_a_bug_in_one_feed_does_not_sink_the_pass(
    server: FeedServer, settings: FetchSettings, monkeypatch: pytest.MonkeyPatch
):
    import feeds.feeds as feeds_module

    server.route("/boom", body=b"<rss version='2.0'><channel><title>BOOM</title></channel></rss>")
    server.route("/ok", body=rss2())
    real = feeds_module.parse_feed_bytes

    def flaky(body: bytes, **kwargs: object):
        if b"BOOM" in body:
            raise RuntimeError("parser exploded\nwith a second line")
        return real(body, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(feeds_module, "parse_feed_bytes", flaky)
    feeds = [
        FeedRequest("boom", server.url("/boom"), allow_private=True),
        FeedRequest("ok", server.url("/ok"), allow_private=True),
    ]
    boom, ok = fetch_feeds_sync(feeds, settings)
    assert boom.outcome == "failed" and boom.error == "internal error: RuntimeError: parser exploded with a second line"
    assert ok.outcome == "ok"


def test_no_feeds_no_work(settings: FetchSettings):
    assert fetch_feeds_sync([], settings) == []
