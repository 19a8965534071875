"""When to try a failed delivery again.

The base schedule follows Svix's published one (docs.svix.com/retries): after the 1st failed attempt wait
~5 s, then 5 min, 30 min, 2 h, 5 h, 10 h, 10 h, ... With the default `max_attempts = 8` that makes the last
attempt about 27.5 h after the first, as with Svix.

Jitter: each delay is scaled by a random factor in [0.8, 1.2]. Full jitter (uniform in [0, base]) would
let the 2-hour retry fire after a few seconds, which defeats a schedule whose point is to outlast an outage;
a bounded proportional jitter still spreads a burst of alerts that failed together (e.g. the receiver was
down), and the ranges of consecutive steps never overlap, so the delay always grows up to the 10 h cap.

`Retry-After` (seconds, from a 429/503 answer) is a floor, itself capped at 24 h so a hostile or buggy
receiver cannot park a delivery for ever.
"""

from __future__ import annotations

import math
import random

SCHEDULE_S: tuple[float, ...] = (5.0, 300.0, 1800.0, 7200.0, 18000.0, 36000.0)
JITTER = 0.2
MAX_RETRY_AFTER_S = 24 * 3600.0

_rng = random.Random()


def base_delay(attempt: int) -> float:
    """The un-jittered delay after `attempt` failed attempts (1 = the first attempt failed)."""
    index = min(max(attempt, 1), len(SCHEDULE_S)) - 1
    return SCHEDULE_S[index]


def backoff_seconds(attempt: int, retry_after_s: float | None = None) -> float:
    """Seconds to wait before the next attempt, given how many attempts have been made so far.

    `attempt` counts attempts already made (1 after the first failure); values below 1 count as 1.
    """
    base = base_delay(attempt)
    delay = base * _rng.uniform(1.0 - JITTER, 1.0 + JITTER)
    if retry_after_s is not None and not math.isnan(retry_after_s) and retry_after_s > 0:
        delay = max(delay, min(retry_after_s, MAX_RETRY_AFTER_S))
    return delay
