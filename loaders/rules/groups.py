"""A group named later: "X sanctioned five defense companies … The five companies are A, B and C" (or
"the companies, which include A"). What was done to the group reaches each named member; so does what
the group itself did ("companies … for weapons sales to Y"). The members were made organisations when
the article's actors were found (``loaders.mentions.listed_names``)."""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Token

from graph.model import RelationType
from loaders.mentions import GROUP_NOUNS, group_lists, listed_names
from loaders.rules.context import Context
from loaders.rules.registry import Found, rule

DONE_TO_TYPES = (RelationType.SANCTIONS, RelationType.ATTACKS, RelationType.ACCUSES, RelationType.THREATENS)


@rule("groups.named_members", version=2)
def named_members(ctx: Context) -> Iterator[Found]:
    """"sanctions against three companies … The three companies are A, B and C": X SANCTIONS A, B, C."""
    doc, lex = ctx.doc, ctx.lex
    for tok in doc:
        members = [m.key for region in group_lists(tok) for span, _ in listed_names(doc, region)
                   if (m := ctx.actors.at(span.root)) is not None]
        if not members:
            continue
        antecedent = next((t for t in reversed(doc[:tok.sent.start]) if t.lemma_.lower() in GROUP_NOUNS
                           and t.tag_ in ("NNS", "NNPS")), None)  # "four firms … The companies, which …"
        if antecedent is None:
            continue
        done_to = _done_to(ctx, antecedent)
        why = [t for c in antecedent.head.head.children if c.dep_ == "prep" and c.lower_ == "for"
               for t in c.subtree]  # "sanctions against the companies for their weapons sales to Y"
        done_by = [(RelationType.ARMS, ctx.actor_of(p)) for t in [*antecedent.subtree, *why]
                   if t.lemma_.lower() in lex.arms_nouns
                   for c in t.children if c.dep_ == "prep" and c.lower_ == "to"
                   for p in c.children if p.dep_ == "pobj"]
        for key in members:
            if done_to is not None:
                yield from ctx.found(done_to[1], done_to[0], key, antecedent, done_to[2])
            for rtype, target in done_by:
                yield from ctx.found(key, rtype, target, antecedent, 0.7)


def _done_to(ctx: Context, group: Token) -> tuple[RelationType, str | None, float] | None:
    """The relation whose target is ``group`` (a sanctions noun or verb, an attack, an accusation)."""
    lex = ctx.lex
    trigger = group.head.head if group.dep_ == "pobj" and group.head.dep_ == "prep" else group.head
    rtype = lex.nouns.get(trigger.lemma_.lower()) if trigger.pos_ == "NOUN" else None
    if rtype is None and trigger.lemma_.lower() in lex.verbs:
        rtype = lex.verbs[trigger.lemma_.lower()][0]
    if rtype is None and trigger.pos_ in ("VERB", "AUX"):  # "announced sanctions against the companies"
        nouns = [c for c in trigger.children if c.dep_ == "dobj" and c.lemma_.lower() in lex.nouns]
        if nouns:
            rtype = lex.nouns[nouns[0].lemma_.lower()]
    if rtype not in DONE_TO_TYPES:
        return None
    verb = trigger if trigger.pos_ in ("VERB", "AUX") else None
    source = ctx.noun_source(trigger) if verb is None else ctx.first_actor(ctx.subjects(verb))
    return (rtype, source, 0.7) if source else None
