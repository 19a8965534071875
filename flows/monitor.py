"""Prefect flows: `monitor` (one pass) and `dispatch` (deliver due alerts).

Tasks are coarse on purpose: one per batch of feeds, one per batch of articles, one for the dispatcher.
A Prefect task costs milliseconds of orchestration, which would dominate at one task per article.
"""

from __future__ import annotations

from typing import Any

from prefect import flow, task
from prefect.cache_policies import NO_CACHE
from rich.console import Console

from alerts.dispatch import dispatch_due
from common.iterables import batches
from config.settings import load_settings
from feeds import FeedRequest
from flows.pipeline import (
    EXTRACT_BATCH,
    FEED_BATCH,
    PassSummary,
    due_feeds,
    extract_batch,
    fetch_and_store,
    pending_article_ids,
)
from storage.models import utcnow


@task(name="fetch-and-store", cache_policy=NO_CACHE, persist_result=False)
def fetch_and_store_task(config: str | None, requests: list[FeedRequest]) -> PassSummary:
    return fetch_and_store(load_settings(config), requests)


@task(name="extract-batch", cache_policy=NO_CACHE, persist_result=False)
def extract_task(config: str | None, ids: list[int]) -> PassSummary:
    return extract_batch(load_settings(config), ids)


@task(name="dispatch-alerts", cache_policy=NO_CACHE, persist_result=False)
def dispatch_task(config: str | None, console_stderr: bool = False) -> PassSummary:
    console = Console(stderr=console_stderr, highlight=False)
    result = dispatch_due(load_settings(config), console=console)
    return PassSummary(alerts_sent=result.sent, alerts_failed=result.failed)


@flow(name="monitor", persist_result=False, log_prints=False)
def monitor(config: str | None = None, console_stderr: bool = False) -> dict[str, Any]:
    """One pass: fetch due feeds, store new articles, extract, update history, queue and send alerts."""
    settings = load_settings(config)
    requests, skipped = due_feeds(settings, utcnow())
    summary = PassSummary(feeds_skipped=skipped)
    for feeds in batches(requests, FEED_BATCH):
        summary.add(fetch_and_store_task(config, feeds))
    # Pending includes articles a killed pass stored but never extracted.
    for article_ids in batches(pending_article_ids(settings), EXTRACT_BATCH):
        summary.add(extract_task(config, article_ids))
    summary.add(dispatch_task(config, console_stderr))
    return {**summary.to_json(), "event_ids": summary.event_ids}


@flow(name="dispatch", persist_result=False, log_prints=False)
def dispatch(config: str | None = None) -> dict[str, Any]:
    """Deliver the alerts that are due (retries after backoff), independent of a monitor pass."""
    result = dispatch_task(config, True)
    return {"alerts_sent": result.alerts_sent, "alerts_failed": result.alerts_failed}
