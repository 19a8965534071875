"""ISO 8601 dates and timestamps: read as the CLI, the input readers and the benchmarks take them, written as
the JSON outputs show stored times."""

from __future__ import annotations

import datetime as dt


def iso_date(value: object) -> dt.date | None:
    """The date an ISO date or datetime string starts with ("2018-09-27", "2018-09-27T08:00:00Z");
    None when the value is absent or does not start with one."""
    if not value:
        return None
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def aware(value: dt.datetime) -> dt.datetime:
    """A stored timestamp as UTC-aware: SQLite gives naive datetimes back, and every stored time is UTC."""
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


def iso_utc(value: dt.datetime | None) -> str | None:
    """A stored timestamp as the contract writes it (`2026-01-01T00:00:00.123456Z`); None stays None."""
    if value is None:
        return None
    return aware(value).isoformat().replace("+00:00", "Z")
