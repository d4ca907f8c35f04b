"""arms.*: arms transfers by verb and noun; never an officer as supplier, never the sanctioner of the sellers."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(("text", "expected"), [
    ("Israel supplied drones and missiles to Azerbaijan.", {("ISR", "ARMS", "AZE", "arms.supplied")}),
    ("Russia provided Armenia with tanks and artillery.", {("RUS", "ARMS", "ARM", "arms.supplied")}),
    ("Ukraine received tanks from Poland last week.", {("POL", "ARMS", "UKR", "arms.received")}),
    ("The new German arms sales to Egypt drew criticism.", {("DEU", "ARMS", "EGY", "arms.noun")}),
    ("The United States has remained Taiwan's biggest arms supplier.", {("USA", "ARMS", "TWN", "arms.noun")}),
    ("Poland announced new military aid to Ukraine.", {("POL", "ARMS", "UKR", "arms.military_aid")}),
])
def test_arms(rule_set, text, expected):
    assert rule_set(text) == expected


@pytest.mark.parametrize("text", [
    "Israel did not supply weapons to Azerbaijan.",
    "Ukraine did not receive tanks from Poland.",
    "Norway supplied food and medicine to Sudan.",  # no weapons
    "Ukraine received grain from Poland last week.",
])
def test_no_arms_without_weapons_or_when_negated(rel_set, text):
    assert rel_set(text) == set()


@pytest.mark.parametrize(("text", "expected"), [
    ("China imposed sanctions on five American defense companies over arms sales to Taiwan.",
     {("CHN", "SANCTIONS", "USA"), ("USA", "ARMS", "TWN")}),
    ("China on Friday imposed sanctions on five American defense firms over the latest arms sales to Taiwan, "
     "the foreign ministry said.", {("CHN", "SANCTIONS", "USA"), ("USA", "ARMS", "TWN")}),
    ("China sanctioned five American defense companies over arms sales to Taiwan.",
     {("CHN", "SANCTIONS", "USA"), ("USA", "ARMS", "TWN")}),
    ("A UN expert criticized Russia for arms sales to Myanmar.",
     {("United Nations", "ACCUSES", "RUS"), ("RUS", "ARMS", "MMR")}),
])
def test_sales_punished_are_the_punished_ones_not_the_punisher(rel_set, text, expected):
    """Issue 16 part 4: the sale is by the sanctioned (the American companies), never by China."""
    assert rel_set(text) == expected
