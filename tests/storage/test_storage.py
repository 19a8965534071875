"""Storage on SQLite and PostgreSQL: migrations, article identity, event history, the outbox."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, inspect, select

from storage import articles as article_store
from storage.db import current_revision, get_engine, head_revision, session_factory
from storage.event_view import gap_words, list_events
from storage.history import apply_extraction
from storage.models import Alert, Article, Base, EventArticle
from storage.models import Event as EventRow
from storage.outbox import claim, due_ids, record_attempt
from tests.support.storage import make_event, settings_for

NOW = dt.datetime(2018, 9, 28, 12, tzinfo=dt.UTC)
WIRE = (
    "Japanese Foreign Minister Taro Kono met his North Korean counterpart Ri Yong Ho at the United Nations "
    "headquarters in New York on Wednesday, the first meeting of the two countries' foreign ministers in "
    "three years, officials said. The two sat down for about twenty minutes and discussed the abduction "
    "issue and the nuclear programme, according to the Japanese foreign ministry, which gave no details."
)


def _store(db: str, **kw: object) -> tuple[int, ...]:
    item = article_store.NewArticle(**{"text": WIRE, "title": "t", "published": dt.date(2018, 9, 27), **kw})  # type: ignore[arg-type]
    with session_factory(db).begin() as s:
        res = article_store.store_articles(s, [item])
    return res.new_ids


def test_migrations_create_the_model_schema(db_url: str) -> None:
    engine = get_engine(db_url)
    assert current_revision(engine) == head_revision()
    tables = set(inspect(engine).get_table_names())
    assert set(Base.metadata.tables) <= tables
    # A second get_engine (another process would do the same) finds the schema current.
    assert current_revision(get_engine(db_url)) == head_revision()


def test_article_identity_tracking_params_and_updates(db_url: str) -> None:
    [first] = _store(db_url, url="https://www.example.com/news/1?utm_source=rss#top")
    assert _store(db_url, url="http://example.com/news/1/?fbclid=abc") == ()
    with session_factory(db_url).begin() as s:
        res = article_store.store_articles(
            s,
            [article_store.NewArticle(text=WIRE + " Updated.", title="t", url="https://example.com/news/1")],
        )
        assert res.updated_ids == (first,)
        row = s.get(Article, first)
        assert row is not None
        assert row.extracted_version is None  # changed text is queued for re-extraction
        assert row.canonical_url == "https://www.example.com/news/1"
        assert s.scalar(select(func.count()).select_from(Article)) == 1


def test_wire_copies_share_a_cluster(db_url: str) -> None:
    [a] = _store(db_url, url="https://outlet-one.example/a", outlet="one")
    [b] = _store(db_url, url="https://outlet-two.example/b", text=WIRE.replace("officials said", "sources said"))
    [c] = _store(
        db_url, url="https://outlet-three.example/c", text="A completely different story about rice prices " * 8
    )
    with session_factory(db_url)() as s:
        rows = {r.id: r for r in s.scalars(select(Article))}
    assert rows[a].text_cluster_id == rows[b].text_cluster_id == a
    assert rows[c].text_cluster_id == c


def _apply(url: str, article_id: int, events: list, **settings_extra: object) -> object:
    settings = settings_for(url, **settings_extra)
    with session_factory(url).begin() as s:
        art = s.get(Article, article_id)
        assert art is not None
        return apply_extraction(s, art, events, version="test", settings=settings, now=NOW)


def test_three_outlets_one_event_and_sources(db_url: str) -> None:
    [a] = _store(db_url, url="https://japantimes.co.jp/a")
    [b] = _store(db_url, url="https://kyodonews.net/b", text=WIRE + " More.")  # wire copy
    [c] = _store(db_url, url="https://nhk.or.jp/c", text="Different words entirely about the same meeting " * 6)
    r1 = _apply(db_url, a, [make_event()])
    r2 = _apply(db_url, b, [make_event(date="2018-09", precision="month")])
    r3 = _apply(db_url, c, [make_event(location=None, names=("Kono",))])
    assert (r1.events_new, r2.events_new, r3.events_new) == (1, 0, 0)  # type: ignore[attr-defined]
    with session_factory(db_url)() as s:
        [event] = s.scalars(select(EventRow)).all()
        assert event.date == "2018-09-26" and event.date_precision == "day"
        assert event.sources == 2  # a and b are copies of one wire story
        assert s.scalar(select(func.count()).select_from(EventArticle)) == 3
        # One alert for the console channel, however many outlets reported it.
        assert s.scalar(select(func.count()).select_from(Alert)) == 1  # console channel, one alert
    # Re-applying the same article changes nothing.
    again = _apply(db_url, a, [make_event()])
    assert again.events_new == 0  # type: ignore[attr-defined]


def test_two_contacts_in_one_month_stay_two(db_url: str) -> None:
    [a] = _store(db_url, url="https://x.example/a")
    [b] = _store(db_url, url="https://y.example/b", text="Another report " * 20)
    _apply(db_url, a, [make_event(date="2018-09-03", location="Singapore")])
    _apply(db_url, b, [make_event(date="2018-09-26", location="New York")])
    with session_factory(db_url)() as s:
        assert s.scalar(select(func.count()).select_from(EventRow)) == 2


def test_scheduled_then_held_is_one_event_with_history(db_url: str) -> None:
    [a] = _store(db_url, url="https://x.example/a")
    [b] = _store(db_url, url="https://y.example/b", text="Held now " * 20)
    _apply(db_url, a, [make_event(status="scheduled")])
    res = _apply(db_url, b, [make_event(status="held")])
    assert res.events_new == 0  # type: ignore[attr-defined]
    with session_factory(db_url)() as s:
        [ev] = s.scalars(select(EventRow)).all()
        assert ev.status == "held"
        assert [h["status"] for h in ev.status_history] == ["scheduled", "held"]


def test_background_mentions_are_kept_out_of_the_default_listing(db_url: str) -> None:
    [a] = _store(db_url, url="https://x.example/a")
    _apply(
        db_url,
        a,
        [
            make_event(),
            make_event(
                date="2015-08", precision="month", location=None, background=True, names=("Fumio Kishida", "Ri Su Yong")
            ),
        ],
    )
    with session_factory(db_url)() as s:
        assert len(list_events(s)) == 1
        both = list_events(s, include_background=True)
    assert [e["date"] for e in both] == ["2018-09-26", "2015-08"]
    # History knows the previous contact of the pair.
    assert both[0]["previous_contact"]["date"] == "2015-08"
    assert both[0]["novelty_computed"] == "first in 3 years"


def test_alert_once_per_event_watch_channel_and_status_change(db_url: str) -> None:
    watch = {
        "watch": [{"name": "w", "countries": ["JPN", "PRK"], "statuses": ["scheduled", "held"], "max_age_days": 3650}]
    }
    [a] = _store(db_url, url="https://x.example/a")
    [b] = _store(db_url, url="https://y.example/b", text="Second outlet " * 20)
    [c] = _store(db_url, url="https://z.example/c", text="Third outlet " * 20)
    assert _apply(db_url, a, [make_event(status="scheduled")], **watch).alerts_queued == 1  # type: ignore[attr-defined]
    assert _apply(db_url, b, [make_event(status="held")], **watch).alerts_queued == 1  # type: ignore[attr-defined]
    assert _apply(db_url, c, [make_event(status="held")], **watch).alerts_queued == 0  # type: ignore[attr-defined]
    with session_factory(db_url)() as s:
        types = [a.type for a in s.scalars(select(Alert).order_by(Alert.id))]
    assert types == ["contact.detected", "contact.status_changed"]


def test_max_age_days_and_backfill_articles_do_not_alert(db_url: str) -> None:
    [a] = _store(db_url, url="https://x.example/a")
    assert _apply(db_url, a, [make_event(date="2014-03-30")]).alerts_queued == 0  # type: ignore[attr-defined]
    [b] = _store(db_url, url="https://y.example/b", text="Backfilled " * 20, alerts_allowed=False)
    assert _apply(db_url, b, [make_event(date="2018-09-27", location="Tokyo")]).alerts_queued == 0  # type: ignore[attr-defined]


def test_claim_is_exclusive_and_attempts_are_recorded(db_url: str) -> None:
    [a] = _store(db_url, url="https://x.example/a")
    _apply(db_url, a, [make_event(date="2018-09-27")])
    Sessions = session_factory(db_url)
    with Sessions() as s:
        [alert_id] = due_ids(s, NOW)
    with Sessions.begin() as s:
        first = claim(s, alert_id, NOW)
        assert first is not None
        public_id = first.public_id
    with Sessions.begin() as s:
        assert claim(s, alert_id, NOW) is None  # held by the first dispatcher
    with Sessions.begin() as s:
        status = record_attempt(
            s, alert_id, ok=False, permanent=False, error="503", retry_in_s=60, max_attempts=2, now=NOW
        )
    assert status == "failed"
    with Sessions() as s:
        assert due_ids(s, NOW) == []  # backing off
        assert due_ids(s, NOW + dt.timedelta(seconds=61)) == [alert_id]
    # A crash after sending leaves the claim; after the lease it is taken over with the same public id.
    with Sessions.begin() as s:
        again = claim(s, alert_id, NOW + dt.timedelta(seconds=61))
        assert again is not None and again.public_id == public_id
    with Sessions.begin() as s:
        assert (
            record_attempt(s, alert_id, ok=False, permanent=False, error="503", retry_in_s=60, max_attempts=2, now=NOW)
            == "dead"
        )


@pytest.mark.parametrize(
    ("earlier", "later", "words"),
    [
        (dt.date(2014, 8, 31), dt.date(2018, 9, 26), "4 years"),
        (dt.date(2014, 8, 1), dt.date(2018, 9, 26), "4 years 1 month"),
        (dt.date(2018, 9, 1), dt.date(2018, 9, 13), "12 days"),
    ],
)
def test_gap_words(earlier: dt.date, later: dt.date, words: str) -> None:
    assert gap_words(earlier, later) == words
