from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from common.errors import ConfigError
from config.settings import load_settings

ROOT = Path(__file__).resolve().parents[2]


def _write(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "talkwatch.toml"
    path.write_text(body, encoding="utf-8")
    return path


def test_defaults_when_file_is_empty(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TALKWATCH_DATABASE_URL", raising=False)
    s = load_settings(_write(tmp_path, ""))
    assert s.schedule.cron == "*/15 * * * *"
    assert s.fetch.max_bytes == 10_000_000
    assert [w.name for w in s.watch] == ["japan-dprk-talks"]
    assert s.watch[0].countries == ("JPN", "PRK")
    assert s.watch[0].statuses == ("held", "ongoing")
    assert s.alerts.max_attempts == 8
    assert [c.type for c in s.effective_channels] == ["console"]
    # Relative SQLite paths are relative to the config file's directory.
    assert s.database.url == f"sqlite:///{(tmp_path / 'var' / 'talkwatch.db').resolve()}"


def test_bundled_config_points_at_the_seed_feed() -> None:
    s = load_settings(ROOT / "config" / "talkwatch.toml")
    [feed] = s.feeds
    assert s.resolve_path(feed.url).resolve() == (ROOT / "seeds" / "feeds" / "fixtures.xml").resolve()
    assert s.database.url.endswith("/var/talkwatch.db")


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("[fetch]\ntimeout_s = 'slow'\n", "fetch.timeout_s"),
        ("[fetch]\nbogus = 1\n", "fetch.bogus: unknown key"),
        ("nonsense = 1\n", "nonsense: unknown key"),
        ("[[feeds]]\nname = 'a'\nurl = 'x'\ncolour = 'red'\n", "feeds[0].colour: unknown key"),
        ("[[watch]]\ncountries = ['JPN', 'NK']\n", "watch[0].countries"),
        ("[[watch]]\nstatuses = ['happened']\n", "unknown status 'happened'"),
        ("[database]\nurl = 'mysql://x'\n", "database.url"),
        ("[schedule]\ncron = 'every minute'\n", "schedule.cron"),
        ("[[channels]]\ntype = 'pigeon'\n", "channels[0]"),
        ("[[channels]]\ntype = 'webhook'\nurl = 'https://h.example/x'\nsecret = 'plain'\n", "secret"),
        ("[fetch\n", "not valid TOML"),
    ],
)
def test_invalid_config_names_the_key(tmp_path: Path, body: str, expected: str) -> None:
    with pytest.raises(ConfigError) as info:
        load_settings(_write(tmp_path, body))
    message = str(info.value)
    assert expected in message
    assert "\n" not in message
    assert str(tmp_path / "talkwatch.toml") in message


def test_env_references_and_missing_variables(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    body = "[[channels]]\ntype = 'webhook'\nurl = 'https://h.example/x'\nsecret = '${TW_TEST_SECRET}'\n"
    monkeypatch.delenv("TW_TEST_SECRET", raising=False)
    with pytest.raises(ConfigError, match="TW_TEST_SECRET is not set"):
        load_settings(_write(tmp_path, body))
    monkeypatch.setenv("TW_TEST_SECRET", "whsec_c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0")
    s = load_settings(_write(tmp_path, body))
    assert s.channels[0].secret.get_secret_value().startswith("whsec_")  # type: ignore[union-attr]
    assert "c2VjcmV0" not in repr(s)


def test_environment_overrides(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cfg = _write(tmp_path, "[schedule]\ncron = '0 * * * *'\n")
    monkeypatch.setenv("TALKWATCH_CONFIG", str(cfg))
    monkeypatch.setenv("TALKWATCH_DATABASE_URL", "postgresql+psycopg://u@h/db")
    s = load_settings()
    assert s.schedule.cron == "0 * * * *"
    assert s.database.url == "postgresql+psycopg://u@h/db"


def test_explicit_missing_file_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="config file not found"):
        load_settings(tmp_path / "nope.toml")


def test_cli_exits_2_with_one_line(tmp_path: Path) -> None:
    cfg = _write(tmp_path, "[fetch]\nconcurrency = 'many'\n")
    proc = subprocess.run(
        [sys.executable, "-m", "flows.cli", "events", "--config", str(cfg)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("error: ")
    assert "fetch.concurrency" in lines[0]
    assert proc.stdout == ""


def test_unnamed_channel_keys_never_reveal_tokens(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Telegram puts the bot token where a host would be, Slack puts it in the webhook path.
    monkeypatch.setenv("TW_BOT", "123456789:AAbbCCddEEffGG")
    monkeypatch.setenv("TW_HOOK_SECRET", "whsec_c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0")
    body = (
        "[[channels]]\ntype = 'apprise'\nurl = 'tgram://${TW_BOT}/4242'\n"
        "[[channels]]\ntype = 'apprise'\nurl = 'tgram://${TW_BOT}/4343'\n"
        "[[channels]]\ntype = 'webhook'\nurl = 'https://hooks.slack.example/services/T0/B0/XyZsecretPath'\n"
        "secret = '${TW_HOOK_SECRET}'\n"
    )
    s = load_settings(_write(tmp_path, body))
    keys = [c.key for c in s.channels]
    assert len(set(keys)) == 3
    assert keys[0].startswith("apprise:tgram:#") and keys[2].startswith("webhook:https://hooks.slack.example#")
    for key in keys:
        assert "AAbb" not in key and "123456789" not in key and "XyZsecretPath" not in key
    assert keys == [c.key for c in load_settings(_write(tmp_path, body)).channels]  # stable across loads
