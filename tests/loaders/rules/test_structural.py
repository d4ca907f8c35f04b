"""structural.affiliation: SERVES and PART_OF read with the actors."""

from __future__ import annotations


def test_officer_serves_the_body_of_his_title(rule_set):
    assert rule_set("Brigadier General Reza Karimi, commander of Iran's Ground Force, spoke on Monday.") == {
        ("Reza Karimi", "SERVES", "Ground Force", "structural.affiliation"),
        ("Ground Force", "PART_OF", "IRN", "structural.affiliation")}


def test_no_affiliation_without_a_title(rel_set):
    assert rel_set("Reza Karimi spoke on Monday.") == set()


def test_an_embassy_is_its_state_s_embassy_named_with_its_place(extractor):
    """Issue 16 part 4: "the US Embassy in Georgetown" is no ministry named "Embassy"."""
    from graph.model import Article

    ex = extractor.extract(Article(id="e", text="The US Embassy in Georgetown said the talks would continue."))
    ministries = {(a.name, a.state) for a in ex.actors if a.kind.value == "Ministry"}
    assert ministries == {("Embassy of the United States in Georgetown", "USA")}
    embassy = next(a.key for a in ex.actors if a.kind.value == "Ministry")
    assert {(r.source, r.type.value, r.target) for r in ex.relations} == {(embassy, "PART_OF", "USA")}


def test_an_embassy_without_a_place_is_named_by_its_state(rel_set):
    assert rel_set("The Russian embassy said the claims were false.\nThe Embassy of France in Kyiv was closed.") == {
        ("Embassy of Russia", "PART_OF", "RUS"), ("Embassy of France in Kyiv", "PART_OF", "FRA")}
