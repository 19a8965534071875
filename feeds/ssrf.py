"""SSRF guard: feed and article URLs may only reach public addresses unless a feed opts in.

Two layers, because a check before the request alone is open to DNS rebinding (the name resolves to a
public address for the check and to 127.0.0.1 for the connection):

1. `check_url` runs before every request and every redirect hop: scheme, then the resolved addresses.
2. `backend.GuardedBackend` is installed as the network backend of the clients `make_client` builds: it
   resolves the host itself, refuses non-public addresses and connects to the address it checked, so the
   address checked is the address used.

The policy for the current request travels in a context variable, because one client is shared by feeds
with different `allow_private` settings.
"""

from __future__ import annotations

import contextvars
import ipaddress
import socket
from collections.abc import Iterable
from urllib.parse import urlsplit

import anyio

HTTP_SCHEMES = ("http", "https")

# Whether the request running in this task may reach private addresses (the feed's allow_private).
allow_private_var: contextvars.ContextVar[bool] = contextvars.ContextVar("talkwatch_allow_private", default=False)

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


class BlockedAddressError(Exception):
    """A URL whose host is not allowed; the message is the one-line reason."""


def is_public_address(ip: IPAddress) -> bool:
    """Globally routable unicast only: no loopback, private, link-local (cloud metadata), CGNAT,
    multicast, reserved or documentation ranges, also when hidden in an IPv6 embedding."""
    if isinstance(ip, ipaddress.IPv6Address):
        # ::ffff:127.0.0.1 and 2002:7f00:1:: reach IPv4 hosts; judge the embedded address.
        if ip.ipv4_mapped is not None:
            return is_public_address(ip.ipv4_mapped)
        if ip.sixtofour is not None:
            return is_public_address(ip.sixtofour)
        if ip.teredo is not None:
            return False
        if ip in _NAT64:
            return is_public_address(ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF))
    return bool(ip.is_global) and not ip.is_multicast and not ip.is_reserved and not ip.is_unspecified


_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")


def _parse_ip(text: str) -> IPAddress | None:
    try:
        return ipaddress.ip_address(text.split("%", 1)[0])  # drop an IPv6 zone id
    except ValueError:
        return None


async def resolve(host: str, port: int) -> list[IPAddress]:
    """All addresses `host` resolves to (an IP literal resolves to itself)."""
    literal = _parse_ip(host.strip("[]"))
    if literal is not None:
        return [literal]
    try:
        infos = await anyio.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except OSError as exc:
        raise BlockedAddressError(f"cannot resolve host {host}: {exc.strerror or exc}") from None
    out: list[IPAddress] = []
    for info in infos:
        ip = _parse_ip(str(info[4][0]))
        if ip is not None and ip not in out:
            out.append(ip)
    if not out:
        raise BlockedAddressError(f"cannot resolve host {host}")
    return out


def refusal_message(host: str, addresses: Iterable[IPAddress]) -> str:
    shown = ", ".join(str(a) for a in list(addresses)[:3])
    return f"refused: {host} is a non-public address ({shown}); set allow_private = true for this feed to allow it"


async def check_url(url: str, *, allow_private: bool) -> None:
    """Raise BlockedAddressError unless `url` is http(s) and (unless allowed) every address is public.

    Every address must be public, not just one: the connection may pick any of them."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise BlockedAddressError(f"invalid URL {url!r}: {exc}") from None
    if parts.scheme.lower() not in HTTP_SCHEMES:
        raise BlockedAddressError(f"refused: not an http(s) URL: {_short(url)}")
    host = parts.hostname
    if not host:
        raise BlockedAddressError(f"invalid URL (no host): {_short(url)}")
    if allow_private:
        return
    addresses = await resolve(host, port or (443 if parts.scheme.lower() == "https" else 80))
    if not all(is_public_address(a) for a in addresses):
        raise BlockedAddressError(refusal_message(host, [a for a in addresses if not is_public_address(a)]))


def _short(url: str, limit: int = 200) -> str:
    return url if len(url) <= limit else url[:limit] + "..."
