"""Child processes that must not outlive `talkwatch serve`: the Linux parent-death signal.

`serve` starts a private Prefect server and Prefect starts a process per flow run. When serve stops normally
it stops them itself; when it is SIGKILLed (or crashes) nothing of serve runs any more, so each of those
children asks the kernel beforehand to SIGKILL it when its parent dies (`prctl(PR_SET_PDEATHSIG)`). The
setting survives `exec` but not `fork`, so it is armed in the child itself:

- serve puts its pid in `TALKWATCH_DIE_WITH_PARENT` for the children it starts;
- importing `flows` (every flow-run process does, to load the flow) calls `honour_env()`, which takes the
  variable out of the environment (grandchildren do not inherit it), arms the signal and, if serve is
  already gone (it died before the signal was armed), exits at once;
- the private server is started as `python -m flows.parent_death PROGRAM ARGS...`, which does the same and
  then execs the Prefect server.

Elsewhere than Linux this does nothing (serve's own shutdown still stops its children).
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys

from common.environment import environment
from common.errors import TalkwatchError

ENV = "TALKWATCH_DIE_WITH_PARENT"
_PR_SET_PDEATHSIG = 1  # linux/prctl.h


def die_with_parent(sig: int = signal.SIGKILL) -> bool:
    """Have the kernel send `sig` to this process when its parent dies; False where unsupported."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return int(libc.prctl(_PR_SET_PDEATHSIG, int(sig), 0, 0, 0)) == 0
    except (OSError, AttributeError):
        return False


def honour_env() -> None:
    """In a child of serve (`TALKWATCH_DIE_WITH_PARENT` = serve's pid): die with serve. Otherwise nothing."""
    try:
        parent = environment().die_with_parent
    except TalkwatchError:
        parent = None  # not a pid: not serve's child
    os.environ.pop(ENV, None)  # for this process only: its own children are not serve's
    if parent is None:
        return
    if die_with_parent() and os.getppid() != parent:
        os._exit(1)  # serve died before the signal was armed: do not start work it cannot oversee


def main(argv: list[str]) -> None:
    """`python -m flows.parent_death PROGRAM ARGS...`: exec PROGRAM with the parent-death signal armed."""
    if not argv:
        sys.exit("usage: python -m flows.parent_death PROGRAM [ARGS...]")
    honour_env()  # also done when `flows` was imported; the variable is gone by now then
    os.execv(argv[0], argv)  # noqa: S606 - our own launcher: the program and its arguments come from serve


if __name__ == "__main__":
    main(sys.argv[1:])
