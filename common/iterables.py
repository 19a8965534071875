"""Batching: one helper for every place that works through items a slice at a time."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import islice
from typing import TypeVar

T = TypeVar("T")


def chunks(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """Consecutive lists of `size` items (the last one shorter), lazily: a stream is never read ahead."""
    if size < 1:
        raise ValueError(f"chunk size must be at least 1, not {size}")
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk


def batches(items: Iterable[T], size: int) -> list[list[T]]:
    """All of `chunks` at once, for callers that count or index the batches."""
    return list(chunks(items, size))
