"""The rule-based relation reader: small registered rules over one parsed article.

:func:`apply_rules` is the one entry point: ``apply_rules(doc, actors) -> list[Found]``. Each rule is a
named, versioned function registered with :func:`~loaders.rules.registry.rule`, one module per family:

- :mod:`~loaders.rules.verbs` — trigger verbs (``X accused Y``, ``Y was attacked by X``);
- :mod:`~loaders.rules.denials` — rejecting what someone said (a later stage: it reads who accused before);
- :mod:`~loaders.rules.speech` — reported speech that blames, threat phrases;
- :mod:`~loaders.rules.nominal` — relation nouns (``accusations against Y``, ``a key ally of Y``);
- :mod:`~loaders.rules.arms` — arms transfers by verb and noun;
- :mod:`~loaders.rules.compounds` — ``X-backed Y``, ``joint X-Y drills``;
- :mod:`~loaders.rules.diplomatic` — embassies closed or opened, envoys recalled, ties severed;
- :mod:`~loaders.rules.membership` — states that are members of organisations (MEMBER_OF);
- :mod:`~loaders.rules.groups` — a group whose members are named later;
- :mod:`~loaders.rules.structural` — SERVES and PART_OF read with the actors.

The shared helpers (actors of phrases, speakers, negation and hedges) are :class:`Context`'s methods.
:func:`rules_version` is a short hash of every rule's name and version: the extractor version.
"""

from __future__ import annotations

from collections.abc import Iterable

from spacy.tokens import Doc

from loaders.mentions import ArticleActors
from loaders.rules import arms, compounds, denials, diplomatic, groups, membership, nominal, speech, structural, verbs
from loaders.rules.context import Context
from loaders.rules.registry import Found, Rule, get_rule, registered, rule, rules_version, run

FAMILIES = (verbs, nominal, arms, compounds, diplomatic, membership, groups, speech, structural, denials)

__all__ = ["Context", "Found", "Rule", "apply_rules", "get_rule", "registered", "rule", "rules_version", "FAMILIES"]


def apply_rules(doc: Doc, actors: ArticleActors, names: Iterable[str] | None = None) -> list[Found]:
    """Every relation the rules read in ``doc`` whose actors are ``actors``; only the rules ``names``
    (registered names; an unknown name raises InvalidInput) when given."""
    rules = registered() if names is None else [get_rule(n) for n in names]
    return run(rules, Context.of(doc, actors))
