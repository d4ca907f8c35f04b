"""nouns.relation: relations named by a noun, with the target in its phrase or the partner as its modifier."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(("text", "expected"), [
    ("Iran's accusations against Azerbaijan were baseless.", {("IRN", "ACCUSES", "AZE", "nouns.relation")}),
    ("Turkey, a key ally of Azerbaijan, held a parade.", {("TUR", "ALLIED_WITH", "AZE", "nouns.relation")}),
    ("Ethiopia and Eritrea are close allies.", {("ETH", "ALLIED_WITH", "ERI", "nouns.relation")}),
    ("Belarus is Russia's closest ally.", {("BLR", "ALLIED_WITH", "RUS", "nouns.relation")}),
    ("Norway voiced support for Ukraine.", {("NOR", "SUPPORTS", "UKR", "nouns.relation")}),
    ("The Houthis expressed solidarity with the Palestinians.", {("Houthis", "SUPPORTS", "PSE", "nouns.relation")}),
    ("Washington has remained Taiwan's most important partner.",
     {("USA", "COOPERATES_WITH", "TWN", "nouns.relation")}),
])
def test_noun_relation(rule_set, text, expected):
    assert rule_set(text) == expected


@pytest.mark.parametrize("text", [
    "There was no support for Ukraine in the vote.",  # negated
    "The strikes on Yemen continued overnight.",  # nobody named as striking
    "The attack on the convoy was condemned by the United Nations.",  # no actor attacked
])
def test_noun_without_both_ends_yields_nothing(rel_set, text):
    assert rel_set(text) == set()


def test_what_someone_is_condemned_for_is_theirs(rule_set):
    assert rule_set("Iran condemned Israel for its attacks on Lebanon.") == {
        ("IRN", "ACCUSES", "ISR", "verbs.accusation"), ("ISR", "ATTACKS", "LBN", "nouns.relation")}
