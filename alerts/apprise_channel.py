"""Delivery through Apprise (https://github.com/caronc/apprise): one notification URL per channel.

`notify()` only says True/False; the reason for a False is taken from what Apprise logged at WARNING and
above during the call (Apprise already masks passwords there), then every part of the configured URL is
redacted again, since Apprise URLs carry tokens anywhere, even in the host (`tgram://TOKEN/CHAT`).
The URL itself is never printed.

Timeouts are Apprise's own per-service settings (`?cto=` connect, `?rto=` read, 4 s by default); the
`timeout_s` of `deliver()` does not reach into Apprise's plugins.
"""

from __future__ import annotations

import logging

import apprise

from alerts.message import AlertMessage, DeliveryOutcome, failure, success
from alerts.redact import url_secrets
from alerts.render import render_subject, render_text
from config.settings import AppriseChannel


def send_apprise(channel: AppriseChannel, message: AlertMessage) -> DeliveryOutcome:
    url = channel.url.get_secret_value()
    secrets = url_secrets(url, include_host=True)
    notifier = apprise.Apprise()
    capture = apprise.LogCapture(level=logging.WARNING, fmt="%(message)s")  # type: ignore[no-untyped-call]
    with capture as captured:
        try:
            added = notifier.add(url)
        except Exception as exc:  # noqa: BLE001 - a plugin rejecting its URL may raise anything
            return failure(f"apprise URL rejected ({type(exc).__name__})", permanent=True, secrets=secrets)
        if not added:
            return failure(
                "apprise URL not recognised (unknown service or malformed URL)",
                permanent=True,
                secrets=secrets,
            )
        try:
            result = notifier.notify(
                title=render_subject(message),
                body=render_text(message),
                body_format=apprise.NotifyFormat.TEXT,
            )
        except Exception as exc:  # noqa: BLE001 - plugins may raise anything; never let it escape
            return failure(f"apprise raised {type(exc).__name__}: {exc}", permanent=False, secrets=secrets)
        log = captured.getvalue()
    if result:
        return success()
    lines = [line for line in log.splitlines() if line.strip()]
    reason = lines[-1] if lines else "no details"
    if result is None:
        return failure(f"apprise notified no service: {reason}", permanent=True, secrets=secrets)
    return failure(f"apprise notification failed: {reason}", permanent=False, secrets=secrets)
