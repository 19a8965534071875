"""A pass killed between a feed's fetch and its commit loses none of the feed's entries (issue 15, item 0).

The feed (30 entries, 5 of them Japan-North Korea contacts) is served from 127.0.0.1 with an ETag and
answers 304 to a matching If-None-Match, as real feeds do. `talkwatch run` is SIGKILLed at each kill point
between the fetch and the feed's one commit (common/killpoints.py), with `fulltext` off and on; every next pass
must fetch the feed in full (the validators were not committed ahead of the entries), and the clean rerun
store all 30 entries (with their full text where configured) and send each alert exactly once. SQLite at
every point, PostgreSQL at the last one (the widest window: full texts fetched, commit not made).
"""

from __future__ import annotations

import json
import signal
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.e2e import FILLER, SECRET, STORIES, Cli, item, rss, sql, write_config
from tests.support.feedserver import FeedServer
from tests.support.receivers import WebhookReceiver

pytestmark = [pytest.mark.reliability, pytest.mark.slow]

POINTS = ["fetched", "feed_checked", "feed_ready"]  # every point between fetch and the feed's commit
ENTRIES = 30
ETAG = '"feed-v1"'
PAGE_ONLY = "This paragraph is only on the article page."


# Neutral sentences that make each page a whole article (the full-text extractor wants 300+ characters).
BACKGROUND = [
    "Our correspondent filed this report from the newsroom in the late afternoon.",
    "Readers can find earlier coverage of the subject in the archive section of this site.",
    "The newsroom will update this page as more information becomes available during the day.",
]


def _page(title: str, text: str) -> bytes:
    paragraphs = "".join(f"<p>{p}</p>" for p in [text, *BACKGROUND, PAGE_ONLY])
    return (
        f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{title}</title></head><body>"
        f"<nav><a href='/'>Home</a></nav><article><h1>{title}</h1>{paragraphs}</article>"
        "<footer>Copyright Example News.</footer></body></html>"
    ).encode()


@pytest.fixture(scope="module")
def feed_server() -> Iterator[FeedServer]:
    stories = list(STORIES) + [
        (f"{FILLER[0]} {i}", f"{FILLER[1]} Item {i} of the local news.", FILLER[2])
        for i in range(ENTRIES - len(STORIES))
    ]
    with FeedServer() as server:
        items = []
        for i, (title, text, pub) in enumerate(stories):
            server.route(f"/a/{i}", body=_page(title, text), content_type="text/html; charset=utf-8")
            items.append(item(title, text, link=server.url(f"/a/{i}"), guid=f"kill-{i}", pub=pub))
        server.route("/feed", body=rss(items), etag=ETAG)
        yield server


def _killed_at_each_point_then_rerun(
    cli: Cli, server: FeedServer, tmp: Path, db: str, points: list[str], fulltext: bool
) -> None:
    """One database: a pass killed at each point in turn, then a clean pass.

    After every kill the database is asserted to be as before the pass (no entry, no validator), so each
    killed pass starts from the state a first pass would; the next pass then must, and is checked to, fetch
    the whole feed (no If-None-Match). This is the per-point rerun at the cost of one `talkwatch run` each.
    """
    with WebhookReceiver(SECRET) as receiver:
        cfg = write_config(
            tmp / "tw.toml",
            db_url=db,
            feeds=[{"name": "news", "url": server.url("/feed"), "allow_private": True, "fulltext": fulltext}],
            channels=[{"type": "webhook", "name": "hook", "url": receiver.url, "secret": SECRET}],
        )
        for point in points:
            before = len(server.requests_for("/feed"))
            killed = cli("--config", str(cfg), "run", "--json", env={"TALKWATCH_KILL_AT": point})
            assert killed.returncode == -signal.SIGKILL, (point, killed.returncode, killed.stderr[-2000:])
            [asked] = server.requests_for("/feed")[before:]
            assert "if-none-match" not in asked.headers, point  # served whole (200), not a 304
            # Nothing of the feed committed: neither entries nor the validators that would make the next pass
            # a 304 with the entries lost.
            assert sql(db, "SELECT count(*) AS n FROM articles")[0].n == 0, point
            feeds = [tuple(r) for r in sql(db, "SELECT etag, last_modified, last_success_at FROM feeds")]
            assert feeds in ([], [(None, None, None)]), (point, feeds)
            assert not receiver.deliveries

        rerun = cli("--config", str(cfg), "run", "--json")
        assert rerun.returncode == 0, rerun.stderr[-2000:]
        summary = json.loads(rerun.stdout)
        assert "if-none-match" not in server.requests_for("/feed")[-1].headers
        assert (summary["feeds_not_modified"], summary["articles_new"]) == (0, ENTRIES)

        articles = sql(db, "SELECT text, extracted_version FROM articles")
        assert len(articles) == ENTRIES and all(a.extracted_version for a in articles)
        # With fulltext the stored text is the page's (fetched before the commit), without it the summary.
        assert [PAGE_ONLY in a.text for a in articles] == [fulltext] * ENTRIES
        assert sql(db, "SELECT etag FROM feeds")[0].etag == ETAG  # committed with the entries

        alerts = sql(db, "SELECT public_id, status FROM alerts")
        assert len(alerts) >= 3 and {a.status for a in alerts} == {"sent"}
        assert all(d.verified for d in receiver.deliveries)
        assert sorted(d.id or "" for d in receiver.deliveries) == sorted(a.public_id for a in alerts)  # once each


@pytest.mark.parametrize("fulltext", [False, True], ids=["summary", "fulltext"])
def test_kill_before_the_feed_commit_loses_no_entry(
    fulltext: bool, cli: Cli, feed_server: FeedServer, tmp_path: Path
) -> None:
    db = f"sqlite:///{tmp_path / 'tw.db'}"
    _killed_at_each_point_then_rerun(cli, feed_server, tmp_path, db, POINTS, fulltext)


@pytest.mark.postgres
def test_kill_before_the_feed_commit_loses_no_entry_on_postgres(
    cli: Cli, feed_server: FeedServer, tmp_path: Path, pg_url: str
) -> None:
    _killed_at_each_point_then_rerun(cli, feed_server, tmp_path, pg_url, ["feed_ready"], True)
