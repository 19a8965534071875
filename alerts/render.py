"""Rendering an alert: subject line, plain text, HTML, webhook body.

Everything taken from the event is article-derived and untrusted. `clean()` removes terminal escape
sequences and control/format characters from it (one line, for headers, text and the console); the HTML
rendering additionally escapes it with `html.escape`, and only `http(s)` URLs ever become links.
"""

from __future__ import annotations

import html
import json
from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime
from typing import Any
from urllib.parse import urlsplit

from alerts.message import AlertMessage
from common.countries import country_name as common_country_name
from common.terminal_text import one_line

LEVEL_WORDS: dict[str, str] = {
    "leaders": "leaders",
    "foreign_ministers": "foreign ministers",
    "senior_officials": "senior officials",
    "working_level": "working-level officials",
    "red_cross": "Red Cross officials",
    "intelligence": "intelligence officials",
    "parliamentary": "lawmakers",
    "military": "military officers",
    "unknown": "officials",
}

STATUS_WORDS: dict[str, str] = {
    "held": "took place",
    "ongoing": "ongoing",
    "scheduled": "scheduled",
    "proposed": "proposed",
    "cancelled": "cancelled",
    "refused": "refused",
}

MODE_WORDS: dict[str, str] = {
    "in_person": "in person",
    "phone": "by phone",
    "video": "by video link",
    "letter": "by letter",
}

PRECISION_WORDS: dict[str, str] = {"day": "exact day", "month": "month only", "year": "year only"}

EN_DASH = "\u2013"  # between the two country names
MAX_SUBJECT_CHARS = 200
MAX_FIELD_CHARS = 300
MAX_EVIDENCE_CHARS = 1000
MAX_EVIDENCE = 10
MAX_ARTICLES = 20


def clean(value: object, limit: int = MAX_FIELD_CHARS) -> str:
    """Article-derived value -> one safe line: no escape sequences, no control or format characters.

    Non-strings other than numbers become "" (a malformed event must not break rendering).
    """
    if isinstance(value, bool) or value is None:
        return ""
    if isinstance(value, int | float):
        value = str(value)
    if not isinstance(value, str):
        return ""
    text = one_line(value)
    if len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return text


def country_name(code: object) -> str:
    text = clean(code, 60)
    return common_country_name(text) if text else "?"


def _str(event: Mapping[str, Any], key: str, limit: int = MAX_FIELD_CHARS) -> str:
    return clean(event.get(key), limit)


def _seq(value: object) -> Sequence[Any]:
    if isinstance(value, str | bytes) or not isinstance(value, Sequence):
        return ()
    return value


def pair_name(event: Mapping[str, Any]) -> str:
    codes = [c for c in _seq(event.get("countries")) if isinstance(c, str)]
    if not codes:
        return "Unknown countries"
    return EN_DASH.join(country_name(c) for c in codes[:2])


def level_words(event: Mapping[str, Any]) -> str:
    level = _str(event, "level")
    return LEVEL_WORDS.get(level, level.replace("_", " ") if level else "officials")


def _action(event: Mapping[str, Any]) -> str:
    """`foreign ministers met`, `leaders will meet`, `officials' meeting cancelled`."""
    who = level_words(event)
    status = _str(event, "status")
    mode = _str(event, "mode")
    if status == "held":
        verb = {"phone": "spoke by phone", "video": "held video talks", "letter": "exchanged letters"}.get(mode, "met")
        return f"{who} {verb}"
    if status == "ongoing":
        return f"{who} in talks"
    if status == "scheduled":
        return f"{who} will " + ("speak by phone" if mode == "phone" else "meet")
    if status in ("proposed", "cancelled", "refused"):
        return f"{who}' meeting {status}"
    return f"{who}: {status or 'contact'}"


def date_text(event: Mapping[str, Any]) -> str:
    return _str(event, "date", 40)


def previous_status(event: Mapping[str, Any]) -> str | None:
    """The last status in `status_history` that differs from the current one (entries: dicts or strings)."""
    current = _str(event, "status")
    statuses: list[str] = []
    for entry in _seq(event.get("status_history")):
        value = entry.get("status") if isinstance(entry, Mapping) else entry
        text = clean(value, 40)
        if text:
            statuses.append(text)
    for status in reversed(statuses):
        if status != current:
            return status
    return None


