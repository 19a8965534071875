"""Fixtures for the alert delivery tests; the data they use lives in tests/support/alerts.py."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from alerts import AlertMessage
from tests.support.alerts import SECRET, make_message
from tests.support.receivers import SmtpReceiver, WebhookReceiver


@pytest.fixture
def message() -> AlertMessage:
    return make_message()


@pytest.fixture
def receiver() -> Iterator[WebhookReceiver]:
    with WebhookReceiver(SECRET) as rx:
        yield rx


@pytest.fixture
def smtp() -> Iterator[SmtpReceiver]:
    with SmtpReceiver() as server:
        yield server
