"""`Retry-After` (RFC 9110 §10.2.3), read once for the feed fetcher and the webhook sender."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

# delay-seconds is 1*DIGIT (ASCII: "²".isdigit() is True); twelve digits are already 31,000 years.
_SECONDS = re.compile(r"^\d{1,12}$", re.ASCII)


def retry_after_seconds(value: str | None, now: datetime) -> float | None:
    """Seconds from `now` the server asks to wait (delay-seconds or an HTTP-date; a past date is 0);
    None when the header is absent or unreadable. Callers cap it by their own policy."""
    if value is None:
        return None
    text = value.strip()
    if not text:
        return None
    if _SECONDS.match(text):
        return float(text)
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if when is None:  # older Pythons return None for some unparseable dates
        return None
    if when.tzinfo is None:  # "-0000" or no zone: HTTP dates are GMT
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - now).total_seconds())
