"""Every page, the Atom feed and /api/events through Starlette's test client, on a history stored by the
pipeline's own storage code: status, content, filters, pagination, escaping of hostile stored text."""

from __future__ import annotations

import datetime as dt
import re

import feedparser
import pytest
from sqlalchemy import select
from starlette.testclient import TestClient

from benchmarks.web_timeline import fill
from config.settings import Settings
from extractors.events import LEVELS
from storage import articles as article_store
from storage.db import session_factory
from storage.event_queries import event_article_counts, event_articles
from storage.event_view import list_events
from storage.history import apply_extraction
from storage.models import Article
from tests.support.web import (
    EVIDENCE_2014,
    EVIDENCE_2018,
    HOSTILE_PLACE,
    NOW,
    RECALL_2018,
    History,
    event_for,
    store_history,
)
from web.app import create_app
from web.atom import entry_id

SCRIPT_RE = re.compile(r"<script|<img", re.IGNORECASE)  # as markup; escaped text is fine


def _client(settings: Settings) -> TestClient:
    return TestClient(create_app(settings))


def _rows(html: str) -> list[str]:
    """The list's event links, in order (`/events/<id>`)."""
    body = html.split('<table class="events">', 1)[1]
    return re.findall(r'<a href="/events/(\d+)">', body)


def test_timeline_lists_filters_and_charts_the_stored_contacts(db_url: str) -> None:
    h = store_history(db_url)
    client = _client(h.settings)
    page = client.get("/")
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    csp = page.headers["content-security-policy"]
    assert "default-src 'none'" in csp and "script-src" not in csp  # nothing may run
    # Newest contact first; the 2018 event (known from a report) listed, background-only events are not.
    assert _rows(page.text) == [str(h.plan_2019), str(h.fm_2018), str(h.talks_2014)]
    assert "Japan\u2013North Korea" in page.text
    # The chart: one row per year from 2014 to 2019, one mark per (month, level, status), with a tooltip and a
    # link filtering the list to its month.
    svg = page.text.split("<svg", 1)[1].split("</svg>", 1)[0]
    assert re.findall(r'class="axis year"[^>]*>(\d{4})<', svg) == [str(y) for y in range(2019, 2013, -1)]
    assert "2018-09: 1 \u00d7 held, foreign ministers" in svg
    assert "2019-02: 1 \u00d7 scheduled, leaders" in svg
    assert 'class="mark st-held lv-foreign_ministers"' in svg and "<circle" in svg
    assert 'class="mark st-scheduled lv-leaders"' in svg and "<polygon" in svg
    assert "date_from=2018-09-01&amp;date_to=2018-09-30" in svg

    def ids(**params: str) -> list[str]:
        response = client.get("/", params=params)
        assert response.status_code == 200, response.text
        return _rows(response.text)

    assert ids(status="scheduled") == [str(h.plan_2019)]
    assert ids(level="senior_officials") == [str(h.talks_2014)]
    assert ids(date_from="2018-01-01", date_to="2018-12-31") == [str(h.fm_2018)]
    assert ids(date_from="2018-09-26", date_to="2018-09-26") == [str(h.fm_2018)]
    assert ids(q="beijing") == [str(h.talks_2014)]  # a place
    assert ids(q="KONO") == [str(h.fm_2018)]  # a participant, case-insensitively
    assert ids(q="100%") == []  # LIKE wildcards are text
    assert ids(pair="PRK-JPN") == ids(pair="JPN-PRK") == ids()
    assert ids(pair="KOR-PRK") == []
    # A bad filter is a 400 that names it, not a 500.
    for bad in ({"status": "met"}, {"date_from": "yesterday"}, {"pair": "Japan"}, {"page": "x"}):
        response = client.get("/", params=bad)
        assert response.status_code == 400
        assert next(iter(bad)) in response.text


