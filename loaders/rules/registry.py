"""The rule registry: every relation rule is a named, versioned function registered by a decorator.

A rule reads one article's :class:`~loaders.rules.context.Context` (read-only) and yields
:class:`Found` records. Rules run in stages, in the order of :data:`STAGES`; a rule of a later stage
also receives the findings of the earlier stages, read-only (the denial rules look up who accused the
denier before). Within a stage, rules run in registration order.

>>> @rule("doc.example", version=1)
... def example(ctx):
...     return []
>>> get_rule("doc.example").version
1
>>> get_rule("doc.nonexistent")
Traceback (most recent call last):
...
graph.errors.InvalidInput: unknown rule 'doc.nonexistent'; registered rules: ...
>>> _unregister("doc.example")

The version of the rule set (:func:`rules_version`) is a short hash of every registered name and
version: bump a rule's ``version`` whenever its behaviour changes, and the extractor version stamped on
every piece of evidence changes with it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from graph.errors import InvalidInput
from graph.model import RelationType

STAGES = ("main", "denials")


@dataclass(frozen=True, slots=True)
class Found:
    """One relation read by one rule: ``source -type-> target`` in ``sentence``.

    ``rule`` is the registered name of the rule that read it; ``at`` the index of the trigger token in
    the parsed article (it orders findings: "who accused X before this denial")."""

    source: str
    type: RelationType
    target: str
    sentence: str
    confidence: float
    rule: str = ""
    at: int = -1


@dataclass(frozen=True, slots=True)
class Rule:
    name: str
    version: int
    stage: str
    func: Callable[..., Iterable[Found]]
    doc: str


_RULES: dict[str, Rule] = {}


def rule(name: str, version: int, stage: str = "main") -> Callable[[Callable[..., Iterable[Found]]],
                                                                   Callable[..., Iterable[Found]]]:
    """Register ``func`` as the rule ``name`` (``family.what``). A ``main`` rule is ``func(ctx)``; a rule
    of a later stage is ``func(ctx, earlier)`` with the earlier stages' findings."""
    if stage not in STAGES:
        raise InvalidInput(f"rule {name!r}: unknown stage {stage!r}; stages are {list(STAGES)}")

    def register(func: Callable[..., Iterable[Found]]) -> Callable[..., Iterable[Found]]:
        if name in _RULES and _RULES[name].func.__qualname__ != func.__qualname__:
            raise InvalidInput(f"rule {name!r} is registered twice ({_RULES[name].func.__qualname__}, "
                               f"{func.__qualname__})")
        _RULES[name] = Rule(name, version, stage, func, (func.__doc__ or "").strip().split("\n")[0])
        return func

    return register


def get_rule(name: str) -> Rule:
    try:
        return _RULES[name]
    except KeyError:
        raise InvalidInput(f"unknown rule {name!r}; registered rules: {', '.join(sorted(_RULES))}") from None


def registered() -> list[Rule]:
    """Every rule, stage by stage, in registration order within a stage."""
    return sorted(_RULES.values(), key=lambda r: STAGES.index(r.stage))


def rules_version() -> str:
    """``tensiongraph-rules-<hash>``: a short hash of every registered rule's name and version."""
    spec = "\n".join(sorted(f"{r.name}@{r.version}" for r in _RULES.values()))
    return "tensiongraph-rules-" + hashlib.sha256(spec.encode()).hexdigest()[:10]


def _unregister(name: str) -> None:
    _RULES.pop(name, None)


def run(rules: list[Rule], ctx: Any) -> list[Found]:
    """Apply ``rules`` stage by stage; each finding carries its rule's name."""
    found: list[Found] = []
    for stage in STAGES:
        earlier = tuple(found)
        for r in rules:
            if r.stage != stage:
                continue
            out = r.func(ctx) if stage == STAGES[0] else r.func(ctx, earlier)
            found += [Found(f.source, f.type, f.target, f.sentence, f.confidence, r.name, f.at) for f in out]
    return found
