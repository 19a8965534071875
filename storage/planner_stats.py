"""Planner statistics for PostgreSQL: `ANALYZE` the tables a backfill grew.

A fresh database has no statistics until autovacuum gets to it (and autovacuum may be off, or lag behind a
bulk load). Without them PostgreSQL guesses row counts, and a backfill that grew `articles` from nothing to
15,000 rows was measured falling from ~150 to ~35 articles/s when the planner picked the wrong index for the
content-hash lookup. The lookups themselves are written so that only one index can serve them (equality on an
indexed column, no ORDER BY that another index could satisfy); ANALYZE keeps the row estimates of the
extraction and history queries right as well. SQLite's planner uses the same indexes without statistics, so
this is a no-op there.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Engine, text

# What a backfill grows: the store phase (articles, their bands) and the extraction phase (events, links).
STORE_TABLES = ("articles", "text_bands")
ALL_TABLES = (*STORE_TABLES, "events", "event_articles", "alerts", "checkpoints")
# ANALYZE again once the rows added since the last one reach this many, or the table's size at the last one
# (whichever is larger): a handful of ANALYZEs per backfill, each ~0.1 s on a 20,000-row table.
MIN_GROWTH = 2_000


def analyze(engine: Engine, tables: Sequence[str] = ALL_TABLES) -> bool:
    """ANALYZE these tables on PostgreSQL (each in its own short transaction); False on SQLite."""
    if engine.dialect.name != "postgresql":
        return False
    with engine.connect() as conn:
        for table in tables:
            conn.execute(text(f"ANALYZE {table}"))  # names from the constants above, never user input
            conn.commit()
    return True


def estimated_rows(engine: Engine, table: str) -> int:
    """PostgreSQL's own estimate of a table's rows (0 when never analyzed or on SQLite)."""
    if engine.dialect.name != "postgresql":
        return 0
    with engine.connect() as conn:
        value = conn.execute(text("SELECT reltuples FROM pg_class WHERE oid = to_regclass(:t)"), {"t": table}).scalar()
    return max(0, int(value or 0))


class GrowthAnalyzer:
    """Calls ANALYZE on the store tables whenever the articles stored since the last one reach the table's
    size then (at least MIN_GROWTH): statistics stay within a factor of two of the truth during a bulk load."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.enabled = engine.dialect.name == "postgresql"
        self.base = estimated_rows(engine, "articles") if self.enabled else 0
        self.added = 0
        self.runs = 0

    def grew(self, new_articles: int) -> bool:
        """Count newly stored articles; ANALYZE when they are enough. True when it ran."""
        if not self.enabled:
            return False
        self.added += new_articles
        if self.added < max(MIN_GROWTH, self.base):
            return False
        analyze(self.engine, STORE_TABLES)
        self.base += self.added
        self.added = 0
        self.runs += 1
        return True
