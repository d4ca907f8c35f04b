"""Denials: rejecting what someone said denies the one who said it.

``X rejected Y's accusations`` / ``X denounced the statements made by Y`` → X DENIES Y; a bare ``X
denied the claims`` or ``X denied`` → X DENIES whoever accused X earlier in the article. These rules
run in the ``denials`` stage: they receive the earlier stages' findings, read-only, to find that
accuser.
"""

from __future__ import annotations

from collections.abc import Iterator

from graph.model import RelationType
from loaders.rules.context import Context
from loaders.rules.registry import Found, rule
from loaders.rules.verbs import is_claim, verb_frame


def accuser_of(ctx: Context, actor: str, earlier: tuple[Found, ...], at: int) -> str | None:
    """Who last accused ``actor`` (or its state, or an institution of its state) up to token ``at``."""
    actors = ctx.actors.actors
    state = actors[actor].state or actor
    before = sorted((f for f in earlier if f.at <= at and f.type is RelationType.ACCUSES), key=lambda f: f.at)
    for f in reversed(before):
        if f.target in (actor, state) or actors[f.target].state == state:
            return f.source
    return None


@rule("denials.rejected_claims", version=1, stage="denials")
def rejected_claims(ctx: Context, earlier: tuple[Found, ...]) -> Iterator[Found]:
    """"X rejected Y's accusations", "X dismissed the claims made by Y", "X called the reports lies"."""
    for verb in ctx.tokens:
        frame = verb_frame(ctx, verb)
        if frame is None or not frame.accusation:
            continue
        for s in frame.sources:
            src = ctx.actor_of(s, speaker=frame.speaker)
            if not src:
                continue
            for t in frame.targets:
                if not is_claim(ctx, t):
                    continue
                owner = next((ctx.actor_of(c) for c in t.children if c.dep_ == "poss"), None)
                owner = owner or ctx.agent(t) or ctx.actor_of(t) or accuser_of(ctx, src, earlier, verb.i)
                yield from ctx.found(src, RelationType.DENIES, owner, verb, frame.confidence * (0.9 if owner else 1))


@rule("denials.bare", version=1, stage="denials")
def bare_denial(ctx: Context, earlier: tuple[Found, ...]) -> Iterator[Found]:
    """"X denied it" with nothing named: X DENIES whoever accused X before in the article."""
    for verb in ctx.tokens:
        frame = verb_frame(ctx, verb)
        if frame is None or frame.type is not RelationType.DENIES or frame.targets:
            continue
        for s in frame.sources:
            src = ctx.actor_of(s, speaker=frame.speaker)
            if src:
                yield from ctx.found(src, RelationType.DENIES, accuser_of(ctx, src, earlier, verb.i), verb,
                                     frame.confidence * 0.8)
