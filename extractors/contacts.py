"""Contact mentions in a parsed article: a meeting/talks trigger whose clause names two states as its sides.

For every trigger token ("talks", "met", "summit", "sat down with", ...) the rules collect the states named in
the trigger's clause in the role of an actor (subject, "with"/"between" partner, the owner of an envoy or a
delegation), leaving out states that are only the topic ("talks about North Korea"), the place ("in Beijing")
or an attribute of something else ("Japanese abductees", "North Korea's missile launch"). Two sides make a
contact mention; its status, date, place, level and participants come from the same clause. Mentions are
merged into EVENTs by `extractors.assemble`.
"""

from __future__ import annotations

import dataclasses
import re
from typing import TYPE_CHECKING

from extractors import rule_errors
from extractors.analysis import DocAnalysis
from extractors.building import MentionBuilder
from extractors.contact_model import FILING_DAYS, MAX_SENTENCE_TOKENS, MAX_TRIGGERS, ContactMention, PersonInfo, Side
from extractors.contact_words import (
    AGREE_VERBS,
    CALL_NOUNS,
    CALL_PREPS,
    CHANNEL_NOUNS,
    DEFINITE_DETERMINERS,
    FACILITATE,
    IMPLICIT_SUBJECTS,
    LOCATION_PREPS,
    PAIR_POSSESSIVES,
    PERSON_PRONOUNS,
    RUBRIC_WORDS,
    SETTING_PREPS,
    SPEAK_VERBS,
    STANDING_STATE_VERBS,
    SUMMIT_WORDS,
    TOPIC_OF_CONTACT_PREPS,
    VISIT_VERBS,
    category_of,
    former_office_re,
)
from extractors.cues import cues
from extractors.dates import DateMention
from extractors.gazetteer import Mention
from extractors.roles import RoleRules, side_phrase
from extractors.status import visit_of_purpose
from extractors.syntax import ancestors_to_clause, children, clause_head, under_preview

# "The two discussed", "the two men", "both presidents": people just named, not "the two sides" of the story.
_PEOPLE_ANAPHOR_RE = re.compile(
    r"\b(?:[Tt]he two|[Bb]oth)(?:\s+(?:men|women|leaders|presidents|ministers|diplomats|envoys))?\s+"
    r"(?!sides?\b|countries\b|governments\b|nations\b|states\b|delegations\b)[a-z]+"
)
# "Ireland 19-16 South Africa": a result between two teams named after their states.
_SCORE_LINE_RE = re.compile(r"[A-Z][\w.]*\s+\d{1,3}\s?[-\u2013]\s?\d{1,3}\s+[A-Z]")

if TYPE_CHECKING:
    from spacy.tokens import Token


# Re-exported: other modules import these from here.
__all__ = [
    "FILING_DAYS",
    "MAX_SENTENCE_TOKENS",
    "MAX_TRIGGERS",
    "ContactMention",
    "DocAnalysis",
    "MentionFinder",
    "PersonInfo",
    "Side",
]


_EX_PREFIX = re.compile(r"\bex\s*-\s*")


