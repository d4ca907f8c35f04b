"""Relations stated by a trigger verb of the lexicon.

``X accused Y (of ...)``, passive ``Y was attacked by X``, participles ``..., accusing Y``, chains
``X threatened to target Y's interests``, prepositions ``X lashed out at Y``; ``X alleged (that) Y heads
the gang``. Denials of what someone said are in :mod:`loaders.rules.denials`; arms transfers in
:mod:`loaders.rules.arms`.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from spacy.tokens import Token

from graph.model import SYMMETRIC_TYPES, RelationType
from loaders.rules.context import Context
from loaders.rules.registry import Found, rule

RECEIVE_VERBS = frozenset({"receive", "obtain", "acquire", "buy", "purchase", "import", "get"})
CLAIM_NOUNS = frozenset({"involvement", "role", "responsibility"})  # denied like what someone said


@dataclass(frozen=True, slots=True)
class VerbFrame:
    """A trigger verb read off the parse: its relation type, who does it, to whom, who says so."""

    verb: Token
    lemma: str
    type: RelationType
    sources: tuple[Token, ...]
    targets: tuple[Token, ...]
    speaker: str | None
    confidence: float

    @property
    def accusation(self) -> bool:
        """Accusing or denying (or "calling" claims lies): read by verbs.accusation and the denials."""
        return self.lemma == "call" or self.type in (RelationType.DENIES, RelationType.ACCUSES)


def is_verb(token: Token) -> bool:
    return token.pos_ in ("VERB", "AUX") or token.tag_.startswith("VB")


def is_claim(ctx: Context, noun: Token) -> bool:
    """Whether ``noun`` names something said ("accusations", "claims", "role"): rejecting it denies its owner."""
    return noun.lemma_ in ctx.lex.speech_nouns or noun.lemma_ in CLAIM_NOUNS


def verb_frame(ctx: Context, verb: Token) -> VerbFrame | None:
    """The frame of ``verb`` if it is a (not negated) trigger of the lexicon; cached per context."""
    key = ("frame", verb.i)
    if key not in ctx.cache:
        ctx.cache[key] = _frame(ctx, verb)
    return ctx.cache[key]


def _frame(ctx: Context, verb: Token) -> VerbFrame | None:
    lemma = verb.lemma_.lower()
    lex = ctx.lex
    if not is_verb(verb) or lemma in lex.arms_verbs or lemma in RECEIVE_VERBS:
        return None
    if lemma == "lash" or (lemma == "call" and any(c.lemma_ in lex.speech_nouns for c in verb.children)):
        rtype, preps = (RelationType.ACCUSES, frozenset({"at"})) if lemma == "lash" else (RelationType.DENIES, frozenset())
    elif lemma in lex.verbs:
        rtype, preps = lex.verbs[lemma]
    else:
        return None
    if ctx.negated(verb):
        return None
    if verb.dep_ == "xcomp" and verb.head.lemma_ in lex.verbs and lex.verbs[verb.head.lemma_][0] in (
            RelationType.THREATENS, RelationType.DENIES):
        return None  # "threatened to target X" is the threat, not an attack
    speaker = ctx.speaker_of(verb)
    passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)
    if passive and rtype in SYMMETRIC_TYPES:  # "Armenia is allied with France"
        sources = [t for c in verb.children if c.dep_ in ("nsubjpass", "nsubj", "npadvmod") for t in ctx.expand(c)]
        targets = ctx.objects(verb, preps)
    elif passive:
        sources = [p for c in verb.children if c.dep_ == "agent" for p in c.children if p.dep_ == "pobj"]
        targets = [t for c in verb.children if c.dep_ == "nsubjpass" for t in ctx.expand(c)]
    else:
        sources = ctx.subjects(verb)
        targets = ctx.objects(verb, preps)
    base = ctx.confidence(verb, 0.85)
    if rtype in (RelationType.ATTACKS, RelationType.THREATENS) and any(  # "target China with sanctions"
            lex.nouns.get(p.lemma_.lower()) is RelationType.SANCTIONS
            for c in verb.children if c.dep_ == "prep" and c.lower_ == "with" for p in c.children):
        rtype = RelationType.SANCTIONS
    future = {c.lower_ for c in verb.children if c.dep_ == "aux"} & {"will", "would", "shall", "'ll"}
    if future and rtype in (RelationType.ATTACKS, RelationType.SANCTIONS):
        rtype = RelationType.THREATENS  # "we will strike X": a threat, not (yet) an attack
    if rtype in (RelationType.ATTACKS, RelationType.THREATENS) and not passive and not any(
            ctx.actor_of(t, speaker=speaker) for t in targets):
        targets = targets + [p for c in verb.children if c.dep_ == "prep" and c.lower_ == "in"
                             for p in c.children if p.dep_ == "pobj" and ctx.actors.at(p) is not None]
    return VerbFrame(verb, lemma, rtype, tuple(sources), tuple(targets), speaker, base)


@rule("verbs.relation", version=1)
def verb_relation(ctx: Context) -> Iterator[Found]:
    """"X attacked Y", "Y was sanctioned by X", "A and B agreed to cooperate" (every type but accusing and
    denying)."""
    for verb in ctx.tokens:
        frame = verb_frame(ctx, verb)
        if frame is None or frame.accusation:
            continue
        rtype, base, speaker = frame.type, frame.confidence, frame.speaker
        if rtype in SYMMETRIC_TYPES and not frame.targets and len(frame.sources) > 1:  # "Japan and Korea agreed"
            ends = [ctx.actor_of(s, speaker=speaker) for s in frame.sources]
            for i, a in enumerate(ends):
                for b in ends[i + 1:]:
                    yield from ctx.found(a, rtype, b, verb, base * 0.9)
        for s in frame.sources:
            src = ctx.actor_of(s, speaker=speaker)
            for t in frame.targets:
                yield from ctx.found(src, rtype, ctx.actor_of(t, speaker=speaker), verb, base)


@rule("verbs.accusation", version=1)
def verb_accusation(ctx: Context) -> Iterator[Found]:
    """"X accused Y of ...", "X lashed out at Y", "X denounced the joint Y-Z drills" (both), "X alleged
    (that) Y heads the gang"."""
    for verb in ctx.tokens:
        frame = verb_frame(ctx, verb)
        if frame is None or not frame.accusation:
            continue
        rtype, base, speaker = frame.type, frame.confidence, frame.speaker
        for s in frame.sources:
            src = ctx.actor_of(s, speaker=speaker)
            if not src:
                continue
            for t in frame.targets:
                if is_claim(ctx, t):
                    continue  # rejecting what someone said: loaders.rules.denials
                target = ctx.actor_of(t, speaker=speaker)
                yield from ctx.found(src, rtype, target, verb, base)
                if rtype is RelationType.ACCUSES:  # "denounced the joint US-South Korean drills": both
                    for other in (o for o in ctx.hyphen_owners(t) if o != target):
                        yield from ctx.found(src, rtype, other, verb, base)
            if rtype is RelationType.ACCUSES and not any(ctx.actor_of(t) for t in frame.targets):
                for c in verb.children:  # "alleged (that) Y heads the gang"
                    if c.dep_ == "ccomp":
                        for sub in ctx.subjects(c):
                            yield from ctx.found(src, RelationType.ACCUSES, ctx.actor_of(sub), verb, base * 0.9)
