"""Parse ahead: a large backfill's extraction runs in a second process while the backfill stores the next batches.

A backfill stores every batch first and extracts afterwards (in id order, which keeps history deterministic).
Extraction is pure (text in, events out) and spaCy is most of its cost, so on a machine with a second core the
articles each stored batch leaves pending — those passing the gate, a few per cent of a news archive — are
queued for one worker process as soon as they are stored; it parses them from the newest end. The extraction
phase goes in id order: it uses the worker's events where they are ready, parses itself the articles still
queued, and applies each to the history as before, one short transaction each, in id order.

Nothing is written by the worker: a result is used only when the stored article still reads exactly as it did
when it was sent (the extractor's input compares equal), and anything the worker could not do — it crashed,
it was not started, a rule raised — is extracted in the backfill's own process as without it. A killed or
interrupted backfill loses nothing: the results were never stored, the rerun extracts what is still pending.

The worker is started only for a source known to hold `TALKWATCH_BACKFILL_PARSE_AHEAD_AFTER` records (default
500: two batches), or once a backfill has read that many, so small backfills — and the tests that run many —
never pay for a second process and a second copy of the model (~3 s and ~400 MB). It is spawned (not forked:
the Prefect engine runs threads), loads the model once, ignores Ctrl-C (the backfill stops it) and dies with
the backfill (parent-death signal).
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import signal
from collections.abc import Collection, Iterable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field

from common.cores import usable_cores
from common.environment import environment
from extractors import extract_many, passes_gate, rule_errors
from extractors.events import Article, Event

_log = logging.getLogger(__name__)

Pair = tuple[str, str]


def enabled() -> bool:
    """Worth a second process: there is a second core this process may run it on (common/cores.py)."""
    return usable_cores() >= 2


def start_after() -> int:
    """Records a source holds, or a backfill has read, before the worker starts (`..._PARSE_AHEAD_AFTER`)."""
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
class Handoff:
    """The articles of one extraction batch the worker extracts (flows.pipeline.ExtractedElsewhere)."""

    _sent: dict[int, _Sent]
    used: int = 0

    def __post_init__(self) -> None:
        self._ids = frozenset(self._sent)

    @property
    def ids(self) -> Collection[int]:
        return self._ids

    def collect(self) -> dict[int, tuple[Article, list[Event]]]:
        """Article id -> (the input the worker read, its events), waiting for them; what failed there is left
        out (the backfill extracts it)."""
        out: dict[int, tuple[Article, list[Event]]] = {}
        for aid, sent in self._sent.items():
            try:
                out[aid] = (sent.article, sent.future.result()[sent.index])
            except Exception:  # noqa: BLE001 - whatever failed there (a broken pool, a rule), it is extracted here
                _log.warning("parse-ahead worker failed; extracting in the backfill's process", exc_info=True)
        self.used += len(out)
        self._sent = {}
        return out


# Articles per call to the worker, and calls in flight: small slices keep the worker busy while leaving most
# articles in the queue, where the backfill can still take them over.
SLICE = 8
IN_FLIGHT = 2


@dataclass
class ParseAhead:
    """One worker process for a backfill run; `send` stored articles, `take` their events by article id.

    Relevant articles wait in a queue in id order, and the worker takes slices from its newest end while the
    backfill stores. The extraction phase goes in id order: for each of its batches the worker gets the newer
    half of what is still queued there, the backfill parses the older half meanwhile, then collects the
    worker's results (`Handoff`). So both processes parse, and neither waits long for the other."""

    pairs: Collection[Pair] | None
    start_after: int = field(default_factory=start_after)
    _pool: ProcessPoolExecutor | None = None
    _queued: dict[int, Article] = field(default_factory=dict)  # insertion (= id) order
    _sent: dict[int, _Sent] = field(default_factory=dict)
    _in_flight: list[Future[list[list[Event]]]] = field(default_factory=list)
    _handoffs: list[Handoff] = field(default_factory=list)

    def send(self, articles: Iterable[tuple[int, Article]], records_read: int) -> None:
        """Queue these stored articles for the worker: only those passing the gate (the rest are cheap).
        The worker starts once the backfill has read `start_after` records (or `start` was called)."""
        self._queued.update((aid, a) for aid, a in articles if passes_gate(a, self.pairs))
        if self._pool is None and records_read >= self.start_after and self._queued:
            self.start()
        self._pump()

    def start(self) -> ProcessPoolExecutor:
        """Start the worker now (it loads the model while the backfill reads): a source known to be large."""
        if self._pool is None:
            self._pool = ProcessPoolExecutor(
                max_workers=1,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=_worker_init,
                initargs=(rule_errors.STRICT,),
            )
            self._pool.submit(int)  # a process pool starts its worker with the first call
        return self._pool

    def _pump(self) -> None:
        """Keep IN_FLIGHT slices with the worker, taken from the newest end of the queue."""
        if self._pool is None:
            return
        self._in_flight = [f for f in self._in_flight if not f.done()]
        while len(self._in_flight) < IN_FLIGHT and self._queued:
            sent = self._submit([self._queued.popitem() for _ in range(min(SLICE, len(self._queued)))])
            self._sent.update(sent)
            self._in_flight.extend({id(s.future): s.future for s in sent.values()}.values())

    def take(self, ids: Sequence[int]) -> Handoff:
        """The worker's share of an extraction batch (these article ids, in id order): what it has been sent
        already, and the newest of what is still queued, sent now, up to half of the work left (counted in
        characters, which is what parsing costs: an archive's long stories and short items do not come evenly
        mixed, so half the articles could be most of the parsing). The backfill extracts the rest itself while
        the worker parses its share, then collects the results. Each result is used once."""
        share = {aid: sent for aid in ids if (sent := self._sent.pop(aid, None)) is not None}
        queued = [aid for aid in ids if aid in self._queued]
        newer: set[int] = set()
        if self._pool is not None:
            pending = sum(len(s.article.text) for s in share.values() if not s.future.done())
            half = (pending + sum(len(self._queued[aid].text) for aid in queued)) / 2
            for aid in reversed(queued):
                if pending >= half:
                    break
                newer.add(aid)
                pending += len(self._queued[aid].text)
        to_worker = [(aid, self._queued.pop(aid)) for aid in queued if aid in newer]
        for aid in queued:
            self._queued.pop(aid, None)  # the older half: the backfill extracts them itself
        share.update(self._submit(to_worker))
        self._pump()
        handoff = Handoff(share)
        self._handoffs.append(handoff)
        return handoff

    def _submit(self, batch: list[tuple[int, Article]]) -> dict[int, _Sent]:
        """Send these articles to the worker now, in slices."""
        out: dict[int, _Sent] = {}
        if self._pool is None:
            return out
        for i in range(0, len(batch), SLICE):
            part = batch[i : i + SLICE]
            future = self._pool.submit(extract_many, [a for _aid, a in part], pairs=self.pairs)
            for index, (aid, article) in enumerate(part):
                out[aid] = _Sent(article, future, index)
        return out

    def used_results(self) -> int:
        """Articles whose events came from the worker."""
        return sum(h.used for h in self._handoffs)

    def close(self) -> None:
        self._sent.clear()
        self._queued.clear()
        self._in_flight.clear()
        if self._pool is not None:
            with contextlib.suppress(Exception):
                self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
