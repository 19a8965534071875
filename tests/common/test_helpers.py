"""The shared helpers: batching and ISO dates, one of each."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest

from common.dates import iso_date
from common.iterables import batches, chunks


def test_chunks_are_lazy_and_complete() -> None:
    read: list[int] = []

    def stream() -> Iterator[int]:
        for i in range(7):
            read.append(i)
            yield i

    it = chunks(stream(), 3)
    assert next(it) == [0, 1, 2] and read == [0, 1, 2]  # nothing read ahead of the first chunk
    assert list(it) == [[3, 4, 5], [6]]
    assert batches(range(4), 2) == [[0, 1], [2, 3]] and batches([], 5) == []
    with pytest.raises(ValueError, match="at least 1"):
        batches([1], 0)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2018-09-27", dt.date(2018, 9, 27)),
        ("2018-09-27T08:00:00Z", dt.date(2018, 9, 27)),
        ("2018-09-27 08:00", dt.date(2018, 9, 27)),
        ("27/09/2018", None),
        ("", None),
        (None, None),
    ],
)
def test_iso_date(value: object, expected: dt.date | None) -> None:
    assert iso_date(value) == expected


def test_retry_after_is_read_once_for_feeds_and_webhooks() -> None:
    from datetime import UTC, datetime, timedelta

    from alerts.webhook import parse_retry_after as webhook_retry_after
    from common.retry_after import retry_after_seconds
    from feeds.backoff import MAX_RETRY_AFTER
    from feeds.backoff import parse_retry_after as feed_retry_after

    now = datetime(2026, 1, 1, tzinfo=UTC)
    assert retry_after_seconds("Thu, 01 Jan 2026 00:02:00 GMT", now) == 120.0
    assert retry_after_seconds("Wed, 31 Dec 2025 23:00:00 GMT", now) == 0.0  # in the past: no wait
    for junk in (None, "", "1.5", "-5", "\u00b2", "\u0661\u0662", "soon"):  # delay-seconds is ASCII digits only
        assert retry_after_seconds(junk, now) is None
        assert webhook_retry_after(junk, now) is None and feed_retry_after(junk, now) is None
    assert webhook_retry_after(" 30 ", now) == 30.0 and feed_retry_after(" 30 ", now) == now + timedelta(seconds=30)
    assert feed_retry_after("999999999999", now) == now + MAX_RETRY_AFTER  # the feed policy caps it
