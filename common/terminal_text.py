"""The one sanitiser for text that reaches a terminal, a mail client or a log line: article text and error
messages never carry escape sequences (7-bit or 8-bit) or control characters to where they are shown."""

from __future__ import annotations

import re

# ESC-introduced sequences (CSI, OSC/DCS/SOS/PM/APC strings, two-character escapes) and their 8-bit forms.
ESCAPES = re.compile(
    r"""
    \x1b\[[0-?]*[ -/]*[@-~]                       # CSI ... final byte
  | \x1b[\]PX^_][^\x07\x1b]*(?:\x07|\x1b\\)?      # OSC / DCS / SOS / PM / APC ... terminator
  | \x1b[ -/]*[0-~]                               # other escapes (charset, keypad, ...)
  | \x9b[0-?]*[ -/]*[@-~]                         # 8-bit CSI
  | [\x90\x9d\x9e\x9f][^\x07\x1b\x9c]*(?:\x07|\x9c|\x1b\\)?   # 8-bit string controls
    """,
    re.VERBOSE,
)
# What is left of C0/C1 controls once the sequences are gone, newline and tab excepted.
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_SPACES = re.compile(r"\s+")


def printable(text: str) -> str:
    """Text with its lines: escape sequences and control characters removed, newlines and tabs kept."""
    return _CONTROLS.sub("", ESCAPES.sub("", text))


def one_line(text: str) -> str:
    """One line: escape sequences removed, any other unprintable character a space, runs of space one."""
    text = "".join(ch if ch.isprintable() else " " for ch in ESCAPES.sub("", text))
    return _SPACES.sub(" ", text).strip()
