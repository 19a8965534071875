"""`web_timeline_ms_100k`, and the synthetic stored events behind it (tests/web pages through them too): a
realistic spread over pairs, decades, levels and statuses, inserted in bulk (the view's costs depend on the
rows, not on how they came)."""

from __future__ import annotations

import datetime as dt
import random
import tempfile
import time
from pathlib import Path
from typing import Any

from sqlalchemy import insert

from extractors.events import LEVELS, STATUSES
from storage.db import dispose_all, session_factory
from storage.models import Event as EventRow
from storage.models import period_of

PAIRS = (("JPN", "PRK"), ("KOR", "PRK"), ("CHN", "PRK"), ("PRK", "USA"), ("PRK", "RUS"))
PLACES = ("Pyongyang", "Tokyo", "Beijing", "Seoul", "Ulaanbaatar", "Stockholm", "Hanoi", "Singapore", "Geneva")
NAMES = ("Kono", "Ri", "Kim", "Abe", "Choe", "Pak", "Wang", "Lavrov", "Moon", "Suga")


def synthetic_rows(n: int, *, seed: int = 17, start_year: int = 1990) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    now = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    span = (dt.date(2026, 1, 1) - dt.date(start_year, 1, 1)).days
    rows: list[dict[str, Any]] = []
    for i in range(n):
        a, b = PAIRS[0] if i % 2 == 0 else rng.choice(PAIRS)  # half of them the default watch's pair
        day = dt.date(start_year, 1, 1) + dt.timedelta(days=rng.randrange(span))
        precision = rng.choices(("day", "month", "year"), weights=(80, 15, 5))[0]
        if precision == "day":
            date, end = day.isoformat(), day
        elif precision == "month":
            date = day.isoformat()[:7]
            day = day.replace(day=1)
            end = (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
        else:
            date, day, end = str(day.year), dt.date(day.year, 1, 1), dt.date(day.year, 12, 31)
        status = rng.choices(STATUSES, weights=(70, 5, 10, 8, 4, 3))[0]
        seen = now - dt.timedelta(minutes=n - i)
        rows.append(
            {
                "kind": "contact",
                "country_a": a,
                "country_b": b,
                "status": status,
                "date": date,
                "date_precision": precision,
                "period": period_of(date),
                "date_start": day,
                "date_end": end,
                "location": rng.choice(PLACES),
                "venue": None,
                "level": rng.choice(LEVELS),
                "mode": "in_person",
                "participants": [{"name": rng.choice(NAMES), "title": None, "country": a}],
                "background": rng.random() < 0.1,
                "novelty": None,
                "confidence": round(rng.uniform(0.5, 1.0), 3),
                "codes": {},
                "evidence": [],
                "sources": rng.randint(1, 5),
                "status_history": [{"status": status, "at": seen.isoformat(), "article": f"synthetic-{i}"}],
                "extractor_version": "synthetic",
                "first_seen": seen,
                "last_seen": seen,
            }
        )
    return rows


def fill(url: str, n: int, *, seed: int = 17, batch: int = 5000) -> None:
    rows = synthetic_rows(n, seed=seed)
    with session_factory(url).begin() as session:
        for i in range(0, len(rows), batch):
            session.execute(insert(EventRow), rows[i : i + batch])


def run_timeline_benchmark(n: int = 100_000, runs: int = 5) -> dict[str, Any]:
    """`web_timeline_ms_100k`: server time of `/` (chart + first page of the list + counts) on `n` stored
    events in SQLite, best of `runs` after one warm-up; the test client's own overhead is not counted."""
    from starlette.testclient import TestClient

    from config.settings import Settings
    from web.app import create_app

    with tempfile.TemporaryDirectory(prefix="talkwatch-web-bench-") as tmp:
        url = f"sqlite:///{Path(tmp) / 'web.db'}"
        started = time.perf_counter()
        fill(url, n)
        fill_s = time.perf_counter() - started
        settings = Settings.model_validate({"database": {"url": url}})
        timings: list[float] = []
        app = create_app(settings)

        async def timed(scope: Any, receive: Any, send: Any) -> None:
            begin = time.perf_counter()
            await app(scope, receive, send)
            timings.append(time.perf_counter() - begin)

        with TestClient(timed) as client:
            for _ in range(runs + 1):
                response = client.get("/")
                response.raise_for_status()
            filtered = client.get("/", params={"pair": "JPN-PRK", "status": "held", "q": "tokyo", "page": "3"})
            filtered.raise_for_status()
        dispose_all()
    best = min(timings[1 : runs + 1])
    return {
        "web_timeline_ms_100k" if n == 100_000 else f"web_timeline_ms_{n}": round(best * 1000, 1),
        "web_timeline_filtered_ms": round(timings[-1] * 1000, 1),
        "web_bench_events": n,
        "web_bench_fill_s": round(fill_s, 1),
    }
