"""`talkwatch backfill SOURCE`: ingest history from files, feeds or the stored articles.

Sources: a `.jsonl` file of articles, a `.txt` article, an RSS/Atom/RDF file (`.xml`, `.rss`, `.atom`,
`.rdf`), a directory of those (walked recursively, in sorted order), a feed URL (`http(s)://`, `file://`),
or `stored` (re-extract the stored articles that an older extractor version produced).

How it runs (Prefect flow `backfill`, coarse tasks):

1. *store*: records are read in the flow and stored by one `backfill-store` task per batch of
   `TALKWATCH_BACKFILL_BATCH` (default 1,000) records. Each batch commits its articles **and** the checkpoint
   (how far this file has been read) in one transaction. A file's checkpoint key is its resolved path, size,
   mtime and the --since/--until filters, so a changed file or other filters start from the top (articles
   are unique by identity: re-reading stores nothing twice, it only costs time). A new article the
   extractor's gate turns away (no watched pair named near a contact word: ~98 % of an archive) is stored
   already marked extracted at the current scope, in the same transaction: it can have no event, so the
   extract step never loads it back (summary key `articles_gated_out`). For a large source, what storing
   computes from the records alone (hashes, identities, the gate, near-duplicate bands) is prepared for the
   next batches in a second process while this one is written (flows/store_ahead.py).
2. *extract*: every pending article (`extracted_version IS NULL`: stored by this run, by a killed earlier
   run, or by a monitor pass) is extracted by one `backfill-extract` task per batch, then applied to the
   history one article per transaction. `stored` also re-extracts the articles whose `extracted_version`
   is not the current scope (`EXTRACTOR_VERSION` and the watched pairs, see flows/extraction_scope.py): the
   new events are applied (matching the stored events they still report; links to events no longer reported
   are dropped by `storage.history`).
3. with `--alert`: the due alerts are delivered.

Interrupted at any point (Ctrl-C, kill, crash), a rerun continues: the checkpoint skips what was stored,
pending articles are extracted, nothing is stored or linked twice (unique keys), and no alert row is
created twice (the outbox's unique key).

Alerts: articles stored by a backfill carry `alerts_allowed = --alert`, so without `--alert` they never
alert; with it, a watch's `max_age_days` keeps old contacts quiet. Re-extraction (`stored`) raises no alert
unless `--alert` is given. Pending articles a monitor pass stored keep their own flag (they alert as the
monitor would have; the outbox delivers them on the next `run`/`serve` tick, backfill itself sends nothing
without `--alert`).

Concurrency: several backfills (or workers) may run against one PostgreSQL database. Stores are
insert-if-absent; an article is re-read under a row lock before it is applied (a process that finds it
done skips it), and `storage.history` serializes applications that could create the same event.

spaCy multiprocessing (`n_process`) is off by default: measured on 2 cores, `extract_many(n_process=2)`
costs ~13 s of worker start-up per call (232 relevant articles: 12.1 s with one process, 19.1 s with two;
928 articles: 45.9 s vs 37.2 s) and spaCy warns that its workers did not exit cleanly (W127). With batches
of a few hundred articles (most of which the gate drops) it is always slower. `TALKWATCH_BACKFILL_PROCESSES`
turns it on; scale out with more backfill processes/workers instead (see README).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import time
from collections import deque
from collections.abc import Iterator, Sequence
from concurrent.futures import Future
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

from prefect import flow, task
from prefect.cache_policies import NO_CACHE
from prefect.utilities.annotations import quote
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    TextColumn,
    TimeElapsedColumn,
)
from rich.text import Text
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from alerts.dispatch import dispatch_due
from common import interrupts
from common.cores import usable_cores
from common.environment import environment
from common.errors import CommandFailedError, UsageError
from common.iterables import batches
from common.killpoints import kill_point
from config.settings import Settings, load_settings
from extractors.events import Article as InputArticle
from extractors.inputs import InputError, read_articles, read_jsonl_lines
from feeds import FeedRequest
from flows.extraction_scope import extraction_scope
from flows.parse_ahead import Handoff, ParseAhead
from flows.parse_ahead import enabled as parse_ahead_enabled
from flows.pipeline import ExtractOutcome, PassSummary, extract_and_apply, extractor_inputs, sessions
from flows.store_ahead import StoreAhead, gate_settle, publication_of
from flows.terminal import clean
from storage import articles as article_store
from storage.db import get_engine
from storage.event_matching import publication_period
from storage.models import Checkpoint, utcnow
from storage.planner_stats import GrowthAnalyzer, analyze
from storage.upsert import insert_ignore

FEED_SUFFIXES = (".xml", ".rss", ".atom", ".rdf")
TEXT_SUFFIXES = (".txt",)
JSONL_SUFFIXES = (".jsonl", ".ndjson")
ARTICLE_SUFFIXES = (*JSONL_SUFFIXES, *TEXT_SUFFIXES, *FEED_SUFFIXES)
# Shown on stderr one by one; the rest are counted (and the first ones listed in the JSON summary).
MAX_ERRORS_SHOWN = 100

# A file's checkpoint as a store batch commits it: (file key, position, done).
Mark = tuple[str, int, bool]


def batch_size() -> int:
    return max(1, environment().backfill_batch)


def spacy_processes() -> int:
    """spaCy worker processes per extraction batch: 1 unless TALKWATCH_BACKFILL_PROCESSES says otherwise
    (see the module docstring for the measurement)."""
    wanted = environment().backfill_processes
    return max(1, min(wanted, usable_cores()))


# ---------------------------------------------------------------------------------------------- sources


@dataclass(frozen=True)
class Record:
    """One input record at a position of its unit: an article, or why it could not be read."""

    position: int
    article: InputArticle | None = None
    error: dict[str, Any] | None = None


@dataclass(frozen=True)
class Unit:
    """A part of a source read in one stable order: one file or one feed URL."""

    label: str
    location: str  # path or URL
    kind: str  # "jsonl", "txt", "feed"
    key: str | None  # checkpoint key; None: not checkpointed (a remote feed changes between reads)
    total: int | None  # records, when cheap to know


def _file_kind(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix in FEED_SUFFIXES:
        return "feed"
    if suffix in TEXT_SUFFIXES:
        return "txt"
    return "jsonl"


def _count_lines(path: Path) -> int | None:
    try:
        with path.open("rb") as fh:
            return sum(chunk.count(b"\n") for chunk in iter(lambda: fh.read(1 << 20), b""))
    except OSError:
        return None


def _file_unit(path: Path, since: dt.date | None, until: dt.date | None) -> Unit:
    resolved = path.resolve()
    try:
        st = resolved.stat()
        ident = f"file|{resolved}|{st.st_size}|{st.st_mtime_ns}|{since}|{until}"
    except OSError:
        ident = f"file|{resolved}|?|?|{since}|{until}"
    kind = _file_kind(path)
    total = _count_lines(resolved) if kind == "jsonl" else (1 if kind == "txt" else None)
    return Unit(
        label=str(path),
        location=str(resolved),
        kind=kind,
        key="backfill:" + hashlib.sha256(ident.encode()).hexdigest(),
        total=total,
    )


def source_units(source: str, since: dt.date | None, until: dt.date | None) -> list[Unit]:
    """The units of a source in a stable order; UsageError when there is no such source."""

    if source.startswith(("http://", "https://", "file://")):
        return [Unit(label=source, location=source, kind="feed", key=None, total=None)]
    path = Path(source)
    if path.is_dir():
        files = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in ARTICLE_SUFFIXES)
        return [_file_unit(p, since, until) for p in files]
    if path.is_file():
        return [_file_unit(path, since, until)]
    raise UsageError(f"backfill: {source}: no such file, directory or URL (or 'stored')")


def _error(unit: Unit, line: int | None, ident: str | None, why: str) -> dict[str, Any]:
    return {"id": ident, "source": unit.label, "line": line, "error": why}


def _jsonl_records(unit: Unit, start: int) -> Iterator[Record]:
    """The file's records through extractors/inputs.py's reader (as `extract` reads them), from line `start` on."""
    try:
        handle = Path(unit.location).open(encoding="utf-8", errors="replace")  # noqa: SIM115 - closed below
    except OSError as exc:
        yield Record(1, error=_error(unit, None, Path(unit.location).name, f"cannot read: {exc.strerror or exc}"))
        return
    at = [0]  # the line the reader consumed last: it reads one line per record it yields

    def lines() -> Iterator[str]:
        # Lines before the checkpoint stay blank, so the reader's line numbers and default ids stay the file's.
        for number, line in enumerate(handle, start=1):
            at[0] = number
            yield "" if number <= start else line

    with handle:
        for item in read_jsonl_lines(lines(), unit.label):
            if isinstance(item, InputError):
                yield Record(at[0], error=item.to_json())
            else:
                yield Record(at[0], article=item)


def _txt_records(unit: Unit, start: int, published: dt.date | None) -> Iterator[Record]:
    if start >= 1:
        return
    for item in read_articles(Path(unit.location), published=published):
        if isinstance(item, InputError):
            yield Record(1, error={**item.to_json(), "source": unit.label})
        else:
            yield Record(1, article=item)


def _feed_records(unit: Unit, start: int, settings: Settings) -> Iterator[Record]:
    from feeds import fetch_feeds_sync

    local = "://" not in unit.location or unit.location.startswith("file://")
    # A URL on a private network is allowed when the config allows it for a feed with that URL.
    allowed = any(f.allow_private and f.url == unit.location for f in settings.feeds)
    request = FeedRequest(name="backfill", url=unit.location, allow_private=local or allowed)
    [result] = fetch_feeds_sync([request], settings.fetch)
    if result.failed:
        yield Record(1, error=_error(unit, None, unit.label, result.error or result.outcome))
        return
    for number, entry in enumerate(result.entries, start=1):
        if number <= start:
            continue
        body = entry.summary or entry.title or ""
        if not body.strip():
            continue
        yield Record(
            number,
            article=InputArticle(
                id=entry.guid or entry.url or entry.key,
                text=body,
                title=entry.title,
                url=entry.url,
                published=entry.published.date() if entry.published else None,  # the publisher's date
            ),
        )


def unit_records(unit: Unit, start: int, settings: Settings) -> Iterator[Record]:
    """The records of one unit after position `start`, in a stable order."""
    if unit.kind == "jsonl":
        return _jsonl_records(unit, start)
    if unit.kind == "txt":
        return _txt_records(unit, start, None)
    return _feed_records(unit, start, settings)


def in_range(article: InputArticle, since: dt.date | None, until: dt.date | None) -> bool:
    """--since/--until on the publication date (a month or year of publication: when it overlaps the range);
    an undated article is outside any given range."""
    if since is None and until is None:
        return True
    first, precision = publication_of(article)
    if first is None:
        return False
    span = publication_period(first, precision)
    last = span[1] if isinstance(span, tuple) else first
    return (since is None or last >= since) and (until is None or first <= until)


def raise_unreadable(source: str, failed: int, first: dict[str, Any]) -> None:
    """A source of which not one record could be read: the backfill did not do its job (exit 1, a Failed
    flow run), with one line saying why."""
    where = str(first.get("source") or source) + (f":{first['line']}" if first.get("line") else "")
    raise CommandFailedError(
        f"backfill: {source}: no record could be read ({failed} unreadable; first, {where}: {first.get('error')})"
    )


# ------------------------------------------------------------------------------------------------ store


def _checkpoint_state(settings: Settings, key: str) -> tuple[int, bool]:
    with sessions(settings)() as session:
        row = session.execute(select(Checkpoint.position, Checkpoint.done).where(Checkpoint.source_key == key)).first()
    return (int(row[0]), bool(row[1])) if row else (0, False)


def _advance_checkpoint(session: Session, key: str, position: int, done: bool) -> None:
    now = utcnow()
    insert_ignore(
        session,
        Checkpoint.__table__,  # type: ignore[arg-type]
        [{"source_key": key, "position": 0, "done": False, "updated_at": now}],
        ["source_key"],
    )
    # Only forward: a slower concurrent backfill of the same file never moves it back.
    session.execute(
        update(Checkpoint)
        .where(Checkpoint.source_key == key, Checkpoint.position < position)
        .values(position=position, updated_at=now)
    )
    if done:
        session.execute(update(Checkpoint).where(Checkpoint.source_key == key).values(done=True, updated_at=now))


def store_batch(
    settings: Settings,
    prepared: Sequence[article_store.Prepared],
    *,
    checkpoints: Sequence[tuple[str, int, bool]] = (),
) -> StoredBatch:
    """Store a batch of prepared articles (flows/store_ahead.py) and move the checkpoints (file key, position,
    done) of the files they came from, in one transaction."""
    with sessions(settings).begin() as session:
        stored = article_store.store_prepared(session, prepared)
        for key, position, done in checkpoints:
            _advance_checkpoint(session, key, position, done)
    settled = set(stored.settled_ids)
    return StoredBatch(
        PassSummary(articles_new=len(stored.new_ids), articles_updated=len(stored.updated_ids)),
        [*(i for i in stored.new_ids if i not in settled), *stored.updated_ids],
        len(settled),
    )


@dataclass
class StoredBatch:
    """What a store batch did, and the articles it left pending (new or changed): this run extracts those
    first, so two workers sharing a source do not parse each other's articles."""

    summary: PassSummary
    ids: list[int]
    settled: int = 0  # new articles stored as extracted: the gate turned them away


