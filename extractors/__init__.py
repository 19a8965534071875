"""Pure extraction: article text in, contact EVENTs out. No database, no network, no Prefect.

Public API:

- `extract(article)` and `extract_many(articles)`: EVENTs of the contract (`extractors.events.Event`).
- `is_relevant(text, title)`: the cheap regex gate run before parsing.
- `EXTRACTOR_VERSION`: bumped whenever rules or data change, so stored events can be re-extracted.
- `extractors.evaluation` scores extraction against labelled data; `extractors.inputs` reads article files.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Collection, Sequence
from typing import TYPE_CHECKING

from extractors import rule_errors
from extractors.events import Article, Event
from extractors.gate import is_relevant
from extractors.headline_case import sentence_case_headlines

__all__ = [
    "EXTRACTOR_VERSION",
    "MAX_TEXT_CHARS",
    "Article",
    "Event",
    "extract",
    "extract_many",
    "is_relevant",
    "passes_gate",
]

EXTRACTOR_VERSION = "2026.12.10"
# Longer texts are cut before parsing: news articles are shorter, and the cap bounds parse time and memory on
# junk input. Offsets stay valid because only the tail is dropped.
MAX_TEXT_CHARS = 30_000

_log = logging.getLogger(__name__)
_FAILURES: tuple[type[Exception], ...] = (
    ValueError,
    IndexError,
    KeyError,
    AttributeError,
    TypeError,
    RecursionError,
    ZeroDivisionError,
)

if TYPE_CHECKING:
    from spacy.tokens import Doc

# What the parser itself may raise on input it cannot handle.
_PARSE_FAILURES: tuple[type[Exception], ...] = (*_FAILURES, UnicodeError, RuntimeError)
_SURROGATES = re.compile("[\ud800-\udfff]")


def extract(article: Article) -> list[Event]:
    """The contact EVENTs reported or recalled by one article (empty when there are none)."""
    return extract_many([article])[0]


def passes_gate(article: Article, pairs: Collection[tuple[str, str]] | None = None) -> bool:
    """Whether `extract_many` would parse this article (its language's gate), without parsing it."""
    from extractors.japanese.detect import language_of

    text = article.text[:MAX_TEXT_CHARS] if isinstance(article.text, str) else ""
    if not text.strip():
        return False
    wanted = None if pairs is None else frozenset((min(a, b), max(a, b)) for a, b in pairs)
    if language_of(text, article.title, article.language) == "ja":
        return _passes_gate_ja(text, article.title, wanted)
    return is_relevant(text, article.title, wanted)


def _passes_gate_ja(text: str, title: str | None, wanted: frozenset[tuple[str, str]] | None) -> bool:
    from extractors.japanese.gate import is_relevant_ja

    return is_relevant_ja(text, title, wanted)


def extract_many(
    articles: Sequence[Article],
    *,
    batch_size: int = 64,
    n_process: int = 1,
    pairs: Collection[tuple[str, str]] | None = None,
) -> list[list[Event]]:
    """EVENTs per article, in input order; only articles passing the gate are parsed (in batches).

    `pairs` (sorted ISO3 pairs, e.g. `{("JPN", "PRK")}`) limits the result to contacts between those states,
    and the gate to articles naming both states of one of them: a monitor with watches parses only what
    could match one. None: contacts between any two states.
    """
    from extractors.japanese.detect import language_of
    from extractors.model import nlp

    wanted = None if pairs is None else frozenset((min(a, b), max(a, b)) for a, b in pairs)
    results: list[list[Event]] = [[] for _ in articles]
    todo: list[tuple[int, str, str, int]] = []
    japanese: list[tuple[int, str]] = []
    for i, article in enumerate(articles):
        text = article.text[:MAX_TEXT_CHARS] if isinstance(article.text, str) else ""
        if not text.strip():
            continue
        if language_of(text, article.title, article.language) == "ja":
            if _passes_gate_ja(text, article.title, wanted):
                from extractors.japanese.model import cut_for_tokenizer

                japanese.append((i, cut_for_tokenizer(_SURROGATES.sub("\ufffd", text))))
            continue
        if is_relevant(text, article.title, wanted):
            parsed, offset = _with_headline(text, article.title)
            # Lone surrogates (from broken decoding) make the tokenizer raise; one replacement character
            # each keeps every offset valid for the original text. A title-case headline is parsed in
            # sentence case (headline_case.py), which also keeps every offset.
            todo.append((i, sentence_case_headlines(_SURROGATES.sub("\ufffd", parsed)), text, offset))
    if japanese:
        _extract_japanese(articles, japanese, results, wanted, batch_size)
    if not todo:
        return results
    done = 0
    try:
        docs = nlp().pipe((t[1] for t in todo), batch_size=max(1, batch_size), n_process=max(1, n_process))
        for (i, _, text, offset), doc in zip(todo, docs, strict=True):
            results[i] = _events_or_none(doc, articles[i], text, offset, wanted)
            done += 1
    except _PARSE_FAILURES:
        # The parser itself failed on something in this batch: parse the rest one by one, so that only the
        # article that cannot be parsed loses its events.
        _log.warning("batch parse failed; parsing the remaining articles one by one", exc_info=True)
        for i, parsed, text, offset in todo[done:]:
            try:
                doc = nlp()(parsed)
            except _PARSE_FAILURES:
                _log.warning("cannot parse article %s", articles[i].id, exc_info=True)
                continue
            results[i] = _events_or_none(doc, articles[i], text, offset, wanted)
    return results


def _extract_japanese(
    articles: Sequence[Article],
    todo: list[tuple[int, str]],
    results: list[list[Event]],
    pairs: frozenset[tuple[str, str]] | None,
    batch_size: int,
) -> None:
    """The Japanese articles that passed their gate, through `ja_ginza` (loaded on first use) and the
    Japanese rules (`extractors/japanese/`)."""
    from extractors.japanese.model import nlp_ja
    from extractors.japanese.rules import events_from_ja_doc

    nlp = nlp_ja()
    try:
        docs: list[Doc | None] = list(nlp.pipe((t for _, t in todo), batch_size=max(1, batch_size)))
    except Exception:  # noqa: BLE001 - SudachiPy raises its own error type (SudachiError) besides ours
        _log.warning("batch parse failed; parsing the Japanese articles one by one", exc_info=True)
        docs = []
        for i, text in todo:
            try:
                docs.append(nlp(text))
            except Exception:  # noqa: BLE001 - as above: only this article loses its events
                _log.warning("cannot parse article %s", articles[i].id, exc_info=True)
                docs.append(None)
    for (i, text), doc in zip(todo, docs, strict=True):
        if doc is None:
            continue
        try:
            # Evidence quotes the article's own text (a replaced lone surrogate keeps every offset).
            events = events_from_ja_doc(doc, articles[i], text, articles[i].text[: len(text)])
        except _FAILURES:
            if rule_errors.STRICT:
                raise
            _log.warning("extraction failed for article %s", articles[i].id, exc_info=True)
            continue
        results[i] = events if pairs is None else [e for e in events if tuple(e.countries) in pairs]


def _events_or_none(
    doc: Doc, article: Article, text: str, offset: int, pairs: frozenset[tuple[str, str]] | None
) -> list[Event]:
    from extractors.pipeline import events_from_doc

    try:
        events = events_from_doc(doc, article, text, offset)
        return events if pairs is None else [e for e in events if tuple(e.countries) in pairs]
    except _FAILURES:
        if rule_errors.STRICT:
            raise
        # A rule tripping over a strange parse loses that article's events, never the batch.
        _log.warning("extraction failed for article %s", article.id, exc_info=True)
        return []


def _with_headline(text: str, title: str | None) -> tuple[str, int]:
    """The text to parse and where the article text starts in it.

    Feed items often carry the news in the headline only ("Japan, N. Korea hold secret talks"), with a
    description that does not repeat it; such a headline is parsed in front of the text, so that the text's
    "the two sides met ..." has something to refer to. Events the headline alone supports are dropped:
    evidence must point into the article text.
    """
    head = (title or "").strip()
    # A bracketed title is an editor's note about the text, not a headline.
    if not head or head[:60] in text[: len(head) + 300] or (head.startswith("(") and head.endswith(")")):
        return text, 0
    head = head[:500]
    return f"{head}\n\n{text}", len(head) + 2
