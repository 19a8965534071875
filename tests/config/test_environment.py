"""The TALKWATCH_* variables: declared once (common/environment.py), read nowhere else, bad values named."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from common.environment import Environment, environment
from common.errors import ConfigError
from common.killpoints import armed
from config.settings import load_settings

ROOT = Path(__file__).resolve().parents[2]
PRODUCT = ["flows", "web", "feeds", "alerts", "storage", "config", "common", "extractors"]


def test_no_product_module_reads_a_talkwatch_variable_itself() -> None:
    direct = re.compile(r"""(?:environ(?:\.get)?\s*[\[(]|getenv\()\s*["']TALKWATCH_""")
    offenders = [
        str(path.relative_to(ROOT))
        for package in PRODUCT
        for path in (ROOT / package).rglob("*.py")
        if direct.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


def test_every_declared_variable_is_documented_in_the_readme() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    missing = [
        f"TALKWATCH_{name.upper()}" for name in Environment.model_fields if f"TALKWATCH_{name.upper()}" not in readme
    ]
    assert missing == []


def test_values_are_typed_and_a_bad_one_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TALKWATCH_BACKFILL_BATCH", "40")
    monkeypatch.setenv("TALKWATCH_SERVE_INTERVAL_S", "")  # empty counts as unset
    env = environment()
    assert env.backfill_batch == 40 and env.serve_interval_s is None and env.debug is False
    monkeypatch.setenv("TALKWATCH_SQLITE_BUSY_TIMEOUT_MS", "soon")
    with pytest.raises(ConfigError, match=r"^environment: TALKWATCH_SQLITE_BUSY_TIMEOUT_MS: "):
        environment()


def test_switches_and_kill_points_follow_the_variables(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TALKWATCH_DEBUG", "yes")  # only "1" turns a switch on
    assert environment().debug is False
    monkeypatch.setenv("TALKWATCH_KILL_AT", " stored , fetched")
    assert armed("stored") and armed("fetched") and not armed("after_send")
    monkeypatch.setenv("TALKWATCH_TEST_KILL_AFTER_SEND", "1")
    assert armed("after_send")


def test_database_url_and_config_come_from_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TALKWATCH_DATABASE_URL", f"sqlite:///{tmp_path / 'x.db'}")
    monkeypatch.setenv("TALKWATCH_CONFIG", str(tmp_path / "missing.toml"))
    with pytest.raises(ConfigError, match="config file not found"):
        load_settings()
    cfg = tmp_path / "talkwatch.toml"
    cfg.write_text('[database]\nurl = "sqlite:///other.db"\n', encoding="utf-8")
    monkeypatch.setenv("TALKWATCH_CONFIG", str(cfg))
    assert load_settings().database.url == f"sqlite:///{tmp_path / 'x.db'}"
