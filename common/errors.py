"""talkwatch's errors, at the bottom of the import graph: every package raises these (or subclasses of them),
and `talkwatch` (flows/cli.py `main`) turns any of them into one line on stderr and the class's exit code.

Exit codes (contract: shared/spec/interface.md): 2 bad usage or invalid configuration, 1 anything else.
"""

from __future__ import annotations

from typing import ClassVar


class TalkwatchError(Exception):
    """An error the user can act on; the message is one line, the exit code belongs to the class."""

    exit_code: ClassVar[int] = 1


class UsageError(TalkwatchError):
    """Bad usage detected by a command itself (an unknown delivery id, a missing file...)."""

    exit_code = 2


class ConfigError(TalkwatchError):
    """An invalid configuration: one line, naming the file and key."""

    exit_code = 2


class DatabaseURLError(ConfigError, ValueError):
    """A database URL that cannot be parsed or names an unsupported database: a configuration error."""


class DatabaseUnavailableError(TalkwatchError, RuntimeError):
    """A database that cannot be opened, migrated or written."""


class CommandFailedError(TalkwatchError):
    """The command could not do its job (a source of which nothing could be read); the message is the line."""


class ServiceError(TalkwatchError, RuntimeError):
    """A service talkwatch starts or needs (the local Prefect server) did not come up."""
