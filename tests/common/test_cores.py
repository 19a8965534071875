"""The cores a backfill counts are the ones it may run on, not the machine's."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from common.cores import cgroup_quota_cores, usable_cores

NO_V1 = (Path("/nonexistent/quota"), Path("/nonexistent/period"))


@pytest.mark.parametrize(
    ("cpu_max", "cores"),
    [
        ("max 100000\n", None),  # no limit
        ("100000 100000\n", 1),  # --cpus=1
        ("150000 100000\n", 2),  # --cpus=1.5: a second core part of the time is still a second core
        ("50000 100000\n", 1),  # half a core: at least one
        ("garbage\n", None),  # unreadable: no limit assumed
    ],
)
def test_cgroup_v2_quota_in_whole_cores(tmp_path: Path, cpu_max: str, cores: int | None) -> None:
    v2 = tmp_path / "cpu.max"
    v2.write_text(cpu_max, encoding="ascii")
    assert cgroup_quota_cores(v2, NO_V1) == cores


@pytest.mark.parametrize(("quota", "cores"), [("-1\n", None), ("200000\n", 2), ("100000\n", 1)])
def test_cgroup_v1_quota_in_whole_cores(tmp_path: Path, quota: str, cores: int | None) -> None:
    (tmp_path / "quota").write_text(quota, encoding="ascii")
    (tmp_path / "period").write_text("100000\n", encoding="ascii")
    assert cgroup_quota_cores(tmp_path / "absent", (tmp_path / "quota", tmp_path / "period")) == cores


def test_without_any_cgroup_file_there_is_no_quota(tmp_path: Path) -> None:
    assert cgroup_quota_cores(tmp_path / "absent", NO_V1) is None


@pytest.mark.skipif(not hasattr(os, "sched_setaffinity"), reason="needs CPU affinity (Linux)")
def test_a_process_confined_to_one_core_runs_no_helper_processes() -> None:
    """A worker pinned to one core (taskset, a cpuset) would only make parse ahead take turns with it."""
    code = (
        "import os; os.sched_setaffinity(0, {min(os.sched_getaffinity(0))});"
        "from common.cores import usable_cores; from flows import parse_ahead;"
        "print(usable_cores(), parse_ahead.enabled())"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out == ["1", "False"]


def test_usable_cores_is_at_most_the_affinity_mask() -> None:
    allowed = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    assert 1 <= usable_cores() <= allowed
