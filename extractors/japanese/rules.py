"""Contacts in a parsed Japanese article: mentions per contact word, merged into EVENTs.

A mention is a contact word (会談, 協議, 接触, 会っ ...) in a sentence that names its two sides: a pair word
right before it (日朝協議, 米朝の実務協議; 日米韓 makes it multilateral), else the states acting in the sentence
(北朝鮮の李容浩外相と, 岸田文雄外相は; a state as topic or place, 北朝鮮による/北朝鮮をめぐる/モンゴルの首都, is
not a side), else the article's pair when the sentence names one side or none. Its status comes from the
predicate that governs the contact word, read on the `ja_ginza` parse: the verb after it with its auxiliaries
and modality nouns (開かれた held; 行う予定/方針 scheduled; 調整している/検討/求める proposed; 延期/見送り/中止
cancelled; 拒否/拒む refused; 行っている/続けている ongoing; a plain non-past verb is a coming contact). A contact
word with no predicate of its own (会談後, 協議の内容, 接触は…以来) only refers to a contact. Dates, place and
level come from the mention's clause; background from "以来/ぶり", age against the publication date (outside
the lede), or an office holder out of office by then.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from extractors.dates import month_end
from extractors.events import (
    LEVEL_RANK,
    Article,
    Event,
    Evidence,
    Level,
    Mode,
    Participant,
    Status,
    codes_for,
    level_of,
)
from extractors.japanese.dates import RELATIVE_DAY, JaDate, find_dates, to_int
from extractors.japanese.lexicon import Lexicon, lexicon

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

_SENTENCE = re.compile(r"[^。！？!?\n]+[。！？!?]?")
_LEX = lexicon()


def _starts(words: list[str]) -> re.Pattern[str]:
    """A pattern matching any of the words at a position."""
    return re.compile("(?:" + "|".join(re.escape(w) for w in words) + ")") if words else re.compile(r"(?!x)x")


# A state followed or preceded by these is a topic or place, not a side (北朝鮮による, 北朝鮮の核, 駐北朝鮮).
_TOPIC_AFTER_WORDS = _starts(_LEX.raw["state_topic_after"])
_NOT_TOPIC_AFTER = _starts(_LEX.raw["state_not_topic_after"])
_TOPIC_BEFORE = re.compile(_starts(_LEX.raw["state_topic_before"]).pattern + "$")
# A contact word followed by these refers to a contact (協議後, 会談の内容): ja.json's reference_after.
_REFERENCE_AFTER = re.compile("^" + _starts(_LEX.raw["reference_after"]).pattern)


def _topic_after(after: str) -> bool:
    return _TOPIC_AFTER_WORDS.match(after) is not None and _NOT_TOPIC_AFTER.match(after) is None


_NOUN_ENDING = re.compile(r"^(?:[。、]|$|\s*$|\n)")
_AHEAD = re.compile(r"予定|方針|見通し|へ[。、]|来週|来月|あす|明日|調整|検討|意向")
_BOTH_SIDES = re.compile(r"両(?:外相|首脳|政府|国|氏|代表|局長|首席代表|赤十字)|双方の(?:代表|外相|局長|首脳)")
_THEN = re.compile(r"^(?:当時|その当時|かつて|以前)")
_SINCE_AFTER = re.compile(r"^.{0,3}?(?:以来|ぶり|振り)")
_NEWLY = re.compile(
    r"秘密|密かに|ひそかに|非公式|明らかにな|明らかにした|明かした|報じ|伝えた|関係者によると|関係筋|判明|分かった|わかった|"
    r"公表|と発表"
)
# 【北京共同】, 【平壌発＝記者名】, 【北京＝記者名】, （ウランバートル共同）: where the report was filed.
_DATELINE = re.compile(
    r"^\s*[【(（]\s*([^】)）=＝\s]{1,12}?)(?:発)?\s*(?:共同|時事|聯合ニュース|聯合|ロイター|AFP|新華社)?\s*(?:[=＝][^】)）]{0,12})?[】)）]"
)
_WHERE_AFTER = re.compile(
    r"^(?:市内|市|都内|市の[^。]{0,10}?|の[^。、]{0,12}?)?(?:で|にて|入り|を訪問|に到着|を訪れ|で開)"
)
_NOT_CONTACT_DATE = ("の会見", "の記者会見", "に発表", "発表", "の談話")
_REPORT_DATE_AFTER = re.compile(
    r"^(?:、|に)?(?:分か|わか|明らかに|判明|発表|伝え|報じ|、[^。]{0,12}(?:明らかに|分か|の話で|取材|によると))"
)
_ANNIVERSARY = re.compile(r"^で[0-9０-９一二三四五六七八九十]+(?:年|カ月)")
_SINCE_CLAUSE = re.compile(r"てから[^。]{0,12}?(?:年|カ月)(?:となった|を迎え|が経|が過ぎ|になる)")
_ATTENDANCE = re.compile(r"出席|参加|代表|団長|率い|側は|側から|臨んだ|同席")
# What may stand between a country and one of its places: ベトナムの商都ホーチミン, モンゴルの首都ウランバートル.
# A province between a country and its city: 中国遼寧省の瀋陽, 中国・吉林省の延吉.
# Time anaphors that put a contact on the day last named (同日; これに先立ち, その後: just before or after the
# act the sentence before dated).
_SAME_DAY = re.compile(r"同日|これに先立|その後|これに続いて")
_PROVINCE = re.compile(r"(?:の|・)?[一-龥]{1,4}(?:省|自治区)(?:の|・)?")
_PLACE_OF = re.compile(r"(?:首都|商都|古都|港湾都市|北部の|南部の|東部の|西部の|中部の|北東部の|南西部の)?")
_QUOTE = re.compile(r"「[^」]*」?")
# A compound noun (kanji, katakana, Latin letters): head-final, so its last noun says what it names.
_COMPOUND = re.compile(r"[一-龥々〆ヵヶァ-ヴー・A-Za-zＡ-Ｚａ-ｚ]+")
# What follows the last of listed dates (26日、27日の両日, 3日、4日の2日間).
_LIST_AFTER = re.compile(r"の?(?:両日|[0-9０-９一二三四五六七八九十]+(?:日間|回))")
# A contact word a past relative clause on holding it describes (先月平壌で開かれた日朝実務者協議|で): the setting
# or owner of what the sentence tells, not its predicate.
_DESCRIBED_BEFORE = re.compile(
    r"(?:開かれ|開い|行われ|行っ|実施され|実施し|持たれ)た(?:[一-龥々ァ-ヴー・]+の)*[一-龥々ァ-ヴー・]*$"
)
# A 会合 owned by what precedes it (作業部会の初会合, 協議の第1回会合): the の before it.
_OWNED_MEETING = re.compile(r"の(?:初|第[0-9０-９一二三四五六七八九十]+回|[0-9０-９]+回目の)?$")
_DESCRIBED_AFTER = re.compile(r"^(?:で|の|では|に)(?!(?:予定|見通し|方針))")
# A contact kept secret until the report: newly made known, whatever describes it.
_SECRET = re.compile(r"秘密|極秘|非公式|水面下|ひそかに|密かに|秘密裏")
# The compound noun running up to a point (元外務省アジア大洋州|局長): head-final, so its first element may mark
# the whole compound's holder (元: former).
_COMPOUND_TAIL = re.compile(f"(?:{_COMPOUND.pattern})$")
# A contact predicate in the past followed by a speculation marker (話し合った|とみられる, 協議した|と見られる).
_PAST_GUESS = re.compile(
    r"^[^はがをのに]{0,4}?[ただ](?:" + "|".join(map(re.escape, _LEX.raw["speculation_markers"])) + ")"
)
# A side named for who it sent: 日本側の代表は, 北朝鮮側からは, 北朝鮮側は.
_SIDE_FRAME = re.compile(r"側(?:の(?:代表|団長|首席代表)|から|は|も|が)")
# Compounds joined by の after a state, up to an office: 北朝鮮(の貿易省の)局長.
_GENITIVE_CHAIN = re.compile(f"(?:{_COMPOUND.pattern})?(?:の{_COMPOUND.pattern})*の?")
# A sentence about an earlier round: 前回の協議以来, 当時.
_EARLIER_ROUND = re.compile(r"以来|前回|当時|かつて")
# The venue of a contact told in a sentence of its own: 会場となったのは…, 開催地は….
_VENUE_WORDS = re.compile(r"会場|開催地|開催場所")
# A side's travel to a city: 北京入りした, 平壌に到着し, ウランバートルに入った.
_TRAVEL_AFTER = re.compile(r"(?:市)?(?:入り|に到着|に入っ|に入り|を訪れ|を訪問|に滞在)")
# A city named as a departure or transit point, or a bureau's seat: 北京経由で, ソウル支局, 【北京共同】.
_DEPARTURE_AFTER = re.compile(r"(?:を発|発|から|経由|に戻|へ戻|に帰|支局|特派員|駐在|共同|=|＝)")
# A sentence whose subject is the delegation or people the sentence before introduced: 代表団は, 一行は, 両氏は.
_FOLLOWS_ON = re.compile(r"^(?:[^、。]{0,8}代表団|一行|議員団|訪朝団|使節団|同団|同氏|両氏|双方)(?:は|が)")
# Who a contact word is with: the phrase ending in と/との right before it (共同通信と会見し, 記者団との懇談).
_PARTNER_BEFORE = re.compile(r"([^、。「」と]{1,14})(?:ら|など)?(?:と|との)(?:[^、。]{0,4})$")
# A contact predicate as the topic of a cleft (会談するのは約1年ぶり, 協議が開かれるのは初めて): said about a contact.
_CLEFT_AFTER = re.compile(r"^(?:する|した|が行われる|が開かれる|を行う|を開く)のは")
# Buildings that name their city (クレムリン → Moscow): ja.json's venue_cities.
_VENUE_CITIES = re.compile("|".join(re.escape(w) for w in sorted(_LEX.raw["venue_cities"], key=lambda w: (-len(w), w))))
# 前日 standing for a day (その前日, 、前日), not the day before a named event (会談の前日, 訪朝前日).
_PREVIOUS_DAY = re.compile(r"(?:^|(?<=[、。」\s])|(?<=その)|(?<=は)|(?<=が)|(?<=も))前日(?!まで|比)")
# A state (with its ministry) as the source of a report: ロシア外務省によると, 韓国統一省の発表によると.
_SOURCE_STATE = re.compile(r"^[^、。はがをにでとの]{0,6}(?:の発表)?(?:によると|によれば|の話では)")
# A place owning an office: 平壌の外務省.
_PLACE_BEFORE = re.compile(r"([^、。の]{2,8})の$")
# A partner marked for a contact word: 北朝鮮との(対話), ロシア側と(協議).
_PARTNER_OF = re.compile(r"(?:側)?(?:との|と)")
# The noun phrase after Xとの, up to its particle: 局長級協議(を), 首脳会談の(実現), 交流(の再開), 水面下での接触(を).
_NOUN_PHRASE = re.compile(r"(?:[^をがはにでへやもと、。「」]|での|への){0,12}")
# An attitude toward a contact word: 首脳会談に意欲, 対話への期待, 協議に前向き, 会談に慎重.
_ATTITUDE_AFTER = re.compile(
    r"^(?:に|への|へ)(?:強い|改めて|重ねて|一定の)?(?:意欲|意向|期待|前向き|積極|慎重|否定的|消極|含み|こだわ|執着)"
)
# An office as the source of the report: 外務省幹部によると, 政府高官の話では.
_SOURCE_AFTER = (
    "によると",
    "によれば",
    "の話では",
    "の話で",
    "が明らかに",
    "は明らかに",
    "が述べ",
    "は述べ",
    "は話す",
    "が話す",
)
# A speaker's office is the topic or subject of the sentence: 官房長官は3日の記者会見で, 局長が談話で.
_SPEAKER_AFTER = re.compile(r"(?:は|が)")
# A pair word naming a subject, not two parties: 日朝関係, 日朝問題, 日朝間の懸案, 日朝平壌宣言, 日朝国交正常化.
_PAIR_TOPIC = re.compile(
    r"(?:関係|問題|間の懸案|間の諸懸案|の懸案|平壌宣言|国交|友好|の歴史|軍事境界線|境界線|国境|合意|共同声明|共同宣言)"
)
# A pair word owning what a clause is about (日朝の民間交流をめぐり, 朝・日の文化交流の発展について): the subject
# matter, not two parties.
_PAIR_SUBJECT_MATTER = re.compile(
    f"の?{_COMPOUND.pattern}(?:の{_COMPOUND.pattern})*(?:をめぐ|を巡|について|に関し|に関す|をテーマ|を議題|が議題|の議論)"
)
# A state visited by one side (モンゴルを訪問中の, 北朝鮮を訪れた): a side only when no two others act.
_VISITED = re.compile(r"(?:を訪問|を訪れ|を訪ね|に滞在|入り)")
# A country used as the place (no city named): モンゴルで, モンゴル国内で, モンゴルを訪問中の, モンゴル入りした.
_COUNTRY_WHERE = re.compile(
    r"(?:国内|内|の首都|の都市|北部|南部|東部|西部)?(?:で|にて|入り|を訪問|を訪れ|に滞在|に到着)"
)
# What may stand before a contact word that refers back to the article's contact: 協議は…, 今回の会談では….
_ANAPHOR_BEFORE = re.compile(r"^(?:[「」]?)(?:今回の|この|その|同|両者の|一連の|当日の)?$")
# What may stand between a forum's name and its contact word: ARF）の閣僚会合, ASEAN関連会合.
_FORUM_TAIL = re.compile(r"^[)）]?(?:の)?(?:関連|閣僚|外相|首脳|高官|全体|本)?$")
_JOINERS = ("から", "〜", "~", "～", "と", "、", "-")
_MODES: dict[str, Mode] = {"phone": "phone", "video": "video", "letter": "letter"}
_KIND = {"held": "contact", "ongoing": "contact", "scheduled": "plan", "proposed": "plan"}
_AGO = re.compile(r"([0-9０-９〇一二三四五六七八九十]+)\s*(年|カ月|ヶ月|か月|ヵ月)ぶり")

_LEMMAS: dict[str, list[str]] = _LEX.raw["predicate_lemmas"]
_CANCEL = set(_LEMMAS["cancel"])
# 交渉は途絶えている: talks stalled or cut off are no contact.
_STALLED = set(_LEMMAS["stalled"])
_REFUSE = set(_LEMMAS["refuse"])
_PROPOSE = set(_LEMMAS["propose"])
_PLAN_NOUNS = set(_LEMMAS["plan_nouns"])
_WISH_NOUNS = set(_LEMMAS["wish_nouns"])
_DONE = set(_LEMMAS["done"])
_BEGIN = set(_LEMMAS["begin"])
_CONTINUE = set(_LEMMAS["continue"])
_NEGATION = set(_LEMMAS["negation"])
_MEET_VERBS = set(_LEMMAS["meet_verbs"])
_HOLD_VERBS = set(_LEMMAS["hold_verbs"])
_PROGRESS = set(_LEMMAS["progress"])
_NOMINALISERS = set(_LEMMAS["nominalisers"])

MAX_EVIDENCE = 3
_RECENT_DAYS = 7  # the English pipeline's week before publication (assemble.RECENT_DAYS)
_LEDE_SENTENCES = 2


@dataclass
class Mention:
    pair: tuple[str, str]
    from_context: bool
    status: Status
    reference: bool  # the contact word has no predicate of its own (会談後, 協議の内容)
    sent_index: int
    sent_start: int
    sent_end: int
    trigger: str
    clause_start: int = 0  # where the clause of this contact word starts (after the previous one)
    t_start: int = -1  # where the contact word starts in the text
    date: JaDate | None = None
    since: bool = False
    place: str | None = None
    venue: str | None = None
    mode: Mode = "in_person"
    newly: bool = False
    filed: bool = False  # the place is only the dateline's (where the report was filed)
    background: bool = False


@dataclass
class Group:
    pair: tuple[str, str]
    background: bool
    kind: str
    mentions: list[Mention] = field(default_factory=list)


def _sentences(text: str) -> list[tuple[int, int]]:
    spans = []
    for m in _SENTENCE.finditer(text):
        start, end = m.start(), m.end()
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end - start >= 4:
            spans.append((start, end))
    return spans


def _masked(pattern: re.Pattern[str], text: str, blocked: list[tuple[int, int]]) -> list[re.Match[str]]:
    return [m for m in pattern.finditer(text) if not any(s < m.end() and m.start() < e for s, e in blocked)]


class JaReader:
    """One article's contacts from its `ja_ginza` parse."""

    def __init__(self, doc: Doc, article: Article, text: str, original: str | None = None) -> None:
        self.doc = doc
        self.text = text
        self.original = original if original is not None and len(original) == len(text) else text
        self.article = article
        self.published = article.published
        # Only the publication month known (a page without a day): dates with a day or month resolve against its
        # last day, relative days (きのう) not at all; ages are counted from its first day, which errs to news.
        period_end = month_end(article.published_period) if article.published is None else None
        self.date_ref = article.published or period_end
        self.relative_days = article.published is not None
        self.age_ref = article.published or (period_end.replace(day=1) if period_end else None)
        self.lex: Lexicon = lexicon()
        self.tok_at: list[int] = [-1] * (len(text) + 1)
        for t in doc:
            for c in range(t.idx, min(len(text), t.idx + len(t.text))):
                self.tok_at[c] = t.i
        self.sents = _sentences(text)
        self.dateline, self.dateline_sent = self._find_dateline()
        self.pair_bodies = tuple(self.lex.raw["pair_body_suffixes"])
        self.contact_heads = tuple(self.lex.raw["triggers"])
        self.country_states: dict[str, str] = dict(self.lex.raw["country_place_states"])
        self.body_heads = tuple(self.lex.raw["body_heads"] + self.lex.raw["non_official_bodies"])
        self.embedded_questions = tuple(self.lex.raw["embedded_questions"])
        self.deputy_prefixes = tuple(self.lex.raw["deputy_prefixes"])
        self.never_happened = tuple(self.lex.raw["never_happened"])
        self.report_anaphors = tuple(self.lex.raw["report_anaphors"])
        self.former = frozenset(self.lex.raw["former_prefixes"])
        self.vague_ranks = frozenset(self.lex.raw["vague_ranks"])
        sat_in_verbs = "|".join(map(re.escape, self.lex.raw["sat_in_verbs"]))
        self.sat_in = re.compile(r"(?:会談|協議|会見|会合|面会)には[^。]*(?:" + sat_in_verbs + ")")
        recollection_verbs = "|".join(map(re.escape, self.lex.raw["recollection_verbs"]))
        # 会談したことを振り返り, 首脳会談を行ったことを受けた: the contact word, maybe with its light verb, as object.
        self.recollection = re.compile(
            r"^(?:(?:を(?:行|開|持|実施し)[^、。をがは]{0,4}?|[^、。をがは]{0,6}?)(?:こと|の))?を(?:"
            + recollection_verbs
            + ")"
        )
        self.speculation = tuple(self.lex.raw["speculation_markers"])
        self.last_pair: tuple[str, str] | None = None  # the sides of the last contact word that named them
        self.context_weak = False  # the article's pair is only named as a subject (日朝関係)
        self.context_pair = self._context_pair()
        self.all_mentions: list[Mention] = []
        self.deliberation = tuple(f"{w}を" for w in self.lex.raw["deliberation_objects"])
        self.possessed = tuple(self.lex.raw["possessed_nouns"])
        self.proxies = tuple(self.lex.raw["proxy_nouns"])
        both_topics = "|".join(map(re.escape, self.lex.raw["both_topics"]))
        # 双方の出席者は…, 両氏とも…: a sentence whose topic is both sides.
        self.both_topic = re.compile(r"^(?:" + both_topics + r")(?:の[^、。はが]{1,8})?(?:は|とも|が)")
        self.not_reference_heads = frozenset(self.lex.raw["noun_heads_not_reference"])
        parliaments = "|".join(map(re.escape, self.lex.raw["parliament_bodies"]))
        # 衆院外務委員長, 最高人民会議常任委員長: a rank ending a compound a parliament's name heads.
        self.parliament_compound = re.compile(r"(?:" + parliaments + r")[一-龥ァ-ヶー]{0,6}$")
        directives = "|".join(map(re.escape, self.lex.raw["directive_verbs"]))
        # 首相が直接指示した, 首相は局長に接触を命じ: the office holder as agent of a directive, up to と or a stop.
        self.directs = re.compile(r"(?:は|が)、?[^、。と]{0,14}?(?:" + directives + ")")
        # Whether the last contact word with named sides was a multilateral one (日米韓の協議).
        self.after_multilateral = False
        self.not_rank_after = tuple(self.lex.raw["not_rank_after"])

    def _find_dateline(self) -> tuple[str | None, int]:
        """The dateline's place name (【北京共同】) and the index of the sentence it opens: at the start of the
        text, or after up to three short leading lines that hold no sentence (a page's date and time line,
        "2026年6月18日 21時05分", or a byline)."""
        offset = 0
        for _ in range(4):
            if dl := _DATELINE.match(self.text[offset:]):
                at = offset + dl.end()
                sent = next((i for i, (_, b) in enumerate(self.sents) if b > at), 0)
                return dl.group(1), sent
            nl = self.text.find("\n", offset)
            if nl < 0 or nl - offset > 60 or "。" in self.text[offset:nl]:
                break
            offset = nl + 1
        return None, -1

    # -- sides ------------------------------------------------------------------------------------------
    def _pair_words(self, s: str, *, topics: bool = False) -> list[tuple[int, int, tuple[str, str] | None]]:
        """Pair words (日朝, 朝・日; None for 日米韓) in `s`; `topics`: also those naming a subject (日朝関係の改善,
        日朝間の懸案), which say what is talked about, not who talks."""
        blocked = [(m.start(), m.end()) for m in self.lex.not_pairs.finditer(s)]
        multi = [(m.start(), m.end(), None) for m in _masked(self.lex.multilateral, s, blocked)]
        blocked += [(a, b) for a, b, _ in multi]
        pairs: list[tuple[int, int, tuple[str, str] | None]] = [
            (m.start(), m.end(), self.lex.pair_of[m.group()])
            for m in _masked(self.lex.pairs, s, blocked)
            if (
                topics
                or not (m.group().endswith("関係") or _PAIR_TOPIC.match(s, m.end()) or self._subject_matter(s, m.end()))
                # 日朝国交正常化作業部会: a compound is head-final, so one a contact word heads names its sides
                or self._contact_compound(s, m.end())
            )
            and not s.startswith(self.pair_bodies, m.end())  # 日朝友好議員連盟, 日朝議連: a body's name
            and not self._body_compound(s, m.end())  # 日朝文化交流協会
        ]
        return sorted(multi + pairs)

    def actors(self, s: str) -> list[tuple[int, int, str, str]]:
        """(start, end, ISO3, how) of the states acting in a sentence: officials, states not used as topic or
        place, and Japan's unqualified ministries."""
        lex = self.lex
        out: list[tuple[int, int, str, str]] = []
        officials = list(lex.officials.finditer(s))
        taken = [(m.start(), m.end()) for m in officials]
        out += [(m.start(), m.end(), lex.official_of[m.group()].country, "official") for m in officials]
        if dl := _DATELINE.match(s):
            taken.append((0, dl.end()))  # 【シンガポール共同】: where the report was filed, a place and never a side
        for m in _masked(lex.states, s, taken):
            after = s[m.end() : m.end() + 8]
            # 日本と北朝鮮による局長級協議: the agents of a contact (による a contact word heads), not a topic
            agents = after.startswith("による") and self._contact_compound(s, m.end() + 3)
            if (_topic_after(after) and not agents) or _TOPIC_BEFORE.search(s[max(0, m.start() - 4) : m.start()]):
                continue
            if m.group() in lex.country_place and after.startswith(("の首都", "・", "で")):
                continue
            if after[:1] in ("の", "・") and self._place_follows(s, m.end() + 1):
                continue  # ベトナムのハノイ, 中国・北京, ベトナムの商都ホーチミン: the country of a place, not a side
            if (pm := _PROVINCE.match(s, m.end())) and pm.end() > m.end() and self._place_follows(s, pm.end()):
                continue  # 中国遼寧省の瀋陽: the country of a province's city
            if _SOURCE_STATE.match(s[m.end() : m.end() + 16]):
                continue  # ロシア外務省によると: the source of the report, not a side
            if after[:1] == "の" and (lex.bodies.match(s, m.end() + 1) or self._body_compound(s, m.end() + 1)):
                continue  # 日本の報道関係者, 日本の民間友好団体: people of the state, not its government
            if self._body_compound(s, m.end()):
                continue  # 朝鮮対外文化連絡協会, 日本企業: a body the state's name starts, not the state
            visited = _VISITED.match(s, m.end()) is not None  # モンゴルを訪問中の局長: maybe only where they met
            out.append((m.start(), m.end(), lex.state_of[m.group()], "visited" if visited else "state"))
        for pattern, iso in lex.short_names:
            for m in pattern.finditer(s):
                if not any(a < m.end() and m.start() < b for a, b, _, _ in out):
                    after = s[m.end() : m.end() + 8]
                    if not _topic_after(after) and not self._body_compound(s, m.end()):
                        out.append((m.start(), m.end(), iso, "state"))
        for m in lex.japan_offices.finditer(s):
            before = s[max(0, m.start() - 6) : m.start()]
            if _TOPIC_BEFORE.search(before) or s[m.end() :].startswith(self.not_rank_after):
                continue  # 元衆院議員, 衆院議員経験者: a former lawmaker holds no office
            if self._former_compound(s, m.start()):
                continue  # 元外務省アジア大洋州局長: the whole compound is a former office
            if before.endswith(("両", "双方の")):
                continue  # 両外相, 双方の局長: both sides' office holders, not Japan's
            if any(om.end() == m.start() and lex.official_of[om.group()].country != "JPN" for om in officials):
                continue  # 李容浩外相: another state's office holder
            if self._other_side_marked(s, m.start()):
                continue  # 北朝鮮側は外務省の局長が出た: the office of the side the clause is about
            if lex.states.search(before) or "朝鮮" in before or "同国" in before:
                continue
            if (pm := _PLACE_BEFORE.search(before)) and self._foreign_place(pm.group(1)):
                continue  # 平壌の外務省: the ministry of the state whose capital it is
            out.append((m.start(), m.end(), "JPN", "office"))
        return sorted(out)

    def _former_compound(self, s: str, at: int) -> bool:
        """Whether the office starting at `at` ends a compound a former prefix opens (元外務省局長, 元外務省アジア大洋州
        局長, 元首相): its holder is former and holds no office (not 元首, a head of state)."""
        m = _COMPOUND_TAIL.search(s, 0, at)
        run = (m.group() if m else "") + s[at : at + 2]
        return run.startswith(tuple(self.former)) and not (run.startswith("元首") and not run.startswith("元首相"))

    def _other_side_marked(self, s: str, at: int) -> bool:
        """Whether the phrase before `at` (back to a comma or と) is about another state's side (北朝鮮側は, 中国側から
        は) or is a genitive chain another state heads (北朝鮮の貿易省の): an office named there (外務省の局長) is that
        side's, not Japan's."""
        start = max(s.rfind(c, 0, at) for c in "、。と") + 1
        for sm in self.lex.states.finditer(s, start, at):
            if self.lex.state_of[sm.group()] == "JPN":
                continue
            if sm.group().endswith("側") or s.startswith("側", sm.end()):
                return True
            before = s[max(0, sm.start() - 4) : sm.start()]
            topic = _topic_after(s[sm.end() : sm.end() + 8]) or _TOPIC_BEFORE.search(before)
            if not topic and _GENITIVE_CHAIN.fullmatch(s, sm.end(), at):
                return True  # 北朝鮮の貿易省の局長: the office of the state heading the phrase
        return False

    def _subject_matter(self, s: str, at: int) -> bool:
        """Whether the pair word ending at `at` owns what a clause is about (日朝の民間交流をめぐり): not a contact
        word (日朝の局長級協議をめぐり names that contact's sides)."""
        sm = _PAIR_SUBJECT_MATTER.match(s, at)
        return sm is not None and self.lex.triggers.search(sm.group()) is None

    def _contact_compound(self, s: str, at: int) -> bool:
        """Whether the compound noun at `at` is headed by a contact word (国交正常化作業部会, 局長級協議)."""
        m = _COMPOUND.match(s, at)
        return m is not None and m.group().endswith(self.contact_heads)

    def _body_compound(self, s: str, at: int) -> bool:
        """Whether the compound noun at `at` is headed by a body that holds no office (対外文化連絡協会, 民間友好団体):
        a state's name starting or owning it names that body, not the state."""
        m = _COMPOUND.match(s, at)
        return m is not None and m.group().endswith(self.body_heads)

    def _own_contact_word(self, s: str, at: int) -> bool:
        """Whether a contact word follows at `at`, maybe after a rank (日朝|首脳会談, 日朝|局長級協議)."""
        rank = self.lex.ranks.match(s, at)
        start = rank.end() if rank else at
        return self.lex.triggers.match(s, start) is not None or self.lex.triggers.match(s, at) is not None

    def _partner_of_other(self, s: str, end: int, t_start: int) -> bool:
        """Whether the state or person ending at `end` is the partner (Xと, Xとの) of another contact word than the
        one at `t_start` (日朝議連の会合が開かれ、北朝鮮との対話の再開を求めた: 北朝鮮 is 対話's side, not 会合's)."""
        m = _PARTNER_OF.match(s, end)
        if m is None:
            return False
        if m.group().endswith("との") and not s.startswith("間", m.end()):
            # Xとの names the partner of the noun phrase it modifies (北朝鮮との交流の再開): this contact word's
            # only when it lies in that phrase, before the next particle (北朝鮮との局長級協議を, 北朝鮮との間で).
            phrase = _NOUN_PHRASE.match(s, m.end())
            return not (phrase is not None and m.end() <= t_start < phrase.end())
        trigger = self.lex.triggers.search(s, m.end(), m.end() + 8)
        return trigger is not None and trigger.start() != t_start and "、" not in s[m.end() : trigger.start()]

    def _rank_in_contact_word(self, s: str, at: int) -> bool:
        """Whether a contact word follows a rank ending at `at` as one compound (首脳会談, 局長級協議, 局長級の協議)."""
        start = at + 1 if s.startswith("の", at) else at
        return self.lex.triggers.match(s, start) is not None

    def _foreign_place(self, text: str) -> bool:
        """Whether `text` ends with a city or capital outside Japan (平壌, 北京)."""
        for name, (_, iso) in [*self.lex.capital_of.items(), *self.lex.city_of.items()]:
            if text.endswith(name):
                return iso != "JPN"
        return False

    def _place_follows(self, s: str, at: int) -> bool:
        """Whether a city or capital is named at `at` in `s`, maybe after a word for what it is (首都, 商都)."""
        kind = _PLACE_OF.match(s, at)
        return self.lex.places.match(s, kind.end() if kind else at) is not None

    def sides(self, s: str, t_start: int) -> tuple[tuple[str, str], bool] | None:
        """The pair a contact word at `t_start` in sentence `s` is between, and whether it came from context."""
        words = self._pair_words(s)
        if self.context_pair and not self.context_weak and _BOTH_SIDES.search(s[:t_start]) and not words:
            return self.context_pair, True  # 両外相は…会談した: both sides of the article's pair
        # 両外相は…意見を交わした with no pair word in the article: the two sides of the contact before it.
        if (
            not self.context_pair
            and self.last_pair
            and _BOTH_SIDES.search(s[:t_start])
            and not words
            and not {a[2] for a in self.actors(s)} - set(self.last_pair)
        ):
            return self.last_pair, True
        before = [w for w in words if w[1] <= t_start]
        if before:
            _, end, pair = before[-1]
            between = s[end:t_start]
            if pair is None and (
                t_start - end <= 12 or not (self.lex.states.search(between) or self.lex.officials.search(between))
            ):
                self.after_multilateral = True
                return None  # 日米韓外相会談, 日米韓3カ国の局長級協議, 日米韓3カ国の外務次官は8日、ワシントンで協議し
            # 米朝の首脳会談を前に、韓国の外相は…と会談した: a pair word naming another contact word is that one's.
            other = self.lex.triggers.search(s, end, t_start)
            if pair is not None and (other is None or other.start() - end > 2 or t_start - other.end() <= 2):
                return pair, False
        # States named inside a quotation (日本の次官は「北朝鮮との対話の扉は…」と述べ) are no sides of a contact
        # word outside it.
        quoted = [(q.start(), q.end()) for q in _QUOTE.finditer(s) if not q.start() < t_start < q.end()]
        actors = [
            a
            for a in self.actors(s)
            if not any(qa <= a[0] < qb for qa, qb in quoted) and not self._partner_of_other(s, a[1], t_start)
        ]
        states = {a[2] for a in actors}
        if len(states) > 2:
            # Three states: a visited one (モンゴルを訪問中の局長が北朝鮮外務省の局長と接触) is where they met.
            acting = [a for a in actors if a[3] != "visited" or sum(b[2] == a[2] for b in actors) > 1]
            if len({a[2] for a in acting}) == 2:
                actors, states = acting, {a[2] for a in acting}
        if len(states) > 2:
            # The arguments of a contact verb come before it (head-final): a state named after it
            # (…と電話で会談し、北朝鮮兵のロシア派遣に懸念を伝えた) belongs to the clause that follows.
            before_it = [a for a in actors if a[1] <= t_start]
            if len({a[2] for a in before_it}) == 2:
                actors, states = before_it, {a[2] for a in before_it}
        if len(states) == 2:
            a, b = sorted(states)
            return (a, b), False
        if len(states) > 2:
            partner = None
            for _start, end, iso, _ in actors:
                if end <= t_start and s[end : end + 3].startswith(("と", "側と", "との")):
                    partner = iso
            subject = next((a[2] for a in actors if a[2] != partner), None)
            if partner and subject:
                a, b = sorted((partner, subject))
                return (a, b), False
            return None
        # A pair word after the contact word names its sides (会談は日朝間で…), unless it names another contact
        # word of its own (協議後…日朝首脳会談の実現に向けた意欲).
        if after := [w for w in words if w[0] >= t_start and w[2] is not None and not self._own_contact_word(s, w[1])]:
            pair = after[0][2]
            if pair is not None:
                return pair, False
        # The article's pair stands in when the sentence names no side, or only the counterpart (Japanese news
        # leaves Japan, its subject, unsaid); Japanese officials alone may be consulting each other, unless the
        # contact word opens the sentence as its topic (協議は北京で行われ、日本側は課長が出席した): the article's
        # contact, referred back to.
        if self.context_pair and self.lex.bodies.search(self.lex.speech_events.sub("", s[:t_start])):
            return None  # 日本の報道関係者でつくる訪問団が…北朝鮮の幹部と面会: the unnamed side holds no office
        if self.context_pair and (
            (not states and not self.context_weak)
            or (states and states <= set(self.context_pair) and "JPN" not in states)
        ):
            if not states and self.after_multilateral and _ANAPHOR_BEFORE.match(s[:t_start]):
                return None  # 日米韓の次官が協議した。協議後、…: the same multilateral meeting, referred back to
            return self.context_pair, True
        if (
            self.context_pair
            and states <= set(self.context_pair)
            and _ANAPHOR_BEFORE.match(s[:t_start])
            and not self.after_multilateral
        ):
            trigger = self.lex.triggers.match(s, t_start)
            if trigger and s[trigger.end() : trigger.end() + 2].startswith(("は", "では", "には", "が")):
                return self.context_pair, True
        return None

    def _context_pair(self) -> tuple[str, str] | None:
        head = "\n".join(filter(None, [self.article.title or "", *(self.text[a:b] for a, b in self.sents[:3])]))
        # Only a pair word (日朝, 朝・日) in the headline or lede sets the article's pair: two states merely
        # named there (a former lawmaker's visit, "the government asked him not to go") do not.
        for _, _, pair in self._pair_words(head):
            if pair is not None:
                return pair
        # A pair named only as a subject (〈朝・日関係〉) is the article's pair too, but only for a contact word
        # whose sentence names the counterpart (朝鮮最高人民会議の幹部と会見し), never for one naming no side.
        for _, _, pair in self._pair_words(head, topics=True):
            if pair is not None:
                self.context_weak = True
                return pair
        return None

    # -- status -----------------------------------------------------------------------------------------
    def _tokens_from(self, char: int, end: int) -> list[Token]:
        i = next((self.tok_at[c] for c in range(char, end) if self.tok_at[c] >= 0), -1)
        if i < 0:
            return []
        out = []
        for t in self.doc[i:]:
            if t.idx >= end:
                break
            out.append(t)
        return out

    def _denied_report(self, t_end: int, s_start: int) -> bool:
        """Whether the contact word ending at `t_end` is what a report said (…と接触したとの報道, …とされる情報)
        and its sentence denies it (否定した, 事実無根, そのような事実はない)."""
        sent_end = next((b for a, b in self.sents if a == s_start), len(self.text))
        rest = self.text[t_end:sent_end]
        hearsay = self.lex.hearsay.search(rest[:20])
        if hearsay is None:
            return False
        if self.lex.denials.search(rest[hearsay.end() :]) is not None:
            return True
        # …と報じた。これについて政府関係者は「事実は承知していない」と述べた: the next sentence answers the report.
        following = next((self.text[a:b] for a, b in self.sents if a >= sent_end), "")
        return following.lstrip().startswith(self.report_anaphors) and self.lex.denials.search(following) is not None

    def _recalled(self, s: str, start: int, end: int, date: JaDate | None) -> bool:
        """Whether the contact word at [start, end) of sentence `s` is what a recollection is about (当時の交渉,
        会談したことを振り返り): recalled, not reported, unless dated within the last two weeks
        (前日の会談を振り返り)."""
        if s[max(0, start - 4) : start].endswith(("当時の", "かつての")):
            return True
        if not self.recollection.match(s[end:]):
            return False
        if date is None or self.age_ref is None:
            return True
        from extractors.events import parse_partial_date

        return (self.age_ref - parse_partial_date(date.value)[1]).days > 14

    def _history(self, t_start: int, t_end: int) -> bool:
        """Whether the predicate governing the contact word at [t_start, t_end) is in the perfect of a span
        (接触を重ねてきた, 協議を続けてきた: V-てきた, "have been meeting"): a history of contacts, not a report of one
        (the caller leaves a contact dated to the day to be news: 15日に会談してきた, went and met)."""
        token = self._token_at(t_end - 1)
        pred = token
        steps = 0
        while pred is not None and pred.pos_ != "VERB" and steps < 3 and pred.head is not pred:
            pred = pred.head
            steps += 1
        if pred is None or pred.pos_ != "VERB" or (token is not None and pred.i < token.i):
            return False
        perfect = any(
            c.dep_ == "mark" and c.lemma_ == "て" and any(f.lemma_ in ("くる", "来る") for f in c.children)
            for c in pred.children
        )
        return perfect and any(_lemma(c) == "た" for c in pred.children if c.dep_ == "aux")

    def _never(self, t_end: int) -> bool:
        """Whether the contact predicate after `t_end` is an experiential negative (接触したことはない, 会ったことが
        ない): up to the next comma or full stop."""
        rest = re.split(r"[、。]", self.text[t_end : t_end + 16], maxsplit=1)[0]
        return any(n in rest for n in self.never_happened)

    def _guessed(self, t_end: int) -> bool:
        """Whether the contact predicate after `t_end` is followed by a speculation marker (会談したとみられる,
        接触した可能性がある), up to the next comma or full stop."""
        rest = re.split(r"[、。]", self.text[t_end : t_end + 16], maxsplit=1)[0]
        # Only right after the contact's own predicate (会談したとみられる), not after a predicate about it
        # (協議はその環境整備の一環とみられる).
        return any(q in rest and not re.search(r"[はがをのに]", rest[: rest.index(q)]) for q in self.speculation)

    def _asked_about(self, t_end: int) -> bool:
        """Whether the clause of the contact word ending at `t_end` is an embedded question (…接触したかどうか,
        会談したか否か): its predicate, up to the next comma or full stop, ends in a question marker."""
        rest = re.split(r"[、。]", self.text[t_end : t_end + 12], maxsplit=1)[0]
        return any(q in rest for q in self.embedded_questions)

    def _speaker(self, s: str, end: int) -> bool:
        """Whether the person or office ending at `end` in `s` is the one speaking about the meeting (官房長官は3日の
        記者会見で, 局長は談話を発表し, 外務省幹部によると), not one at it."""
        if s.startswith(_SOURCE_AFTER, end):
            return True
        if self.directs.match(s, end):
            return True  # 首相が直接指示した日朝協議: who directed the contact, not one at it
        return (
            _SPEAKER_AFTER.match(s, end) is not None
            and self.lex.speech_events.search(s[end : end + 16].split("、", maxsplit=1)[0]) is not None
        )

    def _token_at(self, char: int) -> Token | None:
        i = self.tok_at[char] if 0 <= char < len(self.tok_at) else -1
        return self.doc[i] if i >= 0 else None

    def status(self, t_start: int, t_end: int, s_start: int) -> tuple[Status, bool]:
        """(status, reference) of the contact word at [t_start, t_end), from the predicate governing it."""
        after = self.text[t_end : t_end + 8]
        token = self._token_at(t_end - 1)
        if token is None:
            return "held", True
        before = self.text[s_start:t_start]
        if before.count("「") > before.count("」"):
            return "held", True  # quoted speech about a meeting is no report of one
        if self._denied_report(t_end, s_start):
            return "held", True  # 接触したとの報道を否定した: a report of a contact, denied
        if _CLEFT_AFTER.match(after):
            return "held", True  # 両首脳が会談するのは約1年ぶり: a cleft about the contact the article reports
        if self._never(t_end):
            return "cancelled", False  # 接触したことはない: an experiential negative, no contact took place
        if self._guessed(t_end):
            return "proposed", False  # 会談したとみられる: a guess, not a report
        if self._asked_about(t_end):
            return "proposed", False  # 接触したかどうかは明らかになっていない: asked about, not reported
        if _ATTITUDE_AFTER.match(after):
            return "proposed", False  # 首脳会談に意欲を示している: an attitude toward a contact, not one
        if _REFERENCE_AFTER.match(after) and not (token.pos_ == "VERB" and after[:1] in "しさ"):
            # 開催された日朝政府間協議の概要: a relative clause may still say what became of it.
            for child in token.children:
                if child.dep_ == "acl" and child.pos_ == "VERB" and child.lemma_ in _MEET_VERBS | _HOLD_VERBS:
                    if child.lemma_ in _PLAN_NOUNS:
                        return "scheduled", False  # 今週予定されていた協議: planned, whatever became of it
                    return _predicate_status(child), False
            if _DESCRIBED_BEFORE.search(self.text, s_start, t_start) is not None:
                return "held", False  # 先月北京で極秘に開かれた日朝の局長級協議で: a past relative clause holds it
            if after.startswith(("後", "直後", "の後")):
                # 協議後、記者団に述べた: the contact took place if what followed it did.
                root = token.sent.root
                if root.pos_ in ("VERB", "ADJ") and root.i > token.i and _predicate_status(root) == "held":
                    return "held", False
            return "held", True
        if token.pos_ != "VERB" and _NOUN_ENDING.match(after):
            # 日朝外相が会談。 / 北朝鮮外相と会談、…: a noun-ending clause reports what happened, unless it looks ahead.
            clause = self.text[s_start:t_start]
            return ("scheduled" if _AHEAD.search(clause + after) else "held"), False
        pred: Token | None = token
        steps = 0
        # きのう is sometimes tagged an adjective that the contact word hangs on: it governs nothing.
        while (
            pred is not None and (pred.pos_ not in ("VERB", "ADJ") or RELATIVE_DAY.fullmatch(pred.text)) and steps < 4
        ):
            if pred.dep_ == "ROOT" or pred.head is pred:
                pred = None
                break
            pred = pred.head
            steps += 1
        if pred is None or pred.pos_ not in ("VERB", "ADJ"):
            if after.startswith("へ"):
                return "scheduled", False
            root = token.sent.root
            plan = [c for c in root.children if c.dep_ == "acl" and c.pos_ == "VERB" and c.i > token.i]
            if root.i > token.i and root.lemma_ in _PLAN_NOUNS | _WISH_NOUNS and plan:
                return _predicate_status(plan[-1]), False  # 協議は11日にも開かれる見込みだ: the verb the noun ends
            if root.i > token.i and root.lemma_ in _MEET_VERBS | _HOLD_VERBS | _DONE | _BEGIN:
                # 日朝首脳会談が平壌で開催。: a verbal noun ending the sentence reports the event.
                clause = self.text[s_start:t_start] + self.text[t_end : root.idx + len(root.text)]
                return ("scheduled" if _AHEAD.search(clause) else "held"), False
            return "held", True
        nxt = self.doc[token.i + 1] if token.i + 1 < len(self.doc) else None
        if token.pos_ != "VERB" and nxt is not None and nxt.pos_ in ("NOUN", "PROPN") and nxt.lemma_ not in _PLAN_NOUNS:
            return "held", True  # 首脳会談成立, 交渉過程: the contact word modifies another noun
        if (
            token.pos_ != "VERB"
            and nxt is not None
            and nxt.text == "の"
            and token.head.i > token.i
            and token.head.pos_ in ("NOUN", "PROPN")
            and token.head.lemma_ not in _PLAN_NOUNS | _WISH_NOUNS | self.not_reference_heads
        ):
            return "held", True  # 日朝協議の状況について説明した: what the clause is about is another noun
        if pred.dep_ == "acl" and any(
            c.dep_ == "compound" and c.i < pred.head.i and c.text in self.former for c in pred.head.children
        ):
            return "held", True  # 日朝協議に携わった元外務省幹部: a former official's past, not a report
        # 取り|沙汰している, 申し|入れた: a compound verb the tokenizer split (a conjunctive stem right before the
        # verb it hangs on) is one predicate, the second verb's.
        for _ in range(2):
            nxt_verb = pred.head
            if nxt_verb.i == pred.i + 1 and nxt_verb.pos_ == "VERB" and pred.dep_ in ("advcl", "compound"):
                pred = nxt_verb
        # 協議を働きかける考えを示した: a verb modifying a plan or wish noun governs the contact word before it.
        for t in self.doc[token.i + 1 : pred.i]:
            if t.pos_ == "VERB" and t.dep_ == "acl" and t.head.lemma_ in _PLAN_NOUNS | _WISH_NOUNS:
                pred = t
                break
        status = _predicate_status(pred)
        if (
            status == "ongoing"
            and token.pos_ != "VERB"
            and pred.lemma_ not in _MEET_VERBS | _HOLD_VERBS | _CONTINUE | _PROGRESS
            and self.lex.triggers.match(pred.lemma_) is None
        ):
            # 朝・日首脳会談を云々している, 日朝協議を注視している: a progressive about the contact, not one under way
            return "held", True
        return status, False

    # -- clause fields ----------------------------------------------------------------------------------
    def _call_place(self, g: Group) -> str | None:
        sents = {m.sent_index for m in g.mentions} | {m.sent_index + 1 for m in g.mentions}
        for i in sorted(sents):
            if i < len(self.sents):
                s = self.text[slice(*self.sents[i])]
                for m in self.lex.call_places.finditer(s):
                    if s.startswith(("で", "から", "にて"), m.end()):
                        return self.lex.call_place_of[m.group()]
        return None

    def _headline_place(self, g: Group) -> str | None:
        """Where the article's news contact took place when no sentence about it says: the headline's place
        (日朝、北京で協議), else the venue or a side's travel the article tells elsewhere, else the dateline's
        city (【瀋陽共同】), where the report was filed."""
        title = self.article.title or ""
        if title and (self.lex.triggers.search(title) or self.lex.pairs.search(title)):
            place, _ = self.place(title)
            if place is not None:
                return place
        if (told := self._venue_or_travel(g)) is not None:
            return told
        if dl := self.dateline:
            city = self.lex.city_of.get(dl) or self.lex.capital_of.get(dl)
            return city[0] if city else None
        return None

    def _venue_or_travel(self, g: Group) -> str | None:
        """A city the article names as the venue (会場となったのはウランバートル市内のホテル) or as where a side
        travelled (日本側代表団は14日に北京入りした), in a sentence about no other contact or earlier round."""
        cities = {**self.lex.city_of, **self.lex.capital_of}
        for span in self.sents:
            if self._about_another(g, span):
                continue
            s = self.text[slice(*span)]
            venue = _VENUE_WORDS.search(s) is not None
            side = any(a[2] in g.pair for a in self.actors(s)) or _FOLLOWS_ON.match(s) is not None
            for cm in self.lex.places.finditer(s):
                if _DEPARTURE_AFTER.match(s, cm.end()):
                    continue
                if venue or (side and _TRAVEL_AFTER.match(s, cm.end())):
                    return cities[cm.group()][0]
        return None

    def place(self, s: str) -> tuple[str | None, str | None]:
        """(place, venue) named in a clause: a city marked as where (Xで, Xにて, Xの…で, X入り, Xを訪問), else
        any city that is not a departure or transit point, else a country used as a place."""
        lex = self.lex
        venue = None
        if vm := lex.venues.search(s):
            venue = lex.venue_of[vm.group()]
        best: tuple[int, str] | None = None
        for m in lex.places.finditer(s):
            name = (lex.city_of.get(m.group()) or lex.capital_of[m.group()])[0]
            after = s[m.end() : m.end() + 12]
            if _DEPARTURE_AFTER.match(after):
                continue
            score = (
                3
                if re.match(
                    r"^(?:市内|市|都内|市の[^。]{0,10}?|の[^。、]{0,12}?)?(?:で|にて|入り|を訪問|に到着|を訪れ|で開)",
                    after,
                )
                else 1
            )
            if best is None or score > best[0]:
                best = (score, name)
        if best is not None:
            return best[1], venue
        for m in _VENUE_CITIES.finditer(s):
            if _WHERE_AFTER.match(s[m.end() :]) or s.startswith(("」で", "」にて", "」の"), m.end()):
                return _LEX.raw["venue_cities"][m.group()], venue  # クレムリンで: the city the building is in
        for m in lex.countries_as_places.finditer(s):
            if _COUNTRY_WHERE.match(s, m.end()) and m.group() != "東南アジア":
                return lex.country_place[m.group()], venue
        return None, venue

    def clause_date(self, s: str, s_offset: int, t_start: int, future: bool) -> tuple[JaDate | None, bool]:
        """The date of the contact word at `t_start` (sentence-relative): the nearest date expression before
        it in its clause, else the first after it; and whether that date is a 'since' (以来, ぶり)."""
        dates = [
            d
            for d in find_dates(s, self.date_ref, future=future, relative=self.relative_days)
            if not s[d.end : d.end + 4].startswith(_NOT_CONTACT_DATE)
            and not self._report_date(s[d.end : d.end + 20])
            and not s[max(0, d.start - 3) : d.start].endswith("ことが")
            and not _ANNIVERSARY.match(s[d.end : d.end + 6])
        ]
        if not dates:
            return None, False
        before = [d for d in dates if d.end <= t_start]
        after = [d for d in dates if d.start >= t_start]

        def since(d: JaDate) -> bool:
            return bool(_SINCE_AFTER.match(s[d.end : d.end + 8]))

        if after and (not before or after[0].start - t_start < 25):
            return after[0], since(after[0])
        if not before:
            return None, False
        plain = [d for d in before if not since(d)]
        if not plain:
            return before[-1], True
        chosen = len(plain) - 1

        def listed(a: JaDate, b: JaDate) -> bool:
            between = s[a.end : b.start]
            if between == "、":
                # 26日、27日の両日 lists; 政府は18日、先月平壌で開かれた協議 is the report's day, then the contact's
                return a.precision == b.precision and _LIST_AFTER.match(s, b.end) is not None
            return between in ("から", "〜", "~", "～", "と", "-")

        # 26日から28日まで, 3月と5月の2回: a range or list is dated by its first member.
        while chosen > 0 and listed(plain[chosen - 1], plain[chosen]):
            chosen -= 1
        return plain[chosen], False

    def _report_date(self, after: str) -> bool:
        """Whether a date followed by `after` dates the report (２日、分かった; ２日、関係者が明らかにした), not a
        contact word said before the report verb (先月末、北京で協議していたことが分かった)."""
        rm = _REPORT_DATE_AFTER.match(after)
        return rm is not None and self.lex.triggers.search(rm.group()) is None

    def _forum(self, s: str, ss: int, m: re.Match[str]) -> bool:
        """Whether the contact word `m` (in sentence `s` starting at `ss`) names a multilateral forum: a forum's
        name right before it (ARFの閣僚会合, ASEAN関連会合), or a bare 会合 in an article that has named a forum
        before it. 会合 names a pair's meeting only with the pair word on it (日朝の会合)."""
        lex = self.lex
        before = s[max(0, m.start() - 12) : m.start()]
        named = list(lex.forums.finditer(before))
        if named and _FORUM_TAIL.match(before[named[-1].end() :]):
            return True
        if m.group() != "会合" or lex.pairs.search(s[max(0, m.start() - 4) : m.start()]):
            return False
        owner = _OWNED_MEETING.search(s, 0, m.start())
        if owner is not None and s[: owner.start()].endswith(self.contact_heads):
            return False  # 日朝国交正常化作業部会の初会合: the meeting of a contact word, not of the forum
        return lex.forums.search(self.text[: ss + m.start()]) is not None

    def _previous_day(self, at: int, rel_start: int) -> JaDate | None:
        """前日 at `at` in the text: the day before the last day the article named before it, else before the
        publication day (when relative days count); `rel_start` is its offset in the clause."""
        earlier = [
            d for d in find_dates(self.text[:at], self.date_ref, relative=self.relative_days) if d.precision == "day"
        ]
        base = dt.date.fromisoformat(earlier[-1].value) if earlier else (self.published if self.relative_days else None)
        if base is None:
            return None
        return JaDate(rel_start, rel_start + 2, (base - dt.timedelta(days=1)).isoformat(), "day")

    # -- mentions ---------------------------------------------------------------------------------------
    def mentions(self) -> list[Mention]:
        lex = self.lex
        out: list[Mention] = []
        for si, (ss, se) in enumerate(self.sents):
            s = self.text[ss:se]
            blocked = [(m.start(), m.end()) for m in lex.not_triggers.finditer(s)]
            last_end = 0
            for m in _masked(lex.triggers, s, blocked):
                if m.group().startswith("会") and m.group() in ("会っ", "会い", "会う", "会え", "会わ"):
                    prev = s[max(0, m.start() - 1) : m.start()]
                    if prev and prev in "社議協大総再面機都国学際商年":
                        continue  # 社会, 議会, 協会 ...
                if self._forum(s, ss, m):
                    continue  # ARFの閣僚会合, (その)会合には…出席した: the forum itself, not a meeting of two
                if m.group() in ("協議", "話し合") and s[: m.start()].endswith(self.deliberation):
                    last_end = m.end()
                    continue  # 対応を協議: a government deliberating on its response, not meeting anyone
                partner = _PARTNER_BEFORE.search(s[max(0, m.start() - 16) : m.start()])
                if partner and lex.bodies.search(partner.group(1)):
                    last_end = m.end()
                    continue  # 共同通信と会見し, 家族会のメンバーと面会: met no one of the other government
                sides = self.sides(s, m.start())
                if sides is None:
                    last_end = m.end()
                    continue
                pair, from_context = sides
                if not from_context:
                    self.after_multilateral = False
                    self.last_pair = pair
                status, reference = self.status(ss + m.start(), ss + m.end(), ss)
                clause = s[last_end:]
                future = status in ("scheduled", "proposed")
                date, since = self.clause_date(clause, ss + last_end, m.start() - last_end, future)
                if date is not None:
                    date = JaDate(date.start + last_end, date.end + last_end, date.value, date.precision)
                elif (same := _SAME_DAY.search(clause)) is not None:
                    # 同日, これに先立ち, その後: the day last named before it in the article
                    earlier = find_dates(
                        self.text[: ss + last_end + same.start()], self.date_ref, relative=self.relative_days
                    )
                    if earlier and earlier[-1].precision == "day":
                        d = earlier[-1]
                        date = JaDate(same.start() + last_end, same.end() + last_end, d.value, "day")
                elif (pm := _PREVIOUS_DAY.search(clause)) is not None:
                    date = self._previous_day(ss + last_end + pm.start(), pm.start() + last_end)
                if date is None and si > 0 and _FOLLOWS_ON.match(s):
                    # 代表団は滞在中、…幹部と会見し: the visit the sentence before dated (17日から19日まで平壌を訪問)
                    ps, pe = self.sents[si - 1]
                    prev = self.text[ps:pe]
                    borrowed, _ = self.clause_date(prev, ps, len(prev), future)
                    date = JaDate(0, 0, borrowed.value, borrowed.precision) if borrowed else None
                place, venue = self.place(clause)
                call = (mm := lex.modes.search(s)) is not None and lex.mode_of[mm.group()] in ("phone", "video")
                filed = False
                if place is None and si == self.dateline_sent and not call and (dl := self.dateline):
                    city = lex.city_of.get(dl) or lex.capital_of.get(dl)
                    place = city[0] if city else None
                    filed = place is not None
                mode: Mode = "in_person"
                if mm := lex.modes.search(s):
                    mode = (
                        "phone"
                        if lex.mode_of[mm.group()] == "phone"
                        else "video"
                        if lex.mode_of[mm.group()] == "video"
                        else "in_person"
                    )
                since = since or bool(_SINCE_AFTER.match(s[m.end() : m.end() + 6]))
                since = since or bool(_SINCE_CLAUSE.search(s[m.end() :])) or bool(_THEN.match(s))
                since = since or self._recalled(s, m.start(), m.end(), date)
                since = since or (
                    (date is None or date.precision != "day") and self._history(ss + m.start(), ss + m.end())
                )
                out.append(
                    Mention(
                        pair=pair,
                        from_context=from_context,
                        status=status,
                        reference=reference,
                        sent_index=si,
                        sent_start=ss,
                        sent_end=se,
                        trigger=m.group(),
                        clause_start=ss + last_end,
                        t_start=ss + m.start(),
                        date=date,
                        since=since,
                        place=place,
                        venue=venue,
                        mode=mode,
                        newly=bool(_NEWLY.search(s)),
                        filed=filed,
                    )
                )
                last_end = m.end()
        return out

    # -- news vs background -------------------------------------------------------------------------------
    def is_background(self, m: Mention) -> bool:
        if m.since:
            return True
        pub = self.age_ref
        if pub is None or m.date is None:
            return False
        from extractors.events import parse_partial_date

        _, last = parse_partial_date(m.date.value)
        age = (pub - last).days
        newly = m.newly or any(x.newly for x in [m])
        if age > 14 and self._described(m) and not _SECRET.search(self.text, m.sent_start, m.sent_end):
            return True  # 先月開かれた協議で提出された遺骨について…発表した: recalled as the setting of the news
        if newly:
            return age > 365
        if m.sent_index < _LEDE_SENTENCES:
            return age > 365
        return age > 14

    def _described(self, m: Mention) -> bool:
        """Whether the contact word is described by a past relative clause on holding it and is only the setting
        or owner of what its sentence tells (先月平壌で開かれた日朝実務者協議で北朝鮮側が提出した遺骨について…発表した):
        the sentence recalls that contact, in the lede as elsewhere."""
        end = m.t_start + len(m.trigger)
        return (
            _DESCRIBED_BEFORE.search(self.text, m.sent_start, m.t_start) is not None
            and _DESCRIBED_AFTER.match(self.text[end : end + 6]) is not None
        )

    def out_of_office(self, group: Group) -> bool:
        pub = self.age_ref
        if pub is None:
            return False
        for m in group.mentions:
            for om in self.lex.officials.finditer(self.text[m.sent_start : m.sent_end]):
                o = self.lex.official_of[om.group()]
                # Leaders' and foreign ministers' terms are on record; other officials' end years are not reliable.
                if o.category not in ("leaders", "foreign_ministers"):
                    continue
                if o.country in group.pair and o.end is not None and o.end < pub.year - 1:
                    return True
        return False

    # -- events -----------------------------------------------------------------------------------------
    def events(self) -> list[Event]:
        mentions = self.mentions()
        self.all_mentions = mentions
        for m in mentions:
            m.background = self.is_background(m)
        self._guesses_about_told(mentions)
        groups: list[Group] = []
        for m in mentions:
            if m.reference and not (m.background and m.date is not None):
                continue
            kind = {"held": "contact", "ongoing": "contact", "scheduled": "plan", "proposed": "plan"}.get(
                m.status, m.status
            )
            for g in groups:
                if g.pair == m.pair and g.background == m.background and g.kind == kind and _compatible(g, m):
                    g.mentions.append(m)
                    break
            else:
                groups.append(Group(m.pair, m.background, kind, [m]))
        # Reference mentions of a pair's news contact add their sentences' participants, place and level.
        for m in mentions:
            if m.reference and not m.background:
                for g in groups:
                    if g.pair == m.pair and not g.background and g.kind == "contact" and _compatible(g, m):
                        g.mentions.append(m)
                        break
        events = []
        for g in groups:
            if not g.background and self.out_of_office(g):
                g.background = True
            events.append(self._event(g))
        return events

    def _guesses_about_told(self, mentions: list[Mention]) -> None:
        """A guess in the past about what was said (…が出席し、条件などを話し合ったとみられる), undated, after the
        article has told the pair's contact as held: it guesses at that contact's content, not whether another took
        place, so it refers to the contact told (and its sentence may say who attended)."""
        for i, m in enumerate(mentions):
            if m.status != "proposed" or m.date is not None or m.background or m.reference:
                continue
            end = m.t_start + len(m.trigger)
            rest = re.split(r"[、。]", self.text[end : end + 16], maxsplit=1)[0]
            if not _PAST_GUESS.match(rest):
                continue
            if any(
                o.pair == m.pair
                and o.status == "held"
                and not o.background
                and not o.reference
                and o.sent_index < m.sent_index
                for o in mentions[:i]
            ):
                m.reference = True

    def _event(self, g: Group) -> Event:
        own = [m for m in g.mentions if not m.reference] or g.mentions
        status = own[0].status
        dated = [m.date for m in g.mentions if m.date is not None]
        order = {"day": 0, "month": 1, "year": 2}
        date = min(dated, key=lambda d: order[d.precision]) if dated else None
        if date is None and not g.background and g.kind == "contact":
            date = self._month_of_report()
        # A place the contact's sentences give beats the venue or travel told elsewhere, which beats the dateline.
        place = (
            next((m.place for m in own if m.place and not m.filed), None)
            or next((m.place for m in g.mentions if m.place and not m.filed), None)
            or (self._headline_place(g) if not g.background else None)
            or next((m.place for m in g.mentions if m.place), None)
        )
        if place in self.country_states:
            place = self._city_in(self.country_states[place], g) or place
        venue = next((m.venue for m in g.mentions if m.venue), None)
        spans = sorted({(m.sent_start, m.sent_end) for m in g.mentions})[:MAX_EVIDENCE]
        clauses = sorted({(m.clause_start, m.sent_end) for m in own if not m.reference})
        # The contact words that name this meeting: its own, and references in sentences without one of its own
        # (協議は北京で行われた). A reference beside an own mention names another contact (協議し、首脳会談の
        # 開催について…), whose rank (首脳) is not this meeting's.
        own_sents = {m.sent_index for m in own if not m.reference}
        this = {m.t_start for m in g.mentions if not m.reference or m.sent_index not in own_sents}
        participants, level, sided = self._who(g, clauses or spans, this)
        # Who attended is often the next sentence (日本側は局長級、北朝鮮側は…が出席した), or another mention of
        # the same contact (a caption, a coming round).
        nearby = [
            self.sents[m.sent_index + 1]
            for m in own
            if m.sent_index + 1 < len(self.sents)
            and _ATTENDANCE.search(self.text[slice(*self.sents[m.sent_index + 1])])
        ] + [
            # 代表団は…と会見し: who the delegation is, the sentence before says (国会議員らで構成された代表団)
            self.sents[m.sent_index - 1]
            for m in own
            if m.sent_index > 0 and _FOLLOWS_ON.match(self.text[m.sent_start : m.sent_end])
        ]
        # A sentence about another contact or an earlier round (前回の協議以来) names no one of this meeting.
        nearby = [span for span in nearby if not self._about_another(g, span)]
        nearby += [span for span in self._side_frames(g, own) if span not in nearby]
        if sided == 1 and nearby:
            # 王毅外相は北朝鮮の代表団と会談した。代表団は外務次官が率いた: who led the other side, said in the
            # sentence beside, joins the first side's rank (the lower of the two).
            _, joint_level, joint_sided = self._who(g, (clauses or spans) + nearby, this)
            if joint_sided == 2:
                level = joint_level
        if level == "unknown" or not sided:
            # Who led each side there says more than a rank in the contact word (政府間協議) or one not tied to a
            # side.
            other_mentions = [
                m
                for m in self.all_mentions
                if m.pair == g.pair and not m.background and not m.reference and _compatible(g, m)
            ]
            others = [(m.clause_start, m.sent_end) for m in other_mentions]
            # A caption or a coming round names who takes part; a contact word of another kind (首脳会談の実現を
            # 目指す) names no rank of this meeting.
            same_kind = {m.t_start for m in other_mentions if _KIND.get(m.status, m.status) == g.kind}
            _, near_level, near_sided = self._who(g, nearby, this)
            if level == "unknown" or (near_sided and near_level != "unknown"):
                level = near_level
            if level == "unknown":
                _, level, _ = self._who(g, others, this | same_kind)
        mode: Mode = next((m.mode for m in own if m.mode != "in_person"), "in_person")
        if mode in ("phone", "video") and not g.background:
            # A call's place is where the Japanese side took it, when the article says (首相官邸で, 外務省から);
            # the headline's or dateline's city says nothing about a call.
            place = next((m.place for m in g.mentions if m.place), None) or self._call_place(g)
        elif place is None and not g.background:
            place = self._visit_place(g)
        novelty = None if g.background else self._novelty(spans)
        score = 0.6
        if not all(m.from_context for m in own):
            score += 0.1
        if date is not None:
            score += 0.08
        if place is not None:
            score += 0.05
        if any(m.sent_index < _LEDE_SENTENCES for m in own):
            score += 0.07
        if {p.country for p in participants} >= set(g.pair):
            score += 0.05
        if status in ("scheduled", "proposed"):
            score -= 0.05
        return Event(
            status=status,
            countries=g.pair,
            date=date.value if date else None,
            date_precision=_precision(date.precision) if date else None,
            location=place,
            venue=venue,
            level=level,
            mode=mode,
            participants=participants,
            background=g.background,
            novelty=novelty,
            confidence=round(min(0.95, score), 2),
            codes=codes_for(status, mode),
            evidence=tuple(
                Evidence(article=self.article.id, start=a, end=b, text=self.original[a:b]) for a, b in spans
            ),
        )

    def _about_another(self, g: Group, span: tuple[int, int]) -> bool:
        """Whether the sentence `span` is about another contact than `g` (a contact word of its own not in `g`) or an
        earlier round (前回の協議以来, 当時)."""
        mine = {id(m) for m in g.mentions}
        if any(m.sent_start == span[0] and id(m) not in mine for m in self.all_mentions):
            return True
        s = self.text[slice(*span)]
        return _EARLIER_ROUND.search(s) is not None

    def _side_frames(self, g: Group, own: list[Mention]) -> list[tuple[int, int]]:
        """Sentences after the contact's own ones that say who a side sent (日本側の代表は審議官、北朝鮮側は…),
        up to the next sentence about another contact, at most three on: they name this meeting's people."""
        out: list[tuple[int, int]] = []
        for m in own:
            for i in range(m.sent_index + 1, min(len(self.sents), m.sent_index + 4)):
                if self._about_another(g, self.sents[i]):
                    break
                s = self.text[slice(*self.sents[i])]
                if self.both_topic.match(s) and self.lex.ranks.search(s):
                    out.append(self.sents[i])  # 双方の出席者は外務省の課長級だった
                elif any(
                    self.lex.state_of[sm.group()] in g.pair
                    and _SIDE_FRAME.match(s, sm.end() - 1 if sm.group().endswith("側") else sm.end())
                    for sm in self.lex.states.finditer(s)
                ):
                    out.append(self.sents[i])
        return out

    def _month_of_report(self) -> JaDate | None:
        """A news contact nothing in the article dates (接触していたことが分かった): the publication month when the
        week before publication lies in it, or the only month a record gives; never a day (as in English)."""
        if self.published is not None:
            if self.published.day > _RECENT_DAYS:
                return JaDate(0, 0, f"{self.published.year:04d}-{self.published.month:02d}", "month")
            return None
        if self.date_ref is not None:
            return JaDate(0, 0, f"{self.date_ref.year:04d}-{self.date_ref.month:02d}", "month")
        return None

    def _visit_place(self, g: Group) -> str | None:
        """The capital of a side whose state the contact's sentences say was visited (訪朝した首相を迎え): where a
        contact in person took place when the article names no place."""
        visits: dict[str, list[str]] = self.lex.raw["visit_words"]
        for a, b in sorted({(m.sent_start, m.sent_end) for m in g.mentions}):
            for word, (capital, iso) in visits.items():
                if iso in g.pair and word in self.text[a:b]:
                    return capital
        return None

    def _city_in(self, iso: str, g: Group) -> str | None:
        """A city of the state `iso` named for the contact `g` (its mentions' places, else a city its sentences
        name that is no departure or transit point): モンゴルで接触… 協議はウランバートル市内で行われた."""
        cities = {**self.lex.city_of, **self.lex.capital_of}
        for m in g.mentions:
            if m.place and any(c == (m.place, iso) for c in cities.values()):
                return m.place
        for a, b in sorted({(m.sent_start, m.sent_end) for m in g.mentions}):
            s = self.text[a:b]
            for cm in self.lex.places.finditer(s):
                name, city_iso = cities[cm.group()]
                if city_iso == iso and not _DEPARTURE_AFTER.match(s, cm.end()):
                    return name
        # 【クアラルンプール共同】…マレーシアで開かれている会議: the dateline's city, when it lies in that state.
        if (dl := self.dateline) and (city := cities.get(dl)) and city[1] == iso:
            return city[0]
        return None

    def _possessor(self, s: str, end: int) -> bool:
        """Whether the person or office ending at `end` is only the owner of what follows (首相の親書, 金正恩総書記の
        側近, 首相の意向): someone mentioned, not someone at the meeting."""
        after = s[end : end + 16]
        if after.startswith(self.proxies):
            return True  # 首相特使, 大統領親書: a proxy noun compounded onto the rank (no の) makes it the owner too
        if after.startswith("からの") and after[3:].startswith(self.possessed):
            return True  # 首相からのメッセージ, 大統領からの親書: the sender of what was handed over
        if rm := self.lex.ranks.match(after):
            after = after[rm.end() :]
        return after.startswith("の") and after[1:].startswith(self.possessed)

    def _who(
        self, g: Group, spans: list[tuple[int, int]], this: set[int] | None = None
    ) -> tuple[tuple[Participant, ...], Level, int]:
        """Participants and level of a meeting from the offices named in `spans`, and how many sides' offices the
        level comes from (0: only the contact word, 局長級協議); `this`: the starts of the contact words
        naming the meeting (a rank inside another contact word, 首脳会談, is that contact's)."""
        lex = self.lex
        people: dict[str, Participant] = {}
        side_rank: dict[str, list[str]] = {g.pair[0]: [], g.pair[1]: []}
        vague = {g.pair[0]: 0, g.pair[1]: 0}
        both: list[str] = []
        titled: set[str | None] = set()
        category: dict[str, str] = {}
        for a, b in spans:
            s = self.text[a:b]
            # 会談には国家情報院長が同席した: who sat in led no side, when another sentence says who met.
            sat_in = len(spans) > 1 and self.sat_in.search(s) is not None
            anchors: list[tuple[int, str]] = []
            for om in lex.officials.finditer(s):
                o = lex.official_of[om.group()]
                if self._possessor(s, om.end()) or self._speaker(s, om.end()):
                    continue
                if o.country in g.pair:
                    people.setdefault(o.name, Participant(name=o.name, title=o.title, country=o.country))
                    category.setdefault(o.name, o.category)  # 岸田首相 leaders, 岸田外相 foreign_ministers
                    anchors.append((om.end(), o.country))
                    if sat_in:
                        titled.add(o.name)  # present, but not who led
                    # 宋日昊アジア局副局長: the title the article gives (at the time) beats the gazetteer's
                    if lex.ranks.search(re.split(r"[、。とや（(「]", s[om.end() : om.end() + 14], maxsplit=1)[0]):
                        titled.add(o.name)
            for x in self.actors(s):
                if x[2] in g.pair:
                    anchors.append((x[1], x[2]))
                    head = _head_rank(s[x[0] : x[1]]) if x[3] == "office" else None
                    if head and not sat_in and not self._possessor(s, x[1]) and not self._speaker(s, x[1]):
                        side_rank[x[2]].append(head)  # 国会議員団, 内閣情報官, 拉致問題担当相 (its head, 担当相)
            anchors.extend((pm[1], "*") for pm in self._pair_words(s) if pm[2] == g.pair)
            anchors.sort()
            both_topic = self.both_topic.match(s) is not None
            for rm in [] if sat_in else lex.ranks.finditer(s):
                if s[rm.end() :].startswith(self.not_rank_after) or s[: rm.start()].endswith(("元", "前")):
                    continue  # 大使館, 首相官邸; 元外相 (a former minister holds no office)
                if self._former_compound(s, rm.start()):
                    continue  # 元外務省局長: a former official's old rank
                level = lex.rank_of[rm.group()]
                if level in ("leaders", "foreign_ministers") and s[: rm.start()].endswith(self.deputy_prefixes):
                    level = "senior_officials"  # 副委員長, 副首相: a deputy is a senior official
                if self.parliament_compound.search(s, max(0, rm.start() - 16), rm.start()):
                    level = "parliamentary"  # 衆院外務委員長, 全国人民代表大会常務委員長: a parliament's office
                if self._possessor(s, rm.end()) or self._speaker(s, rm.end()):
                    continue
                trigger_word = self._rank_in_contact_word(s, rm.end()) or rm.group().endswith(("会談", "協議"))
                if s[: rm.start()].endswith(("両", "双方の")) or (both_topic and not trigger_word):
                    # 両外相, 双方の局長; 双方の出席者は外務省の課長級だった: each side's
                    for iso in g.pair:
                        side_rank[iso].append(level)  # 両外相, 双方の局長: each side's
                    continue
                near = [x for x in anchors if x[0] <= rm.start() and rm.start() - x[0] <= 20]
                # A rank inside the contact word (首脳会談, 局長級協議, 局長級の協議), not one before と (外相と会談).
                if trigger_word and this is not None and not any(a + rm.start() <= t <= a + rm.end() + 3 for t in this):
                    continue  # 協議し、首脳会談の開催について: the rank of a contact the meeting discussed
                if near and near[-1][1] != "*" and not trigger_word:
                    side_rank[near[-1][1]].append(level)
                    if rm.group() in self.vague_ranks:
                        vague[near[-1][1]] += 1
                elif near or trigger_word or level in ("red_cross",):
                    both.append(level)
        for p in people.values():
            if p.country and p.name not in titled and p.name is not None:
                side_rank[p.country].append(category[p.name])
        for iso, other in (g.pair, g.pair[::-1]):
            if side_rank[iso] and len(side_rank[iso]) == vague[iso] and not side_rank[other]:
                side_rank[iso] = []  # 日本側からは外務省の幹部が出席した: a vague rank alone says no level
        sided = sum(1 for iso in g.pair if side_rank[iso])
        return tuple(people.values()), _level(side_rank, both, g.pair), sided

    def _novelty(self, spans: list[tuple[int, int]]) -> str | None:
        for a, b in spans:
            s = self.text[a:b]
            if m := _AGO.search(s):
                n = to_int(m.group(1))
                unit = "years" if m.group(2) == "年" else "months"
                if n:
                    return f"first in {n} {unit if n > 1 else unit[:-1]}"
            if "初めて" in s or "初の" in s:
                return "first"
        return None


