"""Trigger words ("talks", "met", "summit"), who led each side, places visited and the dateline."""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING

from extractors import contact_words as w
from extractors.contact_model import FILING_DAYS, PersonInfo
from extractors.contact_words import (
    CONVERSATION_NOUNS,
    DISCUSS,
    HOSTILE,
    LED,
    LED_GROUPS,
    RECEIVE,
    TALK_MODIFIERS,
    VISIT_WORDS,
    VISITOR_NOUNS,
    category_of,
    clean_place,
    match_dateline,
    match_signin,
)
from extractors.cues import Cues, cues
from extractors.dates import find_dates, latest_stated_day, page_line_day, stated_year
from extractors.gazetteer import Mention, gazetteer
from extractors.syntax import under_preview

_MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November",
    "December",
)  # fmt: skip
_MONTH_NUMBERS = {name: n for n, name in enumerate(_MONTH_NAMES, start=1)}
# A month name as a visit's modifier, also hyphenated ("a mid-January visit").
_MONTH_WORD_RE = re.compile(r"(?:^|-)(" + "|".join(_MONTH_NAMES) + r")$")

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token


# Who heads a side's delegation, right before the name: "chief delegate", "chief negotiator", "head of the
# delegation".
_DELEGATION_HEAD_RE = re.compile(
    r"\b(?:chief\s+(?:delegate|negotiator)|top\s+negotiator|head\s+of\s+the\s+\w*\s*delegation|delegation\s+head)"
    r"[,\s]*$"
)


def _planned_infinitive(verb: Token, c: Cues) -> bool:
    """ "plans to visit", "wants to visit", "is set to visit": an infinitive governed by a verb or by a word of
    planning tells an intention ("the first prime minister to visit North Korea" tells a visit)."""
    return verb.dep_ == "xcomp" or verb.head.lower_ in c.schedule_words or verb.head.lower_ in c.propose_words


