"""The role of a state mention relative to a trigger: actor, location, destination, topic or other."""

from __future__ import annotations

from typing import TYPE_CHECKING

from extractors.analysis import DocAnalysis
from extractors.contact_words import (
    COLLECTIVE_NOUNS,
    DISCUSS,
    LOCATION_PREPS,
    MEMBER_NOUNS,
    PARTNER_PREPS,
    PLACE_NOUNS,
    PRINCIPAL,
    TOPIC_PREPS,
    VISIT_WORDS,
    category_of,
)
from extractors.cues import Cues
from extractors.syntax import previews

if TYPE_CHECKING:
    from spacy.tokens import Token


class RoleRules:
    """The roles part of `extractors.contacts.MentionFinder`."""

    a: DocAnalysis
    c: Cues
    trigger_ids: set[int]

    def _role(self, tok: Token, trigger: Token, chain_ids: set[int]) -> str:
        """actor / location / destination / topic / other, for the mention rooted at `tok`."""
        kind = self._kind(tok)
        t = tok
        for _ in range(40):
            if t.i in chain_ids:
                return "actor"
            if t.i != tok.i and t.i in self.trigger_ids and t.i != trigger.i:
                return "other"  # "met Kishida and urged him to hold a summit with North Korea": the summit's side
            if t.pos_ in ("VERB", "AUX") and any(
                ch.i in self.trigger_ids and ch.i != trigger.i and ch.dep_ == "dobj" for ch in t.children
            ):
                return "other"  # the same, when "with North Korea" hangs on "hold"
            if t.i != tok.i and previews(t, self.c.preview_words):
                return "other"  # "The meeting came ahead of a planned visit to Tokyo by Trump": the visit's
            head = t.head
            if head.i == t.i:
                return "actor"
            dep = t.dep_
            if dep == "ccomp" and head.lower_ in self.c.reporting_verbs and trigger.i not in (head.i, t.i):
                # "During the talks, Cho said Seoul hoped Beijing would use its influence with Pyongyang": who is
                # named in what was said is not at the table the sentence sets.
                return "other"
            if dep == "dep" and t.i == tok.i and head.i < tok.i and tok.i > 0 and tok.doc[tok.i - 1].is_punct:
                return "other"  # "hold video call on trade, Taiwan": a list item left unattached after a comma
            if dep == "conj" and t.i != tok.i and t.pos_ in ("VERB", "AUX") and head.pos_ in ("VERB", "AUX"):
                # "held talks ... and agreed to bring North Korea back to dialogue": an argument of the other
                # predicate, not a party to the talks.
                return "other"
            if dep in ("pobj", "pcomp"):
                prep = head.lower_
                gov = head.head
                if prep in PARTNER_PREPS:
                    if gov.i == trigger.i or gov.i in chain_ids:
                        return "actor"
                    if gov.i in self.trigger_ids:
                        return "other"  # the partner of another contact ("urged him to hold a summit with X")
                    t = gov
                    continue
                if prep in LOCATION_PREPS:
                    if prep == "outside" and gov.lower_ in VISIT_WORDS:
                        return "other"  # "a rare journey outside Belarus": anywhere but there
                    return "location" if kind in ("name", "capital", "city") else "other"
                if prep == "to":
                    if gov.lower_ in VISIT_WORDS:
                        return "destination"
                    if gov.i in chain_ids and gov.i == trigger.i:
                        return "actor"  # "Ihara talks to North Korea's ambassador"
                    if t.i != tok.i and category_of(t.lower_) is not None and _names_a_side(gov, self.c.actor_nouns):
                        # "a senior adviser to the Indian prime minister": who serves an office holder acts for
                        # that state (not "ambassador to Japan", where the state is the host).
                        t = gov
                        continue
                    return "other"
                if prep in ("of", "from"):
                    # "members of North Korea's Supreme People's Assembly": members of a state's body act for it.
                    if (
                        gov.i in self.trigger_ids
                        or _names_a_side(gov, self.c.actor_nouns)
                        or gov.i in self.a.persons
                        or (gov.lower_ in MEMBER_NOUNS and kind != "demonym")
                        # "the Standing Committee of North Korea's Supreme People's Assembly": a named body of
                        # a body, itself owned by what follows.
                        or (prep == "of" and gov.pos_ == "PROPN" and gov.dep_ == "pobj" and gov.head.lower_ == "of")
                    ):
                        t = gov
                        continue
                    if (
                        prep == "from"
                        and gov.dep_ == "pobj"
                        and gov.head.lower_ == "of"
                        and _names_a_side(gov.head.head, self.c.actor_nouns)
                    ):
                        # "Officials of division-director rank from Japan": the parser hangs "from" on the
                        # officials' description; it says where the officials are from.
                        t = gov.head.head
                        continue
                    if prep == "of" and gov.lower_ in PLACE_NOUNS and kind in ("name", "capital", "city"):
                        return "location" if self._under_location(gov) else "other"
                    return "other"
                if prep in TOPIC_PREPS:
                    return "topic"
                return "other"
            if dep in ("compound", "amod", "poss", "nmod", "nummod", "npadvmod") and head.pos_ in (
                "NOUN",
                "PROPN",
            ):
                if head.lower_ in PLACE_NOUNS and kind in ("name", "demonym"):
                    return "capital_of" if head.lower_ == "capital" and t.i == tok.i else "other"
                if head.i in chain_ids and head.i != trigger.i:
                    return "actor"  # "Japan's offer of talks": the owner of what governs the trigger
                if head.i == trigger.i or head.i in self.trigger_ids:
                    return "actor" if head.i == trigger.i or head.i in chain_ids else "other"
                if _names_a_side(head, self.c.actor_nouns) or head.i in self.a.persons or head.i in self.a.mentions:
                    t = head
                    continue
                if head.lower_ in MEMBER_NOUNS and (
                    (t.i != tok.i and t.pos_ == "PROPN") or (t.i == tok.i and kind == "demonym")
                ):
                    t = head  # "Japanese Diet members", "five Japanese members": members act for their state
                    continue
                if (
                    head.pos_ == "PROPN"
                    and dep in ("poss", "compound", "amod", "nmod")
                    and (
                        head.dep_ == "pobj"
                        or head.head.i in chain_ids
                        # "North Korea's Ministry of State Security", parsed as a modifier of its last word
                        or (head.dep_ in ("poss", "compound", "nmod") and head.head.pos_ in ("PROPN", "NOUN"))
                    )
                ):
                    # A named institution of the state acts for it when it is a party or the owner of one:
                    # "a delegation of Russia's State Duma", "officials of North Korea's Supreme People's
                    # Assembly", also through a name's own possessive ("North Korea's Supreme People's Assembly")
                    # (not "The Washington Post reported").
                    t = head
                    continue
                return "other"
            if dep == "dobj" and head.lower_ in DISCUSS:
                return "topic"
            if dep == "dobj" and head.lower_ in VISIT_WORDS:
                return "destination"
            t = head
        return "other"

    def _under_location(self, tok: Token) -> bool:
        t = tok
        for _ in range(6):
            if t.dep_ == "pobj" and t.head.lower_ in LOCATION_PREPS:
                return True
            if t.head.i == t.i:
                return False
            t = t.head
        return False

    def _kind(self, tok: Token) -> str:
        m = self.a.mentions.get(tok.i)
        return m.kind if m is not None else "other"

    def _actor_phrase(self, tok: Token) -> Token:
        # The noun the state is the owner/modifier of: "North Korea's ambassador" -> ambassador.
        t = tok
        for _ in range(6):
            if t.dep_ in ("compound", "amod", "poss", "nmod") and (
                t.head.pos_ in ("NOUN", "PROPN")
                # "a North Korean director-general": the hyphenated title's last part heads it, whatever its tag.
                or (t.head.i == t.i + 2 and t.doc[t.i + 1].text == "-")
            ):
                t = t.head
            elif (
                t.dep_ == "pobj" and t.head.lower_ in ("of", "from") and _names_a_side(t.head.head, self.c.actor_nouns)
            ):
                t = t.head.head
            else:
                break
        return t


def side_phrase(head: Token) -> str:
    """The words of a side's noun phrase (up to 14), less a participle that says who sent or ordered it:
    "Japanese envoys, sent by Prime Minister Abe," are envoys, not a prime minister."""
    skip: set[int] = set()
    for ch in head.children:
        if ch.dep_ in ("acl", "relcl") and ch.lower_ in PRINCIPAL and any(c.dep_ == "agent" for c in ch.children):
            skip.update(t.i for t in ch.subtree)
    return " ".join(t.text for t in [t for t in head.subtree if t.i not in skip][:14])


def _names_a_side(head: Token, actor_nouns: frozenset[str]) -> bool:
    """The noun a state's "of"/"from" phrase belongs to stands for that side: an actor noun ("officials of
    Japan"), or a rank noun ("Colonels from the two Koreas' militaries", "a counsellor from North Korea's
    mission"): who represents the side gives its level."""
    if head.lower_ in actor_nouns or head.lower_ in COLLECTIVE_NOUNS:
        return True
    return head.pos_ in ("NOUN", "PROPN") and category_of(head.lower_) is not None
