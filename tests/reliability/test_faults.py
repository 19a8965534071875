"""Unavailable services, secrets and output safety, end to end through the CLI.

- database down (PostgreSQL on a closed port) or locked (SQLite held EXCLUSIVE past the busy timeout): one
  `error:` line, exit 1, nothing lost, the next run catches up;
- SMTP refusing, SMTP rejecting the login, a webhook timing out, a webhook host that does not resolve:
  exit 0 with alerts_failed counted, one-line last_error, and the next run delivers once the receiver is
  back, under the same webhook-id;
- secrets (webhook secret, SMTP password, database password) appear in no output of any command;
- files written are not world-readable;
- ANSI/OSC escape sequences in feed text never reach the terminal.
"""

from __future__ import annotations

import json
import os
import sqlite3
import stat
from pathlib import Path
from urllib.parse import quote

import pytest

from tests.support.e2e import SECRET, SMTP_PASSWORD, STORIES, Cli, item, rss, sql, write_config
from tests.support.feedserver import FeedServer
from tests.support.receivers import Reply, SmtpReceiver, WebhookReceiver, dead_port

pytestmark = pytest.mark.reliability

PG_PASSWORD = "pg-Pa55word-never-shown"


def _one_error_line(stderr: str) -> str:
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) == 1, stderr[-3000:]
    assert lines[0].startswith("error: ") and "Traceback" not in stderr
    return lines[0]


def _story_feed(server: FeedServer, n: int = 1) -> str:
    server.route("/feed", body=rss([item(t, d, guid=f"s-{i}", pub=p) for i, (t, d, p) in enumerate(STORIES[:n])]))
    return server.url("/feed")


@pytest.mark.slow
def test_database_down_then_back(cli: Cli, tmp_path: Path) -> None:
    with FeedServer() as server, dead_port() as port:
        cfg = write_config(
            tmp_path / "tw.toml", feeds=[{"name": "n", "url": _story_feed(server), "allow_private": True}]
        )
        down = f"postgresql+psycopg://postgres:{PG_PASSWORD}@127.0.0.1:{port}/test"
        for args in (("run", "--json"), ("events",), ("alerts", "--json"), ("feeds",)):
            out = cli("--config", str(cfg), *args, env={"TALKWATCH_DATABASE_URL": down})
            assert out.returncode == 1, (args, out.returncode, out.stderr[-2000:])
            line = _one_error_line(out.stderr)
            assert "database" in line and PG_PASSWORD not in out.stdout + out.stderr
            assert out.stdout == ""
        assert server.hits("/feed") == 0  # nothing fetched (and so nothing lost) without a database
        back = cli("--config", str(cfg), "run", "--json")
        assert back.returncode == 0, back.stderr[-2000:]
        assert json.loads(back.stdout)["articles_new"] == 1


@pytest.mark.slow
def test_sqlite_locked_past_busy_timeout(cli: Cli, tmp_path: Path) -> None:
    with FeedServer() as server:
        cfg = write_config(
            tmp_path / "tw.toml", feeds=[{"name": "n", "url": _story_feed(server, 2), "allow_private": True}]
        )
        assert cli("--config", str(cfg), "feeds", "--json").returncode == 0  # creates and migrates the database
        holder = sqlite3.connect(tmp_path / "tw.db", timeout=0, isolation_level=None)
        try:
            holder.execute("BEGIN EXCLUSIVE")
            holder.execute("UPDATE feeds SET last_warning = 'held' WHERE 1")
            out = cli("--config", str(cfg), "run", "--json", env={"TALKWATCH_SQLITE_BUSY_TIMEOUT_MS": "1500"})
        finally:
            holder.execute("ROLLBACK")
            holder.close()
        assert out.returncode == 1, (out.returncode, out.stderr[-2000:])
        assert "locked" in _one_error_line(out.stderr)
        assert out.stdout == ""
        again = cli("--config", str(cfg), "run", "--json")
        assert again.returncode == 0, again.stderr[-2000:]
        summary = json.loads(again.stdout)
        stored = sql(
            f"sqlite:///{tmp_path / 'tw.db'}", "SELECT count(*) AS n FROM articles WHERE extracted_version IS NOT NULL"
        )
        assert stored[0].n == 2 and summary["feeds_failed"] == 0