@task(name="backfill-store", cache_policy=NO_CACHE, persist_result=False)
def store_task(
    config: str | None,
    prepared: list[article_store.Prepared],
    checkpoints: list[tuple[str, int, bool]],
) -> StoredBatch:
    return store_batch(load_settings(config), prepared, checkpoints=checkpoints)


# ---------------------------------------------------------------------------------------------- extract


@task(name="backfill-extract", cache_policy=NO_CACHE, persist_result=False)
def extract_task(
    config: str | None,
    ids: list[int],
    alert: bool,
    n_process: int,
    elsewhere: Handoff | None,
) -> ExtractOutcome:
    return extract_and_apply(
        load_settings(config), ids, alert_reextracted=alert, n_process=n_process, elsewhere=elsewhere
    )


def send_ahead(settings: Settings, parse_ahead: ParseAhead, ids: Sequence[int], records_read: int) -> None:
    """Hand the articles a store batch left pending to the parse-ahead worker (flows/parse_ahead.py)."""
    version = extraction_scope(settings).version
    with sessions(settings)() as session:
        rows = [r for r in article_store.load(session, ids) if r.extracted_version != version]
        parse_ahead.send(
            zip((r.id for r in rows), extractor_inputs(session, settings, rows), strict=True), records_read
        )


def articles_to_extract(settings: Settings, *, stored: bool) -> list[int]:
    """Pending articles; with `stored`, also those an older extractor version (or other watches) produced."""
    version = extraction_scope(settings).version
    with sessions(settings)() as session:
        return article_store.pending_ids(session, older_than=version if stored else None)


