"""Relations between an article's actors, read off spaCy's dependency parse with the trigger lexicon.

Patterns (each one a small function below):
- verbs: ``X accused Y (of ...)``, passive ``Y was attacked by X``, participles ``..., accusing Y``,
  chains ``X threatened to target Y's interests``, prepositions ``X lashed out at Y``;
- rejected claims: ``X rejected Y's accusations`` / ``X denounced Y's statements`` → X DENIES Y; a bare
  ``X denied the claims`` → X DENIES whoever accused X earlier in the article;
- allegations with a clause: ``X alleged (that) Y heads the gang`` → X ACCUSES Y;
- reported speech: ``X said (that) Y supports terrorism`` → X ACCUSES Y (lower confidence), first person
  inside a quote or clause (``we will strike``) is the speaker;
- nominalisations: ``X's accusations against Y``, ``strikes on Y``, ``a key ally of Y``, ``support for Y``;
- arms transfers: ``X supplied weapons to Y``, ``X provided Y with drones``, ``a weapons exporter to Y``;
- compounds: ``X-backed Y``, ``joint X-Y exercises``, ``the X-Y brotherhood``.
Negated triggers yield nothing; hedged ones (may, could, reportedly) and alleged content get a lower
confidence.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from spacy.tokens import Doc, Token

from graph.errors import InvalidInput
from graph.identity import actor_key
from graph.model import SYMMETRIC_TYPES, ActorKind, RelationType
from loaders.mentions import ArticleActors, LocalActor, Mention, resolve_pronoun

LEXICON_PATH = Path(__file__).parent / "data" / "lexicon.json"

# Nouns that stand for the actor named in their modifiers or "of" phrase ("Iran's government", "the
# interests of the US") rather than being actors themselves.
PROXY_NOUNS = {
    "government", "regime", "side", "leadership", "authorities", "administration", "forces", "force", "troops",
    "army", "military", "officials", "official", "interests", "interest", "assets", "embassy", "diplomats",
    "territory", "soil", "ships", "vessels", "warplanes", "jets", "drones", "navy", "elements", "presence",
    "positions", "targets", "bases", "base", "soldiers", "citizens", "nationals", "people", "leader", "leaders",
    "president", "envoy", "ambassador", "state", "country", "nation", "companies", "firms", "entities", "campaign",
    "spokesman", "spokeswoman", "spokesperson", "minister", "head", "chief", "commander", "representative",
    "port", "city", "town", "village", "capital", "region", "province", "coast", "border", "airport", "facility",
    "facilities", "site", "sites", "part", "parts", "area", "areas", "regions", "lands", "land", "counterpart",
    "counterparts", "company", "firm", "ship", "vessel", "warships", "warship", "infrastructure", "cities",
    "towns", "villages", "districts", "district", "outposts", "outpost", "convoy", "embassies",
}
QUANTIFIERS = {"one", "some", "several", "many", "two", "three", "four", "five", "most", "all", "each", "none"}
FIRST_PERSON = {"we", "us", "our", "i", "me", "my"}
LIGHT_VERBS = {"launch", "carry", "conduct", "impose", "level", "make", "issue", "express", "announce", "voice",
               "provide", "pledge", "offer", "extend", "mount", "stage", "wage", "hurl", "file", "lodge", "give"}


@dataclass(frozen=True, slots=True)
class Lexicon:
    verbs: dict[str, tuple[RelationType, frozenset[str]]]
    nouns: dict[str, RelationType]
    arms_verbs: frozenset[str]
    weapons: frozenset[str]
    arms_nouns: frozenset[str]
    speech_nouns: frozenset[str]
    speech_verbs: frozenset[str]
    threat_phrases: tuple[str, ...]
    hedges: frozenset[str]
    pair_nouns: dict[str, RelationType]
    blame_words: frozenset[str]


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    data = json.loads(LEXICON_PATH.read_text(encoding="utf-8"))
    verbs = {lemma: (RelationType(t), frozenset(spec["preps"])) for t, spec in data["verbs"].items()
             for lemma in spec["lemmas"]}
    nouns = {lemma: RelationType(t) for t, lemmas in data["nouns"].items() for lemma in lemmas}
    pairs = {noun: RelationType(t) for t, ns in data["pair_nouns"].items() for noun in ns}
    return Lexicon(verbs, nouns, frozenset(data["arms_verbs"]), frozenset(data["weapons"]),
                   frozenset(data["arms_nouns"]), frozenset(data["speech_nouns"]), frozenset(data["speech_verbs"]),
                   tuple(data["threat_phrases"]), frozenset(data["hedges"]), pairs, frozenset(data["blame_words"]))


@dataclass(slots=True)
class Found:
    source: str
    type: RelationType
    target: str
    sentence: str
    confidence: float


class RelationReader:
    """Reads relations from one parsed article whose actors were found by loaders.mentions."""

    def __init__(self, doc: Doc, actors: ArticleActors) -> None:
        self.doc, self.actors, self.lex = doc, actors, lexicon()
        self.found: list[Found] = []
        self.quotes = quote_regions(doc.text)

    # ------------------------------------------------------------ actors of phrases

    def actor_of(self, token: Token, depth: int = 2, speaker: str | None = None) -> str | None:
        """The actor a noun phrase headed by ``token`` names or stands for."""
        mention = self.actors.at(token)
        if mention is not None:
            return mention.key
        low = token.lower_
        if low in FIRST_PERSON and token.pos_ == "PRON":
            return speaker
        if token.pos_ == "PRON" and low not in ("they", "them", "their", "it", "its"):
            if low in ("who", "which", "that") and token.head.dep_ == "relcl":
                return self.actor_of(token.head.head, depth, speaker)
            return resolve_pronoun(token, self.actors)
        for child in reversed(list(token.lefts)):  # the closest modifier first: "Yemen's Huthi rebels"
            if child.dep_ in ("poss", "compound", "amod", "nmod", "npadvmod") or child.tag_ == "PRP$":
                if child.lower_ in FIRST_PERSON and child.pos_ == "PRON":
                    return speaker
                hit = self.actors.at(child) or None
                if hit is not None:
                    return hit.key
                if child.tag_ == "PRP$":
                    return resolve_pronoun(child, self.actors) if child.lower_ == "his" or child.lower_ == "her" else None
        if low in ("they", "them", "their"):  # "X said they would ...": the speaker
            return speaker or self.speaker_of(token)
        if low in ("it", "its") and token.dep_ in ("nsubj", "poss"):  # "Baku said it would ..."
            return self._clause_speaker(token) or (self._previous_subject(token) if token.dep_ == "nsubj" else None)
        if depth > 0 and (low in PROXY_NOUNS or token.lemma_ in PROXY_NOUNS or token.pos_ == "PROPN"
                          or low in QUANTIFIERS):
            for child in token.children:
                if child.dep_ == "prep" and child.lower_ in ("of", "from", "in", "near"):
                    for pobj in child.children:
                        if pobj.dep_ == "pobj":
                            found = self.actor_of(pobj, depth - 1, speaker)
                            if found:
                                return found
        return None

    def _expand(self, token: Token) -> list[Token]:
        """A token and its conjuncts ("France and Iran")."""
        out = [token]
        for conj in token.conjuncts:
            if conj.i > token.i:
                out.append(conj)
        return out

    def subjects(self, verb: Token) -> list[Token]:
        # "accused X of hosting": X hosts (but "Y did it by imposing": Y imposes)
        if verb.dep_ == "pcomp" and verb.head.dep_ == "prep" and verb.head.lower_ in ("of", "for"):
            governor = verb.head.head
            objs = [c for c in governor.children if c.dep_ in ("dobj", "npadvmod") and c.i != verb.head.i]
            if objs and governor.pos_ == "VERB":
                return self._expand(objs[0])
        node = verb
        for _ in range(4):
            subs = [c for c in node.children if c.dep_ in ("nsubj", "csubj")]
            if subs:
                return [t for s in subs for t in self._expand(s)]
            if node.dep_ in ("xcomp", "conj", "advcl", "acl", "pcomp", "prep") and node.head.i != node.i:
                if node.dep_ == "acl":  # "the United States' move to bolster aid": the possessor acts
                    owners = [c for c in node.head.children if c.dep_ == "poss"]
                    if owners:
                        return self._expand(owners[0])
                if node.dep_ == "xcomp":  # object control: "Beijing urged Washington to stop arming Taiwan"
                    controller = [c for c in node.head.children if c.dep_ in ("dobj", "dative")]
                    if controller:
                        return self._expand(controller[0])
                node = node.head
                if node.dep_ == "prep":
                    node = node.head
                continue
            if node.dep_ == "relcl":
                return [node.head]
            break
        return []

    # ------------------------------------------------------------ emit

    def emit(self, source: str | None, rtype: RelationType, target: str | None, token: Token, confidence: float) -> None:
        if not source or not target or source == target:
            return
        if rtype is RelationType.ARMS and self.actors.actors[source].kind is ActorKind.OFFICER:
            return
        self.found.append(Found(source, rtype, target, token.sent.text.strip(), round(confidence, 3)))

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

    def _clause_speaker(self, token: Token) -> str | None:
        """The subject of the speech verb whose reported clause holds ``token`` (no quotes)."""
        node = token.head
        for _ in range(4):
            if node.dep_ in ("ccomp", "xcomp", "advcl", "conj") and node.head.lemma_ in self.lex.speech_verbs:
                for s in self.subjects(node.head):
                    if s.lower_ not in ("it", "its"):
                        return self.actor_of(s)
            if node.head.i == node.i:
                return None
            node = node.head
        return None

    def _previous_subject(self, token: Token) -> str | None:
        """"Chad recalled its envoy. It has long accused Sudan ...": "it" as the subject of a sentence's main
        verb is the state or organisation last named as a subject, in this sentence or the one before."""
        if token.head.dep_ not in ("ROOT", "conj"):  # not "… if it strikes Iran": that "it" is often another
            return None
        start = self._sentence_before(token.sent).start
        for m in reversed(self.actors.mentions):
            if m.start < start or m.start >= token.i:
                continue
            head = self.doc[m.start:m.end].root
            actor = self.actors.actors.get(m.key)
            if head.dep_ in ("nsubj", "nsubjpass") and actor is not None and actor.kind in (
                    ActorKind.STATE, ActorKind.ORGANIZATION):
                return m.key
        return None

    def _sentence_before(self, sent):
        return self.doc[sent.start - 1].sent if sent.start > 0 else sent

    def speaker_of(self, token: Token) -> str | None:
        """The actor whose speech a clause is: the subject of the speech verb it hangs from."""
        node = token
        for _ in range(5):
            if node.lemma_ in self.lex.speech_verbs or node.lemma_ in self.lex.verbs and \
                    self.lex.verbs[node.lemma_][0] is RelationType.THREATENS:
                for s in self.subjects(node):
                    actor = self.actor_of(s)
                    if actor:
                        return actor
            if node.head is node:
                break
            node = node.head
        return self._quote_speaker(token)

    def _quote_speaker(self, token: Token) -> str | None:
        """Inside quotation marks: the subject of a speech verb in the sentence where the quote opens or
        in the one right after it closes ("...," said al-Houthi)."""
        region = next(((a, b) for a, b in self.quotes if a <= token.idx < b), None)
        if region is None:
            return None
        open_sent = self.doc.char_span(region[0], region[0] + 1, alignment_mode="expand")
        close_sent = self.doc.char_span(max(region[1] - 1, 0), region[1], alignment_mode="expand")
        candidates = []
        for span in (open_sent, close_sent):
            if span is not None:
                candidates.append(span[0].sent)
        if close_sent is not None:
            candidates.append(self._next_sentence(close_sent[0].sent))
        for s in candidates:
            if s is None:
                continue
            for t in s:
                if t.lemma_ in self.lex.speech_verbs and not (region[0] <= t.idx < region[1]):
                    for sub in self.subjects(t):
                        actor = self.actor_of(sub)
                        if actor:
                            return actor
        return None

    def _next_sentence(self, sent):
        if sent.end < len(self.doc):
            return self.doc[sent.end].sent
        return None

    # ------------------------------------------------------------ patterns

    def read(self) -> list[Found]:
        for token in self.doc:
            if token.pos_ in ("VERB", "AUX") or token.tag_.startswith("VB"):
                self.verb(token)
                self.diplomatic(token, token.lemma_.lower())
            if token.pos_ in ("NOUN", "PROPN"):
                self.noun(token)
                self.diplomatic(token, DIPLOMATIC_NOUNS.get(token.lemma_.lower(), ""))
        self.compounds()
        self.named_groups()
        self.blaming_speech()
        return self.found

    def blaming_speech(self) -> None:
        """"X said (that) Y ... terrorism/aggression/lies": X ACCUSES Y, as reported speech (lower confidence)."""
        for verb in self.doc:
            if verb.lemma_ not in self.lex.speech_verbs or self.negated(verb):
                continue
            speakers = [a for a in (self.actor_of(s) for s in self.subjects(verb)) if a]
            if not speakers:
                continue
            for clause in (c for c in verb.children if c.dep_ in ("ccomp", "xcomp")):
                words = {t.lower_ for t in clause.subtree} | {t.lemma_.lower() for t in clause.subtree}
                if not words & self.lex.blame_words:
                    continue
                blamed = [self.actor_of(t) for t in clause.subtree
                          if t.dep_ in ("nsubj", "poss") and self.actor_of(t)]
                for src in speakers:
                    src_state = self.actors.actors[src].state or src
                    for tgt in dict.fromkeys(b for b in blamed if b):
                        if tgt != src and (self.actors.actors[tgt].state or tgt) != src_state:
                            self.emit(src, RelationType.ACCUSES, tgt, verb, 0.6)

    def verb(self, verb: Token) -> None:
        lemma = verb.lemma_.lower()
        lex = self.lex
        if lemma in lex.arms_verbs or lemma in RECEIVE_VERBS:
            self.arms_transfer(verb)
            return
        if lemma == "lash" or (lemma == "call" and any(c.lemma_ in lex.speech_nouns for c in verb.children)):
            rtype, preps = (RelationType.ACCUSES, frozenset({"at"})) if lemma == "lash" else (RelationType.DENIES, frozenset())
        elif lemma in lex.verbs:
            rtype, preps = lex.verbs[lemma]
        else:
            return
        if self.negated(verb):
            return
        if verb.dep_ == "xcomp" and verb.head.lemma_ in lex.verbs and lex.verbs[verb.head.lemma_][0] in (
                RelationType.THREATENS, RelationType.DENIES):
            return  # "threatened to target X" is the threat, not an attack
        speaker = self.speaker_of(verb)
        passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)
        if passive and rtype in SYMMETRIC_TYPES:  # "Armenia is allied with France"
            sources = [t for c in verb.children if c.dep_ in ("nsubjpass", "nsubj", "npadvmod") for t in self._expand(c)]
            targets = self.objects(verb, preps)
        elif passive:
            sources = [p for c in verb.children if c.dep_ == "agent" for p in c.children if p.dep_ == "pobj"]
            targets = [t for c in verb.children if c.dep_ == "nsubjpass" for t in self._expand(c)]
        else:
            sources = self.subjects(verb)
            targets = self.objects(verb, preps)
        base = self.confidence(verb, 0.85)
        if rtype in (RelationType.ATTACKS, RelationType.THREATENS) and any(  # "target China with sanctions"
                self.lex.nouns.get(p.lemma_.lower()) is RelationType.SANCTIONS
                for c in verb.children if c.dep_ == "prep" and c.lower_ == "with" for p in c.children):
            rtype = RelationType.SANCTIONS
        future = {c.lower_ for c in verb.children if c.dep_ == "aux"} & {"will", "would", "shall", "'ll"}
        if future and rtype in (RelationType.ATTACKS, RelationType.SANCTIONS):
            rtype = RelationType.THREATENS  # "we will strike X": a threat, not (yet) an attack
        if rtype in (RelationType.ATTACKS, RelationType.THREATENS) and not passive and not any(
                self.actor_of(t, speaker=speaker) for t in targets):
            targets = targets + [p for c in verb.children if c.dep_ == "prep" and c.lower_ == "in"
                                 for p in c.children if p.dep_ == "pobj" and self.actors.at(p) is not None]
        if lemma == "call" or rtype in (RelationType.DENIES, RelationType.ACCUSES):
            self.accuse_or_deny(verb, rtype, sources, targets, speaker, base)
            return
        if rtype in SYMMETRIC_TYPES and not targets and len(sources) > 1:  # "Japan and Korea agreed to cooperate"
            ends = [self.actor_of(s, speaker=speaker) for s in sources]
            for i, a in enumerate(ends):
                for b in ends[i + 1:]:
                    self.emit(a, rtype, b, verb, base * 0.9)
        for s in sources:
            src = self.actor_of(s, speaker=speaker)
            for t in targets:
                self.emit(src, rtype, self.actor_of(t, speaker=speaker), verb, base)

    def objects(self, verb: Token, preps: frozenset[str]) -> list[Token]:
        out: list[Token] = []
        for c in verb.children:
            if c.dep_ in ("dobj", "dative", "attr", "oprd") or (c.dep_ == "npadvmod" and self.actors.at(c)):
                out += self._expand(c)
            elif c.dep_ == "prep" and c.lower_ in preps:
                out += [t for p in c.children if p.dep_ == "pobj" for t in self._expand(p)]
            elif c.dep_ == "prt":
                for p in c.children:
                    if p.dep_ == "prep":
                        out += [t for q in p.children if q.dep_ == "pobj" for t in self._expand(q)]
            elif c.dep_ == "xcomp" and c.lemma_ in self.lex.verbs:
                out += self.objects(c, self.lex.verbs[c.lemma_][1])
        return out

    def accuse_or_deny(self, verb: Token, rtype: RelationType, sources: list[Token], targets: list[Token],
                       speaker: str | None, base: float) -> None:
        lex = self.lex
        for s in sources:
            src = self.actor_of(s, speaker=speaker)
            if not src:
                continue
            for t in targets:
                if t.lemma_ in lex.speech_nouns or t.lemma_ in ("involvement", "role", "responsibility"):
                    # rejecting or denouncing what someone said: DENIES the one who said it
                    owner = next((self.actor_of(c) for c in t.children if c.dep_ == "poss"), None)
                    owner = owner or self._agent(t)
                    owner = owner or self.actor_of(t)
                    owner = owner or self.accuser_of(src)
                    self.emit(src, RelationType.DENIES, owner, verb, base * (0.9 if owner else 1))
                else:
                    target = self.actor_of(t, speaker=speaker)
                    self.emit(src, rtype, target, verb, base)
                    if rtype is RelationType.ACCUSES:  # "denounced the joint US-South Korean drills": both
                        for other in self._hyphen_owners(t) - {target}:
                            self.emit(src, rtype, other, verb, base)
            if rtype is RelationType.ACCUSES and not any(self.actor_of(t) for t in targets):
                for c in verb.children:  # "alleged (that) Y heads the gang"
                    if c.dep_ == "ccomp":
                        for sub in self.subjects(c):
                            self.emit(src, RelationType.ACCUSES, self.actor_of(sub), verb, base * 0.9)
            if rtype is RelationType.DENIES and not targets:
                self.emit(src, RelationType.DENIES, self.accuser_of(src), verb, base * 0.8)

    def _hyphen_owners(self, token: Token) -> set[str]:
        """The actors of a hyphenated pair modifying ``token`` ("the joint US-South Korean drills")."""
        owners: set[str] = set()
        for t in token.subtree:
            pair = self._hyphen_pair(t) if t.i < token.i else None
            if pair is not None:
                owners |= {pair[0].key, pair[1].key}
        return owners

    def _hyphen_pair(self, dash: Token) -> tuple[Mention, Mention] | None:
        """The two actors joined by ``dash`` ("US-South Korean", "Iranian-Armenian"), if it joins two."""
        if dash.text != "-" or dash.i == 0 or dash.i + 1 >= len(self.doc):
            return None
        left, right = self.actors.at(self.doc[dash.i - 1]), self.actors.at(self.doc[dash.i + 1])
        return (left, right) if left is not None and right is not None else None

    def accuser_of(self, actor: str) -> str | None:
        """Who last accused ``actor`` (or its state) in this article."""
        state = self.actors.actors[actor].state or actor
        for f in reversed(self.found):
            if f.type is RelationType.ACCUSES and f.target in (actor, state) or (
                    f.type is RelationType.ACCUSES and self.actors.actors[f.target].state == state):
                return f.source
        return None

    def arms_transfer(self, verb: Token) -> None:
        """"X supplied weapons to Y", "X provided Y with drones"; "Y received (bought) tanks from X"."""
        if self.negated(verb):
            return
        if verb.lemma_.lower() in RECEIVE_VERBS:
            weapons = [c for c in verb.children if c.dep_ == "dobj" and self._is_weapon(c)]
            suppliers = [p for c in verb.children if c.dep_ == "prep" and c.lower_ == "from"
                         for p in c.children if p.dep_ == "pobj"]
            if weapons and suppliers:
                speaker = self.speaker_of(verb)
                for r in self.subjects(verb):
                    for sup in suppliers:
                        for ss in self._expand(sup):
                            self.emit(self.actor_of(ss), RelationType.ARMS, self.actor_of(r, speaker=speaker), verb,
                                      self.confidence(verb, 0.75))
            return
        objs = [c for c in verb.children if c.dep_ in ("dobj", "dative")]
        weapons = [o for o in objs if self._is_weapon(o)]
        recipients: list[Token] = [o for o in objs if not self._is_weapon(o)]
        for c in verb.children:
            if c.dep_ == "prep" and c.lower_ in ("to", "for"):
                recipients += [p for p in c.children if p.dep_ == "pobj"]
            if c.dep_ == "prep" and c.lower_ == "with":
                weapons += [p for p in c.children if p.dep_ == "pobj" and self._is_weapon(p)]
        if not weapons:
            return
        speaker = self.speaker_of(verb)
        for s in self.subjects(verb):
            for r in recipients:
                self.emit(self.actor_of(s, speaker=speaker), RelationType.ARMS, self.actor_of(r), verb,
                          self.confidence(verb, 0.8))

    def _is_weapon(self, token: Token) -> bool:
        words = {token.lemma_.lower()} | {c.lemma_.lower() for c in token.children if c.dep_ in ("compound", "amod")}
        phrase = " ".join(t.lemma_.lower() for t in token.subtree)
        return bool(words & self.lex.weapons) or "military aid" in phrase or "military assistance" in phrase

    def noun(self, noun: Token) -> None:
        lemma = noun.lemma_.lower()
        if lemma in self.lex.arms_nouns and any(self._is_weapon(c) or c.lemma_ in ("arm", "weapon")
                                                 for c in noun.children if c.dep_ in ("compound", "amod", "nmod")):
            recipients = [m.key for c in noun.children if c.dep_ == "poss" and (m := self.actors.at(c)) is not None]
            if recipients and not any(c.dep_ == "prep" and c.lower_ == "to" for c in noun.children):
                # "the US remained Taiwan's biggest arms supplier": the possessor receives
                supplier = None
                if noun.dep_ == "appos":
                    supplier = self.actor_of(noun.head)
                elif noun.dep_ in ("attr", "dobj", "oprd"):
                    supplier = next((a for a in (self.actor_of(x) for x in self.subjects(noun.head)) if a), None)
                for r in recipients:
                    self.emit(supplier, RelationType.ARMS, r, noun, 0.75)
                return
            self.noun_relation(noun, RelationType.ARMS, ("to",), 0.75)
            return
        rtype = self.lex.nouns.get(lemma)
        if rtype is None or self.actors.at(noun) is not None:
            return
        if rtype is RelationType.SUPPORTS and lemma in ("aid", "assistance") and any(
                c.lemma_.lower() in MILITARY_WORDS for c in noun.children if c.dep_ in ("compound", "amod")):
            rtype = RelationType.ARMS  # "military aid to Ukraine"
        if rtype is RelationType.COOPERATES_WITH and any(  # "a mutual defense pact", "a security treaty"
                c.lemma_.lower() in DEFENSE_WORDS for c in noun.children if c.dep_ in ("compound", "amod")):
            rtype = RelationType.ALLIED_WITH
        preps = {
            RelationType.ALLIED_WITH: ("of", "with", "to"),
            RelationType.COOPERATES_WITH: ("with",),
            RelationType.SUPPORTS: ("for", "to"),
            RelationType.OCCUPIES: ("of",),
            RelationType.OPPOSES: ("against", "with", "on"),
        }.get(rtype, ("against", "on", "at", "upon", "to", "toward", "towards"))
        if lemma == "solidarity":  # "solidarity with the Palestinians"
            preps = (*preps, "with")
        self.noun_relation(noun, rtype, preps, 0.7)

    def noun_relation(self, noun: Token, rtype: RelationType, preps: tuple[str, ...], base: float) -> None:
        if any(c.dep_ == "neg" or c.lower_ == "no" for c in noun.children):
            return
        holders = [noun] + [c for c in noun.children if c.dep_ == "acl"]  # "allegations leveled by X against Y"
        targets = [p for h in holders for c in h.children if c.dep_ == "prep" and c.lower_ in preps
                   for p in c.children if p.dep_ == "pobj"]
        if not targets and "against" in preps:  # the parser hangs "against Y" lower down the phrase:
            targets = [p for c in noun.subtree if c.dep_ == "prep" and c.lower_ == "against"  # "… by X against Y"
                       and not _clause_between(c, noun) for p in c.children if p.dep_ == "pobj"]
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
                        if c.dep_ in ("amod", "compound", "poss") and (m := self.actors.at(c)) is not None]
            holder = self.actor_of(noun.head) if noun.dep_ == "appos" else next(
                (a for a in (self.actor_of(x) for x in self.subjects(noun.head)) if a), None)
            for partner in partners:
                self.emit(holder, rtype, partner, noun, base)
            if partners:
                return
        if not targets and rtype in SYMMETRIC_TYPES and noun.dep_ in ("dobj", "attr"):
            # "A and B signed a defense pact", "A and B are close allies"
            ends = [self.actor_of(s) for s in self.subjects(noun.head)]
            ends = list(dict.fromkeys(e for e in ends if e))
            for i, a in enumerate(ends):
                for b in ends[i + 1:]:
                    self.emit(a, rtype, b, noun, base * 0.9)
            return
        if not targets:
            return
        source = self._noun_source(noun)
        for t in targets:
            for tt in self._expand(t):
                self.emit(source, rtype, self.actor_of(tt), noun, base)

    def _agent(self, noun: Token) -> str | None:
        """The actor of "<noun> made/launched by X"."""
        for c in noun.children:
            if c.dep_ == "acl":
                for a in c.children:
                    if a.dep_ == "agent":
                        for p in a.children:
                            if p.dep_ == "pobj":
                                return self.actor_of(p)
        return None

    def _noun_source(self, noun: Token) -> str | None:
        for c in noun.children:  # "Iran's accusations", "Israeli strikes", "Houthi attacks"
            if c.dep_ in ("poss", "compound", "amod", "nmod") and self.actors.at(c) is not None:
                return self.actors.at(c).key
        agent = self._agent(noun)  # "strikes launched by X"
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
            if verb.pos_ in ("VERB", "AUX"):
                for s in self.subjects(verb):
                    return self.actor_of(s)
            return self.actor_of(verb)
        return None

    def diplomatic(self, trigger: Token, action: str) -> None:
        """Diplomatic moves as CAMEO codes them: closing, evacuating or withdrawing an embassy or envoy, or
        severing ties, reduces relations (16x: SANCTIONS); opening an embassy or restoring ties (04x/05x:
        COOPERATES_WITH). "Azerbaijan evacuated its embassy in Tehran", "Rabat recalled its ambassador from
        Algiers", "the opening of an embassy in Tel Aviv"."""
        rtype = (RelationType.SANCTIONS if action in CUT_VERBS else
                 RelationType.COOPERATES_WITH if action in OPEN_VERBS else None)
        if rtype is None or self.negated(trigger):
            return
        if trigger.pos_ in ("NOUN", "PROPN"):
            phrase = [t for c in trigger.children if c.dep_ == "prep" and c.lower_ == "of" for t in c.subtree]
            subjects = self.subjects(trigger.head) if trigger.dep_ in ("dobj", "nsubj", "nsubjpass") else []
        else:
            phrase = [t for c in trigger.children if c.dep_ in ("dobj", "prep", "nsubjpass") for t in c.subtree]
            subjects = self.subjects(trigger)
        if not any(t.lemma_.lower() in DIPLOMATIC_OBJECTS for t in phrase):
            return
        speaker = self.speaker_of(trigger)
        sources = [a for a in (self.actor_of(x, speaker=speaker) for x in subjects) if a]
        for source in sources[:1]:
            for t in phrase:
                hit = self.actors.at(t)
                if hit is not None and hit.key != source and t.dep_ in ("pobj", "compound", "amod", "poss"):
                    self.emit(source, rtype, hit.key, trigger, self.confidence(trigger, 0.7))
                    return

    def named_groups(self) -> None:
        """"X sanctioned five defense companies … The five companies are A, B and C" (or "the companies,
        which include A"): what was done to the group reaches each named member, who becomes an
        organisation; so does what the group itself did ("companies … for weapons sales to Taiwan")."""
        for tok in self.doc:
            if tok.lemma_.lower() not in GROUP_NOUNS or tok.dep_ not in ("nsubj", "nsubjpass"):
                continue
            lists = [c for c in tok.head.children if c.dep_ == "attr"] if tok.head.lemma_ == "be" else []
            lists += [d for c in tok.children if c.dep_ == "relcl" and c.lemma_ == "include"
                      for d in c.children if d.dep_ == "dobj"]
            members = [m for region in lists for m in self._listed(region)]
            antecedent = next((t for t in reversed(self.doc[:tok.sent.start]) if t.lemma_.lower() in GROUP_NOUNS
                               and t.tag_ in ("NNS", "NNPS")), None)  # "four firms … The companies, which …"
            if not members or antecedent is None:
                continue
            done_to = self._done_to(antecedent)
            why = [t for c in antecedent.head.head.children if c.dep_ == "prep" and c.lower_ == "for"
                   for t in c.subtree]  # "sanctions against the companies for their weapons sales to Y"
            done_by = [(RelationType.ARMS, self.actor_of(p)) for t in [*antecedent.subtree, *why]
                       if t.lemma_.lower() in self.lex.arms_nouns
                       for c in t.children if c.dep_ == "prep" and c.lower_ == "to"
                       for p in c.children if p.dep_ == "pobj"]
            for key in members:
                if done_to is not None:
                    self.emit(done_to[1], done_to[0], key, antecedent, done_to[2])
                for rtype, target in done_by:
                    self.emit(key, rtype, target, antecedent, 0.7)

    def _done_to(self, group: Token) -> tuple[RelationType, str | None, float] | None:
        """The relation whose target is ``group`` (a sanctions noun or verb, an attack, an accusation)."""
        trigger = group.head.head if group.dep_ == "pobj" and group.head.dep_ == "prep" else group.head
        rtype = self.lex.nouns.get(trigger.lemma_.lower()) if trigger.pos_ == "NOUN" else None
        if rtype is None and trigger.lemma_.lower() in self.lex.verbs:
            rtype = self.lex.verbs[trigger.lemma_.lower()][0]
        if rtype is None and trigger.pos_ in ("VERB", "AUX"):  # "announced sanctions against the companies"
            nouns = [c for c in trigger.children if c.dep_ == "dobj" and c.lemma_.lower() in self.lex.nouns]
            if nouns:
                rtype = self.lex.nouns[nouns[0].lemma_.lower()]
        if rtype not in (RelationType.SANCTIONS, RelationType.ATTACKS, RelationType.ACCUSES, RelationType.THREATENS):
            return None
        verb = trigger if trigger.pos_ in ("VERB", "AUX") else None
        source = self._noun_source(trigger) if verb is None else next(
            (a for a in (self.actor_of(x) for x in self.subjects(verb)) if a), None)
        return (rtype, source, 0.7) if source else None

    def _listed(self, region: Token) -> list[str]:
        """Actor keys for the names listed in ``region`` ("A, B & C and D"), each made an organisation."""
        tokens = [t for t in region.subtree if not (t.is_punct and t.i == region.right_edge.i)]
        if not tokens:
            return []
        start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)
        keys = []
        for m in re.finditer(r"[^,]+", self.doc.text[start:end]):
            for part in re.split(r"\s+and\s+", m.group(0)):
                words = part.split()
                while words and not words[0][:1].isupper():  # "aerospace firm Sierra Nevada Corporation"
                    words.pop(0)
                name = " ".join(words)
                if not name or not any(w[:1].isupper() for w in words):
                    continue
                offset = start + m.start() + m.group(0).find(part) + part.find(name)
                span = self.doc.char_span(offset, offset + len(name), alignment_mode="expand")
                if span is None:
                    continue
                known = self.actors.at(span.root)
                if known is not None:
                    keys.append(known.key)
                    continue
                try:
                    key = actor_key(ActorKind.ORGANIZATION, name)
                except InvalidInput:
                    continue
                self.actors.add(LocalActor(key, ActorKind.ORGANIZATION, name), self.doc, span.start, span.end)
                keys.append(key)
        return keys

    def compounds(self) -> None:
        """"Iran-backed Houthis", "joint US-South Korean exercises", "the Iranian-Armenian brotherhood"."""
        doc, mentions = self.doc, self.actors.mentions
        for i, m in enumerate(mentions):
            if m.end + 1 >= len(doc) or doc[m.end].text != "-":
                continue
            nxt = doc[m.end + 1]
            word = nxt.lower_
            kind = {"backed": RelationType.SUPPORTS, "supported": RelationType.SUPPORTS,
                    "sponsored": RelationType.SUPPORTS, "funded": RelationType.SUPPORTS,
                    "armed": RelationType.ARMS, "allied": RelationType.ALLIED_WITH}.get(word)
            if kind is not None:
                later = [x for x in mentions[i + 1:] if x.start > nxt.i and x.start - nxt.i <= 3
                         and self.actors.actors[x.key].kind is not ActorKind.STATE]
                if later:
                    self.emit(m.key, kind, later[0].key, nxt, 0.8)
                continue
            pair = self._hyphen_pair(doc[m.end])
            if pair is None:
                continue
            partner = pair[1]
            window = doc[partner.end:partner.end + 5]  # "US-South Korean Ulchi drills"
            for token in window:
                rtype = self.lex.pair_nouns.get(token.lower_)
                if rtype is RelationType.COOPERATES_WITH and token.head.lemma_.lower() in HARM_VERBS:
                    break  # "damaged China-US relations" is no cooperation
                if rtype is not None:
                    self.emit(m.key, rtype, partner.key, doc[m.start], 0.7)
                    break


