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
