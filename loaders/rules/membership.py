"""Membership of states in organisations (MEMBER_OF: State → Organization, a structural type).

"Poland is a member of NATO", "Hungary, a NATO member", "NATO member Poland", "the SCO's members include
India and Pakistan", "Finland joined NATO", "Sweden's accession to NATO". Not a member (yet): negated,
wished or blocked membership ("Ukraine wants to join NATO", "Turkey blocked Sweden's accession", "an
aspiring member", "Serbia will join the EU").
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Token

from graph.model import ActorKind, RelationType
from loaders.gazetteer import organizations_of_kind
from loaders.rules.context import Context
from loaders.rules.lexicon import QUANTIFIERS
from loaders.rules.registry import Found, rule
from loaders.rules.verbs import is_verb

NOT_YET = frozenset({"former", "aspiring", "prospective", "future", "potential", "would-be", "candidate", "eventual",
                     "possible", "non", "observer", "associate", "partner"})
# verbs and nouns over a membership that make it wished, blocked or ended rather than held
WISHED = frozenset({"want", "seek", "hope", "aim", "apply", "request", "push", "urge", "support", "back", "discuss",
                    "consider", "negotiate", "block", "veto", "oppose", "delay", "stall", "hold", "freeze", "reject",
                    "obstruct", "hinder", "resist", "suspend", "revoke", "end", "terminate", "bid", "application",
                    "path", "road", "talk", "process", "aspiration", "prospect", "plan", "offer", "invitation",
                    "ratification", "approval"})
MODALS = frozenset({"will", "would", "could", "may", "might", "shall", "should", "can", "'ll"})


def blocs() -> frozenset[str]:
    """Keys of the organisations that states are members of: alliances and intergovernmental organisations,
    not armed groups, parties or news outlets."""
    return organizations_of_kind("alliance", "igo")


def _org(ctx: Context, token: Token) -> str | None:
    """The bloc ``token`` itself names (a mention of an alliance or IGO, "the alliance" after NATO)."""
    m = ctx.actors.at(token)
    return m.key if m is not None and m.key in blocs() else None


def _member(ctx: Context, org: str | None, holder: Token, trigger: Token, confidence: float) -> list[Found]:
    """The holder must name its state itself ("Poland", "Warsaw", "it"): "NATO ally Turkey and U.S. foe Iran"
    makes no member of "U.S. foe"."""
    mention = ctx.actors.at(holder)
    state = mention.key if mention is not None else ctx.actor_of(holder) if holder.pos_ == "PRON" else None
    if org is None or state is None or ctx.kind(state) is not ActorKind.STATE:
        return []
    return ctx.found(state, RelationType.MEMBER_OF, org, trigger, confidence)


def _modal(verb: Token) -> bool:
    return verb.tag_ == "VB" or any(c.dep_ == "aux" and c.lower_ in MODALS for c in verb.children)


# nouns that make their holder a member of the organisation named in the noun's modifiers or "of" phrase:
# "a NATO member", "a member of NATO", "NATO ally Turkey", "part of the CSTO", "EU countries such as X"
MODIFIER_ORG = frozenset({"member", "ally", "country", "nation", "state"})
OF_ORG = frozenset({"member", "part"})


def _noun_org(ctx: Context, noun: Token) -> str | None:
    lemma = noun.lemma_.lower()
    if lemma in MODIFIER_ORG:
        for c in noun.children:
            if c.dep_ in ("compound", "poss", "nmod", "amod") and (o := _org(ctx, c)):
                return o
    if lemma in OF_ORG:
        for c in noun.children:
            if c.dep_ == "prep" and c.lower_ in ("of", "in"):
                for p in c.children:
                    if p.dep_ == "pobj" and (o := _org(ctx, p)):
                        return o
    return None


@rule("membership.member_noun", version=1)
def member_noun(ctx: Context) -> Iterator[Found]:
    """"X is a member of ORG", "X, an ORG member (state, ally)", "ORG member X", "ORG members X and Y", "ORG's
    members include X and Y", "X is one of the founding members of ORG", "X is part of ORG", "ORG countries
    such as X and Y"."""
    for noun in ctx.tokens:
        if noun.pos_ not in ("NOUN", "PROPN") or ctx.actors.at(noun) is not None:
            continue
        if any(c.lower_ in NOT_YET or c.dep_ == "neg" or c.lower_ == "no" for c in noun.children):
            continue
        org = _noun_org(ctx, noun)
        if org is None:
            continue
        node = noun  # "one of the founding members of NATO": the quantifier stands in the clause
        if noun.dep_ == "pobj" and noun.head.lower_ == "of" and noun.head.head.lower_ in QUANTIFIERS:
            node = noun.head.head
        if node.dep_ == "compound" and node.head.lemma_.lower() in ("state", "country", "nation"):
            node = node.head  # "an EU member state"
        holders: list[Token] = []
        if node.dep_ == "appos":  # "Hungary, a NATO member"
            holders = ctx.expand(node.head)
        elif node.dep_ in ("attr", "oprd") and node.head.lemma_ in ("be", "become", "remain"):
            if not (ctx.negated(node.head) or _modal(node.head)):
                holders = ctx.subjects(node.head)
        elif node.dep_ == "compound" and ctx.actors.at(node.head) is not None:  # "NATO member Poland"
            holders = ctx.expand(node.head)
        elif node.dep_ == "nsubj" and node.head.lemma_ in ("include", "be", "comprise") and not ctx.negated(node.head):
            holders = [t for c in node.head.children if c.dep_ in ("dobj", "attr") for t in ctx.expand(c)]
        holders += [t for c in node.children if c.dep_ == "appos" for t in ctx.expand(c)]  # "NATO members X and Y"
        holders += [t for c in node.children if c.dep_ == "prep" and c.lower_ in ("as", "like", "including")
                    for p in c.children if p.dep_ == "pobj" for t in ctx.expand(p)]  # "EU countries such as X"
        for h in holders:
            yield from _member(ctx, org, h, noun, 0.85)


