"""Safe terminal output: text from articles never reaches a terminal as escape sequences or rich markup."""

from __future__ import annotations

import json
import sys
from typing import Any

from rich.console import Console
from rich.markup import escape

from common.terminal_text import printable


def clean(text: object) -> str:
    """Printable text: escape sequences and control characters removed."""
    return printable(str(text))


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
