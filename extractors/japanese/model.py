"""`ja_ginza`, loaded once per process on first use (never for a process that sees no Japanese article)."""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.language import Language

MODEL_NAME = "ja_ginza"
# SudachiPy refuses input over 49,149 UTF-8 bytes; longer articles are cut (the tail only, so offsets stay valid).
MAX_BYTES = 48_000


def cut_for_tokenizer(text: str) -> str:
    """The longest head of `text` that SudachiPy accepts."""
    if len(text) * 4 <= MAX_BYTES or len(text.encode("utf-8")) <= MAX_BYTES:
        return text
    return text.encode("utf-8")[:MAX_BYTES].decode("utf-8", errors="ignore")


_lock = threading.Lock()
_nlp: Language | None = None


def nlp_ja() -> Language:
    global _nlp  # noqa: PLW0603 - the one per-process model
    if _nlp is None:
        with _lock:
            if _nlp is None:
                import spacy

                _nlp = spacy.load(MODEL_NAME)
    return _nlp


def is_loaded() -> bool:
    return _nlp is not None