@rule("membership.includes", version=1)
def includes(ctx: Context) -> Iterator[Found]:
    """"The CSTO includes Belarus, Russia and Armenia", "the bloc comprises X and Y" (after the bloc is named)."""
    for verb in ctx.tokens:
        if verb.lemma_.lower() not in ("include", "comprise") or not is_verb(verb) or ctx.negated(verb):
            continue
        org = next((o for c in verb.children if c.dep_ == "nsubj" and (o := _org(ctx, c))), None)
        for c in verb.children:
            if c.dep_ == "dobj":
                for t in ctx.expand(c):
                    yield from _member(ctx, org, t, verb, 0.8)


@rule("membership.joined", version=1)
def joined(ctx: Context) -> Iterator[Found]:
    """"Finland joined NATO", "Sweden, which joined NATO last year", "X acceded to the ORG"; not "wants to
    join", "will join", "did not join"."""
    for verb in ctx.tokens:
        lemma = verb.lemma_.lower()
        if lemma not in ("join", "rejoin", "accede") or not is_verb(verb) or _modal(verb) or ctx.negated(verb):
            continue
        if verb.dep_ == "xcomp" or verb.head.lemma_.lower() in WISHED:
            continue
        orgs = [o for c in verb.children if c.dep_ == "dobj" and (o := _org(ctx, c))]
        orgs += [o for c in verb.children if c.dep_ == "prep" and c.lower_ in ("to", "into")
                 for p in c.children if p.dep_ == "pobj" and (o := _org(ctx, p))]
        for org in orgs[:1]:
            for s in ctx.subjects(verb):
                yield from _member(ctx, org, s, verb, 0.8)


@rule("membership.accession", version=1)
def accession(ctx: Context) -> Iterator[Found]:
    """"Sweden's accession to NATO", "Finland's NATO membership", "the accession of Croatia to the EU"; not a
    blocked, wished or future one ("Turkey blocked Sweden's accession", "Ukraine's NATO membership bid")."""
    for noun in ctx.tokens:
        if noun.lemma_.lower() not in ("accession", "membership", "admission") or noun.pos_ != "NOUN":
            continue
        if any(c.lower_ in NOT_YET or c.dep_ == "neg" or c.lower_ == "no" for c in noun.children):
            continue
        governor = noun.head.head if noun.dep_ == "pobj" else noun.head
        if noun.head.lemma_.lower() in WISHED or governor.lemma_.lower() in WISHED or (
                is_verb(governor) and (ctx.negated(governor) or _modal(governor))):
            continue
        org = next((o for c in noun.children if c.dep_ == "prep" and c.lower_ in ("to", "into", "in", "of")
                    for p in c.children if p.dep_ == "pobj" and (o := _org(ctx, p))), None) or next(
            (o for c in noun.children if c.dep_ in ("compound", "nmod") and (o := _org(ctx, c))), None)
        holders = [c for c in noun.children if c.dep_ == "poss"]
        holders += [p for c in noun.children if c.dep_ == "prep" and c.lower_ == "of" for p in c.children
                    if p.dep_ == "pobj" and _org(ctx, p) is None]
        for h in holders:
            yield from _member(ctx, org, h, noun, 0.7)
