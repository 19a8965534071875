"""End-to-end test helpers (tests/reliability, tests/flows/test_prefect_cli.py): the CLI as a subprocess,
config files, feeds, DB snapshots.

Every `talkwatch run` starts Prefect. Its ephemeral server costs ~10 s per process on a small machine, so
the suite starts one `prefect server` for the session and points the subprocesses at it (PREFECT_API_URL);
when that server does not come up, the subprocesses fall back to their own ephemeral server (slower, same
result).
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import pytest

ROOT = Path(__file__).resolve().parents[2]
FULL = os.environ.get("TALKWATCH_SOAK_FULL") == "1"
SECRET = "whsec_cmVsaWFiaWxpdHktc3VpdGUtc2VjcmV0LTk4NzY1"
SMTP_PASSWORD = "s3cr3t-Smtp-Pa55"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="session")
def prefect_env(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """Environment for CLI subprocesses: a shared Prefect server when it starts, else the ephemeral one."""
    home = tmp_path_factory.mktemp("prefect-home")
    env = {
        "PREFECT_HOME": str(home),
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "PREFECT_LOGGING_TO_API_ENABLED": "false",
    }
    port = free_port()
    log = (home / "server.log").open("wb")
    proc = subprocess.Popen(
        [str(Path(sys.executable).parent / "prefect"), "server", "start", "--host", "127.0.0.1", "--port", str(port)],
        env={**os.environ, **env},
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    api = f"http://127.0.0.1:{port}/api"
    deadline = time.monotonic() + 90
    up = False
    while time.monotonic() < deadline and proc.poll() is None:
        with contextlib.suppress(OSError), urllib.request.urlopen(f"{api}/health", timeout=2) as resp:
            up = resp.status == 200
        if up:
            break
        time.sleep(0.5)
    try:
        yield {**env, "PREFECT_API_URL": api} if up else env
    finally:
        if proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(timeout=5)
        log.close()


@dataclass
class Cli:
    base_env: dict[str, str]

    def __call__(
        self,
        *args: str,
        env: Mapping[str, str] | None = None,
        timeout: float = 240,
        cwd: Path = ROOT,
    ) -> subprocess.CompletedProcess[str]:
        full_env = self.env(env)
        return subprocess.run(
            [sys.executable, "-m", "flows.cli", *args],
            capture_output=True,
            text=True,
            cwd=cwd,
            env=full_env,
            timeout=timeout,
            check=False,
        )

    def env(self, extra: Mapping[str, str] | None = None) -> dict[str, str]:
        inherited = {k: v for k, v in os.environ.items() if not k.startswith("TALKWATCH_")}
        return {**inherited, **self.base_env, **(extra or {})}


@pytest.fixture
def cli(prefect_env: dict[str, str]) -> Cli:
    return Cli(dict(prefect_env))


# ------------------------------------------------------------------------------------------------ config


def toml_str(value: str) -> str:
    return json.dumps(value)  # a JSON string is a valid TOML basic string


def write_config(
    path: Path,
    *,
    db_url: str | None = None,
    feeds: Sequence[Mapping[str, Any]] = (),
    channels: Sequence[Mapping[str, Any]] = (),
    fetch: Mapping[str, Any] | None = None,
    alerts: Mapping[str, Any] | None = None,
) -> Path:
    def table(values: Mapping[str, Any]) -> str:
        lines = []
        for key, value in values.items():
            if isinstance(value, bool):
                lines.append(f"{key} = {'true' if value else 'false'}")
            elif isinstance(value, int | float):
                lines.append(f"{key} = {value}")
            elif isinstance(value, list | tuple):
                lines.append(f"{key} = [{', '.join(toml_str(v) for v in value)}]")
            else:
                lines.append(f"{key} = {toml_str(str(value))}")
        return "\n".join(lines) + "\n"

    parts = [f"[database]\nurl = {toml_str(db_url or 'sqlite:///tw.db')}\n"]
    if fetch:
        parts.append("[fetch]\n" + table(fetch))
    if alerts:
        parts.append("[alerts]\n" + table(alerts))
    parts.append('[[watch]]\nname = "japan-dprk-talks"\nmax_age_days = 36500\n')
    parts.extend("[[feeds]]\n" + table(f) for f in feeds)
    parts.extend("[[channels]]\n" + table(c) for c in channels)
    path.write_text("\n".join(parts), encoding="utf-8")
    return path


# ------------------------------------------------------------------------------------------------ feeds

# Relevant stories (they pass the gate and yield Japan-North Korea events) with distinct places and dates.
STORIES = [
    (
        "Japan and North Korea hold talks in Beijing",
        (
            "BEIJING — Japanese and North Korean senior officials held talks in Beijing on Sunday, the first formal "
            "government-level talks since 2012, Japan's foreign ministry said. Junichi Ihara, director general of "
            "the Asian and Oceanian Affairs Bureau, met North Korean ambassador Song Il Ho at the North Korean "
            "Embassy."
        ),
        "Mon, 31 Mar 2014 09:00:00 +0000",
    ),
    (
        "Japan, North Korea foreign ministers meet in New York",
        (
            "NEW YORK — The foreign ministers of Japan and North Korea on Wednesday held talks for the first time "
            "in three years. Japanese Foreign Minister Taro Kono told reporters that he sat down with his North "
            "Korean counterpart Ri Yong Ho for about 20 minutes at the U.N. headquarters."
        ),
        "Thu, 27 Sep 2018 09:00:00 +0000",
    ),
    (
        "Japanese and North Korean diplomats meet in Stockholm",
        (
            "STOCKHOLM — Japanese and North Korean foreign ministry officials held talks in Stockholm on Tuesday on "
            "the abduction issue, Japan's chief cabinet secretary said. The delegations met at the Swedish "
            "foreign ministry."
        ),
        "Wed, 28 May 2014 09:00:00 +0000",
    ),
    (
        "Japan and North Korea Red Cross officials meet in Shenyang",
        (
            "SHENYANG — Red Cross officials from Japan and North Korea held talks in the Chinese city of Shenyang "
            "on Monday, the first such meeting in years, Kyodo News reported."
        ),
        "Tue, 04 Mar 2014 09:00:00 +0000",
    ),
    (
        "Abe and Kim hold phone call",
        (
            "TOKYO — Japanese Prime Minister Shinzo Abe and North Korean leader Kim Jong Un held a phone call on "
            "Friday, the first conversation between the leaders of the two countries, officials in Tokyo said."
        ),
        "Sat, 15 Jun 2019 09:00:00 +0000",
    ),
]

FILLER = (
    "Local council approves new park",
    "The city council on Tuesday approved plans for a new park near the river, officials said.",
    "Tue, 02 Jan 2024 09:00:00 +0000",
)


def item(
    title: str | None,
    desc: str | None,
    *,
    link: str | None = None,
    guid: str | None = None,
    pub: str | None = "Thu, 27 Sep 2018 09:00:00 +0000",
    raw: bool = False,
) -> str:
    """One RSS <item>; `raw` puts title and description in as they are (for hostile markup)."""
    esc = (lambda s: s) if raw else escape
    parts = ["<item>"]
    if title is not None:
        parts.append(f"<title>{esc(title)}</title>")
    if link:
        parts.append(f"<link>{escape(link)}</link>")
    if guid:
        parts.append(f'<guid isPermaLink="false">{escape(guid)}</guid>')
    if pub:
        parts.append(f"<pubDate>{pub}</pubDate>")
    if desc is not None:
        parts.append(f"<description>{esc(desc)}</description>")
    parts.append("</item>")
    return "".join(parts)


def rss(items: Sequence[str], title: str = "feed", *, prolog: str = '<?xml version="1.0" encoding="utf-8"?>') -> bytes:
    return (
        f'{prolog}\n<rss version="2.0"><channel><title>{escape(title)}</title>'
        f"<link>https://example.org/</link><description>d</description>{''.join(items)}</channel></rss>\n"
    ).encode()


def story_items(prefix: str, stories: Sequence[tuple[str, str, str]] = STORIES) -> list[str]:
    return [
        item(t, d, link=f"https://news.example.org/{prefix}/{i}", guid=f"{prefix}-{i}", pub=p)
        for i, (t, d, p) in enumerate(stories)
    ]


# ------------------------------------------------------------------------------------------------ database


def db_state(url: str) -> dict[str, Any]:
    """The database's content normalised: no ids, no timestamps, events named by what they are."""
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            articles = conn.execute(
                text("SELECT id, article_key, canonical_url, title, text, published, extracted_version FROM articles")
            ).all()
            akey = {a.id: a.article_key for a in articles}
            links = conn.execute(text("SELECT event_id, article_id, status, background FROM event_articles")).all()
            by_event: dict[int, list[str]] = {}
            for link in links:
                by_event.setdefault(link.event_id, []).append(akey[link.article_id])
            events = conn.execute(
                text(
                    "SELECT id, country_a, country_b, status, date, date_precision, location, venue, level, mode, "
                    "background, sources FROM events"
                )
            ).all()
            ekey = {
                e.id: (
                    e.country_a,
                    e.country_b,
                    e.status,
                    e.date,
                    e.location,
                    e.venue,
                    e.level,
                    e.mode,
                    bool(e.background),
                    tuple(sorted(by_event.get(e.id, []))),
                )
                for e in events
            }
            alerts = conn.execute(
                text('SELECT event_id, watch, channel, recipient, "trigger", type, status, attempts FROM alerts')
            ).all()
            return {
                "articles": sorted(
                    (
                        (
                            a.article_key,
                            a.canonical_url,
                            a.title,
                            a.text,
                            str(a.published),
                            a.extracted_version is not None,
                        )
                        for a in articles
                    ),
                    key=repr,
                ),
                "events": sorted(((*ekey[e.id], e.sources) for e in events), key=repr),
                "event_articles": sorted(
                    (repr(ekey[link.event_id]), akey[link.article_id], link.status, bool(link.background))
                    for link in links
                ),
                "alerts": sorted(
                    (repr(ekey[a.event_id]), a.watch, a.channel, a.recipient, a.trigger, a.type, a.status)
                    for a in alerts
                ),
            }
    finally:
        engine.dispose()


def sql(url: str, statement: str, **params: Any) -> list[Any]:
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    try:
        with engine.begin() as conn:
            res = conn.execute(text(statement), params)
            return list(res.all()) if res.returns_rows else []
    finally:
        engine.dispose()


def one_json(stdout: str) -> Any:
    """Exactly one JSON document on stdout."""
    return json.loads(stdout)
