"""Relations named by a noun (nominalisations).

``X's accusations against Y``, ``strikes on Y``, ``a key ally of Y``, ``support for Y``, ``solidarity
with Y``; the partner as the noun's own modifier (``the United States, a key Israeli ally``, ``Belarus
is Russia's closest ally``); coordinated holders (``A and B are close allies``, ``A and B signed a
defense pact``).
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Token

from graph.model import SYMMETRIC_TYPES, RelationType
from loaders.rules.context import Context, clause_between
from loaders.rules.registry import Found, rule

MILITARY_WORDS = frozenset({"military", "defense", "defence", "security", "lethal", "wartime", "war"})
DEFENSE_WORDS = frozenset({"defense", "defence", "mutual", "security", "military", "alliance"})
PREPS = {
    RelationType.ALLIED_WITH: ("of", "with", "to"),
    RelationType.COOPERATES_WITH: ("with",),
    RelationType.SUPPORTS: ("for", "to"),
    RelationType.OCCUPIES: ("of",),
    RelationType.OPPOSES: ("against", "with", "on"),
}
HOSTILE_PREPS = ("against", "on", "at", "upon", "to", "toward", "towards")


def is_arms_noun(ctx: Context, noun: Token) -> bool:
    """"arms sales", "a weapons supplier", "military equipment sales": an arms noun with a weapon modifier."""
    return noun.lemma_.lower() in ctx.lex.arms_nouns and any(
        ctx.is_weapon(c) or c.lemma_ in ("arm", "weapon") for c in noun.children if c.dep_ in ("compound", "amod", "nmod"))


def is_military_aid(ctx: Context, noun: Token) -> bool:
    """"military aid", "security assistance": arming, not support."""
    return noun.lemma_.lower() in ("aid", "assistance") and any(
        c.lemma_.lower() in MILITARY_WORDS for c in noun.children if c.dep_ in ("compound", "amod"))


@rule("nouns.relation", version=2)
def noun_relations(ctx: Context) -> Iterator[Found]:
    """A relation noun of the lexicon and its target phrase: "Iran's accusations against Y", "support for Y"."""
    for noun in ctx.tokens:
        if noun.pos_ not in ("NOUN", "PROPN") or is_arms_noun(ctx, noun) or is_military_aid(ctx, noun):
            continue
        lemma = noun.lemma_.lower()
        rtype = ctx.lex.nouns.get(lemma)
        if rtype is None or ctx.actors.at(noun) is not None:
            continue
        if rtype is RelationType.COOPERATES_WITH and any(  # "a mutual defense pact", "a security treaty"
                c.lemma_.lower() in DEFENSE_WORDS for c in noun.children if c.dep_ in ("compound", "amod")):
            rtype = RelationType.ALLIED_WITH
        preps = PREPS.get(rtype, HOSTILE_PREPS)
        if lemma == "solidarity":  # "solidarity with the Palestinians"
            preps = (*preps, "with")
        yield from noun_relation(ctx, noun, rtype, preps, 0.7)


def noun_relation(ctx: Context, noun: Token, rtype: RelationType, preps: tuple[str, ...],
                  base: float) -> Iterator[Found]:
    """The findings of a relation noun: its target in a prepositional phrase (on the noun, lower in its
    phrase, on the noun above or on its verb), its source from :meth:`Context.noun_source`."""
    if any(c.dep_ == "neg" or c.lower_ == "no" for c in noun.children):
        return
    holders = [noun] + [c for c in noun.children if c.dep_ == "acl"]  # "allegations leveled by X against Y"
    targets = [p for h in holders for c in h.children if c.dep_ == "prep" and c.lower_ in preps
               for p in c.children if p.dep_ == "pobj"]
    if not targets and "against" in preps:  # the parser hangs "against Y" lower down the phrase:
        targets = [p for c in noun.subtree if c.dep_ == "prep" and c.lower_ == "against"  # "… by X against Y"
                   and not clause_between(c, noun) for p in c.children if p.dep_ == "pobj"]
    if not targets and noun.dep_ == "pobj" and noun.head.lower_ == "of":  # "approval of arms sales to Y"
        targets = [p for c in noun.head.head.children if c.dep_ == "prep" and c.lower_ in preps
                   for p in c.children if p.dep_ == "pobj"]
    if not targets and noun.dep_ == "dobj":  # or on the verb: "expressed solidarity with Y"
        targets = [p for c in noun.head.children if c.dep_ == "prep" and c.lower_ in preps
                   for p in c.children if p.dep_ == "pobj"]
    if not targets and rtype in (RelationType.ALLIED_WITH, RelationType.COOPERATES_WITH) and (
            noun.dep_ == "appos" or (noun.dep_ in ("attr", "dobj", "oprd") and noun.head.lemma_ in ("be", "remain"))):
        # "the United States, a key Israeli ally", "the US has remained Taiwan's most important partner":
        # the partner is the noun's own modifier
        partners = [m.key for c in noun.children
                    if c.dep_ in ("amod", "compound", "poss") and (m := ctx.actors.at(c)) is not None]
        holder = ctx.actor_of(noun.head) if noun.dep_ == "appos" else ctx.first_actor(ctx.subjects(noun.head))
        for partner in partners:
            yield from ctx.found(holder, rtype, partner, noun, base)
        if partners:
            return
    if not targets and rtype in SYMMETRIC_TYPES and noun.dep_ in ("dobj", "attr"):
        # "A and B signed a defense pact", "A and B are close allies"
        ends = [ctx.actor_of(s) for s in ctx.subjects(noun.head)]
        ends = list(dict.fromkeys(e for e in ends if e))
        for i, a in enumerate(ends):
            for b in ends[i + 1:]:
                yield from ctx.found(a, rtype, b, noun, base * 0.9)
        return
    if not targets:
        return
    source = ctx.noun_source(noun)
    for t in targets:
        for tt in ctx.expand(t):
            yield from ctx.found(source, rtype, ctx.actor_of(tt), noun, base)
