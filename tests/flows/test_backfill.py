"""`talkwatch backfill`: real Prefect (one test server for the module, shared with the CLI subprocesses),
real SQLite and PostgreSQL, the real extractor on a slice of the labelled dev set (or, without the shared
data, on `tests/fixtures/backfill_articles.jsonl`, articles written for these tests in the same order).

The invariant under test: however a backfill is run (twice, interrupted by Ctrl-C or a kill and rerun, two
processes at once), it ends in the same stored state as one uninterrupted run, compared by content (article
identities, event fields, links), not by ids.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from prefect.settings import PREFECT_API_URL
from prefect.testing.utilities import prefect_test_harness
from sqlalchemy import func, select, update

from extractors import EXTRACTOR_VERSION
from flows.backfill import backfill_flow
from storage.db import dispose_all, session_factory
from storage.models import Alert, Article, Checkpoint, EventArticle, TextBand
from storage.models import Event as EventRow
from tests.support.data import DEV_SET
from tests.support.signals import interruptible_module

ROOT = Path(__file__).resolve().parents[2]
DEV = DEV_SET  # None without the shared data (e.g. in a clean clone)
# Stands in for dev lines 16:32 when the dev set is absent: written for these tests, same order of contacts.
SUBSET_FIXTURE = ROOT / "tests" / "fixtures" / "backfill_articles.jsonl"
RUN_KEYS = {"feeds", "feeds_failed", "articles_new", "events_new", "events_updated", "alerts_sent", "alerts_failed"}


# ------------------------------------------------------------------------------------------------ helpers


@pytest.fixture(scope="module")
def prefect_api() -> Iterator[str]:
    """One Prefect test server for the module: in-process flows use it, CLI subprocesses get its URL (so
    each does not start an ephemeral server of its own)."""
    with prefect_test_harness(server_startup_timeout=120):
        yield str(PREFECT_API_URL.value())


@pytest.fixture(scope="module")
def subset(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """16 dev records (or the 16 of SUBSET_FIXTURE without the dev set): 4 negatives, then reports of the
    2002, 2004, 2005, 2007, 2012 and 2013 contacts (several outlets per contact, so events are joined, not
    only created)."""
    if DEV is not None:
        lines = DEV.read_text(encoding="utf-8").splitlines()[16:32]
    else:
        lines = [line for line in SUBSET_FIXTURE.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert len(lines) == 16
    path = tmp_path_factory.mktemp("data") / "dev_subset.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def config_for(directory: Path, db_url: str, extra: str = "") -> Path:
    cfg = directory / "talkwatch.toml"
    cfg.write_text(f'[database]\nurl = "{db_url}"\n{extra}', encoding="utf-8")
    return cfg


def cli_env(api: str, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("TALKWATCH_CONFIG", "TALKWATCH_DATABASE_URL")}
    env.update(PREFECT_API_URL=api, PREFECT_SERVER_ANALYTICS_ENABLED="false", **extra)
    return env


def cli(api: str, *args: str, **extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "flows.cli", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=cli_env(api, **extra),
        timeout=240,
        check=False,
    )


def popen(api: str, log: Path, *args: str, **extra: str) -> subprocess.Popen[bytes]:
    """stderr to `log`, stdout to `log` with the suffix .out."""
    return subprocess.Popen(
        interruptible_module("flows.cli", *args),  # some tests stop it with Ctrl-C
        cwd=ROOT,
        env=cli_env(api, **extra),
        stdout=log.with_suffix(".out").open("wb"),
        stderr=log.open("wb"),
    )


def count(db_url: str, stmt: Any) -> int:
    with session_factory(db_url)() as s:
        return int(s.scalar(stmt) or 0)


def snapshot(db_url: str) -> dict[str, Any]:
    """The stored state by content: articles by identity, events with their fields and linked articles."""
    with session_factory(db_url)() as s:
        articles = list(s.scalars(select(Article)))
        key_of = {a.id: a.article_key for a in articles}
        arts = sorted(
            json.dumps(
                [
                    a.article_key,
                    a.title,
                    str(a.published),
                    a.outlet,
                    a.content_hash,
                    a.extracted_version,
                    a.alerts_allowed,
                    key_of.get(a.text_cluster_id or -1),
                ]
            )
            for a in articles
        )
        links: dict[int, list[str]] = {}
        for link in s.scalars(select(EventArticle)):
            links.setdefault(link.event_id, []).append(
                json.dumps([key_of[link.article_id], link.background, link.status, link.evidence], sort_keys=True)
            )
        events = sorted(
            json.dumps(
                {
                    "pair": [e.country_a, e.country_b],
                    "status": e.status,
                    "date": e.date,
                    "precision": e.date_precision,
                    "range": [str(e.date_start), str(e.date_end)],
                    "location": e.location,
                    "venue": e.venue,
                    "level": e.level,
                    "mode": e.mode,
                    "participants": sorted(json.dumps(p, sort_keys=True) for p in e.participants),
                    "background": e.background,
                    "novelty": e.novelty,
                    "confidence": e.confidence,
                    "sources": e.sources,
                    "version": e.extractor_version,
                    "statuses": [h.get("status") for h in e.status_history],
                    "links": sorted(links.get(e.id, [])),
                },
                sort_keys=True,
            )
            for e in s.scalars(select(EventRow))
        )
        alerts = int(s.scalar(select(func.count()).select_from(Alert)) or 0)
    return {"articles": arts, "events": events, "alerts": alerts}


# Two backfills of one source extract its articles at once, so which report of a contact is applied first is a
# race: an event's status history, and the date range an undated event took from its first report's
# publication, follow it. The final status, every other field and the linked articles must be the one run's.
def snapshot_order_aside(state: dict[str, Any]) -> dict[str, Any]:
    events = [json.loads(e) for e in state["events"]]
    for event in events:
        del event["statuses"], event["range"]
    return {**state, "events": sorted(json.dumps(e, sort_keys=True) for e in events)}


def events_order_aside(events: list[dict[str, Any]]) -> list[str]:
    return sorted(json.dumps({k: v for k, v in e.items() if k != "status_history"}, sort_keys=True) for e in events)


def events_json(api: str, cfg: Path) -> list[dict[str, Any]]:
    """`events --all --json` without what depends on ids or the clock."""
    proc = cli(api, "events", "--all", "--json", "--config", str(cfg))
    assert proc.returncode == 0, proc.stderr
    out = []
    for stored in json.loads(proc.stdout):
        event = {k: v for k, v in stored.items() if k not in ("id", "first_seen", "last_seen")}
        event["status_history"] = [h.get("status") for h in event.get("status_history", [])]
        out.append(event)
    return sorted(out, key=lambda e: json.dumps(e, sort_keys=True))


def backfill_json(api: str, cfg: Path, *args: str, **env: str) -> dict[str, Any]:
    proc = cli(api, "backfill", *args, "--json", "--config", str(cfg), **env)
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(proc.stdout)  # the whole of stdout is exactly one JSON document
    assert isinstance(doc, dict)
    return doc


# --------------------------------------------------------------------------------------- CLI subprocesses


@pytest.fixture(scope="module")
def reference(prefect_api: str, subset: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """One uninterrupted backfill of the subset: the state every other way of running it must reach."""
    directory = tmp_path_factory.mktemp("reference")
    db_url = f"sqlite:///{directory / 'tw.db'}"
    cfg = config_for(directory, db_url)
    first = backfill_json(prefect_api, cfg, str(subset))
    return {
        "cfg": cfg,
        "db_url": db_url,
        "first": first,
        "snapshot": snapshot(db_url),
        "events": events_json(prefect_api, cfg),
    }


@pytest.mark.slow
def test_backfill_json_summary_and_second_run_changes_nothing(prefect_api: str, reference: dict[str, Any]) -> None:
    first = reference["first"]
    assert first.keys() >= RUN_KEYS
    assert first["articles_new"] == 16 and first["records_read"] == 16
    assert first["events_new"] >= 5
    assert first["alerts_sent"] == 0 and first["alerts_queued"] == 0
    assert reference["snapshot"]["alerts"] == 0  # no --alert: no alert rows at all
    assert all(json.loads(a)[5] == f"{EXTRACTOR_VERSION}:JPN-PRK" for a in reference["snapshot"]["articles"])
    assert all(json.loads(e)["version"] == EXTRACTOR_VERSION for e in reference["snapshot"]["events"])

    subset_path = first["source"]
    second = backfill_json(prefect_api, reference["cfg"], subset_path)
    assert second["articles_new"] == 0 and second["events_new"] == 0 and second["events_updated"] == 0
    assert second["files_done_before"] == 1
    assert snapshot(reference["db_url"]) == reference["snapshot"]
    assert events_json(prefect_api, reference["cfg"]) == reference["events"]


@pytest.mark.slow
def test_parse_ahead_worker_ends_as_one_process(
    prefect_api: str, subset: Path, reference: dict[str, Any], tmp_path: Path
) -> None:
    """With the parse-ahead worker from the first record and batches of 4 (so results come from the worker
    and from the backfill's own process, as storing ends), the stored state is the one-process run's."""
    db_url = f"sqlite:///{tmp_path / 'tw.db'}"
    cfg = config_for(tmp_path, db_url)
    doc = backfill_json(
        prefect_api, cfg, str(subset), TALKWATCH_BACKFILL_PARSE_AHEAD_AFTER="0", TALKWATCH_BACKFILL_BATCH="4"
    )
    assert doc["articles_parsed_ahead"] >= 1
    assert reference["first"]["articles_parsed_ahead"] == 0  # 16 records: below the default start
    assert snapshot(db_url) == reference["snapshot"]
    assert events_json(prefect_api, cfg) == reference["events"]


def _wait_for(proc: subprocess.Popen[bytes], log: Path, db_url: str, stmt: Any, at_least: int) -> None:
    deadline = time.monotonic() + 150
    while time.monotonic() < deadline:
        assert proc.poll() is None, f"finished before it could be interrupted:\n{log.read_text()[-3000:]}"
        try:
            if count(db_url, stmt) >= at_least:
                return
        except Exception:  # the database may not exist or be migrated yet
            dispose_all()
        time.sleep(0.05)
    raise AssertionError(f"no progress:\n{log.read_text()[-3000:]}")


@pytest.mark.slow
def test_backfill_interrupted_by_ctrl_c_then_killed_then_rerun_matches_one_run(
    prefect_api: str, subset: Path, reference: dict[str, Any], tmp_path: Path
) -> None:
    db_url = f"sqlite:///{tmp_path / 'tw.db'}"
    cfg = config_for(tmp_path, db_url)
    small = {"TALKWATCH_BACKFILL_BATCH": "2"}
    args = ("backfill", str(subset), "--config", str(cfg))

    # 1. Ctrl-C while storing (after a few one-article batches committed): exit 130, one error line.
    log = tmp_path / "run1.log"
    proc = popen(prefect_api, log, *args, TALKWATCH_BACKFILL_BATCH="1")
    _wait_for(proc, log, db_url, select(func.count()).select_from(Article), 3)
    proc.send_signal(signal.SIGINT)
    assert proc.wait(timeout=60) == 130, log.read_text()[-3000:]
    assert "error: interrupted" in log.read_text()
    stored_1 = count(db_url, select(func.count()).select_from(Article))
    assert 3 <= stored_1 < 16

    # 2. Rerun, then SIGKILL in the middle of extraction (no chance to clean up).
    log = tmp_path / "run2.log"
    proc = popen(prefect_api, log, *args, **small)
    done = select(func.count()).select_from(Article).where(Article.extracted_version.is_not(None))
    _wait_for(proc, log, db_url, done, 4)
    proc.kill()
    proc.wait(timeout=30)
    dispose_all()
    assert count(db_url, done) < 16

    # 3. Rerun to the end: the same state as one uninterrupted run.
    backfill_json(prefect_api, cfg, str(subset), **small)
    assert count(db_url, select(func.count()).select_from(Article)) == 16
    assert snapshot(db_url) == reference["snapshot"]
    assert events_json(prefect_api, cfg) == reference["events"]


@pytest.mark.slow
@pytest.mark.postgres
def test_two_backfills_at_once_on_postgresql_match_one_run(
    prefect_api: str, subset: Path, reference: dict[str, Any], pg_url: str, tmp_path: Path
) -> None:
    cfg = config_for(tmp_path, pg_url)
    args = ("backfill", str(subset), "--json", "--config", str(cfg))
    logs = [tmp_path / "a.log", tmp_path / "b.log"]
    procs = [
        popen(prefect_api, logs[0], *args, TALKWATCH_BACKFILL_BATCH="3"),
        popen(prefect_api, logs[1], *args, TALKWATCH_BACKFILL_BATCH="4"),
    ]
    codes = [p.wait(timeout=240) for p in procs]
    assert codes == [0, 0], [log.read_text()[-3000:] for log in logs]
    summaries = [json.loads(log.with_suffix(".out").read_text()) for log in logs]
    assert sum(s["articles_new"] for s in summaries) == 16
    assert snapshot_order_aside(snapshot(pg_url)) == snapshot_order_aside(reference["snapshot"])
    assert events_order_aside(events_json(prefect_api, cfg)) == events_order_aside(reference["events"])


@pytest.mark.slow
def test_two_backfills_of_one_outlets_copies_at_once_store_each_text_once(
    prefect_api: str, subset: Path, reference: dict[str, Any], db_url: str, tmp_path: Path
) -> None:
    """Two workers at once, one over the subset and one over the same records under other ids (each text at
    its outlet under a second address): each text is stored once (the outlet's text index decides), the two
    summaries add up to the 16 articles, and the events are the one-run's (links aside: which address won
    is a race)."""
    copies = tmp_path / "copies.jsonl"
    records = [json.loads(line) for line in subset.read_text(encoding="utf-8").splitlines() if line.strip()]
    for record in records:
        record["id"] = f"{record['id']}-copy"
        if record.get("url"):
            record["url"] = record["url"] + "?copy=1"
    copies.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    cfg = config_for(tmp_path, db_url)
    logs = [tmp_path / "a.log", tmp_path / "b.log"]
    procs = [
        popen(prefect_api, logs[n], "backfill", str(source), "--json", "--config", str(cfg), TALKWATCH_BACKFILL_BATCH=b)
        for n, (source, b) in enumerate(((subset, "3"), (copies, "4")))
    ]
    codes = [p.wait(timeout=240) for p in procs]
    assert codes == [0, 0], [log.read_text()[-3000:] for log in logs]
    summaries = [json.loads(log.with_suffix(".out").read_text()) for log in logs]
    assert sum(s["articles_new"] for s in summaries) == 16
    assert sum(s["records_read"] for s in summaries) == 32

    def without_links(state: dict[str, Any]) -> list[dict[str, Any]]:
        return [{k: v for k, v in json.loads(e).items() if k != "links"} for e in state["events"]]

    got = snapshot(db_url)
    assert sorted(json.loads(a)[4] for a in got["articles"]) == sorted(
        json.loads(a)[4] for a in reference["snapshot"]["articles"]
    )  # one article per text
    assert without_links(got) == without_links(reference["snapshot"])


# ------------------------------------------------------------------------------------ in-process flows


def _recent_and_old(path: Path) -> Path:
    today = dt.datetime.now(dt.UTC).date().isoformat()
    records = [
        {
            "id": "recent",
            "published": today,
            "title": "Japan and North Korea foreign ministers meet",
            "text": "Japan and North Korea foreign ministers meet\n\nHANOI - Japanese Foreign Minister Takeshi Iwaya "
            "met North Korean Foreign Minister Choe Son Hui in Hanoi on Tuesday, the Japanese Foreign Ministry said.",
        },
        {
            "id": "old",
            "published": "2019-05-02",
            "title": "Japan and North Korea officials meet in Ulan Bator",
            "text": "Japan and North Korea officials meet in Ulan Bator\n\nULAN BATOR - Senior officials of Japan and "
            "North Korea held talks in Ulan Bator on Wednesday, Japanese government sources said.",
        },
    ]
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


WATCH_30_DAYS = '\n[[watch]]\nname = "japan-dprk-talks"\nmax_age_days = 30\n'


def test_no_alert_without_flag_and_only_recent_contacts_with_it(
    prefect_api: str, db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = _recent_and_old(tmp_path / "two.jsonl")
    cfg = str(config_for(tmp_path, db_url, WATCH_30_DAYS))

    quiet = backfill_flow(str(data), config=cfg, show_progress=False)
    assert quiet["articles_new"] == 2 and quiet["events_new"] >= 2
    assert quiet["alerts_queued"] == 0 and quiet["alerts_sent"] == 0
    assert count(db_url, select(func.count()).select_from(Alert)) == 0

    # Same articles again with --alert: already stored and extracted, so still nothing to alert about.
    again = backfill_flow(str(data), config=cfg, alert=True, show_progress=False)
    assert again["articles_new"] == 0 and again["alerts_sent"] == 0

    # A fresh database with --alert: the recent contact alerts (console channel), the 2019 one does not.
    fresh = f"sqlite:///{tmp_path / 'fresh.db'}" if db_url.startswith("sqlite") else None
    if fresh is None:
        with session_factory(db_url).begin() as s:
            for table in (Alert, EventArticle, TextBand, EventRow, Article, Checkpoint):
                s.query(table).delete()
        fresh = db_url
    cfg2 = tmp_path / "alert"
    cfg2.mkdir()
    loud = backfill_flow(str(data), config=str(config_for(cfg2, fresh, WATCH_30_DAYS)), alert=True, show_progress=False)
    assert loud["articles_new"] == 2
    assert loud["alerts_queued"] == 1 and loud["alerts_sent"] == 1
    with session_factory(fresh)() as s:
        [alert] = s.scalars(select(Alert))
        event = s.get(EventRow, alert.event_id)
        assert event is not None and event.location == "Hanoi" and alert.status == "sent"
    assert "Hanoi" in capsys.readouterr().err  # the console channel, on stderr (stdout is for --json)


def test_since_until_filter_by_publication_date(prefect_api: str, subset: Path, tmp_path: Path) -> None:
    db_url = f"sqlite:///{tmp_path / 'tw.db'}"
    cfg = str(config_for(tmp_path, db_url))
    since, until = dt.date(2004, 1, 1), dt.date(2007, 3, 8)
    records = [json.loads(line) for line in subset.read_text(encoding="utf-8").splitlines()]
    wanted = [r for r in records if r.get("published") and since <= dt.date.fromisoformat(r["published"][:10]) <= until]
    assert 0 < len(wanted) < len(records)

    result = backfill_flow(str(subset), config=cfg, since=since, until=until, show_progress=False)
    assert result["articles_new"] == len(wanted)
    assert result["records_out_of_range"] == len(records) - len(wanted)
    with session_factory(db_url)() as s:
        published = list(s.scalars(select(Article.published)))
    assert all(p is not None and since <= p <= until for p in published)

    # Other filters are another checkpoint: the rest is read and stored now, nothing twice.
    rest = backfill_flow(str(subset), config=cfg, show_progress=False)
    assert rest["articles_new"] == len(records) - len(wanted)


def test_backfill_stored_reextracts_only_older_versions_without_alerts(
    prefect_api: str, subset: Path, tmp_path: Path
) -> None:
    db_url = f"sqlite:///{tmp_path / 'tw.db'}"
    cfg = str(config_for(tmp_path, db_url, '\n[[watch]]\nname = "all-time"\nmax_age_days = 36500\n'))
    lines = subset.read_text(encoding="utf-8").splitlines()[4:9]  # the 2002 summit reports and one more
    small = tmp_path / "small.jsonl"
    small.write_text("\n".join(lines) + "\n", encoding="utf-8")
    backfill_flow(str(small), config=cfg, show_progress=False)
    before = snapshot(db_url)

    sessions = session_factory(db_url)
    with sessions.begin() as s:
        ids = list(s.scalars(select(Article.id).order_by(Article.id)))
        old = ids[:2]
        stamps = dict(s.execute(select(Article.id, Article.extracted_at)).tuples().all())
        # An older extractor produced these two; and they may alert (as if a monitor pass had stored them).
        s.execute(update(Article).where(Article.id.in_(old)).values(extracted_version="old", alerts_allowed=True))
        # The old version also linked one of them to an event the current one does not report.
        ghost = EventRow(
            country_a="JPN", country_b="PRK", status="held", date="1999-01-01", date_precision="day",
            date_start=dt.date(1999, 1, 1), date_end=dt.date(1999, 1, 1), extractor_version="old",
        )  # fmt: skip
        s.add(ghost)
        s.flush()
        s.add(EventArticle(event_id=ghost.id, article_id=old[0], status="held", outlet=None))
        ghost_id = ghost.id

    result = backfill_flow("stored", config=cfg, show_progress=False)
    assert result["articles_reextracted"] == 2
    assert result["articles_extracted"] == 2
    assert result["articles_new"] == 0 and result["events_new"] == 0
    assert result["alerts_queued"] == 0  # re-extraction without --alert never alerts
    with sessions() as s:
        rows = {a.id: a for a in s.scalars(select(Article))}
        assert all(a.extracted_version == f"{EXTRACTOR_VERSION}:JPN-PRK" for a in rows.values())
        assert [i for i in ids if rows[i].extracted_at != stamps[i]] == old  # only those two
        assert s.scalar(select(func.count()).select_from(EventArticle).where(EventArticle.event_id == ghost_id)) == 0
        assert s.scalar(select(func.count()).select_from(Alert)) == 0
    with sessions.begin() as s:
        s.execute(update(Article).where(Article.id.in_(old)).values(alerts_allowed=False))
    after = snapshot(db_url)
    assert after["articles"] == before["articles"]
    assert [e for e in after["events"] if '"1999-01-01"' not in e] == before["events"]

    # Nothing older left: a second `stored` does nothing.
    assert backfill_flow("stored", config=cfg, show_progress=False)["articles_extracted"] == 0


def test_a_new_watch_pair_is_extracted_from_stored_articles(prefect_api: str, tmp_path: Path) -> None:
    """The monitor keeps the watched pairs' events only; `backfill stored` after adding a watch finds the rest."""
    src = tmp_path / "two.jsonl"
    records = [
        {
            "id": "us-dprk",
            "published": "2018-10-08",
            "text": "US Secretary of State Mike Pompeo met North Korean leader Kim Jong Un in Pyongyang on Sunday.",
        },
        {
            "id": "jp-dprk",
            "published": "2018-08-05",
            "text": "Japanese Foreign Minister Taro Kono met his North Korean counterpart Ri Yong Ho in Singapore "
            "on Friday.",
        },
    ]
    src.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    db_url = f"sqlite:///{tmp_path / 'tw.db'}"
    first = backfill_flow(str(src), config=str(config_for(tmp_path, db_url)), show_progress=False)
    assert first["events_new"] == 1
    pairs = select(EventRow.country_a, EventRow.country_b).order_by(EventRow.country_a)
    with session_factory(db_url)() as s:
        assert s.execute(pairs).tuples().all() == [("JPN", "PRK")]

    watches = '[[watch]]\nname = "jp"\n\n[[watch]]\nname = "us"\ncountries = ["USA", "PRK"]\n'
    cfg = str(config_for(tmp_path, db_url, watches))
    again = backfill_flow("stored", config=cfg, show_progress=False)
    assert again["articles_reextracted"] == 2
    assert again["events_new"] == 1 and again["alerts_queued"] == 0
    with session_factory(db_url)() as s:
        assert s.execute(pairs).tuples().all() == [("JPN", "PRK"), ("PRK", "USA")]
        versions = set(s.scalars(select(Article.extracted_version)))
    assert versions == {f"{EXTRACTOR_VERSION}:JPN-PRK,PRK-USA"}
    assert backfill_flow("stored", config=cfg, show_progress=False)["articles_extracted"] == 0


def test_articles_the_gate_turns_away_are_stored_as_extracted(prefect_api: str, tmp_path: Path) -> None:
    """Most of an archive names no watched pair near a contact word: such articles are stored already marked
    extracted at this version (the extraction phase never loads them), the others are extracted as before."""
    src = tmp_path / "mixed.jsonl"
    records = [
        {"id": "council", "published": "2018-08-01", "text": "The city council met on Tuesday to discuss the budget."},
        {"id": "weather", "published": "2018-08-02", "text": "Heavy rain is expected in Osaka this weekend."},
        {"id": "us-dprk", "published": "2018-10-08", "text": "Mike Pompeo met Kim Jong Un in Pyongyang on Sunday."},
        {
            "id": "jp-dprk",
            "published": "2018-08-05",
            "text": "Japanese Foreign Minister Taro Kono met his North Korean counterpart Ri Yong Ho in Singapore "
            "on Friday.",
        },
    ]
    src.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    db_url = f"sqlite:///{tmp_path / 'tw.db'}"
    cfg = str(config_for(tmp_path, db_url))
    first = backfill_flow(str(src), config=cfg, show_progress=False)
    assert first["articles_new"] == 4 and first["articles_extracted"] == 4
    assert first["articles_gated_out"] == 3  # the US-DPRK report names no JPN-PRK pair: the default watch's gate
    assert first["events_new"] == 1
    with session_factory(db_url)() as s:
        versions = dict(s.execute(select(Article.source_id, Article.extracted_version)).tuples().all())
    assert versions == dict.fromkeys(("council", "weather", "us-dprk", "jp-dprk"), f"{EXTRACTOR_VERSION}:JPN-PRK")
    # Nothing pending: `backfill stored` at the same version loads nothing, a rerun stores nothing.
    assert backfill_flow("stored", config=cfg, show_progress=False)["articles_extracted"] == 0
    again = backfill_flow(str(src), config=cfg, show_progress=False)
    assert again["articles_new"] == 0 and again["articles_gated_out"] == 0 and again["events_new"] == 0


def test_directory_of_txt_jsonl_and_feed_files_with_an_unreadable_line(
    prefect_api: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = tmp_path / "in"
    (src / "sub").mkdir(parents=True)
    (src / "a.txt").write_text("Local news\n\nThe harbour festival starts on Friday.\n", encoding="utf-8")
    (src / "b.jsonl").write_text(
        '{"id": "b1", "text": "The city council met on Monday.", "published": "2024-01-02"}\n'
        "{not json\n"
        '{"id": "b3", "title": "no text"}\n',
        encoding="utf-8",
    )
    shutil.copy(ROOT / "seeds" / "feeds" / "fixtures.xml", src / "sub" / "fixtures.xml")
    (src / "ignored.csv").write_text("a,b\n", encoding="utf-8")
    db_url = f"sqlite:///{tmp_path / 'tw.db'}"
    cfg = str(config_for(tmp_path, db_url))

    result = backfill_flow(str(src), config=cfg, show_progress=False)
    assert result["records_failed"] == 2
    assert {(e["line"], e["id"]) for e in result["errors"]} == {(2, None), (3, "b3")}
    assert result["articles_new"] == 4  # a.txt, b1, the two feed items
    assert result["events_new"] >= 2  # the seed feed's two contacts
    err = capsys.readouterr().err
    assert "invalid JSON" in err and "b3" in err
    with session_factory(db_url)() as s:
        urls = list(s.scalars(select(Article.url).where(Article.url.is_not(None))))
        assert len(urls) == 2  # feed items keep their links (their identity, as in a monitor pass)

    again = backfill_flow(str(src), config=cfg, show_progress=False)
    assert again["articles_new"] == 0 and again["files_done_before"] == 3


# ---------------------------------------------------------------- issue 15: ages, unreadable sources

SECRET = "whsec_YmFja2ZpbGwtYWxlcnRzLXRlc3Qtc2VjcmV0LTQ0"


def _age_records(today: dt.date) -> list[dict[str, Any]]:
    """Contacts whose age is known or not, written for this test: an undated article with no date (unknown:
    no alert), a dated recent one (alert), undated ones in articles giving only the month of publication (a
    month of 2014: old; this month: recent), and a wrapped record with no `text` (unreadable)."""
    published = today - dt.timedelta(days=2)
    weekday = (published - dt.timedelta(days=1)).strftime("%A")
    talks = "Japanese and North Korean foreign ministry officials held talks in {} on the abduction issue."
    return [
        {"id": "undated", "text": "Japan and North Korea hold talks\n\n" + talks.format("Hanoi")},
        {
            "id": "recent",
            "published": published.isoformat(),
            "text": "Japan, North Korea officials meet\n\nSenior officials of Japan and North Korea met in "
            f"Ulaanbaatar on {weekday} to discuss the abduction issue, the Japanese foreign ministry said.",
        },
        {"id": "old-month", "published": None, "published_month": "2014-08", "text": talks.format("Beijing")},
        {"id": "this-month", "published": None, "published_month": f"{today:%Y-%m}", "text": talks.format("Shenyang")},
        {"entry": {"title": "wrapped", "description": "no text key"}},
    ]


@pytest.mark.slow
def test_backfill_alert_skips_contacts_of_unknown_age(prefect_api: str, tmp_path: Path, db_url: str) -> None:
    from tests.support.receivers import WebhookReceiver

    src = tmp_path / "ages.jsonl"
    src.write_text("".join(json.dumps(r) + "\n" for r in _age_records(dt.date.today())), encoding="utf-8")
    with WebhookReceiver(SECRET) as receiver:
        extra = (
            '[[watch]]\nname = "jp"\ncountries = ["JPN", "PRK"]\nmax_age_days = 30\n\n'
            f'[[channels]]\ntype = "webhook"\nurl = "{receiver.url}"\nsecret = "{SECRET}"\n'
        )
        cfg = config_for(tmp_path, db_url, extra)
        out = cli(prefect_api, "--config", str(cfg), "backfill", str(src), "--alert", "--json")
        assert out.returncode == 0, out.stderr[-3000:]
        summary = json.loads(out.stdout)
        assert (summary["records_read"], summary["records_failed"], summary["articles_new"]) == (5, 1, 4)
        assert summary["errors"][0]["line"] == 5 and "text" in summary["errors"][0]["error"]
        assert summary["events_new"] == 4 and summary["alerts_sent"] == 2
        deliveries = list(receiver.deliveries)
    assert all(d.verified for d in deliveries), [d.verify_error for d in deliveries]
    where = sorted(json.loads(d.body)["data"]["location"] for d in deliveries)
    assert where == ["Shenyang", "Ulaanbaatar"]
    with session_factory(db_url)() as s:
        month = s.scalars(select(Article).where(Article.source_id == "old-month")).one()
        assert (month.published, month.published_precision) == (dt.date(2014, 8, 1), "month")


@pytest.mark.slow
def test_a_source_nothing_can_be_read_from_fails(prefect_api: str, tmp_path: Path) -> None:
    """Wrapped feed records (`{"entry": ...}`) have no `text`: the backfill fails with one line saying why, as
    a Failed flow run and exit 1 from the CLI; the file is not marked done, so a rerun says it again."""
    src = tmp_path / "wrapped.jsonl"
    wrapped = [{"entry": {"title": f"item {i}", "description": "a wrapped feed record"}} for i in range(3)]
    src.write_text("".join(json.dumps(r) + "\n" for r in wrapped), encoding="utf-8")
    db_url = f"sqlite:///{tmp_path / 'tw.db'}"
    cfg = config_for(tmp_path, db_url)

    state = backfill_flow(str(src), config=str(cfg), show_progress=False, return_state=True)
    assert state.is_failed()
    out = cli(prefect_api, "--config", str(cfg), "backfill", str(src), "--json")
    assert out.returncode == 1 and out.stdout == ""
    assert out.stderr.strip().splitlines()[-1] == (
        f"error: backfill: {src}: no record could be read (3 unreadable; first, {src}:1: missing or non-string 'text')"
    ), out.stderr
    assert "Traceback" not in out.stderr
    with session_factory(db_url)() as s:
        assert s.scalar(select(func.count()).select_from(Article)) == 0


def test_jsonl_records_resume_with_the_file_positions_and_the_extract_reader_errors(tmp_path: Path) -> None:
    from config.settings import Settings
    from flows.backfill import _file_unit, unit_records

    path = tmp_path / "in.jsonl"
    path.write_text(
        '{"id": "a", "text": "one"}\n\n{not json\n{"id": "d"}\n{"text": "five"}\n',
        encoding="utf-8",
    )
    unit = _file_unit(path, None, None)
    settings = Settings()
    records = list(unit_records(unit, 0, settings))
    assert [r.position for r in records] == [1, 3, 4, 5]
    assert records[0].article is not None and records[0].article.id == "a"
    assert records[1].error == {"id": None, "source": str(path), "line": 3, "error": records[1].error["error"]}
    assert records[1].error["error"].startswith("invalid JSON")
    assert records[2].error is not None and records[2].error["id"] == "d" and records[2].error["line"] == 4
    assert records[3].article is not None and records[3].article.id == "in.jsonl:5"  # the default id: file:line
    resumed = list(unit_records(unit, 3, settings))
    assert [r.position for r in resumed] == [4, 5] and resumed[1].article == records[3].article
