"""Whether the user asked this process to stop (Ctrl-C), remembered past a swallowed KeyboardInterrupt.

Python raises the KeyboardInterrupt of a SIGINT wherever the main thread happens to be. When that is inside a
weakref callback or a `__del__` (SQLAlchemy and Prefect run many), Python prints "Exception ignored in ..."
and carries on: the Ctrl-C is lost and a backfill would run to its end. The CLI's SIGINT handler records the
request here before raising; long loops call `stop_if_requested()` at their safe points (between store and
extraction batches), so a swallowed Ctrl-C still stops the command there, with nothing half-committed.
"""

from __future__ import annotations

import threading

_requested = threading.Event()


def request_stop() -> None:
    """Record that the user asked to stop (called from the SIGINT handler)."""
    _requested.set()


def stop_requested() -> bool:
    return _requested.is_set()


def stop_if_requested() -> None:
    """Raise KeyboardInterrupt again when a stop was requested and the first one was swallowed."""
    if _requested.is_set():
        raise KeyboardInterrupt


def reset() -> None:
    """Forget a request (the CLI's `main` starts each command with none)."""
    _requested.clear()
