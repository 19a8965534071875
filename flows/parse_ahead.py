"""Parse ahead: a large backfill's extraction runs in a second process while the backfill stores the next batches.

A backfill stores every batch first and extracts afterwards (in id order, which keeps history deterministic).
Extraction is pure (text in, events out) and spaCy is most of its cost, so on a machine with a second core the
articles each stored batch leaves pending — those passing the gate, a few per cent of a news archive — are
sent to one worker process as soon as they are stored. When the extraction phase reaches them their events are
ready, and the articles are applied to the history as before, one short transaction each, in id order.

Nothing is written by the worker: a result is used only when the stored article still reads exactly as it did
when it was sent (the extractor's input compares equal), and anything the worker could not do — it crashed,
it was not started, a rule raised — is extracted in the backfill's own process as without it. A killed or
interrupted backfill loses nothing: the results were never stored, the rerun extracts what is still pending.

The worker is started only once a backfill has stored `TALKWATCH_BACKFILL_PARSE_AHEAD_AFTER` records (default
500: two batches), so small backfills — and the tests that run many — never pay for a second process and a
second copy of the model (~3 s and ~400 MB). It is spawned (not forked: the Prefect engine runs threads), loads
the model once, ignores Ctrl-C (the backfill stops it) and dies with the backfill (parent-death signal).
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import os
import signal
from collections.abc import Collection, Iterable, Sequence
from concurrent.futures import CancelledError, Future, ProcessPoolExecutor
from dataclasses import dataclass, field

from common.environment import environment
from extractors import extract_many, passes_gate, rule_errors
from extractors.events import Article, Event

_log = logging.getLogger(__name__)

Pair = tuple[str, str]


def enabled() -> bool:
    """Worth a second process: there is a second core to run it on."""
    return (os.cpu_count() or 1) >= 2


def start_after() -> int:
    """Records a backfill stores before the worker starts (`TALKWATCH_BACKFILL_PARSE_AHEAD_AFTER`)."""
    return max(0, environment().backfill_parse_ahead_after)


def _worker_init(strict: bool) -> None:
    from flows.parent_death import die_with_parent

    die_with_parent()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C stops the backfill, which stops this process
    rule_errors.STRICT = strict  # tests: a rule that raises must fail the test, here as in-process
    from extractors.model import nlp

    nlp()  # load the model while the backfill is still storing


@dataclass
class _Sent:
    article: Article
    future: Future[list[list[Event]]]
    index: int


@dataclass
class ParseAhead:
    """One worker process for a backfill run; `send` stored articles, `take` their events by article id."""

    pairs: Collection[Pair] | None
    start_after: int = field(default_factory=start_after)
    _pool: ProcessPoolExecutor | None = None
    _backlog: list[tuple[int, Article]] = field(default_factory=list)
    _sent: dict[int, _Sent] = field(default_factory=dict)
    used_results: int = 0

    def send(self, articles: Iterable[tuple[int, Article]], records_read: int) -> None:
        """Extract these stored articles in the worker: only those passing the gate go (the rest are cheap).
        Until the backfill has read `start_after` records they wait here; then the worker starts."""
        self._backlog.extend((aid, a) for aid, a in articles if passes_gate(a, self.pairs))
        if not self._backlog or (self._pool is None and records_read < self.start_after):
            return
        if self._pool is None:
            self._pool = ProcessPoolExecutor(
                max_workers=1,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=_worker_init,
                initargs=(rule_errors.STRICT,),
            )
        batch, self._backlog = self._backlog, []
        future = self._pool.submit(extract_many, [a for _aid, a in batch], pairs=self.pairs)
        for index, (aid, article) in enumerate(batch):
            self._sent[aid] = _Sent(article, future, index)

    def take(self, ids: Sequence[int]) -> dict[int, tuple[Article, list[Event]]]:
        """The worker's results for these articles: article id -> (the input it read, its events). Results
        the worker has not started on are cancelled and left out, like articles never sent: the backfill
        extracts those itself, so once storing is done both processes extract. Each result is used once."""
        out: dict[int, tuple[Article, list[Event]]] = {}
        for aid in ids:
            sent = self._sent.pop(aid, None)
            if sent is None or sent.future.cancel():
                continue
            try:
                events = sent.future.result()[sent.index]
            except CancelledError:
                continue
            except Exception:  # noqa: BLE001 - whatever failed there (a broken pool, a rule), it is extracted here
                _log.warning("parse-ahead worker failed; extracting in the backfill's process", exc_info=True)
                continue
            out[aid] = (sent.article, events)
        self.used_results += len(out)
        return out

    def close(self) -> None:
        self._sent.clear()
        self._backlog.clear()
        if self._pool is not None:
            with contextlib.suppress(Exception):
                self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
