"""structural.affiliation: SERVES and PART_OF read with the actors."""

from __future__ import annotations


def test_officer_serves_the_body_of_his_title(rule_set):
    assert rule_set("Brigadier General Reza Karimi, commander of Iran's Ground Force, spoke on Monday.") == {
        ("Reza Karimi", "SERVES", "Ground Force", "structural.affiliation"),
        ("Ground Force", "PART_OF", "IRN", "structural.affiliation")}


def test_no_affiliation_without_a_title(rel_set):
    assert rel_set("Reza Karimi spoke on Monday.") == set()
