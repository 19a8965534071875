"""Real receivers for delivery tests: an HTTP webhook endpoint and an SMTP server, both on 127.0.0.1.

- `WebhookReceiver(secret)`: a threaded `http.server` on port 0 that verifies every request with
  `standardwebhooks.Webhook(secret).verify(body, headers)` and records it. It answers from a script of
  `Reply`s (status, headers, delay), then with `default` (200).
- `SmtpReceiver()`: an aiosmtpd `Controller` on port 0 collecting messages; it can require AUTH
  (LOGIN/PLAIN without TLS, for tests), reject some recipients with a scripted reply and fail DATA.
- `dead_port()`: a bound, non-listening TCP port (connecting is refused at once, no race).
- `silent_server()`: accepts TCP connections and never says anything (for timeouts).

Use them as context managers; they stop cleanly and leave no thread behind.
"""

from __future__ import annotations

import asyncio
import email
import email.policy
import socket
import ssl
import tempfile
import threading
import time
from collections import deque
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.message import EmailMessage
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Literal

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP as SMTPServer
from aiosmtpd.smtp import AuthResult, Envelope, LoginPassword, Session
from standardwebhooks import Webhook, WebhookVerificationError

# --------------------------------------------------------------------------- webhook


@dataclass(frozen=True)
class Reply:
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    delay_s: float = 0.0
    body: bytes = b""


@dataclass(frozen=True)
class WebhookDelivery:
    id: str | None
    timestamp: str | None
    signature: str | None
    verified: bool
    verify_error: str | None
    body: bytes
    headers: dict[str, str]
    path: str
    status: int  # what the receiver answered


class WebhookReceiver:
    def __init__(self, secret: str, script: Iterable[Reply] = (), default: Reply | None = None) -> None:
        self.secret = secret
        self.script: deque[Reply] = deque(script)
        self.default = default or Reply()
        self.deliveries: list[WebhookDelivery] = []
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self) -> None:
                receiver._handle(self)

            def log_message(self, fmt: str, *args: Any) -> None:  # quiet
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(
            target=self._server.serve_forever,
            kwargs={"poll_interval": 0.05},
            name="webhook-receiver",
            daemon=True,
        )

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}/hook"

    def _handle(self, request: BaseHTTPRequestHandler) -> None:
        length = int(request.headers.get("Content-Length") or 0)
        body = request.rfile.read(length)
        headers = {k.lower(): v for k, v in request.headers.items()}
        verified, error = True, None
        try:
            Webhook(self.secret).verify(body, headers)
        except (WebhookVerificationError, ValueError) as exc:  # ValueError: a malformed signature entry
            verified, error = False, f"{type(exc).__name__}: {exc}"
        with self._lock:
            reply = self.script.popleft() if self.script else self.default
            self.deliveries.append(
                WebhookDelivery(
                    id=headers.get("webhook-id"),
                    timestamp=headers.get("webhook-timestamp"),
                    signature=headers.get("webhook-signature"),
                    verified=verified,
                    verify_error=error,
                    body=body,
                    headers=headers,
                    path=request.path,
                    status=reply.status,
                )
            )
        if reply.delay_s:
            self._stopping.wait(reply.delay_s)
        try:
            request.send_response(reply.status)
            for name, value in reply.headers.items():
                request.send_header(name, value)
            request.send_header("Content-Length", str(len(reply.body)))
            request.end_headers()
            request.wfile.write(reply.body)
        except OSError:  # the client gave up (timeout tests)
            pass

    def start(self) -> WebhookReceiver:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopping.set()
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> WebhookReceiver:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


# --------------------------------------------------------------------------- smtp


@dataclass(frozen=True)
class ReceivedMail:
    mail_from: str
    rcpt_tos: tuple[str, ...]
    data: bytes
    login: str | None  # the authenticated user, if any

    @property
    def message(self) -> EmailMessage:
        parsed = email.message_from_bytes(self.data, policy=email.policy.default)
        assert isinstance(parsed, EmailMessage)
        return parsed


class _Handler:
    def __init__(self, receiver: SmtpReceiver) -> None:
        self.receiver = receiver

    async def handle_MAIL(
        self, server: SMTPServer, session: Session, envelope: Envelope, address: str, options: list[str]
    ) -> str:
        if self.receiver.credentials is not None and not session.authenticated:
            return "530 5.7.0 Authentication required"
        envelope.mail_from = address
        envelope.mail_options.extend(options)
        return "250 OK"

    async def handle_RCPT(
        self, server: SMTPServer, session: Session, envelope: Envelope, address: str, options: list[str]
    ) -> str:
        reply = self.receiver.reject.get(address.lower())
        if reply:
            return reply
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: SMTPServer, session: Session, envelope: Envelope) -> str:
        if self.receiver.data_reply:
            return self.receiver.data_reply
        auth = session.auth_data
        login = auth.login.decode() if isinstance(auth, LoginPassword) else None
        content = envelope.original_content or envelope.content or b""
        assert isinstance(content, bytes)
        with self.receiver.lock:
            self.receiver.messages.append(
                ReceivedMail(
                    mail_from=str(envelope.mail_from),
                    rcpt_tos=tuple(envelope.rcpt_tos),
                    data=content,
                    login=login,
                )
            )
        return "250 Message accepted for delivery"


