"""How many cores this process may use: what decides whether a backfill runs helper processes beside itself.

`os.cpu_count()` counts the machine's cores, not the ones this process is allowed to run on. A worker confined
to one core (`taskset`, a cpuset, a container started with `--cpus=1`) that starts parse-ahead and store-ahead
processes anyway only makes them take turns with it on that core. So the count is the smallest of the CPU
affinity mask and the cgroup's CPU quota (rounded up), as Go's automaxprocs and the JVM read it.
"""

from __future__ import annotations

import math
import os
from pathlib import Path

# cgroup v2, then v1: where a container's CPU limit (quota per period) is published to the processes in it.
_CGROUP_V2 = Path("/sys/fs/cgroup/cpu.max")
_CGROUP_V1 = (Path("/sys/fs/cgroup/cpu/cpu.cfs_quota_us"), Path("/sys/fs/cgroup/cpu/cpu.cfs_period_us"))


def usable_cores() -> int:
    """Cores this process can run on (at least 1)."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    quota = cgroup_quota_cores()
    return max(1, min(cores, quota) if quota is not None else cores)


def cgroup_quota_cores(v2: Path = _CGROUP_V2, v1: tuple[Path, Path] = _CGROUP_V1) -> int | None:
    """The cgroup's CPU quota in whole cores (rounded up); None when there is none or it cannot be read."""
    try:
        if v2.exists():
            quota, _, period = v2.read_text(encoding="ascii").strip().partition(" ")
            return None if quota == "max" else math.ceil(int(quota) / int(period or 100_000))
        if v1[0].exists() and v1[1].exists():
            quota_us = int(v1[0].read_text(encoding="ascii"))
            return None if quota_us <= 0 else math.ceil(quota_us / int(v1[1].read_text(encoding="ascii")))
    except (OSError, ValueError, ZeroDivisionError):
        return None
    return None
