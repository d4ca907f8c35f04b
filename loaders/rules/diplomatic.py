"""Diplomatic moves, as CAMEO codes them.

Closing, evacuating or withdrawing an embassy or envoy, or severing ties, reduces relations (CAMEO 16x:
SANCTIONS); opening an embassy or restoring ties (04x/05x: COOPERATES_WITH). "Azerbaijan evacuated its
embassy in Tehran", "Rabat recalled its ambassador from Algiers", "the opening of an embassy in Tel Aviv".
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Token

from graph.model import RelationType
from loaders.rules.context import Context
from loaders.rules.registry import Found, rule
from loaders.rules.verbs import is_verb

CUT_VERBS = frozenset({"close", "shut", "evacuate", "withdraw", "recall", "suspend", "sever", "downgrade", "cut"})
OPEN_VERBS = frozenset({"open", "reopen", "restore", "establish", "upgrade", "normalize", "normalise"})
DIPLOMATIC_NOUNS = {"closure": "close", "closing": "close", "evacuation": "evacuate", "withdrawal": "withdraw",
                    "recall": "recall", "suspension": "suspend", "opening": "open", "reopening": "reopen",
                    "restoration": "restore", "establishment": "establish", "normalization": "normalize"}
DIPLOMATIC_OBJECTS = frozenset({"embassy", "embassies", "consulate", "ambassador", "envoy", "diplomat", "mission",
                                "tie", "relation", "chargé"})


@rule("diplomatic.move", version=1)
def diplomatic_moves(ctx: Context) -> Iterator[Found]:
    """"X closed its embassy in Y", "X recalled its envoy from Y", "X severed ties with Y", "X announced the
    opening of an embassy in Y"."""
    for token in ctx.tokens:
        if is_verb(token):
            yield from _move(ctx, token, token.lemma_.lower())
        if token.pos_ in ("NOUN", "PROPN"):
            yield from _move(ctx, token, DIPLOMATIC_NOUNS.get(token.lemma_.lower(), ""))


def _move(ctx: Context, trigger: Token, action: str) -> Iterator[Found]:
    rtype = (RelationType.SANCTIONS if action in CUT_VERBS else
             RelationType.COOPERATES_WITH if action in OPEN_VERBS else None)
    if rtype is None or ctx.negated(trigger):
        return
    if trigger.pos_ in ("NOUN", "PROPN"):
        phrase = [t for c in trigger.children if c.dep_ == "prep" and c.lower_ == "of" for t in c.subtree]
        subjects = ctx.subjects(trigger.head) if trigger.dep_ in ("dobj", "nsubj", "nsubjpass") else []
    else:
        phrase = [t for c in trigger.children if c.dep_ in ("dobj", "prep", "nsubjpass") for t in c.subtree]
        subjects = ctx.subjects(trigger)
    if not any(t.lemma_.lower() in DIPLOMATIC_OBJECTS for t in phrase):
        return
    speaker = ctx.speaker_of(trigger)
    sources = [a for a in (ctx.actor_of(x, speaker=speaker) for x in subjects) if a]
    for source in sources[:1]:
        for t in phrase:
            hit = ctx.actors.at(t)
            if hit is not None and hit.key != source and t.dep_ in ("pobj", "compound", "amod", "poss"):
                yield from ctx.found(source, rtype, hit.key, trigger, ctx.confidence(trigger, 0.7))
                return
