"""The same text at the same outlet under two addresses is one article, decided by the database
(`uq_articles_outlet_text`): a copy stored by another worker meanwhile, two writers at the same instant, and a
text update that makes one row the copy of another (the rows are folded into the earlier one)."""

from __future__ import annotations

import threading
import time
from typing import Any

import pytest
from sqlalchemy import func, select, text

from storage import articles as article_store
from storage.db import session_factory
from storage.event_view import event_json
from storage.models import Article, EventArticle, TextBand
from storage.models import Event as EventRow
from tests.storage.test_dedup import ALL_WATCH, apply, events_of, prose
from tests.support.storage import make_event

OTHER = ("CHN", "USA")  # no watch: an event nobody was alerted about may go away after a re-extraction


def _item(url: str, body: str, **kw: Any) -> article_store.NewArticle:
    return article_store.NewArticle(text=body, title="t", url=url, **kw)


def _store(db: str, *items: article_store.NewArticle) -> article_store.StoreResult:
    with session_factory(db).begin() as s:
        return article_store.store_articles(s, list(items))


def _articles(db: str) -> list[tuple[int, str, str, str | None]]:
    with session_factory(db)() as s:
        return [
            (a.id, a.url or "", a.content_hash, a.extracted_version)
            for a in s.scalars(select(Article).order_by(Article.id))
        ]


def _links(db: str) -> list[tuple[int, int, bool]]:
    with session_factory(db)() as s:
        return sorted(
            s.execute(select(EventArticle.event_id, EventArticle.article_id, EventArticle.background)).tuples()
        )


