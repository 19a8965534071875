"""Local sources: plain paths and file:// URLs go through the same parser, with the size cap."""

from __future__ import annotations

from pathlib import Path

from config.settings import FeedConfig, FetchSettings, Settings
from feeds import FeedRequest, feed_request, fetch_feeds_sync
from tests.support.feed_samples import rss2


def _one(url: str, settings: FetchSettings):
    return fetch_feeds_sync([FeedRequest(name="local", url=url)], settings)[0]


def test_plain_path_and_file_url(tmp_path: Path, settings: FetchSettings):
    path = tmp_path / "my feed.xml"
    path.write_bytes(rss2(2))
    by_path = _one(str(path), settings)
    by_url = _one(path.as_uri(), settings)  # file:///.../my%20feed.xml
    assert by_path.outcome == by_url.outcome == "ok"
    assert by_path.entries == by_url.entries and len(by_path.entries) == 2
    assert by_path.http_status is None and by_path.final_url == path.as_uri()
    assert by_path.etag is None and by_path.last_modified is None


def test_relative_links_in_a_file_use_the_channel_link(tmp_path: Path, settings: FetchSettings):
    body = rss2(0).replace(b"</channel>", b"<item><guid>1</guid><link>/a/1</link></item></channel>")
    path2 = tmp_path / "f.rss"
    path2.write_bytes(body)
    assert _one(str(path2), settings).entries[0].url == "https://news.example.com/a/1"


def test_file_size_cap_missing_file_and_directory(tmp_path: Path):
    path = tmp_path / "big.xml"
    path.write_bytes(rss2(200))
    small = FetchSettings(max_bytes=1000)
    assert _one(str(path), small).error == "body over max_bytes (1000)"
    missing = _one(str(tmp_path / "nope.xml"), small)
    assert missing.outcome == "failed" and (missing.error or "").startswith("file not found")
    assert (_one(str(tmp_path), small).error or "").startswith("is a directory")


def test_file_url_on_another_host_refused(settings: FetchSettings):
    result = _one("file://server.example.com/feeds/a.xml", settings)
    assert result.outcome == "failed" and (result.error or "").startswith("file URL on another host")


def test_feed_request_resolves_relative_paths_against_the_config_file(tmp_path: Path):
    cfg = tmp_path / "conf" / "talkwatch.toml"
    settings = Settings(source=cfg)
    feed = FeedConfig(name="seed", url="feeds/seed.xml", allow_private=True)
    req = feed_request(feed, settings, etag='"e"')
    assert req.url == str(tmp_path / "conf" / "feeds" / "seed.xml")
    assert (req.name, req.etag, req.allow_private) == ("seed", '"e"', True)
    moved = feed_request(FeedConfig(name="w", url="https://a.example/rss"), settings, url="https://b.example/rss")
    assert moved.url == "https://b.example/rss"


def test_fifo_and_devices_are_refused(tmp_path: Path, settings: FetchSettings):
    import os

    fifo = tmp_path / "pipe.xml"
    os.mkfifo(fifo)
    result = _one(str(fifo), settings)  # would block forever if read
    assert result.outcome == "failed" and (result.error or "").startswith("not a regular file")
    assert (_one("/dev/zero", settings).error or "").startswith("not a regular file")
