"""Round 6 of the Japanese rules on short own-written sentences, one table row per rule: level from who met, not
from whom they acted for (首相特使, 首相が指示した協議), from a sentence about both sides (双方の出席者は…), from a
parliament's office (衆院外務委員長); what a contact word is about when it modifies another noun (協議の状況); a
forum's own meeting; 懇談 and 断念; a state named after the contact verb is not its side."""

from __future__ import annotations

import pytest

from tests.extractors.japanese.rules_support import JP
from tests.extractors.japanese.rules_support import events as _events
from tests.extractors.japanese.rules_support import news as _news


@pytest.mark.parametrize(
    ("text", "pair", "level"),
    [
        # A leader's envoy (首相特使, 大統領特使) acts at an envoy's rank: the leader only sent them; a leader receiving
        # the envoy meets the lower rank.
        (
            "金正恩総書記は１８日、平壌で日本の首相特使と会見した。特使は首相の親書を手渡した。",
            JP,
            "senior_officials",
        ),
        (
            "習近平国家主席は１８日、北京で北朝鮮の国務委員長特使と会見した。",
            ("CHN", "PRK"),
            "senior_officials",
        ),
        # A leader who is the agent of a directive (首相が指示した協議) directed the contact, and was not at it.
        (
            "首相が自ら指示した日朝の局長級協議が１８日、北京で行われた。",
            JP,
            "senior_officials",
        ),
        (
            "首相は外務省に接触を命じ、同省の局長が１８日、瀋陽で北朝鮮外務省の局長と会った。",
            JP,
            "senior_officials",
        ),
        # A sentence whose topic is both sides says each side's rank, even after a ministry's name.
        (
            "日朝の当局者が１８日、瀋陽で接触した。政府関係者が明らかにした。双方の出席者は外務省の課長級だった。",
            JP,
            "working_level",
        ),
        (
            "日朝の当局者が１８日、上海で協議した。両者とも外務省の局長級だった。",
            JP,
            "senior_officials",
        ),
        # A rank ending a compound a parliament's name heads is parliamentary (委員長 alone is a leader's title).
        (
            "訪朝した参院外交防衛委員長は１８日、平壌で北朝鮮の外務次官と会談した。",
            JP,
            "parliamentary",
        ),
        (
            "金正恩総書記は１８日、平壌で中国の全人代常務委員長と会談した。",
            ("CHN", "PRK"),
            "parliamentary",
        ),
        (
            "参院議長は１８日、平壌で北朝鮮の最高人民会議の議長と会談した。",
            JP,
            "parliamentary",
        ),
    ],
)
def test_level_from_who_met(text: str, pair: tuple[str, str], level: str) -> None:
    news = _news(_events(text), pair)
    assert [e.level for e in news] == [level]


@pytest.mark.parametrize(
    "text",
    [
        # A contact word modifying another noun with の (協議の状況, 会談の詳細) is what is talked about: JPN-KOR talks
        # about how Japan-North Korea talks stand report no Japan-North Korea contact.
        "外務省の局長は１８日、ソウルで韓国外交部の局長と会談し、日朝協議の状況について説明した。",
        "日米の局長は１８日、東京で協議し、日朝首脳会談の詳細をめぐり意見を交わした。",
        # A forum named (安全保障理事会, 安保理) makes the bare 会合 after it the forum's, not a meeting of two.
        "安保理は１８日、会合を開いた。会合には日本と北朝鮮の国連大使が出席し、それぞれ演説した。",
        # Giving up a contact (接触を断念した) is no contact.
        "日本の外相は１８日、北朝鮮の外相との接触を断念した。",
    ],
)
def test_no_japan_north_korea_contact(text: str) -> None:
    assert _news(_events(text)) == []


def test_the_noun_a_contact_word_modifies_may_be_a_framing_one() -> None:
    # 会談のため (purpose), 協議の際 (occasion): the contact word is still the clause's own.
    text = "外務省の局長は１８日、北京で北朝鮮外務省の局長と会談した。局長は会談の際、拉致問題を提起した。"
    assert [e.level for e in _news(_events(text))] == ["senior_officials"]


