"""Webhook delivery, signed per Standard Webhooks (https://www.standardwebhooks.com/).

One `POST` per attempt, never following redirects. Headers:

- `webhook-id`: the alert id, identical on every retry (the receiver's idempotency key);
- `webhook-timestamp`: unix seconds of *this* attempt (receivers reject timestamps over ~5 min off);
- `webhook-signature`: `v1,<base64 HMAC-SHA256 of "{id}.{timestamp}.{body}">`.

Classification (after Svix): 2xx is success; 3xx is a failure (update the URL; redirects are not followed,
so a signed body never lands somewhere the operator did not configure); 408, 429, 5xx, network errors and
timeouts are retryable, a 429/503's `Retry-After` (seconds or an HTTP-date, read against the attempt's
`now`) setting when (alerts/backoff.py); any other 4xx is permanent, as
is a `webhook-delivery: abort-message` answer (Svix's way for a receiver to stop retries). The response
body is never read.
"""

from __future__ import annotations

import binascii
import logging
import re
import threading
from datetime import UTC, datetime
from urllib.parse import urlsplit

import httpx
from standardwebhooks import Webhook

from alerts.message import AlertMessage, DeliveryOutcome, failure, success
from alerts.redact import host_label, url_secrets
from alerts.render import webhook_body
from common.retry_after import retry_after_seconds
from config.settings import WebhookChannel

USER_AGENT = "talkwatch-webhook/1.0"

# httpx logs every request's full URL at INFO, credentials and query tokens included. Those records are
# dropped for the requests made here (a thread-local flag, so other httpx users keep their logs); the
# outcome, with a redacted error, is what the dispatcher records instead.
_sending = threading.local()


class _HideWebhookRequests(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return not getattr(_sending, "active", False)


logging.getLogger("httpx").addFilter(_HideWebhookRequests())
_BASE64 = re.compile(r"^[A-Za-z0-9+/]+={0,2}$")


def parse_retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """`Retry-After` as seconds from now: delta-seconds or an HTTP-date; None when absent or unreadable."""
    return retry_after_seconds(value, now or datetime.now(UTC))


def secrets_of(channel: WebhookChannel) -> list[str]:
    secret = channel.secret.get_secret_value()
    return [secret, secret.removeprefix("whsec_"), *url_secrets(channel.url)]


def signed_headers(channel: WebhookChannel, message: AlertMessage, body: bytes, now: datetime) -> dict[str, str]:
    """The headers of one attempt at `now` (raises ValueError/binascii.Error for an unusable secret)."""
    secret = channel.secret.get_secret_value()
    # standardwebhooks silently drops non-base64 characters; a receiver's stricter library would not.
    if not _BASE64.match(secret.removeprefix("whsec_")):
        raise ValueError("secret is not base64")
    stamp = now.astimezone(UTC).replace(microsecond=0)
    signature = Webhook(secret).sign(message.alert_id, stamp, body.decode("utf-8"))
    return {
        "content-type": "application/json",
        "user-agent": USER_AGENT,
        "webhook-id": message.alert_id,
        "webhook-timestamp": str(int(stamp.timestamp())),
        "webhook-signature": signature,
    }


def send_webhook(
    channel: WebhookChannel, message: AlertMessage, *, timeout_s: float, now: datetime | None = None
) -> DeliveryOutcome:
    """One signed POST. `now` is the attempt's time (the dispatcher's clock): the signature's timestamp and
    the reference for an HTTP-date `Retry-After`."""
    now = now or datetime.now(UTC)
    secrets = secrets_of(channel)
    where = host_label(channel.url)
    body = webhook_body(message)
    try:
        headers = signed_headers(channel, message, body, now)
    except (binascii.Error, ValueError, TypeError) as exc:
        # standardwebhooks raises binascii.Error / its own Exception subclasses; never echo the secret.
        return failure(
            f"webhook secret is not usable (expected whsec_<base64>): {type(exc).__name__}",
            permanent=True,
            secrets=secrets,
        )
    except Exception as exc:  # noqa: BLE001 - EmptyWebhookSecretError and friends derive from Exception
        return failure(f"webhook secret is not usable: {type(exc).__name__}", permanent=True, secrets=secrets)
    _sending.active = True
    try:
        with (
            httpx.Client(timeout=httpx.Timeout(timeout_s), follow_redirects=False) as client,
            client.stream("POST", channel.url, content=body, headers=headers) as response,
        ):
            status, reason, answer = response.status_code, response.reason_phrase, response.headers
    except httpx.TimeoutException as exc:
        phase = {
            httpx.ConnectTimeout: "connecting",
            httpx.WriteTimeout: "sending",
            httpx.PoolTimeout: "waiting for a connection",
        }.get(type(exc), "waiting for the response")
        return failure(f"timeout after {timeout_s:g} s {phase} to {where}", permanent=False, secrets=secrets)
    except (httpx.UnsupportedProtocol, httpx.LocalProtocolError, httpx.InvalidURL) as exc:
        return failure(f"webhook URL not usable: {exc}", permanent=True, secrets=secrets)
    except httpx.TransportError as exc:
        return failure(
            f"{type(exc).__name__} posting to {where}: {str(exc) or 'no details'}",
            permanent=False,
            secrets=secrets,
        )
    finally:
        _sending.active = False
    return classify(status, reason, answer, where=where, secrets=secrets, now=now)


# The answers whose Retry-After means "come back then" (RFC 9110 15.6.4, RFC 6585 4); elsewhere it is ignored.
RETRY_AFTER_STATUSES = (429, 503)


def classify(
    status: int,
    reason: str,
    headers: httpx.Headers,
    *,
    where: str,
    secrets: list[str],
    now: datetime | None = None,
) -> DeliveryOutcome:
    if 200 <= status < 300:
        return success(status)
    retry_after = parse_retry_after(headers.get("retry-after"), now) if status in RETRY_AFTER_STATUSES else None
    label = f"HTTP {status}{' ' + reason if reason else ''} from {where}"
    if headers.get("webhook-delivery", "").strip().lower() == "abort-message":
        return failure(
            f"{label}; receiver asked to stop retrying (webhook-delivery: abort-message)",
            permanent=True,
            secrets=secrets,
            status_code=status,
        )
    if 300 <= status < 400:
        target = ""
        location = headers.get("location")
        if location:
            try:
                host = urlsplit(location).hostname
            except ValueError:
                host = None
            target = f" to {host}" if host else ""
        return failure(
            f"{label}: redirect{target} not followed; update the channel URL",
            permanent=False,
            secrets=secrets,
            status_code=status,
        )
    after = f" (Retry-After {retry_after:g} s)" if retry_after is not None else ""
    if status in (408, 429) or status >= 500 or status < 200:
        return failure(label + after, permanent=False, secrets=secrets, retry_after_s=retry_after, status_code=status)
    return failure(f"{label} (permanent)", permanent=True, secrets=secrets, status_code=status)
