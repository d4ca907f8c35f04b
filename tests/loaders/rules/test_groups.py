"""groups.named_members: a group named later passes what was done to it, and its own arms sales, to each member."""

from __future__ import annotations

SANCTIONED = ("Norway announced sanctions on Sunday against three shipping companies in Panama for their "
              "involvement in weapons sales to Syria. The three companies are Blue Harbour Lines, Acme Freight & "
              "Logistics and Northern Star Shipping, according to a statement.")


def test_each_member_is_sanctioned_and_sells_arms(rel_set, extractor):
    from graph.model import Article

    members = ("Blue Harbour Lines", "Acme Freight & Logistics", "Northern Star Shipping")
    assert rel_set(SANCTIONED) == {("NOR", "SANCTIONS", m) for m in members} | {(m, "ARMS", "SYR") for m in members}
    kinds = {a.name: a.kind.value for a in extractor.extract(Article(id="g", text=SANCTIONED)).actors}
    assert kinds["Acme Freight & Logistics"] == "Organization"


def test_which_include(rel_set):
    text = ("Canada imposed sanctions on four Russian firms. The companies, which include shipbuilder "
            "Baltic Hull Yards, will have their assets frozen.")
    assert rel_set(text) == {("CAN", "SANCTIONS", "RUS"), ("CAN", "SANCTIONS", "Baltic Hull Yards")}


def test_the_means_clause_keeps_the_main_subject(rule_set):
    text = ("He said Beijing was taking countermeasures by imposing sanctions on nine defense firms. The companies, "
            "which include aerospace firm Pacific Rotor Corporation, will have their assets frozen.")
    assert rule_set(text) == {("CHN", "SANCTIONS", "Pacific Rotor Corporation", "groups.named_members")}


def test_a_list_without_a_group_before_passes_nothing(rel_set):
    assert rel_set("The three companies are Blue Harbour Lines, Acme Freight and Northern Star Shipping.") == set()