def extraction_order(own: Sequence[int], pending: Sequence[int]) -> list[int]:
    """With `own_first`: the pending articles this run stored (in id order), then the others pending (a
    killed run's, or another worker's still being stored or extracted) from the newest down. Two workers that
    split a source each extract their own first and meet in the middle of the rest instead of parsing the
    same articles in the same order; an article done meanwhile is skipped when its batch is loaded
    (`extract_and_apply` reads the state again)."""
    waiting = set(pending)
    mine = [i for i in own if i in waiting]
    taken = set(mine)
    return mine + sorted((i for i in pending if i not in taken), reverse=True)


# --------------------------------------------------------------------------------------------- progress


class RateColumn(ProgressColumn):
    """Records per second over the task's recent samples."""

    def render(self, task: Any) -> Text:
        speed = task.finished_speed or task.speed
        if not speed and task.elapsed:
            speed = task.completed / task.elapsed
        return Text(f"{speed:,.0f}/s" if speed else "", style="progress.data.speed")


def make_progress(console: Console, enabled: bool) -> Progress:
    return Progress(
        TextColumn("[progress.description]{task.description:<11}"),
        BarColumn(),
        MofNCompleteColumn(),
        RateColumn(),
        TimeElapsedColumn(),
        TextColumn("{task.fields[note]}"),
        console=console,
        disable=not enabled,
        transient=False,
    )


