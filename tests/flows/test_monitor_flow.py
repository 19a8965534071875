"""The walking skeleton end to end: the fixture feed served over real HTTP, the `monitor` flow run through
Prefect's test harness, history in a real database; the second pass finds nothing new."""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from prefect.testing.utilities import prefect_test_harness
from sqlalchemy import func, select

from flows.monitor import monitor
from storage.db import session_factory
from storage.models import Alert, Article
from storage.models import Event as EventRow

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def harness() -> Iterator[None]:
    with prefect_test_harness(server_startup_timeout=120):
        yield


@pytest.fixture
def seed_server() -> Iterator[str]:
    handler = functools.partial(_QuietHandler, directory=str(ROOT / "seeds" / "feeds"))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/fixtures.xml"
    finally:
        server.shutdown()
        server.server_close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib signature
        pass


def _config(tmp_path: Path, feed_url: str, db_url: str) -> str:
    cfg = tmp_path / "talkwatch.toml"
    cfg.write_text(
        f"""
[database]
url = "{db_url}"

[[feeds]]
name = "seeds-over-http"
url = "{feed_url}"
allow_private = true

[[watch]]
name = "japan-dprk-talks"
countries = ["JPN", "PRK"]
statuses = ["held", "ongoing"]
max_age_days = 36500
""",
        encoding="utf-8",
    )
    return str(cfg)


@pytest.mark.slow
def test_monitor_flow_end_to_end(harness: None, seed_server: str, db_url: str, tmp_path: Path) -> None:
    config = _config(tmp_path, seed_server, db_url)
    first = monitor(config=config, console_stderr=True)
    assert first["feeds"] == 1 and first["feeds_failed"] == 0
    assert first["articles_new"] == 2
    assert first["events_new"] >= 2
    assert first["alerts_sent"] == 2  # console channel: the two news contacts
    Sessions = session_factory(db_url)
    with Sessions() as s:
        news = s.scalars(select(EventRow).where(EventRow.background.is_(False))).all()
        by_date = {e.date: e for e in news}
        assert {"2018-09-26", "2014-03-30"} <= set(by_date)
        ny, bj = by_date["2018-09-26"], by_date["2014-03-30"]
        assert (ny.status, ny.location, ny.level) == ("held", "New York", "foreign_ministers")
        assert (bj.status, bj.location) == ("held", "Beijing")
        # The feed carries the articles as HTML paragraphs: both sides must survive the trip through the feed.
        assert {p["name"] for p in ny.participants} == {"Taro Kono", "Ri Yong Ho"}
        assert {p["name"] for p in bj.participants} == {"Junichi Ihara", "Song Il Ho"}
        assert s.scalar(select(func.count()).select_from(Article)) == 2
        counts = (
            s.scalar(select(func.count()).select_from(EventRow)),
            s.scalar(select(func.count()).select_from(Alert)),
        )
    second = monitor(config=config, console_stderr=True)
    assert second["articles_new"] == 0
    assert second["events_new"] == 0 and second["events_updated"] == 0
    assert second["alerts_sent"] == 0 and second["alerts_queued"] == 0
    with Sessions() as s:
        assert (
            s.scalar(select(func.count()).select_from(EventRow)),
            s.scalar(select(func.count()).select_from(Alert)),
        ) == counts
