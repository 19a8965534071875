"""Safe terminal output: text from articles never reaches a terminal as escape sequences or rich markup."""

from __future__ import annotations

import json
import re
import sys
from typing import Any

from rich.console import Console
from rich.markup import escape

# CSI/OSC/other ESC sequences, then any remaining C0/C1 control character except newline and tab.
_ANSI = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)|[@-Z\\-_])")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def clean(text: object) -> str:
    """Printable text: escape sequences and control characters removed."""
    return _CONTROL.sub("", _ANSI.sub("", str(text)))


def safe(text: object) -> str:
    """Clean and escaped for rich markup."""
    return escape(clean(text))


def stdout_console() -> Console:
    return Console(highlight=False, soft_wrap=False)


def stderr_console() -> Console:
    return Console(stderr=True, highlight=False)


def print_json(doc: Any) -> None:
    """Exactly one JSON document on stdout. json.dumps escapes control characters itself."""
    sys.stdout.write(json.dumps(doc, ensure_ascii=False, default=str) + "\n")
    sys.stdout.flush()


def error(message: str) -> None:
    sys.stderr.write(f"error: {clean(message)}\n")
    sys.stderr.flush()
