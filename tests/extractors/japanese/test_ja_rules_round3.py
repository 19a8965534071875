"""Round 3 of the Japanese rules on short own-written sentences, one table row per rule: level from who led
each side (deputies, committee chairs, the military, lawmakers of other states, a rank before と), precision
(bodies named with a pair word, the partner of another contact word, embedded questions, experiential
negatives, clefts, non-governmental partners, another capital's ministry) and other pairs named in Japanese."""

from __future__ import annotations

import datetime as dt

import pytest

from extractors import Article, Event, extract

PUB = dt.date(2026, 6, 12)


def _events(text: str, title: str | None = None) -> list[Event]:
    return extract(Article(id="a", text=text, title=title, published=PUB, language="ja"))


def _news(events: list[Event], pair: tuple[str, str]) -> list[Event]:
    return [e for e in events if e.countries == pair and e.status in ("held", "ongoing") and not e.background]


@pytest.mark.parametrize(
    ("text", "pair", "level", "location"),
    [
        # A leader receiving a minister: the lower side's rank (外相と会談: 外相 is a side's, not the contact word's).
        (
            "ロシアのプーチン大統領は10日、モスクワで北朝鮮の崔善姫外相と会談した。",
            ("PRK", "RUS"),
            "foreign_ministers",
            "Moscow",
        ),
        (
            "習近平国家主席は3日、北京を訪問中の北朝鮮の崔善姫外相と会談した。",
            ("CHN", "PRK"),
            "foreign_ministers",
            "Beijing",
        ),
        # A deputy's rank: 副委員長 is no leader; a committee's chair (…委員会委員長) is a senior official.
        (
            "韓国と北朝鮮は9日、板門店で会談した。北朝鮮側は祖国平和統一委員会の副委員長が代表を務めた。",
            ("KOR", "PRK"),
            "senior_officials",
            "Panmunjom",
        ),
        (
            "韓国の統一相は9日、板門店で北朝鮮の祖国平和統一委員会委員長と会談した。",
            ("KOR", "PRK"),
            "senior_officials",
            "Panmunjom",
        ),
        # Who led a side in the armed forces: military talks.
        ("韓国と北朝鮮の軍事当局者は8日、板門店で会談した。", ("KOR", "PRK"), "military", "Panmunjom"),
        ("日朝の防衛当局者が8日、北京で接触した。", ("JPN", "PRK"), "military", "Beijing"),
        # Lawmakers of other states: a lower house, the Supreme People's Assembly.
        (
            "北朝鮮の最高人民会議の代表団は5日、モスクワでロシア下院の議長と会談した。",
            ("PRK", "RUS"),
            "parliamentary",
            "Moscow",
        ),
        # A conjunctive clause misattached to a verb modifying a noun takes the sentence's predicate (held).
        (
            "韓国と北朝鮮の赤十字の代表は7日、金剛山で会談し、離散家族の面会を進める方策について協議した。",
            ("KOR", "PRK"),
            "red_cross",
            "Mount Kumgang",
        ),
        # Another state's capital owns the ministry (平壌の外務省 is not Japan's).
        (
            "北朝鮮の崔善姫外相は4日、平壌の外務省で中国の駐北朝鮮大使と会談した。",
            ("CHN", "PRK"),
            "senior_officials",
            "Pyongyang",
        ),
        # Office holders of other states by name, with their English names.
        (
            "ルビオ米国務長官は2日、シンガポールで北朝鮮の崔善姫外相と会談した。",
            ("PRK", "USA"),
            "foreign_ministers",
            "Singapore",
        ),
        (
            "北朝鮮の金正恩総書記は6日、平壌を訪れたロシアのショイグ安全保障会議書記と会談した。",
            ("PRK", "RUS"),
            "senior_officials",
            "Pyongyang",
        ),
        # Party officials are senior officials (政治局常務委員, 書記); a leader receiving one: the lower rank.
        (
            "中国共産党の政治局常務委員は8日、平壌で金正恩総書記と会談した。",
            ("CHN", "PRK"),
            "senior_officials",
            "Pyongyang",
        ),
        # A building that names its city is the place when no city is named.
        (
            "プーチン大統領は5日、クレムリンで北朝鮮の崔善姫外相と会談した。",
            ("PRK", "RUS"),
            "foreign_ministers",
            "Moscow",
        ),
        ("韓国と北朝鮮の赤十字の代表は5日、「平和の家」で協議した。", ("KOR", "PRK"), "red_cross", "Panmunjom"),
        # Chongryon's and DPRK media's pair words (北南, 朝・米) name their pairs.
        ("北南首脳会談が7日、板門店で行われた。", ("KOR", "PRK"), "leaders", "Panmunjom"),
        ("朝・米の実務協議が7日、ニューヨークで行われた。", ("PRK", "USA"), "working_level", "New York"),
    ],
)
def test_level_and_place_of_the_people_who_met(text: str, pair: tuple[str, str], level: str, location: str) -> None:
    [event] = _news(_events(text), pair)
    assert (event.level, event.location) == (level, location)


