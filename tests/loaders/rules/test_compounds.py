"""compounds.*: "X-backed Y" and the pair nouns after "X-Y"."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(("text", "expected"), [
    ("The Iran-backed Houthis fired rockets.", {("IRN", "SUPPORTS", "Houthis", "compounds.backed")}),
    ("Seoul hosted joint US-South Korean drills.", {("USA", "COOPERATES_WITH", "KOR", "compounds.pair_noun")}),
    ("Seoul hosted the joint U.S.-South Korean Ulchi Freedom Shield drills.",
     {("USA", "COOPERATES_WITH", "KOR", "compounds.pair_noun")}),
])
def test_compounds(rule_set, text, expected):
    assert rule_set(text) == expected


@pytest.mark.parametrize("text", [
    "The sanctions damaged China-US relations.",  # harmed relations are no cooperation
    "The Chile-Peru border was closed by fog.",  # no pair noun
    "The Iran-backed government in Iraq resigned.",  # a state is not "backed" by this pattern
])
def test_compounds_without_a_relation(rel_set, text):
    assert rel_set(text) == set()
