"""Where a feed URL points: http(s), a file:// URL or a plain path; and reading local files."""

from __future__ import annotations

from pathlib import Path
from typing import Literal
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

from config.settings import FeedConfig, Settings
from feeds.types import FeedRequest, FetchError

SourceKind = Literal["http", "file", "unsupported"]


def source_kind(url: str) -> SourceKind:
    scheme = urlsplit(url).scheme.lower() if "://" in url or url.lower().startswith("file:") else ""
    if scheme in ("http", "https"):
        return "http"
    if scheme in {"file", ""}:
        return "file"
    return "unsupported"


def local_path(url: str) -> Path:
    """The filesystem path of a file:// URL or a plain path."""
    if url.lower().startswith("file:"):
        parts = urlsplit(url)
        if parts.netloc not in ("", "localhost"):
            raise FetchError(f"file URL on another host is not supported: {url}")
        return Path(url2pathname(unquote(parts.path)))
    return Path(url).expanduser()


def read_local(path: Path, max_bytes: int) -> bytes:
    """Read at most max_bytes; a larger file is a failure like an oversized HTTP body."""
    try:
        # A FIFO or device would block the read (no deadline applies to files) or never end.
        if path.exists() and not path.is_dir() and not path.is_file():
            raise FetchError(f"not a regular file: {path}")
        with path.open("rb") as fh:
            data = fh.read(max_bytes + 1)
    except FileNotFoundError:
        raise FetchError(f"file not found: {path}") from None
    except IsADirectoryError:
        raise FetchError(f"is a directory, not a feed file: {path}") from None
    except OSError as exc:
        raise FetchError(f"cannot read {path}: {exc.strerror or exc}") from None
    if len(data) > max_bytes:
        raise FetchError(f"body over max_bytes ({max_bytes})")
    return data


def feed_request(
    feed: FeedConfig,
    settings: Settings,
    *,
    url: str | None = None,
    etag: str | None = None,
    last_modified: str | None = None,
) -> FeedRequest:
    """A FeedRequest for a configured feed: a relative path is relative to the config file's directory
    (the contract's rule), and a stored URL from an earlier 301 (`url`) wins over the configured one."""
    target = url or feed.url
    if source_kind(target) == "file" and not target.lower().startswith("file:"):
        target = str(settings.resolve_path(target))
    return FeedRequest(
        name=feed.name,
        url=target,
        etag=etag,
        last_modified=last_modified,
        allow_private=feed.allow_private,
    )
