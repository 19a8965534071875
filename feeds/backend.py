"""httpcore network backend for the shared client: the connect-time SSRF guard, and cheap idle checks.

httpcore's pool asks every pooled connection "has the server closed you?" on every request it assigns;
over anyio each answer builds a dict of socket attributes, which made the pool the main CPU cost of an
all-304 pass. `_Stream` answers from the socket it keeps, and reads/writes without a timeout go straight
to the anyio stream (httpcore would open a cancel scope for "no timeout" on every call): the client
has no per-operation timeouts, http_fetch's whole-fetch deadline bounds everything.
"""

from __future__ import annotations

import ssl
import typing
from collections.abc import Iterable
from typing import Any

import anyio
import anyio.abc
import httpcore
from httpcore._utils import is_socket_readable

from feeds import ssrf

_BROKEN = (anyio.BrokenResourceError, anyio.ClosedResourceError, OSError)


class _Stream(httpcore.AsyncNetworkStream):
    def __init__(self, inner: httpcore.AsyncNetworkStream) -> None:
        self._inner = inner
        self._socket = inner.get_extra_info("socket")
        # httpcore's AnyIOStream keeps the anyio byte stream as `_stream`; without it, always delegate.
        raw = getattr(inner, "_stream", None)
        self._raw: anyio.abc.ByteStream | None = raw if isinstance(raw, anyio.abc.ByteStream) else None

    async def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        if timeout is not None or self._raw is None:
            return await self._inner.read(max_bytes, timeout)
        try:
            return await self._raw.receive(max_bytes)
        except anyio.EndOfStream:
            return b""
        except _BROKEN as exc:
            raise httpcore.ReadError(str(exc) or type(exc).__name__) from exc

    async def write(self, buffer: bytes, timeout: float | None = None) -> None:
        if timeout is not None or self._raw is None:
            await self._inner.write(buffer, timeout)
            return
        if not buffer:
            return
        try:
            await self._raw.send(buffer)
        except _BROKEN as exc:
            raise httpcore.WriteError(str(exc) or type(exc).__name__) from exc

    async def aclose(self) -> None:
        await self._inner.aclose()

    async def start_tls(
        self, ssl_context: ssl.SSLContext, server_hostname: str | None = None, timeout: float | None = None
    ) -> httpcore.AsyncNetworkStream:
        return _Stream(await self._inner.start_tls(ssl_context, server_hostname, timeout))

    def get_extra_info(self, info: str) -> typing.Any:
        if info == "is_readable" and self._socket is not None:
            return is_socket_readable(self._socket)
        return self._inner.get_extra_info(info)


class GuardedBackend(httpcore.AsyncNetworkBackend):
    """httpcore network backend that connects only to addresses the current policy allows."""

    def __init__(self, inner: httpcore.AsyncNetworkBackend) -> None:
        self._inner = inner

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        if ssrf.allow_private_var.get():
            return _Stream(await self._inner.connect_tcp(host, port, timeout, local_address, socket_options))
        try:
            with anyio.fail_after(timeout):
                addresses = await ssrf.resolve(host, port)
        except ssrf.BlockedAddressError as exc:
            raise httpcore.ConnectError(str(exc)) from None
        except TimeoutError:
            raise httpcore.ConnectTimeout(f"resolving {host} timed out") from None
        # Looked up on the module at call time, so tests can declare the local test server public.
        allowed = [a for a in addresses if ssrf.is_public_address(a)]
        if len(allowed) != len(addresses):
            raise httpcore.ConnectError(ssrf.refusal_message(host, [a for a in addresses if a not in allowed]))
        last: Exception | None = None
        for ip in allowed:  # connect to the checked address itself, not to the name again
            try:
                stream = await self._inner.connect_tcp(str(ip), port, timeout, local_address, socket_options)
                return _Stream(stream)
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                last = exc
        assert last is not None
        raise last

    async def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Iterable[Any] | None = None
    ) -> httpcore.AsyncNetworkStream:
        raise httpcore.ConnectError("refused: unix sockets are not allowed for feeds")

    async def sleep(self, seconds: float) -> None:
        await self._inner.sleep(seconds)


class LinearPool(httpcore.AsyncConnectionPool):
    """httpcore 1.0's pool with cheaper request assignment (same decisions about reuse).

    The stock `_assign_requests_to_connections` runs on every request start and end. It counts the
    connections with a list comprehension once per idle connection (quadratic in the pool size) and asks
    every idle connection whether the server closed it (a poll() each). With 32 keep-alive connections
    that was most of the CPU of an all-304 pass. Here the count is len(); closed and expired connections
    are dropped when a request looks for a connection (the one about to be reused is always checked),
    and a full sweep every SWEEP_EVERY calls releases idle sockets nobody asked for.
    """

    SWEEP_EVERY = 64
    _calls = 0

    def _assign_requests_to_connections(self) -> list[httpcore.AsyncConnectionInterface]:
        closing: list[httpcore.AsyncConnectionInterface] = []
        connections: list[httpcore.AsyncConnectionInterface] = self._connections
        self._calls += 1
        if self._calls % self.SWEEP_EVERY == 0 or len(connections) > self._max_keepalive_connections:
            for connection in list(connections):
                if connection.is_closed():
                    connections.remove(connection)
                elif connection.has_expired() or (
                    connection.is_idle() and len(connections) > self._max_keepalive_connections
                ):
                    connections.remove(connection)
                    closing.append(connection)

        for pool_request in [r for r in self._requests if r.is_queued()]:
            origin = pool_request.request.url.origin
            reused = None
            for connection in list(connections):
                if connection.is_closed():
                    connections.remove(connection)
                    continue
                if not (connection.can_handle_request(origin) and connection.is_available()):
                    continue
                if connection.has_expired():  # keep-alive ran out, or the server hung up
                    connections.remove(connection)
                    closing.append(connection)
                    continue
                reused = connection
                break
            if reused is not None:
                pool_request.assign_to_connection(reused)
                continue
            if len(connections) >= self._max_connections:
                idle = next((c for c in connections if c.is_idle()), None)
                if idle is None:
                    continue  # stays queued until a connection frees up
                connections.remove(idle)
                closing.append(idle)
            connection = self.create_connection(origin)
            connections.append(connection)
            pool_request.assign_to_connection(connection)
        return closing
