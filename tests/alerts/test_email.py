"""Email delivery against a real aiosmtpd server."""

from __future__ import annotations

import dataclasses
from urllib.parse import quote

import pytest

from alerts import AlertMessage, deliver, recipients, render_subject
from alerts.email_smtp import parse_smtp_url
from tests.support.alerts import EVENT, email_channel, make_message
from tests.support.receivers import SmtpReceiver, dead_port, silent_server


def _to(message: AlertMessage, recipient: str) -> AlertMessage:
    return dataclasses.replace(message, recipient=recipient)


def test_email_is_multipart_alternative_with_text_and_html(smtp: SmtpReceiver, message: AlertMessage) -> None:
    outcome = deliver(email_channel(smtp.url()), _to(message, "analyst@example.org"))

    assert outcome.ok, outcome
    assert outcome.status_code == 250
    [mail] = smtp.wait_for(1)
    assert mail.mail_from == "talkwatch@example.org"
    assert mail.rcpt_tos == ("analyst@example.org",)
    msg = mail.message
    assert msg.get_content_type() == "multipart/alternative"
    assert msg["Subject"] == ("[talkwatch] Japan\u2013North Korea: foreign ministers met in New York (2018-09-26)")
    assert msg["From"] == "talkwatch@example.org"
    assert msg["To"] == "analyst@example.org"
    assert msg["Date"]
    assert msg["Auto-Submitted"] == "auto-generated"
    text = msg.get_body(("plain",))
    html = msg.get_body(("html",))
    assert text is not None and html is not None
    body, markup = text.get_content(), html.get_content()
    for needle in ("Taro Kono", "Foreign Minister", "foreign ministers", "2018-09-26", "New York"):
        assert needle in body and needle in markup
    assert "United Nations headquarters" in body
    assert "first in three years" in body
    assert "met his North Korean counterpart" in body
    assert "https://www.japantimes.co.jp/news/2018/09/27/kono-ri" in body
    assert '<a href="https://www.japantimes.co.jp/news/2018/09/27/kono-ri"' in markup
    assert 'href="https://example.com/a?x=1&amp;y=2"' in markup


def test_message_id_is_stable_per_alert_and_recipient(smtp: SmtpReceiver, message: AlertMessage) -> None:
    channel = email_channel(smtp.url(), to=("a@example.org", "b@example.org"))
    assert deliver(channel, _to(message, "a@example.org")).ok
    assert deliver(channel, _to(message, "a@example.org")).ok  # a retry
    assert deliver(channel, _to(message, "b@example.org")).ok
    first, retry, other = (m.message["Message-ID"] for m in smtp.wait_for(3))
    assert first == retry
    assert first != other
    assert first.startswith(f"<{message.alert_id}.") and first.endswith("@talkwatch>")
    other_alert = dataclasses.replace(message, alert_id="msg_other", recipient="a@example.org")
    assert deliver(channel, other_alert).ok
    assert smtp.wait_for(4)[3].message["Message-ID"] != first


def test_one_delivery_per_recipient_and_a_refused_one_does_not_resend_the_others(
    message: AlertMessage,
) -> None:
    with SmtpReceiver(reject={"gone@example.org": "550 5.1.1 No such user"}) as server:
        channel = email_channel(
            server.url(), to=("a@example.org", "gone@example.org", "b@example.org", "a@example.org")
        )
        assert recipients(channel) == ("a@example.org", "gone@example.org", "b@example.org")
        outcomes = {rcpt: deliver(channel, _to(message, rcpt or "")) for rcpt in recipients(channel)}
        mails = server.wait_for(2)

    assert outcomes["a@example.org"].ok and outcomes["b@example.org"].ok
    refused = outcomes["gone@example.org"]
    assert not refused.ok and refused.permanent and refused.status_code == 550
    assert refused.error is not None and "550" in refused.error and "\n" not in refused.error
    assert [m.rcpt_tos for m in mails] == [("a@example.org",), ("b@example.org",)]
    assert [m.message["To"] for m in mails] == ["a@example.org", "b@example.org"]


def test_temporary_rcpt_failure_is_retryable(message: AlertMessage) -> None:
    with SmtpReceiver(reject={"busy@example.org": "451 4.7.1 Try again later"}) as server:
        outcome = deliver(email_channel(server.url()), _to(message, "busy@example.org"))
    assert not outcome.ok and not outcome.permanent and outcome.status_code == 451


