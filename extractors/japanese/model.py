"""`ja_ginza`, loaded once per process on first use (never for a process that sees no Japanese article)."""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.language import Language

MODEL_NAME = "ja_ginza"
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
