"""Round 4 of the Japanese rules on short own-written sentences, one table row per rule: level from who led the
other side in the sentence beside, vague ranks (幹部), intelligence agencies; precision from a report answered by a
denial in the next sentence, recollections (振り返る, 当時の), a former official's past, and courtesy calls."""

from __future__ import annotations

import pytest

from tests.extractors.japanese.rules_support import events as _events
from tests.extractors.japanese.rules_support import news as _news


@pytest.mark.parametrize(
    ("text", "pair", "level"),
    [
        # One side's rank in the contact sentence, the other's in the sentence beside: the lower of the two.
        (
            "中国の外相は15日、北京を訪れた北朝鮮の代表団と会談した。代表団は北朝鮮外務省の次官が率いた。",
            ("CHN", "PRK"),
            "senior_officials",
        ),
        # A vague rank (幹部) on both sides sets a level; alone it says none.
        (
            "日本の外務省幹部は15日、モンゴルで北朝鮮外務省の幹部と非公式に接触した。",
            ("JPN", "PRK"),
            "senior_officials",
        ),
        (
            "日朝の政府関係者が今月上旬、タイで接触していたことが分かった。日本側からは外務省の幹部が出席した。",
            ("JPN", "PRK"),
            "unknown",
        ),
        # An intelligence agency's head, even as a leader's envoy (大統領の特使: the leader is only mentioned).
        (
            "大統領の特使として訪朝した韓国の国家情報院長は15日、平壌で北朝鮮の総書記と会談した。",
            ("KOR", "PRK"),
            "intelligence",
        ),
        # Who sat in (会談には…が同席した) led no side: an intelligence chief sitting in on a summit.
        (
            (
                "韓国の大統領は15日、平壌で北朝鮮の総書記と会談した。"
                "会談には韓国側から国家情報院長と統一相、北朝鮮側から党副部長が同席した。"
            ),
            ("KOR", "PRK"),
            "leaders",
        ),
        # A courtesy call (表敬訪問) is a contact; an ambassador calling on a minister: the ambassador's rank.
        (
            "北朝鮮の駐中国大使は15日、北京で中国の外相を表敬訪問した。",
            ("CHN", "PRK"),
            "senior_officials",
        ),
    ],
)
def test_level(text: str, pair: tuple[str, str], level: str) -> None:
    news = _news(_events(text), pair)
    assert len(news) == 1
    assert news[0].level == level
    for ev in news[0].evidence:
        assert text[ev.start : ev.end] == ev.text


@pytest.mark.parametrize(
    ("text", "pair"),
    [
        # A reported contact answered in the next sentence by a denial (これについて…「承知していない」).
        (
            (
                "韓国の一部メディアは、日朝の当局者が今月上旬にハノイで接触したと報じた。"
                "これについて日本政府関係者は15日、「そうした事実は承知していない」と述べた。"
            ),
            ("JPN", "PRK"),
        ),
        # Recalled, not reported: the object of a recollection (…したことを振り返り), or marked 当時の.
        ("米国の大統領は15日、北朝鮮の総書記と昨年会談したことを振り返り、「良い関係だ」と述べた。", ("PRK", "USA")),
        ("元外交官は15日、都内で講演し、北朝鮮側との当時の交渉を振り返った。", ("JPN", "PRK")),
        # A pair word naming another contact word (米朝の首脳会談を前に) is not the pair of the contact that follows.
        ("米朝の首脳会談を前に、韓国の外相は15日、ワシントンで米国務長官と会談した。", ("PRK", "USA")),
        # A contact in a relative clause on a former official describes that person's past.
        ("日朝協議に携わった元外務省幹部が15日、都内で講演した。", ("JPN", "PRK")),
    ],
)
def test_no_news_contact(text: str, pair: tuple[str, str]) -> None:
    assert _news(_events(text), pair) == []


def test_recent_contact_recalled_is_news() -> None:
    # A contact the article dates within two weeks stays news when someone looks back on it (前日の会談を振り返り).
    text = (
        "日本の外相は14日、北京で北朝鮮の外相と会談した。外相は15日、14日の会談を振り返り、「有意義だった」と述べた。"
    )
    news = _news(_events(text), ("JPN", "PRK"))
    assert len(news) == 1
    assert news[0].date == "2026-06-14"