# ------------------------------------------------------------------------------------------------- flow


@dataclass
class _Counts:
    summary: PassSummary = field(default_factory=PassSummary)
    read: int = 0
    out_of_range: int = 0
    failed: int = 0
    files_done_before: int = 0
    resumed: bool = False
    reextracted: int = 0
    extracted: int = 0
    settled: int = 0  # stored as extracted: the gate turned them away (store_batch)
    parsed_ahead: int = 0  # articles whose events the parse-ahead worker found
    errors: list[dict[str, Any]] = field(default_factory=list)
    own_ids: list[int] = field(default_factory=list)  # pending articles this run stored


def _report_error(console: Console, counts: _Counts, err: dict[str, Any]) -> None:
    counts.failed += 1
    if len(counts.errors) < MAX_ERRORS_SHOWN:
        counts.errors.append(err)
        where = f"{err.get('source')}" + (f":{err['line']}" if err.get("line") else "")
        console.print(
            f"skipped {clean(err.get('id') or where)} ({clean(where)}): {clean(err.get('error'))}",
            markup=False,
            highlight=False,
            soft_wrap=True,
        )


def _ingest(
    source: str,
    config: str | None,
    settings: Settings,
    *,
    since: dt.date | None,
    until: dt.date | None,
    alert: bool,
    counts: _Counts,
    progress: Progress,
    console: Console,
    ahead: StoreAhead,
    parse_ahead: ParseAhead | None = None,
) -> None:
    units = source_units(source, since, until)
    size = batch_size()
    states = {u.key: _checkpoint_state(settings, u.key) if u.key else (0, False) for u in units}
    todo = [u for u in units if not states[u.key][1]]
    counts.files_done_before = len(units) - len(todo)
    totals = [u.total for u in todo]
    known = sum(t or 0 for t in totals)
    if parse_ahead is not None and known >= parse_ahead.start_after:
        parse_ahead.start()  # a large source: the worker loads the model while the first batches are stored
        ahead.start()
    elif None not in totals:
        parse_ahead = None  # a source known to be small: the worker would never start, send it nothing
    reading = progress.add_task(
        "reading",
        total=None if None in totals else known,
        note=f"{len(units)} file(s), {counts.files_done_before} done before" if len(units) > 1 else "",
    )
    # One batch may span files (a directory of .txt files is read in batches too, not a task per file); each
    # store commits the checkpoints of the files its records came from, and the done marks of finished files.
    batch: list[InputArticle] = []
    marks: list[Mark] = []
    # PostgreSQL plans the lookups of later batches with statistics of the grown tables (storage/planner_stats).
    analyzer = GrowthAnalyzer(get_engine(settings.database.url))

    # Batches read and sent to the store-ahead worker, not yet stored: (its preparation, records, checkpoints).
    in_flight: deque[tuple[Future[list[article_store.Prepared]] | None, list[InputArticle], list[Mark]]] = deque()

    def store_next() -> None:
        future, records, checkpoints = in_flight.popleft()
        prepared = ahead.prepared(future, records)
        # quote(): Prefect would otherwise walk every record looking for futures (a third of the store time).
        stored = store_task(config, cast("list[article_store.Prepared]", quote(prepared)), checkpoints)
        counts.summary.add(stored.summary)
        counts.own_ids.extend(stored.ids)
        counts.settled += stored.settled
        analyzer.grew(stored.summary.articles_new)
        if parse_ahead is not None and stored.ids:
            send_ahead(settings, parse_ahead, stored.ids, counts.read)
        kill_point("backfill_batch")  # test hook (common/killpoints.py): between store batches
        interrupts.stop_if_requested()  # a Ctrl-C Python swallowed (common/interrupts.py) stops here

    def flush(current: Mark | None) -> None:
        checkpoints = [*marks, *([current] if current else [])]
        if batch or checkpoints:
            records = list(batch)
            in_flight.append((ahead.submit(records, counts.read), records, checkpoints))
            while len(in_flight) > ahead.depth:
                store_next()
        batch.clear()
        marks.clear()
        interrupts.stop_if_requested()

    readable = 0
    first_error: dict[str, Any] | None = None
    for unit in todo:
        start = states[unit.key][0]
        counts.resumed = counts.resumed or start > 0
        progress.advance(reading, start)
        if unit.kind == "feed":
            counts.summary.feeds += 1
        position = start
        unit_readable = unit_failed = 0
        for record in unit_records(unit, start, settings):
            progress.advance(reading, record.position - position)
            position = record.position
            counts.read += 1
            if record.error is not None:
                if unit.kind == "feed" and record.position == 1 and "://" in unit.label:
                    counts.summary.feeds_failed += 1
                unit_failed += 1
                first_error = first_error or record.error
                _report_error(console, counts, record.error)
                continue
            unit_readable += 1
            if record.article is not None and in_range(record.article, since, until):
                batch.append(record.article)
            else:
                counts.out_of_range += 1
            if len(batch) >= size:
                flush((unit.key, position, False) if unit.key else None)
        if unit.total is not None and unit.kind == "jsonl":
            progress.advance(reading, max(0, unit.total - position))
        readable += unit_readable
        # Done: a rerun skips the file without reading it (committed with its last records). A file nothing
        # could be read from is not done: a rerun reads it again (and says so again).
        if unit.key and (unit_readable or not unit_failed or start > 0):
            marks.append((unit.key, max(position, 1), True))
        if len(marks) >= size:
            flush(None)
    flush(None)
    while in_flight:
        store_next()
    # Counted over the whole source and only when nothing of it was read before (a resumed or partly done
    # source was readable); a source with some readable records counts the others in `records_failed`.
    resumed = counts.files_done_before or any(states[u.key][0] for u in todo)
    if first_error is not None and readable == 0 and not resumed:
        raise_unreadable(source, counts.failed, first_error)
    task_obj = progress.tasks[reading]
    progress.update(reading, total=task_obj.completed)


