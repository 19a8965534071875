"""History end to end (issue 15, items 1 and 2): three outlets' reports of one contact, each in its own feed
served from 127.0.0.1 (items carry the whole article and its publication date), one of them giving only the
month, through `talkwatch run` as a subprocess, on SQLite and PostgreSQL.

Every arrival order is covered by one pass: the same story is told in six different years (six contacts),
and the feeds are listed so that each year's three reports arrive in another of the six orders (a pass
stores feeds in config order and extracts articles in the order they were stored). A Red Cross contact and a
later article that only recalls government talks of that month check that a recollection is not linked to
a contact it contradicts. All articles are written for this test.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from email.utils import format_datetime
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import pytest
from prefect.settings import PREFECT_API_URL
from prefect.testing.utilities import prefect_test_harness

from tests.support.feedserver import FeedServer

ROOT = Path(__file__).resolve().parents[2]
YEARS = range(2014, 2020)
OUTLETS = ("alpha-news.example", "beta-post.example", "gamma-times.example")


def reports(year: int) -> list[tuple[dt.date, str]]:
    """(publication date, text) of the three outlets' reports of the May `year` Stockholm talks: a day, a
    weekday, only the month. The first also recalls the same talks at month precision."""
    weekday = dt.date(year, 5, 28).strftime("%A")
    return [
        (
            dt.date(year, 5, 29),
            (
                "Japan and North Korea end Stockholm talks\n\nSTOCKHOLM - Senior foreign ministry officials of Japan "
                "and North Korea held talks in Stockholm on May 28, the last of three days of meetings on the fate "
                "of Japanese citizens abducted decades ago. Junichi Ihara, head of the Japanese foreign ministry's "
                "Asian bureau, led the Japanese side, and Song Il Ho, the North Korean ambassador for talks on "
                "normalizing ties, led the North Korean delegation. Since the two countries met in Stockholm in May, "
                "Tokyo has prepared to ease some sanctions."
            ),
        ),
        (
            dt.date(year, 5, 30),
            (
                "Tokyo and Pyongyang officials meet in Sweden\n\nJapanese and North Korean government officials met "
                f"in Stockholm on {weekday} to discuss the abduction issue, officials said. Japan's delegation was "
                "headed by Junichi Ihara of the foreign ministry, and North Korea's by Song Il Ho. The talks in the "
                "Swedish capital were the first at this level in months."
            ),
        ),
        (
            dt.date(year, 6, 3),
            (
                "Abduction deal follows Stockholm meeting\n\nOfficials from Japan and North Korea met in Stockholm "
                "in May and agreed that Pyongyang would reinvestigate the cases of Japanese citizens it abducted, "
                "Japan's government said. Junichi Ihara represented Japan and Song Il Ho represented North Korea at "
                "the talks."
            ),
        ),
    ]


RED_CROSS = (
    dt.date(2013, 3, 5),
    (
        "Red Cross officials of Japan and North Korea meet in Shenyang\n\nRed Cross officials from Japan and North "
        "Korea held talks in Shenyang, China, on Monday on the repatriation of the remains of Japanese who died in "
        "the north at the end of World War Two."
    ),
)
RECALL = (
    dt.date(2013, 7, 5),
    (
        "Japan lifts some sanctions on North Korea\n\nJapan said on Friday it would lift some of its sanctions on "
        "North Korea after Pyongyang set up a committee to reinvestigate the abductions. The step comes months "
        "after the two countries resumed intergovernmental talks in March, following a hiatus of more than a year."
    ),
)


def feed(outlet: str, slug: str, published: dt.date, text: str, edition: int = 0) -> bytes:
    """A one-item RSS feed; `edition` tells the same text apart in different years (an outlet's same text
    twice would be one article)."""
    title, body = text.split("\n\n", 1)
    title += f" (edition {edition})" if edition else ""
    pub = format_datetime(dt.datetime.combine(published, dt.time(9), tzinfo=dt.UTC))
    item = (
        f"<item><title>{escape(title)}</title><link>https://{outlet}/news/{slug}</link>"
        f"<pubDate>{pub}</pubDate><description>{escape(body)}</description></item>"
    )
    return (
        f'<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel><title>{outlet}</title>'
        f"<link>https://{outlet}/</link><description>news</description>{item}</channel></rss>\n"
    ).encode()


@pytest.fixture(scope="module")
def prefect_api() -> Iterator[str]:
    with prefect_test_harness(server_startup_timeout=120):
        yield str(PREFECT_API_URL.value())


@pytest.fixture(scope="module")
def feeds() -> Iterator[tuple[FeedServer, list[str]]]:
    """The feed server and the feed paths in the order one pass reads them."""
    with FeedServer() as server:
        paths = []
        orders = list(itertools.permutations(range(3)))
        for year, order in zip(YEARS, orders, strict=True):
            told = reports(year)
            for i in order:
                path = f"/{year}/{i}.xml"
                server.route(path, body=feed(OUTLETS[i], f"stockholm-{year}", *told[i], edition=year - 2013))
                paths.append(path)
        for slug, (published, text), outlet in (
            ("redcross", RED_CROSS, "delta-wire.example"),
            ("recall", RECALL, "epsilon-daily.example"),
        ):
            server.route(f"/{slug}.xml", body=feed(outlet, slug, published, text))
            paths.append(f"/{slug}.xml")
        yield server, paths


def cli(api: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("TALKWATCH_CONFIG", "TALKWATCH_DATABASE_URL")}
    env.update(PREFECT_API_URL=api, PREFECT_SERVER_ANALYTICS_ENABLED="false")
    return subprocess.run(
        [sys.executable, "-m", "flows.cli", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=300,
        check=False,
    )


@pytest.mark.slow
def test_one_event_per_contact_in_every_arrival_order(
    prefect_api: str, feeds: tuple[FeedServer, list[str]], db_url: str, tmp_path: Path
) -> None:
    server, paths = feeds
    cfg = tmp_path / "talkwatch.toml"
    entries = "".join(
        f'[[feeds]]\nname = "f{n}"\nurl = "{server.url(p)}"\nallow_private = true\n\n' for n, p in enumerate(paths)
    )
    cfg.write_text(f'[database]\nurl = "{db_url}"\n\n{entries}', encoding="utf-8")

    run = cli(prefect_api, "--config", str(cfg), "run", "--json")
    assert run.returncode == 0, run.stderr[-3000:]
    summary = json.loads(run.stdout)
    assert summary["articles_new"] == len(paths)
    shown = cli(prefect_api, "--config", str(cfg), "events", "--all", "--json")
    assert shown.returncode == 0, shown.stderr[-3000:]
    events: list[dict[str, Any]] = json.loads(shown.stdout)

    by_date = {e["date"]: e for e in events}
    assert len(by_date) == len(events), [e["date"] for e in events]
    for year in YEARS:
        contact = by_date.pop(f"{year}-05-28")  # the day, however the reports arrived
        assert (contact["status"], contact["date_precision"], contact["sources"]) == ("held", "day", 3)
        assert sorted(contact["articles"]) == sorted(f"https://{o}/news/stockholm-{year}" for o in OUTLETS)
        assert contact["recalled_by"] == [] and not contact["background"]
        assert contact["location"] == "Stockholm"
    # The Red Cross talks keep their one report; the recollection of government talks made its own
    # (background) event instead of joining them.
    red_cross = by_date.pop("2013-03-04")
    assert (red_cross["level"], red_cross["sources"], red_cross["recalled_by"]) == ("red_cross", 1, [])
    assert red_cross["articles"] == ["https://delta-wire.example/news/redcross"]
    recalled = by_date.pop("2013-03")
    assert recalled["background"] and recalled["sources"] == 0 and recalled["articles"] == []
    assert recalled["recalled_by"] == ["https://epsilon-daily.example/news/recall"]
    assert by_date == {}
    # Without --all the recollection's event is left out.
    listed = json.loads(cli(prefect_api, "--config", str(cfg), "events", "--json").stdout)
    assert len(listed) == len(events) - 1
