"""Alert delivery (issue #7): build the message for one alert and make one attempt on one channel.

The dispatcher (outbox, attempts, statuses) lives elsewhere and calls, per (alert, channel, recipient):

    for recipient in recipients(channel):
        outcome = deliver(channel, replace(message, recipient=recipient), timeout_s=...)
        # ok: sent; permanent: dead; else failed, next attempt after
        # backoff_seconds(attempts_so_far, outcome.retry_after_s)

No Prefect here: plain functions, easy to call from a task, the CLI or a test.
"""

from alerts.backoff import backoff_seconds
from alerts.deliver import deliver, recipients
from alerts.message import AlertMessage, DeliveryOutcome, test_message
from alerts.render import render_html, render_subject, render_text, webhook_body

__all__ = [
    "AlertMessage",
    "DeliveryOutcome",
    "backoff_seconds",
    "deliver",
    "recipients",
    "render_html",
    "render_subject",
    "render_text",
    "test_message",
    "webhook_body",
]
