"""The cue-word tables of `data/cues.json`, loaded once into frozensets for O(1) token tests."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources


@dataclass(frozen=True)
class Cues:
    version: str
    trigger_verbs: frozenset[str]
    trigger_nouns: frozenset[str]
    exchange_words: frozenset[str]
    exchange_objects: frozenset[str]
    sit_down_verbs: frozenset[str]
    weak_nouns: frozenset[str]
    light_verbs: frozenset[str]
    reporting_verbs: frozenset[str]
    cancel_words: frozenset[str]
    cancel_particles: dict[str, frozenset[str]]
    refuse_words: frozenset[str]
    schedule_words: frozenset[str]
    propose_words: frozenset[str]
    ongoing_words: frozenset[str]
    held_despite_words: frozenset[str]
    stall_words: frozenset[str]
    background_modifiers: frozenset[str]
    background_governors: frozenset[str]
    negation_words: frozenset[str]
    one_way_cues: tuple[str, ...]
    sport_cues: tuple[str, ...]
    multilateral_modifiers: frozenset[str]
    pair_anaphora: tuple[str, ...]
    reported_cues: tuple[str, ...]
    secret_cues: frozenset[str]
    venue_heads: frozenset[str]
    venue_events: frozenset[str]
    level_phrases: tuple[tuple[str, str], ...]
    actor_nouns: frozenset[str]
    non_official_cues: tuple[str, ...]
    private_visit_cues: tuple[str, ...]
    speculation_verbs: frozenset[str]
    history_genre_labels: tuple[str, ...]
    travel_verbs: frozenset[str]
    preview_words: frozenset[str]
    role_nouns: frozenset[str]
    durations: frozenset[str]
    refuse_nouns: frozenset[str]
    attend_verbs: frozenset[str]


@lru_cache(maxsize=1)
def cues() -> Cues:
    raw = json.loads(resources.files("extractors").joinpath("data", "cues.json").read_text(encoding="utf-8"))

    def fs(key: str) -> frozenset[str]:
        return frozenset(str(w) for w in raw[key])

    return Cues(
        version=str(raw["version"]),
        trigger_verbs=fs("trigger_verbs"),
        trigger_nouns=fs("trigger_nouns"),
        exchange_words=fs("exchange_words"),
        exchange_objects=fs("exchange_objects"),
        sit_down_verbs=fs("sit_down_verbs"),
        weak_nouns=fs("noun_triggers_needing_talk_context"),
        light_verbs=fs("light_verbs"),
        reporting_verbs=fs("reporting_verbs"),
        cancel_words=fs("cancel_words"),
        cancel_particles={k: frozenset(v) for k, v in raw["cancel_particles_needed"].items()},
        refuse_words=fs("refuse_words"),
        schedule_words=fs("schedule_words"),
        propose_words=fs("propose_words"),
        ongoing_words=fs("ongoing_words"),
        held_despite_words=fs("held_despite_words"),
        stall_words=fs("stall_words"),
        background_modifiers=fs("background_modifiers"),
        background_governors=fs("background_governors"),
        negation_words=fs("negation_words"),
        one_way_cues=tuple(raw["one_way_cues"]),
        sport_cues=tuple(raw["sport_cues"]),
        multilateral_modifiers=fs("multilateral_modifiers"),
        pair_anaphora=tuple(raw["pair_anaphora"]),
        reported_cues=tuple(raw["reported_cues"]),
        secret_cues=fs("secret_cues"),
        venue_heads=fs("venue_heads"),
        venue_events=fs("venue_events"),
        level_phrases=tuple((str(a), str(b)) for a, b in raw["level_phrases"]),
        actor_nouns=fs("actor_nouns"),
        non_official_cues=tuple(raw["non_official_cues"]),
        private_visit_cues=tuple(raw["private_visit_cues"]),
        speculation_verbs=fs("speculation_verbs"),
        history_genre_labels=tuple(raw["history_genre_labels"]),
        travel_verbs=fs("travel_verbs"),
        preview_words=fs("preview_words"),
        role_nouns=fs("role_nouns"),
        durations=fs("durations"),
        refuse_nouns=fs("refuse_nouns"),
        attend_verbs=fs("attend_verbs"),
    )
