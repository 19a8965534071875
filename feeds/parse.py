"""Feed bytes to FeedEntry values: feedparser on bytes only, with our own encoding, hygiene and fallbacks.

feedparser is given a BytesIO, never a str (it would treat a str or bytes that looks like a URL or an
existing path as something to fetch or open), and the body it gets has already been:
- decoded by encoding.py and re-encoded as UTF-8 (declarations that lie do not garble text);
- stripped of its DOCTYPE, so no entity declaration ("billion laughs") or external DTD is ever seen;
- given numeric references for HTML named entities (&eacute; in RSS 0.91), so the fast strict parser
  does not fall back to the slow lenient one for them;
- cut after `max_entries` entries, so a 100,000-entry feed parses in bounded time.
"""

from __future__ import annotations

import calendar
import hashlib
import html.entities
import io
import re
import time
from collections import Counter
from collections.abc import Mapping
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urljoin, urlsplit

import feedparser

from feeds.encoding import declare_utf8, decode_body
from feeds.text import collapse, html_to_text, paragraphs
from feeds.types import FeedEntry, ParsedFeed

# Real feeds carry tens to a few hundred entries (FreshRSS keeps 400 per fetch). Past this the rest is
# dropped with a warning: parsing cost grows linearly (~0.2 ms per entry) and the newest come first.
DEFAULT_MAX_ENTRIES = 2000

_PROLOG_ITEM = re.compile(r"\s*(?:<\?.*?\?>|<!--.*?-->)", re.DOTALL)
_DOCTYPE_START = re.compile(r"<!DOCTYPE\b", re.IGNORECASE)
# Inside a DOCTYPE: quoted strings and comments are opaque; brackets nest the internal subset.
_DOCTYPE_TOKEN = re.compile(r""""[^"]*"|'[^']*'|<!--.*?-->|[\[\]>]""", re.DOTALL)
_NAMED_ENTITY = re.compile(r"&([A-Za-z][A-Za-z0-9]{1,31});")
_XML_ENTITIES = frozenset({"amp", "lt", "gt", "quot", "apos"})
_NUMERIC_REF = re.compile(r"&#(?:[xX]([0-9A-Fa-f]+)|([0-9]+));")
_INVALID_XML_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_ENTRY_END = re.compile(r"</(?:[A-Za-z_][\w.-]*:)?(?:item|entry)\s*>", re.IGNORECASE)
_HTML_TYPES = ("text/html", "application/xhtml+xml", "html", "xhtml")


def parse_feed_bytes(
    body: bytes,
    *,
    url: str,
    headers: Mapping[str, str] | None = None,
    max_entries: int | None = DEFAULT_MAX_ENTRIES,
) -> ParsedFeed:
    """Parse an RSS 0.9x/1.0/2.0, RDF or Atom body. Never raises for bad input: a body that is not a feed
    gives `is_feed=False`; a malformed feed that still yields entries gives them plus a warning.

    `url` is where the body came from (the final URL after redirects): the base for relative links.
    `max_entries=None` reads every entry (for backfilling from an archive file).
    """
    content_type = _header(headers, "content-type")
    warnings: list[str] = []
    text, enc_warning = decode_body(body, content_type)
    if enc_warning:
        warnings.append(enc_warning)
    text = _sanitize(text)
    if max_entries is not None:
        text, cut_warning = _keep_first_entries(text, max_entries)
        if cut_warning:
            warnings.append(cut_warning)
    base = url if _is_http(url) else ""
    result = feedparser.parse(
        io.BytesIO(text.encode("utf-8")),
        # No content-location: feedparser would resolve guids against it as if they were URLs, and a
        # guid must stay exactly as published (a feed moving to a new URL must not change every key).
        # Links are resolved below; xml:base inside the feed is still applied by feedparser.
        response_headers={"content-type": "application/xml; charset=utf-8"},
        # We reduce every HTML field to plain text and resolve links ourselves: their work is wasted.
        sanitize_html=False,
        resolve_relative_uris=False,
    )
    raw_entries: list[Any] = list(result.get("entries") or [])
    version = str(result.get("version") or "")
    feed_meta: Mapping[str, Any] = result.get("feed") or {}
    is_feed = bool(version) or bool(raw_entries)
    if not base:
        # A local file has no web address: its channel <link> (the site) is the best base there is.
        site = _str(feed_meta, "link")
        base = site if site and _is_http(site) else ""
    if result.get("bozo") and is_feed:
        exc = result.get("bozo_exception")
        warnings.append(f"malformed feed, read leniently: {_one_line(str(exc)) or type(exc).__name__}")
    entries, dropped = _build_entries(raw_entries, base)
    if dropped:
        warnings.append(f"{dropped} entries without id, link, title or text skipped")
    return ParsedFeed(
        entries=entries,
        warning="; ".join(warnings) or None,
        is_feed=is_feed,
        title=_plain_field(feed_meta, "title"),
        link=_absolute(_str(feed_meta, "link"), base),
    )


