"""When to try a failed delivery again.

The base schedule follows Svix's published one (docs.svix.com/retries): after the 1st failed attempt wait
~5 s, then 5 min, 30 min, 2 h, 5 h, 10 h, 10 h, ... With the default `max_attempts = 8` that makes the last
attempt about 27.5 h after the first, as with Svix.

Jitter: each delay is scaled by a random factor in [0.8, 1.2]. Full jitter (uniform in [0, base]) would
let the 2-hour retry fire after a few seconds, which defeats a schedule whose point is to outlast an outage;
a bounded proportional jitter still spreads a burst of alerts that failed together (e.g. the receiver was
down), and the ranges of consecutive steps never overlap, so the delay always grows up to the 10 h cap.

`Retry-After` (from a 429/503 answer, seconds or an HTTP-date) *sets* the next attempt: the receiver knows
when it will be back, so an overload that clears in a second is retried after a second, not after the
schedule's 5 minutes. It is clamped to [1 s, 24 h]: at least a second so a `Retry-After: 0` loop cannot
hammer a struggling receiver, at most a day so a hostile or buggy one cannot park a delivery for ever.
The schedule applies only when the receiver said nothing (or nothing readable).
"""

from __future__ import annotations

import math
import random

SCHEDULE_S: tuple[float, ...] = (5.0, 300.0, 1800.0, 7200.0, 18000.0, 36000.0)
JITTER = 0.2
MIN_RETRY_AFTER_S = 1.0
MAX_RETRY_AFTER_S = 24 * 3600.0

_rng = random.Random()


def base_delay(attempt: int) -> float:
    """The un-jittered delay after `attempt` failed attempts (1 = the first attempt failed)."""
    index = min(max(attempt, 1), len(SCHEDULE_S)) - 1
    return SCHEDULE_S[index]


def backoff_seconds(attempt: int, retry_after_s: float | None = None) -> float:
    """Seconds to wait before the next attempt, given how many attempts have been made so far.

    `attempt` counts attempts already made (1 after the first failure); values below 1 count as 1.
    `retry_after_s` is the receiver's `Retry-After` in seconds; when given (and not negative or NaN) it
    decides alone, clamped to [MIN_RETRY_AFTER_S, MAX_RETRY_AFTER_S].
    """
    if retry_after_s is not None and not math.isnan(retry_after_s) and retry_after_s >= 0:
        return min(max(retry_after_s, MIN_RETRY_AFTER_S), MAX_RETRY_AFTER_S)
    base = base_delay(attempt)
    return base * _rng.uniform(1.0 - JITTER, 1.0 + JITTER)
