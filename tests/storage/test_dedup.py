"""Deduplication and history on SQLite and PostgreSQL: one contact is one event, each outlet counts once."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from extractors.events import Event
from storage import articles as article_store
from storage.db import get_engine, session_factory
from storage.event_matching import overlap_bounds
from storage.event_view import event_json, list_events, previous_contact, previous_contact_query
from storage.history import ApplyResult, apply_extraction, candidate_query
from storage.models import Alert, Article, EventArticle
from storage.models import Event as EventRow
from storage.near_duplicates import (
    band_hits_query,
    band_keys,
    band_query,
    member_of,
    same_text_clusters_query,
    sqlite_band_hits_sql,
)
from tests.support.storage import make_event, settings_for

NOW = dt.datetime(2018, 9, 30, 12, tzinfo=dt.UTC)
ALL_WATCH = {
    "watch": [
        {
            "name": "all",
            "countries": ["JPN", "PRK"],
            "statuses": ["held", "ongoing", "scheduled"],
            "max_age_days": 36500,
        }
    ]
}
_VOCAB = [f"w{i}" for i in range(400)]


def prose(seed: int, words: int = 90) -> str:
    """A text of its own (no near-copy of another seed's)."""
    rng = random.Random(seed)
    return " ".join(rng.choice(_VOCAB) for _ in range(words))


def store(
    db: str, url: str | None, body: str, published: dt.date | None = dt.date(2018, 9, 27), **kw: Any
) -> int | None:
    item = article_store.NewArticle(text=body, title="t", url=url, published=published, **kw)
    with session_factory(db).begin() as s:
        res = article_store.store_articles(s, [item])
    return (res.new_ids or res.updated_ids or (None,))[0]


def apply(db: str, article_id: int | None, events: list[Event], **settings_extra: Any) -> ApplyResult:
    assert article_id is not None
    with session_factory(db).begin() as s:
        art = s.get(Article, article_id)
        assert art is not None
        return apply_extraction(s, art, events, version="v1", settings=settings_for(db, **settings_extra), now=NOW)


def events_of(db: str) -> list[EventRow]:
    with session_factory(db)() as s:
        return list(s.scalars(select(EventRow).order_by(EventRow.id)))


def count(s: Session, model: Any) -> int:
    return int(s.scalar(select(func.count()).select_from(model)) or 0)


def snapshot(db: str) -> dict[str, Any]:
    with session_factory(db)() as s:
        return {
            "events": [
                (
                    e.id,
                    e.status,
                    e.date,
                    e.date_precision,
                    e.location,
                    e.sources,
                    e.last_seen,
                    e.status_history,
                    e.background,
                )
                for e in s.scalars(select(EventRow).order_by(EventRow.id))
            ],
            "links": sorted(s.execute(select(EventArticle.event_id, EventArticle.article_id)).all()),
            "alerts": sorted(s.execute(select(Alert.event_id, Alert.watch, Alert.trigger, Alert.public_id)).all()),
            "articles": count(s, Article),
        }


def test_three_outlets_three_days_three_precisions_one_event(db_url: str) -> None:
    a = store(db_url, "https://www.japantimes.co.jp/news/a", prose(1), published=dt.date(2018, 9, 27))
    b = store(db_url, "https://english.kyodonews.net/news/b", prose(2), published=dt.date(2018, 9, 28))
    c = store(db_url, "https://www3.nhk.or.jp/nhkworld/c", prose(3), published=dt.date(2018, 9, 29))
    r1 = apply(db_url, a, [make_event(date="2018-09", precision="month")])
    r2 = apply(db_url, b, [make_event(date=None, location=None, names=("Kono",))])
    r3 = apply(db_url, c, [make_event(date="2018-09-26", precision="day")])
    assert (r1.events_new, r2.events_new, r3.events_new) == (1, 0, 0)
    assert (r2.events_updated, r3.events_updated) == (1, 1)
    [event] = events_of(db_url)
    assert (event.date, event.date_precision) == ("2018-09-26", "day")  # refined to the most precise
    assert (event.date_start, event.date_end) == (dt.date(2018, 9, 26), dt.date(2018, 9, 26))
    assert event.sources == 3
    assert [p["name"] for p in event.participants] == ["Taro Kono", "Ri Yong Ho"]  # "Kono" is Taro Kono
    with session_factory(db_url)() as s:
        data = event_json(s, event)
    assert data["articles"] == [
        "https://www.japantimes.co.jp/news/a",
        "https://english.kyodonews.net/news/b",
        "https://www3.nhk.or.jp/nhkworld/c",
    ]
    assert data["outlets"] == ["japantimes.co.jp", "kyodonews.net", "nhk.or.jp"]


def test_a_wire_copy_at_two_outlets_counts_once(db_url: str) -> None:
    wire = prose(10)
    a = store(db_url, "https://one.example/world/talks?utm_source=rss", wire)
    b = store(db_url, "https://two.example/story/123", "KYODO - " + wire.replace("w1 ", "w2 ", 2) + " Copyright 2018.")
    apply(db_url, a, [make_event()])
    apply(db_url, b, [make_event()])
    [event] = events_of(db_url)
    assert event.sources == 1
    with session_factory(db_url)() as s:
        clusters = {x.text_cluster_id for x in s.scalars(select(Article))}
    assert len(clusters) == 1
    # An independent report by a third outlet, and one outlet's own story besides the wire copy: 3.
    c = store(db_url, "https://three.example/c", prose(11))
    d = store(db_url, "https://two.example/own-story", prose(12))
    apply(db_url, c, [make_event()])
    apply(db_url, d, [make_event()])
    [event] = events_of(db_url)
    assert event.sources == 3


def test_tracking_amp_and_mobile_variants_are_the_same_article(db_url: str) -> None:
    first = store(db_url, "https://www.example.com/news/1", prose(20))
    for variant in (
        "https://example.com/news/1?utm_source=twitter&fbclid=x",
        "http://m.example.com/news/1/amp#comments",
        "HTTPS://WWW.EXAMPLE.COM:443/news/1/",
    ):
        assert store(db_url, variant, prose(20)) is None
    with session_factory(db_url)() as s:
        assert count(s, Article) == 1
        row = s.get(Article, first)
        assert row is not None and row.canonical_url == "https://www.example.com/news/1"


def test_same_guid_and_same_text_at_one_outlet_are_one_article(db_url: str) -> None:
    body = prose(21)
    store(db_url, "https://feed.example/a?id=1", body, guid="tag:feed.example,2018:1", feed_id=None)
    # The outlet's own copy under another address: the same text, the same outlet.
    assert store(db_url, "https://feed.example/other-path", body) is None
    with session_factory(db_url)() as s:
        assert count(s, Article) == 1


def test_an_updated_article_is_reextracted_not_duplicated(db_url: str) -> None:
    url = "https://x.example/breaking"
    a = store(db_url, url, prose(30))
    other = ("CHN", "USA")  # no watch: an event nobody was alerted about may go away
    apply(db_url, a, [make_event(countries=other, date="2018-09-20", location="Beijing", names=())])
    b = store(db_url, url + "?utm_medium=email", prose(30) + " Updated with the correct date and place.")
    assert b == a
    with session_factory(db_url)() as s:
        row = s.get(Article, a)
        assert row is not None and row.extracted_version is None and row.updated_at is not None
        assert count(s, Article) == 1
    apply(db_url, a, [make_event(countries=other, date="2018-09-25", location="Washington", names=())])
    [event] = events_of(db_url)
    assert (event.date, event.location, event.sources) == ("2018-09-25", "Washington", 1)


def test_scheduled_then_reported_held_without_a_date(db_url: str) -> None:
    a = store(db_url, "https://x.example/plan", prose(40), published=dt.date(2018, 9, 20))
    b = store(db_url, "https://y.example/held", prose(41), published=dt.date(2018, 9, 29))
    apply(db_url, a, [make_event(status="scheduled", date="2018-09-27")], **ALL_WATCH)
    res = apply(db_url, b, [make_event(status="held", date=None)], **ALL_WATCH)
    assert res.events_new == 0
    [event] = events_of(db_url)
    assert event.status == "held" and event.date == "2018-09-27"
    assert [h["status"] for h in event.status_history] == ["scheduled", "held"]
    with session_factory(db_url)() as s:
        assert [a.type for a in s.scalars(select(Alert).order_by(Alert.id))] == [
            "contact.detected",
            "contact.status_changed",
        ]


def test_two_contacts_of_a_pair_in_one_month(db_url: str) -> None:
    a = store(db_url, "https://x.example/a", prose(50))
    b = store(db_url, "https://y.example/b", prose(51))
    c = store(db_url, "https://z.example/c", prose(52))
    apply(db_url, a, [make_event(date="2018-09-03", location="Singapore", names=("Kim",))])
    apply(db_url, b, [make_event(date="2018-09-26", location="New York")])
    # A month-precision report naming the place joins the right one.
    apply(db_url, c, [make_event(date="2018-09", precision="month", location="Singapore", names=())])
    singapore, new_york = events_of(db_url)
    assert (singapore.location, singapore.sources, new_york.sources) == ("Singapore", 2, 1)


def test_a_background_mention_links_to_the_stored_event(db_url: str) -> None:
    old = store(db_url, "https://x.example/2015", prose(60), published=dt.date(2015, 8, 7))
    apply(db_url, old, [make_event(date="2015-08-06", location="Kuala Lumpur", names=("Kishida", "Ri Su Yong"))])
    new = store(db_url, "https://y.example/2018", prose(61))
    recalled = make_event(date="2015-08", precision="month", location=None, background=True, names=("Kishida",))
    res = apply(db_url, new, [make_event(), recalled], **ALL_WATCH)
    assert (res.events_new, res.events_updated, res.alerts_queued) == (1, 1, 1)
    kl, ny = events_of(db_url)
    # The recollection is no source of the 2015 contact: it is listed apart (contract: `recalled_by`).
    assert kl.sources == 1 and not kl.background
    with session_factory(db_url)() as s:
        data = event_json(s, ny)
        old_json = event_json(s, kl)
    assert (old_json["articles"], old_json["recalled_by"]) == (["https://x.example/2015"], ["https://y.example/2018"])
    assert (data["articles"], data["recalled_by"]) == (["https://y.example/2018"], [])
    assert data["previous_contact"]["id"] == kl.id
    assert data["novelty_computed"] == "first in 3 years 1 month"


def test_a_background_mention_of_an_unknown_contact_is_history_that_never_alerts(db_url: str) -> None:
    a = store(db_url, "https://x.example/a", prose(70))
    recalled = make_event(date="2014-05", precision="month", location="Stockholm", background=True, names=())
    res = apply(db_url, a, [recalled], **ALL_WATCH)
    assert (res.events_new, res.alerts_queued) == (1, 0)
    [event] = events_of(db_url)
    assert event.background
    with session_factory(db_url)() as s:
        assert count(s, Alert) == 0
        assert list_events(s) == []
        assert [e["date"] for e in list_events(s, include_background=True)] == ["2014-05"]
    # An undated recall next to the news it explains is a second contact, not the news again.
    b = store(db_url, "https://y.example/b", prose(71))
    apply(
        db_url, b, [make_event(date="2018-09-26"), make_event(date=None, background=True, location=None)], **ALL_WATCH
    )
    assert len(events_of(db_url)) == 3


def test_applying_the_same_articles_again_changes_nothing(db_url: str) -> None:
    ids = [store(db_url, f"https://o{i}.example/a", prose(80 + i)) for i in range(3)]
    batches = [
        [make_event(status="scheduled")],
        [make_event(), make_event(date="2015-08", precision="month", background=True, location=None, names=())],
        [make_event(date=None, location=None)],
    ]
    for article_id, events in zip(ids, batches, strict=True):
        apply(db_url, article_id, events, **ALL_WATCH)
    before = snapshot(db_url)
    for article_id, events in zip(ids, batches, strict=True):
        res = apply(db_url, article_id, events, **ALL_WATCH)
        assert (res.events_new, res.events_updated, res.alerts_queued) == (0, 0, 0)
    for i in range(3):  # and storing them again
        assert store(db_url, f"https://o{i}.example/a", prose(80 + i)) is None
    assert snapshot(db_url) == before


def test_novelty_check_compares_the_claim_with_history(db_url: str) -> None:
    old = store(db_url, "https://x.example/2015", prose(90), published=dt.date(2015, 8, 7))
    apply(db_url, old, [make_event(date="2015-08-06", location="Kuala Lumpur")])
    verdicts = {}
    for i, claim in enumerate(
        ["first in three years", "first since August 2015", "first since 2012", "first in a decade"]
    ):
        art = store(db_url, f"https://y.example/{i}", prose(91 + i))
        apply(
            db_url,
            art,
            [make_event(date=f"2018-0{i + 1}-10", location=f"City{i}").model_copy(update={"novelty": claim})],
        )
    with session_factory(db_url)() as s:
        for row in s.scalars(select(EventRow).where(EventRow.novelty.is_not(None))):
            verdicts[row.novelty] = event_json(s, row)["novelty_check"]
    assert verdicts == {
        "first in three years": "consistent",  # 2015-08 -> 2018-01: 2 years 5 months, said as "three years"
        "first since August 2015": "inconsistent",  # the 2018-01 meeting came in between for the later ones
        "first since 2012": "inconsistent",
        "first in a decade": "inconsistent",
    }


def _plan(db: str, stmt: Any) -> str:
    """The query plan of a statement, with its parameters inlined."""
    engine = get_engine(db)
    sql = str(stmt.compile(dialect=engine.dialect, compile_kwargs={"literal_binds": True}))
    with engine.connect() as conn:
        if engine.dialect.name == "postgresql":
            conn.exec_driver_sql("SET enable_seqscan = off")  # tiny tables: ask whether an index *can* serve it
            rows = [r[0] for r in conn.exec_driver_sql("EXPLAIN " + sql)]
        else:
            rows = [r[-1] for r in conn.exec_driver_sql("EXPLAIN QUERY PLAN " + sql)]
    return "\n".join(map(str, rows))


def test_candidate_lookups_use_indexes(db_url: str) -> None:
    a = store(db_url, "https://x.example/a", prose(100))
    apply(db_url, a, [make_event()])
    bounds = overlap_bounds(make_event(), dt.date(2018, 9, 27))
    assert bounds is not None
    plan = _plan(db_url, candidate_query("JPN", "PRK", bounds))
    # On a one-row table PostgreSQL may take the web view's (date_start, id) index instead of the pair's:
    # either bounds the scan by date; what must not happen is a scan of every event.
    assert "ix_events_pair_date" in plan or "ix_events_date_id" in plan, plan
    plan = _plan(db_url, band_query(band_keys(prose(100))))
    assert "ix_text_bands_band" in plan, plan
    with session_factory(db_url)() as s:
        [row] = s.scalars(select(EventRow)).all()
        assert previous_contact(s, row) is None
        plan = _plan(db_url, previous_contact_query(row))
    assert "ix_events_pair_date" in plan, plan
    plan = _plan(db_url, select(Article.id).where(Article.article_key == "url:x.example/a"))
    assert "article_key" in plan or "sqlite_autoindex_articles" in plan, plan
    plan = _plan(db_url, select(Article.text_cluster_id).where(Article.content_hash == "0" * 64))
    assert "uq_articles_outlet_text" in plan, plan
    # The batch lookups of store_articles: equality on one index each, nothing another index could order.
    plan = _plan(db_url, same_text_clusters_query(["0" * 64, "1" * 64]))
    assert "uq_articles_outlet_text" in plan, plan
    plan = _plan(db_url, same_text_clusters_query(["0" * 64, "1" * 64], get_engine(db_url).dialect.name))
    assert "uq_articles_outlet_text" in plan, plan
    plan = _plan(db_url, band_hits_query(band_keys(prose(100)) + band_keys(prose(101))))
    assert "ix_text_bands_band" in plan, plan
    # The form a batch uses on its own database (PostgreSQL: one array, `band = ANY(...)`).
    dialect = get_engine(db_url).dialect.name
    plan = _plan(db_url, band_hits_query(band_keys(prose(100)) + band_keys(prose(101)), dialect))
    assert "ix_text_bands_band" in plan, plan
    if dialect == "sqlite":  # SQLite's batches send the driver's own SQL (sqlite_band_hits_sql)
        keys = band_keys(prose(100)) + band_keys(prose(101))
        with get_engine(db_url).connect() as conn:
            sql = "EXPLAIN QUERY PLAN " + sqlite_band_hits_sql(len(keys))
            plan = "\n".join(str(r[-1]) for r in conn.exec_driver_sql(sql, tuple(keys)))
        assert "ix_text_bands_band" in plan, plan


@pytest.mark.postgres
def test_postgresql_plans_the_batch_lookups_on_their_indexes_as_the_tables_grow(pg_url: str) -> None:
    """With statistics (ANALYZE after growth, storage/planner_stats.py) and without (a fresh database whose
    autovacuum has not run), the content-hash and identity lookups of a grown table use their own indexes:
    the planner is not asked to choose (enable_seqscan stays on)."""
    from storage.planner_stats import GrowthAnalyzer, estimated_rows

    engine = get_engine(pg_url)
    analyzer = GrowthAnalyzer(engine)
    for start in range(0, 3000, 500):
        items = [
            article_store.NewArticle(text=prose(5000 + i, 45), url=f"https://o{i % 13}.example/{i}")
            for i in range(start, start + 500)
        ]
        with session_factory(pg_url).begin() as s:
            new = len(article_store.store_articles(s, items).new_ids)
        analyzer.grew(new)
    assert analyzer.runs == 1 and estimated_rows(engine, "articles") >= 2000  # analyzed once, at 2,000
    with session_factory(pg_url)() as s:
        digests = list(s.scalars(select(Article.content_hash).limit(3)))
        keys = list(s.scalars(select(Article.article_key).limit(3)))

    def plan(stmt: Any) -> str:
        sql = str(stmt.compile(dialect=engine.dialect, compile_kwargs={"literal_binds": True}))
        with engine.connect() as conn:
            return "\n".join(str(r[0]) for r in conn.exec_driver_sql("EXPLAIN " + sql))

    for label in ("after ANALYZE", "without statistics"):
        assert "uq_articles_outlet_text" in plan(same_text_clusters_query(digests)), label
        # ... and in the form storing sends them (one array parameter, `= ANY(...)`).
        assert "uq_articles_outlet_text" in plan(same_text_clusters_query(digests, "postgresql")), label
        assert "article_key" in plan(select(Article).where(Article.article_key.in_(keys))), label
        by_array = select(Article).where(member_of(Article.article_key, keys, "postgresql"))
        assert "article_key" in plan(by_array), label
        with engine.begin() as conn:  # forget the statistics: what a fresh database without autovacuum has
            conn.exec_driver_sql("DELETE FROM pg_statistic WHERE starelid = 'articles'::regclass")
            conn.exec_driver_sql("UPDATE pg_class SET reltuples = -1 WHERE oid = 'articles'::regclass")


def test_a_contact_known_from_recollection_then_reported(db_url: str) -> None:
    a = store(db_url, "https://x.example/a", prose(110))
    b = store(db_url, "https://y.example/b", prose(111))
    recalled = make_event(background=True, text="They had met in New York.")
    apply(db_url, a, [recalled], **ALL_WATCH)
    res = apply(db_url, b, [make_event(names=("Taro Kono", "Ri Yong Ho", "Mike Pompeo"))], **ALL_WATCH)
    assert (res.events_new, res.alerts_queued) == (0, 1)
    [event] = events_of(db_url)
    assert not event.background and event.sources == 1  # the recollection counts in no source
    assert event.evidence[0]["text"] == "The foreign ministers met."  # the report's, not the recollection's
    assert [p["name"] for p in event.participants] == ["Taro Kono", "Ri Yong Ho", "Mike Pompeo"]


# --- issue 15: precision in any order, one article's two mentions, recollections, undated reports --------


def test_year_precision_and_day_meet_in_either_order(db_url: str) -> None:
    for n, (first, second) in enumerate(
        [(("2016", "year"), ("2016-05-28", "day")), (("2016-05-28", "day"), ("2016", "year"))]
    ):
        a = store(db_url, f"https://x{n}.example/a", prose(200 + n), published=dt.date(2016, 6, 1))
        b = store(db_url, f"https://y{n}.example/b", prose(210 + n), published=dt.date(2016, 6, 2))
        apply(
            db_url, a, [make_event(date=first[0], precision=first[1], location="Stockholm", level="senior_officials")]
        )
        apply(
            db_url, b, [make_event(date=second[0], precision=second[1], location="Stockholm", level="senior_officials")]
        )
        [event] = events_of(db_url)
        assert (event.date, event.date_precision, event.sources) == ("2016-05-28", "day", 2)
        assert (event.date_start, event.date_end) == (dt.date(2016, 5, 28), dt.date(2016, 5, 28))
        with session_factory(db_url).begin() as s:  # the next order starts from an empty history
            s.execute(EventRow.__table__.delete())


def test_one_article_telling_one_contact_by_day_and_by_month_links_once(db_url: str) -> None:
    a = store(db_url, "https://x.example/a", prose(220), published=dt.date(2014, 6, 2))
    told = [
        make_event(date="2014-05", precision="month", location="Stockholm", level="unknown", background=True, names=()),
        make_event(date="2014-05-28", location="Stockholm", level="senior_officials"),
    ]
    res = apply(db_url, a, told, **ALL_WATCH)
    assert (res.events_new, res.alerts_queued) == (1, 1)
    [event] = events_of(db_url)
    assert (event.date, event.sources, event.background) == ("2014-05-28", 1, False)
    # A month report of another outlet joins it too, however precise the article was about it.
    b = store(db_url, "https://y.example/b", prose(221), published=dt.date(2014, 6, 5))
    apply(db_url, b, [make_event(date="2014-05", precision="month", location="Stockholm", level="senior_officials")])
    [event] = events_of(db_url)
    with session_factory(db_url)() as s:
        data = event_json(s, event)
    assert (data["sources"], data["recalled_by"], len(data["articles"])) == (2, [], 2)
    # Two contacts told in one article stay two: a day in May and a month that is not May.
    c = store(db_url, "https://z.example/c", prose(222), published=dt.date(2014, 6, 5))
    apply(
        db_url,
        c,
        [
            make_event(date="2014-05-28", location="Stockholm", level="senior_officials"),
            make_event(date="2014-03", precision="month", location=None, level="unknown", background=True),
        ],
    )
    assert len(events_of(db_url)) == 2


def test_a_recollection_joins_only_an_event_nothing_in_it_contradicts(db_url: str) -> None:
    rc = store(db_url, "https://rc.example/a", prose(230), published=dt.date(2014, 3, 4))
    apply(db_url, rc, [make_event(date="2014-03-03", location="Shenyang", level="red_cross", names=("Kim Yong Il",))])
    # Nothing contradicting (the same level, no names): it joins, and is listed apart from the reports.
    art = store(db_url, "https://later9.example/b", prose(239), published=dt.date(2014, 7, 4))
    recalled = make_event(date="2014-03", precision="month", location=None, level="red_cross", background=True)
    apply(db_url, art, [recalled.model_copy(update={"participants": ()})])
    # Government talks, another known level, other people: each contradicts the Red Cross talks.
    cases = [
        make_event(
            date="2014-03",
            precision="month",
            location=None,
            level="unknown",
            background=True,
            names=(),
            text="The two countries resumed intergovernmental talks in March.",
        ),
        make_event(date="2014-03", precision="month", location=None, level="working_level", background=True, names=()),
        make_event(date="2014-03", precision="month", location=None, level="red_cross", background=True, names=("Ri",)),
    ]
    for n, told in enumerate(cases):
        later = store(db_url, f"https://later{n}.example/b", prose(231 + n), published=dt.date(2014, 7, 4))
        apply(db_url, later, [told])
    red_cross, *others = events_of(db_url)
    assert others and all(e.background for e in others)
    with session_factory(db_url)() as s:
        data = event_json(s, red_cross)
    assert (data["sources"], data["articles"], data["recalled_by"]) == (
        1,
        ["https://rc.example/a"],
        ["https://later9.example/b"],
    )


def test_an_undated_report_joins_the_contact_published_about_in_those_days(db_url: str) -> None:
    early = store(db_url, "https://x.example/early", prose(240), published=dt.date(2018, 9, 4))
    late = store(db_url, "https://x.example/late", prose(241), published=dt.date(2018, 9, 27))
    apply(db_url, early, [make_event(date="2018-09-03")])
    apply(db_url, late, [make_event(date="2018-09-26")])
    # Published two days after the second meeting, same place, level and people: the second, not the first.
    undated = store(db_url, "https://y.example/undated", prose(242), published=dt.date(2018, 9, 28))
    apply(db_url, undated, [make_event(date=None)])
    first, second = events_of(db_url)
    assert (first.sources, second.sources) == (1, 2)
    # Written the evening before the day another outlet dates the contact (time zones): still that contact.
    ahead = store(db_url, "https://z.example/ahead", prose(243), published=dt.date(2018, 11, 4))
    apply(db_url, ahead, [make_event(date=None, location="Hanoi")])
    dated = store(db_url, "https://w.example/dated", prose(244), published=dt.date(2018, 11, 6))
    apply(db_url, dated, [make_event(date="2018-11-05", location="Hanoi")])
    assert [e.sources for e in events_of(db_url)] == [1, 2, 2]


def test_a_contact_of_unknown_age_does_not_alert(db_url: str) -> None:
    watch = {"watch": [{"name": "recent", "countries": ["JPN", "PRK"], "max_age_days": 30}]}
    # A backfilled article with no publication date and an undated contact: its age cannot be established.
    a = store(db_url, "https://x.example/a", prose(250), published=None, alerts_allowed=True)
    assert apply(db_url, a, [make_event(date=None)], **watch).alerts_queued == 0
    # A feed entry with no date: the monitor saw it today, so it is news.
    feed = store(db_url, "https://y.example/b", prose(251), published=None, feed_id=None)
    with session_factory(db_url).begin() as s:
        row = s.get(Article, feed)
        assert row is not None
        row.feed_id = _a_feed(s)
        row.fetched_at = NOW
    assert apply(db_url, feed, [make_event(date=None, location="Hanoi")], **watch).alerts_queued == 1
    # Only the month of publication known: that dates it (here: old).
    c = store(db_url, "https://z.example/c", prose(252), published=dt.date(2014, 8, 1), published_precision="month")
    assert apply(db_url, c, [make_event(date=None, location="Ulaanbaatar")], **watch).alerts_queued == 0
    with session_factory(db_url)() as s:
        month = s.scalars(select(EventRow).where(EventRow.location == "Ulaanbaatar")).one()
    assert (month.date_start, month.date_end) == (dt.date(2014, 8, 1) - dt.timedelta(days=45), dt.date(2014, 8, 31))


def _a_feed(s: Session) -> int:
    from storage.models import Feed

    feed = Feed(name="news", configured_url="https://y.example/feed", current_url="https://y.example/feed")
    s.add(feed)
    s.flush()
    return feed.id