def test_hostile_text_is_escaped_on_every_page(history: History) -> None:
    client = _client(history.settings)
    for path in ("/", f"/events/{history.fm_2018}", f"/events/{history.plan_2019}", "/feeds", "/alerts"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert not SCRIPT_RE.search(response.text), path
    event = client.get(f"/events/{history.fm_2018}").text
    assert "&lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt; Kono meets Ri" in event  # the title
    assert "&lt;script&gt;alert(&#39;text&#39;)&lt;/script&gt;" in event  # the article text
    assert "Ri Yong Ho &lt;script&gt;x&lt;/script&gt;" in event  # a participant
    assert "&lt;img src=x onerror=alert(1)&gt;" in client.get("/").text  # a place, in the list
    atom = client.get("/events.atom").text
    assert not SCRIPT_RE.search(atom)
    api = client.get("/api/events").json()
    assert HOSTILE_PLACE in [e["location"] for e in api]  # JSON carries the text as it is, as data


def test_event_page_shows_every_field_history_and_highlighted_evidence(history: History) -> None:
    client = _client(history.settings)
    html = client.get(f"/events/{history.fm_2018}").text
    for text in (
        "foreign_ministers",
        "in_person",
        "2018-09-26",
        "New York",
        "Taro Kono",
        "first in three years",
        "Status history",
        "https://japantimes.co.jp/a",
        "japantimes.co.jp",
    ):
        assert text in html, text
    # The reporting article's evidence sentence and the recalling article's, each marked in its stored text.
    reporting, recalling = html.split("Reporting articles", 1)[1].split("Articles that only recall it", 1)
    assert f'<mark class="evidence">{EVIDENCE_2018}</mark>' in reporting
    assert "https://nhk.or.jp/c" in recalling and f'<mark class="evidence">{RECALL_2018}</mark>' in recalling
    assert "https://nhk.or.jp/c" not in reporting
    assert 'Reporting articles <span class="muted">(1)</span>' in html
    with session_factory(history.url)() as s:
        assert event_article_counts(s, history.fm_2018) == (1, 1)
        reporting_rows, recalling_rows = event_articles(s, history.fm_2018, limit=1)
        assert [a.url for a in reporting_rows] == ["https://japantimes.co.jp/a"]
        assert [a.url for a in recalling_rows] == ["https://nhk.or.jp/c"]
    # The previous contact is the 2014 talks, linked.
    assert f'<a href="/events/{history.talks_2014}">2014-03-30</a>' in html
    assert client.get("/events/999999").status_code == 404
    assert client.get("/events/abc").status_code == 404
    older = client.get(f"/events/{history.talks_2014}").text
    assert f'<mark class="evidence">{EVIDENCE_2014}</mark>' in older


def test_feeds_and_alerts_pages(history: History) -> None:
    from storage.feeds import FeedOutcome, record_outcome, sync_feeds

    settings = Settings.model_validate(
        {"database": {"url": history.url}, "feeds": [{"name": "broken <b>feed</b>", "url": "https://x.example/f"}]}
    )
    with session_factory(history.url).begin() as s:
        rows = sync_feeds(s, settings.feeds, {"broken <b>feed</b>": "https://x.example/f"})
        record_outcome(
            s,
            rows["broken <b>feed</b>"],
            FeedOutcome(ok=False, error="HTTP 503 <script>", next_attempt_at=NOW + dt.timedelta(days=3650)),
            NOW,
        )
    client = _client(settings)
    feeds = client.get("/feeds").text
    assert "broken &lt;b&gt;feed&lt;/b&gt;" in feeds and "HTTP 503 &lt;script&gt;" in feeds
    assert "failing" in feeds and "backing off" in feeds
    alerts = client.get("/alerts")
    assert alerts.status_code == 200
    # apply_extraction queued console alerts for the held 2018 and 2014 events of the default watch.
    assert alerts.text.count('<tr class="alert-pending">') == 2
    assert f'<a href="/events/{history.fm_2018}">' in alerts.text
    assert client.get("/alerts", params={"status": "sent"}).text.count('<tr class="alert-') == 0
    assert client.get("/alerts", params={"status": "lost"}).status_code == 400


def test_api_events_is_the_contract_json_with_the_same_filters(history: History) -> None:
    client = _client(history.settings)
    response = client.get("/api/events")
    assert response.status_code == 200
    assert response.headers["x-total-count"] == "3"
    with session_factory(history.url)() as s:
        expected = list_events(s)  # what `events --json` prints
    assert sorted(response.json(), key=lambda e: e["id"]) == sorted(expected, key=lambda e: e["id"])
    only = client.get("/api/events", params={"status": "held", "q": "kono"}).json()
    assert [e["id"] for e in only] == [history.fm_2018]
    bad = client.get("/api/events", params={"level": "boss"})
    assert bad.status_code == 400
    assert bad.json() == {"error": f"level: one of {', '.join(LEVELS)}"}


def test_pagination_of_the_list_and_the_api(sqlite_url: str) -> None:
    fill(sqlite_url, 130, seed=3)
    settings = Settings.model_validate({"database": {"url": sqlite_url}})
    client = _client(settings)
    with session_factory(sqlite_url)() as s:
        expected = [str(e["id"]) for e in list_events(s)]
    seen: list[str] = []
    url: str | None = "/?per_page=40"
    while url:
        html = client.get(url).text
        seen += _rows(html)
        match = re.search(r'<a rel="next" href="([^"]+)"', html)
        url = match.group(1).replace("&amp;", "&") if match else None
    assert len(seen) == len(expected) > 100
    assert seen == expected  # every event once, newest first, across 3+ pages
    api = client.get("/api/events", params={"per_page": 50, "page": 2})
    assert [str(e["id"]) for e in api.json()] == expected[50:100]
    assert 'rel="next"' in api.headers["link"] and 'rel="prev"' in api.headers["link"]
    assert client.get("/", params={"page": 999}).status_code == 200  # past the end: the last page
    # The chart counts every reported contact of the pair once: by month, or as undated.
    from storage.event_queries import EventFilter, timeline_counts
    from storage.models import Event as EventRow

    with session_factory(sqlite_url).begin() as s:
        s.add(EventRow(country_a="JPN", country_b="PRK", status="proposed", date=None, extractor_version="t"))
    with session_factory(sqlite_url)() as s:
        cells, undated = timeline_counts(s, EventFilter(pair=("JPN", "PRK")))
        reported = [e for e in list_events(s) if e["countries"] == ["JPN", "PRK"]]
    assert undated == 1 and sum(c.count for c in cells) + undated == len(reported)
    assert "1 undated" in client.get("/").text


def test_atom_feed_entries_ids_dates_and_update(history: History) -> None:
    client = _client(history.settings)
    response = client.get("/events.atom")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/atom+xml")
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    # The watch's contacts: held (not the scheduled one), reported (not background-only).
    ids = {e.id for e in feed.entries}
    assert ids == {entry_id(history.fm_2018), entry_id(history.talks_2014)}
    by_id = {e.id: e for e in feed.entries}
    fm = by_id[entry_id(history.fm_2018)]
    assert "Japan\u2013North Korea: foreign ministers met in New York (2018-09-26)" in fm.title
    assert fm.link.endswith(f"/events/{history.fm_2018}")
    assert fm.updated_parsed[:6] == NOW.timetuple()[:6]
    assert fm.published_parsed[:6] == NOW.timetuple()[:6]
    assert EVIDENCE_2018 in fm.content[0].value and "Novelty" in fm.content[0].value
    # The same feed again: the same ids. A new reporting article moves `updated` of that entry only.
    later = NOW + dt.timedelta(days=2)
    text = f"PYONGYANG -- {EVIDENCE_2018}"
    with session_factory(history.url).begin() as s:
        [new_id] = article_store.store_articles(
            s, [article_store.NewArticle(text=text, url="https://kcna.kp/x", published=dt.date(2018, 9, 27))]
        ).new_ids
        art = s.get(Article, new_id)
        assert art is not None
        ev = event_for(text, EVIDENCE_2018, status="held", date="2018-09-26", date_precision="day",
                    location="New York", level="foreign_ministers")  # fmt: skip
        apply_extraction(s, art, [ev], version="test", settings=history.settings, now=later)
    again = feedparser.parse(client.get("/events.atom").content)
    by_id2 = {e.id: e for e in again.entries}
    assert set(by_id2) == ids
    assert by_id2[entry_id(history.fm_2018)].updated_parsed[:6] == later.timetuple()[:6]
    assert by_id2[entry_id(history.talks_2014)].updated_parsed == by_id[entry_id(history.talks_2014)].updated_parsed
    assert again.entries[0].id == entry_id(history.fm_2018)  # most recently changed first
    # Per watch; an unknown watch is a 404 that names the configured ones.
    watched = feedparser.parse(client.get("/events.atom", params={"watch": "japan-dprk-talks"}).content)
    assert {e.id for e in watched.entries} == ids
    missing = client.get("/events.atom", params={"watch": "nope"})
    assert missing.status_code == 404 and "japan-dprk-talks" in missing.text


def test_atom_feed_per_watch_uses_the_watch_rules(history: History) -> None:
    settings = Settings.model_validate(
        {
            "database": {"url": history.url},
            "watch": [
                {"name": "plans", "countries": ["PRK", "JPN"], "statuses": ["scheduled"]},
                {"name": "top", "countries": ["JPN", "PRK"], "min_level": "foreign_ministers"},
            ],
        }
    )
    client = _client(settings)
    plans = feedparser.parse(client.get("/events.atom", params={"watch": "plans"}).content)
    assert [e.id for e in plans.entries] == [entry_id(history.plan_2019)]
    top = feedparser.parse(client.get("/events.atom", params={"watch": "top"}).content)
    assert [e.id for e in top.entries] == [entry_id(history.fm_2018)]
    both = feedparser.parse(client.get("/events.atom").content)
    assert {e.id for e in both.entries} == {entry_id(history.plan_2019), entry_id(history.fm_2018)}


@pytest.mark.parametrize("how", ["bearer", "query", "cookie"])
def test_token_is_required_when_configured(history: History, how: str) -> None:
    token = "s3cret-token-for-tests"
    settings = Settings.model_validate({"database": {"url": history.url}, "web": {"token": token}})
    client = _client(settings)
    for path in ("/", "/events.atom", "/api/events", "/static/style.css"):
        denied = client.get(path)
        assert denied.status_code == 401, path
        assert denied.headers["www-authenticate"].startswith("Bearer")
    assert client.get("/", headers={"authorization": "Bearer wrong"}).status_code == 401
    assert client.get("/", params={"token": "wrong"}).status_code == 401
    if how == "bearer":
        assert client.get("/api/events", headers={"authorization": f"Bearer {token}"}).status_code == 200
    elif how == "query":
        response = client.get("/events.atom", params={"token": token})
        assert response.status_code == 200 and feedparser.parse(response.content).entries
    else:
        first = client.get("/", params={"token": token})
        assert first.status_code == 200
        cookie = first.headers["set-cookie"]
        assert token not in cookie and "HttpOnly" in cookie
        assert client.get(f"/events/{history.fm_2018}").status_code == 200  # the browser's next page


def test_period_follows_the_date_when_a_report_refines_it(sqlite_url: str) -> None:
    from storage.models import Event as EventRow

    settings = Settings.model_validate({"database": {"url": sqlite_url}})
    sentence = "Japanese and North Korean officials will meet in Beijing."
    for n, (date, precision) in enumerate((("2019", "year"), ("2019-02", "month"))):
        text = f"Report {n}. {sentence}"
        with session_factory(sqlite_url).begin() as s:
            [aid] = article_store.store_articles(
                s, [article_store.NewArticle(text=text, url=f"https://x{n}.example/a", published=dt.date(2019, 1, 5))]
            ).new_ids
            art = s.get(Article, aid)
            assert art is not None
            ev = event_for(text, sentence, status="scheduled", date=date, date_precision=precision, location="Beijing")
            apply_extraction(s, art, [ev], version="test", settings=settings, now=NOW)
        with session_factory(sqlite_url)() as s:
            [row] = s.query(EventRow).all()
            assert (row.date, row.period) == (date, date[:7])


def test_atom_updated_moves_on_a_status_change_without_a_new_source(history: History) -> None:
    client = _client(history.settings)
    before = feedparser.parse(client.get("/events.atom").content)
    assert entry_id(history.plan_2019) not in {e.id for e in before.entries}  # scheduled: not a watched status
    later = NOW + dt.timedelta(days=40)
    with session_factory(history.url).begin() as s:
        art = s.scalars(select(Article).where(Article.url == "https://nhk.or.jp/c")).one()
        sentence = "Leaders will meet in February, officials said."
        held = event_for(art.text, sentence, status="held", date="2019-02", date_precision="month",
                      location=HOSTILE_PLACE, level="leaders")  # fmt: skip
        apply_extraction(s, art, [held], version="test", settings=history.settings, now=later)  # a re-extraction
    after = feedparser.parse(client.get("/events.atom").content)
    entry = next(e for e in after.entries if e.id == entry_id(history.plan_2019))
    assert entry.updated_parsed[:6] == later.timetuple()[:6]
    assert entry.published_parsed[:6] == NOW.timetuple()[:6]
    assert "Status changed (scheduled → held)" in entry.content[0].value