def test_a_copy_another_worker_stored_meanwhile_is_left_out_and_unchanged(
    db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The batch's lookup of stored texts did not see the other worker's copy (it committed after the
    lookup): the insert-if-absent leaves the row out on the outlet's text index, and it counts as unchanged,
    as the in-batch rule would have counted it."""
    body = prose(300)
    first = _store(db_url, _item("https://x.example/a", body))
    monkeypatch.setattr(article_store, "_stored_texts", lambda _s, _d: (set(), {}))
    res = _store(db_url, _item("https://x.example/b", body), _item("https://y.example/c", prose(301)))
    assert (len(res.new_ids), res.updated_ids, res.unchanged) == (1, (), 1)  # the other outlet's is new
    assert [key for _i, key, _h, _v in _articles(db_url)] == [
        "https://x.example/a",
        "https://y.example/c",
    ]
    assert first.new_ids[0] == _articles(db_url)[0][0]


def test_articles_without_an_outlet_are_not_affected(db_url: str) -> None:
    body = prose(302)
    res = _store(db_url, _item(None, body, source_id="1"), _item(None, body, source_id="2"))  # type: ignore[arg-type]
    assert (len(res.new_ids), res.unchanged) == (2, 0)


@pytest.mark.parametrize("index", [True, False], ids=["index", "no-index"])
def test_two_writers_store_one_text_at_one_outlet_at_the_same_moment(db_url: str, index: bool) -> None:
    """Writer A has inserted its copy and not committed; writer B stores the outlet's copy under another
    address. B waits (PostgreSQL: on A's index entry; SQLite: for the write lock), then leaves its row out:
    one article, B counts it unchanged, and the event it is applied to counts the outlet once. Without the
    index (the control: what the batch's lookup alone did) both copies go in."""
    body = prose(303)
    make_session = session_factory(db_url)
    if not index:
        with make_session.begin() as s:
            s.execute(text("DROP INDEX uq_articles_outlet_text"))
    finished = threading.Event()
    second: list[article_store.StoreResult] = []
    failure: list[BaseException] = []

    def writer_b() -> None:
        try:
            with make_session.begin() as s:
                second.append(article_store.store_articles(s, [_item("https://x.example/other/b", body)]))
        except BaseException as exc:
            failure.append(exc)
        finally:
            finished.set()

    with make_session.begin() as s:
        first = article_store.store_articles(s, [_item("https://x.example/a", body)])
        thread = threading.Thread(target=writer_b)
        thread.start()
        time.sleep(0.5)
        if index:
            assert not finished.is_set()  # B waits for A's transaction
    thread.join(timeout=40)
    assert not failure, failure
    [res] = second
    assert (len(first.new_ids), first.unchanged) == (1, 0)
    if not index:
        assert (len(res.new_ids), res.unchanged, len(_articles(db_url))) == (1, 0, 2)  # the race the index closes
        return
    assert (res.new_ids, res.updated_ids, res.unchanged) == ((), (), 1)
    assert len(_articles(db_url)) == 1
    apply(db_url, first.new_ids[0], [make_event()], **ALL_WATCH)
    [event] = events_of(db_url)
    assert event.sources == 1


@pytest.mark.parametrize("rounds", [12])
def test_two_writers_racing_on_copies_round_after_round(db_url: str, rounds: int) -> None:
    """Both writers start together (a barrier) and store each round's text at one outlet under their own
    address, in batches with another article each: every round ends with one copy, and the writers' results
    add up to it (one new, one unchanged)."""
    make_session = session_factory(db_url)
    barrier = threading.Barrier(2)
    results: dict[int, list[article_store.StoreResult]] = {0: [], 1: []}
    failure: list[BaseException] = []

    def writer(n: int) -> None:
        try:
            for r in range(rounds):
                items = [
                    _item(f"https://news.example/{r}/by-{n}", prose(1000 + r)),
                    _item(f"https://own{n}.example/{r}", prose(2000 + 10 * r + n)),
                ]
                barrier.wait(timeout=30)
                with make_session.begin() as s:
                    results[n].append(article_store.store_articles(s, items))
        except BaseException as exc:
            failure.append(exc)
            barrier.abort()

    threads = [threading.Thread(target=writer, args=(n,)) for n in (0, 1)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not failure, failure
    with session_factory(db_url)() as s:
        rows = s.execute(select(Article.outlet, func.count()).group_by(Article.outlet)).all()
        per_outlet = {outlet: n for outlet, n in rows}  # noqa: C416 - Row objects, not pairs
    assert per_outlet == {"news.example": rounds, "own0.example": rounds, "own1.example": rounds}
    for r in range(rounds):
        a, b = results[0][r], results[1][r]
        assert (len(a.new_ids) + len(b.new_ids), a.unchanged + b.unchanged) == (3, 1)
        assert a.updated_ids == b.updated_ids == ()


def test_an_update_into_a_later_rows_text_folds_that_row_into_the_earlier(db_url: str) -> None:
    """The outlet's article at /a now carries the text it also publishes at /b (stored later): one article
    remains, the earlier row, with the new text, queued again; /b's event link moves to it; after the
    re-extraction the event of /a's old text is gone (as after any update) and /b's event counts the outlet
    once."""
    old, new = prose(310), prose(311)
    [a] = _store(db_url, _item("https://x.example/a", old)).new_ids
    [b] = _store(db_url, _item("https://x.example/b", new)).new_ids
    [c] = _store(db_url, _item("https://y.example/c", new)).new_ids  # a wire copy elsewhere: its own outlet
    apply(db_url, a, [make_event(countries=OTHER, location="Beijing", names=())])
    apply(db_url, b, [make_event(location="Hanoi")], **ALL_WATCH)
    apply(db_url, c, [make_event(location="Hanoi")], **ALL_WATCH)
    old_event, event = (e.id for e in events_of(db_url))
    with session_factory(db_url)() as s:
        assert s.scalar(select(func.count()).select_from(TextBand).where(TextBand.article_id == b)) == 16

    res = _store(db_url, _item("https://x.example/a?utm_source=rss", new))
    assert (res.new_ids, res.updated_ids, res.unchanged) == ((), (a,), 0)
    digest = article_store.content_hash("t", new)
    assert [(i, h, v) for i, _k, h, v in _articles(db_url)] == [(a, digest, None), (c, digest, "v1")]
    assert _links(db_url) == [(old_event, a, False), (event, a, False), (event, c, False)]
    with session_factory(db_url)() as s:
        rows = {r.id: r for r in s.scalars(select(Article))}
        assert rows[a].text_cluster_id == rows[c].text_cluster_id  # one cluster, b gone from it
        assert s.scalar(select(func.count()).select_from(TextBand).where(TextBand.article_id == b)) == 0
        [ev] = [e for e in s.scalars(select(EventRow)) if e.id == event]
        assert "https://x.example/b" not in str(event_json(s, ev))

    apply(db_url, a, [make_event(location="Hanoi")], **ALL_WATCH)  # the re-extraction of the new text
    [stored] = events_of(db_url)
    assert stored.id == event and stored.sources == 1  # x.example and y.example carry one wire text
    assert _links(db_url) == [(event, a, False), (event, c, False)]
    assert _store(db_url, _item("https://x.example/b", new)).unchanged == 1  # /b: the same article still


def test_an_update_into_an_earlier_rows_text_folds_into_that_row(db_url: str) -> None:
    """The reverse: /b (stored later) now carries /a's text. /a stays, queued again with /b's links; /b goes;
    the store reports /a as updated (what the pass re-extracts)."""
    [a] = _store(db_url, _item("https://x.example/a", prose(320))).new_ids
    [b] = _store(db_url, _item("https://x.example/b", prose(321))).new_ids
    apply(db_url, a, [make_event(location="Hanoi")], **ALL_WATCH)
    apply(db_url, b, [make_event(background=True, location="Hanoi")], **ALL_WATCH)
    apply(db_url, b, [make_event(countries=OTHER, location="Beijing", names=())])
    res = _store(db_url, _item("https://x.example/b", prose(320)))
    assert (res.new_ids, res.updated_ids, res.unchanged) == ((), (a,), 0)
    assert [(i, v) for i, _k, _h, v in _articles(db_url)] == [(a, None)]
    [report, other] = events_of(db_url)
    assert _links(db_url) == [(report.id, a, False), (other.id, a, False)]  # the report kept, once


def test_an_update_into_a_text_stored_earlier_in_the_same_batch(db_url: str) -> None:
    """One batch: a new address with a text, then a stored article of the same outlet updated to that text.
    The new row goes into the stored (earlier) one: one article, counted as updated and unchanged."""
    [a] = _store(db_url, _item("https://x.example/a", prose(330))).new_ids
    res = _store(db_url, _item("https://x.example/new", prose(331)), _item("https://x.example/a", prose(331)))
    assert (res.new_ids, res.updated_ids, res.unchanged, res.settled_ids) == ((), (a,), 1, ())
    assert [(i, k) for i, k, _h, _v in _articles(db_url)] == [(a, "https://x.example/a")]


def test_an_update_racing_a_writer_that_stores_its_new_text(db_url: str) -> None:
    """Writer A has inserted the outlet's new text under a new address and not committed; writer B updates
    the outlet's stored article /a to that text. B waits (PostgreSQL: its update on A's index entry, and
    the unique index then turns it down inside a savepoint; SQLite: for the write lock, before it looks),
    then folds A's row into the earlier /a: one article, no error."""
    [a] = _store(db_url, _item("https://x.example/a", prose(340))).new_ids
    new = prose(341)
    make_session = session_factory(db_url)
    finished = threading.Event()
    second: list[article_store.StoreResult] = []
    failure: list[BaseException] = []

    def writer_b() -> None:
        try:
            with make_session.begin() as s:
                second.append(article_store.store_articles(s, [_item("https://x.example/a", new)]))
        except BaseException as exc:
            failure.append(exc)
        finally:
            finished.set()

    with make_session.begin() as s:
        first = article_store.store_articles(s, [_item("https://x.example/new", new)])
        thread = threading.Thread(target=writer_b)
        thread.start()
        time.sleep(0.5)
        assert not finished.is_set()
    thread.join(timeout=40)
    assert not failure, failure
    [res] = second
    assert len(first.new_ids) == 1
    assert (res.new_ids, res.updated_ids, res.unchanged) == ((), (a,), 0)
    assert [(i, u, h, v) for i, u, h, v in _articles(db_url)] == [
        (a, "https://x.example/a", article_store.content_hash("t", new), None)
    ]