def render_subject(message: AlertMessage) -> str:
    event = message.event
    prefix = "[talkwatch TEST]" if message.type == "test" else "[talkwatch]"
    line = f"{pair_name(event)}: {_action(event)}"
    location, venue = _str(event, "location", 80), _str(event, "venue", 80)
    if location:
        line += f" in {location}"
    elif venue:
        line += f" at {venue}"
    when = date_text(event)
    if when:
        line += f" ({when})"
    if message.type == "contact.status_changed":
        before = previous_status(event)
        line += f" [update: was {before}]" if before else " [status update]"
    return clean(f"{prefix} {line}", MAX_SUBJECT_CHARS)


def _participant(value: object) -> str:
    if not isinstance(value, Mapping):
        return clean(value)
    name, title = clean(value.get("name"), 120), clean(value.get("title"), 120)
    country = country_name(value.get("country")) if value.get("country") else ""
    details = ", ".join(p for p in (title, country) if p)
    if name:
        return f"{name} ({details})" if details else name
    return details or "unnamed participant"


def participants(event: Mapping[str, Any]) -> list[str]:
    return [p for p in (_participant(v) for v in _seq(event.get("participants"))[:20]) if p]


def evidence_sentences(event: Mapping[str, Any]) -> list[str]:
    out: list[str] = []
    for item in _seq(event.get("evidence")):
        text = clean(item.get("text") if isinstance(item, Mapping) else item, MAX_EVIDENCE_CHARS)
        if text and text not in out:
            out.append(text)
    return out


def safe_link(value: object) -> str | None:
    """The URL when it may become a link: http(s) with a host and nothing that needed cleaning."""
    if not isinstance(value, str):
        return None
    url = value.strip()
    if clean(url, 2000) != url or " " in url:
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return url


def articles(event: Mapping[str, Any]) -> list[tuple[str, str | None]]:
    """(display text, link or None) per reporting article; ids and non-http URLs are not links."""
    out: list[tuple[str, str | None]] = []
    for value in _seq(event.get("articles")):
        link = safe_link(value)
        text = link or clean(value, 300)
        if text:
            out.append((text, link))
    return out


def _when(event: Mapping[str, Any]) -> str:
    when = date_text(event)
    if not when:
        return "unknown"
    precision = PRECISION_WORDS.get(_str(event, "date_precision"), "")
    return f"{when} ({precision})" if precision else when


def _where(event: Mapping[str, Any]) -> str:
    parts = [p for p in (_str(event, "location"), _str(event, "venue")) if p]
    return ", ".join(parts) or "unknown"


def _status(event: Mapping[str, Any]) -> str:
    status = _str(event, "status")
    words = STATUS_WORDS.get(status, status or "unknown")
    mode = MODE_WORDS.get(_str(event, "mode"))
    text = f"{status} ({words})" if status and words != status else words
    return f"{text}, {mode}" if mode else text


def _sources(event: Mapping[str, Any]) -> str:
    count = event.get("sources")
    if isinstance(count, int) and not isinstance(count, bool):
        return f"{count} outlet" + ("" if count == 1 else "s")
    return ""


def _confidence(event: Mapping[str, Any]) -> str:
    value = event.get("confidence")
    if isinstance(value, int | float) and not isinstance(value, bool):
        return f"{float(value):.2f}"
    return ""


def _intro(message: AlertMessage) -> str:
    watch = clean(message.watch, 120)
    if message.type == "test":
        return "TEST ALERT: this is a sample sent by `talkwatch alerts test`; no contact was detected."
    if message.type == "contact.status_changed":
        before = previous_status(message.event)
        now = _str(message.event, "status") or "unknown"
        change = f"{before} → {now}" if before else f"now {now}"
        return f"Status changed ({change}) for a contact matching watch “{watch}”."
    return f"New contact detected for watch “{watch}”."


def fields(message: AlertMessage) -> list[tuple[str, str]]:
    """The labelled facts shown by every renderer (label, cleaned value); empty values left out."""
    event = message.event
    rows = [
        ("Countries", pair_name(event)),
        ("Who", "; ".join(participants(event)) or "not named"),
        ("Level", level_words(event)),
        ("Status", _status(event)),
        ("When", _when(event)),
        ("Where", _where(event)),
        ("Novelty", _str(event, "novelty")),
        ("Confidence", _confidence(event)),
        ("Sources", _sources(event)),
    ]
    return [(label, value) for label, value in rows if value]


