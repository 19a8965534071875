"""The web view in a real browser: `talkwatch run` fills a database from the seeds, `talkwatch web` serves it
(one subprocess for every check here, with a token), and Debian's headless Chromium, driven by Playwright,
renders the timeline and an event page. Screenshots go to var/ for people to look at.

Skipped with a reason when chromium is not installed, except in CI (`CI=true`), where `.ci/run` installs it
and a missing browser is a failure.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import feedparser
import httpx
import pytest

from storage.db import session_factory
from storage.event_view import list_events

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
TOKEN = "browser-test-token-0123456789"
SHOTS = ROOT / "var"

if CHROMIUM is None and os.environ.get("CI") != "true":
    pytest.skip("chromium is not installed (apt-get install chromium; .ci/run installs it)", allow_module_level=True)

pytestmark = pytest.mark.slow


@dataclass(frozen=True)
class Served:
    base: str
    events: list[dict[str, object]]  # `talkwatch events --json --all` of the served database
    log: Path


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _env(tmp: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("TALKWATCH_CONFIG", "TALKWATCH_DATABASE_URL")}
    env.update(PREFECT_HOME=str(tmp / "prefect"), PREFECT_SERVER_ANALYTICS_ENABLED="false")
    env.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "120")
    return env


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    tmp = tmp_path_factory.mktemp("web-browser")
    port = _free_port()
    config = tmp / "talkwatch.toml"
    config.write_text(
        f'[database]\nurl = "sqlite:///{tmp / "tw.db"}"\n\n'
        f'[[feeds]]\nname = "seed-fixtures"\nurl = "{ROOT / "seeds" / "feeds" / "fixtures.xml"}"\n\n'
        '[[watch]]\nname = "japan-dprk-talks"\nmax_age_days = 36500\n\n'
        f'[web]\nport = {port}\ntoken = "{TOKEN}"\n',
        encoding="utf-8",
    )
    env = _env(tmp)
    cli = [sys.executable, "-m", "flows.cli"]
    run = subprocess.run([*cli, "run", "--json", "--config", str(config)], env=env, cwd=ROOT, capture_output=True,
                         text=True, timeout=240, check=False)  # fmt: skip
    assert run.returncode == 0, run.stderr
    with session_factory(f"sqlite:///{tmp / 'tw.db'}")() as session:
        events = list_events(session, include_background=True)  # what `events --all --json` prints
    log = tmp / "web.log"
    with log.open("w") as out:
        proc = subprocess.Popen([*cli, "web", "--config", str(config)], env=env, cwd=ROOT, stdout=out,
                                stderr=subprocess.STDOUT)  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            assert proc.poll() is None, log.read_text()
            try:
                if httpx.get(f"{base}/", headers={"authorization": f"Bearer {TOKEN}"}, timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert time.monotonic() < deadline, log.read_text()
            time.sleep(0.2)
        yield Served(base=base, events=events, log=log)
    finally:
        proc.terminate()
        proc.wait(timeout=20)
    assert proc.returncode == 0, log.read_text()
    assert "talkwatch web: stopped" in log.read_text()


def _reported(served: Served) -> list[dict[str, object]]:
    return [e for e in served.events if not e["background"]]


def test_start_line_says_a_token_is_required_and_requests_without_it_are_refused(served: Served) -> None:
    line = served.log.read_text().splitlines()[0]
    assert line.startswith(f"talkwatch web: serving {served.base}/") and "token required" in line
    assert httpx.get(f"{served.base}/").status_code == 401
    assert httpx.get(f"{served.base}/api/events", params={"token": TOKEN}).status_code == 200


def test_atom_feed_matches_the_stored_held_contacts(served: Served) -> None:
    response = httpx.get(f"{served.base}/events.atom", headers={"authorization": f"Bearer {TOKEN}"})
    feed = feedparser.parse(response.content)
    assert not feed.bozo and feed.version == "atom10"
    held = {e["id"] for e in _reported(served) if e["status"] in ("held", "ongoing")}
    assert held, "the seeds hold at least one reported contact"
    assert {e.link.rsplit("/", 1)[1] for e in feed.entries} == {str(i) for i in held}


def test_chromium_renders_the_timeline_and_an_event_with_highlighted_evidence(served: Served) -> None:
    from playwright.sync_api import sync_playwright

    assert CHROMIUM is not None, "CI=true: chromium must be installed (.ci/run installs it)"
    SHOTS.mkdir(exist_ok=True)
    problems: list[str] = []
    held = next(e for e in _reported(served) if e["status"] == "held" and e["date"] == "2018-09-26")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 1000})
            page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
            page.on("pageerror", lambda exc: problems.append(f"page error: {exc}"))
            page.on("requestfailed", lambda r: problems.append(f"request failed: {r.url}"))
            page.goto(f"{served.base}/?token={TOKEN}")  # then the cookie carries the token
            text = page.inner_text("main")
            for event in _reported(served):
                if event["date"]:
                    assert str(event["date"]) in text
                for person in event["participants"]:  # type: ignore[attr-defined]
                    if person.get("name"):
                        assert person["name"] in text
            assert page.locator("svg.timeline a .mark").count() >= 2
            page.screenshot(path=str(SHOTS / "web-timeline.png"), full_page=True)
            page.click(f'a[href="/events/{held["id"]}"]')
            page.wait_for_url(f"**/events/{held['id']}")
            assert "foreign_ministers" in page.inner_text("main")
            marks = page.locator("mark.evidence").all_inner_texts()
            sentences = {e["text"] for e in held["evidence"]}  # type: ignore[attr-defined]
            assert marks and set(marks) <= sentences, (marks, sentences)
            page.screenshot(path=str(SHOTS / "web-event.png"), full_page=True)
        finally:
            browser.close()
    assert problems == []
    assert (SHOTS / "web-timeline.png").stat().st_size > 10_000
