"""membership.*: MEMBER_OF (State -> alliance or intergovernmental organisation), issue 12 part 6."""

from __future__ import annotations

import pytest

NATO = "North Atlantic Treaty Organization"
SCO = "Shanghai Cooperation Organisation"
CSTO = "Collective Security Treaty Organization"


@pytest.mark.parametrize(("text", "expected"), [
    ("Poland is a member of NATO.", {("POL", "MEMBER_OF", NATO, "membership.member_noun")}),
    ("NATO member Poland sent troops.", {("POL", "MEMBER_OF", NATO, "membership.member_noun")}),
    ("Hungary, a NATO member, objected.", {("HUN", "MEMBER_OF", NATO, "membership.member_noun")}),
    ("NATO members Poland and Lithuania sent jets.",
     {("POL", "MEMBER_OF", NATO, "membership.member_noun"), ("LTU", "MEMBER_OF", NATO, "membership.member_noun")}),
    ("The SCO's members include India and Pakistan.",
     {("IND", "MEMBER_OF", SCO, "membership.member_noun"), ("PAK", "MEMBER_OF", SCO, "membership.member_noun")}),
    ("Norway is one of the founding members of NATO.", {("NOR", "MEMBER_OF", NATO, "membership.member_noun")}),
    ("Armenia is part of the CSTO.", {("ARM", "MEMBER_OF", CSTO, "membership.member_noun")}),
    ("Estonia, an EU member state, protested.", {("EST", "MEMBER_OF", "European Union", "membership.member_noun")}),
    ("NATO countries such as Greece and Bulgaria sent ships.",
     {("GRC", "MEMBER_OF", NATO, "membership.member_noun"), ("BGR", "MEMBER_OF", NATO, "membership.member_noun")}),
    ("The CSTO includes Belarus and Tajikistan.",
     {("BLR", "MEMBER_OF", CSTO, "membership.includes"), ("TJK", "MEMBER_OF", CSTO, "membership.includes")}),
    ("Finland joined NATO in 2023.", {("FIN", "MEMBER_OF", NATO, "membership.joined")}),
    ("Sweden, which joined NATO last year, hosted the summit.", {("SWE", "MEMBER_OF", NATO, "membership.joined")}),
    ("Croatia acceded to the European Union in 2013.", {("HRV", "MEMBER_OF", "European Union", "membership.joined")}),
    ("Sweden's accession to NATO was completed in March.", {("SWE", "MEMBER_OF", NATO, "membership.accession")}),
])
def test_member_of(rule_set, text, expected):
    assert rule_set(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("Ukraine is not a member of NATO.", set()),
    ("Ukraine wants to join NATO.", set()),
    ("Serbia will join the EU.", set()),
    ("Turkey blocked Sweden's accession to NATO.", set()),
    ("Ukraine's NATO membership bid stalled.", set()),
    ("Georgia, an aspiring member of NATO, held elections.", set()),
    ("Finland joined NATO exercises in the Arctic.", set()),  # exercises are no organisation
    ("Russia is not part of the EU.", set()),
    ("The deal includes Russia and China.", set()),  # no organisation includes them
    ("Kenya joined Ethiopia in condemning the attack.", set()),  # a state is joined, no bloc
    ("Hezbollah's allies include Iran.", set()),  # an armed group has no member states
    ("The Russian envoy met a NATO member on Monday.", set()),  # the member is not named
])
def test_no_member_of(rel_set, text, expected):
    assert {r for r in rel_set(text) if r[1] == "MEMBER_OF"} == expected
