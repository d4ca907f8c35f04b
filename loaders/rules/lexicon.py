"""The trigger lexicon (``loaders/data/lexicon.json``) and the word sets the rules share."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from graph.model import RelationType

LEXICON_PATH = Path(__file__).parent.parent / "data" / "lexicon.json"

# Nouns that stand for the actor named in their modifiers or "of" phrase ("Iran's government", "the
# interests of the US") rather than being actors themselves.
PROXY_NOUNS = {
    "government", "regime", "side", "leadership", "authorities", "administration", "forces", "force", "troops",
    "army", "military", "officials", "official", "interests", "interest", "assets", "embassy", "diplomats",
    "territory", "soil", "ships", "vessels", "warplanes", "jets", "drones", "navy", "elements", "presence",
    "positions", "targets", "bases", "base", "soldiers", "citizens", "nationals", "people", "leader", "leaders",
    "president", "envoy", "ambassador", "state", "country", "nation", "companies", "firms", "entities", "campaign",
    "spokesman", "spokeswoman", "spokesperson", "minister", "head", "chief", "commander", "representative",
    "port", "city", "town", "village", "capital", "region", "province", "coast", "border", "airport", "facility",
    "facilities", "site", "sites", "part", "parts", "area", "areas", "regions", "lands", "land", "counterpart",
    "counterparts", "company", "firm", "ship", "vessel", "warships", "warship", "infrastructure", "cities",
    "towns", "villages", "districts", "district", "outposts", "outpost", "convoy", "embassies",
}
QUANTIFIERS = {"one", "some", "several", "many", "two", "three", "four", "five", "most", "all", "each", "none"}
FIRST_PERSON = {"we", "us", "our", "i", "me", "my"}
LIGHT_VERBS = {"launch", "carry", "conduct", "impose", "level", "make", "issue", "express", "announce", "voice",
               "provide", "pledge", "offer", "extend", "mount", "stage", "wage", "hurl", "file", "lodge", "give"}


@dataclass(frozen=True, slots=True)
class Lexicon:
    verbs: dict[str, tuple[RelationType, frozenset[str]]]
    nouns: dict[str, RelationType]
    arms_verbs: frozenset[str]
    weapons: frozenset[str]
    arms_nouns: frozenset[str]
    speech_nouns: frozenset[str]
    speech_verbs: frozenset[str]
    threat_phrases: tuple[str, ...]
    hedges: frozenset[str]
    pair_nouns: dict[str, RelationType]
    blame_words: frozenset[str]


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    data = json.loads(LEXICON_PATH.read_text(encoding="utf-8"))
    verbs = {lemma: (RelationType(t), frozenset(spec["preps"])) for t, spec in data["verbs"].items()
             for lemma in spec["lemmas"]}
    nouns = {lemma: RelationType(t) for t, lemmas in data["nouns"].items() for lemma in lemmas}
    pairs = {noun: RelationType(t) for t, ns in data["pair_nouns"].items() for noun in ns}
    return Lexicon(verbs, nouns, frozenset(data["arms_verbs"]), frozenset(data["weapons"]),
                   frozenset(data["arms_nouns"]), frozenset(data["speech_nouns"]), frozenset(data["speech_verbs"]),
                   tuple(data["threat_phrases"]), frozenset(data["hedges"]), pairs, frozenset(data["blame_words"]))
