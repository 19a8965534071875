"""`talkwatch web` / `serve` and the `[web]` config: a non-loopback bind without a token is refused (exit 2,
one line naming the key) before anything starts; bad values are config errors; the token is a secret."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from common.errors import ConfigError
from config.settings import load_settings
from flows.cli import main


def _config(tmp_path: Path, web: str) -> Path:
    path = tmp_path / "talkwatch.toml"
    path.write_text(f'[database]\nurl = "sqlite:///{tmp_path / "tw.db"}"\n\n[web]\n{web}\n', encoding="utf-8")
    return path


@pytest.mark.parametrize("command", ["web", "serve"])
@pytest.mark.parametrize("host", ["0.0.0.0", "192.0.2.10", "::"])
def test_non_loopback_bind_without_token_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: str, host: str
) -> None:
    cfg = _config(tmp_path, f'host = "{host}"')
    assert main([command, "--config", str(cfg)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1
    assert err[0].startswith("error: ") and "web.token: required to serve on " + host in err[0]


@pytest.mark.parametrize(
    ("body", "key"),
    [("port = 0", "web.port"), ("port = 70000", "web.port"), ('token = ""', "web.token"), ("bind = 1", "web.bind")],
)
def test_bad_web_values_are_config_errors(tmp_path: Path, body: str, key: str) -> None:
    with pytest.raises(ConfigError, match=key.replace(".", r"\.")):
        load_settings(_config(tmp_path, body))


def test_loopback_needs_no_token_and_the_token_is_masked(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for host in ("127.0.0.1", "localhost", "::1", "127.0.0.2"):
        assert load_settings(_config(tmp_path, f'host = "{host}"')).web.loopback
    cfg = _config(tmp_path, 'host = "0.0.0.0"\nport = 9000\ntoken = "a-long-secret-token-value"')
    assert main(["config", "show", "--json", "--config", str(cfg)]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["web"] == {"host": "0.0.0.0", "port": 9000, "token": "********"}
    assert "a-long-secret-token-value" not in json.dumps(shown)


def test_a_port_in_use_is_one_error_line_and_exit_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        cfg = _config(tmp_path, f"port = {port}")
        assert main(["web", "--config", str(cfg)]) == 1
    err = capsys.readouterr().err
    assert f"error: cannot serve on 127.0.0.1:{port}" in err
