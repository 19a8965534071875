"""Web view test helpers: a small history stored the way the pipeline stores it (articles, then
`apply_extraction`), with hostile text in a title, an article body, a place and a participant's name."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from config.settings import Settings
from extractors.events import Event, Evidence, Participant
from storage import articles as article_store
from storage.db import session_factory
from storage.history import apply_extraction
from storage.models import Article

NOW = dt.datetime(2026, 3, 1, 12, tzinfo=dt.UTC)
SCRIPT_TITLE = "<script>alert('title')</script> Kono meets Ri"
SCRIPT_TEXT = "<script>alert('text')</script>"
EVIDENCE_2018 = "Japanese Foreign Minister Taro Kono met North Korean Foreign Minister Ri Yong Ho in New York."
EVIDENCE_2014 = "Japanese and North Korean officials held talks in Beijing on Sunday."
RECALL_2018 = "The two foreign ministers last met in New York in September 2018."
HOSTILE_PLACE = "<img src=x onerror=alert(1)>"


@dataclass(frozen=True)
class History:
    url: str
    settings: Settings
    fm_2018: int  # held, foreign ministers, New York, reported by A and recalled by C
    talks_2014: int  # held, senior officials, Beijing, reported by B
    plan_2019: int  # scheduled, leaders, at a hostile place


def event_for(text: str, sentence: str, **kw: object) -> Event:
    start = text.index(sentence)
    fields: dict[str, object] = {
        "countries": ("JPN", "PRK"),
        "confidence": 0.9,
        "mode": "in_person",
        "evidence": (Evidence(article="x", start=start, end=start + len(sentence), text=sentence),),
        **kw,
    }
    return Event(**fields)  # type: ignore[arg-type]


def store_history(url: str) -> History:
    # The contacts are years old: a wide max_age_days lets the held ones raise (console) alerts.
    settings = Settings.model_validate({"database": {"url": url}, "watch": [{"max_age_days": 36500}]})
    text_a = f"{SCRIPT_TEXT} TOKYO (Kyodo) -- {EVIDENCE_2018} They talked for twenty minutes."
    text_b = f"BEIJING -- {EVIDENCE_2014} The talks were the first in over a year."
    text_c = f"Leaders will meet in February, officials said. {RECALL_2018}"
    items = [
        article_store.NewArticle(
            text=text_a, title=SCRIPT_TITLE, url="https://japantimes.co.jp/a", published=dt.date(2018, 9, 27)
        ),
        article_store.NewArticle(
            text=text_b, title="Talks in Beijing", url="https://kyodonews.net/b", published=dt.date(2014, 3, 31)
        ),
        article_store.NewArticle(
            text=text_c, title="Summit planned", url="https://nhk.or.jp/c", published=dt.date(2019, 1, 10)
        ),
    ]
    with session_factory(url).begin() as s:
        ids = article_store.store_articles(s, items).new_ids
    a, b, c = ids
    events = {
        a: [
            event_for(
                text_a,
                EVIDENCE_2018,
                status="held",
                date="2018-09-26",
                date_precision="day",
                location="New York",
                level="foreign_ministers",
                participants=(
                    Participant(name="Taro Kono", title="Foreign Minister", country="JPN"),
                    Participant(name="Ri Yong Ho <script>x</script>", title="Foreign Minister", country="PRK"),
                ),
                novelty="first in three years",
            )
        ],
        b: [
            event_for(
                text_b,
                EVIDENCE_2014,
                status="held",
                date="2014-03-30",
                date_precision="day",
                location="Beijing",
                level="senior_officials",
            )
        ],
        c: [
            event_for(
                text_c,
                "Leaders will meet in February, officials said.",
                status="scheduled",
                date="2019-02",
                date_precision="month",
                location=HOSTILE_PLACE,
                level="leaders",
            ),
            event_for(
                text_c,
                RECALL_2018,
                status="held",
                date="2018-09",
                date_precision="month",
                location="New York",
                level="foreign_ministers",
                background=True,
            ),
        ],
    }
    found: dict[int, list[int]] = {}
    for article_id, evs in events.items():
        with session_factory(url).begin() as s:
            art = s.get(Article, article_id)
            assert art is not None
            res = apply_extraction(s, art, evs, version="test", settings=settings, now=NOW)
            found[article_id] = list(res.event_ids)
    assert found[c][1] == found[a][0], "the recollection joins the 2018 event"
    return History(url=url, settings=settings, fm_2018=found[a][0], talks_2014=found[b][0], plan_2019=found[c][0])
