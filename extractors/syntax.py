"""Small dependency-tree helpers shared by the contact rules (tokens are spaCy `Token`s).

The rules reason about clauses: a trigger ("talks", "met") and the states named as its sides must sit in the
same clause, so that "Moon told Abe that Kim is ready for a summit with Japan" pairs Kim with Japan and not
with Abe. A clause is delimited by the dependency labels below; `xcomp` and `pcomp` are not boundaries, so
"agreed to hold talks" and "after holding talks" stay in the clause of their subject.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token


CLAUSE_DEPS = frozenset({"ccomp", "advcl", "relcl", "parataxis", "acl", "csubj", "csubjpass"})
# Deeper than any sensible parse: a guard against cycles in malformed trees.
_MAX_DEPTH = 64


def ancestors_to_clause(token: Token) -> list[Token]:
    """The token and its heads up to and including its clause head."""
    path = [token]
    tok = token
    for _ in range(_MAX_DEPTH):
        if tok.dep_ in CLAUSE_DEPS or tok.head.i == tok.i or tok.dep_ == "ROOT":
            break
        # Conjoined verbs share their clause ("visited North Korea and held a summit").
        tok = tok.head
        path.append(tok)
    return path


def clause_head(token: Token) -> Token:
    return ancestors_to_clause(token)[-1]


def children(token: Token, *deps: str) -> Iterator[Token]:
    for child in token.children:
        if not deps or child.dep_ in deps:
            yield child


def has_child(token: Token, words: frozenset[str], *deps: str) -> bool:
    return any(c.lower_ in words for c in children(token, *deps))


def path_to(
    token: Token, targets: set[int], stop: set[int] | frozenset[int] = frozenset(), max_depth: int = _MAX_DEPTH
) -> tuple[Token, int] | None:
    """The first token of `targets` on the way up the heads from `token` (itself included) and the steps it
    took; None if a `stop` token or the root comes first, or none is reached within `max_depth` tokens."""
    tok = token
    for step in range(max_depth):
        if tok.i in targets:
            return tok, step
        if tok.i in stop or tok.head.i == tok.i:
            return None
        tok = tok.head
    return None


def subtree_text(token: Token, limit: int = 14) -> str:
    """The words of a token's subtree, capped, for cue-phrase tests on a noun phrase."""
    words = [t.text for t in token.subtree]
    return " ".join(words[:limit])


def previews(tok: Token, preview_words: frozenset[str] | set[str]) -> bool:
    """ "ahead of", "prior to", "on the eve of", "in the run-up to": what follows is another, later event."""
    return tok.lower_ in preview_words and any(ch.dep_ == "prep" and ch.lower_ in ("of", "to") for ch in tok.children)


def under_preview(tok: Token, preview_words: frozenset[str] | set[str], max_depth: int = 12) -> bool:
    """Whether `tok` sits inside an "ahead of ..."/"prior to ..." phrase (another, later event's words)."""
    t = tok
    for _ in range(max_depth):
        if t.head.i == t.i:
            return False
        t = t.head
        if previews(t, preview_words):
            return True
    return False


def first_line_end(doc: Doc) -> int | None:
    """Where the document's first line (its headline) ends; None when the text is one line. Computed once per
    document (`Doc.text` joins every token, so the rules must not build it per token)."""
    if "talkwatch_first_line_end" not in doc.user_data:
        end = doc.text.find("\n")
        doc.user_data["talkwatch_first_line_end"] = None if end < 0 else end
    found = doc.user_data["talkwatch_first_line_end"]
    return found if isinstance(found, int) else None
