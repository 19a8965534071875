"""Fixtures of the web view's tests (helpers in tests/support/web.py)."""

from __future__ import annotations

import pytest

from tests.support.web import History, store_history


@pytest.fixture
def history(sqlite_url: str) -> History:
    return store_history(sqlite_url)
