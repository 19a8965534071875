"""Who holds a delivery claim: host, process id and process start time, and whether that process is gone.

A claim is a lease (storage/outbox.py): a dispatcher that died between sending and recording leaves the row
claimed until the lease runs out (120 s or more). The claim also records its holder, so a dispatcher on the
*same host* can look the holder up and take the delivery over at once when it is gone: no process with that
pid, or a process with that pid but another start time (the pid was reused). Across hosts nothing can be
looked up, so the lease stands.

"Same host" means the same kernel boot and the same pid namespace, not just the same hostname: two
containers may share a hostname (or a kernel) while their pids mean different processes. The host key is
`hostname/boot-id/pid-namespace`; outside Linux it is the hostname alone.
"""

from __future__ import annotations

import os
import socket
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import psutil

# Start times are compared with this tolerance: psutil derives them from the boot time, which the kernel
# reports to the second and which can move by a second under clock adjustments. A reused pid starting in the
# same second as the dead holder is the one case this cannot tell apart; the lease then still applies.
START_TOLERANCE_S = 1.0


@dataclass(frozen=True)
class ClaimHolder:
    host: str
    pid: int
    started: float  # the process's start time, seconds since the epoch

    def is_gone(self) -> bool:
        """Whether this holder's process no longer runs here (only meaningful for a holder on this host)."""
        return not process_alive(self.pid, self.started)


@cache
def host_key() -> str:
    """This host as far as pids go: hostname, kernel boot and pid namespace (see the module doc)."""
    parts = [socket.gethostname()]
    try:
        parts.append(Path("/proc/sys/kernel/random/boot_id").read_text(encoding="ascii").strip()[:8])
        parts.append(str(Path("/proc/self/ns/pid").stat().st_ino))
    except OSError:
        pass  # not Linux: the hostname alone
    return "/".join(parts)[:255]


@cache
def _start_time(pid: int) -> float:
    return float(psutil.Process(pid).create_time())


def this_process() -> ClaimHolder:
    """The claim holder for the calling process (the pid is read each time: a forked worker is another one)."""
    pid = os.getpid()
    return ClaimHolder(host=host_key(), pid=pid, started=_start_time(pid))


def process_alive(pid: int, started: float) -> bool:
    """Whether the process `pid` that started at `started` still runs on this host."""
    try:
        proc = psutil.Process(pid)
        actual = proc.create_time()
        zombie = proc.status() == psutil.STATUS_ZOMBIE  # dead, waiting for its parent to reap it
    except psutil.NoSuchProcess:
        return False
    except psutil.Error:
        return True  # it exists but cannot be inspected (another user's): assume it is the holder
    return not zombie and abs(actual - started) <= START_TOLERANCE_S
