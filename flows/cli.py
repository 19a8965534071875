"""The `talkwatch` command line (contract: shared/spec/interface.md).

Exit codes: 0 done (even with failed feeds or deliveries, which are counted), 2 bad usage or invalid config,
1 anything else. Errors are one line on stderr; TALKWATCH_DEBUG=1 shows the traceback.
"""

from __future__ import annotations

import datetime as dt
import os
import signal
import sys
import traceback
from pathlib import Path
from typing import Annotated, Any

# Before Prefect is imported anywhere: there is no internet here, and logs must stay off stdout.
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
os.environ.setdefault("PREFECT_LOGGING_TO_API_ENABLED", "false")
# Prefect's default 20 s for its ephemeral server to answer is too short on a busy machine (a newcomer's first
# `make run` failed twice under load); a user who wants less or more sets it.
os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "120")
if os.environ.get("PREFECT_HOME"):
    # Prefect's ephemeral server cannot open its database in a directory that does not exist yet.
    Path(os.environ["PREFECT_HOME"]).expanduser().mkdir(mode=0o700, parents=True, exist_ok=True)

import typer

from common import interrupts
from common.dates import iso_date
from common.environment import environment
from common.errors import TalkwatchError, UsageError
from config.settings import Settings, load_settings
from flows import views
from flows.terminal import error, print_json, stderr_console, stdout_console

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    help="Monitor news feeds for diplomatic contacts and alert on new ones.",
)
alerts_app = typer.Typer(help="Alert deliveries.", invoke_without_command=True, no_args_is_help=False)
feeds_app = typer.Typer(help="Feeds and their health.", invoke_without_command=True, no_args_is_help=False)
config_app = typer.Typer(help="The configuration.", no_args_is_help=True)
app.add_typer(alerts_app, name="alerts")
app.add_typer(feeds_app, name="feeds")
app.add_typer(config_app, name="config")

_root_config: dict[str, str | None] = {"path": None}