def _lemma(t: Token) -> str:
    """A token's lemma, the past auxiliary as た whatever its sound (臨んだ, 及んだ: 助動詞-タ, not the copula)."""
    return "た" if any(str(x).startswith("助動詞-タ;") for x in t.morph.get("Inflection", [])) else t.lemma_


def _aux_lemmas(pred: Token) -> list[str]:
    return (
        [pred.lemma_]
        + [_lemma(c) for c in pred.children if c.dep_ in ("aux", "mark", "cop") and c.i > pred.i]
        + [_lemma(f) for c in pred.children if c.dep_ == "mark" for f in c.children if f.dep_ == "fixed"]
    )


def _predicate_status(pred: Token, depth: int = 0) -> Status:
    """The status a predicate gives the contact it governs: its lemma, auxiliaries and what it modifies.
    `depth` > 0: the predicate a conjunctive clause joins (会い、…求めた), which lends its tense only."""
    lemmas = _aux_lemmas(pred)
    head = pred.head if pred.head is not pred else None
    ancestors = [a for a in (head, head.head if head is not None and head.head is not head else None) if a is not None]
    if pred.lemma_ in _STALLED or any(c.lemma_ in _STALLED for c in pred.children):
        return "cancelled"  # 交渉は途絶えている, 交渉が膠着状態に陥った
    if depth == 0 and (pred.lemma_ in _CANCEL or any(a.lemma_ in _CANCEL and a.pos_ == "VERB" for a in ancestors[:1])):
        return "cancelled"
    if depth == 0 and (pred.lemma_ in _REFUSE or any(a.lemma_ in _REFUSE for a in ancestors[:1])):
        return "refused"
    if depth == 0 and pred.lemma_ in _PLAN_NOUNS:
        return "scheduled"  # 協議は18日に予定されていた: a plan noun as the verb plans, whatever its tense
    negated = any(n in lemmas for n in _NEGATION)
    past = "た" in lemmas
    if negated and not past:
        return "refused"
    if negated:
        return "cancelled"  # 会談は行われなかった
    if any(x in lemmas for x in ("ば", "たら", "なら")):
        return "proposed"  # 実現すれば: a condition, not an event
    if (
        (depth == 0 and pred.lemma_ in _PROPOSE)
        or "たい" in lemmas
        or any(x.endswith("う") and x != "う" and x.startswith("し") for x in lemmas)
    ):
        return "proposed"
    if pred.dep_ == "acl" and head is not None:
        if head.lemma_ in _WISH_NOUNS or (head.lemma_ in _PLAN_NOUNS and any(a.lemma_ in _PROPOSE for a in ancestors)):
            return "proposed"  # 会う考え; 会談する方向で調整
        if head.lemma_ in _PLAN_NOUNS:
            return "scheduled"
    progressive = (("て" in lemmas or "で" in lemmas) and "いる" in lemmas) or pred.lemma_ in _CONTINUE
    if depth == 0 and any(
        c.lemma_ in _NOMINALISERS and any(f.lemma_ == "なる" for f in c.children) for c in pred.children
    ):
        return "scheduled"  # 開かれることになった: decided, still to come
    if (
        depth == 0
        and pred.dep_ == "acl"
        and head is not None
        and head.lemma_ in _NOMINALISERS
        and not past
        and not progressive
    ):
        # 開かれることになった, 会談することで合意した: a coming contact, whatever the tense of what governs it;
        # 会談することを拒否した, …求めた, 会談することはない: what governs it says what became of it.
        gov = head.head if head.head is not head else None
        if gov is not None and (gov.lemma_ in _REFUSE or gov.lemma_ in _NEGATION):
            return "refused"
        if gov is not None and gov.lemma_ in _CANCEL:
            return "cancelled"
        if gov is not None and gov.lemma_ in _PROPOSE:
            return "proposed"
        return "scheduled"
    if "よう" in lemmas or "う" in lemmas:
        return "proposed"
    if past or pred.lemma_ in _DONE:
        return "held"
    if ("て" in lemmas or "で" in lemmas) and "いる" in lemmas:
        return "ongoing"
    if pred.lemma_ in _CONTINUE:
        return "ongoing"
    # 会談し、…要求した: a predicate in its conjunctive form takes the tense of the one it joins.
    inflection = str(pred.morph.get("Inflection", []))
    conjunctive = "連用形" in inflection + str(
        [c.morph.get("Inflection", []) for c in pred.children if c.dep_ == "aux"]
    )
    if conjunctive and depth < 2:
        # A conjunctive clause joins a predicate, not a verb modifying a noun (会談し、…衝突を防ぐ措置について協議
        # した: 防ぐ is the parser's misattachment): then the sentence's own predicate.
        root = pred.sent.root
        has_root = root.i > pred.i and root.pos_ in ("VERB", "ADJ")
        adnominal = head is not None and head.dep_ == "acl" and has_root
        target = (
            head if head is not None and head.pos_ in ("VERB", "ADJ") and head.i > pred.i and not adnominal else None
        )
        if target is None:  # a misattached conjunctive clause: the sentence's own predicate
            target = root if has_root else None
        if target is not None:
            return _predicate_status(target, depth + 1)
    return "scheduled"  # a plain non-past predicate: 22日に首脳会談を行う


