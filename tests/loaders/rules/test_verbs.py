"""verbs.relation and verbs.accusation: relations stated by a trigger verb (sentences written for these tests)."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(("text", "expected"), [
    ("Russia attacked Ukraine on Tuesday.", {("RUS", "ATTACKS", "UKR", "verbs.relation")}),
    ("Lithuania was sanctioned by China last year.", {("CHN", "SANCTIONS", "LTU", "verbs.relation")}),
    ("Chile and Peru agreed to cooperate on fisheries.", {("CHL", "COOPERATES_WITH", "PER", "verbs.relation")}),
    ("Armenia is allied with France.", {("ARM", "ALLIED_WITH", "FRA", "verbs.relation")}),
    # a future strike is a threat, not an attack
    ("Iran threatened to strike Israel.", {("IRN", "THREATENS", "ISR", "verbs.relation")}),
])
def test_verb_relation(rule_set, text, expected):
    assert rule_set(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("Iran accused Azerbaijan of hosting foreign advisers.", {("IRN", "ACCUSES", "AZE", "verbs.accusation")}),
    ("Azerbaijan was accused by Iran of hosting foreign advisers.", {("IRN", "ACCUSES", "AZE", "verbs.accusation")}),
    ("Ecuador lashed out at Colombia on Friday.", {("ECU", "ACCUSES", "COL", "verbs.accusation")}),
    ("Kenya alleged that Somalia harbours the gunmen.", {("KEN", "ACCUSES", "SOM", "verbs.accusation")}),
    ("Bolivia has denounced the joint Peruvian-Chilean naval drills.",
     {("BOL", "ACCUSES", "PER", "verbs.accusation"), ("BOL", "ACCUSES", "CHL", "verbs.accusation"),
      ("PER", "COOPERATES_WITH", "CHL", "compounds.pair_noun")}),
])
def test_verb_accusation(rule_set, text, expected):
    assert rule_set(text) == expected


@pytest.mark.parametrize("text", [
    "Russia never attacked Finland.",
    "Azerbaijan did not sanction Iran.",
    "Iran did not accuse Azerbaijan of anything.",
    "Chile praised the weather in Peru.",
])
def test_negated_or_untriggered_verbs_yield_nothing(rel_set, text):
    assert rel_set(text) == set()


def test_hedged_verb_gets_lower_confidence(extractor):
    from graph.model import Article

    [firm] = extractor.extract(Article(id="a", text="China sanctioned Lithuania.")).relations
    [hedged] = extractor.extract(Article(id="b", text="China may sanction Lithuania.")).relations
    assert hedged.confidence < firm.confidence