@pytest.mark.slow
def test_delivery_faults_counted_then_caught_up_and_no_secret_anywhere(cli: Cli, tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'var' / 'tw.db'}"
    env = {"TW_SECRET": SECRET, "TW_SMTP_PASSWORD": quote(SMTP_PASSWORD, safe="")}
    with (
        FeedServer() as server,
        WebhookReceiver(SECRET, default=Reply(delay_s=5.0)) as slow_hook,
        SmtpReceiver(credentials=("tw", "the-right-one")) as strict_smtp,
        dead_port() as closed,
    ):
        feed = [{"name": "n", "url": _story_feed(server), "allow_private": True}]
        channels = [
            {"type": "webhook", "name": "slow-hook", "url": slow_hook.url, "secret": "${TW_SECRET}"},
            {
                "type": "webhook",
                "name": "nxdomain",
                "url": "https://hooks.talkwatch.invalid/x",
                "secret": "${TW_SECRET}",
            },
            {
                "type": "email",
                "name": "mail-down",
                "smtp_url": f"smtp://tw:${{TW_SMTP_PASSWORD}}@127.0.0.1:{closed}?starttls=false",
                "sender": "tw@example.org",
                "to": ["analyst@example.org"],
            },
            {
                "type": "email",
                "name": "mail-badauth",
                "smtp_url": f"smtp://tw:${{TW_SMTP_PASSWORD}}@127.0.0.1:{strict_smtp.port}?starttls=false",
                "sender": "tw@example.org",
                "to": ["analyst@example.org"],
            },
        ]
        cfg_args = {
            "db_url": "sqlite:///var/tw.db",
            "feeds": feed,
            "alerts": {"send_timeout_s": 1.5, "max_attempts": 5},
        }
        cfg = write_config(tmp_path / "tw.toml", channels=channels, **cfg_args)
        outputs: list[str] = []

        first = cli("--config", str(cfg), "run", "--json", env=env)
        outputs += [first.stdout, first.stderr]
        assert first.returncode == 0, first.stderr[-2000:]
        summary = json.loads(first.stdout)
        assert (summary["alerts_sent"], summary["alerts_failed"]) == (0, 4), summary
        alerts = json.loads(cli("--config", str(cfg), "alerts", "--json", env=env).stdout)
        by_channel = {a["channel"]: a for a in alerts}
        # Retryable faults wait for a retry; a refused login (SMTP 535) is permanent: dead at once.
        assert {c: a["status"] for c, a in by_channel.items()} == {
            "slow-hook": "failed",
            "nxdomain": "failed",
            "mail-down": "failed",
            "mail-badauth": "dead",
        }
        for a in alerts:
            assert a["last_error"] and "\n" not in a["last_error"], a
        assert "time" in by_channel["slow-hook"]["last_error"].lower()
        first_ids = {d.id for d in slow_hook.deliveries}
        assert len(first_ids) == 1

        # The receivers come back; time passes (the backoff is over): the next run delivers what failed.
        slow_hook.default = Reply()
        with SmtpReceiver(credentials=("tw", SMTP_PASSWORD)) as smtp:
            channels[2]["smtp_url"] = f"smtp://tw:${{TW_SMTP_PASSWORD}}@127.0.0.1:{smtp.port}?starttls=false"
            write_config(tmp_path / "tw.toml", channels=channels, **cfg_args)
            sql(db, "UPDATE alerts SET next_attempt_at = '2000-01-01 00:00:00'")
            second = cli("--config", str(cfg), "run", "--json", env=env)
            outputs += [second.stdout, second.stderr]
            assert second.returncode == 0, second.stderr[-2000:]
            summary = json.loads(second.stdout)
            assert (summary["alerts_sent"], summary["alerts_failed"]) == (2, 1), (
                summary,
                cli("--config", str(cfg), "alerts", "--json", env=env).stdout,
            )
            assert len(smtp.wait_for(1)) == 1 and smtp.messages[0].login == "tw"
        assert {d.id for d in slow_hook.deliveries} == first_ids  # the retry kept its webhook-id
        assert all(d.verified for d in slow_hook.deliveries)
        assert strict_smtp.messages == []  # wrong password: refused, never delivered
        assert all(not ok for _, ok in strict_smtp.auth_attempts)

        # Every command's output, human and JSON, and the stored errors: no secret anywhere.
        for args in (
            ("alerts",),
            ("alerts", "--json"),
            ("config", "show"),
            ("config", "show", "--json"),
            ("events",),
            ("events", "--json"),
            ("feeds",),
            ("feeds", "--json"),
            ("alerts", "test", "mail-down"),
            ("alerts", "test", "nxdomain", "--json"),
        ):
            out = cli("--config", str(cfg), *args, env=env)
            assert out.returncode in (0, 1), (args, out.stderr[-2000:])
            outputs += [out.stdout, out.stderr]
        shown = json.loads(cli("--config", str(cfg), "config", "show", "--json", env=env).stdout)
        assert all(c.get("secret") in (None, "********") for c in shown["channels"])
        stored_errors = [r.last_error or "" for r in sql(db, "SELECT last_error FROM alerts")]
        everything = "\n".join(outputs + stored_errors)
        for secret in (SECRET, SECRET.removeprefix("whsec_"), SMTP_PASSWORD, quote(SMTP_PASSWORD, safe="")):
            assert secret not in everything

        # Files it wrote are private: the database, its WAL/SHM and the directory it created.
        var = tmp_path / "var"
        assert stat.S_IMODE(var.stat().st_mode) & 0o077 == 0, oct(var.stat().st_mode)
        for path in var.iterdir():
            assert stat.S_IMODE(path.stat().st_mode) & 0o077 == 0, (path.name, oct(path.stat().st_mode))


