"""One HTTP GET with manual redirects, the SSRF guard per hop, a whole-fetch deadline and a size cap.

Shared by feeds, full-text articles and discovery, so all three get the same politeness and limits.
"""

from __future__ import annotations

import asyncio
import http
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from urllib.parse import urldefrag, urljoin, urlsplit

import httpx

from config.settings import FetchSettings
from feeds.client import ACCEPT_ENCODING, Limiter
from feeds.decode import BodyTooLargeError, BoundedDecoder, UnsupportedEncodingError
from feeds.ssrf import HTTP_SCHEMES, BlockedAddressError, allow_private_var, check_url
from feeds.types import FetchError

MAX_REDIRECTS = 5
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
PERMANENT_STATUSES = frozenset({301, 308})
# Compressed bytes are allowed a little past max_bytes: tiny bodies can grow when gzipped.
_RAW_SLACK = 64 * 1024


@dataclass(frozen=True)
class HttpResponse:
    status: int
    url: str  # the final URL, where the body came from
    permanent: bool  # there was at least one redirect and every hop was 301/308
    headers: httpx.Headers
    body: bytes  # decoded; read only when `want_body(status)` said so
    reason: str


def default_want_body(status: int) -> bool:
    return 200 <= status < 300 and status != 204


async def fetch_url(
    client: httpx.AsyncClient,
    url: str,
    *,
    settings: FetchSettings,
    limiter: Limiter,
    allow_private: bool,
    headers: Mapping[str, str] | None = None,
    want_body: Callable[[int], bool] = default_want_body,
) -> HttpResponse:
    """GET `url`; raise FetchError (one-line message) when there is no final response to judge.

    `timeout_s` bounds everything from the first DNS lookup to the last body byte, redirects included;
    waiting for a concurrency slot before the first hop is not part of it.
    """
    # Set per request, not only on the client: a caller's client must not advertise encodings we cannot
    # decode under the cap, nor go out without our User-Agent.
    request_headers = {"User-Agent": settings.user_agent, "Accept-Encoding": ACCEPT_ENCODING, **(headers or {})}
    token = allow_private_var.set(allow_private)
    loop = asyncio.get_running_loop()
    current = url
    seen = {urldefrag(url)[0]}
    permanent = True
    try:
        async with asyncio.timeout(None) as deadline:
            for hop in range(MAX_REDIRECTS + 1):
                async with limiter.slot(_host(current)):
                    if deadline.when() is None:
                        deadline.reschedule(loop.time() + settings.timeout_s)
                    await check_url(current, allow_private=allow_private)
                    # follow_redirects=False per request: a caller's own client may follow them, which
                    # would skip the per-hop guard.
                    async with client.stream("GET", current, headers=request_headers, follow_redirects=False) as resp:
                        status = resp.status_code
                        if status not in REDIRECT_STATUSES:
                            body = b""
                            if want_body(status):
                                body = await _read_body(resp, settings.max_bytes, current)
                            else:
                                await _drain(resp)
                            return HttpResponse(
                                status=status,
                                url=current,
                                permanent=permanent and hop > 0,
                                headers=resp.headers,
                                body=body,
                                reason=_reason(resp),
                            )
                        location = resp.headers.get("location")
                        await _drain(resp)
                # Redirect: the connection is released before the next hop takes its own host slot.
                if not location:
                    raise FetchError(f"HTTP {status} redirect without Location", status=status, final_url=current)
                target = urldefrag(urljoin(current, location.strip()))[0]
                if urlsplit(target).scheme.lower() not in HTTP_SCHEMES:
                    message = f"refused: redirect to a non-http(s) URL {_short(target)}"
                    raise FetchError(message, status=status, final_url=current)
                if target in seen:
                    message = f"redirect loop at {_short(target)}"
                    raise FetchError(message, status=status, final_url=current)
                if hop == MAX_REDIRECTS:
                    break
                seen.add(target)
                permanent = permanent and status in PERMANENT_STATUSES
                current = target
            raise FetchError(f"too many redirects (more than {MAX_REDIRECTS})", final_url=current)
    except TimeoutError:
        raise FetchError(f"timed out after {settings.timeout_s:g} s", final_url=current) from None
    except BlockedAddressError as exc:
        raise FetchError(str(exc), final_url=current) from None
    except httpx.TimeoutException:
        raise FetchError(f"timed out after {settings.timeout_s:g} s", final_url=current) from None
    except httpx.InvalidURL as exc:
        raise FetchError(f"invalid URL: {exc}", final_url=current) from None
    except httpx.HTTPError as exc:
        raise FetchError(_describe(exc), final_url=current) from None
    finally:
        allow_private_var.reset(token)


async def _read_body(resp: httpx.Response, max_bytes: int, url: str) -> bytes:
    """Stream the body, decoding Content-Encoding ourselves under the cap (see decode.py)."""
    encoding = resp.headers.get("content-encoding")
    try:
        decoder = BoundedDecoder(encoding, max_bytes)
    except UnsupportedEncodingError as exc:
        raise FetchError(str(exc), status=resp.status_code, final_url=url) from None
    declared = _content_length(resp)
    if declared is not None and declared > max_bytes + (_RAW_SLACK if encoding else 0):
        raise FetchError(f"body over max_bytes ({max_bytes})", status=resp.status_code, final_url=url)
    body = bytearray()
    raw_total = 0
    try:
        async for raw in resp.aiter_raw():
            raw_total += len(raw)
            if raw_total > max_bytes + _RAW_SLACK:  # endless compressed padding that decodes to nothing
                raise FetchError(f"body over max_bytes ({max_bytes})", status=resp.status_code, final_url=url)
            body += decoder.feed(raw)
        body += decoder.flush()
    except (BodyTooLargeError, UnsupportedEncodingError) as exc:
        raise FetchError(str(exc), status=resp.status_code, final_url=url) from None
    return bytes(body)


async def _drain(resp: httpx.Response, limit: int = 16 * 1024) -> None:
    """Read a small unwanted body (304, redirect, error page) to its end so the connection can be reused;
    a large one is left and the connection closed instead."""
    declared = _content_length(resp)
    if declared is not None and declared > limit:
        return
    seen = 0
    async for raw in resp.aiter_raw():
        seen += len(raw)
        if seen > limit:
            return


def _content_length(resp: httpx.Response) -> int | None:
    value = resp.headers.get("content-length", "").strip()
    return int(value) if value.isascii() and value.isdigit() else None


def _host(url: str) -> str:
    try:
        return (urlsplit(url).hostname or "").lower()
    except ValueError:
        return ""


def _reason(resp: httpx.Response) -> str:
    if resp.reason_phrase:
        return resp.reason_phrase
    try:
        return http.HTTPStatus(resp.status_code).phrase
    except ValueError:
        return ""


def _describe(exc: httpx.HTTPError) -> str:
    kinds: dict[type[httpx.HTTPError], str] = {
        httpx.ConnectError: "connection failed",
        httpx.RemoteProtocolError: "protocol error",
        httpx.ReadError: "read error",
        httpx.WriteError: "write error",
        httpx.ProxyError: "proxy error",
        httpx.UnsupportedProtocol: "unsupported URL",
    }
    kind = kinds.get(type(exc), type(exc).__name__)
    text = one_line(str(exc))
    # Our own SSRF refusal from the network backend already reads as a full sentence.
    if text.startswith("refused:"):
        return text
    return f"{kind}: {text}" if text else kind


def one_line(text: str, limit: int = 300) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 3] + "..."


def _short(url: str, limit: int = 200) -> str:
    return url if len(url) <= limit else url[:limit] + "..."
