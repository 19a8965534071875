"""What the CLI shows: reads from storage and renders rich tables (human) or plain data (--json)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from pydantic import SecretStr
from rich.console import Console
from rich.table import Table

from common.countries import country_name
from common.errors import UsageError
from config.settings import AppriseChannel, Settings, WebhookChannel, shown_url
from flows.terminal import safe
from storage import feeds as feed_store
from storage import outbox
from storage.db import session_factory
from storage.event_view import event_json, list_events
from storage.models import Event as EventRow

PAIR_DASH = "\u2013"  # an en dash, as the contract's email subject writes pairs


def _pair(countries: Sequence[str]) -> str:
    return PAIR_DASH.join(country_name(c) for c in countries)


def events_by_id(settings: Settings, ids: Sequence[int]) -> list[dict[str, Any]]:
    if not ids:
        return []
    with session_factory(settings.database.url)() as session:
        rows = [session.get(EventRow, i) for i in ids]
        return [event_json(session, r) for r in rows if r is not None]


def stored_events(settings: Settings, *, since: dt.date | None, include_background: bool) -> list[dict[str, Any]]:
    with session_factory(settings.database.url)() as session:
        return list_events(session, since=since, include_background=include_background)


def _event_line(ev: Mapping[str, Any]) -> str:
    who = ", ".join(p.get("name") or p.get("title") or "?" for p in ev.get("participants", []))
    where = ", ".join(x for x in (ev.get("venue"), ev.get("location")) if x)
    bits = [
        f"[{ev['status']}]",
        _pair(ev["countries"]),
        ev.get("date") or "date unknown",
        ev.get("level", "unknown").replace("_", " "),
    ]
    if where:
        bits.append(where)
    if who:
        bits.append(who)
    if ev.get("background"):
        bits.append("(background)")
    return " · ".join(str(b) for b in bits)


def print_run_summary(
    console: Console, settings: Settings, summary: Mapping[str, Any], events: Sequence[Mapping[str, Any]]
) -> None:
    console.print(
        f"Feeds: {summary['feeds']} fetched, {summary['feeds_failed']} failed, "
        f"{summary['feeds_not_modified']} not modified, {summary['feeds_skipped']} not due"
    )
    console.print(f"Articles: {summary['articles_new']} new, {summary['articles_updated']} updated")
    console.print(f"Events: {summary['events_new']} new, {summary['events_updated']} updated")
    for ev in events:
        marker = "  " if ev.get("background") else "• "
        console.print(f"  {marker}{safe(_event_line(ev))}")
    console.print(
        f"Alerts: {summary['alerts_queued']} raised, {summary['alerts_sent']} sent, {summary['alerts_failed']} failed"
    )


def print_kv(console: Console, title: str, data: Mapping[str, Any]) -> None:
    table = Table(title=title, show_header=False)
    for key, value in data.items():
        table.add_row(safe(key), safe(value))
    console.print(table)


def print_events(console: Console, events: Sequence[Mapping[str, Any]]) -> None:
    if not events:
        console.print("no events stored")
        return
    table = Table(title="Events")
    for col in ("id", "date", "pair", "status", "level", "where", "who", "sources"):
        table.add_column(col)
    for ev in events:
        table.add_row(
            str(ev["id"]),
            safe(ev.get("date") or "?"),
            safe(_pair(ev["countries"])),
            safe(ev["status"] + (" (bg)" if ev.get("background") else "")),
            safe(ev.get("level")),
            safe(", ".join(x for x in (ev.get("venue"), ev.get("location")) if x)),
            safe(", ".join(p.get("name") or "?" for p in ev.get("participants", []))),
            str(ev.get("sources", 0)),
        )
    console.print(table)


def alert_rows(settings: Settings) -> list[dict[str, Any]]:
    with session_factory(settings.database.url)() as session:
        return [a.to_json() for a in outbox.list_alerts(session)]


def print_alerts(console: Console, rows: Sequence[Mapping[str, Any]]) -> None:
    if not rows:
        console.print("no alert deliveries")
        return
    table = Table(title="Alert deliveries")
    for col in ("id", "event", "watch", "channel", "recipient", "status", "attempts", "last error"):
        table.add_column(col)
    for r in rows:
        table.add_row(
            str(r["id"]),
            str(r["event_id"]),
            safe(r["watch"]),
            safe(r["channel"]),
            safe(r["recipient"] or ""),
            safe(r["status"]),
            str(r["attempts"]),
            safe(r["last_error"] or ""),
        )
    console.print(table)


def requeue(settings: Settings, *, alert_id: int | None, dead: bool) -> int:
    with session_factory(settings.database.url).begin() as session:
        count = outbox.requeue(session, alert_id=alert_id, dead=dead)
        if alert_id is not None and count == 0 and outbox.alert_status(session, alert_id) is None:
            raise UsageError(f"alerts retry: no delivery with id {alert_id} (see `talkwatch alerts`)")
        return count


def send_test(settings: Settings, channel_name: str, *, console_stderr: bool) -> list[dict[str, Any]]:
    from alerts import deliver, recipients, test_message
    from flows.terminal import stderr_console, stdout_console
    from storage.models import utcnow

    matches = [c for c in settings.effective_channels if channel_name in (c.key, c.name, c.type)]
    if not matches:
        known = ", ".join(c.key for c in settings.effective_channels)
        raise UsageError(f"alerts test: no channel {channel_name!r} (configured: {known})")
    console = stderr_console() if console_stderr else stdout_console()
    out = []
    for channel in matches:
        for recipient in recipients(channel):
            message = test_message(channel.key, utcnow())
            if recipient is not None:
                message = type(message)(**{**message.__dict__, "recipient": recipient})
            outcome = deliver(channel, message, timeout_s=settings.alerts.send_timeout_s, console=console)
            out.append(
                {
                    "channel": channel.key,
                    "recipient": recipient,
                    "ok": outcome.ok,
                    "error": outcome.error,
                }
            )
    return out


def print_test(console: Console, outcomes: Sequence[Mapping[str, Any]]) -> None:
    for o in outcomes:
        where = o["channel"] + (f" → {o['recipient']}" if o["recipient"] else "")
        state = "sent" if o["ok"] else f"failed: {o['error']}"
        console.print(f"test alert {safe(where)}: {safe(state)}")


def feed_rows(settings: Settings) -> list[dict[str, Any]]:
    from flows.pipeline import feed_location

    with session_factory(settings.database.url).begin() as session:
        locations = {f.name: feed_location(settings, f) for f in settings.feeds}
        feed_store.sync_feeds(session, settings.feeds, locations)
        health = {h.name: h.to_json() for h in feed_store.feed_health(session)}
    rows = []
    for f in settings.feeds:
        row = dict(health.get(f.name, {"name": f.name, "url": f.url}))
        row["enabled"] = f.enabled
        rows.append(row)
    return rows


def print_feeds(console: Console, rows: Sequence[Mapping[str, Any]]) -> None:
    if not rows:
        console.print("no feeds configured")
        return
    table = Table(title="Feeds")
    for col in ("name", "url", "state", "last success", "failures", "last error"):
        table.add_column(col)
    for r in rows:
        state = "disabled" if (r.get("disabled") or not r.get("enabled", True)) else "ok"
        if state == "ok" and r.get("consecutive_failures"):
            state = "failing"
        table.add_row(
            safe(r["name"]),
            safe(r["url"]),
            state,
            safe(r.get("last_success") or "never"),
            str(r.get("consecutive_failures", 0)),
            safe(r.get("last_error") or r.get("last_warning") or ""),
        )
    console.print(table)


MASK = "********"


def _mask(value: Any) -> Any:
    if isinstance(value, SecretStr):
        return MASK if value.get_secret_value() else ""
    if isinstance(value, dict):
        return {k: _mask(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_mask(v) for v in value]
    return value


def _shown_channel_url(channel: object) -> dict[str, str]:
    """Webhook and Apprise URLs carry tokens in the path (Slack, Teams, Discord hooks), the query or, for
    Apprise, the host: show scheme (and a webhook's host) plus the digest its channel key uses."""
    if isinstance(channel, WebhookChannel):
        return {"url": shown_url(channel.url, show_host=True)}
    if isinstance(channel, AppriseChannel):
        return {"url": shown_url(channel.url.get_secret_value(), show_host=False)}
    return {}


def masked_config(settings: Settings) -> dict[str, Any]:
    from urllib.parse import urlsplit, urlunsplit

    data: dict[str, Any] = _mask(settings.model_dump(mode="python"))
    db = urlsplit(settings.database.url)
    if db.password:
        netloc = f"{db.username}:{MASK}@{db.hostname}" + (f":{db.port}" if db.port else "")
        data["database"]["url"] = urlunsplit(db._replace(netloc=netloc))
    data["channels"] = [
        {**c, **_shown_channel_url(ch), "key": ch.key}
        for c, ch in zip(data["channels"], settings.channels, strict=True)
    ]
    data["config_file"] = str(settings.source) if settings.source else None
    return data


def print_config(console: Console, shown: Mapping[str, Any]) -> None:
    import json

    console.print_json(json.dumps(shown, default=str))
