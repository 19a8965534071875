"""Everything the contact rules need about one parsed article, computed once: state mentions, persons,
triggers, the dateline."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from extractors.contact_model import PersonInfo
from extractors.contact_words import LOCATION_PREPS
from extractors.dates import month_end
from extractors.gazetteer import Mention, gazetteer, world_city
from extractors.persons import PersonRules
from extractors.triggers import TriggerRules

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span


_KOREAN = frozenset({"korean"})
_KOREAS = frozenset({"koreas"})
_SOUTH_NORTH = frozenset({"south", "north"})


class DocAnalysis(PersonRules, TriggerRules):
    """Everything the rules need about one parsed article, computed once."""

    def __init__(self, doc: Doc, published: dt.date | None, period: str | None = None) -> None:
        self.doc = doc
        # Only the publication month known: months and month-days are placed in its year (see dates.py).
        self.period_end = month_end(period) if published is None else None
        self.text: str = doc.text
        self.published = published
        self.year = published.year if published else None
        g = gazetteer()
        self.mentions: dict[int, Mention] = {}  # root token index -> mention
        # A token naming two states ("inter-Korean"): its second state, beside `mentions`' first.
        self.second_mentions: dict[int, Mention] = {}
        self.mention_tokens: set[int] = set()
        for m in g.find(self.text):
            span = doc.char_span(m.start, m.end, alignment_mode="expand")
            if span is None or len(span) == 0:
                continue
            root = span.root
            if m.kind == "official" or root.i not in self.mentions:
                self.mentions[root.i] = m
            self.mention_tokens.update(t.i for t in span)
        self._add_world_cities(doc)
        # "inter-Korean" names both Koreas.
        # (Array lookups of the few words these rules need: a Python Token per token of every article costs more.)
        for tok in self._tokens_among(_KOREAN):
            if (
                tok.lower_ == "korean"
                and tok.i >= 2
                and doc[tok.i - 1].text == "-"
                and doc[tok.i - 2].lower_ == "inter"
            ):
                self.mentions[tok.i] = Mention(tok.idx, tok.idx + len(tok), "KOR", "name")
                self.second_mentions[tok.i] = Mention(tok.idx, tok.idx + len(tok), "PRK", "name")
        # "the two Koreas", "both Koreas": the plural names both, like "inter-Korean".
        for tok in self._tokens_among(_KOREAS):
            if tok.i >= 1 and doc[tok.i - 1].lower_ in ("two", "both") and tok.i not in self.mentions:
                self.mentions[tok.i] = Mention(tok.idx, tok.idx + len(tok), "KOR", "name")
                self.second_mentions[tok.i] = Mention(tok.idx, tok.idx + len(tok), "PRK", "name")
        # "South and North Korea", "North and South Korea": the bare first word names the other Korea.
        for tok in self._tokens_among(_SOUTH_NORTH):
            if tok.i >= len(doc) - 3:
                continue
            nxt = doc[tok.i + 1 : tok.i + 4]
            if (
                tok.lower_ in ("south", "north")
                and nxt[0].lower_ == "and"
                and nxt[1].lower_ in ("south", "north")
                and nxt[1].lower_ != tok.lower_
                and nxt[2].lower_ in ("korea", "koreas", "korean")
                and tok.i not in self.mentions
            ):
                code = "KOR" if tok.lower_ == "south" else "PRK"
                self.mentions[tok.i] = Mention(tok.idx, tok.idx + len(tok), code, "name")
        self.persons: dict[int, PersonInfo] = {}
        self._by_surname: dict[str, PersonInfo] = {}
        self._register_persons()
        self.dateline_span = (0, 0)
        self.dateline = self._dateline()
        # "yesterday", "on Thursday" count from the day the story was filed ("TOKYO, March 20 (KUNA) --")
        # when the dateline gives one close to publication (time zones, next-day web publication).
        self.published = self.filing_day(published)
        self.year = self.published.year if self.published else None
        self.triggers = self._find_triggers()
        self.trigger_ids_all = {t.i for t in self.triggers}
        self.visits = self._visits()
        self.venue_cities = self._venue_cities() if self.triggers else []
        self.side_leaders = self._side_leaders() if self.triggers else {}

    def _add_world_cities(self, doc: Doc) -> None:
        """Cities the hand-made gazetteer lacks ("talks in Amman"), in the country of the world's most populous
        city of that name: a place the parser names as one, or a proper noun that is the object of a place
        preposition ("in Irkutsk", which the small model does not always name). Such a city is where things
        happen, never a side (its kind is "city")."""
        spans: list[Span] = [ent for ent in doc.ents if ent.label_ == "GPE"]
        # Candidates from the tag and dependency arrays: a Python Token for every token of every article
        # cost more than the rest of this rule.
        from spacy.attrs import DEP, TAG  # spaCy is loaded by now: the doc is parsed

        tags_deps = doc.to_array([TAG, DEP])
        strings = doc.vocab.strings
        candidates = ((tags_deps[:, 0] == strings["NNP"]) & (tags_deps[:, 1] == strings["pobj"])).nonzero()[0]
        for tok in (doc[int(i)] for i in candidates):
            if (
                tok.head.lower_ in LOCATION_PREPS
                and tok.i not in self.mention_tokens
                and tok.ent_type_ != "PERSON"
                and not any(ch.dep_ == "det" for ch in tok.children)  # "in the Union": no city
            ):
                start = tok.i
                while start > 0 and doc[start - 1].dep_ == "compound" and doc[start - 1].head.i == tok.i:
                    start -= 1
                spans.append(doc[start : tok.i + 1])
        for span in spans:
            if any(t.i in self.mention_tokens for t in span):
                continue
            code = world_city(span.text)
            # A known office holder's name ("Rubio") is a person's, whatever town shares it.
            if code is not None and gazetteer().country_of_name_part(span.text) is None:
                self.mentions[span.root.i] = Mention(span.start_char, span.end_char, code, "city")
                self.mention_tokens.update(t.i for t in span)
