"""Email delivery over SMTP, one recipient per attempt.

`smtp_url` forms (user and password are percent-decoded; encode `@ : / ? #` in them):

- `smtp://user:pass@host:587` : plain connection upgraded with STARTTLS, then AUTH.
- `smtps://user:pass@host:465`: implicit TLS (SMTP_SSL), then AUTH.
- `smtp://host:25`            : no user, no AUTH.

Query parameters:

- `starttls=true|false`: upgrade a `smtp://` connection with STARTTLS. **Default: true when the port is
  587 or a user is given** (credentials never travel in clear unless you say so), false otherwise. A server
  that does not offer STARTTLS when it is on is a permanent failure. `starttls=false` is what a plain local
  test server (aiosmtpd) needs.
- `verify=true|false`: verify the server certificate (default true). `verify=false` accepts any
  certificate, for self-signed test servers only: it gives up protection against interception.

Default ports: 25 for `smtp://`, 465 for `smtps://`.

Each attempt sends MAIL FROM / RCPT TO / DATA for one recipient, so a refused recipient never causes the
others to be re-sent (Huginn's EmailAgent loops over recipients and re-raises, re-sending to recipient 1
when recipient 2 fails). The `Message-ID` is `<alert_id.hash(recipient)@talkwatch>`, identical on a retry,
so a receiving system can drop the duplicate when a timeout after DATA hid a success (Huginn #3295).

Outcomes: a 4xx reply, a connection error or a timeout is retryable; a 5xx reply (e.g. 550 unknown user),
a failed AUTH (535) or a configuration problem is permanent.
"""

from __future__ import annotations

import hashlib
import smtplib
import ssl
from dataclasses import dataclass
from datetime import UTC, datetime
from email.message import EmailMessage
from email.policy import SMTP as SMTP_POLICY
from email.utils import format_datetime
from urllib.parse import parse_qsl, unquote, urlsplit

from alerts.message import AlertMessage, DeliveryOutcome, failure, success
from alerts.render import render_html, render_subject, render_text
from config.settings import EmailChannel

_TRUE = {"true", "1", "yes", "on"}
_FALSE = {"false", "0", "no", "off"}
_DEFAULT_PORTS = {"smtp": 25, "smtps": 465}


@dataclass(frozen=True)
class SmtpTarget:
    host: str
    port: int
    implicit_tls: bool
    starttls: bool
    verify: bool
    user: str | None
    password: str | None

    def __repr__(self) -> str:  # never show the password
        return f"SmtpTarget(host={self.host!r}, port={self.port}, tls={self.implicit_tls or self.starttls})"


def _flag(name: str, value: str) -> bool:
    if value.lower() in _TRUE:
        return True
    if value.lower() in _FALSE:
        return False
    raise ValueError(f"{name} must be true or false")