@flow(name="backfill", persist_result=False, log_prints=False)
def backfill_flow(
    source: str,
    *,
    config: str | None = None,
    since: dt.date | None = None,
    until: dt.date | None = None,
    alert: bool = False,
    show_progress: bool = True,
    own_first: bool = False,
) -> dict[str, Any]:
    """Ingest `source` (see the module docstring), extract what is pending, and with `alert` deliver.

    Pending articles are extracted and applied in id order (the order they were read), which is what makes
    an interrupted and rerun backfill, or two backfills of one source at once, end exactly as one run:
    an event's `status_history` records its reports in the order they are applied. `own_first` is for runs
    that split one archive between workers: each extracts the articles it stored first (then the rest,
    newest first), so two workers do not parse the same articles in lockstep; the same articles, events and
    links result, but an event reported in both parts may record its statuses in another order."""
    started = time.perf_counter()
    settings = load_settings(config)
    console = Console(stderr=True, highlight=False)
    counts = _Counts()
    stored = source == "stored"
    # A large backfill's extraction starts in a second process while it is still storing (flows/parse_ahead.py).
    scope = extraction_scope(settings)
    parse_ahead = ParseAhead(scope.pairs) if not stored and parse_ahead_enabled() else None
    # ... and the pure half of storing runs ahead in another (flows/store_ahead.py).
    ahead = StoreAhead(alert, gate_settle(scope.version, scope.pairs))
    with make_progress(console, show_progress) as progress, contextlib.ExitStack() as stack:
        stack.callback(ahead.close)
        if parse_ahead is not None:
            stack.callback(parse_ahead.close)
        if not stored:
            _ingest(
                source,
                config,
                settings,
                since=since,
                until=until,
                alert=alert,
                counts=counts,
                progress=progress,
                console=console,
                ahead=ahead,
                parse_ahead=parse_ahead,
            )
        stored_at = time.perf_counter()
        pending = articles_to_extract(settings, stored=stored)
        ids = extraction_order(counts.own_ids, pending) if own_first else pending
        extracting = progress.add_task("extracting", total=len(ids), note="")
        n_process = spacy_processes()
        for chunk in batches(ids, batch_size()):
            interrupts.stop_if_requested()
            handoff = parse_ahead.take(chunk) if parse_ahead is not None else None
            outcome = extract_task(
                config, cast("list[int]", quote(chunk)), alert, n_process, cast("Handoff | None", quote(handoff))
            )
            counts.summary.add(outcome.summary)
            counts.reextracted += outcome.reextracted
            counts.extracted += len(chunk)
            progress.update(
                extracting,
                advance=len(chunk),
                note=f"events +{counts.summary.events_new} ~{counts.summary.events_updated}",
            )
        counts.parsed_ahead = parse_ahead.used_results() if parse_ahead is not None else 0
    extracted_at = time.perf_counter()
    # Statistics for what this backfill grew, so the next pass (or backfill) plans with them.
    analyze(get_engine(settings.database.url))
    if alert:
        sent = dispatch_due(settings, console=console)
        counts.summary.alerts_sent, counts.summary.alerts_failed = sent.sent, sent.failed
    seconds = time.perf_counter() - started
    summary = {
        **counts.summary.to_json(),
        "source": source,
        "records_read": counts.read,
        "records_out_of_range": counts.out_of_range,
        "records_failed": counts.failed,
        "files_done_before": counts.files_done_before,
        "resumed": counts.resumed,
        "articles_extracted": counts.extracted + counts.settled,
        "articles_reextracted": counts.reextracted,
        "articles_parsed_ahead": counts.parsed_ahead,
        "articles_gated_out": counts.settled,
        "seconds": round(seconds, 3),
        "store_seconds": round(stored_at - started, 3),
        "extract_seconds": round(extracted_at - stored_at, 3),
        "articles_per_s": round((counts.read if not stored else counts.extracted) / seconds, 1) if seconds else 0.0,
        "errors": counts.errors,
    }
    _log_summary(summary)
    return summary


