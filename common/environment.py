"""Every `TALKWATCH_*` environment variable, declared once (pydantic-settings) and read only through here.

Variables are read at each call, not at import: tests and `serve` set them per process. An empty value counts
as unset; a value that does not parse is a `ConfigError` naming the variable (exit 2). `${VAR}` references in
the config file are the user's own variables and are expanded by config/settings.py, not declared here.
"""

from __future__ import annotations

import functools
import os
from pathlib import Path
from typing import Annotated

from pydantic import BeforeValidator, ValidationError
from pydantic_settings import BaseSettings, SettingsConfigDict

from common.errors import ConfigError

PREFIX = "TALKWATCH_"

# A switch is on when set to "1", off otherwise (any other value too): the older variables' rule.
Switch = Annotated[bool, BeforeValidator(lambda value: value == "1" or value is True)]


class Environment(BaseSettings):
    model_config = SettingsConfigDict(env_prefix=PREFIX, env_ignore_empty=True, extra="ignore", frozen=True)

    config: Path | None = None  # the config file (default config/talkwatch.toml); set means it must exist
    database_url: str | None = None  # overrides [database] url
    debug: Switch = False  # "1": tracebacks, and Prefect's run loggers stay loud
    kill_at: str = ""  # test hook, common/killpoints.py: comma-separated kill point names
    test_kill_after_send: Switch = False  # test hook: the older name of the `after_send` kill point
    backfill_batch: int = 1000  # records per backfill batch (flows/backfill.py)
    backfill_processes: int = 1  # spaCy worker processes per backfill extraction batch
    backfill_parse_ahead_after: int = 500  # records a source holds (or a backfill has read) to start parse ahead
    serve_interval_s: int | None = None  # `serve`: a seconds interval instead of the cron (tests, demos)
    dispatch_interval_s: int = 60  # `serve`: how often the dispatcher retries due deliveries
    prefect_home: Path | None = None  # `serve`: the local Prefect server's home (default var/prefect-server)
    die_with_parent: int | None = None  # internal: serve's pid, set by serve for the processes it starts
    sqlite_busy_timeout_ms: int = 30_000  # how long a SQLite writer waits for another's lock (tests lower it)


def environment() -> Environment:
    """The `TALKWATCH_*` variables as they are now; `ConfigError` naming the first that does not parse."""
    # Read on every call (tests and `serve` change them), but parsed once per distinct set of values: kill
    # points and connections ask several times per feed, and pydantic-settings costs ~1 ms a parse (4 s of a
    # 1,000-feed pass before this).
    return _parsed(tuple(sorted((k, v) for k, v in os.environ.items() if k.startswith(PREFIX))))


@functools.lru_cache(maxsize=16)
def _parsed(_values: tuple[tuple[str, str], ...]) -> Environment:
    try:
        return Environment()
    except ValidationError as exc:
        first = exc.errors()[0]
        name = PREFIX + "_".join(str(part) for part in first["loc"]).upper()
        raise ConfigError(f"environment: {name}: {first['msg']}") from None
