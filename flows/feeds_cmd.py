"""`talkwatch feeds add`: discover a site's feed and append it to the config file."""

from __future__ import annotations

import asyncio
import re
import tomllib
from typing import Any
from urllib.parse import urlsplit

from common.errors import ConfigError
from config.settings import Settings
from feeds import DiscoveryError, discover_feed_url


def _toml_string(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def add_feed(settings: Settings, url: str, *, name: str | None, allow_private: bool) -> dict[str, Any]:
    if settings.source is None:
        raise ConfigError("feeds add: no config file to add the feed to")
    try:
        feed_url = asyncio.run(discover_feed_url(url, settings.fetch, allow_private=allow_private))
    except DiscoveryError as exc:
        raise DiscoveryError(f"feeds add: {exc}") from None
    host = urlsplit(feed_url).hostname or "feed"
    feed_name = name or re.sub(r"^www\.", "", host)
    if any(f.name == feed_name for f in settings.feeds):
        raise ConfigError(f"feeds add: a feed named {feed_name!r} already exists")
    if any(f.url == feed_url for f in settings.feeds):
        raise ConfigError(f"feeds add: {feed_url} is already configured")
    block = f"\n[[feeds]]\nname = {_toml_string(feed_name)}\nurl = {_toml_string(feed_url)}\n" + (
        "allow_private = true\n" if allow_private else ""
    )
    path = settings.source
    existing = path.read_text(encoding="utf-8") if path.exists() else ""
    updated = existing.rstrip("\n") + "\n" + block if existing else block.lstrip("\n")
    tomllib.loads(updated)  # never write a file we could not read back
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(updated, encoding="utf-8")
    return {"name": feed_name, "url": feed_url, "config": str(path)}
