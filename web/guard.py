"""Security around every response: the strict Content-Security-Policy and friends, and the `[web] token`.

With a token configured, every request must carry it: `Authorization: Bearer <token>`, `?token=<token>`
(feed readers), or the cookie a browser is given after its first `?token=` request (so the page's own links
work without repeating the token in every URL). The cookie holds a digest of the token, never the token.
"""

from __future__ import annotations

import hashlib
import hmac
from http.cookies import SimpleCookie
from urllib.parse import parse_qs

from starlette.types import ASGIApp, Message, Receive, Scope, Send

# No script at all, styles and images from this server only, no framing, forms only to this server.
CSP = (
    "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
SECURITY_HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
]
COOKIE = "talkwatch_web"


def cookie_value(token: str) -> str:
    return hashlib.sha256(f"talkwatch-web-cookie:{token}".encode()).hexdigest()


def _header(scope: Scope, name: bytes) -> str:
    for key, value in scope.get("headers", []):
        if key == name:
            return str(value.decode("latin-1"))
    return ""


class Guard:
    def __init__(self, app: ASGIApp, token: str | None) -> None:
        self.app = app
        self.token = token

    def _authorised(self, scope: Scope) -> tuple[bool, bool]:
        """(allowed, came with ?token=)."""
        assert self.token is not None
        auth = _header(scope, b"authorization")
        if auth[:7].lower() == "bearer " and hmac.compare_digest(auth[7:].strip().encode(), self.token.encode()):
            return True, False
        query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
        for given in query.get("token", []):
            if hmac.compare_digest(given.encode(), self.token.encode()):
                return True, True
        cookies = SimpleCookie()
        try:
            cookies.load(_header(scope, b"cookie"))
        except Exception:  # noqa: BLE001 - a malformed cookie header is just no cookie
            return False, False
        morsel = cookies.get(COOKIE)
        if morsel is not None and hmac.compare_digest(morsel.value.encode(), cookie_value(self.token).encode()):
            return True, False
        return False, False

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        set_cookie = False
        if self.token is not None:
            allowed, by_query = self._authorised(scope)
            if not allowed:
                await _unauthorised(send)
                return
            set_cookie = by_query

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [h for h in message.get("headers", []) if h[0] not in {k for k, _ in SECURITY_HEADERS}]
                headers += SECURITY_HEADERS
                if set_cookie and self.token is not None:
                    value = f"{COOKIE}={cookie_value(self.token)}; Path=/; HttpOnly; SameSite=Strict"
                    headers.append((b"set-cookie", value.encode()))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)


async def _unauthorised(send: Send) -> None:
    body = b"401 Unauthorized: this talkwatch web view needs its token (Authorization: Bearer <token> or ?token=)\n"
    await send(
        {
            "type": "http.response.start",
            "status": 401,
            "headers": [
                (b"content-type", b"text/plain; charset=utf-8"),
                (b"content-length", str(len(body)).encode()),
                (b"www-authenticate", b'Bearer realm="talkwatch"'),
                *SECURITY_HEADERS,
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
