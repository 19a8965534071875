"""`make bench`: the cost of storing, deduplicating and applying one article as the stored history grows.

For each size N a database is filled in bulk (core `executemany`, not the ORM) with N stored articles of
~150 words of word soup from a fixed vocabulary, their MinHash bands, N/5 events spread over 20 country pairs
and 30 years, and the links between them. Then `probe` new articles go through the real path, one short
transaction each for storing (identity, exact and near-duplicate lookup, bands) and for applying their events
(candidate query, matching, refinement, sources, outbox): a third are wire copies of stored articles at other
outlets reporting the stored article's event, a third are new texts reporting stored events (some with a
coarser date), a third report new contacts.

The sizes are measured in interleaved batches (a batch at 1k, a batch at 100k, ...), and each size's figure is
the median of its batch means, so a load spike on a shared machine does not land on one size only. With
`url` (e.g. a PostgreSQL schema) that one database is grown from size to size and measured in turn.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import hashlib
import random
import shutil
import statistics
import tempfile
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path
from typing import Any

import numpy as np
from sqlalchemy import Engine, func, insert, select, text
from sqlalchemy.orm import Session, sessionmaker

from config.settings import Settings
from extractors.events import Event, Evidence, Participant
from storage import near_duplicates as nd
from storage.articles import NewArticle, store_articles
from storage.db import dispose_all, get_engine
from storage.history import apply_extraction
from storage.models import Article, EventArticle, TextBand, utcnow
from storage.models import Event as EventRow

WORDS_PER_TEXT = 150
VOCABULARY = 6000
EVENTS_PER_ARTICLE = 0.2
YEARS = (1995, 2024)
OUTLETS = 60
CHUNK = 5000
BATCH = 25  # probes per timed batch
SEED = 20261123
_COUNTRIES = ("CHN", "JPN", "KOR", "PRK", "RUS", "USA", "MNG")
PAIRS: tuple[tuple[str, str], ...] = tuple(sorted(combinations(sorted(_COUNTRIES), 2)))[:20]
CITIES = (
    "Beijing", "Tokyo", "Seoul", "Pyongyang", "Moscow", "Washington", "Ulaanbaatar", "Singapore", "Hanoi",
    "Geneva", "Stockholm", "New York", "Vladivostok", "Panmunjom", "Bangkok", "Jakarta", "Hong Kong", "Shenyang",
)  # fmt: skip
LEVELS = ("leaders", "foreign_ministers", "senior_officials", "working_level", "red_cross", "parliamentary")
SURNAMES = ("Kim", "Abe", "Kono", "Ri", "Wang", "Lavrov", "Moon", "Blinken", "Choe", "Kishida", "Han", "Pak")


def _vocabulary(rng: random.Random) -> list[str]:
    syllables = [c + v for c in "bdfghjklmnprstvwz" for v in "aeiou"]
    words: set[str] = set()
    while len(words) < VOCABULARY:
        words.add("".join(rng.choice(syllables) for _ in range(rng.randint(2, 4))))
    return sorted(words)


@dataclass
class World:
    """Deterministic generator of the stored history and the probes."""

    rng: random.Random
    np_rng: np.random.Generator
    vocab: list[str]
    vocab_hashes: Any

    @classmethod
    def make(cls) -> World:
        rng = random.Random(SEED)
        vocab = _vocabulary(rng)
        return cls(rng, np.random.default_rng(SEED), vocab, nd.word_hashes(vocab))

    def text_of(self, row: Sequence[int]) -> str:
        return " ".join(map(self.vocab.__getitem__, row))

    def day(self) -> dt.date:
        start = dt.date(YEARS[0], 1, 1)
        return start + dt.timedelta(days=self.rng.randrange((dt.date(YEARS[1], 12, 31) - start).days))

    def event_row(self, event_id: int, now: dt.datetime) -> dict[str, Any]:
        a, b = self.rng.choice(PAIRS)
        day = self.day()
        kind = self.rng.random()
        if kind < 0.8:
            date, precision, first, last = day.isoformat(), "day", day, day
        elif kind < 0.95:
            first = day.replace(day=1)
            last = (first + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
            date, precision = first.isoformat()[:7], "month"
        else:
            first, last = dt.date(day.year, 1, 1), dt.date(day.year, 12, 31)
            date, precision = str(day.year), "year"
        status = self.rng.choice(("held", "held", "held", "scheduled", "proposed"))
        return {
            "id": event_id,
            "kind": "contact",
            "country_a": a,
            "country_b": b,
            "status": status,
            "date": date,
            "date_precision": precision,
            "date_start": first,
            "date_end": last,
            "location": self.rng.choice(CITIES),
            "venue": None,
            "level": self.rng.choice(LEVELS),
            "mode": "in_person",
            "participants": [{"name": n, "title": None, "country": None} for n in self.rng.sample(SURNAMES, 2)],
            "background": False,
            "novelty": None,
            "confidence": 0.9,
            "codes": {"cameo": "040", "plover": "CONSULT"},
            "evidence": [],
            "sources": 1,
            "status_history": [{"status": status, "at": now.isoformat(), "article": "bench"}],
            "extractor_version": "bench",
            "first_seen": now,
            "last_seen": now,
        }


_BAND_INSERT = {
    True: "INSERT INTO text_bands (band, article_id) VALUES (?, ?)",
    False: "INSERT INTO text_bands (band, article_id) VALUES (%s, %s)",
}


def _max_id(conn: Any, table: str) -> int:
    return int(conn.execute(text(f"SELECT COALESCE(MAX(id), 0) FROM {table}")).scalar_one())  # noqa: S608


def _fix_sequences(conn: Any) -> None:
    if conn.dialect.name == "postgresql":
        for table in ("articles", "events"):
            conn.execute(
                text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT MAX(id) FROM {table}))")  # noqa: S608
            )


def grow(engine: Engine, world: World, target: int) -> int:
    """Bulk-add stored articles (with bands, events, links) until there are `target`; returns how many.
    The band table's indexes are dropped during the load and rebuilt after it (a sort, not 1.6M random
    B-tree inserts)."""
    with engine.begin() as conn:
        have = int(conn.execute(select(func.count()).select_from(Article)).scalar_one())
    if have >= target:
        return have
    band_indexes = list(TextBand.__table__.indexes)  # type: ignore[attr-defined]
    with engine.begin() as conn:
        for index in band_indexes:
            index.drop(conn)
    try:
        added = _load(engine, world, have, target)
    finally:
        with engine.begin() as conn:
            for index in band_indexes:
                index.create(conn)
    if engine.dialect.name == "postgresql":
        with engine.connect() as conn:
            conn.execution_options(isolation_level="AUTOCOMMIT").execute(text("ANALYZE"))
    else:
        with engine.begin() as conn:
            conn.execute(text("ANALYZE"))
    return have + added


@contextlib.contextmanager
def _bulk_connection(engine: Engine) -> Iterator[Any]:
    """A connection for the bulk load: on SQLite without per-row foreign-key checks (the generated rows are
    consistent by construction), restored before the connection goes back to the pool."""
    with engine.connect() as conn:
        sqlite = engine.dialect.name == "sqlite"
        if sqlite:
            conn.exec_driver_sql("PRAGMA foreign_keys=OFF")
            conn.commit()
        try:
            yield conn
        finally:
            if sqlite:
                conn.rollback()
                conn.exec_driver_sql("PRAGMA foreign_keys=ON")
                conn.commit()


def _load(engine: Engine, world: World, have: int, target: int) -> int:
    added = 0
    now = utcnow()
    while have + added < target:
        count = min(CHUNK, target - have - added)
        with _bulk_connection(engine) as conn, conn.begin():
            next_article = _max_id(conn, "articles") + 1
            next_event = _max_id(conn, "events") + 1
            n_events = max(1, round(count * EVENTS_PER_ARTICLE))
            events = [world.event_row(next_event + i, now) for i in range(n_events)]
            conn.execute(insert(EventRow), events)
            words = world.np_rng.integers(0, VOCABULARY, size=(count, WORDS_PER_TEXT))
            signatures = nd.signatures(nd.shingle_hashes(world.vocab_hashes[words]))
            # All band keys of the chunk at once: the hex of each article's BANDS band hashes, 16 digits each.
            band_hex = nd.band_hashes(signatures).astype(">u8").tobytes().hex()
            span = nd.BANDS * 16
            articles: list[dict[str, Any]] = []
            bands: list[tuple[str, int]] = []
            links: list[dict[str, Any]] = []
            for i in range(count):
                article_id = next_article + i
                body = world.text_of(words[i].tolist())
                event = events[i % n_events]
                outlet = f"outlet{world.rng.randrange(OUTLETS):02d}.example"
                url = f"https://www.{outlet}/news/{article_id}"
                articles.append(
                    {
                        "id": article_id,
                        "article_key": f"url:{outlet}/news/{article_id}",
                        "url": url,
                        "canonical_url": url,
                        "title": f"Report {article_id}",
                        "text": body,
                        "published": event["date_end"] + dt.timedelta(days=world.rng.randrange(3)),
                        "outlet": outlet,
                        "content_hash": hashlib.sha256(body.encode()).hexdigest(),
                        "text_cluster_id": article_id,
                        "fetched_at": now,
                        "extracted_version": "bench",
                        "extracted_at": now,
                        "alerts_allowed": False,
                    }
                )
                bands.extend(
                    (f"{b:02d}{band_hex[i * span + b * 16 : i * span + (b + 1) * 16]}", article_id)
                    for b in range(nd.BANDS)
                )
                links.append(
                    {
                        "event_id": event["id"],
                        "article_id": article_id,
                        "outlet": outlet,
                        "background": False,
                        "status": event["status"],
                        "evidence": [],
                        "created_at": now,
                    }
                )
            conn.execute(insert(Article), articles)
            # 16 rows per article: straight to the driver, past SQLAlchemy's per-row parameter processing.
            conn.exec_driver_sql(_BAND_INSERT[conn.dialect.paramstyle == "qmark"], bands)
            conn.execute(insert(EventArticle), links)
            _fix_sequences(conn)
        added += count
    return added


@dataclass(frozen=True)
class _Probe:
    item: NewArticle
    events: tuple[Event, ...]


def _event_like(row: EventRow, *, coarser: bool) -> Event:
    date, precision = row.date, row.date_precision
    if coarser and date and precision == "day":
        date, precision = date[:7], "month"
    return Event(
        status=row.status,
        countries=(row.country_a, row.country_b),
        date=date,
        date_precision=precision,
        location=row.location,
        level=row.level,
        mode="in_person",
        participants=tuple(Participant(name=p.get("name")) for p in row.participants),
        confidence=0.8,
        evidence=(Evidence(article="probe", start=0, end=4, text="talk"),),
    )


def make_probes(make_session: sessionmaker[Session], world: World, count: int, tag: str) -> list[_Probe]:
    """Untimed: a third wire copies, a third new texts about stored events, a third new contacts."""
    probes: list[_Probe] = []
    with make_session() as session:
        max_article = session.scalar(select(func.max(Article.id))) or 0
        max_event = session.scalar(select(func.max(EventRow.id))) or 0
        for i in range(count):
            kind = i % 3
            outlet = f"probe{world.rng.randrange(OUTLETS):02d}.example"
            url = f"https://{outlet}/{tag}/{i}?utm_source=rss"
            body = world.text_of(world.np_rng.integers(0, VOCABULARY, size=WORDS_PER_TEXT).tolist())
            if kind == 0:  # a wire copy of a stored article, a few words changed, reporting its event
                original = session.get(Article, world.rng.randrange(1, max_article + 1))
                event_id = session.scalar(
                    select(EventArticle.event_id).where(EventArticle.article_id == (original.id if original else 0))
                )
                row = session.get(EventRow, event_id) if event_id else None
                if original is None or row is None:
                    continue
                tokens = original.text.split()
                for _ in range(4):
                    tokens[world.rng.randrange(len(tokens))] = world.rng.choice(world.vocab)
                probes.append(
                    _Probe(
                        NewArticle(text=" ".join(tokens), title="Wire", url=url, published=original.published),
                        (_event_like(row, coarser=False),),
                    )
                )
            elif kind == 1:  # a new text about a stored event
                row = session.get(EventRow, world.rng.randrange(1, max_event + 1))
                if row is None or row.date_end is None:
                    continue
                probes.append(
                    _Probe(
                        NewArticle(text=body, title="Follow-up", url=url, published=row.date_end),
                        (_event_like(row, coarser=world.rng.random() < 0.3),),
                    )
                )
            else:  # a new contact
                draft = EventRow(**{k: v for k, v in world.event_row(0, utcnow()).items() if k != "id"})
                probes.append(
                    _Probe(
                        NewArticle(text=body, title="News", url=url, published=draft.date_end),
                        (_event_like(draft, coarser=False),),
                    )
                )
    return probes


def run_probes(make_session: sessionmaker[Session], settings: Settings, probes: Sequence[_Probe]) -> float:
    """Seconds to store, deduplicate and apply the probes, one short transaction per step per article."""
    gc.collect()
    started = time.perf_counter()
    for probe in probes:
        with make_session.begin() as session:
            stored = store_articles(session, [probe.item])
        for article_id in stored.new_ids:
            with make_session.begin() as session:
                article = session.get(Article, article_id)
                if article is not None:
                    apply_extraction(session, article, probe.events, version="bench", settings=settings)
    return time.perf_counter() - started


def _label(n: int) -> str:
    return f"{n // 1000}k" if n % 1000 == 0 and n >= 1000 else str(n)


@contextlib.contextmanager
def _databases(url: str | None, sizes: Sequence[int]) -> Iterator[dict[int, str]]:
    if url is not None:
        yield dict.fromkeys(sizes, url)
        return
    tmp = Path(tempfile.mkdtemp(prefix="talkwatch-dedup-"))
    try:
        yield {n: f"sqlite:///{tmp / f'dedup_{n}.db'}" for n in sizes}
    finally:
        dispose_all()
        shutil.rmtree(tmp, ignore_errors=True)


def run_dedup_benchmark(
    url: str | None = None, sizes: Sequence[int] = (1_000, 100_000), probe: int = 300
) -> dict[str, Any]:
    """Per-article cost of store + dedup + apply at each stored-history size (see the module docstring)."""
    sizes = sorted(sizes)
    world = World.make()
    figures: dict[str, Any] = {}
    batches: dict[int, list[float]] = {n: [] for n in sizes}
    stored: list[int] = []
    with _databases(url, sizes) as urls:
        settings = {n: Settings.model_validate({"database": {"url": urls[n]}}) for n in sizes}
        makers = {n: sessionmaker(get_engine(urls[n]), expire_on_commit=False) for n in sizes}
        probes: dict[int, list[_Probe]] = {}
        for n in sizes:
            started = time.perf_counter()
            stored.append(grow(get_engine(urls[n]), world, n))
            figures[f"dedup_build_s_{_label(n)}"] = round(time.perf_counter() - started, 2)
            probes[n] = make_probes(makers[n], world, probe + BATCH, f"probe{n}")
            if url is not None:  # one database grown in turn: measure it now, before it grows
                run_probes(makers[n], settings[n], probes[n][:BATCH])  # warm-up
                for i in range(BATCH, len(probes[n]), BATCH):
                    chunk = probes[n][i : i + BATCH]
                    batches[n].append(run_probes(makers[n], settings[n], chunk) / len(chunk))
        if url is None:
            for n in sizes:
                run_probes(makers[n], settings[n], probes[n][:BATCH])  # warm-up
            for i in range(BATCH, probe + BATCH, BATCH):
                for n in sizes:
                    chunk = probes[n][i : i + BATCH]
                    if chunk:
                        batches[n].append(run_probes(makers[n], settings[n], chunk) / len(chunk))
        if url is None:
            dispose_all()
    per_ms = {n: statistics.median(b) * 1000 for n, b in batches.items() if b}
    for n, ms in per_ms.items():
        figures[f"dedup_per_article_ms_{_label(n)}"] = round(ms, 3)
    if len(per_ms) >= 2:
        small, large = sizes[0], sizes[-1]
        figures[f"dedup_cost_ratio_{_label(large)}_vs_{_label(small)}"] = round(per_ms[large] / per_ms[small], 3)
    figures["dedup_probe_articles"] = probe
    figures["stored_articles"] = stored
    return figures
