"""The rule registry: names, versions, stages, the extractor version, and provenance on every piece of evidence."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.errors import InvalidInput
from graph.model import Article
from loaders import rules
from loaders.extract import EXTRACTOR_VERSION
from loaders.mentions import find_actors
from loaders.rules.registry import _unregister, rule, rules_version


def test_unknown_rule_names_are_refused_by_name(extractor):
    doc = extractor.nlp("Russia attacked Ukraine.")
    with pytest.raises(InvalidInput, match="unknown rule 'verbs.nonexistent'; registered rules: .*verbs.relation"):
        rules.apply_rules(doc, find_actors(doc, extractor.gaz), ["verbs.nonexistent"])


def test_only_the_named_rules_run(extractor):
    doc = extractor.nlp("Russia attacked Ukraine. Iran accused Azerbaijan of spying.")
    found = rules.apply_rules(doc, find_actors(doc, extractor.gaz), ["verbs.accusation"])
    assert [(f.source, f.type.value, f.target, f.rule) for f in found] == [("IRN", "ACCUSES", "AZE", "verbs.accusation")]


def test_a_name_registered_twice_for_two_functions_is_refused():
    with pytest.raises(InvalidInput, match="registered twice"):
        rule("verbs.relation", version=1)(lambda ctx: [])


def test_an_unknown_stage_is_refused():
    with pytest.raises(InvalidInput, match="unknown stage 'later'"):
        rule("test.stage", version=1, stage="later")


def test_the_extractor_version_changes_with_the_rules():
    before = rules_version()
    assert before == EXTRACTOR_VERSION and before.startswith("tensiongraph-rules-")

    @rule("test.added", version=1)
    def added(ctx):
        return []

    try:
        assert rules_version() != before
    finally:
        _unregister("test.added")
    assert rules_version() == before


def test_every_rule_is_named_versioned_documented_and_tested():
    tests = "".join(p.read_text() for p in Path(__file__).parent.glob("test_*.py"))
    for r in rules.registered():
        assert r.name.count(".") == 1 and r.version >= 1 and r.doc, r.name
        assert f'"{r.name}")' in tests, f"rule {r.name} has no test that expects it to fire"


def test_every_piece_of_evidence_names_its_rule(extractor):
    text = "Kosovo accused Serbia of arming gangs. Serbia denied the claims."
    ex = extractor.extract(Article(id="p", text=text))
    produced = {(r.source, r.type.value, r.target): [e.extractor for e in r.evidence] for r in ex.relations}
    assert produced == {("XKX", "ACCUSES", "SRB"): ["rule:verbs.accusation"],
                        ("SRB", "DENIES", "XKX"): ["rule:denials.rejected_claims"]}
    assert ex.extractor_version == EXTRACTOR_VERSION
    assert all(e.extractor_version == EXTRACTOR_VERSION for r in ex.relations for e in r.evidence)