class TriggerRules:
    """The triggers part of `extractors.analysis.DocAnalysis`."""

    doc: Doc
    text: str
    mentions: dict[int, Mention]
    persons: dict[int, PersonInfo]
    trigger_ids_all: set[int]
    dateline_span: tuple[int, int]
    period_end: dt.date | None
    published: dt.date | None

    def _find_triggers(self) -> list[Token]:
        c = cues()
        found = []
        for tok in self.doc:
            low = tok.lower_
            if tok.i in self.persons:
                continue
            if low in c.trigger_nouns and tok.pos_ in ("NOUN", "PROPN", "VERB"):
                if low in c.weak_nouns and not self._weak_noun_ok(tok):
                    continue
                if (
                    low in ("talk", "talks")
                    and tok.pos_ == "VERB"
                    and tok.dep_ not in ("ROOT", "conj", "xcomp", "ccomp", "advcl")
                ):
                    continue
                found.append(tok)
            elif low in c.trigger_verbs and tok.pos_ in ("VERB", "AUX", "NOUN"):
                if (low in ("meeting",) and tok.pos_ == "NOUN") or tok.pos_ != "NOUN":
                    found.append(tok)
            elif low in c.sit_down_verbs and tok.pos_ == "VERB":
                prt = {ch.lower_ for ch in tok.children if ch.dep_ in ("prt", "prep", "advmod")}
                if (
                    (low.startswith("s") and low not in w.SPEAK_VERBS and "down" in prt)
                    or (low in w.SPEAK_VERBS and ("with" in prt or self._spoke_together(tok) or self._by_phone(tok)))
                    or low in w.PHONE_VERBS
                    or (low in w.CALL_VERBS and self._called_someone(tok))
                ):
                    found.append(tok)
            elif low in c.exchange_words and self._exchange_of_words(tok):
                found.append(tok)  # "exchanged views with", "had a brief exchange of words"
            elif low in DISCUSS and tok.pos_ == "VERB" and low.startswith("discuss"):
                found.append(tok)
            elif low in w.VISIT_VERBS and tok.pos_ == "VERB" and self._official_visit(tok):
                found.append(tok)  # "the Japanese foreign minister visited Pyongyang": a guest of its government
            elif low in w.VISIT_VERBS and tok.pos_ == "NOUN" and self._official_visit_noun(tok):
                found.append(tok)  # "Putin made a rare visit to Belarus", "Putin's visit to Belarus"
            elif low in RECEIVE and tok.pos_ == "VERB" and any(self._is_visitor(ch) for ch in tok.children):
                found.append(tok)  # "Kim Yong Nam received a Japanese government delegation"
            elif low in RECEIVE and tok.tag_ == "VBN" and self._received_visitor(tok):
                found.append(tok)  # "Shoigu was received by Kim Jong Un"
        return found

    @staticmethod
    def _by_phone(tok: Token) -> bool:
        """ "Tinubu and Ramaphosa spoke by telephone": speaking over a phone is a call."""
        return any(
            ch.dep_ in ("prep", "agent")
            and ch.lower_ in w.CALL_PREPS
            and any(g.lower_ in w.PHONE_WORDS for g in ch.children)
            for ch in tok.children
        )

    def _spoke_together(self, tok: Token) -> bool:
        """ "Motegi, Japan's foreign minister, and North Korea's top diplomat Choe Son Hui spoke for several
        minutes": two people of different states as one subject of "spoke" spoke to each other."""
        subj = next((ch for ch in tok.children if ch.dep_ == "nsubj"), None)
        if subj is None:
            return False
        if any(ch.lower_ in ("both", "each") for t in (tok, subj) for ch in t.children):
            return False  # "both spoke at a Security Council meeting": each spoke, not to the other
        if any(ch.dep_ == "prep" and ch.lower_ in ("at", "to", "before") for ch in tok.children):
            return False  # "spoke at the forum", "spoke to reporters": an address, not a conversation
        codes = set()
        for member in (subj, *subj.conjuncts):
            for t in member.subtree:
                person = self.persons.get(t.i)
                mention = self.mentions.get(t.i)
                if person is not None and person.country:
                    codes.add(person.country)
                elif mention is not None and mention.kind != "city":
                    codes.add(mention.code)
        return len(codes) == 2

    def _called_someone(self, tok: Token) -> bool:
        """ "Lula called Putin on Monday", "called his Japanese counterpart": a person or an office holder as
        the object of "call" is a phone call; not "called off the talks", "called on X to", "called it a
        mistake" (an object predicate)."""
        if any(ch.dep_ in ("oprd", "prt") for ch in tok.children):
            return False
        nxt = tok.nbor(1).lower_ if tok.i + 1 < len(tok.doc) else ""
        if nxt in w.CALL_NOT_PARTICLES:
            return False  # "called on Israel's prime minister to ...", "calls for", "called off"
        actors = cues().actor_nouns
        return any(
            ch.dep_ == "dobj" and (ch.i in self.persons or ch.i in self.mentions or ch.lower_ in actors)
            for ch in tok.children
        )

    @staticmethod
    def _call_spoken_through(tok: Token) -> bool:
        """ "spoke via a congratulatory call", "talked during a call", "held a call with": the call is a talk."""
        head = tok.head
        if tok.dep_ == "pobj" and head.lower_ in w.CALL_PREPS:
            return head.head.lower_ in w.SPEAK_VERBS or head.head.lower_ in cues().trigger_verbs
        return (
            tok.dep_ == "dobj"
            and head.lower_ in cues().light_verbs
            and any(ch.dep_ == "prep" and ch.lower_ == "with" for ch in tok.children)
        )

    def _received_visitor(self, tok: Token) -> bool:
        """The passive of receiving a visitor: a person or delegation received by someone."""
        if not any(ch.dep_ == "agent" for ch in tok.children):
            return False
        return any(
            ch.dep_ == "nsubjpass" and (ch.i in self.persons or ch.lower_ in VISITOR_NOUNS) for ch in tok.children
        )

    def _exchange_of_words(self, tok: Token) -> bool:
        c = cues()
        if (
            tok.pos_ == "NOUN"
            and tok.dep_ == "dobj"
            and tok.head.lower_ in c.light_verbs
            and any(ch.dep_ == "prep" and ch.lower_ == "with" for ch in tok.children)
        ):
            return True  # "had a brief exchange with his North Korean counterpart"
        if tok.pos_ == "VERB":
            objects = [ch for ch in tok.children if ch.dep_ == "dobj"]
        elif tok.pos_ == "NOUN":
            # "had a brief exchange of words", "in an exchange of views": an act held; not "intensifying their
            # exchange of words" (rhetoric traded in statements).
            held = (tok.dep_ == "dobj" and tok.head.lower_ in c.light_verbs) or (
                tok.dep_ == "pobj" and tok.head.lower_ in ("in", "during")
            )
            if not held:
                return False
            objects = [g for ch in tok.children if ch.dep_ == "prep" and ch.lower_ == "of" for g in ch.children
                       if g.dep_ == "pobj"]  # fmt: skip
        else:
            return False
        # "exchanged harsh words at the Security Council" is a quarrel in a debate, not a conversation.
        return any(
            o.lower_ in c.exchange_objects and not any(m.dep_ == "amod" and m.lower_ in HOSTILE for m in o.children)
            for o in objects
        )

    def _tokens_among(self, words: frozenset[str]) -> list[Token]:
        """The tokens whose lower-case form is one of `words`, found in the LOWER array: a Python Token for every
        token of every article, in each rule that looks for a few words, cost more than those rules."""
        import numpy as np
        from spacy.attrs import LOWER

        lowers = self.__dict__.get("_lower_array")
        if lowers is None:
            lowers = self.__dict__["_lower_array"] = self.doc.to_array(LOWER)
        strings = self.doc.vocab.strings
        wanted = np.fromiter((strings[word] for word in words), dtype=lowers.dtype, count=len(words))
        return [self.doc[int(i)] for i in np.isin(lowers, wanted).nonzero()[0]]

    def _side_leaders(self) -> dict[str, str]:
        """The level of a side from who led it: "The Japanese side was led by the director-general of ...",
        "a North Korean delegation headed by Song Il Ho", "both sides were represented by division directors",
        "The session ... was attended by division-level officials from both foreign ministries" (code ->
        level category; "*" for both sides, "?" for a side the sentence does not name)."""
        out: dict[str, str] = {}
        for tok in self._tokens_among(LED):
            if tok.tag_ != "VBN":
                continue
            leaders = [g for ch in tok.children if ch.dep_ == "agent" for g in ch.children if g.dep_ == "pobj"]
            group = tok.head if tok.dep_ == "acl" else next((ch for ch in tok.children if ch.dep_ == "nsubjpass"), None)
            if group is None and tok.dep_ == "conj":  # "The session ... lasted three hours and was attended by"
                group = next((ch for ch in tok.head.children if ch.dep_ in ("nsubj", "nsubjpass")), None)
            if not leaders or group is None:
                continue
            words = {t.lower_ for t in group.subtree} | {t.lower_ for t in leaders[0].subtree}
            codes = self._group_codes(group) or self._state_codes(group)
            if group.lower_ in w.BOTH_SIDE_GROUPS or words & w.BOTH_WORDS:
                key = "*"
            elif len(codes) == 1:
                key = codes.pop()
            elif not codes and (group.lower_ in LED_GROUPS or group.i in self.trigger_ids_all):
                key = "?"
            else:
                continue
            category = self._leader_category(leaders[0])
            if category:
                out.setdefault(key, category)
        for key, category in self._active_side_leaders():
            out.setdefault(key, category)
        for key, category in self._stated_ranks():
            out.setdefault(key, category)
        for key, category in self._participant_ranks():
            out.setdefault(key, category)
        # "Japan's chief delegate Junichi Ihara": whoever heads a side's delegation gives its level.
        for i, person in self.persons.items():
            if person.category is None or person.country is None:
                continue
            before = self.text[max(0, self.doc[i].idx - 40) : self.doc[i].idx].lower()
            if _DELEGATION_HEAD_RE.search(before):
                out.setdefault(person.country, person.category)
        return out

    def _active_side_leaders(self) -> list[tuple[str, str]]:
        """The active voice of the above: "A deputy director-general ... led the Japanese side" (a side or
        delegation as object, its leader as subject), and "the North sent a department director" (a state as
        subject sending an official)."""
        out: list[tuple[str, str]] = []
        for tok in self._tokens_among(w.LEAD_ACTIVE_VERBS | w.SEND_VERBS):
            lead = tok.lower_ in w.LEAD_ACTIVE_VERBS
            if tok.tag_ not in ("VBD", "VBZ", "VBP"):
                continue
            subj = next((ch for ch in tok.children if ch.dep_ == "nsubj"), None)
            obj = next((ch for ch in tok.children if ch.dep_ == "dobj"), None)
            if subj is None or obj is None:
                continue
            if lead:
                # "... led the Japanese side", "... represented Japan": a side, or the state itself.
                codes = self._group_codes(obj) if obj.lower_ in LED_GROUPS else self._state_codes(obj)
                leader = subj
            else:
                state = self.mentions.get(subj.i)
                if state is None or state.kind == "city":
                    continue
                leader, codes = obj, {state.code}
            if len(codes) != 1:
                continue
            category = self._leader_category(leader)
            if category:
                out.append((codes.pop(), category))
        return out

    def _stated_ranks(self) -> list[tuple[str, str]]:
        """A rank said of the people who met: "The officials were of division-director rank", "the delegates,
        both of vice-minister level,": the group's state, both sides ("*") for an unnamed plural group."""
        out: list[tuple[str, str]] = []
        for tok in self._tokens_among(w.RANK_NOUNS):
            if tok.dep_ != "pobj" or tok.head.lower_ != "of":
                continue
            category = category_of(" ".join(t.text for t in tok.subtree))
            held = tok.head.head
            if category is None:
                continue
            if held.pos_ == "AUX" or held.lower_ in w.COPULAS:
                group = next((ch for ch in held.children if ch.dep_ == "nsubj"), None)
            elif held.pos_ in ("NOUN", "PRON", "DET") and held.dep_ in ("appos", "nsubj", "nsubjpass", "dobj", "pobj"):
                group = held.head if held.dep_ == "appos" else held  # "the delegates, both of ... rank,"
            else:
                group = None
            if group is None or group.pos_ != "NOUN" or group.tag_ != "NNS":
                continue
            codes = self._group_codes(group)
            if len(codes) == 1:
                out.append((codes.pop(), category))
            elif not codes and not self._state_codes(group):
                out.append(("*", category))
        return out

    def _participant_ranks(self) -> list[tuple[str, str]]:
        """Who a contact brought together: "The meeting ... involved officials at the level of counsellor", "The
        encounter brought together mid-ranking diplomats", "The talks, which pitted a director-general from Tokyo
        against ..." (the side the group's phrase names; both sides, "*", when it names none or each)."""
        out: list[tuple[str, str]] = []
        for tok in self._tokens_among(w.PARTICIPANT_VERBS):
            if tok.pos_ not in ("VERB", "AUX"):
                continue
            if tok.lower_.startswith(("bring", "brought")) and not any(ch.lower_ == "together" for ch in tok.children):
                continue
            subj = next((ch for ch in tok.children if ch.dep_ in ("nsubj", "nsubjpass")), None)
            if subj is not None and subj.tag_ == "WDT" and tok.dep_ == "relcl":
                subj = tok.head  # "The talks, which pitted ...": the relative pronoun stands for the talks
            if subj is None and tok.dep_ == "conj":  # "had been held ... and involved officials"
                subj = next((ch for ch in tok.head.children if ch.dep_ in ("nsubj", "nsubjpass")), None)
            if subj is None and tok.dep_ == "relcl":  # "The talks, which pitted ..."
                subj = tok.head
            if subj is None or not (subj.i in self.trigger_ids_all or subj.lower_ in w.ANAPHOR_NOUNS):
                continue
            # "involved officials at the level of counsellor": the rank may hang from the verb.
            ranks = [
                t
                for prep in tok.children
                if prep.dep_ == "prep" and prep.lower_ in ("at", "on")
                for obj in prep.children
                if obj.dep_ == "pobj" and obj.lower_ in w.RANK_NOUNS
                for t in prep.subtree
            ]
            for obj in (ch for ch in tok.children if ch.dep_ == "dobj"):
                group = [*obj.subtree, *ranks]
                category = self._leader_category(obj) or category_of(" ".join(t.text for t in group[:14]))
                if category is None:
                    continue
                words = {t.lower_ for t in group}
                codes = {m.code for t in group if (m := self.mentions.get(t.i)) is not None and m.kind != "city"}
                if words & (w.BOTH_WORDS | {"each"}) or not codes:
                    out.append(("*", category))
                elif len(codes) == 1:
                    out.append((codes.pop(), category))
        return out

    def _state_codes(self, tok: Token) -> set[str]:
        """The state a token names itself ("Japan", "the North"), not a city."""
        m = self.mentions.get(tok.i)
        return {m.code} if m is not None and m.kind not in ("city", "capital") else set()

    def _group_codes(self, group: Token) -> set[str]:
        """The states a side's group is named for ("the Japanese delegation", "North Korea's side"; a city
        before it is a place, not a side)."""
        return {
            m.code
            for ch in group.children
            if ch.dep_ in ("amod", "compound", "poss", "nmod")
            and (m := self.mentions.get(ch.i)) is not None
            and m.kind != "city"
        }

    def _leader_category(self, leader: Token) -> str | None:
        """The level a side's leader gives: a known person's, else the title in the first words of the phrase."""
        category = next((p.category for t in leader.subtree if (p := self.persons.get(t.i)) and p.category), None)
        return category or category_of(" ".join(t.text for t in list(leader.subtree)[:14]))

    def _official_visit(self, tok: Token) -> bool:
        """An office holder visiting a state or its capital ("Biden visits Kyiv", "the Iranian president
        visited Syria"): an official visit is a contact with the host government."""
        if not any(
            ch.dep_ == "dobj" and ch.i in self.mentions and self.mentions[ch.i].kind in ("name", "capital")
            for ch in tok.children
        ):
            return False
        return any(ch.dep_ == "nsubj" and self._office_holder(ch) for ch in tok.children)

    def _official_visit_noun(self, tok: Token) -> bool:
        """The noun of the above: an office holder's visit to a state or its capital, the holder as its owner
        ("Putin's rare visit to Belarus") or as the subject of the verb that has it ("Putin made a visit to"). Only
        a visit the clause is about: not one that is the setting of another contact ("during Trump's visit to
        South Korea") nor one a copula describes ("It is Lavrov's first visit to North Korea", an arrival)."""
        if tok.dep_ not in ("dobj", "nsubj", "nsubjpass", "ROOT"):
            return False
        private = {cue.split()[0] for cue in cues().private_visit_cues}
        if any(ch.lower_ in private for ch in tok.children if ch.dep_ == "amod"):
            return False  # "a former minister's private visit to Buenos Aires": no guest of its government
        if not any(
            prep.dep_ == "prep"
            and prep.lower_ == "to"
            and any(
                o.dep_ == "pobj" and o.i in self.mentions and self.mentions[o.i].kind in ("name", "capital")
                for o in prep.children
            )
            for prep in tok.children
        ):
            return False
        owners = [ch for ch in tok.children if ch.dep_ == "poss"]
        if tok.dep_ == "dobj":
            owners += [ch for ch in tok.head.children if ch.dep_ == "nsubj"]
        return any(self._office_holder(o) and not any(t.lower_ in ("former", "ex") for t in o.subtree) for o in owners)

    def _office_holder(self, tok: Token) -> bool:
        """A visitor who holds an office: an office noun ("the Iranian president") or a known office holder."""
        person = self.persons.get(tok.i)
        return tok.lower_ in w.OFFICIAL_VISITOR_NOUNS or (
            person is not None and bool(person.official or person.category)
        )

    def _is_visitor(self, tok: Token) -> bool:
        if tok.dep_ != "dobj":
            return False
        return tok.i in self.persons or tok.lower_ in VISITOR_NOUNS

    def _weak_noun_ok(self, tok: Token) -> bool:
        # "call", "session", "conversation" count only as talks: "phone call", "plenary session", "held a
        # telephone conversation", "talks ... session".
        mods = {ch.lower_ for ch in tok.children if ch.dep_ in ("compound", "amod", "nmod")}
        if mods & TALK_MODIFIERS:
            return True
        if tok.lower_ in w.CALL_NOUNS and self._call_spoken_through(tok):
            return True
        if tok.lower_ in CONVERSATION_NOUNS:
            return tok.dep_ in ("dobj", "pobj", "nsubj", "nsubjpass", "conj")
        # "The session in Shenyang on Wednesday", "the call": a definite later reference to a contact already
        # reported (only an anaphor then: it needs an earlier contact mention to attach to).
        return tok.lower_ in w.ANAPHOR_NOUNS and any(ch.lower_ == "the" for ch in tok.children if ch.dep_ == "det")

    def _visits(self) -> list[tuple[str, str, bool]]:
        """Places the article says someone visited: (state code, place as written, is a city), in order.

        "returned from a trip to North Korea", "who arrived in Pyongyang", "visited North Korea": where a
        visiting envoy's contact took place when the contact's own sentence does not say.
        """
        out = []
        for idx, m in self.mentions.items():
            if m.kind not in ("name", "capital", "city"):
                continue
            tok = self.doc[idx]
            head = tok.head
            visit = None
            if tok.dep_ == "dobj" and head.lower_ in VISIT_WORDS:
                visit = head
            elif tok.dep_ == "pobj" and head.lower_ in ("to", "in") and head.head.lower_ in VISIT_WORDS:
                visit = head.head
            if visit is None or (head.lower_ == "in" and visit.lower_ not in w.ARRIVE_VERBS):
                continue
            if self._coming_visit(visit):
                continue  # "ahead of a planned visit to Tokyo", "an upcoming trip to Seoul": not where anyone met
            if self._recalled_visit(visit):
                continue  # "after a mid-January visit to Bangkok", "his previous visit": another trip
            span = self.doc.char_span(m.start, m.end, alignment_mode="expand")
            place = clean_place(span.text if span is not None else tok.text)
            if m.kind == "name":
                place = gazetteer().country_names.get(m.code, place)
            out.append((m.code, place, m.kind != "name"))
        return out

    def _venue_cities(self) -> list[str]:
        """Cities named in a phrase about the contact's venue ("The venue, a hotel in Dalian, was chosen by
        ...", "the venue of the talks in Hanoi"): the venue noun's own subtree or the apposition beside it."""
        out: list[str] = []
        for tok in self._tokens_among(w.VENUE_NOUNS):  # an array lookup: a token-by-token scan was 1/8 of a stream
            scope = list(tok.subtree) + [t for ch in tok.children if ch.dep_ == "appos" for t in ch.subtree]
            for t in scope:
                m = self.mentions.get(t.i)
                if m is None or m.kind not in ("city", "capital") or self.in_dateline(t.idx):
                    continue
                span = self.doc.char_span(m.start, m.end, alignment_mode="expand")
                place = clean_place(span.text if span is not None else t.text)
                if m.kind == "capital":
                    place = gazetteer().capital_name(m.code) or place
                if place not in out:
                    out.append(place)
        return out

    def _recalled_visit(self, visit: Token) -> bool:
        """A visit noun its own words date to another month or mark as earlier ("a mid-January visit", "last
        year's visit", "his previous trip"): a trip before the news, not where its contact happened."""
        if visit.pos_ != "NOUN":
            return False
        published = self.published
        for ch in visit.children:
            if ch.dep_ not in ("amod", "compound", "nmod", "npadvmod", "poss"):
                continue
            words = [t.text for t in ch.subtree]
            if any(word.lower() in cues().background_modifiers for word in words):
                return True
            for word in words:
                month = _MONTH_WORD_RE.search(word)
                if month is not None and (published is None or _MONTH_NUMBERS[month.group(1)] != published.month):
                    return True
        return False

    def _coming_visit(self, visit: Token) -> bool:
        """A visit that is only planned: modified by a scheduling word ("planned", "upcoming") or told after
        "ahead of"/"prior to"."""
        c = cues()
        if visit.pos_ == "NOUN" and any(
            ch.dep_ in ("amod", "compound") and ch.lower_ in c.schedule_words for ch in visit.children
        ):
            return True
        if visit.pos_ == "VERB" and any(
            ch.dep_ == "aux"
            and (ch.lower_ in w.FUTURE_AUXILIARIES or (ch.lower_ == "to" and _planned_infinitive(visit, c)))
            for ch in visit.children
        ):
            return True  # "will visit Seoul", "his plans to visit the United States": no visit yet
        return under_preview(visit, c.preview_words)

    def _dateline(self) -> str | None:
        # "BEIJING (AP) —" at the start of one of the first lines: where the story was filed.
        self.dateline_span = (0, 0)
        self.dateline_code: str | None = None
        offset = 0
        for n, line in enumerate(self.text[:600].split("\n")[:6]):
            found = match_dateline(line, below_title=n > 0)
            if found is not None:
                m, place, code = found
                self.dateline_span = (offset + m.start(1), offset + m.end())
                self.dateline_code = code
                return place
            offset += len(line) + 1
        signin = match_signin(self.text)
        if signin is not None:
            m, place, code = signin
            self.dateline_span = (m.start(1), m.end())
            self.dateline_code = code
            return place
        return None

    def filing_day(self, published: dt.date | None) -> dt.date | None:
        if published is None:
            return self._undated_story_day()
        if self.dateline_span == (0, 0):
            return published
        start, end = self.dateline_span
        for d in find_dates(self.text[start:end], published, "past"):
            if d.precision == "day" and d.date is not None:
                day = dt.date.fromisoformat(d.date)
                if 0 <= (published - day).days <= FILING_DAYS:
                    return day
        return published

    def _undated_story_day(self) -> dt.date | None:
        """A record without a publication day still says when it was filed: a dated dateline ("Pyongyang,
        September 16 (KCNA) --", in the publication month's year) or a page line ("Updated: Thursday, 5 March,
        2026"). "Yesterday" and "on Monday" count from that day."""
        period = self.period_end
        in_period = period is not None
        if period is None:
            # No publication month either: the year the text states places its undated days ("TOKYO, Sept. 30
            # (Kyodo) --" in a story that says "in May 2026" elsewhere).
            year = stated_year(self.text)
            period = dt.date(year, 12, 31) if year is not None else None
        if self.dateline_span != (0, 0):
            start, end = self.dateline_span
            for d in find_dates(self.text[start:end], None, "past", period=period):
                if d.precision == "day" and d.date is not None:
                    return dt.date.fromisoformat(d.date)
        page = page_line_day(self.text, period)
        if page is not None:
            return page
        # Else the latest day the story states in full ("the agency reported on Thursday, Nov. 12"): it was
        # written on or soon after it.
        return latest_stated_day(self.text, period, self.dateline_span, in_period=in_period)

    def in_dateline(self, char: int) -> bool:
        return self.dateline_span[0] <= char < self.dateline_span[1]