def footer(message: AlertMessage) -> str:
    event = message.event
    parts = [f"watch {clean(message.watch, 120)}", f"alert {message.alert_id}"]
    if _str(event, "id"):
        parts.append(f"event {_str(event, 'id', 120)}")
    for key, label in (("first_seen", "first seen"), ("last_seen", "last seen")):
        if _str(event, key):
            parts.append(f"{label} {_str(event, key, 40)}")
    parts.append(f"raised {iso_utc(message.created_at)}")
    return " · ".join(parts)


def render_text(message: AlertMessage) -> str:
    event = message.event
    width = max(len(label) for label, _ in fields(message)) + 2
    lines = [render_subject(message), "", _intro(message), ""]
    lines += [f"{label + ':':<{width}}{value}" for label, value in fields(message)]
    evidence = evidence_sentences(event)
    if evidence:
        lines += ["", "Evidence:"]
        lines += [f"  - “{text}”" for text in evidence[:MAX_EVIDENCE]]
        if len(evidence) > MAX_EVIDENCE:
            lines.append(f"  ... and {len(evidence) - MAX_EVIDENCE} more")
    links = articles(event)
    if links:
        lines += ["", "Articles:"]
        lines += [f"  - {text}" + ("" if link else " (not a link)") for text, link in links[:MAX_ARTICLES]]
        if len(links) > MAX_ARTICLES:
            lines.append(f"  ... and {len(links) - MAX_ARTICLES} more")
    lines += ["", "--", footer(message), ""]
    return "\n".join(lines)


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def render_html_body(message: AlertMessage) -> list[str]:
    """The email's HTML body without the document around it (also the content of an Atom entry)."""
    event = message.event
    rows = "\n".join(
        f'<tr><th style="text-align:left;vertical-align:top;padding:2px 12px 2px 0">{_e(label)}</th>'
        f"<td>{_e(value)}</td></tr>"
        for label, value in fields(message)
    )
    parts = [
        f"<p>{_e(_intro(message))}</p>",
        f"<table>{rows}</table>",
    ]
    evidence = evidence_sentences(event)
    if evidence:
        parts.append("<h3>Evidence</h3><ul>")
        parts += [f"<li><blockquote>{_e(text)}</blockquote></li>" for text in evidence[:MAX_EVIDENCE]]
        if len(evidence) > MAX_EVIDENCE:
            parts.append(f"<li>… and {len(evidence) - MAX_EVIDENCE} more</li>")
        parts.append("</ul>")
    links = articles(event)
    if links:
        parts.append("<h3>Articles</h3><ul>")
        for text, link in links[:MAX_ARTICLES]:
            if link:
                parts.append(f'<li><a href="{_e(link)}" rel="noopener noreferrer">{_e(text)}</a></li>')
            else:
                parts.append(f"<li>{_e(text)}</li>")
        if len(links) > MAX_ARTICLES:
            parts.append(f"<li>… and {len(links) - MAX_ARTICLES} more</li>")
        parts.append("</ul>")
    parts.append(f'<hr><p style="color:#666;font-size:small">{_e(footer(message))}</p>')
    return parts


def render_html(message: AlertMessage) -> str:
    parts = [
        "<!DOCTYPE html>",
        '<html><head><meta charset="utf-8">',
        f"<title>{_e(render_subject(message))}</title></head>",
        '<body style="font-family:sans-serif">',
        f"<h2>{_e(render_subject(message))}</h2>",
        *render_html_body(message),
        "</body></html>",
        "",
    ]
    return "\n".join(parts)


def iso_utc(moment: datetime) -> str:
    """`2026-01-01T00:00:00Z` (seconds precision, UTC)."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _json_default(value: object) -> object:
    if isinstance(value, datetime):
        return iso_utc(value) if value.tzinfo else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Mapping):
        return dict(value)
    if isinstance(value, set | frozenset):
        return sorted(value, key=str)
    raise TypeError(f"event field of type {type(value).__name__} is not JSON serialisable")


def webhook_body(message: AlertMessage) -> bytes:
    """The contract's webhook body as compact UTF-8 JSON; these exact bytes are signed and sent."""
    payload = {
        "type": message.type,
        "timestamp": iso_utc(message.created_at),
        "watch": message.watch,
        "data": dict(message.event),
    }
    return json.dumps(
        payload, separators=(",", ":"), ensure_ascii=False, allow_nan=False, default=_json_default
    ).encode("utf-8")
