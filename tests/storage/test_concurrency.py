"""Concurrent workers: no duplicate articles, events, links or alerts; the new-contact race is closed.

The race: two workers applying *different* articles about the *same new* contact each look for the event,
find none and create one; no unique key can say "the same contact". `apply_extraction` serialises such
transactions (advisory locks per pair and year on PostgreSQL, the write lock on SQLite).
"""

from __future__ import annotations

import multiprocessing
import threading
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select

from storage import articles as article_store
from storage import history
from storage.db import dispose_all, get_engine, session_factory
from storage.history import apply_extraction
from storage.models import Alert, Article, EventArticle
from storage.models import Event as EventRow
from tests.storage import concurrency_worker as worker
from tests.support.storage import make_event, settings_for


@pytest.fixture(params=[True, False], ids=["locking", "no-locking"])
def locking(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[bool]:
    if not request.param:
        monkeypatch.setattr(history, "serialize_contacts", lambda *_a, **_k: None)
    yield request.param


def _store(db: str, url: str, body: str) -> int:
    with session_factory(db).begin() as s:
        [article_id] = article_store.store_articles(s, [article_store.NewArticle(text=body, url=url)]).new_ids
    return article_id


def test_two_reports_of_one_new_contact_at_once(db_url: str, locking: bool) -> None:
    """Worker A applies its article and has not committed; worker B applies another article about the same
    contact. With the locks B waits and joins A's event; without them (the control) B creates a second one."""
    a = _store(db_url, "https://one.example/a", "First outlet's report " * 10)
    b = _store(db_url, "https://two.example/b", "Second outlet's report " * 10)
    settings = settings_for(db_url, **worker.WATCH)
    make_session = session_factory(db_url)
    finished = threading.Event()
    failure: list[BaseException] = []

    def second() -> None:
        try:
            with make_session.begin() as s:
                art = s.get(Article, b)
                assert art is not None
                apply_extraction(
                    s, art, [make_event(date="2018-09", precision="month")], version="v1", settings=settings
                )
        except BaseException as exc:
            failure.append(exc)
        finally:
            finished.set()

    with make_session.begin() as s:
        art = s.get(Article, a)
        assert art is not None
        apply_extraction(s, art, [make_event()], version="v1", settings=settings)
        thread = threading.Thread(target=second)
        thread.start()
        time.sleep(0.5)
        if locking:
            assert not finished.is_set()  # B waits for A's transaction
    thread.join(timeout=40)
    assert not failure, failure
    with make_session() as s:
        events = s.scalar(select(func.count()).select_from(EventRow))
        alerts = s.scalar(select(func.count()).select_from(Alert))
    if locking:
        assert (events, alerts) == (1, 1)
    else:
        assert events == 2  # the race the locks close: this control shows the test can see it


def _run_workers(url: str) -> None:
    get_engine(url)  # migrate once, before the workers start
    dispose_all()
    ctx = multiprocessing.get_context("spawn")
    barrier = ctx.Barrier(2)
    errors = ctx.Queue()
    procs = [ctx.Process(target=worker.run, args=(url, n, barrier, errors)) for n in (0, 1)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(timeout=240)
    messages = []
    while not errors.empty():
        messages.append(errors.get())
    assert [p.exitcode for p in procs] == [0, 0], "\n".join(messages)


def _check_history(url: str) -> None:
    expected_urls = {
        article_store.key_for(article_store.NewArticle(text=t, url=u))
        for r in range(worker.ROUNDS)
        for n in (0, 1)
        for u, t, _p, _e in worker.article_plan(r, n)
    }
    with session_factory(url)() as s:
        keys = list(s.scalars(select(Article.article_key)))
        assert sorted(keys) == sorted(expected_urls)  # every article once, none twice
        assert s.scalar(select(func.count()).where(Article.extracted_version.is_(None))) == 0
        events = list(s.scalars(select(EventRow)))
        assert len(events) == worker.ROUNDS * worker.CONTACTS  # one event per contact
        links = list(s.execute(select(EventArticle.event_id, EventArticle.article_id)))
        assert len(links) == len(set(links)) == len(keys)  # each article linked once, to one event
        per_event = Counter(e for e, _a in links)
        assert set(per_event.values()) == {worker.OUTLETS}
        assert {e.sources for e in events} == {worker.OUTLETS}
        alerts = list(s.execute(select(Alert.event_id, Alert.watch, Alert.channel, Alert.recipient, Alert.trigger)))
        assert len(alerts) == len(set(alerts)) == len(events)  # one alert per event, ever


@pytest.mark.postgres
def test_two_processes_on_postgresql(pg_url: str) -> None:
    _run_workers(pg_url)
    _check_history(pg_url)


def test_two_processes_on_sqlite(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'talkwatch.db'}"
    _run_workers(url)
    _check_history(url)
