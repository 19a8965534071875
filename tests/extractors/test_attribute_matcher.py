"""The cached attribute_ruler matcher gives exactly the stock annotations (it replaces a spaCy internal)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import spacy

from extractors.attribute_matcher import CachedAttributeMatcher, UnsupportedPatternError, install
from extractors.model import MODEL_NAME, nlp
from tests.support.data import ROOT, SEEDS

# Slang and auxiliaries that exercise the multi-token, DEP and IS_SPACE patterns of the ruler.
EXCEPTIONS = (
    "I ain't gonna do it, y'all. Let's go: there is gotta be a way, c'mon. Doin' nothin' ol' 'em 'nuff.\n\n"
    "It was here that he had been. I did it, and they have done that. Those who can, do.   \n\n  Done."
)


def _texts() -> list[str]:
    texts = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    for path in (Path(__file__).with_name("probe_articles.jsonl"), ROOT / "tests/fixtures/backfill_articles.jsonl"):
        texts += [json.loads(line)["text"] for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [*texts, EXCEPTIONS]


def _annotations(doc: Any) -> list[tuple[Any, ...]]:
    return [(t.text, t.tag_, t.pos_, str(t.morph), t.lemma_, t.dep_, t.head.i) for t in doc]


@pytest.fixture(scope="module")
def stock() -> Any:
    return spacy.load(MODEL_NAME, exclude=["lemmatizer"])


def test_same_annotations_as_the_stock_matcher(stock: Any) -> None:
    texts = _texts()
    cached = spacy.load(MODEL_NAME, exclude=["lemmatizer"])
    assert install(cached)
    for text, expected, got in zip(texts, stock.pipe(texts), cached.pipe(texts), strict=True):
        assert _annotations(got) == _annotations(expected), text[:80]


def test_match_lists_equal_including_multi_token_patterns(stock: Any) -> None:
    ruler = stock.get_pipe("attribute_ruler")
    matcher = CachedAttributeMatcher(ruler)
    # The ruler's own components before it, so the match sees the tags and dependencies it would see.
    doc = stock.make_doc(EXCEPTIONS)
    for name, proc in stock.pipeline:
        if name == "attribute_ruler":
            break
        doc = proc(doc)
    expected = ruler.match(doc)
    got = matcher.match(doc)
    assert got == expected
    assert any(end - start == 2 for _, _, start, end in got), "no multi-token pattern was exercised"
    assert matcher.match(doc) == expected  # from the cache, too


def test_the_shared_pipeline_uses_it() -> None:
    ruler = nlp().get_pipe("attribute_ruler")
    assert getattr(ruler.match, "__self__", None).__class__ is CachedAttributeMatcher


def test_unsupported_patterns_keep_the_stock_matcher() -> None:
    pipeline = spacy.blank("en")
    ruler = pipeline.add_pipe("attribute_ruler")
    ruler.add([[{"LOWER": "talks", "OP": "+"}]], {"POS": "NOUN"})
    with pytest.raises(UnsupportedPatternError):
        CachedAttributeMatcher(ruler)
    stock_match = ruler.match
    assert install(pipeline) is False
    assert ruler.match == stock_match