def parse_smtp_url(url: str) -> SmtpTarget:
    """The connection settings of an `smtp(s)://` URL; ValueError (without secrets) when it is unusable."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS:
        raise ValueError("scheme must be smtp:// or smtps://")
    host = parts.hostname
    if not host:
        raise ValueError("no host")
    try:
        port = parts.port or _DEFAULT_PORTS[scheme]
    except ValueError:
        raise ValueError("invalid port") from None
    user = unquote(parts.username) if parts.username else None
    password = unquote(parts.password) if parts.password is not None else None
    options: dict[str, bool] = {}
    for key, value in parse_qsl(parts.query, keep_blank_values=True):
        if key not in ("starttls", "verify"):
            raise ValueError(f"unknown parameter {key!r} (known: starttls, verify)")
        options[key] = _flag(key, value)
    implicit = scheme == "smtps"
    starttls = options.get("starttls", port == 587 or user is not None)
    if implicit and options.get("starttls"):
        raise ValueError("starttls=true does not apply to smtps:// (implicit TLS)")
    return SmtpTarget(
        host=host,
        port=port,
        implicit_tls=implicit,
        starttls=starttls and not implicit,
        verify=options.get("verify", True),
        user=user,
        password=password,
    )


def smtp_secrets(url: str) -> list[str]:
    """What error strings must never contain: the URL and its credentials (the query holds only options)."""
    parts = urlsplit(url)
    userinfo = parts.netloc.rpartition("@")[0]
    secrets = [url, userinfo]
    if parts.password:
        secrets += [parts.password, unquote(parts.password)]
    return [s for s in secrets if s]


def message_id(alert_id: str, recipient: str) -> str:
    """Stable per alert and recipient, so a retry re-sends the same Message-ID."""
    digest = hashlib.sha256(recipient.strip().lower().encode("utf-8")).hexdigest()[:16]
    return f"<{alert_id.replace(':', '=3A')}.{digest}@talkwatch>"


def build_email(channel: EmailChannel, message: AlertMessage, recipient: str, now: datetime) -> EmailMessage:
    msg = EmailMessage()
    msg["Subject"] = render_subject(message)
    msg["From"] = channel.sender
    msg["To"] = recipient
    msg["Date"] = format_datetime(now.astimezone(UTC))
    msg["Message-ID"] = message_id(message.alert_id, recipient)
    msg["Auto-Submitted"] = "auto-generated"  # RFC 3834: no auto-replies, please
    msg["X-Talkwatch-Alert-Id"] = message.alert_id
    msg.set_content(render_text(message), cte="quoted-printable")
    msg.add_alternative(render_html(message), subtype="html", cte="quoted-printable")
    return msg


def _tls_context(verify: bool) -> ssl.SSLContext:
    context = ssl.create_default_context()
    if not verify:
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
    return context


def _reply(code: int, text: bytes | str) -> str:
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    return f"{code} {text}".strip()


def _by_code(code: int) -> bool:
    """permanent? 5xx yes; 4xx and anything odd (-1 from smtplib, 421 closing) no."""
    return 500 <= code < 600


def send_email(channel: EmailChannel, message: AlertMessage, *, timeout_s: float) -> DeliveryOutcome:
    url = channel.smtp_url.get_secret_value()
    secrets = smtp_secrets(url)
    recipient = message.recipient
    if not recipient:
        return failure("email delivery needs a recipient (one of the channel's `to`)", permanent=True)
    try:
        target = parse_smtp_url(url)
    except ValueError as exc:
        return failure(f"smtp_url: {exc}", permanent=True, secrets=secrets)
    try:
        payload = build_email(channel, message, recipient, datetime.now(UTC)).as_bytes(policy=SMTP_POLICY)
    except (ValueError, TypeError, IndexError) as exc:
        return failure(f"cannot build the email for {recipient}: {exc}", permanent=True, secrets=secrets)
    where = f"{target.host}:{target.port}"
    phase = "connect"
    smtp: smtplib.SMTP | None = None
    polite = True  # send QUIT at the end (not after a timeout or a dropped connection)
    try:
        context = _tls_context(target.verify)
        if target.implicit_tls:
            smtp = smtplib.SMTP_SSL(target.host, target.port, timeout=timeout_s, context=context)
        else:
            smtp = smtplib.SMTP(target.host, target.port, timeout=timeout_s)
        phase = "EHLO"
        smtp.ehlo_or_helo_if_needed()
        if target.starttls:
            phase = "STARTTLS"
            if not smtp.has_extn("starttls"):
                return failure(
                    f"{where} does not offer STARTTLS; use smtps:// or add ?starttls=false to smtp_url",
                    permanent=True,
                    secrets=secrets,
                )
            smtp.starttls(context=context)
            smtp.ehlo()
        if target.user is not None:
            phase = "AUTH"
            smtp.login(target.user, target.password or "")
        phase = "MAIL FROM"
        _mail(smtp, channel.sender)
        phase = "RCPT TO"
        _rcpt(smtp, recipient)
        phase = "DATA"
        return success(_data(smtp, payload))
    except smtplib.SMTPRecipientsRefused as exc:
        code, text = next(iter(exc.recipients.values()), (-1, b""))
        permanent = _by_code(code)
        return failure(
            f"SMTP {_reply(code, text)} at RCPT TO for {recipient}" + (" (permanent)" if permanent else ""),
            permanent=permanent,
            secrets=secrets,
            status_code=code,
        )
    except smtplib.SMTPNotSupportedError as exc:
        return failure(f"SMTP server {where} at {phase}: {exc}", permanent=True, secrets=secrets)
    except smtplib.SMTPAuthenticationError as exc:
        permanent = not 400 <= exc.smtp_code < 500
        return failure(
            f"SMTP authentication failed at {where}: {_reply(exc.smtp_code, exc.smtp_error)}",
            permanent=permanent,
            secrets=secrets,
            status_code=exc.smtp_code,
        )
    except smtplib.SMTPConnectError as exc:
        polite = False
        return failure(
            f"SMTP {where} refused the session: {_reply(exc.smtp_code, exc.smtp_error)}",
            permanent=False,
            secrets=secrets,
            status_code=exc.smtp_code,
        )
    except smtplib.SMTPResponseException as exc:
        permanent = _by_code(exc.smtp_code)
        return failure(
            f"SMTP {_reply(exc.smtp_code, exc.smtp_error)} at {phase}" + (" (permanent)" if permanent else ""),
            permanent=permanent,
            secrets=secrets,
            status_code=exc.smtp_code,
        )
    except (smtplib.SMTPServerDisconnected, TimeoutError, ssl.SSLError) as exc:
        polite = False
        return _network_failure(exc, phase, where, timeout_s, secrets)
    except smtplib.SMTPException as exc:  # e.g. "No suitable authentication method found."
        return failure(f"SMTP {where} at {phase}: {exc}", permanent=True, secrets=secrets)
    except OSError as exc:  # refused, unreachable, DNS: SMTPException derives from OSError, so it goes last
        polite = False
        return _network_failure(exc, phase, where, timeout_s, secrets)
    finally:
        if smtp is not None:
            _close(smtp, polite)


def _mail(smtp: smtplib.SMTP, sender: str) -> None:
    code, text = smtp.mail(sender)
    if code != 250:
        raise smtplib.SMTPSenderRefused(code, text, sender)


def _rcpt(smtp: smtplib.SMTP, recipient: str) -> None:
    code, text = smtp.rcpt(recipient)
    if code not in (250, 251):
        raise smtplib.SMTPRecipientsRefused({recipient: (code, text)})


def _data(smtp: smtplib.SMTP, payload: bytes) -> int:
    code, text = smtp.data(payload)
    if code != 250:
        raise smtplib.SMTPDataError(code, text)
    return code


def _network_failure(exc: OSError, phase: str, where: str, timeout_s: float, secrets: list[str]) -> DeliveryOutcome:
    # smtplib turns a read timeout into SMTPServerDisconnected("Connection unexpectedly closed: timed out").
    timed_out = isinstance(exc, TimeoutError) or isinstance(exc.__context__, TimeoutError)
    what = f"timeout after {timeout_s:g} s" if timed_out else _describe(exc)
    note = ""
    if phase == "DATA":
        note = "; the server may have accepted the message (a retry re-sends the same Message-ID)"
    elif isinstance(exc, ssl.SSLCertVerificationError):
        note = "; fix the server certificate (?verify=false is for self-signed test servers only)"
    return failure(f"{what} at {phase} with {where}{note}", permanent=False, secrets=secrets)


def _describe(exc: BaseException) -> str:
    if isinstance(exc, ssl.SSLCertVerificationError):
        return f"TLS certificate not trusted ({exc.verify_message})"
    text = str(exc) or type(exc).__name__
    return f"{type(exc).__name__}: {text}"


def _close(smtp: smtplib.SMTP, polite: bool) -> None:
    try:
        if polite:
            smtp.quit()
    except (smtplib.SMTPException, OSError):
        pass
    finally:
        smtp.close()
