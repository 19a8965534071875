"""The one sanitiser: the CLI's output, alert text and error lines drop the same escape sequences."""

from __future__ import annotations

import pytest

from alerts.redact import one_line as error_line
from alerts.render import clean as alert_text
from common.countries import country_name
from common.terminal_text import one_line, printable
from flows.terminal import clean as cli_text

HOSTILE = [
    "\x1b[31mred\x1b[0m",  # 7-bit CSI
    "\x9b31mred\x9b0m",  # 8-bit CSI: a terminal in 8-bit mode obeys it
    "\x1b]0;title\x07red",  # OSC window title
    "\x9d0;title\x9cred",  # 8-bit OSC
    "\x1bPdevice\x1b\\red",  # DCS
]


@pytest.mark.parametrize("text", HOSTILE)
def test_every_output_drops_the_same_sequences(text: str) -> None:
    assert printable(text) == one_line(text) == "red"
    assert cli_text(text) == alert_text(text) == error_line(text) == "red"


def test_printable_keeps_lines_and_one_line_joins_them() -> None:
    assert printable("a\n\tb\x1b[2J") == "a\n\tb"
    assert printable("r\x00e\x08d") == "red" and one_line("r\x00e\x08d") == "r e d"  # a control is a break
    assert one_line(" a\n\tb\u2028c ") == "a b c"


def test_country_names_come_from_the_gazetteer_table() -> None:
    assert country_name("PRK") == "North Korea" and country_name("PHL") == "Philippines"
    assert country_name("XYZ") == "XYZ"
