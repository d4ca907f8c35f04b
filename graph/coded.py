"""Coded events (GDELT, ACLED, POLECAT, ICEWS rows) as the stores take them in bulk.

A coded event is stored like an article: its id (``gdelt:1234567``, the source's own event id) is the
article's, so importing a file twice changes nothing; its one-line description is the article text and
the evidence sentence of each of its relations; its date is the source's (``date_source = "source"``); its
scores (Goldstein, QuadClass, fatalities, ...) are the evidence's ``attributes``; and the evidence says where
it came from (``provenance``) and what produced it (``extractor = "import:<source>"``).

>>> from graph.model import Actor
>>> e = CodedEvent("gdelt:1", dt.date(2024, 1, 15), "GDELT event 1: Iran accuses Israel",
...                [(Actor("IRN", "State", "Iran"), RelationType.ACCUSES, Actor("ISR", "State", "Israel"))],
...                provenance="gdelt", confidence=0.5, attributes={"goldstein": -2.0})
>>> x = e.extraction()
>>> x.article.id, x.relations[0].key, x.relations[0].evidence[0].provenance
('gdelt:1', ('IRN', 'ACCUSES', 'ISR'), 'gdelt')
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from graph.model import Actor, Article, Evidence, Extraction, Relation, RelationType

IMPORTER_VERSION = "import-1"


@dataclass(slots=True)
class CodedEvent:
    """One row of a coded event file, mapped: the relations it states between the graph's actors."""

    id: str
    day: dt.date
    text: str
    links: list[tuple[Actor, RelationType, Actor]]
    provenance: str
    confidence: float
    url: str | None = None
    source: str | None = None  # where it was read: "file.csv:12"
    attributes: dict[str, Any] = field(default_factory=dict)

    @property
    def extractor(self) -> str:
        return f"import:{self.provenance}"

    def extraction(self) -> Extraction:
        """The same event as an Extraction, for a store's ``upsert_many``."""
        actors: dict[str, Actor] = {}
        relations = []
        for a, rtype, b in self.links:
            actors.setdefault(a.key, a)
            actors.setdefault(b.key, b)
            relations.append(Relation(a.key, rtype, b.key, [Evidence(
                self.id, self.text, self.confidence, url=self.url, published=self.day, date_source="source",
                extractor=self.extractor, provenance=self.provenance, attributes=self.attributes)]))
        article = Article(id=self.id, text=self.text, url=self.url, published=self.day, source=self.source,
                          date_source="source")
        return Extraction(article=article, actors=list(actors.values()), relations=relations,
                          extractor_version=IMPORTER_VERSION)


@dataclass(slots=True)
class ImportResult:
    """What one bulk import call changed."""

    stored: int = 0
    skipped: int = 0  # already stored (same event id)
    new_actors: int = 0
    new_relations: int = 0
    new_evidence: int = 0

    def add(self, other: ImportResult) -> None:
        self.stored += other.stored
        self.skipped += other.skipped
        self.new_actors += other.new_actors
        self.new_relations += other.new_relations
        self.new_evidence += other.new_evidence