# --- body hygiene -------------------------------------------------------------------------------------


def _sanitize(text: str) -> str:
    text = text.removeprefix("\ufeff")
    text = _strip_doctype(declare_utf8(text))
    if "&" in text:
        text = _NAMED_ENTITY.sub(_numeric_entity, text)
        # A reference to a character XML forbids (&#0;, &#27;, a surrogate, past U+10FFFF) is dropped like
        # the raw character: feedparser would raise on some and store NUL/ESC for the others.
        text = _NUMERIC_REF.sub(_legal_char_ref, text)
    return _INVALID_XML_CHARS.sub("", text)


def _legal_char_ref(match: re.Match[str]) -> str:
    hex_digits, dec_digits = match.groups()
    try:
        code = int(hex_digits, 16) if hex_digits else int(dec_digits)
    except ValueError:  # more digits than int() accepts: far past U+10FFFF anyway
        return ""
    legal = code in (0x9, 0xA, 0xD) or 0x20 <= code <= 0xD7FF or 0xE000 <= code <= 0xFFFD or 0x10000 <= code <= 0x10FFFF
    return match.group() if legal else ""


def _strip_doctype(text: str) -> str:
    """Drop the DOCTYPE (and so every entity declaration and external DTD reference) from the prolog.

    The prolog is walked item by item (XML declaration, processing instructions, comments) rather than
    searched, so markup inside an entity value cannot be taken for the root element."""
    pos = 0
    while match := _PROLOG_ITEM.match(text, pos):
        if match.end() == pos:
            break
        pos = match.end()
    while pos < len(text) and text[pos].isspace():
        pos += 1
    if not _DOCTYPE_START.match(text, pos):
        return text
    depth = 0
    for token in _DOCTYPE_TOKEN.finditer(text, pos + len("<!DOCTYPE")):
        kind = token.group()
        if kind == "[":
            depth += 1
        elif kind == "]":
            depth -= 1
        elif kind == ">" and depth <= 0:
            return text[:pos] + text[token.end() :]
    return text[:pos]  # an unterminated DOCTYPE swallows the document: nothing safe is left


def _numeric_entity(match: re.Match[str]) -> str:
    name = match.group(1)
    if name in _XML_ENTITIES:
        return match.group(0)
    value = html.entities.html5.get(name + ";")
    if value is None:
        return match.group(0)  # unknown: the lenient parser will keep it as text
    return "".join(f"&#{ord(ch)};" for ch in value)


def _keep_first_entries(text: str, max_entries: int) -> tuple[str, str | None]:
    ends = list(_ENTRY_END.finditer(text))
    if len(ends) <= max_entries:
        return text, None
    # Entries are siblings: cutting from the end of entry N to the end of the last entry keeps the
    # closing </channel></rss> (or </feed>, </rdf:RDF>) and so a well-formed document.
    cut = ends[max_entries - 1].end()
    tail = ends[-1].end()
    return text[:cut] + text[tail:], f"feed has {len(ends)} entries; only the first {max_entries} were read"


# --- entries ------------------------------------------------------------------------------------------


def _build_entries(raw_entries: list[Any], base: str) -> tuple[tuple[FeedEntry, ...], int]:
    drafts: list[FeedEntry] = []
    dropped = 0
    for raw in raw_entries:
        entry = _entry(raw, base)
        if entry is None:
            dropped += 1
        else:
            drafts.append(entry)
    return _unique_keys(drafts), dropped


def _entry(raw: Mapping[str, Any], base: str) -> FeedEntry | None:
    guid = _str(raw, "id")
    link = _absolute(_link(raw), base)
    title = _plain_field(raw, "title")
    summary = _entry_text(raw)
    if guid:
        key = guid
    elif link:
        key = link
    elif title or summary:
        key = content_key(title, summary)
    else:
        return None
    return FeedEntry(
        key=key,
        guid=guid,
        url=link,
        title=title,
        summary=summary,
        published=_date(raw),
        author=_plain_field(raw, "author"),
    )


def content_key(title: str | None, summary: str | None) -> str:
    digest = hashlib.sha256(f"{title or ''}\n{summary or ''}".encode()).hexdigest()
    return f"sha256:{digest}"