def _clause_between(token: Token, top: Token) -> bool:
    """Whether a clause (relative, complement, adverbial, conjoined) lies between ``token`` and ``top``."""
    node = token
    while node.i != top.i and node.head.i != node.i:  # spaCy makes a new Token object on each access: compare .i
        if node.dep_ in ("relcl", "ccomp", "advcl", "conj", "xcomp"):
            return True
        node = node.head
    return False


HARM_VERBS = frozenset({"damage", "harm", "hurt", "undermine", "strain", "sour", "poison", "jeopardize", "jeopardise",
                        "threaten", "disrupt", "sabotage", "worsen"})
GROUP_NOUNS = frozenset({"company", "firm", "entity", "contractor", "manufacturer", "bank", "organization",
                         "organisation", "group", "individual", "official"})
CUT_VERBS = frozenset({"close", "shut", "evacuate", "withdraw", "recall", "suspend", "sever", "downgrade", "cut"})
OPEN_VERBS = frozenset({"open", "reopen", "restore", "establish", "upgrade", "normalize", "normalise"})
DIPLOMATIC_NOUNS = {"closure": "close", "closing": "close", "evacuation": "evacuate", "withdrawal": "withdraw",
                    "recall": "recall", "suspension": "suspend", "opening": "open", "reopening": "reopen",
                    "restoration": "restore", "establishment": "establish", "normalization": "normalize"}