@pytest.mark.parametrize(
    ("text", "title", "pair"),
    [
        # A pair word starting a body's name names the body (日朝議連, 日朝友好協会): its own meeting is no contact,
        # and the partner of another contact word (北朝鮮との交流) is no side of this one.
        (
            "日朝議連は9日、国会内で会合を開き、北朝鮮との交流の再開を求める決議をまとめた。",
            "日朝議連が会合",
            ("JPN", "PRK"),
        ),
        (
            "日朝友好協会の会合が9日、大阪市内で開かれた。会合には会員ら約30人が出席した。",
            "日朝友好協会が会合",
            ("JPN", "PRK"),
        ),
        # An embedded question is asked about, not reported.
        (
            "国際会議には日本と北朝鮮の代表団が出席した。日朝の代表が会談したかどうかは分かっていない。",
            None,
            ("JPN", "PRK"),
        ),
        # An experiential negative: the contact never took place.
        ("日朝の軍事当局者が直接会談したことはない。", None, ("JPN", "PRK")),
        # A non-governmental partner (NGO) is no government side.
        ("北朝鮮の宋日昊大使は9日、平壌で日本のNGO代表団と会見した。", None, ("JPN", "PRK")),
    ],
)
def test_no_contact_between_governments(text: str, title: str | None, pair: tuple[str, str]) -> None:
    assert _news(_events(text, title), pair) == []


def test_a_league_of_lawmakers_meeting_the_other_side_is_parliamentary() -> None:
    text = "日朝議連の議員団は9日、平壌で北朝鮮の最高人民会議の幹部と会談した。"
    [event] = _news(_events(text), ("JPN", "PRK"))
    assert (event.level, event.location) == ("parliamentary", "Pyongyang")


def test_a_cleft_about_the_contact_is_no_second_contact() -> None:
    text = "ロシアのプーチン大統領と北朝鮮の金正恩総書記は3日、ウラジオストクで会談した。両首脳が会談するのは1年ぶり。"
    events = [e for e in _events(text) if e.countries == ("PRK", "RUS")]
    assert [(e.status, e.level, e.location) for e in events] == [("held", "leaders", "Vladivostok")]


@pytest.mark.parametrize(
    ("text", "date", "precision"),
    [
        # A season of this or last year is its year (the contract has no season precision).
        ("日朝の当局者が今春、ハノイで接触していたことが分かった。", "2026", "year"),
        ("日朝の当局者が昨秋、ハノイで接触していたことが分かった。", "2025", "year"),
        # 前日: the day before the last day the article named, else before the publication day.
        ("北朝鮮外務省は10日、談話を発表した。日朝の当局者は前日、ハノイで接触していた。", "2026-06-09", "day"),
        ("日朝の当局者が前日、ハノイで接触した。", "2026-06-11", "day"),
    ],
)
def test_seasons_and_the_previous_day(text: str, date: str, precision: str) -> None:
    [event] = _news(_events(text), ("JPN", "PRK"))
    assert (event.date, event.date_precision) == (date, precision)


def test_the_day_before_a_named_event_is_no_date() -> None:
    events = _events("日朝の当局者は、首脳会談の前日、ハノイで接触した。")
    # No day; an undated news contact takes only the publication month (round 5).
    assert all(e.date_precision != "day" for e in events)


@pytest.mark.parametrize(
    ("text", "status"),
    [
        # The past auxiliary after a nasal stem sounds だ (臨んだ, 及んだ): past all the same.
        ("日朝の局長は10日、北京で会談に臨んだ。", "held"),
        ("日朝の局長による協議が10日、北京で行われ、約2時間に及んだ。", "held"),
        # ことになった: decided, still to come; a nominalised contact takes what governs it.
        ("日朝の局長による協議が来週、北京で開かれることになった。", "scheduled"),
        ("北朝鮮は日本と会談することを拒否した。", "refused"),
        ("日本政府は北朝鮮と協議することを求めた。", "proposed"),
        ("日朝両政府が今年に入り、第三国で接触を続けていることが分かった。", "ongoing"),
        # Xとの still names the partner of a contact word with a place phrase inside (北朝鮮との水面下での接触).
        ("日本政府は北朝鮮との水面下での接触を続けている。", "ongoing"),
        # A plan noun ending the sentence governs the verb before it (…開かれる見込みだ).
        ("日朝の局長による協議は来週にも北京で開かれる見込みだ。", "scheduled"),
        # An attempt (接触を図った, 試みた) and a guess (会談したとみられる) are no report of a contact.
        ("日本政府は北朝鮮側との接触を図ったが、反応はなかった。", "proposed"),
        ("日朝の局長が10日、北京で会談したとみられる。", "proposed"),
    ],
)
def test_status_of_more_japanese_predicates(text: str, status: str) -> None:
    events = [e for e in _events(text) if e.countries == ("JPN", "PRK")]
    assert [e.status for e in events] == [status]


def test_both_sides_refer_back_to_the_contact_before_and_a_state_as_source_is_no_side() -> None:
    # 両外相 names both sides of the contact before it (no pair word in the article), not Japan's minister;
    # ロシア外務省によると is where the report comes from.
    text = (
        "北朝鮮の崔善姫外相は5日、モスクワでラブロフ外相と会談した。ロシア外務省によると、"
        "両外相は朝鮮半島情勢について意見を交わした。"
    )
    events = [e for e in _events(text) if e.status == "held"]
    assert [(e.countries, e.level, e.location) for e in events] == [(("PRK", "RUS"), "foreign_ministers", "Moscow")]
