"""Persons named in an article: who they are, which state they speak for, their title and level."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from extractors.contact_model import PersonInfo
from extractors.contact_words import LEAD_ACTIVE_VERBS, category_of
from extractors.gazetteer import Mention, gazetteer

_POSSESSIVE_RE = re.compile(r"['\u2019]s$")

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token


class PersonRules:
    """The persons part of `extractors.analysis.DocAnalysis`."""

    doc: Doc
    year: int | None
    mentions: dict[int, Mention]
    mention_tokens: set[int]
    persons: dict[int, PersonInfo]
    _by_surname: dict[str, PersonInfo]

    def _register_persons(self) -> None:
        g = gazetteer()
        for ent in self.doc.ents:
            if ent.label_ != "PERSON" and not _person_by_who(ent):
                continue
            # A possessive "'s" is not part of the name; a name's own final "s" is ("Liz Truss", "Marcos").
            name = _POSSESSIVE_RE.sub("", ent.text.strip(" ,.")).strip(" ,.'\u2019")
            official = g.official(name, self.year)
            info = None
            if official is None:
                parts = name.split()
                known = self._by_surname.get(parts[-1].lower()) if parts else None
                if known is not None and len(parts) == 1:
                    info = known
            if info is None:
                country = official.country if official else self._context_country(ent)
                if country is None and len(name.split()) == 1:
                    country = g.country_of_name_part(name)
                title = self._context_title(ent)
                if official is not None and self.year is None and title and category_of(title):
                    # No year to tell the terms apart: the office the text gives ("Prime Minister Fumio Kishida",
                    # once Foreign Minister) picks the record.
                    official = next(
                        (o for o in g.officials if o.name == official.name and o.category == category_of(title)),
                        official,
                    )
                if official is not None and (self.year is None or official.in_office(self.year)):
                    title = official.title
                category = category_of(title or "") if title else None
                if official is not None and (title == official.title or category is None):
                    category = official.category
                info = PersonInfo(official.name if official else name, country, title, category, official)
            for tok in ent:
                self.persons[tok.i] = info
            if info.country:
                self.mentions.setdefault(
                    ent.root.i, Mention(ent.start_char, ent.end_char, info.country, "official", official)
                )
                parts = name.split()
                # Korean names put the family name first, Western and Japanese ones last: register both.
                for key in {name.lower(), parts[-1].lower(), parts[0].lower()}:
                    self._by_surname.setdefault(key, info)
        # A bare family name the tagger missed ("Kono and Ri may meet"): known when only one state has it.
        # Proper nouns picked from the POS array: a Python Token for every token cost more than the rule.
        from spacy.attrs import POS  # spaCy is loaded by now: the doc is parsed

        propn = (self.doc.to_array([POS]) == self.doc.vocab.strings["PROPN"]).nonzero()[0]
        for tok in (self.doc[int(i)] for i in propn):
            if (
                tok.i not in self.persons
                and tok.i not in self.mention_tokens
                and tok.is_title
                and tok.dep_ in ("nsubj", "conj", "pobj", "dobj", "appos")
                and (tok.ent_type_ in ("PERSON", "") or (tok.dep_ == "conj" and tok.head.i in self.persons))
            ):
                code = g.country_of_name_part(tok.text)
                known = self._by_surname.get(tok.lower_)
                if known is not None:
                    self.persons[tok.i] = known
                    if known.country:
                        self.mentions.setdefault(tok.i, Mention(tok.idx, tok.idx + len(tok), known.country, "official"))
                elif code is not None:
                    self.persons[tok.i] = PersonInfo(tok.text, code, None, None, None)
                    self.mentions.setdefault(tok.i, Mention(tok.idx, tok.idx + len(tok), code, "official"))
        # Office holders found by the gazetteer but not tagged PERSON by NER.
        for idx, m in list(self.mentions.items()):
            if m.kind == "official" and m.official is not None and idx not in self.persons:
                off = m.official
                title = off.title if self.year is None or off.in_office(self.year) else None
                info = PersonInfo(
                    off.name, off.country, title, off.category if title else category_of(title or ""), off
                )
                self.persons[idx] = info

    def _context_country(self, ent: Span) -> str | None:
        # "Japanese Foreign Minister Taro Kono", "Song Il-ho, North Korea's ambassador", "his North Korean
        # counterpart Ri Yong Ho": a state named in the person's own noun phrase or the one it is in
        # apposition to.
        root = ent.root
        scopes = [root]
        if root.dep_ in ("appos", "compound") and root.head.pos_ in ("NOUN", "PROPN"):
            scopes.append(root.head)
        scopes.extend(c for c in root.children if c.dep_ == "appos")
        # "Masaaki Kanai, who heads the Japanese ministry's Asian and Oceanian Affairs Bureau": what one leads.
        scopes.extend(c for c in root.children if c.dep_ == "relcl" and c.lower_ in LEAD_ACTIVE_VERBS)
        for scope in scopes:
            for tok in scope.subtree:
                m = self.mentions.get(tok.i)
                if (
                    m is not None and m.kind in ("name", "demonym", "capital") and tok.i not in {t.i for t in ent}
                ) and _preposition_between(tok, scope) in (None, "of", "from"):
                    return m.code
        return None

    def _context_title(self, ent: Span) -> str | None:
        root = ent.root
        before = self.doc[max(ent.start - 6, ent.sent.start) : ent.start]
        taken: set[int] = set()
        for tok in before:
            if (
                (
                    (tok.dep_ == "compound" and tok.head.i in range(ent.start, ent.end))
                    or (tok.head.i == root.i and tok.dep_ in ("compound", "amod"))
                )
                and tok.i not in self.mention_tokens
                and tok.pos_ in ("PROPN", "NOUN", "ADJ")
            ):
                taken.add(tok.i)
        # A title's own modifiers: "Vice" of "Vice Premier Ding Xuexiang" hangs on "Premier", not on the name.
        for tok in reversed(before):
            if (
                tok.i not in taken
                and tok.head.i in taken
                and tok.dep_ == "compound"
                and tok.i not in self.mention_tokens
                and tok.pos_ in ("PROPN", "NOUN")
            ):
                taken.add(tok.i)
        if taken:
            return " ".join(t.text for t in before if t.i in taken)
        for scope in (
            *[c for c in root.children if c.dep_ == "appos"],
            *([root.head] if root.dep_ == "appos" else []),
        ):
            if scope.pos_ not in ("NOUN", "PROPN") or scope.i in range(ent.start, ent.end):
                continue
            toks = [t for t in scope.subtree if t.i <= scope.i or t.dep_ in ("prep", "pobj", "compound", "amod")]
            toks = [
                t
                for t in toks
                if t.i not in self.mention_tokens and t.pos_ not in ("DET", "PUNCT", "PRON") and t.dep_ != "poss"
            ]
            toks = [t for t in toks if t.i not in range(ent.start, ent.end)][:8]
            if toks:
                return " ".join(t.text for t in toks).strip()
        return None

    def person_for_pronoun(self, tok: Token) -> tuple[int, PersonInfo] | None:
        """The nearest earlier person with a known state (for "he", "his" and "she")."""
        for i in range(tok.i - 1, max(-1, tok.i - 400), -1):
            info = self.persons.get(i)
            if info is not None and info.country:
                return i, info
        return None


def _person_by_who(ent: Span) -> bool:
    """A name the tagger took for an organisation, told as a person by its relative clause: "Masaaki Kanai, who
    heads the ministry's bureau"."""
    return ent.label_ == "ORG" and any(
        c.dep_ == "relcl" and any(g.dep_ == "nsubj" and g.lower_ == "who" for g in c.children)
        for c in ent.root.children
    )


def _preposition_between(tok: Token, top: Token) -> str | None:
    t = tok
    for _ in range(32):
        if t.i in (top.i, t.head.i):
            return None
        if t.dep_ == "pobj":
            return str(t.head.lower_)
        t = t.head
    return None