class MentionFinder(RoleRules, MentionBuilder):
    """Turns the triggers of a `DocAnalysis` into `ContactMention`s, in document order."""

    def __init__(self, analysis: DocAnalysis) -> None:
        self.a = analysis
        self.c = cues()
        self.trigger_ids = {t.i for t in analysis.triggers}
        self.context_pair: tuple[str, str] | None = self._dominant_pair()
        self.sent_index: dict[int, int] = {}
        n = 0
        for s in analysis.doc.sents:
            self.sent_index[s.start] = n
            # A dateline on its own ("BEIJING (AP) --") is not a sentence of the story: the lede keeps its place.
            if not (analysis.in_dateline(s.start_char) and s.end_char <= analysis.dateline_span[1] + 1):
                n += 1
        self.anaphora_levels: dict[str, str] = {}
        # Pairs whose contacts the story tells with a side that holds no office ("a former prime minister met
        # Lavrov"): "the two men" refers to those people, not to the two governments.
        self.unofficial_pairs: set[tuple[str, str]] = set()
        # Pairs the story says did not meet ("both attended the summit but did not hold a bilateral meeting").
        self.negated_pairs: set[tuple[str, str]] = set()
        self.sentence_dates: dict[tuple[int, str], list[DateMention]] = {}
        # A sports story ("World Cup 2022: joy for Japan ...", a headline with a sport cue): states named in it
        # are teams unless a person is named with them.
        headline = analysis.text[: max(0, analysis.text.find("\n"))].lower()
        self._sport_story = any(cue in headline for cue in self.c.sport_cues)

    def _dominant_pair(self) -> tuple[str, str] | None:
        counts: dict[str, int] = {}
        weighted = [(m, 3 if idx < 60 else 1) for idx, m in self.a.mentions.items() if self._could_act(idx)]
        weighted += [(m, 1) for idx, m in self.a.second_mentions.items() if self._could_act(idx)]
        for m, weight in weighted:
            if m.kind not in ("city", "capital"):  # places are mostly where things happen, not who acts
                counts[m.code] = counts.get(m.code, 0) + weight
        top = sorted(counts, key=lambda k: -counts[k])[:2]
        return (top[0], top[1]) if len(top) == 2 else None

    def _could_act(self, i: int) -> bool:
        """Whether a state named at token `i` can be one of the parties the story's "the two leaders" or "the
        government" refer to: not a place ("a crisis in Ukraine") nor what qualifies a thing or an event
        ("the Taiwan blockade", "the Chinese neighbours"); its people, officials, bodies and contacts count."""
        tok = self.a.doc[i]
        if tok.dep_ == "pobj" and tok.head.lower_ in LOCATION_PREPS:
            return False
        head = tok.head
        if tok.dep_ in ("compound", "amod", "nmod") and head.pos_ == "NOUN" and head.i != tok.i:
            return (
                head.lower_ in self.c.actor_nouns
                or head.i in self.trigger_ids
                or head.i in self.a.persons
                or category_of(head.lower_) is not None
            )
        return True

    # ---- mentions ------------------------------------------------------------------------------------------

    def run(self) -> list[ContactMention]:
        out: list[ContactMention] = []
        for trigger in self.a.triggers[:MAX_TRIGGERS]:
            try:
                mention = self._mention(trigger, out)
            except (IndexError, KeyError, ValueError):  # a malformed parse must not lose the whole article
                if rule_errors.STRICT:
                    raise
                mention = None
            if mention is not None:
                out.append(mention)
                if not mention.anaphoric and mention.status in ("held", "ongoing", "scheduled", "proposed"):
                    self.context_pair = mention.countries
        _headline_takes_lede_tense(out, self.a.text)
        # Where the story says the two did not meet, their sitting through the same session is no contact:
        # "did not hold a bilateral meeting ... sat at opposite ends of the table during the plenary session".
        # So are a bare noun phrase ("share stage at summit") and what refers back to it.
        return [
            m
            for m in out
            if not (
                m.countries in self.negated_pairs
                and (m.anaphoric or m.why in ("setting", "noun phrase") or m.trigger_text.lower() in SUMMIT_WORDS)
            )
        ]

    def _sides(self, trigger: Token, chain: list[Token]) -> tuple[list[Side], list[tuple[Token, str]]]:
        sent = trigger.sent
        # "Japan-North Korea Summit Meeting": a compound trigger word is part of the trigger.
        chain_ids = {t.i for t in chain} | {c.i for c in trigger.children if c.dep_ == "compound"}
        head = chain[-1]
        sides: list[Side] = []
        places: list[tuple[Token, str]] = []
        extra_heads = {head.head.i} if head.dep_ in ("relcl", "acl") else set()
        visit = visit_of_purpose(trigger)
        if visit is not None and head.dep_ in ("advcl", "xcomp"):
            extra_heads.add(visit.i)  # "X visited Pyongyang to discuss ...": the visit's clause has the sides
        for tok in sent:
            second = self.a.second_mentions.get(tok.i)
            for first, found_m in ((True, self.a.mentions.get(tok.i)), (False, second)):
                if not first and second is None:
                    continue
                m = found_m
                person = self.a.persons.get(tok.i)
                if (
                    m is None
                    and tok.lower_ in PERSON_PRONOUNS
                    and tok.dep_ in ("nsubj", "nsubjpass", "poss", "pobj", "dobj")
                ):
                    found = self.a.person_for_pronoun(tok)
                    if found is not None and found[1].country:
                        person = found[1]
                        m = Mention(tok.idx, tok.idx + len(tok), found[1].country, "official", found[1].official)
                if m is None:
                    continue
                if first and person is None and tok.i in self.a.persons:
                    person = self.a.persons[tok.i]
                in_clause = clause_head(tok).i == head.i or tok.i in extra_heads or clause_head(tok).i in extra_heads
                if not in_clause:
                    continue
                root = tok
                if person is not None:
                    while (
                        root.head.i in self.a.persons
                        and self.a.persons.get(root.head.i) is person
                        and root.head.i != root.i
                    ):
                        root = root.head
                role = self._role(root, trigger, chain_ids)
                if self.a.in_dateline(tok.idx) or _across_rubric(tok, trigger, self.a.text):
                    continue
                if under_preview(root, self.c.preview_words) and not under_preview(trigger, self.c.preview_words):
                    continue  # "The meeting came ahead of a planned visit to Tokyo by Trump": the visit's
                if role == "actor" and m.kind in ("capital", "city") and person is None and root.dep_ == "appos":
                    # "The meeting, in the Swedish capital, Stockholm, was ...": a city set off by commas beside
                    # the contact word (or its place) names where it was; only a capital as subject stands for
                    # its state ("Tokyo and Pyongyang met").
                    places.append((tok, "city"))
                    continue
                if role == "destination":
                    # The place visited is where the contact happens, not a party to it ...
                    if m.kind in ("name", "capital", "city"):
                        places.append((tok, "country" if m.kind == "name" else "city"))
                    # ... unless the contact is what the visit is for: "visited North Korea for talks", "visited
                    # Pyongyang to discuss the abductions" are talks with the host state's government.
                    if m.kind in ("name", "capital") and (
                        (visit is not None and root.head.i == visit.i)
                        or (root.head.i == trigger.i and trigger.lower_ in VISIT_VERBS)
                        # "Putin's rare visit to Belarus": the noun's destination is the host.
                        or (
                            root.head.lower_ == "to"
                            and root.head.head.i == trigger.i
                            and trigger.pos_ == "NOUN"
                            and trigger.lower_ in VISIT_VERBS
                        )
                    ):
                        sides.append(Side(m.code, root, root.text, m.official, None))
                elif role == "actor":
                    if m.kind == "city":
                        continue
                    phrase_tok = self._actor_phrase(root)
                    if phrase_tok.dep_ == "appos":  # "former lawmaker Antonio Inoki": the description counts
                        phrase_tok = phrase_tok.head
                    phrase = side_phrase(phrase_tok)
                    sides.append(Side(m.code, root, phrase, m.official, person.name if person else None))
                elif role == "location" and m.kind in ("name", "capital", "city"):
                    places.append((tok, "country" if m.kind == "name" else "city"))
                elif role == "capital_of" and root.head.dep_ == "pobj" and root.head.head.lower_ in LOCATION_PREPS:
                    places.append((tok, "capital_of"))
        return sides, places

    def _non_official(self, side: Side) -> bool:
        # "Ex-Japanese lawmaker", "ex-minister": the prefix says "former".
        low = _EX_PREFIX.sub("former ", f" {side.phrase.lower()} ")
        if side.official is not None:
            return False
        return any(cue in low for cue in self.c.non_official_cues) or bool(former_office_re().search(low))

    def _mention(self, trigger: Token, previous: list[ContactMention]) -> ContactMention | None:
        sent = trigger.sent
        if len(sent) > MAX_SENTENCE_TOKENS:
            return None  # not prose (a list, a table, junk): the clause rules would be slow and meaningless
        low_sent = sent.text.lower()
        if any(cue in low_sent for cue in self.c.sport_cues) or _SCORE_LINE_RE.search(sent.text):
            return None
        if self._sport_story and not any(
            (p := self.a.persons.get(i)) is not None and (p.official is not None or p.category is not None)
            for i in range(sent.start, sent.end)
        ):
            return None  # a sports story's "Portugal and Ghana": teams, unless an office holder is named
        trig_mods = {ch.lower_ for ch in trigger.children if ch.dep_ in ("amod", "compound", "nmod", "npadvmod")}
        if trig_mods & self.c.multilateral_modifiers and "bilateral" not in trig_mods:
            return None
        if trigger.dep_ == "compound":
            return None  # "summit meeting" (the head word carries it), "meeting room" (not a contact)
        if (
            trigger.dep_ == "pobj"
            and trigger.head.lower_ in ("on", "for")
            and trigger.head.head.pos_ == "NOUN"
            and trigger.head.head.lower_ in self.c.role_nouns
        ):
            return None  # a role, not a contact: "North Korea's negotiator on the abduction talks with Japan"
        if trigger.dep_ == "pobj" and trigger.head.lower_ == "of" and trigger.head.head.lower_ in CHANNEL_NOUNS:
            return None  # a standing channel, not a contact: "the main point of contact between the two governments"
        if trigger.dep_ == "pobj" and trigger.head.lower_ == "in" and trigger.head.head.lower_ in STANDING_STATE_VERBS:
            return None  # being in touch: "remained in contact with its North Korean counterpart"
        if (
            trigger.dep_ == "dobj"
            and trigger.head.lower_ in self.c.attend_verbs
            and any(ch.pos_ == "PROPN" for ch in trigger.children if ch.dep_ in ("compound", "amod", "nmod"))
        ):
            return None  # the same named forum: "both attended the Asia-Pacific Economic Cooperation summit"
        if self._topic_of_contact(trigger):
            return None  # "exchanged views on conditions for a summit": what a contact was about
        if self._bare_topic(trigger):
            return None  # "Japan sounds out North Korea on contact": what an inquiry is about, no contact yet
        if self._restates_contact(trigger):
            return None  # "left for a summit with Kim, the first meeting of the two leaders": the summit's words
        chain = ancestors_to_clause(trigger)
        sides, places = self._sides(trigger, chain)
        before = {s.code for s in sides}
        sides = [s for s in sides if not self._non_official(s)]
        sides = [s for s in sides if not _facilitates(s.token, trigger)]
        if any(cue in low_sent for cue in self.c.private_visit_cues):
            sides = [s for s in sides if s.official is not None]
        if len(before) == 2 and len({s.code for s in sides}) < 2:
            self.unofficial_pairs.add((min(before), max(before)))
        # A side dropped as holding no office ("a South Korean civic group said its members met") is not made up
        # again by the story's other state.
        unofficial_side = bool(before - {s.code for s in sides})
        if _topic_of_speech(trigger, self.c.reporting_verbs):
            # "spoke to a podcast presenter about the border talks with Russia": the speaker only talks about
            # the contact; its parties are those its own phrase names.
            inside = {t.i for t in trigger.subtree}
            sides = [s for s in sides if s.token.i in inside]
        if self._joint_meeting_with_others(trigger, sides):
            return None  # "Dutch and Belgian officials met with shipping executives": together, with someone else
        named = self._between_parties(trigger)
        if named is not None:
            if None in named:
                return None  # "under negotiation between Norway and the EU": a party that is no state
            sides = [s for s in sides if s.code in named]
        codes: list[str] = []
        for s in sides:
            if s.code not in codes:
                codes.append(s.code)
        anaphoric = False
        if len(codes) < 2 and self._pair_anaphora(trigger, chain):
            pair = self._anaphora_pair(trigger, previous)
            for code in pair or ():
                if code not in codes:
                    codes.append(code)
        if len(codes) == 1 and not anaphoric:
            host = self._host_of_partner(trigger, places, codes[0])
            if host is not None:
                codes.append(host)  # "Japanese Diet members met Kim Song Nam ... in Pyongyang": a host official
        if (
            len(codes) == 1
            and self.context_pair
            and codes[0] in self.context_pair
            and not unofficial_side
            and self._implicit_partner(trigger, chain)
        ):
            codes.append(next(c for c in self.context_pair if c != codes[0]))
        if len(codes) > 2:
            codes = self._split_multilateral(trigger, sides, codes)
        if self._statement_at_event(trigger, sides):
            return None  # "both spoke at a Security Council meeting", "clashed at a meeting of the IMO"
        if len(codes) != 2:
            if len(codes) <= 1 and (self._definite(trigger) or self._setting(trigger)) and previous:
                return self._anaphoric(trigger, codes, sides, places, previous)
            return None
        # Messages through a channel are not a meeting: "contact through the embassy", "discussing the matter
        # through their embassies in Beijing".
        if any(cue in low_sent for cue in self.c.one_way_cues) and (
            trigger.lower_ in ("contact", "contacts") or trigger.lower_.startswith(("discuss", "consult", "negotiat"))
        ):
            return None
        pair = (codes[0], codes[1]) if codes[0] < codes[1] else (codes[1], codes[0])
        return self._build(trigger, chain, pair, sides, places, anaphoric)

    def _joint_meeting_with_others(self, trigger: Token, sides: list[Side]) -> bool:
        """Both sides are the conjoined subject of a contact verb whose "with" partner is no official of any
        state ("Senior Dutch and Belgian officials met with private shipping executives"): the two met
        someone else together, not each other."""
        subjects = [ch for ch in trigger.children if ch.dep_ in ("nsubj", "nsubjpass")]
        partners = [
            o for p in trigger.children if p.dep_ == "prep" and p.lower_ == "with" for o in p.children
            if o.dep_ == "pobj"
        ]  # fmt: skip
        if trigger.pos_ != "VERB" or len(subjects) != 1 or not partners:
            return False
        in_subject = {t.i for t in subjects[0].subtree}
        if len({s.code for s in sides if s.token.i in in_subject}) < 2:
            return False
        partner_ids = [t.i for o in partners for t in o.subtree]
        states = [
            m for i in partner_ids if (m := self.a.mentions.get(i)) is not None and m.kind not in ("city", "capital")
        ]
        if states or any(i in self.a.persons for i in partner_ids):
            return False
        phrase = " " + " ".join(self.a.doc[i].lower_ for i in partner_ids) + " "
        return any(cue in phrase for cue in self.c.non_official_cues)

    def _between_parties(self, trigger: Token) -> list[str | None] | None:
        """The states a "between" phrase of the trigger names as its parties ("talks between India and
        Pakistan"), None for a party that is named and is no state ("between Norway and the EU"); None when the
        trigger has no such phrase of two named parties ("between the two sides" is left to the anaphora)."""
        for prep in trigger.children:
            if prep.dep_ != "prep" or prep.lower_ != "between":
                continue
            objects = [o for o in prep.children if o.dep_ == "pobj"]
            for o in list(objects):
                objects += [c for c in o.conjuncts if c.i > o.i]
            if len(objects) < 2:
                return None
            parties: list[str | None] = []
            for o in objects:
                own = {t.i for t in o.subtree} - {t.i for c in o.conjuncts if c.i > o.i for t in c.subtree}
                codes = {m.code for i in own if (m := self.a.mentions.get(i)) is not None and m.kind != "city"}
                person = self.a.persons.get(o.i)
                if person is not None and person.country:
                    codes.add(person.country)
                if len(codes) == 1:
                    parties.append(codes.pop())
                elif not codes and o.pos_ == "PROPN" and o.ent_type_ in ("ORG", "NORP", "GPE"):
                    parties.append(None)
                else:
                    return None
            # Two parties of one state: the phrase was not read right (a name taken for the other party's
            # state); no constraint.
            return parties if len(set(parties)) == len(parties) else None
        return None

    def _restates_contact(self, trigger: Token) -> bool:
        """Whether the trigger is an apposition inside another contact word's noun phrase: it names the same
        contact, whose own word and clause say what happened to it."""
        if trigger.head.is_punct and trigger.head.i < trigger.i:
            # The parser hung the apposition on its comma ("hold talks in Ulaanbaatar next week, their first
            # negotiations in a decade, sources said"): it restates a contact word before it in the sentence.
            return any(i in self.trigger_ids for i in range(trigger.sent.start, trigger.head.i))
        if trigger.dep_ != "appos":
            return False
        t = trigger.head
        for _ in range(8):
            if t.i in self.trigger_ids:
                return True
            if t.pos_ not in ("NOUN", "PROPN", "ADP") or t.head.i == t.i:
                return False
            t = t.head
        return False

    def _topic_of_contact(self, trigger: Token) -> bool:
        """Whether the trigger is inside the topic of another contact word of its sentence ("talks on a
        summit", "exchanged views on conditions for a summit", "talks on the sidelines of the summit")."""
        if trigger.lower_ in CALL_NOUNS and trigger.dep_ == "pobj" and trigger.head.lower_ in CALL_PREPS:
            return False  # "spoke over their hotline", "talked on the phone": the channel, not the topic
        t = trigger
        topic = False
        for _ in range(12):
            head = t.head
            if head.i == t.i:
                return False
            if t.dep_ == "pobj" and head.lower_ in TOPIC_OF_CONTACT_PREPS:
                topic = True
            if topic and head.i != trigger.i and head.i in self.trigger_ids:
                return True
            # "had a talk with Shoigu on issues including the agreements reached at the summits": the topic hangs
            # from the verb whose object is the contact word.
            if topic and any(ch.dep_ == "dobj" and ch.i in self.trigger_ids for ch in head.children):
                return True
            t = head
        return False

    def _host_of_partner(self, trigger: Token, places: list[tuple[Token, str]], side: str) -> str | None:
        """The state whose capital a contact is held in, when one side is named and the partner is a person or
        official of no named state ("Japanese Diet members met Kim Song Nam, who heads the party's
        International Department, in Pyongyang"): officials met in their own capital act for their state."""
        partners = [ch for ch in trigger.children if ch.dep_ == "dobj"]
        partners += [o for p in trigger.children if p.dep_ == "prep" and p.lower_ == "with" for o in p.children]
        partners = [p for p in partners if p.dep_ in ("dobj", "pobj")]
        if not partners:
            return None
        for partner in partners:
            person = self.a.persons.get(partner.i)
            unnamed = partner.lower_ in self.c.actor_nouns and not any(t.i in self.a.mentions for t in partner.subtree)
            if not ((person is not None and person.country is None) or unnamed):
                return None
        hosts = {
            m.code
            for tok, kind in places
            if kind == "city" and (m := self.a.mentions.get(tok.i)) is not None and m.kind == "capital"
        }
        hosts.discard(side)
        return hosts.pop() if len(hosts) == 1 else None

    def _bare_topic(self, trigger: Token) -> bool:
        """A bare contact noun as what a non-contact act is about ("sounds out North Korea on contact", "asked
        about talks"): the subject of an inquiry or a debate, not a contact. A definite one ("briefed reporters
        on the talks") points at a contact the story tells, and "agreed on a summit" plans one."""
        if trigger.pos_ != "NOUN" or trigger.dep_ != "pobj" or trigger.head.lower_ not in TOPIC_OF_CONTACT_PREPS:
            return False
        if trigger.head.lower_ == "over":
            return False  # "Xi scolds Trudeau over 'leaked' conversation": the cause of a reproach took place
        if any(ch.dep_ in ("det", "poss") and ch.lower_ not in ("a", "an") for ch in trigger.children):
            return False
        governor = trigger.head.head
        return not (
            governor.i in self.trigger_ids
            or governor.lower_ in AGREE_VERBS
            or governor.lower_ in self.c.light_verbs
            or governor.lower_ in self.c.trigger_verbs
        )

    def _pair_anaphora(self, trigger: Token, chain: list[Token]) -> bool:
        if any(ch.lower_ in ("their", "both") for ch in trigger.children if ch.dep_ in ("poss", "det", "predet")):
            return True
        # "informal talks between the diplomats": a definite plural of people, no state named, as the partners
        # of the contact refers to the two sides the story has named.
        for prep in trigger.children:
            if prep.dep_ == "prep" and prep.lower_ == "between":
                for obj in prep.children:
                    if (
                        obj.dep_ == "pobj"
                        and obj.tag_ == "NNS"
                        and obj.lower_ in self.c.actor_nouns
                        and any(d.lower_ == "the" for d in obj.children if d.dep_ == "det")
                        and not any(t.i in self.a.mentions for d in obj.lefts for t in d.subtree)
                    ):
                        return True
        head = chain[-1]
        low = trigger.sent.text.lower()
        for phrase in self.c.pair_anaphora:
            start = low.find(phrase)
            while start >= 0:
                after = low[start + len(phrase) : start + len(phrase) + 1]
                if after and (after.isalnum() or after == "-"):  # "the two-hour talks" is no "the two"
                    start = low.find(phrase, start + 1)
                    continue
                span = trigger.doc.char_span(
                    trigger.sent.start_char + start,
                    trigger.sent.start_char + start + len(phrase),
                    alignment_mode="expand",
                )
                if span is not None and (clause_head(span.root).i == head.i or span.root.i in {t.i for t in chain}):
                    return True
                start = low.find(phrase, start + 1)
        return False

    def _anaphora_pair(self, trigger: Token, previous: list[ContactMention]) -> tuple[str, str] | None:
        """The states "the two sides"/"their" refer to: the sentence's own two actors, else the last pair."""
        codes: list[str] = []
        levels: dict[str, str] = {}
        for tok in trigger.sent:
            m = self.a.mentions.get(tok.i)
            if m is None or m.kind == "city" or tok.i == trigger.i:
                continue
            chain = ancestors_to_clause(tok)
            role = self._role(tok, clause_head(tok), {t.i for t in chain[1:]})
            if role == "actor" and m.code not in codes:
                codes.append(m.code)
            if role == "actor":
                # "Kono's meeting with the North Korean foreign minister followed their chat": who "their" are.
                person = self.a.persons.get(tok.i)
                phrase = side_phrase(self._actor_phrase(tok))
                category = (person.category if person else None) or category_of(phrase)
                if category:
                    levels.setdefault(m.code, category)
        if len(codes) == 2:
            self.anaphora_levels = levels
            return (codes[0], codes[1])
        want = None
        low = trigger.sent.text.lower()
        if "two leaders" in low or "both leaders" in low:
            want = "leaders"
        elif "two foreign ministers" in low or "two ministers" in low:
            want = "foreign_ministers"
        # "The two sides discussed ...": the pair the article has told most contacts of, then the lede's pair,
        # then the latest ("U.S. and South Korean envoys met ... open to dialogue with Pyongyang. The two sides
        # discussed ..." is the envoys' meeting; "Trump arrived ahead of his summit with Kim ... Kim met
        # Singapore's prime minister ... Officials of the two sides held preparatory talks" is Trump's and Kim's).
        candidates = [
            (n, prev)
            for n, prev in enumerate(previous)
            if not prev.anaphoric and (want is None or prev.level_hint == want or want in prev.side_levels.values())
        ]
        # "Milei met Trump at the White House on Tuesday ... The two discussed a currency swap": the contact told
        # in the sentence just before, when it took place.
        before = self.sent_index.get(trigger.sent.start, 0) - 1
        adjacent = [
            prev
            for _, prev in candidates
            if prev.sent_index == before and prev.status in ("held", "ongoing") and not prev.background_cue
        ]
        if adjacent and want is None and _PEOPLE_ANAPHOR_RE.search(trigger.sent.text):
            return adjacent[-1].countries
        if candidates:
            counts: dict[tuple[str, str], int] = {}
            for _, prev in candidates:
                counts[prev.countries] = counts.get(prev.countries, 0) + 1
            first = candidates[0][1].countries
            best = max(candidates, key=lambda c: (counts[c[1].countries], c[1].countries == first, c[0]))
            return best[1].countries
        recent = self._recent_subject_pair(trigger)
        if recent is not None:
            return recent  # "Motegi and Rubio agreed on Wednesday ... The two met for about an hour"
        if self.context_pair is not None and tuple(sorted(self.context_pair)) in self.unofficial_pairs:
            return None
        return self.context_pair

    def _recent_subject_pair(self, trigger: Token) -> tuple[str, str] | None:
        """The states of two people of different states who are together the subject of a clause in the two
        sentences before: who "the two" are when no contact of theirs has been told yet."""
        sents = [s for s in trigger.doc.sents if s.end <= trigger.sent.start][-2:]
        for sent in reversed(sents):
            for tok in sent:
                if tok.dep_ not in ("nsubj", "nsubjpass"):
                    continue
                group = [tok, *(c for c in tok.conjuncts)]
                codes = []
                for member in group:
                    person = self.a.persons.get(member.i)
                    if person is not None and person.country and person.country not in codes:
                        codes.append(person.country)
                if len(codes) == 2:
                    return (codes[0], codes[1])
        return None

    def _implicit_partner(self, trigger: Token, chain: list[Token]) -> bool:
        # "The government held talks with North Korea": one side is an unnamed actor of the article's country.
        for tok in chain:
            for ch in tok.children:
                if (
                    ch.dep_ in ("nsubj", "nsubjpass")
                    and (ch.lower_ in IMPLICIT_SUBJECTS or ch.lower_ in self.c.actor_nouns)
                    and not any(self.a.mentions.get(t.i) for t in ch.subtree)
                    # "its members met": members of whatever "its" stands for (a civic group, a club)
                    and not (ch.lower_ == "members" and any(g.dep_ == "poss" for g in ch.children))
                ):
                    return True
                person = self.a.persons.get(ch.i) if ch.dep_ in ("nsubj", "nsubjpass") else None
                if person is not None and person.country is None and person.category is not None:
                    # "Defence Minister Andrei Belousov held talks with ...": an office holder of no named state
                    # acts for the story's other state.
                    return True
        return False

    def _split_multilateral(self, trigger: Token, sides: list[Side], codes: list[str]) -> list[str]:
        # The trigger's own arguments first: "his meeting with Kim" is Moon's meeting, whoever else is named.
        own = []
        for side in sides:
            t = side.token
            if (t.head.i == trigger.i and t.dep_ in ("poss", "compound", "amod", "nmod")) or (
                t.dep_ == "pobj" and t.head.lower_ in ("with", "between") and t.head.head.i == trigger.i
            ):
                own.append(side.code)
        if len(set(own)) == 2:
            return list(dict.fromkeys(own))
        # "Kishida met Xi in Beijing" with a third state elsewhere in the clause: subject side + "with" side.
        subj = {s.code for s in sides if s.token.dep_ in ("nsubj", "nsubjpass") or s.token.head.dep_ in ("nsubj",)}
        partner = {s.code for s in sides if s.token.dep_ == "pobj" and s.token.head.lower_ in ("with", "between")}
        if len(subj) == 1 and len(partner) == 1 and subj != partner:
            return [*subj, *partner]
        return codes

    def _statement_at_event(self, trigger: Token, sides: list[Side]) -> bool:
        """The trigger is only where people made statements ("spoke at a meeting", "said at the conference"),
        and both sides come from the speakers, none from the meeting's own words: each addressed an event; they
        did not talk to each other. ("Motegi said at the talks with Choe ..." names a contact of its own.)"""
        if not self._setting(trigger):
            return False
        act = trigger.head.head
        if any(ch.dep_ == "prep" and ch.lower_ in ("with", "to") for ch in act.children):
            return False  # "spoke with Choe at the meeting"
        if any(ch.dep_ == "poss" and ch.lower_ in PAIR_POSSESSIVES for ch in trigger.children):
            return False  # "during their meeting": the pair's own meeting, not an event each addressed
        addressed = {t.i for ch in act.children if ch.dep_ in ("dobj", "iobj", "dative") for t in ch.subtree}
        if any(s.token.i in addressed for s in sides):
            return False  # "told Choe during the meeting": one side spoke to the other
        inside = {t.i for t in trigger.subtree}
        if len({s.code for s in sides}) < 2 or any(s.token.i in inside for s in sides):
            return False
        return act.lower_ in SPEAK_VERBS or act.lower_ in self.c.reporting_verbs or self._named_body_event(trigger)

    def _named_body_event(self, trigger: Token) -> bool:
        """A meeting of a named body ("a meeting of the International Maritime Organization", "a Security Council
        meeting"): a multilateral
        event, whatever two of its members did there (a body named after states is theirs: "a meeting of the
        Japan-North Korea joint commission"; a place beside the name, "in London", does not count)."""
        named = [
            g
            for ch in trigger.children
            if ch.dep_ == "prep" and ch.lower_ == "of"
            for g in ch.children
            if g.dep_ == "pobj" and g.pos_ == "PROPN"
        ]
        # "a Security Council meeting": a body's name before the word; a building's is the venue ("a White House
        # summit").
        named += [
            ch
            for ch in trigger.children
            if ch.dep_ == "compound" and ch.pos_ == "PROPN" and ch.lower_ not in self.c.venue_heads
        ]
        states = [
            m
            for n in named
            for t in n.subtree
            if (m := self.a.mentions.get(t.i)) is not None and m.kind not in ("city", "capital")
        ]
        return bool(named) and not states and not any(t.lower_ == "cross" for n in named for t in n.subtree)

    def _setting(self, trigger: Token) -> bool:
        # "After an all-day plenary session at the Japanese Embassy, the source said": a contact as setting.
        return trigger.dep_ == "pobj" and trigger.head.lower_ in SETTING_PREPS

    def _definite(self, trigger: Token) -> bool:
        if trigger.pos_ not in ("NOUN", "PROPN"):
            return False
        return any(ch.lower_ in DEFINITE_DETERMINERS for ch in children(trigger, "det", "poss"))


