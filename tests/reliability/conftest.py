"""Fixtures of the reliability suite; the helpers live in tests/support/e2e.py."""

from tests.support.e2e import cli, prefect_env

__all__ = ["cli", "prefect_env"]
