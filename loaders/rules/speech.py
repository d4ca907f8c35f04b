"""Reported speech and set phrases of threat.

``X said (that) Y supports terrorism`` → X ACCUSES Y (reported speech, lower confidence); ``X will not
tolerate … against Y``, ``legitimate targets`` → X THREATENS Y. First person inside a quote or a
reported clause (``we will strike``) is the speaker (:meth:`Context.speaker_of`).
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Token

from graph.model import RelationType
from loaders.rules.context import Context
from loaders.rules.registry import Found, rule


@rule("speech.blaming", version=2)
def blaming(ctx: Context) -> Iterator[Found]:
    """"X said (that) Y ... terrorism/aggression/lies": X ACCUSES Y, as reported speech (lower confidence);
    never someone of the speaker's own state."""
    actors = ctx.actors.actors
    for verb in ctx.tokens:
        if verb.lemma_ not in ctx.lex.speech_verbs or ctx.negated(verb):
            continue
        speakers = [a for a in (ctx.actor_of(s) for s in ctx.subjects(verb)) if a]
        if not speakers:
            continue
        for clause in (c for c in verb.children if c.dep_ in ("ccomp", "xcomp")):
            blame = [t for t in clause.subtree if {t.lower_, t.lemma_.lower()} & ctx.lex.blame_words]
            if not any(not _reacted_to(t) for t in blame):
                continue  # "the armed forces would respond to any aggression": nobody in the clause is blamed
            blamed = [ctx.actor_of(t) for t in clause.subtree if t.dep_ in ("nsubj", "poss") and ctx.actor_of(t)]
            for src in speakers:
                src_state = actors[src].state or src
                for tgt in dict.fromkeys(b for b in blamed if b):
                    if tgt != src and (actors[tgt].state or tgt) != src_state:
                        yield from ctx.found(src, RelationType.ACCUSES, tgt, verb, 0.6)


# Verbs whose object is what someone else did: responding to aggression is not aggression.
# (Rejecting or condemning lies or aggression still blames whoever the clause names: not here.)
REACT_VERBS = frozenset({"respond", "react", "retaliate", "reply", "answer", "defend", "repel", "resist", "counter",
                         "deter", "prevent", "fight", "combat", "confront", "face", "protect", "guard"})


def _reacted_to(word: Token) -> bool:
    """Whether a blame word is what the clause's subject reacts to ("respond to any aggression", "fight
    terrorism", "defend against provocations") rather than what it does."""
    node = word
    for _ in range(3):  # "any aggression", "to acts of aggression", "against the provocations"
        if node.dep_ in ("dobj", "pobj", "nsubjpass", "prep", "amod", "compound") and node.head.i != node.i:
            node = node.head
            if node.lemma_.lower() in REACT_VERBS:
                return True
        else:
            return False
    return False


@rule("speech.threat_phrase", version=1)
def threat_phrase(ctx: Context) -> Iterator[Found]:
    """"X will not tolerate ... against Y", "will resist", "legitimate targets": THREATENS from the speaker."""
    for sent in ctx.doc.sents:
        low = sent.text.lower()
        if not any(p in low for p in ctx.lex.threat_phrases):
            continue
        for token in sent:
            if token.pos_ != "VERB" or token.dep_ not in ("ROOT", "ccomp", "conj"):
                continue
            subs = ctx.subjects(token)
            if not subs:
                continue
            src = ctx.actor_of(subs[0], speaker=ctx.speaker_of(token))
            for t in ctx.objects(token, frozenset({"against", "to", "on"})):
                yield from ctx.found(src, RelationType.THREATENS, ctx.actor_of(t), token, 0.6)
