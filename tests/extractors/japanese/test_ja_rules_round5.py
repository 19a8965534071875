"""Round 5 of the Japanese rules on short own-written sentences, one table row per rule: a body named by a
compound headed by a non-official noun (協会, 団体) is no side; an office in a phrase about another state's side
(北朝鮮側は外務省の局長) is that side's; who a side sent, said a few sentences on (北朝鮮側の代表は…); a country as the
place refined by a city of that state named for the same contact; a pair word owning the subject matter."""

from __future__ import annotations

import datetime as dt

import pytest

from extractors import Article, extract
from tests.extractors.japanese.rules_support import JP
from tests.extractors.japanese.rules_support import events as _events
from tests.extractors.japanese.rules_support import news as _news


@pytest.mark.parametrize(
    "text",
    [
        # A state owning a body (北朝鮮の…協会, 日本の民間…団体) names that body: no government met.
        "北朝鮮の対外交流協会の代表団は１５日、瀋陽で日本の民間親善団体の代表と会い、交流について話し合った。",
        # A state's name starting a body's compound (朝鮮…協会), or a pair word starting one (日朝…協会).
        "朝鮮対外交流協会の幹部は１５日、大連で日本の市民の代表と会談した。",
        "日朝芸術交流協会の訪問団は１５日、平壌で北朝鮮文化省の局長と会談した。",
        # The other side a body: a company's people are no government.
        "日本企業の代表団は１５日、平壌で北朝鮮の貿易省の局長と会談した。",
    ],
)
def test_bodies_named_by_a_compound_are_no_side(text: str) -> None:
    assert _news(_events(text)) == []


@pytest.mark.parametrize(
    ("text", "pair", "level"),
    [
        # A ministry's office in a phrase about the other state's side (北朝鮮側は外務省の局長) is that side's; the
        # lower of the two ranks.
        (
            "日朝の当局者が１５日、上海で協議した。日本側は外務省の課長、北朝鮮側は外務省の局長が出席した。",
            JP,
            "working_level",
        ),
        (
            "日朝の当局者が１５日、上海で協議した。北朝鮮側は外務省の局長、日本側は外務省の参事官が出席した。",
            JP,
            "working_level",
        ),
        # Who a side sent, said two sentences on (not the sentence beside): the lower rank.
        (
            (
                "日朝両政府は１５日、北京で協議した。協議後、日本側代表の審議官は記者団に「有意義だった」と語った。"
                "北朝鮮側の代表は外務省の副局長だった。"
            ),
            JP,
            "working_level",
        ),
        (
            (
                "中国と北朝鮮の外務省当局者が１５日、丹東で協議した。中国側の代表は外務次官補が務めた。"
                "関係者が明らかにした。北朝鮮側は外務省の局長が臨んだ。"
            ),
            ("CHN", "PRK"),
            "senior_officials",
        ),
    ],
)
def test_level_from_who_each_side_sent(text: str, pair: tuple[str, str], level: str) -> None:
    news = _news(_events(text), pair)
    assert [e.level for e in news] == [level]


def test_a_sentence_about_an_earlier_round_names_no_one_of_this_one() -> None:
    text = "日朝両政府は１５日、北京で局長級の協議をした。北朝鮮側は前回の協議以来、課長が担当してきた。"
    assert [e.level for e in _news(_events(text))] == ["senior_officials"]


@pytest.mark.parametrize(
    ("text", "place"),
    [
        # A country as the contact's place, a city of that state named for the same contact: the city.
        ("米朝の当局者が今月上旬、スウェーデンで接触した。協議はストックホルム市内の施設で行われた。", "Stockholm"),
        ("日朝の局長が１５日、モンゴルで接触した。関係者によると、協議はウランバートル郊外で行われた。", "Ulaanbaatar"),
        # A city of another state (a transit point, or not the country's) leaves the country.
        ("日朝の局長が１５日、モンゴルで接触した。日本側の局長は北京経由でモンゴル入りし、協議に臨んだ。", "Mongolia"),
    ],
)
def test_country_refined_by_its_city(text: str, place: str) -> None:
    pair = ("PRK", "USA") if text.startswith("米朝") else JP
    assert [e.location for e in _news(_events(text), pair)] == [place]


@pytest.mark.parametrize(
    ("text", "events"),
    [
        # A pair word owning what the clause is about (日朝の民間交流をめぐり) names the subject matter, not sides.
        ("日朝の民間交流をめぐり、北朝鮮の対外交流協会と日本の親善団体の代表が１５日、瀋陽で協議した。", 0),
        ("朝・日の文化交流について、対文協の代表は１５日、平壌で日本の訪朝団と会談した。", 0),
        # An abbreviated body (対文協: 協 heads it) owned by a state is no side either.
        ("北朝鮮の対文協は１５日、平壌で日本の訪問団と協議した。", 0),
        # A pair word owning a contact word names that contact's sides, whatever the clause is about.
        ("日朝の局長級協議をめぐり、両国の局長は１５日、瀋陽で協議した。", 1),
        ("日朝の懸案について外務省の局長は１５日、瀋陽で北朝鮮の局長と協議した。", 1),
    ],
)
def test_subject_matter_and_abbreviated_bodies(text: str, events: int) -> None:
    assert len(_news(_events(text))) == events


