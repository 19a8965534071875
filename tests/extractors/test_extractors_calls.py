"""Phone calls told without the word "phone". Texts written for this test.

- A person or office holder as the object of "call" is a phone call with them ("called the South Korean
  president on Monday"); "called off", "called on ... to", "calls for" and "called him a liar" are not.
- A call the speaking went through is a talk ("spoke Tuesday via a congratulatory call"), as is a call held
  with someone ("had a call with").
"""

from __future__ import annotations

import datetime as dt

import pytest

from extractors import extract
from extractors.events import Article

PUB = dt.date(2026, 3, 12)

CASES: dict[str, tuple[str, set[str]]] = {
    "called_a_president": (
        "The Japanese prime minister called the South Korean president on Monday to discuss the abductions.",
        {"held"},
    ),
    "spoke_via_a_congratulatory_call": (
        "The Japanese and South Korean leaders spoke Tuesday via a congratulatory call on a range of issues.",
        {"held"},
    ),
    "had_a_call_with": ("The Japanese prime minister had a call with the South Korean president on Monday.", {"held"}),
    "called_off": ("Japan called off the talks with South Korea.", {"cancelled"}),
    "called_on_to": ("The Japanese prime minister called on the South Korean president to hold talks.", set()),
    "called_a_liar": ("The Japanese prime minister called the South Korean president a liar.", set()),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_calls(name: str) -> None:
    text, statuses = CASES[name]
    events = [e for e in extract(Article(id="t", text=text, published=PUB)) if tuple(e.countries) == ("JPN", "KOR")]
    assert {e.status for e in events if not e.background} == statuses
    if "held" in statuses:
        assert all(e.mode == "phone" for e in events if e.status == "held")
