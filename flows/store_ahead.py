"""Store ahead: a large backfill prepares its next store batches in a second process while it writes this one.

Storing an article is two kinds of work. One needs only the article: its content hash, canonical URL and
identity, outlet, the gate's verdict, and the MinHash band keys of its text (`storage.articles.prepare`, about
a third of a backfill's storing time). The other needs the database: which of the batch is stored already,
the insert, the near-duplicate lookup, the commit (`storage.articles.store_prepared`). For a source known to be
large, each batch the backfill reads is sent to one worker process for the first kind, and the backfill
stores the batches read before it meanwhile (`DEPTH` batches in flight), so on a machine with a second core
the two overlap.

The worker writes nothing. Batches are stored in the order they were read, each with the checkpoints that
came with it, in one transaction as before: an interrupted or killed backfill loses at most the batches
still in flight, which were never checkpointed, so the rerun reads them again. A batch the worker could not
prepare (it died, it raised) is prepared in the backfill's own process. The worker is started like the
parse-ahead worker (flows/parse_ahead.py: from `TALKWATCH_BACKFILL_PARSE_AHEAD_AFTER` records, spawned, deaf
to Ctrl-C, dying with the backfill) but loads no model: it imports the gate and the storage helpers only.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import multiprocessing
import signal
from collections.abc import Collection, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field

from extractors import passes_gate
from extractors.events import Article as InputArticle
from flows.parse_ahead import enabled, start_after
from storage.articles import NewArticle, Prepared, prepare

_log = logging.getLogger(__name__)

# Batches read but not yet stored: enough that the worker's batch is ready when the store reaches it.
DEPTH = 2


def publication_of(article: InputArticle) -> tuple[dt.date | None, str | None]:
    """(published, published_precision) as stored: the day, or the first day of the only month or year known."""
    if article.published is not None:
        return article.published, None
    period = article.published_period
    if period is None:
        return None, None
    if len(period) == 4:
        return dt.date(int(period), 1, 1), "year"
    return dt.date(int(period[:4]), int(period[5:7]), 1), "month"


@dataclass(frozen=True, slots=True)
class GateSettle:
    """A backfill's `settle` (storage.articles.Settle): a new article the extractor's gate turns away (no
    watched pair named near a contact word: 98 % of an archive) is stored as extracted at `version`. It can
    have no event, so the extraction phase loads only what it will parse. The gate reads the article as
    extraction would read the stored row (a backfilled row has no feed, so no configured language). A plain
    value, so that the worker process can be sent it."""

    version: str
    pairs: frozenset[tuple[str, str]] | None

    def __call__(self, item: NewArticle) -> str | None:
        as_stored = InputArticle(id=item.source_id or "-", text=item.text, title=item.title)
        return None if passes_gate(as_stored, self.pairs) else self.version


def gate_settle(version: str, pairs: Collection[tuple[str, str]] | None) -> GateSettle:
    return GateSettle(version, None if pairs is None else frozenset(pairs))


def prepare_records(records: Sequence[InputArticle], alert: bool, settle: GateSettle) -> list[Prepared]:
    """The records of a batch as stored articles, prepared (what the worker runs)."""
    items = []
    for r in records:
        published, precision = publication_of(r)
        items.append(
            NewArticle(
                text=r.text,
                title=r.title,
                url=r.url,
                published=published,
                published_precision=precision,
                outlet=r.outlet,
                source_id=r.id,
                alerts_allowed=alert,
            )
        )
    return prepare(items, settle)


def _worker_init() -> None:
    from flows.parent_death import die_with_parent

    die_with_parent()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C stops the backfill, which stops this process


@dataclass
class StoreAhead:
    """The worker and the batches sent to it. `submit` a batch as it is read; `prepared` gives it back (from
    the worker, or computed here) when its turn to be stored comes."""

    alert: bool
    settle: GateSettle
    start_after: int = field(default_factory=start_after)
    _pool: ProcessPoolExecutor | None = None
    _warm: bool = False  # the worker has delivered a batch

    @property
    def depth(self) -> int:
        """Batches to keep in flight: none without the worker (each batch is stored as it is read)."""
        return DEPTH if self._pool is not None else 0

    def start(self) -> None:
        """Start the worker now: a source known to be large."""
        if self._pool is None and enabled():
            self._pool = ProcessPoolExecutor(
                max_workers=1, mp_context=multiprocessing.get_context("spawn"), initializer=_worker_init
            )

    def submit(self, records: list[InputArticle], records_read: int) -> Future[list[Prepared]] | None:
        """Send a batch to the worker (started once `start_after` records were read); None: prepare it here."""
        if self._pool is None and records_read >= self.start_after:
            self.start()
        if self._pool is None or not records:
            return None
        try:
            return self._pool.submit(prepare_records, records, self.alert, self.settle)
        except RuntimeError as exc:  # BrokenProcessPool (a RuntimeError): the worker died; go on without it
            _log.warning("store-ahead worker unavailable (%s): preparing batches in the backfill", exc)
            self.close()
            return None

    def prepared(self, future: Future[list[Prepared]] | None, records: list[InputArticle]) -> list[Prepared]:
        """The batch, prepared: the worker's result, or computed here if there is none. Until the worker has
        delivered once (it takes a few seconds to start), a batch it has not finished is prepared here rather
        than waited for; after that the backfill waits for it."""
        if future is not None and (self._warm or future.done()):
            try:
                result = future.result()
            except Exception as exc:  # noqa: BLE001 - anything the worker raised: do it here instead
                _log.warning("store-ahead worker failed (%s): preparing the batch in the backfill", exc)
            else:
                self._warm = True
                return result
        # A batch the worker has not finished while it starts is left to it and its result dropped, not
        # cancelled: on Python 3.11, a pool that breaks (the worker killed) after a pending future was cancelled
        # raises InvalidStateError in the executor's own thread (it sets the exception on the cancelled future).
        # It costs the worker one batch's preparation (~0.3 s) at most once or twice, at its start.
        return prepare_records(records, self.alert, self.settle)

    def close(self) -> None:
        if self._pool is not None:
            with contextlib.suppress(Exception):
                self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
