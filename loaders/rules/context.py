"""The read-only parse context every rule reads, and the helpers the rules share.

:class:`Context` holds one parsed article (``doc``), its actors and mentions (``loaders.mentions``), the
lexicon and cached look-ups. Its helpers answer the questions every rule asks of the parse: which actor
a noun phrase names or stands for (mentions, proxy nouns like "Iran's government", pronouns), the
subjects and objects of a verb, who is speaking (the subject of a speech verb, the speaker of a
quotation), whether a trigger is negated and how hedged it is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from spacy.tokens import Doc, Span, Token

from graph.model import ActorKind, RelationType
from loaders.mentions import ArticleActors, Mention, resolve_pronoun
from loaders.rules.lexicon import FIRST_PERSON, LIGHT_VERBS, PROXY_NOUNS, QUANTIFIERS, Lexicon, lexicon
from loaders.rules.registry import Found


@dataclass(frozen=True, eq=False)
class Context:
    doc: Doc
    actors: ArticleActors
    lex: Lexicon = field(default_factory=lexicon)
    quotes: tuple[tuple[int, int], ...] = ()
    tokens: tuple[Token, ...] = ()  # the doc's tokens, made once (spaCy makes a new Token on every access)
    cache: dict[Any, Any] = field(default_factory=dict)  # memo of look-ups, keyed by (what, token index)

    @classmethod
    def of(cls, doc: Doc, actors: ArticleActors) -> Context:
        return cls(doc, actors, lexicon(), tuple(quote_regions(doc.text)), tuple(doc))

    # ------------------------------------------------------------ findings

    def found(self, source: str | None, rtype: RelationType, target: str | None, token: Token,
              confidence: float) -> list[Found]:
        """A finding (in a list of one), or none when an end is unknown, both ends are one actor, or an
        officer would be an arms supplier."""
        if not source or not target or source == target:
            return []
        if rtype is RelationType.ARMS and self.actors.actors[source].kind is ActorKind.OFFICER:
            return []
        return [Found(source, rtype, target, token.sent.text.strip(), round(confidence, 3), at=token.i)]

    def kind(self, key: str) -> ActorKind:
        return self.actors.actors[key].kind

    # ------------------------------------------------------------ actors of phrases

    def actor_of(self, token: Token, depth: int = 2, speaker: str | None = None, via_speaker: bool = True) -> str | None:
        """The actor a noun phrase headed by ``token`` names or stands for.

        "they" and "it" may stand for the speaker of the clause (:meth:`speaker_of`), which looks up the
        subject of a speech verb with ``via_speaker=False``: that look-up never asks for a speaker again, so
        "They said …" (whose speaker is "they") cannot send the two into a loop."""
        mention = self.actors.at(token)
        if mention is not None:
            return mention.key
        low = token.lower_
        if low in FIRST_PERSON and token.pos_ == "PRON":
            return speaker
        if token.pos_ == "PRON" and low not in ("they", "them", "their", "it", "its"):
            if low in ("who", "which", "that") and token.head.dep_ == "relcl":
                return self.actor_of(token.head.head, depth, speaker, via_speaker)
            return resolve_pronoun(token, self.actors)
        for child in reversed(list(token.lefts)):  # the closest modifier first: "Yemen's Huthi rebels"
            if child.dep_ in ("poss", "compound", "amod", "nmod", "npadvmod") or child.tag_ == "PRP$":
                if child.lower_ in FIRST_PERSON and child.pos_ == "PRON":
                    return speaker
                hit = self.actors.at(child) or None
                if hit is not None:
                    return hit.key
                if child.tag_ == "PRP$":
                    return resolve_pronoun(child, self.actors) if child.lower_ in ("his", "her") else None
        if low in ("they", "them", "their"):  # "X said they would ...": the speaker
            return speaker or (self.speaker_of(token) if via_speaker else None)
        if low in ("it", "its") and token.dep_ in ("nsubj", "poss"):  # "Baku said it would ..."
            said = self.clause_speaker(token) if via_speaker else None
            return said or (self.previous_subject(token) if token.dep_ == "nsubj" else None)
        if depth > 0 and (low in PROXY_NOUNS or token.lemma_ in PROXY_NOUNS or token.pos_ == "PROPN"
                          or low in QUANTIFIERS):
            for child in token.children:
                if child.dep_ == "prep" and child.lower_ in ("of", "from", "in", "near"):
                    for pobj in child.children:
                        if pobj.dep_ == "pobj":
                            found = self.actor_of(pobj, depth - 1, speaker, via_speaker)
                            if found:
                                return found
        return None

    def first_actor(self, tokens: list[Token], speaker: str | None = None) -> str | None:
        return next((a for a in (self.actor_of(t, speaker=speaker) for t in tokens) if a), None)

    @staticmethod
    def expand(token: Token) -> list[Token]:
        """A token and its conjuncts ("France and Iran")."""
        return [token] + [c for c in token.conjuncts if c.i > token.i]

    def subjects(self, verb: Token) -> list[Token]:
        # "accused X of hosting": X hosts (but "Y did it by imposing": Y imposes)
        if verb.dep_ == "pcomp" and verb.head.dep_ == "prep" and verb.head.lower_ in ("of", "for"):
            governor = verb.head.head
            objs = [c for c in governor.children if c.dep_ in ("dobj", "npadvmod") and c.i != verb.head.i]
            if objs and governor.pos_ == "VERB":
                return self.expand(objs[0])
        node = verb
        for _ in range(4):
            subs = [c for c in node.children if c.dep_ in ("nsubj", "csubj")]
            if subs:
                return [t for s in subs for t in self.expand(s)]
            if node.dep_ in ("xcomp", "conj", "advcl", "acl", "pcomp", "prep") and node.head.i != node.i:
                if node.dep_ == "acl":  # "the United States' move to bolster aid": the possessor acts
                    owners = [c for c in node.head.children if c.dep_ == "poss"]
                    if owners:
                        return self.expand(owners[0])
                if node.dep_ == "xcomp":  # object control: "Beijing urged Washington to stop arming Taiwan"
                    controller = [c for c in node.head.children if c.dep_ in ("dobj", "dative")]
                    if controller:
                        return self.expand(controller[0])
                node = node.head
                if node.dep_ == "prep":
                    node = node.head
                continue
            if node.dep_ == "relcl":
                return [node.head]
            break
        return []

    def objects(self, verb: Token, preps: frozenset[str]) -> list[Token]:
        out: list[Token] = []
        for c in verb.children:
            if c.dep_ in ("dobj", "dative", "attr", "oprd") or (c.dep_ == "npadvmod" and self.actors.at(c)):
                out += self.expand(c)
            elif c.dep_ == "prep" and c.lower_ in preps:
                out += [t for p in c.children if p.dep_ == "pobj" for t in self.expand(p)]
            elif c.dep_ == "prt":
                for p in c.children:
                    if p.dep_ == "prep":
                        out += [t for q in p.children if q.dep_ == "pobj" for t in self.expand(q)]
            elif c.dep_ == "xcomp" and c.lemma_ in self.lex.verbs:
                out += self.objects(c, self.lex.verbs[c.lemma_][1])
        return out

    def agent(self, noun: Token) -> str | None:
        """The actor of "<noun> made/launched by X"."""
        for c in noun.children:
            if c.dep_ == "acl":
                for a in c.children:
                    if a.dep_ == "agent":
                        for p in a.children:
                            if p.dep_ == "pobj":
                                return self.actor_of(p)
        return None

    def noun_source(self, noun: Token) -> str | None:
        """Who does what a noun names: "Iran's accusations", "strikes launched by X", "X made accusations"."""
        for c in noun.children:  # "Iran's accusations", "Israeli strikes", "Houthi attacks"
            if c.dep_ in ("poss", "compound", "amod", "nmod") and (m := self.actors.at(c)) is not None:
                return m.key
        agent = self.agent(noun)  # "strikes launched by X"
        if agent:
            return agent
        head = noun.head
        if noun.dep_ == "appos":  # "Turkey, a key ally of Azerbaijan"
            return self.actor_of(head)
        if noun.dep_ in ("attr", "dobj") or (noun.dep_ == "pobj" and head.lemma_ in LIGHT_VERBS):
            for s in self.subjects(head):
                return self.actor_of(s)
        if noun.dep_ == "pobj" and head.dep_ == "prep":  # "in support of", "in retaliation for"
            verb = head.head
            if head.lower_ in REASON_PREPS and (punished := self.punished(verb)) is not None:
                return punished[0]  # "X sanctioned Y over arms sales to Z": Y sells, not X
            if verb.pos_ in ("VERB", "AUX"):
                for s in self.subjects(verb):
                    return self.actor_of(s)
            return self.actor_of(verb)
        return None

    def punished(self, verb: Token) -> tuple[str | None] | None:
        """If ``verb`` punishes or blames ("sanctioned Y", "imposed sanctions on Y", "accused Y"): (the actor
        punished, or None when it is not named,); None when ``verb`` does no such thing. What it was for
        ("over arms sales to Z", "of attacks on Z") is done by the one punished."""
        lemma = verb.lemma_.lower()
        if self.lex.verbs.get(lemma, (None,))[0] in PUNISHING:
            objs = [c for c in verb.children if c.dep_ in ("dobj", "nsubjpass")]
            objs += [p for c in verb.children if c.dep_ == "prep" and c.lower_ in ("on", "against", "at")
                     for p in c.children if p.dep_ == "pobj"]
            return (self.first_actor(objs),)
        nouns = [c for c in verb.children if c.dep_ == "dobj" and self.lex.nouns.get(c.lemma_.lower()) in PUNISHING]
        if lemma in LIGHT_VERBS and nouns:  # "imposed sanctions on Y", "levelled accusations against Y"
            objs = [p for c in nouns[0].children if c.dep_ == "prep" and c.lower_ in ("on", "against", "at")
                    for p in c.children if p.dep_ == "pobj"]
            objs += [p for c in verb.children if c.dep_ == "prep" and c.lower_ in ("on", "against", "at")
                     for p in c.children if p.dep_ == "pobj"]
            return (self.first_actor(objs),)
        return None

    def hyphen_pair(self, dash: Token) -> tuple[Mention, Mention] | None:
        """The two actors joined by ``dash`` ("US-South Korean", "Iranian-Armenian"), if it joins two."""
        if dash.text != "-" or dash.i == 0 or dash.i + 1 >= len(self.doc):
            return None
        left, right = self.actors.at(self.doc[dash.i - 1]), self.actors.at(self.doc[dash.i + 1])
        return (left, right) if left is not None and right is not None else None

    def hyphen_owners(self, token: Token) -> list[str]:
        """The actors of a hyphenated pair modifying ``token`` ("the joint US-South Korean drills"), in text
        order (so that what they yield comes out in the same order on every run)."""
        owners: dict[str, None] = {}
        for t in token.subtree:
            pair = self.hyphen_pair(t) if t.i < token.i else None
            if pair is not None:
                owners |= dict.fromkeys((pair[0].key, pair[1].key))
        return list(owners)

    def is_weapon(self, token: Token) -> bool:
        words = {token.lemma_.lower()} | {c.lemma_.lower() for c in token.children if c.dep_ in ("compound", "amod")}
        phrase = " ".join(t.lemma_.lower() for t in token.subtree)
        return bool(words & self.lex.weapons) or "military aid" in phrase or "military assistance" in phrase

    # ------------------------------------------------------------ negation and hedges

    def negated(self, token: Token) -> bool:
        node = token
        for _ in range(3):
            if any(c.dep_ == "neg" or c.lower_ in ("never", "no") and c.dep_ in ("advmod", "det") for c in node.children):
                return True
            if node.dep_ not in ("xcomp", "ccomp") or node.head is node:
                return False
            node = node.head
        return False

    def confidence(self, verb: Token, base: float) -> float:
        words = {c.lemma_.lower() for c in verb.children if c.dep_ in ("aux", "advmod", "mark")}
        if words & self.lex.hedges or verb.head.lemma_ in self.lex.hedges:
            base *= 0.6
        if "if" in words or "unless" in words:
            base *= 0.8
        return base

    # ------------------------------------------------------------ speakers

    def clause_speaker(self, token: Token) -> str | None:
        """The subject of the speech verb whose reported clause holds ``token`` (no quotes)."""
        node = token.head
        for _ in range(4):
            if node.dep_ in ("ccomp", "xcomp", "advcl", "conj") and node.head.lemma_ in self.lex.speech_verbs:
                for s in self.subjects(node.head):
                    if s.lower_ not in ("it", "its"):
                        return self.actor_of(s, via_speaker=False)
            if node.head.i == node.i:
                return None
            node = node.head
        return None

    def previous_subject(self, token: Token) -> str | None:
        """"Chad recalled its envoy. It has long accused Sudan ...": "it" as the subject of a sentence's main
        verb is the state or organisation last named as a subject, in this sentence or the one before."""
        if token.head.dep_ not in ("ROOT", "conj"):  # not "… if it strikes Iran": that "it" is often another
            return None
        sent = token.sent
        start = self.doc[sent.start - 1].sent.start if sent.start > 0 else sent.start
        for m in reversed(self.actors.mentions):
            if m.start < start or m.start >= token.i:
                continue
            head = self.doc[m.start:m.end].root
            actor = self.actors.actors.get(m.key)
            if head.dep_ in ("nsubj", "nsubjpass") and actor is not None and actor.kind in (
                    ActorKind.STATE, ActorKind.ORGANIZATION):
                return m.key
        return None

    def speaker_of(self, token: Token) -> str | None:
        """The actor whose speech a clause is: the subject of the speech verb it hangs from."""
        node = token
        for _ in range(5):
            if node.lemma_ in self.lex.speech_verbs or node.lemma_ in self.lex.verbs and \
                    self.lex.verbs[node.lemma_][0] is RelationType.THREATENS:
                for s in self.subjects(node):
                    actor = self.actor_of(s, via_speaker=False)
                    if actor:
                        return actor
            if node.head is node:
                break
            node = node.head
        return self.quote_speaker(token)

    def quote_speaker(self, token: Token) -> str | None:
        """Inside quotation marks: the subject of a speech verb in the sentence where the quote opens or
        in the one right after it closes ("...," said al-Houthi)."""
        region = next(((a, b) for a, b in self.quotes if a <= token.idx < b), None)
        if region is None:
            return None
        open_sent = self.doc.char_span(region[0], region[0] + 1, alignment_mode="expand")
        close_sent = self.doc.char_span(max(region[1] - 1, 0), region[1], alignment_mode="expand")
        candidates: list[Span | None] = []
        for span in (open_sent, close_sent):
            if span is not None:
                candidates.append(span[0].sent)
        if close_sent is not None:
            candidates.append(self.next_sentence(close_sent[0].sent))
        for s in candidates:
            if s is None:
                continue
            for t in s:
                if t.lemma_ in self.lex.speech_verbs and not (region[0] <= t.idx < region[1]):
                    for sub in self.subjects(t):
                        actor = self.actor_of(sub, via_speaker=False)
                        if actor:
                            return actor
        return None

    def next_sentence(self, sent: Span) -> Span | None:
        return self.doc[sent.end].sent if sent.end < len(self.doc) else None


PUNISHING = frozenset({RelationType.SANCTIONS, RelationType.ACCUSES, RelationType.THREATENS, RelationType.ATTACKS})
REASON_PREPS = frozenset({"over", "for", "of"})


def clause_between(token: Token, top: Token) -> bool:
    """Whether a clause (relative, complement, adverbial, conjoined) lies between ``token`` and ``top``."""
    node = token
    while node.i != top.i and node.head.i != node.i:  # spaCy makes a new Token object on each access: compare .i
        if node.dep_ in ("relcl", "ccomp", "advcl", "conj", "xcomp"):
            return True
        node = node.head
    return False


def quote_regions(text: str) -> list[tuple[int, int]]:
    """Character ranges inside quotation marks (curly pairs, or straight quotes paired in order)."""
    regions = [(m.start(), m.end()) for m in re.finditer(r"“[^”]*”?", text)]
    regions += [(m.start(), m.end()) for m in re.finditer(r'"[^"]*"', text)]
    return sorted(regions)
