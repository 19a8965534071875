"""Keeping secrets out of error strings: every error a channel returns goes through `one_line`."""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import parse_qsl, quote, unquote, urlsplit

from common import terminal_text

MAX_ERROR_CHARS = 500


def one_line(text: str, secrets: Iterable[str] = ()) -> str:
    """An error message fit for a status table: one line, bounded, every secret replaced by `***`.

    Each secret is also redacted in its percent-encoded and decoded forms, since URLs carry credentials
    encoded. Secrets shorter than 3 characters are not redacted (they would mangle every message).
    """
    variants: set[str] = set()
    for secret in secrets:
        for form in (secret, quote(secret, safe=""), quote(secret), unquote(secret)):
            if len(form) >= 3:
                variants.add(form)
    # Longest first, so a secret that contains another is replaced whole.
    for secret in sorted(variants, key=len, reverse=True):
        text = text.replace(secret, "***")
    text = terminal_text.one_line(text)
    if len(text) > MAX_ERROR_CHARS:
        text = text[: MAX_ERROR_CHARS - 1] + "…"
    return text


def host_label(url: str) -> str:
    """`host:port` of a URL, the only part of a channel URL that error messages name."""
    try:
        parts = urlsplit(url)
        host = parts.hostname or "?"
        port = parts.port
    except ValueError:
        return "?"
    if ":" in host:
        host = f"[{host}]"
    return f"{host}:{port}" if port else host


def url_secrets(url: str, *, include_host: bool = False) -> list[str]:
    """The parts of a URL that may carry credentials: userinfo, path, query values, fragment, the URL.

    Apprise URLs put tokens anywhere, even in the host (`tgram://TOKEN/CHAT`): pass `include_host=True`.
    """
    out = [url]
    try:
        parts = urlsplit(url)
        out += [parts.netloc.rpartition("@")[0], parts.password or "", parts.query, parts.fragment]
        if include_host:
            out += [parts.netloc, parts.hostname or "", parts.username or ""]
        if parts.path not in ("", "/"):
            out.append(parts.path)
            out += [seg for seg in parts.path.split("/") if len(seg) >= 6 or include_host]
        out += [value for _, value in parse_qsl(parts.query, keep_blank_values=True)]
    except ValueError:
        pass
    return [s for s in out if s]
