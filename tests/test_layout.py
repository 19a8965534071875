"""The tree a newcomer reads: benchmarks outside the installed packages, every installed package type-checked."""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_no_installed_package_holds_a_benchmark_and_all_are_checked() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    installed = [p.rstrip("*") for p in project["tool"]["setuptools"]["packages"]["find"]["include"]]
    assert "benchmarks" not in installed and "tests" not in installed
    benches = [str(p.relative_to(ROOT)) for pkg in installed for p in (ROOT / pkg).rglob("*bench*.py")]
    assert benches == []
    assert set(installed) <= set(project["tool"]["mypy"]["packages"])
    assert set(installed) <= set(project["tool"]["importlinter"]["root_packages"])