DIPLOMATIC_OBJECTS = frozenset({"embassy", "embassies", "consulate", "ambassador", "envoy", "diplomat", "mission",
                                "tie", "relation", "chargé"})
RECEIVE_VERBS = frozenset({"receive", "obtain", "acquire", "buy", "purchase", "import", "get"})
MILITARY_WORDS = frozenset({"military", "defense", "defence", "security", "lethal", "wartime", "war"})
DEFENSE_WORDS = frozenset({"defense", "defence", "mutual", "security", "military", "alliance"})


def threat_phrases(doc: Doc, reader: RelationReader) -> None:
    """"X will not tolerate ... Y", "will resist", "legitimate targets": THREATENS from the speaker."""
    for sent in doc.sents:
        low = sent.text.lower()
        if not any(p in low for p in reader.lex.threat_phrases):
            continue
        for token in sent:
            if token.pos_ != "VERB" or token.dep_ not in ("ROOT", "ccomp", "conj"):
                continue
            subs = reader.subjects(token)
            if not subs:
                continue
            src = reader.actor_of(subs[0], speaker=reader.speaker_of(token))
            for t in reader.objects(token, frozenset({"against", "to", "on"})):
                tgt = reader.actor_of(t)
                reader.emit(src, RelationType.THREATENS, tgt, token, 0.6)


def quote_regions(text: str) -> list[tuple[int, int]]:
    """Character ranges inside quotation marks (curly pairs, or straight quotes paired in order)."""
    regions = [(m.start(), m.end()) for m in re.finditer(r"“[^”]*”?", text)]
    regions += [(m.start(), m.end()) for m in re.finditer(r'"[^"]*"', text)]
    return sorted(regions)
