"""The gate's second test: both sides of a contact are named near one contact word, or the text is not parsed.

A story that names Japan and North Korea in one place and some meeting between others far away cannot report
their contact; a report names who met beside the word for the meeting. The distance is `NEAR_CHARS`."""

from __future__ import annotations

from extractors import extract, is_relevant
from extractors.events import Article
from extractors.gate import NEAR_CHARS

JPN_PRK = {("JPN", "PRK")}
# Filler with no state, no place and no contact word: paragraphs of a long commentary.
_FILLER = "The harvest was gathered early this year and the granaries were full before the first frost. " * 8


def test_sides_named_far_from_any_contact_word_are_not_parsed() -> None:
    text = (
        "Japan is again raising its military budget, the commentary says, and North Korea will not stand idle.\n\n"
        + _FILLER
        + "\n\nThe visiting Cuban delegation toured a farm outside the city on Tuesday."
    )
    assert len(_FILLER) > NEAR_CHARS
    assert not is_relevant(text, None, JPN_PRK)
    assert not is_relevant(text)  # any pair: still no two states near the visit
    assert extract(Article(id="far", text=text, published=None)) == []


def test_the_same_sides_beside_the_contact_word_are_parsed() -> None:
    text = "Japanese and North Korean officials met in Beijing on Tuesday, the foreign ministry said.\n\n" + _FILLER
    assert is_relevant(text, None, JPN_PRK)


def test_a_headline_naming_both_sides_at_its_contact_word_passes_a_long_story() -> None:
    title = "Japan, N. Korea hold secret talks in Mongolia"
    text = _FILLER + "\n\nThe two sides met for two days, sources said."
    assert is_relevant(text, title, JPN_PRK)
    assert not is_relevant(text, None, JPN_PRK)  # the body alone names neither side


def test_one_side_near_the_word_and_the_other_far_away_is_not_enough() -> None:
    text = "North Korean diplomats met in Geneva on Monday.\n\n" + _FILLER + "\n\nJapan protested a missile launch."
    assert not is_relevant(text, None, JPN_PRK)


def test_south_and_north_korea_name_both_sides_at_once() -> None:
    text = "Red Cross officials from South and North Korea met at Mount Kumgang on the 12th.\n\n" + _FILLER
    assert is_relevant(text, None, {("KOR", "PRK")})


def test_an_office_holder_names_his_state_for_the_test() -> None:
    text = "Kim Jong Un received the Japanese envoy in Pyongyang.\n\n" + _FILLER
    assert is_relevant(text, None, JPN_PRK)
