"""Rendering: subject, text, HTML, webhook body; message validation; the test-alert factory."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from alerts import (
    AlertMessage,
    recipients,
    render_html,
    render_subject,
    render_text,
    test_message,
    webhook_body,
)
from config.settings import ConsoleChannel
from tests.support.alerts import CREATED, EVENT, email_channel, make_message, webhook_channel

DASH = "\u2013"


def test_subject_reads_like_the_contract(message: AlertMessage) -> None:
    assert render_subject(message) == (
        f"[talkwatch] Japan{DASH}North Korea: foreign ministers met in New York (2018-09-26)"
    )


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"status": "scheduled"}, "foreign ministers will meet in New York"),
        ({"status": "cancelled"}, "foreign ministers' meeting cancelled in New York"),
        ({"status": "ongoing", "level": "leaders"}, "leaders in talks in New York"),
        ({"mode": "phone", "location": None, "venue": None}, "foreign ministers spoke by phone (2018-09-26)"),
        ({"location": None}, "met at United Nations headquarters"),
        ({"date": "2018-09", "date_precision": "month"}, "met in New York (2018-09)"),
        ({"date": None, "date_precision": None, "level": "unknown"}, "officials met in New York"),
        ({"countries": ["JPN", "ZZZ"]}, f"Japan{DASH}ZZZ:"),  # a code no state has: shown as it is
        ({"level": "red_cross"}, "Red Cross officials met"),
    ],
)
def test_subject_words(changes: dict[str, object], expected: str) -> None:
    assert expected in render_subject(make_message({**EVENT, **changes}))


def test_status_change_and_test_subjects() -> None:
    event = {**EVENT, "status_history": [{"status": "scheduled"}, {"status": "held"}]}
    changed = make_message(event, type="contact.status_changed")
    assert render_subject(changed).endswith("[update: was scheduled]")
    assert "scheduled → held" in render_text(changed)
    sample = test_message("webhook:hooks.example.org", datetime(2026, 3, 1, 12, 0, tzinfo=UTC))
    assert sample.type == "test"
    assert render_subject(sample).startswith("[talkwatch TEST] ")
    assert "TEST" in render_text(sample) and "no contact was detected" in render_text(sample)
    assert json.loads(webhook_body(sample))["type"] == "test"
    again = test_message("webhook:hooks.example.org", datetime(2026, 3, 1, 12, 0, tzinfo=UTC))
    assert again.alert_id == sample.alert_id  # deterministic for one channel and time
    assert test_message("other", datetime(2026, 3, 1, 12, 0, tzinfo=UTC)).alert_id != sample.alert_id


def test_text_body_has_every_section(message: AlertMessage) -> None:
    text = render_text(message)
    for needle in (
        "Who:",
        "Taro Kono (Foreign Minister, Japan); Ri Yong Ho (Foreign Minister, North Korea)",
        "Level:",
        "When:",
        "2018-09-26 (exact day)",
        "Where:",
        "New York, United Nations headquarters",
        "Novelty:",
        "first in three years",
        "Sources:",
        "2 outlets",
        "Evidence:",
        "Japanese Foreign Minister Taro Kono met his North Korean counterpart",
        "https://www.japantimes.co.jp/news/2018/09/27/kono-ri",
        "japan-dprk-talks",
        "evt_0001",
    ):
        assert needle in text, needle


def test_html_escapes_article_text_and_links_only_http() -> None:
    event = {
        **EVENT,
        "location": "<script>alert('x')</script>",
        "participants": [{"name": "<img src=x onerror=alert(1)>", "title": "Minister", "country": "JPN"}],
        "articles": [
            "javascript:alert(1)",
            "JAVASCRIPT:alert(2)",
            "https://ok.example/path?a=<b>",
            'https://ok.example/"onmouseover="x',
            "article-42",
            "ftp://files.example/x",
        ],
    }
    markup = render_html(make_message(event))
    assert "<script" not in markup and "<img" not in markup
    assert "&lt;script&gt;" in markup and "&lt;img src=x onerror=alert(1)&gt;" in markup
    assert 'href="javascript' not in markup.lower()
    assert 'href="ftp:' not in markup
    assert '<a href="https://ok.example/path?a=&lt;b&gt;"' in markup
    assert 'href="https://ok.example/&quot;onmouseover=&quot;x"' in markup
    assert "<li>article-42</li>" in markup


def test_control_characters_never_reach_the_output() -> None:
    event = {
        **EVENT,
        "location": "Pyong\x1b[2Jyang\x07",
        "novelty": "first\u202e in years\x00",
        "evidence": [{"article": "a", "start": 0, "end": 1, "text": "Met\x1b]0;owned\x07 today\r\nBcc: x"}],
    }
    msg = make_message(event)
    for rendered in (render_subject(msg), render_text(msg), render_html(msg)):
        assert "\x1b" not in rendered and "\x07" not in rendered and "\x00" not in rendered
        assert "\u202e" not in rendered
    assert "Pyongyang" in render_subject(msg)
    assert "Met today Bcc: x" in render_text(msg)


def test_malformed_event_still_renders() -> None:
    msg = make_message({"id": 7, "countries": "JPN", "participants": [None, 5], "evidence": "x"})
    assert render_subject(msg).startswith("[talkwatch] ")
    assert render_text(msg) and render_html(msg)


def test_webhook_body_is_the_contract_shape(message: AlertMessage) -> None:
    raw = webhook_body(message)
    assert b" " not in raw.split(b'"data"')[0]  # compact separators
    body = json.loads(raw)
    assert list(body) == ["type", "timestamp", "watch", "data"]
    assert body == {
        "type": "contact.detected",
        "timestamp": "2026-01-01T00:00:00Z",
        "watch": "japan-dprk-talks",
        "data": EVENT,
    }


def test_alert_message_validation() -> None:
    with pytest.raises(ValueError, match="alert_id"):
        make_message(alert_id="has.dot")
    with pytest.raises(ValueError, match="alert_id"):
        make_message(alert_id="")
    with pytest.raises(ValueError, match="UTC"):
        make_message(created_at=datetime(2026, 1, 1))  # naive
    with pytest.raises(ValueError, match="type"):
        make_message(type="contact.unknown")
    assert make_message(alert_id="msg_abc-123").created_at == CREATED


def test_recipients() -> None:
    assert recipients(email_channel("smtp://h", to=("a@x.org", "b@y.org"))) == ("a@x.org", "b@y.org")
    assert recipients(webhook_channel("https://hooks.example.org/x")) == (None,)
    assert recipients(ConsoleChannel(type="console")) == (None,)
