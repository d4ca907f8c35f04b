"""denials.*: rejecting what someone said denies the one who said it; a bare denial answers the accuser named
before it, never one named after."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(("text", "expected"), [
    ("India dismissed Pakistan's allegations as baseless.", {("IND", "DENIES", "PAK", "denials.rejected_claims")}),
    ("Serbia rejected the accusations made by Kosovo.", {("SRB", "DENIES", "XKX", "denials.rejected_claims")}),
    ("Kosovo accused Serbia of arming gangs. Serbia denied the claims.",
     {("XKX", "ACCUSES", "SRB", "verbs.accusation"), ("SRB", "DENIES", "XKX", "denials.rejected_claims")}),
    ("Kosovo accused Serbia of arming gangs. Serbia denied.",
     {("XKX", "ACCUSES", "SRB", "verbs.accusation"), ("SRB", "DENIES", "XKX", "denials.bare")}),
])
def test_denial(rule_set, text, expected):
    assert rule_set(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("Serbia rejected the claims.", set()),  # nobody accused Serbia
    # the accusation comes after the denial
    ("Serbia denied the claims. Kosovo later accused Serbia of arming gangs.", {("XKX", "ACCUSES", "SRB")}),
    # Albania was not the one accused
    ("Kosovo accused Serbia of arming gangs. Albania rejected the claims.", {("XKX", "ACCUSES", "SRB")}),
])
def test_no_denial_without_an_earlier_accuser_of_the_denier(rel_set, text, expected):
    assert rel_set(text) == expected


def test_the_ministry_refers_back_and_rejection_targets_the_accuser(extractor):
    from graph.model import Article

    text = ("Iran accused Azerbaijan of hosting foreign advisers.\n\n"
            "Azerbaijan's Ministry of Defense issued a statement on Tuesday. The ministry rejected the claims.")
    ex = extractor.extract(Article(id="d", text=text))
    mod = next(a for a in ex.actors if a.kind.value == "Ministry")
    assert (mod.name, mod.state) == ("Ministry of Defense", "AZE")
    assert {(r.source, r.type.value, r.target) for r in ex.relations} == {
        ("IRN", "ACCUSES", "AZE"), (mod.key, "PART_OF", "AZE"), (mod.key, "DENIES", "IRN")}
