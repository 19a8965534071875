"""Query parameters of the list, `/api/events` and the Atom feed: parsed and checked (a bad one is a 400
naming it, never a 500)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from urllib.parse import urlencode

from extractors.events import LEVELS, STATUSES
from storage.event_queries import EventFilter

_PAIR = re.compile(r"^([A-Z]{3})[-\u2013_ ]([A-Z]{3})$")  # JPN-PRK; an en dash as the pages write pairs
FILTER_KEYS = ("pair", "status", "level", "date_from", "date_to", "q", "background")
MAX_Q_CHARS = 200


class BadParameterError(ValueError):
    """A query parameter that cannot be understood: the response is 400 with this message."""


def _date(value: str, name: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise BadParameterError(f"{name}: not an ISO date (YYYY-MM-DD): {value[:40]!r}") from None


def parse_pair(value: str) -> tuple[str, str]:
    match = _PAIR.match(value.strip().upper())
    if not match:
        raise BadParameterError(f"pair: expected two ISO alpha-3 codes like JPN-PRK, got {value[:40]!r}")
    a, b = sorted((match.group(1), match.group(2)))
    return a, b


def parse_filter(params: Mapping[str, str]) -> EventFilter:
    pair = params.get("pair") or None
    status = params.get("status") or None
    level = params.get("level") or None
    if status is not None and status not in STATUSES:
        raise BadParameterError(f"status: one of {', '.join(STATUSES)}")
    if level is not None and level not in LEVELS:
        raise BadParameterError(f"level: one of {', '.join(LEVELS)}")
    q = (params.get("q") or "").strip() or None
    if q is not None and len(q) > MAX_Q_CHARS:
        raise BadParameterError(f"q: at most {MAX_Q_CHARS} characters")
    return EventFilter(
        pair=parse_pair(pair) if pair else None,
        status=status,
        level=level,
        date_from=_date(params["date_from"], "date_from") if params.get("date_from") else None,
        date_to=_date(params["date_to"], "date_to") if params.get("date_to") else None,
        q=q,
        include_background=params.get("background", "") in ("1", "true", "on", "yes"),
    )


def parse_int(params: Mapping[str, str], name: str, default: int, *, low: int = 1, high: int = 10**9) -> int:
    raw = params.get(name)
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise BadParameterError(f"{name}: not a whole number: {raw[:20]!r}") from None
    if not low <= value <= high:
        raise BadParameterError(f"{name}: must be between {low} and {high}")
    return value


def filter_query(f: EventFilter) -> dict[str, str]:
    """The filter as query parameters (for pagination and chart links), empty values left out."""
    out = {
        "pair": "-".join(f.pair) if f.pair else "",
        "status": f.status or "",
        "level": f.level or "",
        "date_from": f.date_from.isoformat() if f.date_from else "",
        "date_to": f.date_to.isoformat() if f.date_to else "",
        "q": f.q or "",
        "background": "1" if f.include_background else "",
    }
    return {k: v for k, v in out.items() if v}


def with_query(path: str, params: Mapping[str, str]) -> str:
    query = urlencode({k: v for k, v in params.items() if v})
    return f"{path}?{query}" if query else path