ESCAPES = ("\x1b[31m", "\x1b]0;pwned\x07", "\x1b[2J", "\x9b31m")


@pytest.mark.slow
def test_escape_sequences_never_reach_the_terminal(cli: Cli, tmp_path: Path) -> None:
    """Feed text with ANSI/OSC sequences (raw, as character references and via backfill JSON) is printed clean."""
    title, text, pub = STORIES[1]
    evil_title = f"{title} \x1b[31mRED\x1b]0;pwned\x07"
    evil_text = text.replace("held talks", "held \x1b[31mtalks\x1b]0;pwned\x07").replace(
        "Ri Yong Ho", "Ri\x1b[2J Yong Ho"
    )
    refs = text.replace("held talks", "held &#27;[31mtalks&#27;]0;pwned&#7;")
    with FeedServer() as server:
        server.route(
            "/feed",
            body=rss(
                [
                    item(evil_title, evil_text, guid="esc-1", pub=pub),
                    item("ref " + title, refs, guid="esc-2", pub=pub, raw=True),
                ]
            ),
        )
        cfg = write_config(
            tmp_path / "tw.toml", feeds=[{"name": "n", "url": server.url("/feed"), "allow_private": True}]
        )
        source = tmp_path / "evil.jsonl"
        source.write_text(
            json.dumps({"id": "evil\x1b[31m", "title": evil_title, "text": evil_text, "published": "2018-09-27"})
            + "\n"
            + json.dumps({"id": "\x1b]0;pwned\x07", "text": ""})
            + "\n",
            encoding="utf-8",
        )
        printed = []
        for args in (("run",), ("backfill", str(source)), ("events",), ("events", "--all"), ("alerts",), ("feeds",)):
            out = cli("--config", str(cfg), *args, env={"COLUMNS": "200"})
            assert out.returncode == 0, (args, out.stderr[-2000:])
            printed.append((args, out.stdout, out.stderr))
        assert any("New York" in o for _, o, _ in printed)  # the events were found and shown
        for args, stdout, stderr in printed:
            for stream in (stdout, stderr):
                assert "\x1b" not in stream and "\x07" not in stream and "\x9b" not in stream, (args, stream[-500:])
        # JSON output keeps the text exact but escaped: a JSON document never carries a raw ESC.
        raw = cli("--config", str(cfg), "events", "--all", "--json").stdout
        assert "\x1b" not in raw and "\x07" not in raw
        json.loads(raw)