@pytest.mark.parametrize(
    ("text", "pair"),
    [
        # 懇談 (an informal talk) and 面談 (an interview) are contact words.
        ("日本外務省の課長は１８日、ジャカルタで北朝鮮外務省の課長と面談した。", JP),
        ("訪朝した衆院議員は１８日、平壌で北朝鮮の最高人民会議の代議員と懇談した。", JP),
        # The arguments of a contact verb come before it: a third state named after it (北朝鮮兵の…) belongs to
        # the next clause.
        ("日本の外相は１８日、ロシアの外相と電話で会談し、北朝鮮兵の派遣に懸念を伝えた。", ("JPN", "RUS")),
    ],
)
def test_contacts_found(text: str, pair: tuple[str, str]) -> None:
    assert len(_news(_events(text), pair)) == 1


def test_a_country_before_a_province_and_its_city_is_the_place_not_a_side() -> None:
    # 中国遼寧省の丹東: China names where the city lies, not a third side of the contact.
    text = "日本外務省の課長補佐と北朝鮮外務省の課長が１８日、中国遼寧省の丹東で接触した。"
    assert [(e.location, e.level) for e in _news(_events(text))] == [("Dandong", "working_level")]


def test_a_pair_word_naming_a_line_or_an_agreement_names_no_sides() -> None:
    # 南北軍事境界線 is a place, not North and South Korea talking: the contact is the two leaders' (PRK-USA).
    text = "米国の大統領は１８日、南北軍事境界線に近い板門店で北朝鮮の金正恩総書記と会談した。"
    assert [e.countries for e in _events(text) if e.status == "held"] == [("PRK", "USA")]


def test_an_exchange_of_greetings_is_a_contact() -> None:
    text = "北朝鮮の代表団は１８日、東京で開かれた国際会議に出席し、日本の外務省の局長とあいさつを交わした。"
    assert [e.level for e in _news(_events(text))] == ["senior_officials"]


def test_a_contact_just_before_or_after_a_dated_act_takes_its_day() -> None:
    # これに先立ち: earlier in the day the sentence before dated.
    text = "日本の外相は１８日、マニラで韓国の外相と会談した。外相はこれに先立ち、会場で北朝鮮の大使と立ち話をした。"
    assert [e.date for e in _news(_events(text))] == ["2026-06-18"]


def test_an_office_followed_by_ob_names_where_someone_once_worked() -> None:
    # 外務省ＯＢ: a retired diplomat, no office holder of Japan.
    text = "外務省ＯＢの元大使が１８日、瀋陽で北朝鮮の外交官と会った。"
    assert _news(_events(text)) == []


def test_a_date_before_a_source_dates_the_report() -> None:
    # ２０日、日本の新聞によると: the day of the report, not of the contact (dated 先月 in the lede).
    text = (
        "日本と北朝鮮の情報当局者が先月、ハノイで秘密裏に接触していたと報じられた。"
        "２０日、日本の新聞によると、日本の内閣情報官が北朝鮮の統一戦線部の関係者と会った。"
    )
    assert {e.date for e in _news(_events(text))} == {"2026-05"}


def test_a_country_as_the_place_is_refined_by_the_dateline_city_in_it() -> None:
    text = (
        "【クアラルンプール共同】マレーシアで開かれている国際会議に出席中の日本の外相は１８日、"
        "会場で北朝鮮の外相と短時間言葉を交わした。"
    )
    assert [e.location for e in _news(_events(text))] == ["Kuala Lumpur"]


def test_visiting_japan_is_no_japan_china_pair_word() -> None:
    # 来日中 (in Japan on a visit) holds 日中 but names no Japan-China pair.
    text = "来日中の北朝鮮の外務次官は１８日、東京都内で外務省の局長と会談した。"
    assert [e.countries for e in _events(text) if e.status == "held"] == [JP]
