"""The Japanese rules on short own-written sentences: language detection, the gate, dates, status, place, level,
background, and the model loaded only for Japanese articles."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest

from extractors import Article, extract
from extractors.japanese.dates import find_dates, to_int
from extractors.japanese.detect import is_japanese, language_of
from extractors.japanese.gate import is_relevant_ja

ROOT = Path(__file__).resolve().parents[3]
PUB = dt.date(2025, 6, 12)


def _events(text: str, published: dt.date = PUB, **kw: object) -> list:  # type: ignore[type-arg]
    return extract(Article(id="a", text=text, published=published, language="ja", **kw))  # type: ignore[arg-type]


def test_detection() -> None:
    assert is_japanese("日朝両政府は30日、北京で協議を開いた。")
    assert not is_japanese("Japan and North Korea held talks in Beijing (北京) on Sunday.")
    assert not is_japanese("中国外交部发言人表示，双方在北京举行了会谈。")  # Chinese: no kana
    assert language_of("Japan and North Korea met.", declared="ja") == "ja"


def test_gate_is_a_substring_scan() -> None:
    assert is_relevant_ja("日朝両政府は30日、北京で協議を開いた。")
    assert is_relevant_ja("日朝両政府は30日、北京で協議を開いた。", pairs=[("JPN", "PRK")])
    assert not is_relevant_ja("日朝両政府は30日、北京で協議を開いた。", pairs=[("JPN", "USA")])
    assert not is_relevant_ja("北朝鮮が弾道ミサイルを発射した。日本政府は抗議した。")  # no contact word


@pytest.mark.parametrize(
    ("text", "value", "precision"),
    [
        ("30日", "2025-05-30", "day"),
        ("12日", "2025-06-12", "day"),
        ("きのう", "2025-06-11", "day"),
        ("先月", "2025-05", "month"),
        ("今月下旬", "2025-06", "month"),
        ("平成16年5月22日", "2004-05-22", "day"),
        ("02年9月", "2002-09", "month"),
        ("二十四日", "2025-05-24", "day"),
        ("昨年7月", "2024-07", "month"),
        ("5、6両日", "2025-06-05", "day"),
        ("１１日", "2025-06-11", "day"),
        ("２０１８年９月", "2018-09", "month"),
    ],
)
def test_dates(text: str, value: str, precision: str) -> None:
    [d] = find_dates(text, PUB)
    assert (d.value, d.precision) == (value, precision)


def test_no_date_from_durations() -> None:
    assert find_dates("4年ぶりに", PUB) == []
    assert find_dates("2日間の日程", PUB) == []
    assert to_int("二十四") == 24


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("日朝両政府は11日、北京で局長級協議を開いた。", "held"),
        ("日朝両政府は20日に北京で局長級協議を開く予定だ。", "scheduled"),
        ("日朝両政府は今月下旬に北京で局長級協議を開く方向で調整している。", "proposed"),
        ("日本政府は11日、今月下旬に予定していた北朝鮮との局長級協議を延期すると発表した。", "cancelled"),
        ("北朝鮮外務省は11日、日本との協議を拒否すると表明した。", "refused"),
        ("日朝両政府は、北京で協議を続けている。", "ongoing"),
        ("日朝首脳会談が平壌で開催。", "held"),
        ("日朝首脳会談を来月平壌で開催へ。", "scheduled"),
        ("北朝鮮の宋日昊大使は11日、北京での日本側との協議後、記者団に「有意義だった」と述べた。", "held"),
        ("伊原局長は11日、北京で宋日昊大使と約3時間にわたり協議した。", "held"),
        ("日朝両政府の協議が実現すれば約2年ぶりとなる。", "proposed"),
        ("外務省幹部は11日、ハノイで北朝鮮外務省の当局者と会い、拉致問題の解決を求めた。", "held"),
        ("11日に北京で開かれた日朝協議で、日本側は拉致被害者の帰国を強く求めた。", "held"),
        ("ジャカルタで予定されていた日朝外相の接触は行われなかった。", "cancelled"),
    ],
)
def test_status_from_the_predicate(text: str, status: str) -> None:
    events = [e for e in _events(text) if e.countries == ("JPN", "PRK")]
    assert events and events[0].status == status, events


def test_place_level_participants_in_english_names() -> None:
    [e] = _events("岩屋毅外相は11日、クアラルンプールで北朝鮮の崔善姫外相と会談した。")
    assert (e.date, e.location, e.level, e.background) == ("2025-06-11", "Kuala Lumpur", "foreign_ministers", False)
    assert {p.name for p in e.participants} == {"Takeshi Iwaya", "Choe Son Hui"}
    assert e.evidence[0].text == "岩屋毅外相は11日、クアラルンプールで北朝鮮の崔善姫外相と会談した。"


def test_red_cross_and_working_level() -> None:
    [rc] = _events("日本赤十字社と朝鮮赤十字会の担当者がきのう、瀋陽で協議した。")
    assert (rc.level, rc.location, rc.date) == ("red_cross", "Shenyang", "2025-06-11")
    [wl] = _events("日朝両政府は11日、北京で課長級の実務者協議を開いた。")
    assert wl.level == "working_level"


def test_recollection_is_background() -> None:
    events = _events(
        "小泉純一郎首相が2002年9月に平壌で金正日総書記と会談してから17日で23年となった。", dt.date(2025, 9, 17)
    )
    assert events and all(e.background for e in events)


def test_other_pairs_and_third_country_meetings() -> None:
    [e] = _events("ロシアのラブロフ外相は11日、平壌で北朝鮮の崔善姫外相と会談した。")
    assert e.countries == ("PRK", "RUS") and e.status == "held"
    assert not [e for e in _events("岩屋毅外相は11日、東京で韓国の外相と会談し、北朝鮮の核開発について協議した。")
                if e.countries == ("JPN", "PRK")]  # fmt: skip
    assert not _events("日米韓3カ国の局長級協議が11日、東京で開かれた。北朝鮮への対応を話し合った。")


def test_english_extraction_does_not_load_the_japanese_model() -> None:
    code = (
        "from extractors import Article, extract_many\n"
        "from extractors.japanese import model\n"
        "extract_many([Article(id='e', text='Japanese and North Korean officials held talks in Beijing on Sunday.')])\n"
        "assert not model.is_loaded()\n"
        "extract_many([Article(id='j', text='日朝両政府は30日、北京で局長級協議を開いた。')])\n"
        "assert model.is_loaded()\n"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=False)
    assert out.returncode == 0, out.stderr


def test_probe_sets_are_labelled_records() -> None:
    from extractors.evaluation import load_records

    for name in ("ja_probe_tune.jsonl", "ja_probe_heldout.jsonl"):
        records = load_records(Path(__file__).parent / name)
        assert records and all(r["language"] == "ja" for r in records)


def test_hostile_japanese_input() -> None:
    from extractors import extract_many

    long_text = (
        "日朝両政府は11日、北京で局長級協議を開いた。" + "拉致問題について話し合った。" * 4000
    )  # > Sudachi's 49 KB
    broken = "日朝両政府は11日、北京で局長級協議を開いた。\ud800 0日に会談した。"
    arts = [
        Article(id=str(i), text=t, published=PUB, language="ja")
        for i, t in enumerate([long_text, broken, "。。。", "日朝"])
    ]
    results = extract_many(arts)
    assert results[0] and results[0][0].status == "held"
    for art, events in zip(arts, results, strict=True):
        for e in events:
            for ev in e.evidence:
                assert art.text[ev.start : ev.end] == ev.text
    assert find_dates("0日", PUB) == []


def test_same_day_and_both_sides_refer_back() -> None:
    text = "日朝外相会談は２０１８年９月以来、約７年ぶり。両外相は１１日、ジャカルタで会談した。"
    news = [e for e in _events(text) if not e.background]
    assert [(e.date, e.location, e.level) for e in news] == [("2025-06-11", "Jakarta", "foreign_ministers")]
    text = "北朝鮮は１１日朝、弾道ミサイルを発射した。一方、日朝両政府の当局者は同日、北京で非公式に接触した。"
    [e] = _events(text)
    assert (e.status, e.date, e.location) == ("held", "2025-06-11", "Beijing")


def test_chongryon_usage_names_north_korea() -> None:
    [e] = _events("朝・日政府間会談が11日、平壌で行われた。")
    assert e.countries == ("JPN", "PRK") and e.location == "Pyongyang"
    [e] = _events("日本政府代表団は11日、共和国を訪問し、外務省の局長と会談した。")
    assert e.countries == ("JPN", "PRK")
    assert not [e for e in _events("中華人民共和国の外相は11日、日本の外相と会談した。") if "PRK" in e.countries]


def test_month_only_publication_dates_days_not_relative_days() -> None:
    # A page that gives only its month: 12日 is that month's, きのう cannot be placed.
    art = Article(
        id="m",
        text="日朝両政府は12日、北京で局長級協議を行った。",
        published_period="2026-05",
        language="ja",
    )
    [event] = extract(art)
    assert (event.date, event.status, event.background) == ("2026-05-12", "held", False)
    assert find_dates("きのう", dt.date(2026, 5, 31), relative=False) == []


def test_denied_report_is_no_contact() -> None:
    text = "官房長官は7日の記者会見で、日朝の当局者がモンゴルで接触したとの一部報道について「事実はない」と否定した。"
    assert not [e for e in _events(text) if e.status == "held" and not e.background]


def test_press_conference_speaker_gives_no_level() -> None:
    text = "官房長官は3日の記者会見で、日朝の政府当局者が先月、モンゴルで接触したことを認めた。"
    [event] = [e for e in _events(text, dt.date(2026, 6, 4)) if e.status == "held"]
    assert (event.date, event.location, event.level) == ("2026-05", "Mongolia", "unknown")


def test_last_week_is_its_month() -> None:
    [d] = find_dates("先週", dt.date(2026, 6, 25))
    assert (d.value, d.precision) == ("2026-06", "month")


def test_place_from_headline_or_dateline_when_no_sentence_gives_one() -> None:
    text = "日朝両政府の外務省課長級が10日、非公式に協議した。外務省関係者が明らかにした。"
    [event] = _events(text, title="日朝、ハノイで課長級協議")
    assert (event.location, event.level) == ("Hanoi", "working_level")
    [event] = _events("【北京共同】政府筋によると、日朝両政府は11日、局長級の協議を行った。")
    assert event.location == "Beijing"


def test_visited_country_is_the_place_not_a_side() -> None:
    text = "モンゴルを訪問中の外務省アジア大洋州局長が11日、北朝鮮外務省の局長と接触したことが分かった。"
    [event] = _events(text)
    assert (event.countries, event.location, event.status) == (("JPN", "PRK"), "Mongolia", "held")


def test_former_minister_holds_no_office() -> None:
    text = "元外相の衆院議員経験者が11日、平壌で北朝鮮の対外関係の幹部と会談した。"
    assert not [e for e in _events(text) if e.status == "held" and not e.background]


@pytest.mark.parametrize(
    ("text", "value", "precision"),
    [
        ("今月10、11の両日", "2025-06-10", "day"),
        ("昨年末", "2024-12", "month"),
        ("今年初め", "2025-01", "month"),
        ("今月初旬", "2025-06", "month"),
    ],
)
def test_more_date_forms(text: str, value: str, precision: str) -> None:
    [d] = find_dates(text, PUB)
    assert (d.value, d.precision) == (value, precision)


def test_polite_broadcast_past_is_held() -> None:
    text = "日本と北朝鮮の外務省の局長による会談が、きのう、中国の北京で行われました。"
    [event] = _events(text)
    assert (event.status, event.date, event.location) == ("held", "2025-06-11", "Beijing")


def test_multilateral_subject_and_its_references_are_no_bilateral() -> None:
    text = (
        "日米韓3カ国の外務次官は11日、ワシントンで協議し、北朝鮮の核開発に対し連携する方針で一致した。"
        "協議後の記者会見で、日本の次官は「北朝鮮との対話の扉は閉ざしていない」と述べ、日朝首脳会談の実現に向けた意欲を示した。"
    )
    assert not [e for e in _events(text) if e.status in ("held", "ongoing") and e.countries == ("JPN", "PRK")]


def test_attitude_toward_a_summit_is_no_contact() -> None:
    text = (
        "北朝鮮の金与正副部長は11日に談話を発表し、"
        "日本の首相が日朝首脳会談に意欲を示していることについて「関心はない」と述べた。"
    )
    assert not [e for e in _events(text) if e.status in ("held", "ongoing")]


def test_delegation_sentence_borrows_the_visit_before_it() -> None:
    text = (
        "日本の国会議員らで構成された代表団が7日から9日まで平壌を訪問した。"
        "代表団は滞在期間、朝鮮最高人民会議常任委員会の幹部と会見し、朝・日関係の改善について意見を交換した。"
    )
    [event] = [e for e in _events(text) if e.status == "held"]
    assert (event.countries, event.date, event.level) == (("JPN", "PRK"), "2025-06-07", "parliamentary")


def test_a_call_is_placed_where_the_japanese_side_took_it_never_at_the_dateline() -> None:
    text = "【ソウル共同】茂木外相は11日、外務省から北朝鮮の崔善姫外相と電話で会談した。"
    [event] = _events(text)
    assert (event.mode, event.location, event.level) == ("phone", "Tokyo", "foreign_ministers")
    [event] = _events("【ソウル共同】茂木外相は11日、北朝鮮の崔善姫外相と電話で会談した。")
    assert event.location is None


def test_media_and_private_bodies_are_no_government_side() -> None:
    text = "【平壌共同】北朝鮮の宋日昊大使は11日、平壌で共同通信と会見し、日朝協議の再開について述べた。"
    assert not [e for e in _events(text) if e.status == "held"]
    text = "日本の報道関係者でつくる訪問団が11日、平壌入りし、北朝鮮の幹部と面会した。日朝関係が話題になった。"
    assert not [e for e in _events(text) if e.status == "held"]


def test_press_conference_is_no_private_body() -> None:
    text = "日朝協議を巡り、官房長官は11日の記者会見で、北朝鮮側と先月接触したことを明らかにした。"
    assert [e for e in _events(text) if e.status == "held" and not e.background]
