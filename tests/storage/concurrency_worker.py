"""A worker process for the concurrency tests: stores and applies its share of a batch, in step with the
other worker (a barrier per round), as `flows.pipeline` does: one short transaction per step per article."""

from __future__ import annotations

import datetime as dt
import os
import random
import traceback
from typing import Any

from extractors.events import Event
from tests.support.storage import make_event, settings_for

ROUNDS = 4
CONTACTS = 3  # distinct new contacts per round
OUTLETS = 5  # outlets reporting each contact; worker 0 takes outlets 0..3, worker 1 outlets 1..4
WATCH = {
    "watch": [{"name": "all", "countries": ["JPN", "PRK"], "statuses": ["held", "ongoing"], "max_age_days": 36500}]
}


def article_plan(round_no: int, worker: int) -> list[tuple[str, str, dt.date, list[Event]]]:
    """(url, text, published, events) of one worker's share of a round, in the worker's own order."""
    plan = []
    for contact in range(CONTACTS):
        day = dt.date(2018, 1 + round_no, 10 + 5 * contact)
        for outlet in range(worker, worker + OUTLETS - 1):
            variant = outlet % 3  # day, month and undated reports of the same contact
            event = make_event(
                date=day.isoformat() if variant == 0 else day.isoformat()[:7] if variant == 1 else None,
                precision="day" if variant == 0 else "month" if variant == 1 else None,
                location=f"City{round_no}{contact}",  # what tells the undated reports apart
            )
            text = f"Report {round_no}-{contact} by outlet {outlet}. " + " ".join(
                f"w{(round_no * 131 + contact * 17 + outlet * 7 + i * i) % 997}" for i in range(60)
            )
            url = f"https://outlet{outlet}.example/{round_no}/{contact}?utm_source=w{worker}"
            plan.append((url, text, day + dt.timedelta(days=1), [event]))
    random.Random(worker * 1000 + round_no).shuffle(plan)
    return plan


def run(url: str, worker: int, barrier: Any, errors: Any) -> None:
    try:
        from storage import articles as article_store
        from storage import history
        from storage.db import session_factory
        from storage.models import Article

        if os.environ.get("TALKWATCH_TEST_NO_CONTACT_LOCKS") == "1":  # to see the race the locks close
            history.serialize_contacts = lambda *_a, **_k: None  # type: ignore[assignment]

        settings = settings_for(url, **WATCH)
        make_session = session_factory(url)
        now = dt.datetime(2018, 12, 1, tzinfo=dt.UTC)
        for round_no in range(ROUNDS):
            plan = article_plan(round_no, worker)
            barrier.wait(timeout=60)
            for link, text, published, events in plan:
                item = article_store.NewArticle(text=text, title="t", url=link, published=published)
                with make_session.begin() as session:
                    article_store.store_articles(session, [item])
                key = article_store.key_for(item)
                with make_session.begin() as session:
                    article = session.query(Article).filter(Article.article_key == key).one()
                    if article.extracted_version == "v1":
                        continue  # the other worker got there first (as flows.pipeline checks)
                    history.apply_extraction(session, article, events, version="v1", settings=settings, now=now)
    except BaseException:
        errors.put(f"worker {worker}: {traceback.format_exc()}")
        raise
