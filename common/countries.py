"""Country names for display, from the one table of states: the gazetteer's `extractors/data/states.json`.

Read as data (no import of the extractors): alerts, the CLI and any other view name a country the same way.
"""

from __future__ import annotations

import functools
import json
from importlib import resources


@functools.cache
def country_names() -> dict[str, str]:
    """ISO 3166-1 alpha-3 code → English short name, for every state the gazetteer knows."""
    text = (resources.files("extractors") / "data" / "states.json").read_text(encoding="utf-8")
    return {state["iso3"]: state["name"] for state in json.loads(text)["states"]}


def country_name(code: str) -> str:
    """The state's name; an unknown code as it is."""
    return country_names().get(code, code)
