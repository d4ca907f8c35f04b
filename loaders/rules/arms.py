"""Arms transfers (ARMS: supplier → recipient).

``X supplied weapons to Y``, ``X provided Y with drones``; ``Y received (bought) tanks from X``; ``a
weapons exporter to Y``, ``arms sales to Y``, ``the US remained Taiwan's biggest arms supplier``;
``military aid to Y``. An officer is never an arms supplier (see :meth:`Context.found`).
"""

from __future__ import annotations

from collections.abc import Iterator

from graph.model import RelationType
from loaders.rules.context import Context
from loaders.rules.nominal import HOSTILE_PREPS, is_arms_noun, is_military_aid, noun_relation
from loaders.rules.registry import Found, rule
from loaders.rules.verbs import RECEIVE_VERBS, is_verb


@rule("arms.supplied", version=1)
def supplied(ctx: Context) -> Iterator[Found]:
    """"X supplied weapons to Y", "X provided Y with drones", "X sold tanks to Y"."""
    for verb in ctx.tokens:
        lemma = verb.lemma_.lower()
        if not is_verb(verb) or lemma not in ctx.lex.arms_verbs or lemma in RECEIVE_VERBS or ctx.negated(verb):
            continue
        objs = [c for c in verb.children if c.dep_ in ("dobj", "dative")]
        weapons = [o for o in objs if ctx.is_weapon(o)]
        recipients = [o for o in objs if not ctx.is_weapon(o)]
        for c in verb.children:
            if c.dep_ == "prep" and c.lower_ in ("to", "for"):
                recipients += [p for p in c.children if p.dep_ == "pobj"]
            if c.dep_ == "prep" and c.lower_ == "with":
                weapons += [p for p in c.children if p.dep_ == "pobj" and ctx.is_weapon(p)]
        if not weapons:
            continue
        speaker = ctx.speaker_of(verb)
        for s in ctx.subjects(verb):
            for r in recipients:
                yield from ctx.found(ctx.actor_of(s, speaker=speaker), RelationType.ARMS, ctx.actor_of(r), verb,
                                     ctx.confidence(verb, 0.8))


@rule("arms.received", version=1)
def received(ctx: Context) -> Iterator[Found]:
    """"Y received (bought, acquired) tanks from X": X ARMS Y."""
    for verb in ctx.tokens:
        if not is_verb(verb) or verb.lemma_.lower() not in RECEIVE_VERBS or ctx.negated(verb):
            continue
        weapons = [c for c in verb.children if c.dep_ == "dobj" and ctx.is_weapon(c)]
        suppliers = [p for c in verb.children if c.dep_ == "prep" and c.lower_ == "from"
                     for p in c.children if p.dep_ == "pobj"]
        if not (weapons and suppliers):
            continue
        speaker = ctx.speaker_of(verb)
        for r in ctx.subjects(verb):
            for sup in suppliers:
                for ss in ctx.expand(sup):
                    yield from ctx.found(ctx.actor_of(ss), RelationType.ARMS, ctx.actor_of(r, speaker=speaker), verb,
                                         ctx.confidence(verb, 0.75))


@rule("arms.noun", version=2)
def arms_noun(ctx: Context) -> Iterator[Found]:
    """"arms sales to Y", "the main weapons exporter to Y"; "X remained Y's biggest arms supplier"."""
    for noun in ctx.tokens:
        if noun.pos_ not in ("NOUN", "PROPN") or not is_arms_noun(ctx, noun):
            continue
        recipients = [m.key for c in noun.children if c.dep_ == "poss" and (m := ctx.actors.at(c)) is not None]
        if recipients and not any(c.dep_ == "prep" and c.lower_ == "to" for c in noun.children):
            # "the US remained Taiwan's biggest arms supplier": the possessor receives
            supplier = None
            if noun.dep_ == "appos":
                supplier = ctx.actor_of(noun.head)
            elif noun.dep_ in ("attr", "dobj", "oprd"):
                supplier = ctx.first_actor(ctx.subjects(noun.head))
            for r in recipients:
                yield from ctx.found(supplier, RelationType.ARMS, r, noun, 0.75)
            continue
        yield from noun_relation(ctx, noun, RelationType.ARMS, ("to",), 0.75)


@rule("arms.military_aid", version=2)
def military_aid(ctx: Context) -> Iterator[Found]:
    """"X announced new military aid to Y", "security assistance for Y"."""
    for noun in ctx.tokens:
        if noun.pos_ not in ("NOUN", "PROPN") or is_arms_noun(ctx, noun) or not is_military_aid(ctx, noun):
            continue
        if ctx.lex.nouns.get(noun.lemma_.lower()) is not RelationType.SUPPORTS or ctx.actors.at(noun) is not None:
            continue
        yield from noun_relation(ctx, noun, RelationType.ARMS, HOSTILE_PREPS, 0.7)
