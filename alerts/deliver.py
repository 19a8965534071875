"""One delivery attempt on one channel for one recipient: the dispatcher's entry point."""

from __future__ import annotations

from datetime import datetime

from rich.console import Console

from alerts.apprise_channel import send_apprise
from alerts.console import send_console
from alerts.email_smtp import send_email, smtp_secrets
from alerts.message import AlertMessage, DeliveryOutcome, failure
from alerts.redact import url_secrets
from alerts.webhook import secrets_of, send_webhook
from config.settings import AppriseChannel, ConsoleChannel, EmailChannel, WebhookChannel

AnyChannel = WebhookChannel | EmailChannel | AppriseChannel | ConsoleChannel


def recipients(channel: AnyChannel) -> tuple[str | None, ...]:
    """Who one alert goes to on this channel: each address for email (one delivery each), else (None,)."""
    if isinstance(channel, EmailChannel):
        return tuple(dict.fromkeys(channel.to))  # in order, without duplicates
    return (None,)


def _secrets(channel: AnyChannel) -> list[str]:
    if isinstance(channel, WebhookChannel):
        return secrets_of(channel)
    if isinstance(channel, EmailChannel):
        return smtp_secrets(channel.smtp_url.get_secret_value())
    if isinstance(channel, AppriseChannel):
        return url_secrets(channel.url.get_secret_value(), include_host=True)
    return []


def deliver(
    channel: AnyChannel,
    message: AlertMessage,
    *,
    timeout_s: float = 15.0,
    console: Console | None = None,
    now: datetime | None = None,
) -> DeliveryOutcome:
    """Make one attempt and classify it. Never raises for delivery problems.

    An unexpected exception (a bug, a malformed stored event) becomes a retryable failure naming the
    exception type, so a fixed deployment can still deliver it; its text is redacted like any error.
    `now` is the attempt's time (the dispatcher's clock; default the real one): webhooks sign with it and
    read an HTTP-date `Retry-After` against it.
    """
    try:
        if isinstance(channel, WebhookChannel):
            return send_webhook(channel, message, timeout_s=timeout_s, now=now)
        if isinstance(channel, EmailChannel):
            return send_email(channel, message, timeout_s=timeout_s)
        if isinstance(channel, AppriseChannel):
            return send_apprise(channel, message)
        if isinstance(channel, ConsoleChannel):
            return send_console(message, console)
        return failure(f"unknown channel type {type(channel).__name__}", permanent=True)
    except Exception as exc:  # noqa: BLE001 - the dispatcher loop must never die on one delivery
        return failure(
            f"internal error while delivering: {type(exc).__name__}: {exc}",
            permanent=False,
            secrets=_secrets(channel),
        )
