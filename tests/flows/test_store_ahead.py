"""The store-ahead worker (flows/store_ahead.py): a batch prepared in the worker process is exactly the batch the
backfill would have prepared itself, and anything the worker cannot deliver is prepared in the backfill."""

from __future__ import annotations

import datetime as dt
import os
import signal
from collections.abc import Iterator
from concurrent.futures import Future

import pytest

from extractors.events import Article as InputArticle
from flows.store_ahead import StoreAhead, gate_settle, prepare_records
from storage.articles import Prepared

NEWS = (
    "Japanese and North Korean officials met in Ulaanbaatar on Tuesday for talks on the abduction issue, "
    "the first such contact in a year, a Japanese government source said. "
) * 3
FILLER = " ".join(f"word{i}" for i in range(80))

RECORDS = [
    InputArticle(
        id="news", text=NEWS, title="Japan, North Korea hold talks", url="https://www.example.org/a?utm_source=x"
    ),
    InputArticle(id="filler", text=FILLER, url="http://m.example.com/b#top", published=dt.date(2026, 3, 1)),
    InputArticle(id="short", text="Too short to band.", published_period="2025-11"),
    InputArticle(id="nul", text="A text with a NUL\x00 in it " + FILLER, title="nul\x00 title"),
    InputArticle(id="ja", text="日朝両政府の局長級協議が北京で開かれた。" * 5, published_period="2024"),
]


@pytest.fixture
def ahead() -> Iterator[StoreAhead]:
    store = StoreAhead(alert=False, settle=gate_settle("v:JPN-PRK", [("JPN", "PRK")]), start_after=0)
    store.start()
    yield store
    store.close()


def test_a_batch_prepared_by_the_worker_equals_one_prepared_in_the_backfill(ahead: StoreAhead) -> None:
    future = ahead.submit(list(RECORDS), records_read=len(RECORDS))
    assert future is not None
    from_worker = future.result(timeout=120)
    here = prepare_records(RECORDS, False, ahead.settle)
    assert from_worker == here
    assert ahead.prepared(future, list(RECORDS)) == here
    by_id = {p.item.source_id: p for p in here}
    # What the store needs, computed: the gate passes only the news, NULs are gone, short texts have no bands.
    assert by_id["news"].settled is None and by_id["filler"].settled == "v:JPN-PRK"
    assert by_id["news"].canon == "https://www.example.org/a" and by_id["news"].key == "url:example.org/a"
    assert "\x00" not in by_id["nul"].item.text and by_id["nul"].item.title == "nul title"
    assert by_id["short"].bands is None and by_id["news"].bands is not None and len(by_id["news"].bands) == 16
    assert by_id["short"].item.published == dt.date(2025, 11, 1)
    assert by_id["short"].item.published_precision == "month"
    assert by_id["ja"].item.published_precision == "year"


def test_until_the_worker_has_delivered_a_batch_it_has_not_finished_is_prepared_here() -> None:
    store = StoreAhead(alert=True, settle=gate_settle("v:JPN-PRK", [("JPN", "PRK")]), start_after=0)
    pending: Future[list[Prepared]] = Future()
    prepared = store.prepared(pending, list(RECORDS))
    assert prepared == prepare_records(RECORDS, True, store.settle)
    # Left to the worker, not cancelled: a cancelled pending future breaks Python 3.11's executor thread when
    # the pool then dies; its result is simply never read.
    assert not pending.cancelled() and not pending.done()
    assert all(p.item.alerts_allowed for p in prepared)


def test_a_dead_worker_costs_nothing_but_time(ahead: StoreAhead) -> None:
    warm = ahead.submit(list(RECORDS[:1]), records_read=1)
    assert warm is not None
    warm.result(timeout=120)
    pool = ahead._pool
    assert pool is not None
    for pid in list(pool._processes):  # type: ignore[attr-defined]
        os.kill(pid, signal.SIGKILL)
    future = ahead.submit(list(RECORDS), records_read=len(RECORDS))
    expected = prepare_records(RECORDS, False, ahead.settle)
    assert ahead.prepared(future, list(RECORDS)) == expected
    # Later batches go on in the backfill's own process.
    assert ahead.prepared(ahead.submit(list(RECORDS), records_read=99), list(RECORDS)) == expected


def test_a_small_source_never_starts_the_worker() -> None:
    store = StoreAhead(alert=False, settle=gate_settle("v:JPN-PRK", None), start_after=500)
    assert store.submit(list(RECORDS), records_read=len(RECORDS)) is None
    assert store.depth == 0
    assert store.prepared(None, list(RECORDS)) == prepare_records(RECORDS, False, store.settle)
