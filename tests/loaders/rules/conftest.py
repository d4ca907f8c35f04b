"""Helpers for the rule tests: the relations of a sentence, by actor name, exactly."""

from __future__ import annotations

import pytest

from graph.model import Article
from loaders.mentions import find_actors
from loaders.rules import apply_rules


def _names(extraction) -> dict[str, str]:
    return {a.key: (a.key if a.kind.value == "State" else a.name) for a in extraction.actors}


@pytest.fixture(scope="session")
def rel_set(extractor):
    """``rel_set(text)``: every (source, type, target) the extractor stores for ``text``; states by ISO code,
    other actors by name."""
    def relations(text: str) -> set[tuple[str, str, str]]:
        ex = extractor.extract(Article(id="t", text=text))
        names = _names(ex)
        return {(names[r.source], r.type.value, names[r.target]) for r in ex.relations}
    return relations


@pytest.fixture(scope="session")
def rule_set(extractor):
    """``rule_set(text)``: every (source, type, target, rule) the rules find in ``text``."""
    def found(text: str) -> set[tuple[str, str, str, str]]:
        doc = extractor.nlp(text)
        actors = find_actors(doc, extractor.gaz)
        names = {k: (k if a.kind.value == "State" else a.name) for k, a in actors.actors.items()}
        return {(names[f.source], f.type.value, names[f.target], f.rule) for f in apply_rules(doc, actors)}
    return found