def _topic_of_speech(trigger: Token, reporting_verbs: frozenset[str]) -> bool:
    """Whether the trigger is what someone speaks or reports about ("spoke ... about the border talks with X")."""
    prep = trigger.head
    if trigger.dep_ != "pobj" or prep.lower_ not in TOPIC_OF_CONTACT_PREPS:
        return False
    governor = prep.head
    # The parser often hangs "about" on the hearer: "spoke to a podcast presenter about the talks".
    if governor.dep_ == "pobj" and governor.head.dep_ == "prep":
        governor = governor.head.head
    return governor.lower_ in SPEAK_VERBS or governor.lower_ in reporting_verbs


def _across_rubric(tok: Token, trigger: Token, text: str) -> bool:
    """Whether `tok` is in a headline's rubric and the trigger after it: the words before a headline's colon
    that have no verb label the story ("Poland live updates: A and B hold talks", "Region latest:
    ..."); a state named there acts in nothing the headline goes on to say."""
    if tok.i >= trigger.i or text.find("\n", 0, trigger.idx) >= 0:
        return False  # only inside the first line, the headline
    doc = tok.doc
    colon = next((t for t in doc[tok.i : trigger.i] if t.text == ":"), None)
    if colon is None:
        return False
    # The tagger reads rubric words as verbs ("Poland live updates"): a rubric word before the colon decides.
    return (colon.i > 0 and doc[colon.i - 1].lower_ in RUBRIC_WORDS) or not any(
        t.pos_ in ("VERB", "AUX") for t in doc[: colon.i]
    )


