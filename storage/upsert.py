"""Insert-if-absent that works on SQLite and PostgreSQL: the database's unique constraints, not locks,
decide who wins when two workers insert the same row."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Table, text
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session


def insert_ignore(session: Session, table: Table, rows: Sequence[dict[str, Any]], conflict: Sequence[str]) -> int:
    """Insert rows, skipping those that collide on `conflict`; returns how many were inserted."""
    if not rows:
        return 0
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        stmt: Any = postgresql.insert(table).on_conflict_do_nothing(index_elements=list(conflict))
    elif dialect == "sqlite":
        stmt = sqlite.insert(table).on_conflict_do_nothing(index_elements=list(conflict))
    else:  # pragma: no cover - only the two supported databases are configured
        raise RuntimeError(f"unsupported database {dialect}")
    # RETURNING says whether a row went in; rowcount is -1 for inserts with psycopg 3. The rows are bound
    # parameters of one statement (compiled once and cached), not baked into a new statement per row.
    stmt = stmt.returning(table.c[conflict[0]])
    inserted = 0
    for row in rows:
        inserted += session.execute(stmt, dict(row)).first() is not None
    return inserted


def insert_ignore_returning(
    session: Session, table: Table, row: dict[str, Any], conflict: Sequence[str], column: str = "id"
) -> Any:
    """Insert one row unless it collides on `conflict`; returns its `column` (the new id), or None."""
    dialect = session.get_bind().dialect.name
    module: Any = postgresql if dialect == "postgresql" else sqlite
    stmt = module.insert(table).on_conflict_do_nothing(index_elements=list(conflict)).returning(table.c[column])
    return session.execute(stmt, dict(row)).scalar()


def insert_ignore_many_returning(
    session: Session, table: Table, rows: Sequence[dict[str, Any]], conflict: str | None, columns: Sequence[str]
) -> list[tuple[Any, ...]]:
    """Insert many rows in one statement (SQLAlchemy's "insertmanyvalues": multi-row VALUES pages), skipping
    those that collide on the unique column `conflict`, or with `conflict=None` on any unique key of the table
    (`ON CONFLICT DO NOTHING` without a target: a table with two unique keys, where a collision on the one not
    named would raise); returns `columns` of the rows that went in (the others were there already, or another
    worker inserted them meanwhile). Rows go in in the given order, so ids
    follow the input (the order articles are extracted and applied in, which event histories depend on);
    two workers reading the same source insert its keys in the same order and wait for each other without
    deadlocking."""
    if not rows:
        return []
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        return _unnest_insert(session, table, rows, conflict, columns)
    target = [conflict] if conflict is not None else None
    stmt = sqlite.insert(table).on_conflict_do_nothing(index_elements=target).returning(*(table.c[c] for c in columns))
    return [tuple(r) for r in session.execute(stmt, [dict(r) for r in rows])]


def _unnest_insert(
    session: Session, table: Table, rows: Sequence[dict[str, Any]], conflict: str | None, columns: Sequence[str]
) -> list[tuple[Any, ...]]:
    """PostgreSQL's form of the same statement: one array parameter per column, `unnest`ed `WITH ORDINALITY`
    and inserted in that order. Multi-row VALUES of 250 articles is ~4,000 placeholders, and psycopg spent
    more time parsing that query text than the server spent inserting (69 ms a batch)."""
    names = list(rows[0])
    dialect = postgresql.dialect()  # type: ignore[no-untyped-call]
    arrays = ", ".join(f"CAST(:c{i} AS {table.c[n].type.compile(dialect=dialect)}[])" for i, n in enumerate(names))
    quoted = ", ".join(dialect.identifier_preparer.quote(n) for n in names)
    returned = ", ".join(dialect.identifier_preparer.quote(c) for c in columns)
    ordinal = "talkwatch_row_ordinal"
    target = f" ({dialect.identifier_preparer.quote(conflict)})" if conflict is not None else ""
    # Identifiers from our own table metadata, quoted; every value is a bound parameter.
    sql = (
        f"INSERT INTO {dialect.identifier_preparer.format_table(table)} ({quoted}) "  # noqa: S608
        f"SELECT {quoted} FROM unnest({arrays}) WITH ORDINALITY AS t({quoted}, {ordinal}) ORDER BY {ordinal} "
        f"ON CONFLICT{target} DO NOTHING RETURNING {returned}"
    )
    params = {f"c{i}": [r[n] for r in rows] for i, n in enumerate(names)}
    return [tuple(r) for r in session.execute(text(sql), params)]
