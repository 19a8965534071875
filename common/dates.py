"""ISO 8601 dates as the CLI, the input readers and the benchmarks take them."""

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