# How far below the headline (in sentences, byline and date lines included) the lede's tellings of the contact count.
HEADLINE_LEDE_SENTENCES = 6


def _headline_takes_lede_tense(mentions: list[ContactMention], text: str) -> None:
    """A headline's bare noun phrase has no tense of its own ("Japan tight-lipped on report of meeting with North
    Korea in Mongolia"): the lede's tensed tellings of the same pair say whether the contact is to come ("... will
    meet in Mongolia next month"). Only a lede that tells nothing but a coming contact changes the headline's
    reading ("Japan, N.Korea in talks" above "were due to resume talks on Friday ... held talks on Thursday" is a
    contact under way)."""
    end = text.find("\n")
    if end <= 0:
        return
    for n, m in enumerate(mentions):
        if m.why != "noun phrase" or m.status != "held" or m.sent_end > end:
            continue
        lede = [
            o for o in mentions
            if o.sent_start > end and o.countries == m.countries and not o.anaphoric and o.why != "noun phrase"
            and o.sent_index <= m.sent_index + HEADLINE_LEDE_SENTENCES
        ]  # fmt: skip
        if lede and all(o.status in ("scheduled", "proposed") for o in lede):
            mentions[n] = dataclasses.replace(m, status=lede[0].status, why="headline noun phrase: lede tense")


def _facilitates(tok: Token, trigger: Token) -> bool:
    """Whether the state at `tok` is the agent of a passive that says who hosted, arranged or mediated the
    contact itself ("The talks ... were hosted by the Swedish Foreign Ministry", "talks mediated by China"):
    a third party that made the contact possible, not one of its sides."""
    t = tok
    for _ in range(6):
        if t.dep_ == "pobj" and t.head.lower_ == "by" and t.head.dep_ == "agent":
            verb = t.head.head
            if verb.lower_ not in FACILITATE:
                return False
            # "The talks were hosted by X" (the contact as passive subject) or "talks hosted by X" (a participle
            # modifying the contact word).
            return (verb.dep_ == "acl" and verb.head.i == trigger.i) or any(
                ch.i == trigger.i and ch.dep_ == "nsubjpass" for ch in verb.children
            )
        if t.head.i == t.i or t.dep_ not in ("compound", "amod", "poss", "nmod", "pobj", "prep", "appos"):
            return False
        t = t.head
    return False
