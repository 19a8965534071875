"""The CLI as users run it: a subprocess, a config file, the exit codes and the JSON of the contract."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
RUN_KEYS = {"feeds", "feeds_failed", "articles_new", "events_new", "events_updated", "alerts_sent", "alerts_failed"}


def cli(*args: str, env: dict[str, str] | None = None, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if k not in ("TALKWATCH_CONFIG", "TALKWATCH_DATABASE_URL")}
    full_env = {**base, "PREFECT_SERVER_ANALYTICS_ENABLED": "false", **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "flows.cli", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=full_env,
        input=stdin,
        timeout=300,
        check=False,
    )


@pytest.fixture
def config(tmp_path: Path) -> Path:
    cfg = tmp_path / "talkwatch.toml"
    cfg.write_text(
        f"""
[database]
url = "sqlite:///tw.db"

[[feeds]]
name = "seeds"
url = "{ROOT / "seeds" / "feeds" / "fixtures.xml"}"

[[watch]]
name = "japan-dprk-talks"
max_age_days = 36500

[[channels]]
type = "webhook"
name = "hook"
url = "https://hooks.example.invalid/x"
secret = "${{TW_SECRET}}"
""",
        encoding="utf-8",
    )
    return cfg


SECRET = "whsec_dGhpcy1pcy1hLXRlc3Qtc2VjcmV0LTEyMzQ1Njc4"


@pytest.mark.slow
def test_run_twice_json_and_events(config: Path) -> None:
    env = {"TW_SECRET": SECRET}
    first = cli("--config", str(config), "run", "--json", env=env)
    assert first.returncode == 0, first.stderr
    summary = json.loads(first.stdout)  # exactly one JSON document on stdout
    assert set(summary) >= RUN_KEYS
    assert summary["articles_new"] == 2
    assert summary["feeds"] == 1 and summary["feeds_failed"] == 0
    # The webhook host does not resolve: the deliveries fail, are counted, and the pass still exits 0.
    assert summary["alerts_sent"] == 0 and summary["alerts_failed"] == 2
    assert SECRET not in first.stdout + first.stderr

    events = json.loads(cli("events", "--json", "--config", str(config), env=env).stdout)
    dates = {e["date"] for e in events}
    assert {"2018-09-26", "2014-03-30"} <= dates
    assert all(not e["background"] for e in events)
    stored = {"id", "first_seen", "last_seen", "sources", "articles", "recalled_by", "status_history"}
    assert all(stored <= set(e) for e in events)
    with_bg = json.loads(cli("events", "--all", "--json", "--config", str(config), env=env).stdout)
    assert any(e["background"] for e in with_bg) and len(with_bg) > len(events)
    # Known only from recollections: no reporting article, no source, recalled by at least one.
    assert all(e["recalled_by"] and not e["articles"] and e["sources"] == 0 for e in with_bg if e["background"])

    alerts = json.loads(cli("alerts", "--json", "--config", str(config), env=env).stdout)
    assert {a["status"] for a in alerts} == {"failed"}
    assert all(a["last_error"] and SECRET not in a["last_error"] for a in alerts)
    contract_keys = {"id", "event_id", "watch", "channel", "recipient", "status", "attempts", "last_error"}
    assert set(alerts[0]) >= contract_keys | {"created_at", "sent_at"}

    second = json.loads(cli("run", "--json", "--config", str(config), env=env).stdout)
    assert (second["articles_new"], second["events_new"], second["events_updated"]) == (0, 0, 0)


def test_config_show_masks_secrets(config: Path) -> None:
    out = cli("config", "show", "--json", "--config", str(config), env={"TW_SECRET": SECRET})
    assert out.returncode == 0, out.stderr
    shown = json.loads(out.stdout)
    assert shown["channels"][0]["secret"] == "********"
    assert SECRET not in out.stdout


# Real-shaped hook URLs: the token is the path (Slack, Discord, Teams), a query value, userinfo, an Apprise host.
HOOK_TOKENS = {
    "https://hooks.slack.com/services/T0AAAAAAA/B0BBBBBBB/XyZsLaCkToKeN123456789": "XyZsLaCkToKeN123456789",
    "https://discord.com/api/webhooks/112233445566/DiScOrDtOkEn-abcdefABCDEF": "DiScOrDtOkEn-abcdefABCDEF",
    "https://contoso.webhook.office.com/webhookb2/aaaa-bbbb@cccc/IncomingWebhook/TeAmSToKeN0987/dddd": "TeAmSToKeN0987",
    "https://hooks.example.org:8443/in?token=QuErYtOkEn5555&x=1": "QuErYtOkEn5555",
    "https://alice:UsErInFoPaSs77@hooks.example.net/a": "UsErInFoPaSs77",
}
APPRISE_URL = "tgram://123456789:TgRaMbOtToKeNzzz/-1001234"


def test_config_show_hides_url_tokens(tmp_path: Path) -> None:
    cfg = tmp_path / "hooks.toml"
    hooks = "".join(
        f'[[channels]]\ntype = "webhook"\nurl = "{url}"\nsecret = "${{TW_SECRET}}"\n\n' for url in HOOK_TOKENS
    )
    cfg.write_text(
        f'[database]\nurl = "sqlite:///tw.db"\n\n{hooks}[[channels]]\ntype = "apprise"\nurl = "{APPRISE_URL}"\n',
        encoding="utf-8",
    )
    env = {"TW_SECRET": SECRET}
    as_json = cli("config", "show", "--json", "--config", str(cfg), env=env)
    human = cli("config", "show", "--config", str(cfg), env=env)
    assert as_json.returncode == 0 and human.returncode == 0, as_json.stderr + human.stderr
    tokens = [*HOOK_TOKENS.values(), "TgRaMbOtToKeNzzz", "T0AAAAAAA", "112233445566", "alice", SECRET]
    for out in (as_json.stdout, human.stdout):
        leaked = [t for t in tokens if t in out]
        assert not leaked, leaked
    channels = json.loads(as_json.stdout)["channels"]
    hosts = ["hooks.slack.com", "discord.com", "contoso.webhook.office.com", "hooks.example.org:8443"]
    hosts.append("hooks.example.net")
    for shown, host in zip(channels, [*hosts, None], strict=True):
        scheme, _, rest = shown["url"].partition("://")
        digest = shown["url"].rpartition("#")[2]
        assert len(digest) == 12 and shown["key"].endswith("#" + digest)  # the digest names the channel's deliveries
        if host is None:  # Apprise: the host may be the token, only the scheme is shown
            assert (scheme, rest) == ("tgram", f"/…#{digest}")
        else:
            assert (scheme, rest) == ("https", f"{host}/…#{digest}")
            assert shown["url"] in human.stdout
    assert len({c["url"] for c in channels}) == len(channels)


def test_feeds_lists_health(config: Path) -> None:
    out = cli("feeds", "--json", "--config", str(config), env={"TW_SECRET": SECRET})
    assert out.returncode == 0, out.stderr
    [feed] = json.loads(out.stdout)
    assert feed["name"] == "seeds" and feed["consecutive_failures"] == 0 and feed["disabled"] is False


def test_bad_database_url_is_a_config_error(config: Path) -> None:
    out = cli(
        "events",
        "--config",
        str(config),
        env={"TW_SECRET": SECRET, "TALKWATCH_DATABASE_URL": "postgresql+psycopg://:::/"},
    )
    assert out.returncode == 2
    assert out.stderr.startswith("error: ") and len(out.stderr.strip().splitlines()) == 1


def test_unopenable_database_exits_1(config: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    url = f"sqlite:///{blocker}/sub/tw.db"
    out = cli("events", "--config", str(config), env={"TW_SECRET": SECRET, "TALKWATCH_DATABASE_URL": url})
    assert out.returncode == 1
    assert out.stderr.startswith("error: ") and "Traceback" not in out.stderr


def test_missing_secret_variable_exits_2(config: Path) -> None:
    out = cli("events", "--config", str(config))
    assert out.returncode == 2
    assert "TW_SECRET" in out.stderr


def test_extract_reads_stdin_and_reports_bad_lines() -> None:
    lines = [
        json.dumps({"id": "ok", "text": "Nothing about diplomacy here.", "published": "2020-01-01"}),
        "{broken",
        json.dumps({"id": "no-text"}),
    ]
    out = cli("extract", stdin="\n".join(lines) + "\n")
    assert out.returncode == 0
    rows = [json.loads(line) for line in out.stdout.splitlines()]
    assert rows[0] == {"id": "ok", "events": []}
    assert "error" in rows[1] and "error" in rows[2]
    assert len(out.stderr.strip().splitlines()) == 2


def test_extract_seed_txt_with_published_date() -> None:
    seed = ROOT / "seeds" / "000_fd21201a034cecf6.txt"
    out = cli("extract", str(seed), "--published", "2018-09-27")
    assert out.returncode == 0, out.stderr
    [row] = [json.loads(line) for line in out.stdout.splitlines()]
    assert row["id"] == seed.name
    news = [e for e in row["events"] if not e["background"]]
    assert news and news[0]["date"] == "2018-09-26" and news[0]["countries"] == ["JPN", "PRK"]


def test_unknown_command_is_usage_error() -> None:
    out = cli("frobnicate")
    assert out.returncode == 2


@pytest.mark.slow
def test_prefect_server_that_does_not_start_in_time_is_one_clear_line(config: Path, tmp_path: Path) -> None:
    # A zero startup allowance stands in for a machine too busy to start Prefect's local server in time.
    env = {
        "TW_SECRET": SECRET,
        "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "0",
        "PREFECT_HOME": str(tmp_path / "prefect"),
        "PREFECT_API_URL": "",
    }
    result = cli("--config", str(config), "run", "--json", env=env)
    assert result.returncode == 1
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "did not start within 0 s" in lines[0] and "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS" in lines[0]


def test_ephemeral_server_gets_two_minutes_by_default() -> None:
    probe = "import flows.cli, os; print(os.environ['PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS'])"
    env = {k: v for k, v in os.environ.items() if k != "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS"}
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT, env=env, check=True)
    assert out.stdout.strip() == "120"
