"""HTTPS through the client make_client builds: the connect-time guard dials the checked IP address while
TLS still verifies the host name (SNI), against a self-signed certificate the test trusts."""

from __future__ import annotations

import asyncio
import datetime as dt
import ipaddress
import ssl
from collections.abc import Iterator
from pathlib import Path

import pytest

from config.settings import FetchSettings
from feeds import FeedRequest, FeedResult, fetch_feeds, make_client, ssrf
from tests.support.feed_samples import rss2
from tests.support.feedserver import FeedServer

x509 = pytest.importorskip("cryptography.x509")
from cryptography.hazmat.primitives import hashes, serialization  # noqa: E402
from cryptography.hazmat.primitives.asymmetric import ec  # noqa: E402
from cryptography.x509.oid import NameOID  # noqa: E402


@pytest.fixture(scope="module")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(hours=1))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    folder = tmp_path_factory.mktemp("tls")
    cert_path, key_path = folder / "cert.pem", folder / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    return cert_path, key_path


@pytest.fixture
def tls_server(certificate: tuple[Path, Path]) -> Iterator[FeedServer]:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(*certificate)
    with FeedServer(tls=context) as srv:
        yield srv


def _client_context(certificate: tuple[Path, Path]) -> ssl.SSLContext:
    return ssl.create_default_context(cafile=str(certificate[0]))


def _fetch(url: str, certificate: tuple[Path, Path], allow_private: bool) -> list[FeedResult]:
    settings = FetchSettings(timeout_s=5)

    async def run() -> list[FeedResult]:
        async with make_client(settings, verify=_client_context(certificate)) as client:
            req = FeedRequest(name="tls", url=url, allow_private=allow_private)
            return list(await fetch_feeds([req], settings, client=client))

    return asyncio.run(run())


def test_https_feed(tls_server: FeedServer, certificate: tuple[Path, Path]):
    tls_server.route("/f", body=rss2(2), etag='"t"')
    (result,) = _fetch(f"https://localhost:{tls_server.port}/f", certificate, allow_private=True)
    assert result.outcome == "ok" and len(result.entries) == 2


def test_https_through_the_connect_time_guard(
    tls_server: FeedServer, certificate: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
):
    # With 127.0.0.1 declared public, allow_private=False takes the guarded path: resolve "localhost",
    # check the address, dial 127.0.0.1 and verify the certificate for the name "localhost".
    real = ssrf.is_public_address
    monkeypatch.setattr(ssrf, "is_public_address", lambda ip: str(ip) == "127.0.0.1" or real(ip))
    tls_server.route("/f", body=rss2(1))
    (result,) = _fetch(f"https://localhost:{tls_server.port}/f", certificate, allow_private=False)
    assert result.outcome == "ok", result.error


def test_untrusted_certificate_fails(tls_server: FeedServer):
    tls_server.route("/f", body=rss2(1))
    settings = FetchSettings(timeout_s=5)
    req = FeedRequest(name="tls", url=tls_server.url("/f"), allow_private=True)
    (result,) = asyncio.run(fetch_feeds([req], settings))
    assert result.outcome == "failed"
    assert "CERTIFICATE_VERIFY_FAILED" in (result.error or "") or "certificate" in (result.error or "").lower()


class _H2Server:
    """A minimal HTTP/2 server (h2 over TLS, ALPN "h2"), enough to show the client speaks HTTP/2 where a
    server offers it: answers every GET with the feed, or 304 when If-None-Match matches."""

    def __init__(self, context: ssl.SSLContext, body: bytes, etag: str) -> None:
        import socket
        import threading

        context.set_alpn_protocols(["h2"])
        self._context, self._body, self._etag = context, body, etag
        self._sock = socket.create_server(("127.0.0.1", 0))
        self.port = self._sock.getsockname()[1]
        self.requests: list[dict[str, str]] = []
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    def _accept(self) -> None:
        import threading

        while True:
            try:
                raw, _ = self._sock.accept()
            except OSError:
                return
            threading.Thread(target=self._serve, args=(raw,), daemon=True).start()

    def _serve(self, raw: object) -> None:
        import h2.config
        import h2.connection
        import h2.events

        try:
            conn_sock = self._context.wrap_socket(raw, server_side=True)  # type: ignore[arg-type]
        except (OSError, ssl.SSLError):
            return
        conn = h2.connection.H2Connection(h2.config.H2Configuration(client_side=False))
        conn.initiate_connection()
        conn_sock.sendall(conn.data_to_send())
        with conn_sock:
            while data := conn_sock.recv(65536):
                for event in conn.receive_data(data):
                    if isinstance(event, h2.events.RequestReceived):
                        headers = {k.decode(): v.decode() for k, v in event.headers}
                        self.requests.append(headers)
                        if headers.get("if-none-match") == self._etag:
                            conn.send_headers(
                                event.stream_id, [(":status", "304"), ("etag", self._etag)], end_stream=True
                            )
                        else:
                            conn.send_headers(
                                event.stream_id,
                                [
                                    (":status", "200"),
                                    ("content-type", "application/rss+xml"),
                                    ("etag", self._etag),
                                    ("content-length", str(len(self._body))),
                                ],
                            )
                            conn.send_data(event.stream_id, self._body, end_stream=True)
                conn_sock.sendall(conn.data_to_send())

    def close(self) -> None:
        self._sock.close()


def test_http2_where_offered(certificate: tuple[Path, Path]):
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(*certificate)
    server = _H2Server(context, rss2(3), '"h2-v1"')
    try:
        url = f"https://localhost:{server.port}/feed"
        (first,) = _fetch(url, certificate, allow_private=True)
        assert first.outcome == "ok" and len(first.entries) == 3 and first.etag == '"h2-v1"'
        settings = FetchSettings(timeout_s=5)

        async def again() -> FeedResult:
            async with make_client(settings, verify=_client_context(certificate)) as client:
                req = FeedRequest(name="h2", url=url, etag=first.etag, allow_private=True)
                return (await fetch_feeds([req], settings, client=client))[0]

        second = asyncio.run(again())
        assert second.outcome == "not_modified"
        # Pseudo-headers prove the requests came over HTTP/2.
        assert server.requests[0][":method"] == "GET" and server.requests[0][":path"] == "/feed"
        assert server.requests[1]["if-none-match"] == '"h2-v1"'
        assert server.requests[0]["user-agent"] == settings.user_agent
    finally:
        server.close()