ConfigOpt = Annotated[
    str | None,
    typer.Option("--config", help="Config file (default: $TALKWATCH_CONFIG, else config/talkwatch.toml)."),
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Machine output: one JSON document on stdout.")]


def _config_arg(local: str | None) -> str | None:
    return local or _root_config["path"]


def _settings(local: str | None) -> Settings:
    return load_settings(_config_arg(local))


def _quiet_prefect_errors() -> None:
    """A failing flow is reported by `main` as one `error:` line; Prefect would also log its traceback to
    stderr. Its run loggers stay quiet below CRITICAL unless TALKWATCH_DEBUG=1 (`serve` keeps them)."""
    import logging

    if not environment().debug:
        for name in ("prefect.flow_runs", "prefect.task_runs"):
            logging.getLogger(name).setLevel(logging.CRITICAL)


def _date(value: str | None, name: str) -> dt.date | None:
    date = iso_date(value)
    if value is not None and date is None:
        raise UsageError(f"{name}: not an ISO date: {value!r}")
    return date


@app.callback()
def _root(config: ConfigOpt = None) -> None:
    _root_config["path"] = config


@app.command()
def run(json_: JsonOpt = False, config: ConfigOpt = None) -> None:
    """One monitor pass: fetch, store, extract, deduplicate, alert."""
    settings = _settings(config)
    from flows.monitor import monitor

    _quiet_prefect_errors()
    summary = monitor(config=_config_arg(config), console_stderr=json_)
    event_ids = summary.pop("event_ids", [])
    events = views.events_by_id(settings, event_ids)
    if json_:
        print_json({**summary, "events": events})
        return
    views.print_run_summary(stdout_console(), settings, summary, events)


@app.command()
def serve(config: ConfigOpt = None) -> None:
    """Run the scheduled deployments (monitor on the cron, alert dispatcher) and the web view until interrupted."""
    settings = _settings(config)
    from web.server import Background

    web = Background(settings)  # refuses a non-loopback bind without a token before anything starts
    from flows.serving import serve_forever

    web.start()
    try:
        serve_forever(_config_arg(config))
    finally:
        web.stop()


@app.command()
def web(config: ConfigOpt = None) -> None:
    """Serve the read-only web view and the Atom feed on [web] host:port until interrupted."""
    settings = _settings(config)
    from web.server import run as run_web

    run_web(settings)


@app.command()
def backfill(  # noqa: PLR0917 - typer maps each parameter to an option
    source: Annotated[str, typer.Argument(help="Directory, .jsonl, feed file/URL, or 'stored'.")],
    since: Annotated[str | None, typer.Option("--since", help="Only articles published on/after.")] = None,
    until: Annotated[str | None, typer.Option("--until", help="Only articles published on/before.")] = None,
    alert: Annotated[bool, typer.Option("--alert", help="Raise alerts (within max_age_days).")] = False,
    json_: JsonOpt = False,
    config: ConfigOpt = None,
) -> None:
    """Ingest history; resumable and idempotent; no alerts unless --alert."""
    settings = _settings(config)
    from flows.backfill import run_backfill

    _quiet_prefect_errors()
    summary = run_backfill(
        settings,
        _config_arg(config),
        source,
        since=_date(since, "--since"),
        until=_date(until, "--until"),
        alert=alert,
        json_mode=json_,
    )
    if json_:
        print_json(summary)
    else:
        views.print_kv(stdout_console(), "Backfill", summary)


@app.command()
def extract(
    files: Annotated[list[Path] | None, typer.Argument(help="Article files (.jsonl, .txt); stdin if none.")] = None,
    published: Annotated[str | None, typer.Option("--published", help="Publication date for .txt.")] = None,
    json_: JsonOpt = False,
) -> None:
    """Pure extraction, no database: one JSON line per article."""
    from flows.extract_cmd import run_extract

    run_extract(files or [], _date(published, "--published"))


@app.command(name="eval")
def eval_(dataset: Annotated[Path, typer.Argument(help="Labelled .jsonl")], json_: JsonOpt = False) -> None:
    """Score the extractor against a labelled file."""
    from flows.extract_cmd import run_eval

    run_eval(dataset, json_mode=json_)


@app.command()
def events(
    since: Annotated[str | None, typer.Option("--since")] = None,
    all_: Annotated[bool, typer.Option("--all", help="Include events known only from background.")] = False,
    json_: JsonOpt = False,
    config: ConfigOpt = None,
) -> None:
    """Stored events, newest first."""
    settings = _settings(config)
    found = views.stored_events(settings, since=_date(since, "--since"), include_background=all_)
    if json_:
        print_json(found)
    else:
        views.print_events(stdout_console(), found)


@alerts_app.callback()
def alerts(ctx: typer.Context, json_: JsonOpt = False, config: ConfigOpt = None) -> None:
    """Alert deliveries: event, channel, status, attempts, last error."""
    if ctx.invoked_subcommand is not None:
        if config:
            _root_config["path"] = config
        return
    rows = views.alert_rows(_settings(config))
    if json_:
        print_json(rows)
    else:
        views.print_alerts(stdout_console(), rows)


@alerts_app.command("retry")
def alerts_retry(
    alert_id: Annotated[int | None, typer.Argument(help="Delivery id")] = None,
    dead: Annotated[bool, typer.Option("--dead", help="Requeue every dead delivery.")] = False,
    json_: JsonOpt = False,
    config: ConfigOpt = None,
) -> None:
    """Requeue failed or dead deliveries."""
    if (alert_id is None) == (not dead):
        raise UsageError("alerts retry: give a delivery ID or --dead")
    count = views.requeue(_settings(config), alert_id=alert_id, dead=dead)
    if json_:
        print_json({"requeued": count})
    else:
        stdout_console().print(f"requeued {count} deliver{'y' if count == 1 else 'ies'}")


@alerts_app.command("test")
def alerts_test(
    channel: Annotated[str, typer.Argument(help="Channel name/key, or its type (webhook, email, ...)")],
    json_: JsonOpt = False,
    config: ConfigOpt = None,
) -> None:
    """Send a clearly marked test alert to one channel."""
    outcomes = views.send_test(_settings(config), channel, console_stderr=json_)
    if json_:
        print_json(outcomes)
    else:
        views.print_test(stdout_console(), outcomes)


@feeds_app.callback()
def feeds(ctx: typer.Context, json_: JsonOpt = False, config: ConfigOpt = None) -> None:
    """Feeds with their health."""
    if ctx.invoked_subcommand is not None:
        if config:
            _root_config["path"] = config
        return
    rows = views.feed_rows(_settings(config))
    if json_:
        print_json(rows)
    else:
        views.print_feeds(stdout_console(), rows)


@feeds_app.command("add")
def feeds_add(
    url: Annotated[str, typer.Argument(help="A feed URL or a site page that links to its feed.")],
    name: Annotated[str | None, typer.Option("--name", help="Feed name (default: the host).")] = None,
    allow_private: Annotated[bool, typer.Option("--allow-private")] = False,
    json_: JsonOpt = False,
    config: ConfigOpt = None,
) -> None:
    """Discover a feed from a site's page and add it to the config file."""
    from flows.feeds_cmd import add_feed

    added = add_feed(_settings(config), url, name=name, allow_private=allow_private)
    if json_:
        print_json(added)
    else:
        stdout_console().print(f"added feed {added['name']}: {added['url']}")


@config_app.command("show")
def config_show(json_: JsonOpt = False, config: ConfigOpt = None) -> None:
    """The effective configuration, secrets masked."""
    shown = views.masked_config(_settings(config))
    if json_:
        print_json(shown)
    else:
        views.print_config(stdout_console(), shown)


@app.command()
def bench(
    json_: JsonOpt = False,
    config: ConfigOpt = None,
    only: Annotated[
        str | None,
        typer.Option(
            "--only",
            help="comma-separated stages: extraction, feeds, dedup, backfill, backfill_pg, scaleout, monitor",
        ),
    ] = None,
) -> None:
    """The benchmark: pipeline costs measured side by side (needs the source tree: benchmarks/ is not installed)."""
    bench_run = _source_benchmarks()
    stages = [s.strip() for s in (only or "").split(",") if s.strip()]
    unknown = sorted(set(stages) - set(bench_run.STAGE_NAMES))
    if unknown:
        known = ", ".join(bench_run.STAGE_NAMES)
        raise UsageError(f"bench --only: unknown stage(s) {', '.join(unknown)}; known: {known}")
    figures = bench_run.run_bench(progress=stderr_console(), only=stages)
    if json_:
        print_json(figures)
    else:
        views.print_kv(stdout_console(), "Benchmark", figures)


def _source_benchmarks() -> Any:
    """`benchmarks.run` from the source tree next to this package: benchmarks are not part of the install."""
    import importlib

    root = Path(__file__).resolve().parents[1]
    if not (root / "benchmarks" / "run.py").is_file():
        raise UsageError(
            f"talkwatch bench needs the source tree: no benchmarks/ in {root} (benchmarks are not installed); "
            "run `make bench` in a clone of the repository"
        )
    if str(root) not in sys.path:
        sys.path.insert(0, str(root))
    return importlib.import_module("benchmarks.run")


# The start of the RuntimeError Prefect raises when its ephemeral server does not answer in time.
_EPHEMERAL_TIMEOUT = "Timed out while attempting to connect to ephemeral Prefect API server"


def _exit_code_for(exc: BaseException) -> tuple[int, str]:
    if isinstance(exc, TalkwatchError):
        return exc.exit_code, str(exc)
    if isinstance(exc, RuntimeError) and str(exc).startswith(_EPHEMERAL_TIMEOUT):
        timeout = os.environ.get("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "120")
        return 1, (
            f"Prefect's local API server did not start within {timeout} s (machine busy?); run again, raise "
            "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS, or set PREFECT_API_URL to a running server"
        )
    lines = str(exc).strip().splitlines()
    return 1, f"{type(exc).__name__}: {lines[0] if lines else ''}".rstrip(": ")


class _CtrlC:
    """Whether the user pressed Ctrl-C during this command. Prefect's engine, interrupted at the wrong moment,
    can turn the KeyboardInterrupt into another error while it tears down ("Task run is not set"); the user
    still asked to stop, and gets exit 130 and "interrupted", not exit 1 with Prefect's message."""

    @staticmethod
    def handler(signum: int, frame: Any) -> None:
        interrupts.request_stop()  # remembered if the KeyboardInterrupt lands where Python swallows it
        signal.default_int_handler(signum, frame)

    @classmethod
    def watch(cls) -> None:
        if signal.getsignal(signal.SIGINT) is signal.default_int_handler:  # not when SIGINT is ignored
            signal.signal(signal.SIGINT, cls.handler)


def main(argv: list[str] | None = None) -> int:
    previous = signal.getsignal(signal.SIGINT)
    interrupts.reset()
    _CtrlC.watch()
    try:
        return _main(argv)
    finally:
        if signal.getsignal(signal.SIGINT) is _CtrlC.handler:
            signal.signal(signal.SIGINT, previous)


def _main(argv: list[str] | None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    try:
        code = app(args=args, prog_name="talkwatch", standalone_mode=False)
        if code == 130:  # typer turns Ctrl-C into Exit(130) and, not standalone, returns it
            error("interrupted")
            return 130
        if interrupts.stop_requested():  # Ctrl-C swallowed where Python ignores exceptions, after the last check
            error("interrupted")
            return 130
    except typer.Exit as exc:
        return int(getattr(exc, "exit_code", 0) or 0)
    except typer.Abort:
        error("interrupted")
        return 130
    except typer.TyperException as exc:  # typer's own click: usage errors, bad parameters
        formatter = getattr(exc, "format_message", None)
        error(str(formatter()) if callable(formatter) else str(exc))
        return int(getattr(exc, "exit_code", 2))
    except KeyboardInterrupt:
        error("interrupted")
        return 130
    except Exception as exc:  # noqa: BLE001 - the CLI's last line of defence: one line, right exit code
        if interrupts.stop_requested() and not isinstance(_unwrapped(exc), TalkwatchError):
            if _debug():
                traceback.print_exc()
            error("interrupted")
            return 130
        code, message = _exit_code_for(_unwrapped(exc))
        if _debug():
            traceback.print_exc()
        error(message)
        return code
    return 0


def _debug() -> bool:
    try:
        return environment().debug
    except TalkwatchError:
        return False  # a bad TALKWATCH_* value is the error being reported


def _unwrapped(exc: BaseException) -> BaseException:
    """Ours when Prefect re-raised it wrapped (a flow or task failure chains the original): else `exc`."""
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, TalkwatchError):
            return seen
        seen = seen.__cause__ or seen.__context__
    return exc


if __name__ == "__main__":
    sys.exit(main())