def _head_rank(office: str) -> str | None:
    """The level of an office's rank, the compound's head (外務審議官: 審議官; 拉致問題担当相: 担当相)."""
    ranks = _LEX.rank_of
    return next((ranks[office[i:]] for i in range(len(office)) if office[i:] in ranks), None)


def _compatible(g: Group, m: Mention) -> bool:
    if m.date is None:
        return True
    for other in g.mentions:
        if other.date is not None:
            a, b = sorted((other.date.value, m.date.value), key=len)
            if not b.startswith(a) and abs(_days(other.date.value) - _days(m.date.value)) > 7:
                return False
    return True


def _days(value: str) -> int:
    parts = [int(p) for p in value.split("-")] + [1, 1]
    return dt.date(parts[0], parts[1], parts[2]).toordinal()


def _level(side_rank: dict[str, list[str]], both: list[str], pair: tuple[str, str]) -> Level:
    special = [
        lv
        for lv in ("red_cross", "parliamentary", "military", "intelligence")
        if lv in both or any(lv in r for r in side_rank.values())
    ]
    if "red_cross" in special:
        return "red_cross"
    # Lawmakers meeting officials are a parliamentary contact, an intelligence chief's an intelligence one,
    # whatever the other side's rank.
    for lv in ("parliamentary", "intelligence"):
        if any(lv in r for r in side_rank.values()):
            return level_of(lv)
    heads: list[str] = []
    for iso in pair:
        ranks = side_rank[iso]
        if ranks:
            heads.append(max(ranks, key=lambda lv: LEVEL_RANK.get(lv, 0)))
    if len(heads) == 2:
        return level_of(min(heads, key=lambda lv: LEVEL_RANK.get(lv, 0)))
    # Who led one side (a named director general) says more than the contact word (実務者協議).
    if heads:
        return level_of(heads[0])
    if both:
        return level_of(max(both, key=lambda lv: LEVEL_RANK.get(lv, 0)))
    return "unknown"


def _precision(value: str) -> Literal["day", "month", "year"]:
    return "day" if value == "day" else "month" if value == "month" else "year"


def events_from_ja_doc(doc: Doc, article: Article, text: str, original: str | None = None) -> list[Event]:
    """EVENTs of one parsed Japanese article (`doc` is the parse of `text`, the article text as parsed;
    `original`, of the same length, is what evidence quotes)."""
    return JaReader(doc, article, text, original).events()
