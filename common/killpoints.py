"""Test hook: crash the process with SIGKILL at a named point, to prove a rerun loses and duplicates nothing.

Set `TALKWATCH_KILL_AT` to one point name (or several, comma-separated) and the process kills itself with
SIGKILL, no cleanup and no `finally`, when it reaches that point. Unset (always, in production) it costs one
environment lookup. Points (tests/reliability/test_crash_safety.py drives each):

- `fetched`: `run`, feeds fetched, nothing of them stored yet (flows/pipeline.py `store_results`)
- `feed_checked`: `run`, a feed's new entries told apart from the stored ones; nothing of it committed
- `feed_ready`: `run`, a feed's entries (with full text when `fulltext = true`) in hand, its one commit
  (entries + ETag/Last-Modified/next attempt) not made
- `stored`: `run`, articles stored, none extracted yet (flows/pipeline.py `fetch_and_store`)
- `extracted_one`: `run`/`backfill`, the first article's events and alert rows committed, the rest not
  (flows/pipeline.py `extract_and_apply`, for both)
- `after_send`: a delivery went out, its attempt is not recorded (alerts/dispatch.py `dispatch_due`);
  `TALKWATCH_TEST_KILL_AFTER_SEND=1` is the older name of this point, still honoured
- `backfill_batch`: `backfill`, one store batch committed, the next not read (flows/backfill.py)
"""

from __future__ import annotations

import os
import signal

from common.environment import environment

POINTS = frozenset({"fetched", "feed_checked", "feed_ready", "stored", "extracted_one", "after_send", "backfill_batch"})


def armed(name: str) -> bool:
    """Whether `TALKWATCH_KILL_AT` (or an alias variable) names this point."""
    env = environment()
    wanted = {p.strip() for p in env.kill_at.split(",") if p.strip()}
    if env.test_kill_after_send:
        wanted.add("after_send")
    return name in wanted


def kill_point(name: str) -> None:
    """SIGKILL this process here when the test hook names `name`; otherwise do nothing."""
    if name not in POINTS:
        raise ValueError(f"unknown kill point {name!r}")
    if armed(name):
        os.kill(os.getpid(), signal.SIGKILL)
