"""Backoff policy and Retry-After parsing."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from feeds import FeedResult, next_attempt_after, parse_retry_after
from feeds.backoff import BASE_DELAY, MAX_DELAY, MAX_RETRY_AFTER

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)


def _result(outcome: str = "failed", retry_after: datetime | None = None) -> FeedResult:
    return FeedResult(
        name="f",
        outcome=outcome,  # type: ignore[arg-type]
        http_status=500,
        final_url=None,
        new_url=None,
        etag=None,
        last_modified=None,
        entries=(),
        error="HTTP 500",
        warning=None,
        retry_after=retry_after,
        elapsed_s=0.1,
    )


@pytest.mark.parametrize("outcome", ["ok", "not_modified", "gone"])
def test_success_and_gone_mean_next_scheduled_pass(outcome: str):
    assert next_attempt_after(_result(outcome), 0, NOW) is None


def test_backoff_grows_exponentially_with_jitter_bounds():
    rng = random.Random(7)
    for failures in range(1, 16):
        nominal = min(BASE_DELAY * 2 ** (failures - 1), MAX_DELAY)
        for _ in range(50):
            when = next_attempt_after(_result(), failures, NOW, rng=rng)
            assert when is not None
            delay = when - NOW
            assert nominal * 0.8 <= delay <= nominal, (failures, delay)
    # It keeps growing until the cap, then stays there: a broken feed is still tried daily.
    assert next_attempt_after(_result(), 100, NOW) <= NOW + MAX_DELAY  # type: ignore[operator]


def test_jitter_spreads_feeds_that_failed_together():
    delays = {next_attempt_after(_result(), 5, NOW) for _ in range(100)}
    assert len(delays) > 90


def test_retry_after_is_a_floor_and_capped():
    soon = NOW + timedelta(seconds=30)
    later = NOW + timedelta(hours=5)
    absurd = NOW + timedelta(days=365)
    assert next_attempt_after(_result(retry_after=later), 1, NOW) == later
    # A Retry-After sooner than the backoff does not shorten it.
    when = next_attempt_after(_result(retry_after=soon), 10, NOW)
    assert when is not None and when >= NOW + BASE_DELAY * 2**9 * 0.8
    assert next_attempt_after(_result(retry_after=absurd), 1, NOW) == NOW + MAX_RETRY_AFTER


def test_parse_retry_after_forms():
    assert parse_retry_after("120", NOW) == NOW + timedelta(seconds=120)
    assert parse_retry_after(" 0 ", NOW) == NOW
    assert parse_retry_after("Wed, 25 Nov 2026 08:00:00 GMT", NOW) == datetime(2026, 11, 25, 8, tzinfo=UTC)
    assert parse_retry_after("Wednesday, 25-Nov-26 08:00:00 GMT", NOW) == datetime(2026, 11, 25, 8, tzinfo=UTC)
    for junk in (None, "", "soon", "-5", "1.5", "Wed, 99 Foo 2026"):
        assert parse_retry_after(junk, NOW) is None
    assert parse_retry_after("99999999999", NOW) == NOW + MAX_RETRY_AFTER


@given(st.integers(min_value=-5, max_value=10_000), st.text(max_size=40))
def test_never_raises_and_never_past_cap(failures: int, header: str):
    parsed = parse_retry_after(header, NOW)
    when = next_attempt_after(_result(retry_after=parsed), failures, NOW)
    assert when is not None and NOW < when <= NOW + MAX_RETRY_AFTER