@pytest.mark.parametrize(("reply", "permanent"), [("554 5.6.0 Rejected", True), ("452 4.3.1 Full", False)])
def test_data_replies_are_classified(reply: str, permanent: bool, message: AlertMessage) -> None:
    with SmtpReceiver(data_reply=reply) as server:
        outcome = deliver(email_channel(server.url()), _to(message, "a@example.org"))
    assert not outcome.ok and outcome.permanent is permanent
    assert outcome.status_code == int(reply[:3])


def test_article_html_is_escaped_in_the_html_part(smtp: SmtpReceiver) -> None:
    event = {
        **EVENT,
        "participants": [{"name": "Kono", "title": "<script>alert(1)</script>", "country": "JPN"}],
        "venue": '"><img src=x onerror=alert(1)>',
        "novelty": "<b>bold</b> & <i>claims</i>",
        "evidence": [{"article": "a", "start": 0, "end": 1, "text": "They met <img src=x onerror=alert(2)>."}],
        "articles": ["javascript:alert(3)", "https://ok.example/a", "data:text/html,<script>x</script>"],
    }
    msg = make_message(event, recipient="a@example.org")
    assert deliver(email_channel(smtp.url()), msg).ok
    html_part = smtp.wait_for(1)[0].message.get_body(("html",))
    assert html_part is not None
    markup = html_part.get_content()
    assert "<script" not in markup and "<img" not in markup and "<b>" not in markup
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in markup
    assert "&lt;img src=x onerror=alert(2)&gt;" in markup
    assert "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;" in markup
    assert 'href="javascript:' not in markup and 'href="data:' not in markup
    assert '<a href="https://ok.example/a"' in markup
    assert markup.count("<a ") == 1


def test_header_injection_in_article_text_stays_in_the_subject(smtp: SmtpReceiver) -> None:
    event = {**EVENT, "location": "Pyongyang\r\nBcc: victim@example.org\r\n"}
    msg = make_message(event, recipient="a@example.org")
    assert "\n" not in render_subject(msg)
    assert deliver(email_channel(smtp.url()), msg).ok
    [mail] = smtp.wait_for(1)
    assert mail.rcpt_tos == ("a@example.org",)
    assert mail.message["Bcc"] is None
    assert "Bcc: victim@example.org" in mail.message["Subject"]


def test_smtp_auth_with_percent_encoded_password(message: AlertMessage) -> None:
    password = "p@ss:w/rd?#%"
    with SmtpReceiver(credentials=("alice@example.org", password)) as server:
        url = server.url(quote("alice@example.org", safe=""), quote(password, safe=""))
        outcome = deliver(email_channel(url), _to(message, "a@example.org"))
        mails = server.wait_for(1)
    assert outcome.ok, outcome
    assert mails[0].login == "alice@example.org"
    assert server.auth_attempts == [("alice@example.org", True)]


def test_wrong_password_is_permanent_and_never_shown(message: AlertMessage) -> None:
    with SmtpReceiver(credentials=("alice", "right-password")) as server:
        outcome = deliver(email_channel(server.url("alice", "WR0NG-S3CRET")), _to(message, "a@example.org"))
        assert server.messages == []
    assert not outcome.ok and outcome.permanent and outcome.status_code == 535
    assert outcome.error is not None and "WR0NG-S3CRET" not in outcome.error
    assert "authentication" in outcome.error.lower()


def test_missing_auth_against_an_authenticating_server_is_permanent(message: AlertMessage) -> None:
    with SmtpReceiver(credentials=("alice", "pw")) as server:
        outcome = deliver(email_channel(server.url()), _to(message, "a@example.org"))
    assert not outcome.ok and outcome.permanent and outcome.status_code == 530


def test_starttls_is_on_by_default_with_credentials(message: AlertMessage) -> None:
    with SmtpReceiver() as server:  # offers no STARTTLS
        url = f"smtp://alice:S3CRET-PW@127.0.0.1:{server.port}"
        outcome = deliver(email_channel(url), _to(message, "a@example.org"))
        assert server.messages == []
    assert not outcome.ok and outcome.permanent
    assert outcome.error is not None and "STARTTLS" in outcome.error and "S3CRET-PW" not in outcome.error


def test_refused_connection_is_retryable(message: AlertMessage) -> None:
    with dead_port() as port:
        outcome = deliver(
            email_channel(f"smtp://bob:H1DDEN-PW@127.0.0.1:{port}?starttls=false"),
            _to(message, "a@example.org"),
        )
    assert not outcome.ok and not outcome.permanent and outcome.status_code is None
    assert outcome.error is not None and "\n" not in outcome.error and "H1DDEN-PW" not in outcome.error
    assert f"127.0.0.1:{port}" in outcome.error


