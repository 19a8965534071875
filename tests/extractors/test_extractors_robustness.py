"""Evidence offsets, the relevance gate, and garbage input (which must never raise)."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest

from extractors import MAX_TEXT_CHARS, extract, extract_many, is_relevant
from extractors.events import Article, Event
from tests.support.data import SEED_PUBLISHED, SHARED_DATA, seed_article


def _check_evidence(article: Article, events: list[Event]) -> None:
    for event in events:
        assert event.evidence, event
        for ev in event.evidence:
            assert ev.article == article.id
            assert article.text[ev.start : ev.end] == ev.text
            assert ev.text.strip() == ev.text
            assert ev.text


def test_evidence_slices_the_original_text_of_seeds(seed_events: dict[str, list[Event]]) -> None:
    for name, events in seed_events.items():
        _check_evidence(seed_article(name), events)


def test_evidence_slices_the_original_text_of_dev(
    dev_records: list[dict[str, Any]], dev_events: list[list[Event]]
) -> None:
    from extractors.evaluation import article_of_record

    for record, events in zip(dev_records, dev_events, strict=True):
        _check_evidence(article_of_record(record), events)


def test_gate_recall_on_seeds_and_dev_positives(dev_records: list[dict[str, Any]]) -> None:
    for name in SEED_PUBLISHED:
        article = seed_article(name)
        assert is_relevant(article.text, article.title)
    positives = [r for r in dev_records if r["label"] == "positive"]
    assert positives
    missed = [r["id"] for r in positives if not is_relevant(r["text"], r.get("title"))]
    assert missed == []


def test_gate_rejects_most_general_news() -> None:
    path = SHARED_DATA / "feeds" / "general_news_sample.jsonl"
    if not path.exists():
        pytest.skip("general news sample not available")
    passed = total = 0
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            entry = json.loads(line)["entry"]
            text = f"{entry.get('title') or ''}\n\n{entry.get('description') or ''}"
            total += 1
            passed += is_relevant(text)
    assert passed / total < 0.05


def test_gate_needs_two_states_and_a_contact_word() -> None:
    assert is_relevant("Japan and North Korea held talks.")
    assert not is_relevant("Japan and North Korea sound warning as cold snap sweeps Asia.")
    assert not is_relevant("Officials held talks in Geneva.")
    assert is_relevant("Kishida met Kim Jong Un.")
    assert not is_relevant("")


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   \n\n\t  ",
        "\x00\x01\x02 binary \xff\xfe junk \x00" * 50,
        "Japan North Korea talks " * 2_000,
        "met " * 2_000 + "Japan and North Korea",
        "日本と北朝鮮が会談した。 Japan and North Korea met 🙂 on Tuesday.",
        "Japan and North Korea held talks on Feb. 30 and on 2014-13-45 in May 0000.",
        "(((((((((( Japan [[[ North Korea ]]] talks )))))))))",
        "Japan and North Korea held talks \ud800 on Monday \udfff.",  # lone surrogates from bad decoding
        "\u200b" * 1000 + "Japan and North Korea met.",
        "JAPAN NORTH KOREA TALKS MEETING SUMMIT\n" * 300,
    ],
)
def test_garbage_never_raises(text: str) -> None:
    for published in (None, dt.date(2020, 2, 29)):
        events = extract(Article(id="junk", text=text, published=published))
        assert isinstance(events, list)
        _check_evidence(Article(id="junk", text=text), events)


def test_huge_text_is_capped() -> None:
    filler = "The weather was mild and markets were calm. " * (3 * MAX_TEXT_CHARS // 44)
    text = "Japanese and North Korean officials held talks in Beijing on Tuesday. " + filler
    events = extract(Article(id="big", text=text, published=dt.date(2019, 6, 13)))
    assert any(e.is_new_contact for e in events)


def test_extract_many_keeps_input_order_and_handles_empty_input() -> None:
    assert extract_many([]) == []
    articles = [
        Article(id="a", text="Nothing to see here."),
        Article(
            id="b",
            text="Japanese and North Korean officials held talks in Beijing on Tuesday.",
            published=dt.date(2019, 6, 13),
        ),
        Article(id="c", text=""),
    ]
    out = extract_many(articles, batch_size=1)
    assert [len(x) > 0 for x in out] == [False, True, False]
    assert out[1][0].evidence[0].article == "b"


def test_a_failing_batch_parse_falls_back_to_one_by_one(monkeypatch: pytest.MonkeyPatch) -> None:
    import extractors.model

    real = extractors.model.nlp()

    class BrokenPipe:
        def pipe(self, *args: object, **kwargs: object) -> object:
            raise ValueError("batch failure")

        def __call__(self, text: str) -> object:
            if "poison" in text:
                raise ValueError("cannot parse")
            return real(text)

    monkeypatch.setattr(extractors.model, "nlp", BrokenPipe)
    good = "Japanese and North Korean officials held talks in Beijing on Tuesday."
    articles = [
        Article(id="a", text=good, published=dt.date(2019, 6, 13)),
        Article(id="b", text=good + " poison", published=dt.date(2019, 6, 13)),
        Article(id="c", text=good, published=dt.date(2019, 6, 13)),
    ]
    assert [len(x) for x in extract_many(articles)] == [1, 0, 1]


def test_rule_errors_raise_under_tests_and_are_swallowed_in_production(monkeypatch: pytest.MonkeyPatch) -> None:
    from extractors import rule_errors
    from extractors.contacts import MentionFinder

    good = "Japanese and North Korean officials held talks in Beijing on Tuesday."
    article = Article(id="a", text=good, published=dt.date(2019, 6, 13))
    assert rule_errors.STRICT  # set by tests/conftest.py
    assert len(extract(article)) == 1

    def broken_mention(self: MentionFinder, *args: object) -> None:
        raise IndexError("a rule tripped")

    monkeypatch.setattr(MentionFinder, "_mention", broken_mention)
    with pytest.raises(IndexError, match="a rule tripped"):
        extract(article)
    # Production: the trigger is lost, not the article's batch.
    monkeypatch.setattr(rule_errors, "STRICT", False)
    assert extract_many([article, Article(id="b", text="", published=None)]) == [[], []]

    def broken_article(*args: object, **kwargs: object) -> None:
        raise KeyError("an article-level rule tripped")

    monkeypatch.undo()
    monkeypatch.setattr("extractors.pipeline.events_from_doc", broken_article)
    with pytest.raises(KeyError, match="an article-level rule tripped"):
        extract(article)
    monkeypatch.setattr(rule_errors, "STRICT", False)
    assert extract(article) == []