def _unique_keys(entries: list[FeedEntry]) -> tuple[FeedEntry, ...]:
    """A guid shared by entries with different links is not an identity (a CMS writing "1" everywhere):
    those entries are keyed by link instead. Entries that still share a key are one entry (keep the first,
    the newest in document order)."""
    by_guid: dict[str, set[str | None]] = {}
    for e in entries:
        if e.guid:
            by_guid.setdefault(e.guid, set()).add(e.url)
    counts = Counter(e.guid for e in entries if e.guid)
    out: list[FeedEntry] = []
    seen: set[str] = set()
    for e in entries:
        entry = e
        if e.guid and counts[e.guid] > 1 and len(by_guid[e.guid]) > 1:
            key = e.url or content_key(e.title, e.summary)
            entry = FeedEntry(
                key=key,
                guid=e.guid,
                url=e.url,
                title=e.title,
                summary=e.summary,
                published=e.published,
                author=e.author,
            )
        if entry.key in seen:
            continue
        seen.add(entry.key)
        out.append(entry)
    return tuple(out)


def _link(raw: Mapping[str, Any]) -> str | None:
    link = _str(raw, "link")
    if link:
        return link
    for item in _get(raw, "links") or []:
        if isinstance(item, Mapping) and item.get("rel", "alternate") == "alternate" and item.get("href"):
            return str(item["href"]).strip()
    return None


def _entry_text(raw: Mapping[str, Any]) -> str | None:
    """Full content (content:encoded, Atom <content>) when present, else the summary/description."""
    best: Mapping[str, Any] | None = None
    for item in _get(raw, "content") or []:
        value = str(item.get("value") or "") if isinstance(item, Mapping) else ""
        if value.strip() and (best is None or len(value) > len(str(best.get("value")))):
            best = item
    if best is not None:
        return _to_text(str(best.get("value")), str(best.get("type") or ""), keep_paragraphs=True)
    return _plain_field(raw, "summary", keep_paragraphs=True)


def _plain_field(raw: Mapping[str, Any], name: str, *, keep_paragraphs: bool = False) -> str | None:
    value = _str(raw, name)
    if not value:
        return None
    detail = _get(raw, f"{name}_detail")
    kind = str(detail.get("type") or "") if isinstance(detail, Mapping) else "text/html"
    return _to_text(value, kind, keep_paragraphs=keep_paragraphs)


def _to_text(value: str, kind: str, *, keep_paragraphs: bool = False) -> str | None:
    if not kind or kind.lower().startswith(_HTML_TYPES):
        text = html_to_text(value, keep_paragraphs=keep_paragraphs)
    else:
        text = paragraphs(value) if keep_paragraphs else collapse(value)
    return text or None


def _date(raw: Mapping[str, Any]) -> datetime | None:
    for name in ("published", "updated", "created"):
        value = _get(raw, f"{name}_parsed")
        if isinstance(value, time.struct_time):
            try:
                # feedparser normalises to UTC struct_time; timegm keeps it UTC.
                instant = datetime.fromtimestamp(calendar.timegm(value), tz=UTC)
            except (OverflowError, ValueError, OSError):
                continue
            return _in_publisher_offset(instant, _get(raw, name))
    return None


def _in_publisher_offset(instant: datetime, written: Any) -> datetime:
    """The same instant in the UTC offset the feed wrote it with ("+0900"), when it wrote one.

    The article's publication *date* is the publisher's: a Tokyo paper's 08:00 (+0900) story is dated that
    day, not the day before as in UTC, and "yesterday" or "on Thursday" in its text count from that day.
    """
    if not isinstance(written, str):
        return instant
    local: datetime | None = None
    try:
        local = parsedate_to_datetime(written)
    except (TypeError, ValueError, IndexError):
        try:
            local = datetime.fromisoformat(written.strip().replace("Z", "+00:00"))
        except ValueError:
            return instant
    if local.tzinfo is None or local.utcoffset() is None or abs((local - instant).total_seconds()) > 1:
        return instant  # no offset, or not the instant feedparser read: keep feedparser's UTC
    return instant.astimezone(local.tzinfo)


def _absolute(link: str | None, base: str) -> str | None:
    if not link:
        return None
    try:
        resolved = urljoin(base, link.strip()) if base else link.strip()
        parts = urlsplit(resolved)
    except ValueError:
        return None
    # Only web links: javascript:, data:, mailto: and file: must not reach alerts or the full-text fetcher.
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return resolved


# --- small helpers -------------------------------------------------------------------------------------


def _get(raw: Any, key: str) -> Any:
    # dict.get, not FeedParserDict.get: the latter maps keys and warns (DeprecationWarning) on some.
    return dict.get(raw, key) if isinstance(raw, dict) else None


def _str(raw: Mapping[str, Any], key: str) -> str | None:
    value = _get(raw, key)
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def _header(headers: Mapping[str, str] | None, name: str) -> str | None:
    if not headers:
        return None
    for key, value in headers.items():
        if key.lower() == name:
            return value
    return None


def _is_http(url: str) -> bool:
    return url.lower().startswith(("http://", "https://"))


def _one_line(text: str, limit: int = 200) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 3] + "..."
