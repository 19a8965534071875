"""Round 7 of the Japanese rules on short own-written sentences, one table row per rule: negated
nominalised contacts (接触することはなかった), 否定 as a refusal, 予定 as a verb, a former prefix opening an
office compound, the sender of a message (首相からのメッセージ), a past guess about a contact already told, a
compound a contact word heads (日朝国交正常化作業部会), the agents of a contact (日本と北朝鮮による協議), a
report's day before the contact's own date (政府は18日、先月…), and a contact a relative clause describes as
the setting of the news (先月開かれた協議で提出された遺骨)."""

from __future__ import annotations

import pytest

from tests.extractors.japanese.rules_support import JP
from tests.extractors.japanese.rules_support import events as _events
from tests.extractors.japanese.rules_support import news as _news


@pytest.mark.parametrize(
    "text",
    [
        # A negated nominalised contact predicate (ことはなかった, ことなく) says no contact took place.
        (
            "ウラジオストクで１８日、国際会議が開かれ、日本と北朝鮮の政府関係者がともに出席した。"
            "会議の合間に日朝の当局者が接触することはなかった。"
        ),
        "外相は１８日、北朝鮮の外相と言葉を交わすことなく会場を後にした。",
        # 否定 governing a contact word rejects it, like 拒否.
        "北朝鮮の外務次官は１８日、談話を発表し、日本との首脳会談を否定した。",
        # 元 opening an office compound makes its holder former, however long the compound (元外務省…局長).
        "元外務省アジア大洋州局長の男性が１８日、北京で北朝鮮大使館の参事官と面会した。",
        "元外務省局長の男性が１８日、平壌で北朝鮮外務省の幹部と面会した。",
        # A guess standing alone is no report (the earlier rule, kept).
        "日朝の当局者が先月、大連で接触したとみられる。",
        # XとYによる is a topic before a non-contact noun (北朝鮮による拉致).
        "北朝鮮による拉致問題をめぐり、外相は１８日、米国務長官と会談した。",
        # A progressive of a verb that only speaks of or watches a contact is no contact under way.
        "朝鮮外務省スポークスマンは１８日、日本が朝・日首脳会談を云々していることについて記者の質問に答えた。",
        "日本政府は日朝協議を注視している。",
        # A compound verb the tokenizer splits (取り|沙汰している) is one predicate.
        "北朝鮮外務省の報道官は１８日、日本政府が日朝首脳会談を取り沙汰していることについて批判した。",
        # 予定 as the verb plans a contact, whatever its tense (予定されていたが、取りやめとなった).
        "日朝協議は１８日に予定されていたが、北朝鮮側の要請で急きょ取りやめとなった。",
        # A contact described by a past relative clause as the setting of the news, more than two weeks old.
        (
            "政府は１８日、先月平壌で開かれた日朝実務者協議で北朝鮮側が提出した遺骨について、"
            "別人のものだったと発表した。"
        ),
    ],
)
def test_no_news_contact(text: str) -> None:
    assert _news(_events(text)) == []


@pytest.mark.parametrize(
    ("text", "pair", "date", "level"),
    [
        # The sender of what was handed over (首相からのメッセージ) was not at the meeting.
        (
            "【平壌共同】内閣官房参与は１８日、平壌で北朝鮮の外務次官と会談し、首相からのメッセージを伝達した。",
            JP,
            "2026-06-18",
            "senior_officials",
        ),
        # A past guess about what was said, after the contact is told, refers to it: its sentence says who attended.
        (
            (
                "米国と北朝鮮の当局者が１８日、板門店で協議した。米側は国務省の特別代表、北朝鮮側は外務省の局長が"
                "出席し、対話再開の条件などを話し合ったとみられる。"
            ),
            ("PRK", "USA"),
            "2026-06-18",
            "senior_officials",
        ),
        # A compound a contact word heads names the pair word's sides (head-final compounds).
        ("日朝国交正常化作業部会の初会合が１８日、ハノイで開かれた。", JP, "2026-06-18", "unknown"),
        # A 会合 a contact word owns (作業部会の初会合) is that contact's meeting, not a forum named before it.
        (
            "６者協議の合意に基づく日朝国交正常化作業部会の初会合が１８日、ハノイで開かれた。",
            JP,
            "2026-06-18",
            "unknown",
        ),
        # A contact word a past relative clause holds (開かれた日朝の局長級協議で) took place, whatever its parse.
        (
            "先月北京で極秘に開かれた日朝の外務省局長級協議で、北朝鮮側が再調査を約束していたことが分かった。",
            JP,
            "2026-05",
            "senior_officials",
        ),
        # XとYによる before a contact word names its agents.
        ("日本と北朝鮮による局長級協議が１８日、北京で開かれた。", JP, "2026-06-18", "senior_officials"),
        # The report's day before a comma is no list member: the contact keeps its own date.
        ("外務省は１８日、１５日に北京で日朝協議を開いたと発表した。", JP, "2026-06-15", "unknown"),
        # A list (…の両日) is dated by its first member.
        ("日朝両政府は１０日、１１日の両日、北京で局長級協議を開いた。", JP, "2026-06-10", "senior_officials"),
        # A described contact kept secret until now is news (極秘に開かれた協議で…ことが分かった).
        (
            "先月北京で極秘に開かれた日朝協議で、北朝鮮側が再調査を約束していたことが分かった。",
            JP,
            "2026-05",
            "unknown",
        ),
        # The setting of today's news is this contact (北京で開いた局長級協議で、…合意した).
        (
            "日朝両政府は１８日、北京で開いた局長級協議で、拉致被害者の再調査で合意した。",
            JP,
            "2026-06-18",
            "senior_officials",
        ),
    ],
)
def test_news_contact(text: str, pair: tuple[str, str], date: str, level: str) -> None:
    found = _events(text)
    news = _news(found, pair)
    assert len(news) == 1
    assert news[0].date == date
    assert news[0].level == level
    assert [e for e in found if e.countries == pair and e.status == "proposed"] == []


def test_dateline_after_a_page_date_line() -> None:
    """A page's date and time line before the dateline (【北京共同】) does not hide it: the lede's place is its city."""
    text = "2026年6月18日 21時05分\n【北京共同】日朝両政府の局長級協議が１８日、開かれた。"
    news = _news(_events(text))
    assert [e.location for e in news] == ["Beijing"]


def test_dateline_naming_a_state_is_no_side() -> None:
    """A dateline that names a city-state (【シンガポール共同】) is where the report was filed, never a third side."""
    news = _news(_events("【シンガポール共同】外相は１８日、北朝鮮の崔善姫外相と約２０分間会談した。"))
    assert [(e.location, e.level) for e in news] == [("Singapore", "foreign_ministers")]


def test_earlier_foreign_ministers_by_name() -> None:
    """Japan's foreign ministers of 2001-2011 are named office holders (高村正彦外相), out of office by 2026."""
    found = _events("【シンガポール共同】高村正彦外相は１８日、北朝鮮の外相と会談した。")
    assert [(e.countries, e.level, e.background) for e in found] == [(JP, "foreign_ministers", True)]


@pytest.mark.parametrize(
    "text",
    ["日朝両政府は北京で交渉を進めている。", "外務省の局長は北京で北朝鮮側と協議している。"],
)
def test_contact_under_way(text: str) -> None:
    """A progressive of a contact verb or of one carrying it on (進める, 続ける) is a contact under way."""
    assert [e.status for e in _events(text) if e.countries == JP] == ["ongoing"]
