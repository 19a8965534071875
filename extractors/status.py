"""Status and background cues of one trigger, read off its clause.

Status comes from what governs the trigger: a cancelling verb ("called off the talks"), a refusal ("rejected
talks"), a negation, scheduling words ("agreed to hold", "will meet", "scheduled"), intent and modality
("hopes to meet", "may talk", "ready to"), and otherwise tense (past = held, progressive = ongoing). A trigger
that is only the setting of another act ("agreed at weekend talks") took place if that act did.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Literal

from extractors import contact_words as w
from extractors.cues import cues
from extractors.events import Status
from extractors.syntax import CLAUSE_DEPS, ancestors_to_clause, children, first_line_end

if TYPE_CHECKING:
    from spacy.tokens import Token


_PAST_TAGS = frozenset({"VBD", "VBN"})


@dataclass(frozen=True, slots=True)
class StatusReading:
    status: Status | None  # None: not a contact at all (negated "have not held talks")
    background_cue: bool
    why: str
    # The only cue is a relative-time word ("agreed ... after officials held talks on Saturday"): a recall
    # when the contact is old, the news itself when it happened days before publication (see assemble.py).
    background_relative: bool = False
    # Told in the present ("X meets Y", "are meeting in Canberra", "set a warm tone in their talks"): news
    # of the day the report was published (see assemble.py).
    present: bool = False


def _governing_words(trigger: Token) -> tuple[list[Token], bool]:
    """Tokens on the path from the trigger to its clause head, and whether the trigger is a mere setting."""
    path = ancestors_to_clause(trigger)
    prep = trigger.head
    act = prep.head
    # "bridge their differences at talks": the parser often hangs "at"/"during" on the act's object; the
    # setting is still the act's ("in" is left alone: "interest in talks" is no setting).
    if act.pos_ == "NOUN" and act.dep_ == "dobj" and prep.lower_ != "in":
        act = act.head
    setting = (
        trigger.dep_ == "pobj"
        and prep.lower_ in w.SETTING_ACT_PREPOSITIONS
        and act.pos_ in ("VERB", "AUX")
        # "to raise it during his meeting": the act itself is only planned, unless what governs the infinitive
        # reports an attempt ("failed to overcome their differences at talks"): its setting took place.
        and (act.tag_ != "VB" or _attempted(act))
    )
    return path, setting


def _attempted(act: Token) -> bool:
    """Whether an infinitive is governed by a verb that reports an attempt made rather than a plan, a wish or a
    refusal ("failed to", "have failed to", headline "fail to"; not "planned to", "hoped to", "refused to"):
    past, perfect or the present that headlines report in."""
    governor = act.head
    if act.dep_ != "xcomp" or governor.i == act.i:
        return False
    perfect = governor.tag_ == "VBN" and bool(_modifier_words(governor) & w.PERFECT_AUXILIARIES)
    line_end = first_line_end(governor.doc)
    headline_present = governor.tag_ in ("VBZ", "VBP") and line_end is not None and governor.idx < line_end
    if governor.tag_ != "VBD" and not perfect and not headline_present:
        return False
    c = cues()
    planned = c.schedule_words | c.propose_words | c.refuse_words | c.speculation_verbs
    if governor.lower_ in planned:
        return False
    return not _modifier_words(governor) & (w.FUTURE_AUXILIARIES | w.MODAL_AUXILIARIES | w.NEGATION_WORDS)


def _modifier_words(tok: Token) -> set[str]:
    return {
        c.lower_ for c in tok.children if c.dep_ in ("aux", "auxpass", "neg", "advmod", "amod", "prt", "det", "acomp")
    }


def _verb_of(path: list[Token]) -> Token | None:
    for tok in path:
        if tok.pos_ in ("VERB", "AUX"):
            return tok
    return None


def visit_of_purpose(trigger: Token) -> Token | None:
    """The visit a contact word is the purpose of ("visited Pyongyang for talks", "visited Israel to discuss
    the war", "will visit Seoul to hold talks"), or None."""
    t = trigger
    if t.dep_ == "dobj" and t.head.lower_ in cues().light_verbs:
        t = t.head  # "to hold talks": the light verb carries the purpose
    if t.dep_ == "pobj" and t.head.lower_ == "for":
        visit = t.head.head
    elif t.dep_ in ("advcl", "xcomp") and any(ch.dep_ == "aux" and ch.lower_ == "to" for ch in t.children):
        visit = t.head
    else:
        return None
    return visit if visit.lower_ in w.VISIT_VERBS and visit.pos_ in ("VERB", "AUX") and visit.i != t.i else None


def read_status(trigger: Token, future_date: bool = False) -> StatusReading:
    """Status of the contact a trigger token denotes, plus whether its clause marks it as recalled."""
    visit = visit_of_purpose(trigger)
    if visit is not None:
        # The purpose of a visit took place when the visit did: "visited Pyongyang to discuss" (held), "will
        # visit Seoul to hold talks" (scheduled).
        return read_status(visit, future_date)
    path, setting = _governing_words(trigger)
    trig_mods = {
        ch.lower_
        for ch in trigger.children
        if ch.dep_ in ("amod", "compound", "det", "nummod", "advmod") and not _comparison(ch)
    }
    kind = _background_kind(trigger, path, trig_mods)
    reading = _read_status(trigger, future_date, path, setting, trig_mods, background=kind is not None)
    if reading.status in ("held", "ongoing") and _told_in_present(trigger, path, setting):
        reading = replace(reading, present=True)
    return replace(reading, background_relative=True) if kind == "relative" else reading


def _told_in_present(trigger: Token, path: list[Token], setting: bool) -> bool:
    """Whether the predicate that reports the contact is in the present: a simple present ("meets", "discuss"),
    a present progressive ("are meeting"), or a headline's bare "-ing" ("President hosting premier"); for a
    contact that is the setting of an act, that act's tense."""
    verb = trigger.head.head if setting else _verb_of(path)
    if verb is None:
        return False
    if any(ch.dep_ == "prep" and ch.lower_ in w.SPAN_END_PREPOSITIONS for t in (verb, trigger) for ch in t.children):
        return False  # "are holding talks through Saturday": running for days, begun before the report
    mods = _modifier_words(verb)
    if _finite_bare(verb, mods) or _headline_bare(verb, mods):
        return True
    if verb.tag_ in ("VBZ", "VBP"):
        return not mods & (w.PERFECT_AUXILIARIES | w.PAST_BE)
    if verb.tag_ == "VBG":
        auxes = {ch.lower_ for ch in verb.children if ch.dep_ in ("aux", "auxpass")}
        return bool(auxes & w.PRESENT_BE) or (not auxes and verb.dep_ == "ROOT")
    return False


def _read_status(
    trigger: Token, future_date: bool, path: list[Token], setting: bool, trig_mods: set[str], *, background: bool
) -> StatusReading:
    c = cues()
    # "wants to meet Kim again following their summit": what governs the recalled summit stops at "following".
    for n, tok in enumerate(path[1:], start=1):
        if tok.lower_ in c.background_governors and path[n - 1].dep_ not in ("nsubj", "nsubjpass"):
            path = path[:n]
            setting = False
            break
    words_on_path = [t.lower_ for t in path]
    mods_by_tok = [(t, _modifier_words(t)) for t in path]
    all_mods = set().union(*(m for _, m in mods_by_tok)) if mods_by_tok else set()

    # 0. Stalled: "talks have stalled since 2016", "talks remain stalled", headline "Japan-North Korea talks
    # stalled for a decade" report that no contact happens; "the talks stalled on Tuesday" took place.
    if _stalled(trigger):
        return StatusReading(None, background, "stalled")
    # "Japan and Russia have been discussing the treaty for some time": a long-running exchange, no one contact;
    # so is "Since then, the two have held only sporadic talks" (a perfect over a span, not "the first since").
    if _long_running(trigger) or _history_since(path):
        return StatusReading(None, background, "long-running")
    # "Araghchi and Lavrov speak regularly": a habit, not a contact.
    if any(ch.dep_ == "advmod" and ch.lower_ in w.FREQUENCY_ADVERBS for t in path for ch in t.children):
        return StatusReading(None, background, "habitual")

    # 1. Cancelled: "called off", "postponed the talks", "talks were suspended".
    for n, (tok, mods) in enumerate(mods_by_tok):
        word = tok.lower_
        # "The talks broke off early": talks that ended took place (the labelling rule counts talks that
        # broke down); only "X broke off (the) talks" ends them before they happen.
        if word in w.BREAK_VERBS and n > 0 and path[n - 1].dep_ in ("nsubj", "nsubjpass"):
            continue
        if word in c.cancel_words:
            needed = c.cancel_particles.get(word)
            if needed is None or (mods & needed) or (word == "off" and tok.head.lower_ in needed):
                if word in w.BREAK_OFF_VERBS and "off" not in mods:
                    continue
                return StatusReading("cancelled", background, f"cancel:{word}")
        if "off" in mods and word in c.cancel_particles.get("off", frozenset()):
            return StatusReading("cancelled", background, f"cancel:{word} off")
        # "has been put back at Pyongyang's request", "pushed back to May" (not "put back on track").
        if (
            "back" in mods
            and word in c.cancel_particles.get("back", frozenset())
            and not any(ch.dep_ == "prep" and ch.lower_ == "on" for ch in tok.children)
        ):
            return StatusReading("cancelled", background, f"cancel:{word} back")
    for word in trig_mods:
        if word in w.CANCELLED_PARTICIPLES:
            return StatusReading("cancelled", background, f"cancel:{word}")

    # 2. Refused: "rejected the offer of talks", "refuses to meet", "ruled out a meeting", "had no interest in
    # meeting".
    for word in words_on_path[1:]:
        if word in c.refuse_words:
            return StatusReading("refused", background, f"refuse:{word}")
    for tok, mods in mods_by_tok[1:]:
        if tok.lower_ in w.RULE_OUT_VERBS and "out" in mods:
            if mods & w.NEGATION_WORDS:  # "a meeting cannot be ruled out": still possible
                return StatusReading("proposed", background, "not ruled out")
            return StatusReading("refused", background, "refuse:ruled out")
        if tok.pos_ == "NOUN" and "no" in mods and tok.lower_ in c.refuse_nouns:
            return StatusReading("refused", background, f"refuse:no {tok.lower_}")

    # 3. Negation: "will not hold talks" is a refusal; "have not held talks since 2008" is no contact; nor is a
    # contact under a privative preposition ("attended the forum without a meeting", "without holding talks").
    negated = (
        bool(all_mods & w.NEGATION_WORDS)
        or bool(trig_mods & {"no"})
        or any(t.lower_ in w.PRIVATIVE_PREPOSITIONS and t.pos_ in ("ADP", "SCONJ") for t in path[1:])
    )
    if negated:
        if all_mods & w.FUTURE_AUXILIARIES or any(word in w.AGREE_VERBS for word in words_on_path):
            return StatusReading("refused", background, "negated future")
        return StatusReading(None, background, "negated")

    verb = _verb_of(path)
    verb_mods = _modifier_words(verb) if verb is not None else set()

    # 3a. A traveller "was met at the airport by" someone on arriving: a welcome, not the contact the trip is for.
    if _arrival_welcome(trigger):
        return StatusReading(None, background, "welcome on arrival")

    # 3b. The purpose of a trip or what an act precedes has not happened yet: "arrived in Seoul on Sunday for
    # talks with Yoon", "left for Pyongyang to hold talks", "said ahead of the summit", "preparations for talks".
    frame = _future_frame(trigger, verb)
    if frame is not None:
        return StatusReading("scheduled", background, frame)

    # 3c. A contact someone argues for is not one that took place: "supported dialogue between Japan and North
    # Korea", "welcomes talks with Seoul" (a bare or indefinite contact noun; "welcomed the talks" may be held).
    if _advocated(trigger):
        return StatusReading("proposed", background, f"advocated:{trigger.head.lower_}")

    # 4. A trigger that is the setting of another act took place when that act did ("agreed at talks").
    if setting and verb is not None:
        if verb_mods & w.FUTURE_AUXILIARIES or future_date:
            return StatusReading("scheduled", background, "setting, future")
        if verb_mods & w.MODAL_AUXILIARIES:
            return StatusReading("proposed", background, "setting, modal")
        return StatusReading("held", background, "setting")

    # 5. Scheduled / proposed from governing words and modality, nearest first.
    for tok, mods in mods_by_tok:
        word = tok.lower_
        lexical = {word} if tok.i != trigger.i else set()
        if tok.i == trigger.i:
            lexical |= trig_mods
        hits_sched = (lexical | mods) & c.schedule_words
        hits_prop = (lexical | mods) & c.propose_words
        if word in ("to",) and tok.dep_ == "aux":
            continue
        if hits_sched and not (hits_sched <= {"set"} and tok.tag_ not in ("VBN",)):
            if hits_prop & w.TENTATIVE_WORDS:
                return StatusReading("proposed", background, f"modal:{sorted(hits_prop)}")
            if (
                hits_sched & w.NEAR_FUTURE_MODIFIERS
                and tok.i == trigger.i
                and not future_date
                # "Trump talks next in Tokyo": the adverb places the contact itself ahead ("meet ahead of the
                # summit" only places it before something else).
                and not any(
                    ch.dep_ == "advmod" and ch.lower_ in hits_sched and not any(g.lower_ == "of" for g in ch.children)
                    for ch in trigger.children
                )
            ):
                continue
            return StatusReading("scheduled", background, f"schedule:{sorted(hits_sched)}")
        if hits_prop:
            if hits_prop <= w.WEAK_PROPOSE_WORDS and tok.i == trigger.i:
                continue
            return StatusReading("proposed", background, f"propose:{sorted(hits_prop)}")

    # 6. A purpose or condition clause ("so that the summit takes place", "if talks are held") is not a report,
    # nor what someone believes or suspects ("analysts believe officials have met", "speculation that they met").
    clause = path[-1]
    if clause.dep_ in ("ccomp", "acl") and clause.head.lower_ in c.speculation_verbs:
        return StatusReading("proposed", background, f"speculation:{clause.head.lower_}")
    # ... nor what someone proposes in a that-clause's bare verb ("proposed that the two Koreas hold talks").
    if (
        clause.dep_ == "ccomp"
        and clause.tag_ in ("VB", "VBP")
        and clause.head.lower_ in c.propose_words
        and not any(ch.dep_ in ("aux", "auxpass") for ch in clause.children)
    ):
        return StatusReading("proposed", background, f"mandative:{clause.head.lower_}")
    marks = {ch.lower_ for ch in clause.children if ch.dep_ in ("mark", "advmod")}
    if marks & w.CONDITION_MARKS or {"so", "that"} <= marks or "order" in marks:
        return StatusReading("proposed", background, f"condition/purpose:{sorted(marks)}")

    # 6a. A present tense in a time clause of a coming act is future: "will strengthen Tokyo's hand when the
    # prime minister sits down for talks on Monday", "to present ... when she meets the leaders on Friday".
    if _time_clause_of_future(clause):
        return StatusReading("scheduled", background, "time clause of a future act")

    # 7. Tense of the governing verb.
    if verb is None:
        # A bare noun phrase (headline "Japan-North Korea summit meeting"), unless its participle says it is
        # planned or off ("Red Cross talks slated for next week").
        planned = _plan_of_noun_phrase(trigger)
        if planned is not None:
            return StatusReading(planned, background, "noun phrase participle")
        return StatusReading("scheduled" if future_date else "held", background, "noun phrase")
    if future_date:
        return StatusReading("scheduled", background, "future date")
    if verb_mods & (c.ongoing_words | {"under"}) or words_on_path[-1] in w.ONGOING_PREDICATES:
        return StatusReading("ongoing", background, "ongoing")
    # A main verb with its own subject and no auxiliary is finite whatever the tagger says ("Leaders hold White
    # House talks", tagged as a bare verb): the present.
    if _finite_bare(verb, verb_mods):
        return StatusReading("held", background, "finite bare verb")
    if _headline_bare(verb, verb_mods):
        return StatusReading("held", background, "headline bare verb")
    # An infinitive or bare verb is not a report of something that happened: "to hold talks" (headline or
    # "are to hold") is announced; "necessary for Japan and North Korea to talk" is only wished for.
    if verb.tag_ == "VB" and verb.dep_ not in ("conj",):
        if "to" in verb_mods and (_is_be_to(verb) or (verb.dep_ in ("acl", "relcl") and verb.head.pos_ == "PROPN")):
            return StatusReading("scheduled", background, "be-to infinitive")
        governor = verb.head.lower_
        if governor in c.schedule_words:
            return StatusReading("scheduled", background, f"infinitive under {governor}")
        if governor in c.refuse_words:
            return StatusReading("refused", background, f"infinitive under {governor}")
        if verb_mods & w.DO_SUPPORT:
            return StatusReading("held", background, "do-support")
        return StatusReading("proposed", background, "infinitive")
    if verb.tag_ == "VBG" and verb_mods & w.PRESENT_BE and not verb_mods & w.PAST_BE:
        return StatusReading("ongoing", background, "progressive")
    if verb.tag_ in _PAST_TAGS and verb_mods & {"had"} and "been" not in verb_mods:
        # Reported speech backshifts the tense ("the lawmakers said they had held talks there"): what the
        # speaker reports is the news, not a recollection behind it.
        if _backshifted(path[-1]):
            return StatusReading("held", background, "reported past perfect")
        return StatusReading("held", True, "past perfect")
    return StatusReading("held", background, f"tense:{verb.tag_}")


def _advocated(trigger: Token) -> bool:
    """ "supported dialogue between Japan and North Korea", "backs talks": the object of a stance verb, with no
    definite determiner or possessive that would point at one contact."""
    if trigger.pos_ != "NOUN" or trigger.dep_ != "dobj" or trigger.head.lower_ not in w.ADVOCACY_VERBS:
        return False
    return not any(
        ch.dep_ == "poss" or (ch.dep_ == "det" and ch.lower_ in w.DEFINITE_DETERMINERS) for ch in trigger.children
    )


def _last_occasion(path: list[Token]) -> bool:
    """ "The two last met in 2019", "Kim last travelled to Russia in 2023, when he met Putin", "The last time the
    two governments met": the most recent of earlier occasions, told as a recollection."""
    verbs = [t for t in path if t.pos_ in ("VERB", "AUX")]
    clause = path[-1]
    if clause.dep_ in ("relcl", "advcl", "acl"):
        host = clause.head
        if host.lower_ == "time" and any(ch.lower_ == "last" and ch.dep_ == "amod" for ch in host.children):
            return True
        for _ in range(4):  # the verb a "when" clause hangs from: "travelled ... in 2023, when he met"
            if host.pos_ in ("VERB", "AUX"):
                verbs.append(host)
                break
            if host.head.i == host.i:
                break
            host = host.head
    if any(ch.lower_ == "last" and ch.dep_ == "advmod" and ch.i < v.i for v in verbs for ch in v.children):
        return True
    # "The last Duma delegation visited the DPRK in the spring", "the last round was held in Stockholm".
    return any(
        g.lower_ == "last" and g.dep_ == "amod"
        for v in verbs
        for ch in v.children
        if ch.dep_ in ("nsubj", "nsubjpass")
        for g in ch.children
    )


def _headline_bare(verb: Token, verb_mods: set[str]) -> bool:
    """A verb tagged bare (VB) in the headline that nothing makes an infinitive: no "to", auxiliary or modal,
    and no verb governing it ("Japan, North Korea discuss abductions", where the tagger reads the headline as
    one noun phrase and the verb as its modifier). Headlines report in the present."""
    return (
        verb.tag_ == "VB"
        and verb.head.pos_ not in ("VERB", "AUX")
        and verb.dep_ not in ("xcomp", "ccomp", "advcl", "conj")
        and not verb_mods & ({"to"} | w.FUTURE_AUXILIARIES | w.MODAL_AUXILIARIES | w.DO_SUPPORT)
        and not any(ch.dep_ in ("aux", "auxpass", "mark") for ch in verb.children)
        and _in_headline(verb)
    )


def _in_headline(tok: Token) -> bool:
    """Whether a token is on the first line; a one-line text is a headline alone."""
    end = first_line_end(tok.doc)
    return end is None or tok.idx < end


def _finite_bare(verb: Token, verb_mods: set[str]) -> bool:
    """A verb tagged bare (VB) that heads the sentence with a subject of its own and no auxiliary or "to"."""
    return (
        verb.tag_ == "VB"
        and verb.dep_ == "ROOT"
        and any(ch.dep_ in ("nsubj", "nsubjpass") for ch in verb.children)
        and not verb_mods & ({"to"} | w.FUTURE_AUXILIARIES | w.MODAL_AUXILIARIES | w.DO_SUPPORT)
        and not any(ch.dep_ in ("aux", "auxpass") for ch in verb.children)
    )


def _time_clause_of_future(clause: Token) -> bool:
    """A present-tense time clause ("when he meets ...") of a future or infinitive predicate."""
    if clause.dep_ != "advcl" or clause.tag_ not in ("VBZ", "VBP"):
        return False
    if not any(ch.dep_ in ("mark", "advmod") and ch.lower_ in w.TEMPORAL_MARKS for ch in clause.children):
        return False
    head = clause.head
    return bool(_modifier_words(head) & w.FUTURE_AUXILIARIES) or (head.tag_ == "VB" and head.dep_ != "ROOT")


def _backshifted(clause: Token) -> bool:
    """A clause that is what a past reporting verb says ("said they had met", "told reporters he had met")."""
    head = clause.head
    return (
        clause.dep_ == "ccomp"
        and head.lower_ in cues().reporting_verbs
        and head.tag_ in _PAST_TAGS
        and not _modifier_words(head) & {"had"}
    )


def _future_frame(trigger: Token, verb: Token | None) -> str | None:
    """ "trip purpose" / "preview" when the trigger is what a journey is for or what an act comes ahead of."""
    c = cues()
    tok = trigger
    purpose = False
    # Up through at most three preposition links: "for talks", "ahead of the summit", "in the run-up to talks";
    # a gerund object counts as a noun ("arrives in Beijing for meeting with ..."), and a "for" phrase the parser
    # hangs on a noun of the trip ("travelled on a government jet for talks") is still the trip's purpose.
    for _ in range(3):
        if tok.dep_ not in ("pobj", "pcomp"):
            break
        prep = tok.head
        governor = prep.head
        purpose = purpose or prep.lower_ == "for"
        if purpose and governor.lower_ in c.travel_verbs and _predicate(governor):
            return "trip purpose"
        if prep.lower_ in c.preview_words or governor.lower_ in c.preview_words:
            return "preview"
        tok = governor
    # "arrived in Beijing on Monday to discuss ...", "flew to Pyongyang to meet Kim".
    if (
        verb is not None
        and verb.tag_ == "VB"
        and verb.dep_ in ("advcl", "xcomp")
        and "to" in _modifier_words(verb)
        and verb.head.lower_ in c.travel_verbs
    ):
        return "trip purpose"
    return None


def _arrival_welcome(trigger: Token) -> bool:
    """A passive "was met by X" told of a traveller's arrival: conjoined with the travel verb ("arrived ... and
    was met at the station by"), said of one who arrived ("Choe, who arrived on Sunday, was met by"), or "on
    arrival"."""
    children = list(trigger.children)
    if not (any(ch.dep_ == "auxpass" for ch in children) and any(ch.dep_ == "agent" for ch in children)):
        return False
    travel = cues().travel_verbs
    if trigger.dep_ == "conj" and trigger.head.lower_ in travel:
        return True
    # "Witkoff's plane landed at Vnukovo airport ..., and he was met by Kirill Dmitriev": an arrival told first.
    if any(t.lower_ in travel and t.pos_ == "VERB" and t.i < trigger.i for t in trigger.sent):
        return True
    for ch in children:
        if ch.dep_ == "nsubjpass" and any(g.dep_ == "relcl" and g.lower_ in travel for g in ch.children):
            return True
        if ch.dep_ == "prep" and any(g.lower_ in w.ARRIVAL_NOUNS for g in ch.children):
            return True
        # "was met at Vnukovo airport by Russian officials": where travellers are met on arrival.
        if ch.dep_ == "prep" and ch.lower_ == "at" and any(g.lower_ in w.ARRIVAL_PLACE_NOUNS for g in ch.children):
            return True
    return False


def _predicate(tok: Token) -> bool:
    """A verb, or a word the parser makes a clause's predicate although the tagger read a noun ("the minister
    departs for Kaesong": "departs" tagged as a plural noun, with a subject of its own)."""
    if tok.pos_ in ("VERB", "AUX"):
        return True
    if not (tok.dep_ in CLAUSE_DEPS or tok.dep_ == "ROOT"):
        return False
    # "President Trump leaves for Beijing": the name read as the noun's compound, the verb as a plural noun.
    return any(
        ch.dep_ == "nsubj" or (ch.dep_ == "compound" and ch.pos_ == "PROPN" and ch.i < tok.i) for ch in tok.children
    )


def _long_running(trigger: Token) -> bool:
    """ "have been discussing it for some time", "have met dozens of times", "two decades of talking": a history,
    not one contact."""
    if (
        trigger.dep_ in ("pobj", "pcomp")
        and trigger.head.lower_ == "of"
        and trigger.head.head.lower_ in w.LONG_SPAN_UNITS
    ):
        return True
    mods = _modifier_words(trigger)
    if (
        trigger.pos_ == "VERB"
        and trigger.tag_ == "VBN"
        and mods & w.PERFECT_AUXILIARIES
        and any(t.lower_ == "times" and t.i > trigger.i for t in trigger.subtree)
    ):
        return True
    if trigger.pos_ != "VERB" or trigger.tag_ != "VBG":
        return False
    if not ("been" in mods and mods & w.PERFECT_AUXILIARIES):
        return False
    durations = cues().durations
    return any(
        ch.dep_ == "prep" and ch.lower_ == "for" and any(g.lower_ in durations for g in ch.children)
        for ch in trigger.children
    )


def _history_since(path: list[Token]) -> bool:
    """A present perfect spanning a time since something: "have held only sporadic talks since then"."""
    verb = _verb_of(path)
    if verb is None or verb.tag_ != "VBN" or not _modifier_words(verb) & w.PERFECT_AUXILIARIES:
        return False
    spans = [ch for ch in verb.children if ch.lower_ == "since" and ch.dep_ in ("prep", "advmod", "mark")]
    # "have held talks since Monday": the days of one round of talks, not a history.
    recent = any(t.lower_ in w.WEEKDAYS or t.lower_ in ("yesterday", "week") for s in spans for t in s.subtree)
    return bool(spans) and not recent and not any(t.lower_ == "first" for t in verb.subtree)


def _plan_of_noun_phrase(trigger: Token) -> Status | None:
    """A bare noun phrase's own participle: "talks slated for next week", "summit postponed"."""
    c = cues()
    for ch in trigger.children:
        if ch.dep_ != "acl" or ch.tag_ != "VBN":
            continue
        if ch.lower_ in c.cancel_words or ch.lower_ in w.CANCELLED_PARTICIPLES:
            return "cancelled"
        if ch.lower_ in c.schedule_words:
            return "scheduled"
    return None


def _stalled(trigger: Token) -> bool:
    stall = cues().stall_words
    if any(ch.dep_ == "acl" and ch.lower_ in stall for ch in trigger.children):
        return True
    if trigger.dep_ not in ("nsubj", "nsubjpass"):
        return False
    verb = trigger.head
    if any(ch.dep_ in ("acomp", "oprd", "xcomp") and ch.lower_ in stall for ch in verb.children):
        return True  # "talks remain stalled"
    if verb.lower_ not in stall:
        return False
    # Perfect or a span of time: a state ("have stalled since 2016", "stalled for years"), not one session.
    return bool(_modifier_words(verb) & w.STATE_AUXILIARIES) or any(
        ch.dep_ == "prep" and ch.lower_ in w.SPAN_PREPOSITIONS for ch in verb.children
    )


def _is_be_to(verb: Token) -> bool:
    # "Japan, North Korea to hold talks" (headline, no finite verb) or "the two are to meet".
    head = verb.head
    if verb.dep_ == "ROOT" or head.i == verb.i:
        return True
    return verb.dep_ == "xcomp" and head.lower_ in w.COPULAS


def _tally(trigger: Token) -> bool:
    """ "The two men met twice more", "they met three times last year": contacts counted, a history told in
    sum rather than one contact reported."""
    if trigger.pos_ == "NOUN" and trigger.tag_ == "NNS":
        # "the site of several Japan-North Korea contacts in the 2010s": contacts counted, not one reported.
        return any(ch.dep_ == "amod" and ch.lower_ in w.TALLY_QUANTIFIERS for ch in trigger.children)
    if trigger.pos_ != "VERB":
        return False
    for ch in trigger.children:
        if ch.dep_ not in ("advmod", "npadvmod"):
            continue
        words = {t.lower_ for t in ch.subtree}
        if ch.lower_ == "times" and not any(g.dep_ in ("nummod", "amod") for g in ch.children):
            continue  # "at times"
        if words & w.TALLY_WORDS:
            return True
    return False


def _measured(tok: Token, word: str, units: set[str] | frozenset[str]) -> bool:
    """Whether `tok` has `word` ("later", "earlier") as an adverb measured in one of `units` ("months later")."""
    return any(
        ch.dep_ == "advmod"
        and ch.lower_ == word
        and any(g.lower_ in units for g in ch.children if g.dep_ in ("npadvmod", "nmod"))
        for ch in tok.children
    )


def _comparison(tok: Token) -> bool:
    """ "a day earlier than planned", "later than expected": a time word compared with a plan or an
    expectation dates the contact against it; it is no relative-time cue and recalls nothing."""
    return any(
        ch.dep_ in ("advcl", "prep", "mark") and (ch.lower_ == "than" or any(g.lower_ == "than" for g in ch.children))
        for ch in tok.children
    )


def _narrated_later(path: list[Token]) -> bool:
    """ "Nuclear talks collapsed months later", "a year later they met again": a clause dated only by its
    distance from an earlier event tells a history, not the news."""
    return any(_measured(tok, "later", w.NARRATIVE_LATER_UNITS) for tok in path)


def _days_earlier(trigger: Token) -> bool:
    """ "A day earlier", "two days earlier", "hours earlier": "earlier" measured in days or hours."""
    return _measured(trigger, "earlier", w.DAYS_EARLIER_UNITS)


def _background_kind(trigger: Token, path: list[Token], trig_mods: set[str]) -> Literal["recall", "relative"] | None:
    """Whether the trigger's clause marks the contact as recalled: "relative" when the only cue is a
    relative-time word (assemble.py lets the contact's date decide), "recall" for any other cue."""
    c = cues()
    if trig_mods & c.background_modifiers == {"earlier"} and _days_earlier(trigger):
        return "relative"  # "A day earlier, the two sides met": dated from the story's event, not a history
    if trig_mods & c.background_modifiers:
        return "recall"
    if any(ch.lower_ == "those" for ch in children(trigger, "det")):
        return "recall"
    # Set at a recalled event: "informal talks on the sidelines of the previous Red Cross meeting".
    if any(
        tok.dep_ == "pobj"
        and tok.lower_ in c.trigger_nouns
        and any(m.lower_ in c.background_modifiers for m in tok.children if m.dep_ in ("amod", "det", "compound"))
        for tok in trigger.subtree
        if tok.i != trigger.i
    ):
        return "recall"
    # The trigger inside "since ...", "after ...", "followed ...", "the anniversary of ..." (not as subject:
    # "Kono's meeting followed their chat" recalls the chat, not the meeting).
    governors = {
        tok.lower_
        for child, tok in itertools.pairwise(path)
        if tok.lower_ in c.background_governors and child.dep_ not in ("nsubj", "nsubjpass", "csubj")
    }
    governors |= {ch.lower_ for ch in children(path[-1], "mark") if ch.lower_ in w.RELATIVE_MARKS}
    # "then Prime Minister Koizumi": the clause speaks of people in offices they no longer hold.
    then = any(
        t.lower_ == "then" and t.dep_ in ("advmod", "amod") and t.head.pos_ in ("NOUN", "PROPN") for t in trigger.sent
    )
    if _narrated_later(path) or _tally(trigger) or _last_occasion(path):
        return "recall"
    if governors:
        # Words that place a contact before or after another act ("agreed ... after officials held talks on
        # Saturday"): a recall when the contact is old, the news itself when it was days before publication.
        return "relative" if governors <= w.RELATIVE_GOVERNORS and not then else "recall"
    return "recall" if then else None
