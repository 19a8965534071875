"""When to try a feed again: Retry-After parsing and the per-feed backoff policy.

Miniflux stops polling a feed after 3 errors until someone notices; FreshRSS keeps hammering at the normal
rate. Here a failing feed is retried ever less often, but never less than daily, so a feed that comes back
is picked up without anyone touching it.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

from common.retry_after import retry_after_seconds
from feeds.types import FeedResult

BASE_DELAY = timedelta(minutes=1)
MAX_DELAY = timedelta(hours=24)
MAX_RETRY_AFTER = timedelta(days=7)  # a server cannot park a feed for longer than this
JITTER_LOW = 0.8  # delays are drawn from [80 %, 100 %] of the nominal one: never above the cap


def parse_retry_after(value: str | None, now: datetime) -> datetime | None:
    """Retry-After as the time to try again, at most MAX_RETRY_AFTER away; None when absent or garbage."""
    seconds = retry_after_seconds(value, now)
    if seconds is None:
        return None
    return now + min(timedelta(seconds=seconds), MAX_RETRY_AFTER)


def backoff_delay(consecutive_failures: int, rng: random.Random | None = None) -> timedelta:
    """Exponential from BASE_DELAY, doubling per failure, capped at MAX_DELAY, with jitter so feeds that
    failed together (an outage) do not all come back in the same second."""
    n = max(1, consecutive_failures)
    nominal = BASE_DELAY * (1 << min(n - 1, 20))
    nominal = min(nominal, MAX_DELAY)
    factor: float = (rng or random).uniform(JITTER_LOW, 1.0)
    return nominal * factor


def next_attempt_after(
    result: FeedResult, consecutive_failures: int, now: datetime, *, rng: random.Random | None = None
) -> datetime | None:
    """None: fetch again at the next scheduled pass. Otherwise not before the returned time.

    `consecutive_failures` counts this result too when it failed. A Retry-After from a 429/503 is a floor
    (capped at MAX_RETRY_AFTER); it applies even when the count is low.
    """
    if result.outcome in ("ok", "not_modified", "gone"):
        return None  # gone feeds are disabled by the caller, not scheduled
    if now.tzinfo is None:
        now = now.replace(tzinfo=UTC)
    when = now + backoff_delay(consecutive_failures, rng)
    if result.retry_after is not None:
        floor = min(result.retry_after, now + MAX_RETRY_AFTER)
        when = max(when, floor)
    return when
