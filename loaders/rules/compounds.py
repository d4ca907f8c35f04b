"""Hyphenated compounds and pairs: "Iran-backed Houthis", "joint US-South Korean exercises", "the
Iranian-Armenian brotherhood", "China-Russia ties" (but "damaged China-US relations" is no cooperation)."""

from __future__ import annotations

from collections.abc import Iterator

from graph.model import ActorKind, RelationType
from loaders.rules.context import Context
from loaders.rules.registry import Found, rule

BACKED = {"backed": RelationType.SUPPORTS, "supported": RelationType.SUPPORTS, "sponsored": RelationType.SUPPORTS,
          "funded": RelationType.SUPPORTS, "armed": RelationType.ARMS, "allied": RelationType.ALLIED_WITH}
HARM_VERBS = frozenset({"damage", "harm", "hurt", "undermine", "strain", "sour", "poison", "jeopardize", "jeopardise",
                        "threaten", "disrupt", "sabotage", "worsen"})


@rule("compounds.backed", version=1)
def backed(ctx: Context) -> Iterator[Found]:
    """"the Iran-backed Houthis" (SUPPORTS), "Russia-armed militias" (ARMS), "US-allied forces": the
    first actor does it to a non-state actor named within three words."""
    doc, mentions = ctx.doc, ctx.actors.mentions
    for i, m in enumerate(mentions):
        if m.end + 1 >= len(doc) or doc[m.end].text != "-":
            continue
        nxt = doc[m.end + 1]
        kind = BACKED.get(nxt.lower_)
        if kind is None:
            continue
        later = [x for x in mentions[i + 1:] if x.start > nxt.i and x.start - nxt.i <= 3
                 and ctx.kind(x.key) is not ActorKind.STATE]
        if later:
            yield from ctx.found(m.key, kind, later[0].key, nxt, 0.8)


@rule("compounds.pair_noun", version=1)
def pair_noun(ctx: Context) -> Iterator[Found]:
    """"joint US-South Korean drills", "the Iranian-Armenian brotherhood": the pair noun of the lexicon
    within five words after the pair gives the type."""
    doc, mentions = ctx.doc, ctx.actors.mentions
    for m in mentions:
        if m.end + 1 >= len(doc) or doc[m.end].text != "-" or doc[m.end + 1].lower_ in BACKED:
            continue
        pair = ctx.hyphen_pair(doc[m.end])
        if pair is None:
            continue
        partner = pair[1]
        for token in doc[partner.end:partner.end + 5]:  # "US-South Korean Ulchi drills"
            rtype = ctx.lex.pair_nouns.get(token.lower_)
            if rtype is RelationType.COOPERATES_WITH and token.head.lemma_.lower() in HARM_VERBS:
                break  # "damaged China-US relations" is no cooperation
            if rtype is not None:
                yield from ctx.found(m.key, rtype, partner.key, doc[m.start], 0.7)
                break