def test_permissions_of_created_database_are_private(tmp_path: Path) -> None:
    """Even under a permissive umask the database files are created owner-only."""
    from storage.db import dispose_all, get_engine

    old = os.umask(0o022)
    try:
        url = f"sqlite:///{tmp_path / 'deep' / 'dir' / 'tw.db'}"
        engine = get_engine(url)
        with engine.begin() as conn:
            conn.exec_driver_sql(
                "INSERT INTO checkpoints (source_key, position, done, updated_at) VALUES ('k', 1, 0, CURRENT_TIMESTAMP)"
            )
        for path in (tmp_path / "deep" / "dir").iterdir():
            assert stat.S_IMODE(path.stat().st_mode) & 0o077 == 0, (path.name, oct(path.stat().st_mode))
        assert stat.S_IMODE((tmp_path / "deep" / "dir").stat().st_mode) & 0o077 == 0
    finally:
        os.umask(old)
        dispose_all()


@pytest.mark.postgres
@pytest.mark.slow
def test_nul_characters_do_not_poison_a_postgresql_batch(cli: Cli, tmp_path: Path, pg_url: str) -> None:
    """PostgreSQL text cannot hold NUL: a record with one must not fail its batch (and every rerun)."""
    source = tmp_path / "nul.jsonl"
    rows = [
        {
            "id": "nul",
            "title": "t\u0000x",
            "text": "Japan and North Korea held talks in Beijing on Sunday.\u0000 More.",
            "published": "2019-01-02",
        },
        {"id": "ok", "text": "Japan and North Korea held talks in Hanoi on Monday.", "published": "2019-01-02"},
    ]
    source.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    cfg = write_config(tmp_path / "tw.toml")
    out = cli("--config", str(cfg), "backfill", str(source), "--json", env={"TALKWATCH_DATABASE_URL": pg_url})
    assert out.returncode == 0, out.stderr[-2000:]
    assert json.loads(out.stdout)["articles_new"] == 2
    assert sql(pg_url, "SELECT count(*) AS n FROM articles WHERE extracted_version IS NOT NULL")[0].n == 2


@pytest.mark.parametrize(
    ("channel", "key"),
    [
        (
            {
                "type": "email",
                "smtp_url": f"smtp://u:{SMTP_PASSWORD}@mail.example.org:99999999",
                "sender": "a@b.org",
                "to": ["x@y.org"],
            },
            "channels[0].smtp_url",
        ),
        (
            {
                "type": "email",
                "smtp_url": f"smtp://u:{SMTP_PASSWORD}@mail.example.org:25",
                "sender": "a@b.org",
                "to": ["x@y.org"],
                "extra": "x",
            },
            "channels[0].extra",
        ),
        ({"type": "webhook", "url": "https://h.example.org/x", "secret": SMTP_PASSWORD}, "channels[0].secret"),
        (
            {"type": "webhook", "url": "https://h.example.org/x", "secret": "${TW_UNSET_SECRET_VAR}"},
            "TW_UNSET_SECRET_VAR",
        ),
    ],
)
def test_config_errors_name_the_key_and_never_the_secret(
    cli: Cli, tmp_path: Path, channel: dict[str, object], key: str
) -> None:
    cfg = write_config(tmp_path / "tw.toml", channels=[channel])
    for args in (("config", "show"), ("run", "--json"), ("alerts", "--json")):
        out = cli("--config", str(cfg), *args)
        assert out.returncode == 2, (args, out.stderr)
        line = _one_error_line(out.stderr)
        assert key in line, line
        assert SMTP_PASSWORD not in out.stdout + out.stderr
