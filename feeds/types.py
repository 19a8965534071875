"""The public value types of the fetcher: what the flow passes in and gets back.

Frozen dataclasses so results can cross task boundaries (Prefect, threads) without defensive copies.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from common.errors import TalkwatchError

Outcome = Literal["ok", "not_modified", "failed", "gone"]


@dataclass(frozen=True)
class FeedRequest:
    """What the caller knows about a feed before fetching it."""

    name: str
    url: str  # current URL (may come from an earlier 301); a path, file:// or http(s)
    etag: str | None = None
    last_modified: str | None = None
    allow_private: bool = False


@dataclass(frozen=True)
class FeedEntry:
    key: str  # stable per-feed identity: guid, else link, else "sha256:<hex>" of title+summary
    guid: str | None
    url: str | None  # absolute http(s) link, resolved against the feed URL
    title: str | None  # plain text
    summary: str | None  # plain text (HTML reduced); full content preferred over the description
    published: datetime | None  # timezone-aware UTC; None when the entry has no usable date
    author: str | None = None


@dataclass(frozen=True)
class FeedResult:
    name: str
    outcome: Outcome
    http_status: int | None
    final_url: str | None  # where the body came from
    new_url: str | None  # set only when every redirect hop was 301/308 and the fetch succeeded
    etag: str | None  # validators to store for next time
    last_modified: str | None
    entries: tuple[FeedEntry, ...]
    error: str | None  # one line, for failed/gone
    warning: str | None  # e.g. bozo parse problems on an otherwise ok feed
    retry_after: datetime | None  # from Retry-After on 429/503
    elapsed_s: float

    @property
    def failed(self) -> bool:
        """The contract's "failed feed": no entries could be read (a 304 is a success)."""
        return self.outcome in ("failed", "gone")


@dataclass(frozen=True)
class ParsedFeed:
    entries: tuple[FeedEntry, ...]
    warning: str | None
    is_feed: bool  # False: the body is not RSS/Atom/RDF (e.g. an HTML page) and yielded no entries
    title: str | None = None  # the feed's own title, handy for `feeds add`
    link: str | None = None  # the feed's site link


class FetchError(Exception):
    """A fetch that produced no usable response; the message is one line for the feed's health."""

    def __init__(self, message: str, *, status: int | None = None, final_url: str | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.final_url = final_url


class DiscoveryError(TalkwatchError):
    """`discover_feed_url` found no feed; the message says why, for the CLI's one error line."""