def _log_summary(summary: dict[str, Any]) -> None:
    """One log line with the counts and the rate: what a deployment run shows in the Prefect UI and in
    `prefect flow-run logs` (its return value is not persisted)."""
    from prefect import get_run_logger

    get_run_logger().info(
        "backfill %s: %d records read (%d out of range, %d unreadable), %d articles new, %d updated, "
        "%d extracted (%d re-extracted), %d events new, %d updated, %d alerts queued, %d sent; "
        "%.1f s, %.1f articles/s",
        summary["source"],
        summary["records_read"],
        summary["records_out_of_range"],
        summary["records_failed"],
        summary["articles_new"],
        summary["articles_updated"],
        summary["articles_extracted"],
        summary["articles_reextracted"],
        summary["events_new"],
        summary["events_updated"],
        summary["alerts_queued"],
        summary["alerts_sent"],
        summary["seconds"],
        summary["articles_per_s"],
    )


def run_backfill(
    settings: Settings,
    config: str | None,
    source: str,
    *,
    since: dt.date | None,
    until: dt.date | None,
    alert: bool,
    json_mode: bool,
) -> dict[str, Any]:
    """The CLI's entry: checks the source before Prefect starts, then runs the flow."""
    del settings, json_mode  # validated by the caller; progress goes to stderr in both modes
    if since and until and since > until:
        raise UsageError(f"backfill: --since {since} is after --until {until}")
    if source != "stored":
        source_units(source, since, until)  # UsageError before any work when there is no such source
    result: dict[str, Any] = backfill_flow(source, config=config, since=since, until=until, alert=alert)
    return result
