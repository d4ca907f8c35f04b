"""Candidate actor pairs for the relation model: pairs of actor mentions the actor finding produced.

A candidate is two mentions of actors that stand for different dyad sides (an officer or a ministry stands
for its state, an organisation's officer for the organisation) and that the text links:

- ``same``: both in one sentence;
- ``quote``: a sentence inside quotation marks (or spoken in the first person) and an actor named as a
  subject in the sentence before or after it: "'We will answer any provocation,' the minister said.";
- ``lead``: an actor of the headline and one of the article's first body sentence.

Mentions are taken in text order: ``a`` is the earlier one, ``b`` the later one (for ``quote`` and ``lead``
pairs ``a`` is the speaker or headline actor). The relation model decides the type and the direction.

>>> dyad_side(LocalActor("officer:irn:kioumars-heydari", ActorKind.OFFICER, "Kioumars Heydari", state="IRN"))
'IRN'
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Span

from graph.model import ActorKind
from loaders.mentions import ArticleActors, LocalActor, Mention

MAX_SENTENCE_TOKENS = 120  # a longer "sentence" is a list or a table: its pairs are not read
FIRST_PERSON = {"we", "our", "us", "i", "my", "me"}
QUOTES = "\"“”«»"


@dataclass(frozen=True, slots=True)
class Candidate:
    a: Mention
    b: Mention
    sent: Span  # the sentence of ``b`` (of both, for ``same``)
    link: str  # same | quote | lead

    @property
    def pair(self) -> tuple[str, str]:
        return self.a.key, self.b.key


def dyad_side(actor: LocalActor) -> str:
    """What an actor counts as in a dyad: a state, an organisation, or itself."""
    if actor.kind in (ActorKind.OFFICER, ActorKind.MINISTRY) and actor.state:
        return actor.state
    if actor.kind is ActorKind.OFFICER and actor.organization:
        return actor.organization
    return actor.key


def candidates(doc: Doc, found: ArticleActors) -> list[Candidate]:
    """Every candidate pair of an article, each (pair of mentions, link) once."""
    sents = list(doc.sents)
    by_sent: list[list[Mention]] = [[] for _ in sents]
    starts = [s.start for s in sents]
    index = 0
    for m in found.mentions:  # sorted by start
        while index + 1 < len(sents) and starts[index + 1] <= m.start:
            index += 1
        by_sent[index].append(m)
    side = {key: dyad_side(actor) for key, actor in found.actors.items()}
    out: list[Candidate] = []
    seen: set[tuple[int, int, str]] = set()

    def add(a: Mention, b: Mention, sent: Span, link: str) -> None:
        if side.get(a.key) == side.get(b.key) or a.key == b.key:
            return
        mark = (a.start, b.start, link)
        if mark not in seen:
            seen.add(mark)
            out.append(Candidate(a, b, sent, link))

    for i, sent in enumerate(sents):
        mentions = by_sent[i]
        if len(sent) <= MAX_SENTENCE_TOKENS:
            for x, a in enumerate(mentions):
                for b in mentions[x + 1:]:
                    add(a, b, sent, "same")
        if _spoken(sent) and mentions:
            for j in (i - 1, i + 1):
                if 0 <= j < len(sents):
                    for speaker in by_sent[j]:
                        if _is_subject(doc, speaker):
                            for b in mentions:
                                add(speaker, b, sent, "quote")
    if len(sents) > 1 and by_sent[0] and "\n" in sents[0].text_with_ws:  # a headline line
        lead = next((i for i in range(1, min(len(sents), 4)) if by_sent[i]), None)
        if lead is not None:
            for a in by_sent[0]:
                for b in by_sent[lead]:
                    add(a, b, sents[lead], "lead")
    return out


def _spoken(sent: Span) -> bool:
    """A sentence that quotes someone: quotation marks, or a first-person pronoun."""
    return any(ch in sent.text for ch in QUOTES) or any(t.lower_ in FIRST_PERSON and t.pos_ == "PRON" for t in sent)


def _is_subject(doc: Doc, mention: Mention) -> bool:
    return doc[mention.start:mention.end].root.dep_ in ("nsubj", "nsubjpass")