def test_silent_server_times_out_and_is_retryable(message: AlertMessage) -> None:
    with silent_server() as port:
        outcome = deliver(email_channel(f"smtp://127.0.0.1:{port}"), _to(message, "a@example.org"), timeout_s=0.5)
    assert not outcome.ok and not outcome.permanent
    assert outcome.error is not None and "timeout" in outcome.error


def test_missing_recipient_is_permanent(smtp: SmtpReceiver, message: AlertMessage) -> None:
    outcome = deliver(email_channel(smtp.url()), message)
    assert not outcome.ok and outcome.permanent


def test_bad_smtp_url_parameters_are_permanent(message: AlertMessage) -> None:
    outcome = deliver(email_channel("smtp://u:PW-XYZ@127.0.0.1:1?tls=yes"), _to(message, "a@example.org"))
    assert not outcome.ok and outcome.permanent
    assert outcome.error is not None and "tls" in outcome.error and "PW-XYZ" not in outcome.error


def test_parse_smtp_url() -> None:
    plain = parse_smtp_url("smtp://mail.example.org")
    assert (plain.port, plain.starttls, plain.implicit_tls, plain.user) == (25, False, False, None)
    sub = parse_smtp_url("smtp://user:pa%40ss@mail.example.org:587")
    assert (sub.port, sub.starttls, sub.user, sub.password) == (587, True, "user", "pa@ss")
    assert "pa@ss" not in repr(sub)
    explicit = parse_smtp_url("smtp://user:pw@localhost:2525?starttls=false&verify=false")
    assert (explicit.starttls, explicit.verify) == (False, False)
    ssl = parse_smtp_url("smtps://user:pw@mail.example.org")
    assert (ssl.port, ssl.implicit_tls, ssl.starttls, ssl.verify) == (465, True, False, True)
    assert parse_smtp_url("smtp://mail.example.org:587").starttls
    assert not parse_smtp_url("smtp://mail.example.org:587?starttls=no").starttls
    for bad in (
        "smtp://mail.example.org?starttls=maybe",
        "smtp://mail.example.org?foo=1",
        "smtps://mail.example.org?starttls=true",
        "smtp://:25",
        "http://mail.example.org",
    ):
        with pytest.raises(ValueError):
            parse_smtp_url(bad)


def test_implicit_tls_with_verify_false(message: AlertMessage) -> None:
    pytest.importorskip("cryptography")
    with SmtpReceiver(tls="implicit", credentials=("alice", "TLS-PW")) as server:
        url = f"smtps://alice:TLS-PW@127.0.0.1:{server.port}?verify=false"
        outcome = deliver(email_channel(url), _to(message, "a@example.org"))
        mails = server.wait_for(1)
    assert outcome.ok, outcome
    assert mails[0].login == "alice"


def test_starttls_with_verify_false(message: AlertMessage) -> None:
    pytest.importorskip("cryptography")
    with SmtpReceiver(tls="starttls", credentials=("alice", "TLS-PW")) as server:
        url = f"smtp://alice:TLS-PW@127.0.0.1:{server.port}?verify=false"  # STARTTLS by default with a user
        outcome = deliver(email_channel(url), _to(message, "a@example.org"))
        mails = server.wait_for(1)
    assert outcome.ok, outcome
    assert mails[0].login == "alice"


def test_untrusted_certificate_is_a_retryable_failure(message: AlertMessage) -> None:
    pytest.importorskip("cryptography")
    with SmtpReceiver(tls="implicit") as server:
        outcome = deliver(email_channel(f"smtps://127.0.0.1:{server.port}"), _to(message, "a@example.org"))
        assert server.messages == []
    assert not outcome.ok and not outcome.permanent
    assert outcome.error is not None and "certificate" in outcome.error


def test_errors_keep_option_words_but_not_credentials(message: AlertMessage) -> None:
    with SmtpReceiver() as server:
        url = f"smtp://carol:false-PW-1@127.0.0.1:{server.port}?starttls=true&verify=false"
        outcome = deliver(email_channel(url), _to(message, "a@example.org"))
    assert not outcome.ok and outcome.permanent
    assert outcome.error is not None
    assert "?starttls=false" in outcome.error  # the hint survives redaction
    assert "false-PW-1" not in outcome.error and "carol:" not in outcome.error