@pytest.mark.parametrize(
    ("text", "date"),
    [
        # A date before the contact word and the report verb dates the contact, not the report.
        ("日朝の局長は先月末、上海で協議していたことが分かった。", "2026-05"),
        ("日朝の局長は１２日、上海で接触していたことが関係者への取材で分かった。", "2026-06-12"),
        # The report's own date (１９日、分かった) dates no contact; nothing else dates it: the publication month.
        ("日朝の局長が上海で協議していたことが１９日、分かった。", "2026-06"),
        ("日朝の局長が上海で協議していたことが分かった。外交筋が１９日、明らかにした。", "2026-06"),
    ],
)
def test_dates_around_the_report_verb(text: str, date: str) -> None:
    assert [e.date for e in _news(_events(text))] == [date]


def test_undated_contact_early_in_the_month_has_no_date() -> None:
    text = "日朝の局長が上海で協議していたことが分かった。"
    events = extract(Article(id="a", text=text, published=dt.date(2026, 6, 3), language="ja"))
    assert [e.date for e in _news(events)] == [None]


@pytest.mark.parametrize(
    ("text", "level"),
    [
        # An office named alone is ranked by its head (拉致問題担当相: 担当相; 外務政務官: 政務官).
        ("拉致問題担当相は１５日、ウランバートルで北朝鮮の外務省幹部と面会した。", "senior_officials"),
        ("外務政務官は１５日、北京で北朝鮮の外務省の課長と面会した。", "working_level"),
        # An office in a genitive chain another state heads (北朝鮮の貿易省の局長) is that state's.
        ("北朝鮮の貿易省の局長は１５日、東京で外務省の課長と会談した。", "working_level"),
        ("外務省の北朝鮮担当の局長は１５日、北京で北朝鮮外務省の局長と会談した。", "senior_officials"),
    ],
)
def test_office_ranks(text: str, level: str) -> None:
    assert [e.level for e in _news(_events(text))] == [level]


@pytest.mark.parametrize(
    ("text", "place"),
    [
        # A visit to one side's state, no place named: that state's capital.
        ("北朝鮮の総書記は１５日、訪朝した日本の首相を迎え、首脳会談を行った。", "Pyongyang"),
        ("来日した北朝鮮の外務次官は１５日、外務省の局長と会談した。", "Tokyo"),
        # A place named wins over the visit.
        ("訪朝を終えた議員団は１５日、北京で北朝鮮の大使と面会した。", "Beijing"),
    ],
)
def test_a_visit_places_the_contact(text: str, place: str) -> None:
    assert [e.location for e in _news(_events(text))] == [place]


@pytest.mark.parametrize(
    ("text", "news"),
    [
        # The perfect of a span (V-てきた, "have been meeting") tells a history of contacts, not one contact.
        ("日朝両政府は昨年から水面下の接触を重ねてきたが、今年に入って途絶えている。", 0),
        ("日朝両政府はこれまで北京で協議を続けてきた。", 0),
        # Dated to the day, V-てきた is "went and met": a report.
        ("外務省の局長は１５日、北京で北朝鮮の局長と会談してきた。", 1),
    ],
)
def test_the_perfect_of_a_span_is_a_history(text: str, news: int) -> None:
    assert len(_news(_events(text))) == news


@pytest.mark.parametrize(
    ("text", "place"),
    [
        # No place in the contact's sentences: the venue or a side's travel the article tells elsewhere.
        ("日朝の局長は１５日に会談した。会場となったのはハノイ市内のホテルだった。", "Hanoi"),
        ("日朝の局長が１５日、協議した。日本側代表団は１４日に大連入りしていた。", "Dalian"),
        ("日朝の局長は１５日に会談した。日本側の局長は前日、北京経由でウランバートルに入った。", "Ulaanbaatar"),
        # ... before the dateline's city, where the report was filed.
        ("【ソウル共同】日朝の局長は１５日に会談した。北朝鮮側の代表団は前日に瀋陽入りした。", "Shenyang"),
        # A sentence about an earlier round names no place of this one; a hotel that names its city.
        ("日朝の局長が１５日、協議した。前回の協議では日本側代表団は北京入りしていた。", None),
        ("日朝の局長は１５日、高麗ホテルで会談した。", "Pyongyang"),
    ],
)
def test_place_told_elsewhere(text: str, place: str | None) -> None:
    assert [e.location for e in _news(_events(text))] == [place]


@pytest.mark.parametrize(
    ("text", "news"),
    [
        # Word lists match their full-width forms: ６者協議 is the forum, ３カ国 a multilateral meeting.
        ("６者協議の全体会合が１５日、北京で開かれ、日朝の首席代表も出席した。", 0),
        ("日米韓３カ国の局長は１５日、東京で北朝鮮問題を協議した。", 0),
        # A bilateral on the forum's sidelines is a contact.
        ("６者協議の合間に、日朝の首席代表が１５日、北京で個別に会談した。", 1),
    ],
)
def test_full_width_forms(text: str, news: int) -> None:
    assert len(_news(_events(text))) == news


@pytest.mark.parametrize(
    ("text", "news"),
    [
        # A contact an act follows or builds on (…ことを受けた訪問, …を踏まえ), with its light verb or not, is
        # recalled unless dated within two weeks.
        ("ロシアの外相は北朝鮮の総書記が昨年９月にロシアの大統領と首脳会談を行ったことを受け、談話を出した。", 0),
        ("中国の外相は北朝鮮の総書記が昨年９月にロシアの大統領と会談したことを受け、談話を出した。", 0),
        ("日朝の局長は１５日に北京で協議を行ったことを受け、記者団に説明した。", 1),
    ],
)
def test_a_contact_an_act_follows(text: str, news: int) -> None:
    pair = ("PRK", "RUS") if "ロシアの大統領" in text else JP
    assert len(_news(_events(text), pair)) == news