class _PortZeroController(Controller):
    """aiosmtpd's Controller connects to `port` to check the server is up; with port 0 use the real one."""

    def _trigger_server(self) -> None:
        assert isinstance(self.server, asyncio.Server)
        self.port = self.server.sockets[0].getsockname()[1]
        super()._trigger_server()  # type: ignore[no-untyped-call]


class SmtpReceiver:
    """`credentials=(user, password)` makes MAIL require a successful AUTH (LOGIN/PLAIN, no TLS needed).

    `reject={"bad@example.org": "550 5.1.1 No such user"}` scripts RCPT replies; `data_reply` makes DATA
    answer with that reply instead of accepting. `tls="implicit"` (smtps) or `"starttls"` serves a fresh
    self-signed certificate for 127.0.0.1 (needs the `cryptography` package).
    """

    def __init__(
        self,
        credentials: tuple[str, str] | None = None,
        reject: dict[str, str] | None = None,
        data_reply: str | None = None,
        tls: Literal["implicit", "starttls"] | None = None,
    ) -> None:
        self.credentials = credentials
        self.reject = {k.lower(): v for k, v in (reject or {}).items()}
        self.data_reply = data_reply
        self.messages: list[ReceivedMail] = []
        self.auth_attempts: list[tuple[str, bool]] = []
        self.lock = threading.Lock()
        kwargs: dict[str, Any] = {}
        if credentials is not None:
            # auth_required=True would warn (and warnings are errors); MAIL enforces AUTH instead.
            kwargs = {"authenticator": self._authenticate, "auth_require_tls": False}
        if tls == "implicit":
            kwargs["ssl_context"] = self_signed_server_context()
        elif tls == "starttls":
            kwargs["tls_context"] = self_signed_server_context()
        self._controller = _PortZeroController(_Handler(self), hostname="127.0.0.1", port=0, **kwargs)

    def _authenticate(
        self, server: SMTPServer, session: Session, envelope: Envelope, mechanism: str, auth_data: Any
    ) -> AuthResult:
        ok = False
        login = ""
        if isinstance(auth_data, LoginPassword) and self.credentials is not None:
            login = auth_data.login.decode()
            ok = (login, auth_data.password.decode()) == self.credentials
        with self.lock:
            self.auth_attempts.append((login, ok))
        return AuthResult(success=ok, handled=False, auth_data=auth_data if ok else None)

    @property
    def host(self) -> str:
        return "127.0.0.1"

    @property
    def port(self) -> int:
        return int(self._controller.port)

    def url(self, user: str | None = None, password: str | None = None, **query: str) -> str:
        """`smtp://[user:password@]127.0.0.1:PORT?starttls=false&...` (already percent-encoded parts)."""
        auth = f"{user}:{password}@" if user is not None else ""
        params = {"starttls": "false", **query}
        return f"smtp://{auth}{self.host}:{self.port}?" + "&".join(f"{k}={v}" for k, v in params.items())

    def wait_for(self, count: int, timeout_s: float = 5.0) -> list[ReceivedMail]:
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            with self.lock:
                if len(self.messages) >= count:
                    return list(self.messages)
            time.sleep(0.01)
        with self.lock:
            return list(self.messages)

    def start(self) -> SmtpReceiver:
        self._controller.start()
        return self

    def stop(self) -> None:
        self._controller.stop()

    def __enter__(self) -> SmtpReceiver:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


# --------------------------------------------------------------------------- plain sockets


@contextmanager
def dead_port() -> Iterator[int]:
    """A port on 127.0.0.1 that is bound but not listening: connections are refused at once."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        sock.bind(("127.0.0.1", 0))
        yield int(sock.getsockname()[1])
    finally:
        sock.close()


@contextmanager
def silent_server() -> Iterator[int]:
    """A port that accepts connections (into the backlog) and never answers: reads time out."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        sock.bind(("127.0.0.1", 0))
        sock.listen(8)
        yield int(sock.getsockname()[1])
    finally:
        sock.close()


def self_signed_server_context() -> ssl.SSLContext:
    """A server TLS context with a new self-signed certificate for 127.0.0.1 (clients must not verify)."""
    import datetime as dt
    import ipaddress

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "talkwatch-test")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(hours=1))
        .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), False)
        .sign(key, hashes.SHA256())
    )
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    with tempfile.TemporaryDirectory() as tmp:
        cert_path, key_path = Path(tmp) / "cert.pem", Path(tmp) / "key.pem"
        cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
        key_path.write_bytes(
            key.private_bytes(
                serialization.Encoding.PEM,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            )
        )
        context.load_cert_chain(cert_path, key_path)
    return context
