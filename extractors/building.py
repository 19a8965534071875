"""Building a contact mention from a trigger and its two sides: status, date, place, venue, level, participants."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from typing import TYPE_CHECKING

from extractors.analysis import DocAnalysis
from extractors.contact_model import GOVERNMENT_LEVEL, ContactMention, PersonInfo, Side
from extractors.contact_words import (
    CALL_VERBS,
    CIVILIAN_HEADS,
    LED,
    LETTER_WORDS,
    LEVEL_ORDER,
    NOVELTY_RE,
    PARTNER_PREPS,
    PHONE_WORDS,
    PRINCIPAL,
    RECEIVE,
    SEQUENCE_PREPS,
    SIDELINE_NOUNS,
    SUMMIT_WORDS,
    VENUE_BUILDING_RE,
    VENUE_EVENT_RE,
    VENUE_SIDELINES_RE,
    VIDEO_WORDS,
    VISIT_CUE_RE,
    category_of,
    clean_place,
    has_cue,
)
from extractors.cues import Cues, cues
from extractors.dates import DateMention, Direction, closes_span, find_dates
from extractors.events import Mode, parse_partial_date
from extractors.gazetteer import gazetteer
from extractors.status import read_status
from extractors.syntax import ancestors_to_clause, clause_head, path_to, previews, under_preview

if TYPE_CHECKING:
    from spacy.tokens import Span, Token


# How far up the heads a date, venue or place is followed to the trigger's clause.
_WALK_DEPTH = 30
# Verbs that date a contact by its last day ("the talks ended yesterday", "wrapped up their talks").
_END_VERBS = frozenset({"end", "ends", "ended", "concluded", "concludes", "closed", "closes", "wrapped", "wraps",
                        "wound", "winds", "finished", "finishes"})  # fmt: skip
# A contact's stated length right before its word: "five-day talks", "two days of talks", "3-day meeting".
_LENGTH_RE = re.compile(
    r"\b(?P<n>[2-9]|two|three|four|five|six|seven|eight|nine)(?:[- ]day|\s+days\s+of)\b[\w\s-]{0,30}$", re.IGNORECASE
)
# Verbs that date a contact by its first day ("talks began on Monday", "opened three days of talks").
_START_VERBS = frozenset({"began", "begun", "begins", "started", "starts", "opened", "opens", "kicked", "kicks",
                          "launched", "launches"})  # fmt: skip
# "since Saturday": how recent a day must be to be the start of the contact being reported.
_RUNNING_DAYS = 7
# The headline and the lede's first sentences: where a story says, as its news, that two did not meet.
_NEWS_SENTENCES = 2
# A contact dated further back than this is a recalled one: its place is not the news contact's.
_RECALLED_DAYS = 7
_SINCE_RE = re.compile(r"\bsince\s*$", re.IGNORECASE)
# "later that month", "earlier that year", "the same month": a period named by the date told before it.
_THAT_PERIOD_RE = re.compile(r"\b(?:(?:later|earlier)\s+that|that\s+same|the\s+same)\s+(?P<unit>month|year)\b", re.I)
_LENGTH_WORDS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9}
# A called-off contact's date is the one it was planned for ("talks scheduled for Friday").
_PLANNED_FOR_RE = re.compile(r"\b(?:scheduled|planned|slated|due|set)\s+(?:to\s+\w+\s+)?(?:for|on)\b", re.IGNORECASE)


def _refines(date: str, known: str, span: int) -> bool:
    if date == known or (len(known) < len(date) and date.startswith(known)):
        return True
    if len(date) == len(known) == len("2025-03-05"):
        return abs((dt.date.fromisoformat(date) - dt.date.fromisoformat(known)).days) <= max(1, span - 1)
    return False


_NTH_DAY_RE = re.compile(
    r"\b(?P<n>second|third|fourth|fifth|2nd|3rd|4th|5th)\s+(?:and\s+final\s+)?day\s+of\b[\w\s-]{0,30}$", re.IGNORECASE
)
_NTH_WORDS = {"second": 2, "third": 3, "fourth": 4, "fifth": 5, "2nd": 2, "3rd": 3, "4th": 4, "5th": 5}


def _nth_day(text: str, sent_start: int, trigger_end: int) -> int | None:
    m = _NTH_DAY_RE.search(text, max(sent_start, trigger_end - 60), trigger_end)
    return _NTH_WORDS[m.group("n").lower()] if m else None


def _stated_length(text: str, sent_start: int, trigger_end: int) -> int | None:
    m = _LENGTH_RE.search(text, max(sent_start, trigger_end - 60), trigger_end)
    if m is None:
        return None
    n = m.group("n").lower()
    return int(n) if n.isdigit() else _LENGTH_WORDS[n]


def _principal_agent(tok: Token) -> bool:
    """Whether `tok` is (in) the agent of a participle that says who sent, ordered or appointed someone or
    something ("Japanese envoys, sent by Prime Minister Abe, discussed ...", "talks ordered by the prime
    minister"): the principal behind the contact, whose rank is not the level of those who took part."""
    t = tok
    for _ in range(6):
        if t.dep_ == "pobj" and t.head.lower_ == "by" and t.head.dep_ == "agent":
            return t.head.head.lower_ in PRINCIPAL
        if t.head.i == t.i or t.dep_ not in ("compound", "conj", "appos", "flat", "amod", "poss", "nmod"):
            return False
        t = t.head
    return False


def _days_before(d: DateMention, days: int) -> DateMention:
    first = dt.date.fromisoformat(str(d.date)) - dt.timedelta(days=days)
    return dataclasses.replace(d, date=first.isoformat())


class MentionBuilder:
    """The building part of `extractors.contacts.MentionFinder`."""

    a: DocAnalysis
    c: Cues
    trigger_ids: set[int]
    anaphora_levels: dict[str, str]
    sent_index: dict[int, int]
    negated_pairs: set[tuple[str, str]]
    sentence_dates: dict[tuple[int, str], list[DateMention]]

    def _build(  # noqa: PLR0917 - private, two call sites
        self,
        trigger: Token,
        chain: list[Token],
        pair: tuple[str, str],
        sides: list[Side],
        places: list[tuple[Token, str]],
        anaphoric: bool,
    ) -> ContactMention | None:
        a = self.a
        sent = trigger.sent
        dates = self._dates_for(trigger, chain)
        # Only a day after publication, or a month after its month, says the contact is yet to come.
        future = a.published is not None and any(
            d.date is not None and d.date > a.published.isoformat()[: len(d.date)] for d, _ in dates
        )
        reading = read_status(trigger, future_date=future)
        if reading.why == "noun phrase" and self._headline_infinitive(trigger):
            reading = dataclasses.replace(reading, status="scheduled", why="headline infinitive", present=False)
        if reading.status is None:
            if (
                reading.why == "negated"
                and not anaphoric
                and self.sent_index.get(trigger.sent.start, 0) <= _NEWS_SENTENCES
            ):
                self.negated_pairs.add(pair)  # the story's news: "... summit, but did not hold a bilateral meeting"
            return None
        direction: Direction = "future" if reading.status in ("scheduled", "proposed") else "past"
        if reading.status == "cancelled" and _PLANNED_FOR_RE.search(sent.text):
            direction = "future"  # "called off talks scheduled for Friday": the Friday to come
        date, span_days = self._pick_date(trigger, chain, direction)
        start, end = _trim(a.text, sent.start_char, sent.end_char)
        location, is_city = self._location(trigger, chain, places)
        level_hint = self._level_hint(trigger, chain)
        side_levels: dict[str, str] = dict(self.anaphora_levels)
        self.anaphora_levels = {}
        participants: list[tuple[PersonInfo, str]] = []
        seen: set[str] = set()
        out_of_office = False
        for s in sides:
            if s.code not in pair:
                continue
            if _principal_agent(s.token):
                continue  # "envoys sent by Prime Minister Abe": the side acts, but not at the sender's rank
            person = a.persons.get(s.token.i)
            head = s.token.head
            if (
                person is not None
                and s.token.dep_ in ("compound", "poss")
                and head.pos_ == "NOUN"
                and category_of(head.lower_) is not None
            ):
                # "a senior Modi adviser", "the premier's spokesman": the person only owns the rank that acts.
                person = None
            if person is not None and person.name not in seen:
                seen.add(person.name)
                participants.append((person, s.code))
                off = person.official
                if off is not None and a.year is not None and not _any_term(off.name, a.year):
                    out_of_office = True
            cat = (person.category if person else None) or category_of(s.phrase)
            if cat is not None:
                prev = side_levels.get(s.code)
                side_levels[s.code] = cat if prev is None else _more_specific(prev, cat)
        since = None
        for d in self._since_dates(trigger, chain):
            since = d
        low = sent.text.lower()
        reported = any(cue in low for cue in self.c.reported_cues)
        return ContactMention(
            countries=pair,
            status=reading.status,
            background_cue=reading.background_cue,
            background_relative=reading.background_relative,
            date=date.date if date else None,
            precision=date.precision if date else None,
            span_days=span_days if date else 1,
            explicit_year=date.explicit_year if date else False,
            location=location,
            location_is_city=is_city,
            venue=self._venue(trigger, chain),
            level_hint=level_hint,
            side_levels=side_levels,
            participants=participants,
            mode=_mode(trigger, sent),
            novelty=_novelty(sent.text) if reading.status in ("held", "ongoing") else None,
            sent_start=start,
            sent_end=end,
            sent_index=self.sent_index.get(sent.start, 0),
            anaphoric=anaphoric,
            reported=reported,
            out_of_office=out_of_office,
            since=since,
            why=reading.why,
            trigger_text=trigger.text,
            sentence_cities=self._sentence_cities(sent, trigger),
            visit_cue=bool(VISIT_CUE_RE.search(low)),
            present=reading.present,
        )

    def _headline_infinitive(self, trigger: Token) -> bool:
        """A title-case headline that announces what a named actor is to do ("Macron to Present a Plan
        During Summit With Scholz"): the tagger reads the verb as a name and leaves the contact a bare noun phrase;
        the headline's "to" straight after the actor says the contact is still to come."""
        doc = trigger.doc
        line_end = self.a.text.find("\n")
        line_end = len(self.a.text) if line_end < 0 else line_end  # a headline alone
        if trigger.idx >= line_end or trigger.head.lower_ in ("after", "following", "since"):
            return False  # "Spain to Expand Flights After Summit With ...": that summit took place
        for tok in doc:
            if tok.idx >= line_end or tok.i + 1 >= len(doc):
                break
            if tok.lower_ != "to" or tok.i == 0:
                continue
            actor, nxt = doc[tok.i - 1], doc[tok.i + 1]
            named = actor.i in self.a.persons or actor.i in self.a.mentions
            if (
                named
                and nxt.text[:1].isupper()
                and nxt.idx < trigger.idx
                and nxt.i not in self.a.mentions
                and nxt.i not in self.a.persons
                and nxt.i not in self.a.trigger_ids_all
            ):
                return True
        return False

    def _sentence_cities(self, sent: Span, trigger: Token) -> list[str]:
        out: list[str] = []
        for tok in sent:
            m = self.a.mentions.get(tok.i)
            if m is None or m.kind not in ("city", "capital") or self.a.in_dateline(tok.idx):
                continue
            if self._recalled_contact_place(tok, trigger):
                continue  # "The call followed an in-person meeting ... in Kuala Lumpur last July": that meeting's
            if under_preview(tok, self.c.preview_words):
                continue  # "ahead of a planned visit to Tokyo": the coming visit's place
            if self._speaker_place(tok):
                continue  # "sources in Tokyo said", "told reporters in Seoul": where the report comes from
            # A place, not a capital standing for its government ("Tokyo's sanctions", "prompt Tokyo to").
            actor_deps = ("poss", "nsubj", "nsubjpass", "dobj", "iobj", "agent")
            named = tok.head if tok.dep_ == "conj" else tok
            if (
                named.dep_ in actor_deps
                or (named.dep_ == "pobj" and named.head.lower_ in PARTNER_PREPS)
                or (named.dep_ in ("compound", "amod") and named.head.lower_ in self.c.actor_nouns)
            ):
                continue  # "between Washington and Pyongyang", "Tokyo's sanctions", "the Pyongyang delegation"
            span = self.a.doc.char_span(m.start, m.end, alignment_mode="expand")
            place = clean_place(span.text if span is not None else tok.text)
            if m.kind == "capital":
                place = gazetteer().capital_name(m.code) or place  # "the Kremlin": Moscow
            if place not in out:
                out.append(place)
        return out

    def _recalled_contact_place(self, tok: Token, trigger: Token) -> bool:
        """Whether a place belongs to another contact word of the sentence that an earlier-than word governs and
        its own date puts more than a week back ("followed an in-person meeting between the two diplomats in
        Kuala Lumpur last July"; not "after their summit talks at the Kremlin", the news contact itself)."""
        published = self.a.published
        t = tok
        for _ in range(4):
            if t.head.i == t.i or published is None:
                return False
            t = t.head
            if t.i in self.a.trigger_ids_all and t.i != trigger.i:
                if not any(a.lower_ in self.c.background_governors for a in t.ancestors):
                    return False
                start = t.left_edge.idx
                own = self.a.text[start : t.right_edge.idx + len(t.right_edge.text)]
                return any(
                    d.date is not None and (published - parse_partial_date(d.date)[1]).days > _RECALLED_DAYS
                    for d in find_dates(own, published, "past", offset=start)
                )
        return False

    def _speaker_place(self, tok: Token) -> bool:
        """Whether a place says where a report comes from rather than where a contact was: it qualifies the
        speaker or the hearer of a reporting verb ("sources in Tokyo said", "told reporters in Seoul"), not one
        of the sides."""
        if tok.dep_ != "pobj" or tok.head.dep_ != "prep":
            return False
        owner = tok.head.head
        return (
            owner.pos_ in ("NOUN", "PRON")
            and owner.i not in self.a.mentions
            and owner.dep_ in ("nsubj", "dobj")
            and owner.head.lower_ in self.c.reporting_verbs
        )

    def _anaphoric(self, trigger: Token, codes: list[str], sides: list[Side], places: list[tuple[Token, str]],
                   previous: list[ContactMention]) -> ContactMention | None:  # fmt: skip
        chain = ancestors_to_clause(trigger)
        own = read_status(trigger)
        # "were scheduled to meet on Friday, but the North cancelled the talks": a called-off anaphor refers to
        # the plan before it; any other refers to a contact that took place.
        wanted = ("scheduled", "proposed") if own.status in ("cancelled", "refused") else ("held", "ongoing")
        target = None
        for m in reversed(previous):
            if (not codes or codes[0] in m.countries) and m.status in wanted and not m.background_cue:
                target = m
                break
        if target is None or trigger.sent.start_char - target.sent_end > 3000:
            return None
        people = self._sentence_people(trigger, target.countries)
        # "President Lee welcomed the talks": who speaks of the contact is not at its table.
        sides = [s for s in sides if not (s.token.dep_ == "nsubj" and self._comments_on(s.token.head, trigger))]
        built = self._build(trigger, chain, target.countries, sides + people,
                            places, anaphoric=True)  # fmt: skip
        if built is None:
            return None
        # An anaphor ("the meeting could help ...", "the talks would resume in October") only adds details to
        # the contact it refers to; its own date counts only when it reports that contact as having happened.
        # A day inside the contact's month or year ("held talks in mid-March ... The talks took place on March 5")
        # or next to its day tells the same contact more exactly.
        if own.status in ("cancelled", "refused"):
            built.date, built.precision = target.date, target.precision  # the day the plan was for
            built.status = own.status
            built.anaphoric = False  # news of its own about the plan: the contact is called off
            return built
        if own.status not in ("held", "ongoing") or (
            built.date and target.date and not _refines(built.date, target.date, max(built.span_days, target.span_days))
        ):
            built.date = built.precision = None
        built.status = target.status
        built.background_cue = target.background_cue
        built.background_relative = target.background_relative
        return built

    def _sentence_people(self, trigger: Token, pair: tuple[str, str]) -> list[Side]:
        """Named people of either side in an anaphor's sentence ("Heading into the talks, Haraguchi ...")."""
        out = []
        seen: set[str] = set()
        for tok in trigger.sent:
            person = self.a.persons.get(tok.i)
            if person is None or person.country not in pair or person.name in seen:
                continue
            if tok.head.i in self.a.persons and self.a.persons.get(tok.head.i) is person:
                continue
            clause = clause_head(tok).i
            if clause not in (clause_head(trigger).i, trigger.sent.root.i):
                continue
            # Subjects and partners only: "despite Kim Yo Jong's statement" does not put her at the table.
            role_tok = tok.head if tok.dep_ in ("appos", "conj", "compound") else tok
            if under_preview(tok, self.c.preview_words):
                continue  # "ahead of a planned visit ... by President Trump": the coming visit's people
            if role_tok.dep_ == "nsubj" and self._comments_on(role_tok.head, trigger):
                continue  # "President Lee welcomed the talks": who speaks of the contact is not at its table
            if role_tok.dep_ == "nsubj" and self._reports(role_tok.head, trigger):
                continue  # "Chief Cabinet Secretary Hayashi said the meeting had been held": who tells of it
            if role_tok.dep_ in ("nsubj", "nsubjpass") or (
                role_tok.dep_ == "pobj" and role_tok.head.lower_ in PARTNER_PREPS
            ):
                seen.add(person.name)
                out.append(Side(person.country or "", tok, person.title or "", person.official, person.name))
        return out

    def _reports(self, verb: Token, trigger: Token) -> bool:
        """Whether `verb` is a reporting verb whose reported clause holds the contact ("said the meeting had been
        held at the request of the North Korean side")."""
        if verb.lower_ not in self.c.reporting_verbs:
            return False
        return any(
            ch.dep_ in ("ccomp", "parataxis") and ch.left_edge.i <= trigger.i <= ch.right_edge.i for ch in verb.children
        )

    def _comments_on(self, verb: Token, trigger: Token) -> bool:
        """Whether `verb` takes the contact as its object without taking part in it ("welcomed the talks",
        "praised the outcome of the meeting"); holding, attending, receiving or leading it is taking part."""
        if verb.pos_ != "VERB":
            return False
        low = verb.lower_
        if low in self.c.light_verbs or low in self.c.attend_verbs or low in self.c.trigger_verbs:
            return False
        if low in RECEIVE or low in LED:
            return False
        return any(ch.dep_ == "dobj" and ch.left_edge.i <= trigger.i <= ch.right_edge.i for ch in verb.children)

    def _level_hint(self, trigger: Token, chain: list[Token]) -> str | None:
        # The trigger's own words: "summit", "working-level talks", "foreign ministers' meeting".
        words = [trigger.lower_]
        words.extend(
            # Not the event it was held beside: "talks between the diplomats on the sidelines of a Red Cross meeting".
            "".join(t.text_with_ws for t in ch.subtree if t.i == ch.i or not _beside_within(t, ch)).lower()
            for ch in trigger.children
            if ch.dep_ in ("compound", "amod", "nmod", "poss") or (ch.dep_ == "prep" and ch.lower_ == "between")
        )
        text = " ".join(" ".join(words).split())
        clause = clause_head(trigger).i
        # "talks ... between Red Cross officials from the two countries": Red Cross anywhere in the clause.
        for tok in trigger.sent:
            if (
                tok.lower_ == "cross"
                and tok.i > 0
                and tok.doc[tok.i - 1].lower_ == "red"
                and clause_head(tok).i == clause
                and not any(_beside(t) for t in tok.ancestors)  # "on the sidelines of a Red Cross meeting"
            ):
                return "red_cross"
        if trigger.lower_ in SUMMIT_WORDS:
            return "leaders"
        # "The talks were held at the level of division directors": the level the clause states.
        for tok in chain:
            for prep in tok.children:
                if prep.dep_ != "prep" or prep.lower_ not in ("at", "on"):
                    continue
                for obj in prep.children:
                    if obj.dep_ == "pobj" and obj.lower_ == "level":
                        stated = category_of(" ".join(t.text for t in list(obj.subtree)[:14]))
                        if stated is not None:
                            return stated
        # The most specific cue decides ("director-general-level" is not a "director"'s working level).
        for cue, level in cues().level_phrases:
            if not has_cue(text, cue):
                continue
            if level != "leaders":
                return level
            break
        if "government-level" in text or ("ministerial" in text and "foreign" not in text):
            return GOVERNMENT_LEVEL
        return None

    def _dates_for(self, trigger: Token, chain: list[Token]) -> list[tuple[DateMention, int]]:
        return self._attached_dates(trigger, chain, "past")

    def _local(self, chain: list[Token]) -> list[Token]:
        """The trigger's chain below a "since"/"after"/"following": what the recalled contact's own date and
        place may attach to ("held talks on Tuesday, the first since talks in Stockholm")."""
        for n, tok in enumerate(chain[1:], start=1):
            if tok.lower_ in self.c.background_governors and chain[n - 1].dep_ not in ("nsubj", "nsubjpass"):
                # "followed their chat on Aug. 3": a governing verb's own date is its object's.
                return chain[: n + 1] if tok.pos_ == "VERB" else chain[:n]
        return chain

    def _attached_dates(
        self, trigger: Token, chain: list[Token], direction: Direction
    ) -> list[tuple[DateMention, int]]:
        chain = self._local(chain)
        chain_ids = {t.i for t in chain}
        top = chain[-1]
        if (
            top.dep_ == "advcl"
            and any(ch.lower_ in _WHEN_MARKS and ch.dep_ in ("advmod", "mark") for ch in top.children)
            and top.head.lower_ not in self.c.reporting_verbs
        ):
            # "Seven years ago this week, Trump became the first ... when he met Kim": a when-clause happens at
            # the time of the clause it modifies, so that clause's date is the contact's.
            chain_ids.add(top.head.i)
        if (
            top.dep_ == "pcomp"
            and top.tag_ == "VBG"
            and top.head.lower_ in SEQUENCE_PREPS
            and not any(ch.dep_ in ("nsubj", "nsubjpass") for ch in top.children)
            and top.head.head.pos_ in ("VERB", "AUX")
            and top.head.head.lower_ not in self.c.reporting_verbs
        ):
            # "shook hands at the border on Sunday before sitting down for talks": a subjectless gerund after
            # "before"/"after" is the same people's next or previous act in the episode the clause narrates, so
            # that clause's date is the contact's, when the contact's own words date it not.
            found = self._walk_dates(trigger, chain, chain_ids, direction)
            return found or self._walk_dates(trigger, chain, chain_ids | {top.head.head.i}, direction)
        return self._walk_dates(trigger, chain, chain_ids, direction)

    def _walk_dates(
        self, trigger: Token, chain: list[Token], chain_ids: set[int], direction: Direction
    ) -> list[tuple[DateMention, int]]:
        """Dates of the trigger's sentence that attach to its chain (`chain_ids`)."""
        a = self.a
        sent = trigger.sent
        other_triggers = self.trigger_ids - {trigger.i} - chain_ids
        found: list[tuple[DateMention, int]] = []
        key = (sent.start_char, direction)
        dates = self.sentence_dates.get(key)
        if dates is None:  # several triggers share a sentence: read its dates once
            dates = self.sentence_dates[key] = find_dates(
                sent.text, a.published, direction, offset=sent.start_char, period=a.period_end
            )
        for d in dates:
            if a.in_dateline(d.start):
                continue  # "SEOUL, Oct. 14 (Yonhap) --": when the story was filed, not when the contact was
            span = a.doc.char_span(d.start, d.end, alignment_mode="expand")
            if span is None:
                continue
            tok = span.root
            steps = 0
            ok = False
            for _ in range(_WALK_DEPTH):
                if tok.i in chain_ids:
                    ok = True
                    break
                if tok.i in other_triggers and not _beside(tok):
                    break  # (the event a contact was held beside dates it: "talks on the sidelines of a meeting")
                if tok.lower_ in self.c.reporting_verbs and tok.pos_ == "VERB":
                    ok = self._misattached_to_report(tok, chain, span.start)
                    break
                if tok.lower_ == "since" and not self._starts_running_contact(d):
                    break
                if (
                    tok.pos_ in ("VERB", "AUX")
                    and tok.dep_ in ("relcl", "acl")
                    and tok.i not in chain_ids
                    and tok.head.i not in chain_ids
                    and not any(t.i in self.trigger_ids for t in tok.subtree)
                ):
                    # "the remains of Japanese who died around 1945": a clause about something else has its own
                    # time ("the talks held on Monday", "the meeting, which took place ...", "delegates, who have held
                    # meetings since Monday," describe contacts).
                    break
                if tok.head.i == tok.i:
                    break
                tok = tok.head
                steps += 1
            if ok and not self._belongs_to_object(tok, trigger, span.start):
                found.append((self._anchored(d) if d.kind == "days_before" else d, steps))
        return found

    def _anchored(self, d: DateMention) -> DateMention:
        """ "On Thursday Japan protested ... A day earlier, the two sides met": counted back from the last day
        the story dated before it (not its dateline); from the publication day when it dated none."""
        a = self.a
        if d.date is None or a.published is None:
            return d
        days_back = (a.published - dt.date.fromisoformat(d.date)).days
        before = [
            x
            for x in find_dates(a.text[: d.start], a.published, "past", period=a.period_end)
            if x.precision == "day" and x.date is not None and x.kind != "days_before" and not a.in_dateline(x.start)
        ]
        if not before:
            return d
        anchor = dt.date.fromisoformat(before[-1].date or "")
        return dataclasses.replace(d, date=(anchor - dt.timedelta(days=days_back)).isoformat())

    def _misattached_to_report(self, verb: Token, chain: list[Token], position: int) -> bool:
        """ "held talks in Shenyang, China, on the 12th, a source said": the parser hangs the date on "said",
        but a date between the reported clause and the reporter belongs to the clause."""
        head = chain[-1]
        if head.dep_ != "ccomp" or head.head.i != verb.i:
            return False
        subjects = [ch.i for ch in verb.children if ch.dep_ in ("nsubj", "nsubjpass")]
        clause_end = max(t.i for t in head.subtree)
        return bool(subjects) and clause_end < position < min(subjects) and subjects[0] > head.i

    def _belongs_to_object(self, reached: Token, trigger: Token, position: int) -> bool:
        # "Kono's meeting ... followed their brief chat on Aug. 3": the date is the chat's, not the meeting's.
        if reached.i == trigger.i or trigger.dep_ not in ("nsubj", "nsubjpass"):
            return False
        return any(
            ch.i in self.trigger_ids and ch.i != trigger.i and ch.i < position
            for ch in reached.children
            if ch.dep_ in ("dobj", "pobj", "attr")
        )

    def _pick_date(self, trigger: Token, chain: list[Token], direction: Direction) -> tuple[DateMention | None, int]:
        """The contact's date and how many days it spans from there (1 unless a stated length says)."""
        found = self._attached_dates(trigger, chain, direction)
        if not found and (when := self._when_clause_date(chain)) is not None:
            return when, 1  # "in 2023, when he met Putin", "most recently in December, when the two discussed"
        if not found and (that := self._that_period_date(trigger)) is not None:
            return that, 1
        resolved = [(d, s) for d, s in found if d.date is not None]
        # "talks through Wednesday", "from Monday until Wednesday": the end of a span is not the day a contact
        # is dated by (its first day); it counts only when a stated length gives the first day.
        starts = [(d, s) for d, s in resolved if not self._ends_span(d)]
        ends = [(d, s) for d, s in resolved if (d, s) not in starts]
        rank = {"day": 0, "month": 1, "year": 2}
        length = _stated_length(self.a.text, trigger.sent.start_char, trigger.idx + len(trigger.text))
        nth = _nth_day(self.a.text, trigger.sent.start_char, trigger.idx + len(trigger.text))
        if nth and not any(d.precision == "day" and self._date_verb(d) in _START_VERBS for d, _ in starts):
            # "a second day of talks on Wednesday": they began the day before.
            days = [d for d, _ in starts if d.precision == "day"]
            if days:
                return _days_before(days[0], nth - 1), max(nth, length or 1)
        running = [(d, s) for d, s in starts if self._starts_running_contact(d)]
        if running:
            return running[0][0], length or 1
        # "talks, which began on Monday, ended on Wednesday": the day they began dates them.
        begun = [(d, s) for d, s in starts if d.precision == "day" and self._date_verb(d) in _START_VERBS]
        if begun:
            return begun[0][0], length or 1
        if len(starts) > 1:  # the day they ended only when nothing else dates them
            starts = [(d, s) for d, s in starts if self._date_verb(d) not in _END_VERBS] or starts
        if starts:
            starts.sort(key=lambda ds: (rank.get(ds[0].precision or "year", 3), ds[1]))
            chosen = starts[0][0]
            # "wrapped up their five-day talks yesterday": the day they ended, less the days before it.
            if length and chosen.precision == "day" and any(t.lower_ in _END_VERBS for t in chain):
                return _days_before(chosen, length - 1), length
            return chosen, length or 1
        days = [d for d, _ in ends if d.precision == "day"]
        if days and length:
            return _days_before(days[0], length - 1), length
        return None, 1

    def _when_clause_date(self, chain: list[Token]) -> DateMention | None:
        """The time a "when" clause hangs on dates what it tells: "Kim last travelled to Russia in 2023, when he
        met Putin"."""
        clause = chain[-1]
        host = clause.head
        if clause.dep_ not in ("relcl", "advcl") or host.pos_ not in ("NOUN", "PROPN", "NUM", "VERB"):
            return None
        relative = {ch.lower_ for ch in clause.children if ch.dep_ in ("advmod", "mark")}
        if host.pos_ == "VERB":
            # "travelled to Beijing in September 2025, where he met Putin", hung on the verb itself.
            if not relative & {"when", "where"}:
                return None
            start = host.left_edge.idx
        elif "when" in relative:
            start = host.left_edge.idx
        elif "where" in relative:
            # "travelled ... to Beijing in September 2025, where he met Putin": the trip's time, told before.
            verb = next((t for t in host.ancestors if t.pos_ in ("VERB", "AUX")), None)
            if verb is None:
                return None
            start = verb.left_edge.idx
        else:
            return None
        end = clause.left_edge.idx
        found = find_dates(self.a.text[start:end], self.a.published, "past", offset=start, period=self.a.period_end)
        return found[-1] if found and found[-1].date is not None else None

    def _that_period_date(self, trigger: Token) -> DateMention | None:
        """ "Modi met Xi in Tianjin later that month": the month (or year) of the date told just before."""
        sent = trigger.sent
        m = _THAT_PERIOD_RE.search(self.a.text, sent.start_char, sent.end_char)
        if m is None:
            return None
        start = max(0, sent.start_char - 600)
        found = [
            d
            for d in find_dates(self.a.text[start : m.start()], self.a.published, "past", offset=start)
            if d.date is not None
        ]
        if not found:
            return None
        unit = m.group("unit").lower()
        value = found[-1].date or ""
        keep = 4 if unit == "year" else 7
        if len(value) < keep:
            return None
        return dataclasses.replace(found[-1], date=value[:keep], precision="year" if unit == "year" else "month")

    def _date_verb(self, d: DateMention) -> str:
        """The verb a date hangs on ("ended" in "talks ended on Wednesday"), lower-cased; "" when none."""
        span = self.a.doc.char_span(d.start, d.end, alignment_mode="expand")
        if span is None:
            return ""
        tok = span.root
        for _ in range(4):
            if tok.pos_ == "VERB":
                return tok.lower_
            if tok.head.i == tok.i:
                break
            tok = tok.head
        return ""

    def _starts_running_contact(self, d: DateMention) -> bool:
        """ "have held meetings since Saturday": a day in the last week after "since" is when the contact
        being reported began (a recalled one is further back: "the first talks since August 2015")."""
        published = self.a.published
        if published is None or d.precision != "day" or d.date is None:
            return False
        if not _SINCE_RE.search(self.a.text[max(0, d.start - 12) : d.start]):
            return False
        return 0 <= (published - dt.date.fromisoformat(d.date)).days <= _RUNNING_DAYS

    def _ends_span(self, d: DateMention) -> bool:
        return closes_span(self.a.text, d.start)

    def _since_dates(self, trigger: Token, chain: list[Token]) -> list[tuple[str, str]]:
        # "the first ... since August 2015": a recalled contact at that date (month or day precision only).
        out: list[tuple[str, str]] = []
        sent = trigger.sent
        low = sent.text.lower()
        if "first" not in low:
            return out
        for d in find_dates(sent.text, self.a.published, "past", offset=sent.start_char, period=self.a.period_end):
            before = self.a.text[max(sent.start_char, d.start - 8) : d.start].lower()
            if "since" in before and d.date and d.precision in ("day", "month"):
                out.append((d.date, str(d.precision)))
        return out

    def _venue(self, trigger: Token, chain: list[Token]) -> str | None:
        chain = self._local(chain)
        sent = trigger.sent
        chain_ids = {t.i for t in chain}
        other_triggers = self.trigger_ids - {trigger.i} - chain_ids
        for start, end, venue in _venues(sent.text):
            span = self.a.doc.char_span(sent.start_char + start, sent.start_char + end, alignment_mode="expand")
            if span is None:
                continue
            if path_to(span.root, chain_ids, other_triggers, _WALK_DEPTH) is not None:
                return venue
        return None

    def _location(self, trigger: Token, chain: list[Token], places: list[tuple[Token, str]]) -> tuple[str | None, bool]:
        dateline = self.a.dateline
        if dateline and any(ch.lower_ == "here" and ch.dep_ == "advmod" for t in chain for ch in t.children):
            # "met here Thursday" under "DALIAN, China, June 4 --": the dateline's place, whatever else is named.
            return dateline, gazetteer().kind_of.get(dateline, "city") != "name"
        chain = self._local(chain)
        chain_ids = {t.i for t in chain}
        other_triggers = self.trigger_ids - {trigger.i} - chain_ids
        best: tuple[int, int, str, bool] | None = None
        for tok, kind in places:
            m = self.a.mentions.get(tok.i)
            span = self.a.doc.char_span(m.start, m.end, alignment_mode="expand") if m else None
            text = span.text if span is not None else tok.text
            reached = path_to(tok, chain_ids, other_triggers, _WALK_DEPTH)
            if reached is None or self._belongs_to_object(reached[0], trigger, tok.i):
                continue
            steps = reached[1]
            if self._through_recall(tok, steps):
                continue  # "became possible after an earlier exchange in Beijing": the recalled contact's place
            is_city = kind == "city"
            if kind == "capital_of":
                # "in the Mongolian capital": the capital of the state the adjective names.
                capital = gazetteer().capital_name(m.code) if m else None
                if capital is None:
                    continue
                text, is_city = capital, True
            if m is not None and m.kind == "capital":
                # A seat standing for its capital ("at the Kremlin"): the city is the capital's name.
                text = gazetteer().capital_name(m.code) or text
            key = (0 if is_city else 1, steps)
            if best is None or key < best[:2]:
                best = (key[0], key[1], clean_place(text), is_city)
        if best is None:
            return self._host_place(chain)
        return best[2], best[3]

    def _host_place(self, chain: list[Token]) -> tuple[str | None, bool]:
        """A state or capital that hosts or receives the visitor as the subject ("Vietnam hosts Indonesian
        president", "Hanoi hosts the summit") is where the contact is."""
        g = gazetteer()
        for tok in chain:
            if tok.lower_ not in RECEIVE or tok.pos_ not in ("VERB", "NOUN"):
                continue
            for ch in tok.children:
                m = self.a.mentions.get(ch.i)
                if ch.dep_ != "nsubj" or m is None or ch.i in self.a.persons:
                    continue
                if m.kind == "name":
                    return g.country_names.get(m.code), False
                if m.kind == "capital":
                    return g.capital_name(m.code), True
        return None, False

    def _through_recall(self, tok: Token, steps: int) -> bool:
        """Whether the way up from `tok` to the trigger's clause passes a "since"/"after"/"following" (before
        the clause's own token: "followed their chat in Singapore" keeps Singapore for the chat)."""
        t = tok
        for _ in range(steps - 1):
            t = t.head
            if t.lower_ in self.c.background_governors and t.pos_ in ("ADP", "SCONJ", "VERB"):
                return True
            if previews(t, self.c.preview_words):
                return True  # "came ahead of a planned visit to Tokyo": the coming visit's place
            if _opens_topic(t):
                return True  # "talks on sharing the costs of U.S. forces in Japan": the topic's place
        return False


_WHEN_MARKS = frozenset({"when", "as", "while"})


def _beside_within(tok: Token, top: Token) -> bool:
    """Whether `tok` lies inside a sidelines' event below `top` (itself included)."""
    t = tok
    while t.i not in (top.i, t.head.i):
        if _beside(t):
            return True
        t = t.head
    return False


def _beside(tok: Token) -> bool:
    """Whether `tok` is the event a contact was held beside: the object of "the sidelines/margins of"."""
    return tok.dep_ == "pobj" and tok.head.lower_ == "of" and tok.head.head.lower_ in SIDELINE_NOUNS


# What a contact is about, when the words after them are a matter rather than a setting.
_TOPIC_ONLY_PREPS = frozenset({"about", "regarding", "concerning"})


def _opens_topic(t: Token) -> bool:
    """A preposition introducing what the contact is about: "about ...", or "on"/"over" + an -ing clause
    ("talks on sharing the costs of forces in Japan"); "on the sidelines of", "on a visit to" are settings."""
    if t.dep_ != "prep":
        return False
    if t.lower_ in _TOPIC_ONLY_PREPS:
        return True
    return t.lower_ in ("on", "over") and any(ch.dep_ == "pcomp" and ch.tag_ == "VBG" for ch in t.children)


def _any_term(name: str, year: int) -> bool:
    """False only for a leader or foreign minister clearly out of the offices on record in `year`.

    Their terms are well known, so "Koizumi met Kim Jong Il" in a 2022 story is a recollection; terms of
    envoys and officials are not recorded reliably enough to judge.
    """
    terms = [o for o in gazetteer().officials if o.name == name]
    if not terms or any(o.category not in ("leaders", "foreign_ministers") for o in terms):
        return True
    return any(o.start_year <= year <= (o.end_year if o.end_year is not None else 9999) + 1 for o in terms)


def _more_specific(a: str, b: str) -> str:
    # A foreign minister or leader beside a defence minister ("2+2" talks) makes the side diplomatic.
    if {a, b} & CIVILIAN_HEADS and "military" in (a, b):
        return a if a in CIVILIAN_HEADS else b
    return a if LEVEL_ORDER.index(a) <= LEVEL_ORDER.index(b) else b


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _venues(sentence: str) -> list[tuple[int, int, str]]:
    """Candidate venues in a sentence: (start, end) of the whole phrase and the venue name."""
    out = []
    for rx in (VENUE_BUILDING_RE, VENUE_SIDELINES_RE, VENUE_EVENT_RE):
        for m in rx.finditer(sentence):
            venue = m.group(1).strip(" ,.")
            if 3 <= len(venue) <= 80:
                out.append((m.start(1), m.end(1), venue))
    return out


def _mode(trigger: Token, sent: Span) -> Mode:
    window = trigger.doc[max(sent.start, trigger.i - 6) : min(sent.end, trigger.i + 6)]
    words = {t.lower_ for t in window}
    if words & PHONE_WORDS:
        return "phone"
    if words & VIDEO_WORDS:
        return "video"
    if trigger.lower_ in CALL_VERBS:
        return "phone"  # "called the president", "spoke via a congratulatory call" (a call noun is a trigger only then)
    if words & LETTER_WORDS:
        return "letter"
    return "in_person"


def _novelty(sentence: str) -> str | None:
    m = NOVELTY_RE.search(sentence)
    if not m:
        return None
    phrase = " ".join(m.group(0).split())
    phrase = re.sub(r"^(?:the\s+)", "", phrase, flags=re.IGNORECASE)
    phrase = re.sub(r"^first\s+time\b", "first", phrase, flags=re.IGNORECASE)
    phrase = re.sub(r"\s+that\b.*$", "", phrase)
    return phrase[:80] if len(phrase) >= 8 else None
