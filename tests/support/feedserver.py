"""A real HTTP server for fetcher tests: threaded, on 127.0.0.1, port 0, with scripted routes.

    with FeedServer() as server:
        server.route("/feed.xml", body=RSS, etag='"v1"')
        url = server.url("/feed.xml")
        ...
        assert server.requests_for("/feed.xml")[-1].headers["if-none-match"] == '"v1"'

Routes: status, headers, body, delay before the headers, a trickled body (one byte per interval),
ETag/Last-Modified with 304 on a match, gzip, a pre-encoded body (gzip bomb) and redirects. Every request
is logged with its headers (lower-cased names).
"""

from __future__ import annotations

import gzip
import ssl
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from urllib.parse import urlsplit

RSS_TYPE = "application/rss+xml; charset=utf-8"


@dataclass
class Route:
    status: int = 200
    body: bytes = b""
    content_type: str | None = RSS_TYPE
    headers: dict[str, str] = field(default_factory=dict)
    etag: str | None = None  # sent as ETag; a matching If-None-Match gets a 304
    last_modified: str | None = None  # sent as Last-Modified; an equal If-Modified-Since gets a 304
    delay: float = 0.0  # seconds before the status line (a stalled server)
    trickle: float | None = None  # seconds between body bytes (a slow-drip server)
    gzip: bool = False  # gzip the body (Content-Encoding: gzip)
    encoded_body: bytes | None = None  # sent as is with `content_encoding` (e.g. a gzip bomb)
    content_encoding: str | None = None
    location: str | None = None  # for redirects


@dataclass(frozen=True)
class LoggedRequest:
    method: str
    path: str
    headers: dict[str, str]
    at: float
    client_port: int  # tells connections apart: keep-alive reuse shows as one port


class FeedServer:
    def __init__(self, host: str = "127.0.0.1", *, tls: ssl.SSLContext | None = None) -> None:
        self._routes: dict[str, Route] = {}
        self._lock = threading.Lock()
        self.requests: list[LoggedRequest] = []
        self.active = 0  # requests being served right now
        self.max_active = 0  # the most served at once (for concurrency-limit tests)
        self.closing = threading.Event()
        self._server = _Server((host, 0), _make_handler(self))
        self.scheme = "http"
        if tls is not None:  # HTTPS: the handshake happens as each connection is accepted
            self._server.socket = tls.wrap_socket(self._server.socket, server_side=True)
            self.scheme = "https"
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.02}, name="feedserver", daemon=True
        )
        self.host = host
        self.port: int = self._server.server_address[1]

    # -- lifecycle ------------------------------------------------------------------------------------

    def start(self) -> FeedServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self.closing.set()  # releases delays and trickles
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> FeedServer:
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()

    # -- routes ---------------------------------------------------------------------------------------

    def url(self, path: str) -> str:
        return f"{self.scheme}://{self.host}:{self.port}{path}"

    def route(self, path: str, **kwargs: object) -> Route:
        route = Route(**kwargs)  # type: ignore[arg-type]
        with self._lock:
            self._routes[path] = route
        return route

    def redirect(self, path: str, to: str, status: int = 301) -> Route:
        """`to` is a path on this server or an absolute URL."""
        target = to if "://" in to or to.startswith("//") else self.url(to)
        return self.route(path, status=status, location=target, content_type="text/html")

    def get_route(self, path: str) -> Route | None:
        with self._lock:
            return self._routes.get(path) or self._routes.get(urlsplit(path).path)

    # -- request log ----------------------------------------------------------------------------------

    def log(self, request: LoggedRequest) -> None:
        with self._lock:
            self.requests.append(request)

    def enter(self) -> None:
        with self._lock:
            self.active += 1
            self.max_active = max(self.max_active, self.active)

    def leave(self) -> None:
        with self._lock:
            self.active -= 1

    def requests_for(self, path: str) -> list[LoggedRequest]:
        with self._lock:
            return [r for r in self.requests if r.path == path]

    def hits(self, path: str) -> int:
        return len(self.requests_for(path))


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128

    def handle_error(self, request: object, client_address: object) -> None:
        # Clients that hang up mid-response (timeouts, size caps) are what the tests are about.
        pass


def _make_handler(server: FeedServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive, as real servers
        timeout = 10  # an idle keep-alive connection does not hold a thread forever

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib signature
            pass

        def do_HEAD(self) -> None:
            self._serve(head=True)

        def do_GET(self) -> None:
            self._serve(head=False)

        def _serve(self, *, head: bool) -> None:
            server.enter()
            try:
                self._respond(head=head)
            finally:
                server.leave()

        def _respond(self, *, head: bool) -> None:
            headers = {k.lower(): v for k, v in self.headers.items()}
            server.log(LoggedRequest(self.command, self.path, headers, time.monotonic(), self.client_address[1]))
            route = server.get_route(self.path)
            if route is None:
                self._send(404, b"not found", {"Content-Type": "text/plain"}, head=head)
                return
            if route.delay and server.closing.wait(route.delay):
                return
            if _not_modified(route, headers):
                extra = {}
                if route.etag:
                    extra["ETag"] = route.etag
                if route.last_modified:
                    extra["Last-Modified"] = route.last_modified
                self._send(304, b"", extra, head=True)
                return
            out_headers: dict[str, str] = {}
            if route.content_type:
                out_headers["Content-Type"] = route.content_type
            if route.etag:
                out_headers["ETag"] = route.etag
            if route.last_modified:
                out_headers["Last-Modified"] = route.last_modified
            if route.location:
                out_headers["Location"] = route.location
            body = route.body
            if route.encoded_body is not None:
                body = route.encoded_body
                out_headers["Content-Encoding"] = route.content_encoding or "gzip"
            elif route.gzip:
                body = gzip.compress(body)
                out_headers["Content-Encoding"] = "gzip"
            out_headers.update(route.headers)
            self._send(route.status, body, out_headers, head=head, trickle=route.trickle)

        def _send(
            self,
            status: int,
            body: bytes,
            headers: dict[str, str],
            *,
            head: bool,
            trickle: float | None = None,
        ) -> None:
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            if status != 304:
                self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if head or status == 304:
                return
            if trickle is None:
                self.wfile.write(body)
                return
            for i in range(len(body)):
                if server.closing.wait(trickle):
                    return
                self.wfile.write(body[i : i + 1])
                self.wfile.flush()

    return Handler


def _not_modified(route: Route, headers: dict[str, str]) -> bool:
    inm = headers.get("if-none-match")
    if inm is not None:
        # RFC 9110 §13.1.2: If-None-Match wins over If-Modified-Since when both are sent.
        tags = [t.strip() for t in inm.split(",")]
        return route.etag is not None and (route.etag in tags or "*" in tags)
    ims = headers.get("if-modified-since")
    return ims is not None and route.last_modified is not None and ims == route.last_modified


def serve() -> Iterator[FeedServer]:
    """For a pytest fixture: `server = pytest.fixture(serve)`."""
    with FeedServer() as server:
        yield server
