"""What an extraction becomes before a store writes it: the one write path of every store and export.

:func:`prepare` takes an extraction and the keys its actors resolved to (graph.resolve, against the known
actors and merges) and gives what is written, in store-neutral terms:

- each stored actor once, under its resolved key, with every name it was given (two actors that resolved to
  one are one, the first one's kind and name kept);
- each relation once, by its resolved ends: a relation whose ends became one actor is dropped (no
  self-loops), a symmetric type (ALLIED_WITH, COOPERATES_WITH) has its pair in key order, and relations that
  became the same (source, type, target) are one;
- its evidence once per sentence (a sentence given twice for one relation is one piece of evidence, the last
  given), each dated (:func:`graph.model.dated_evidence`);
- its figures from its independent reports (:func:`graph.model.reports`): count, first and last seen, and the
  noisy-OR miss, which a store folds into the stored confidence as ``1 - (1 - old) * miss``.

:func:`ends` is the rule for a single link (the coded-event bulk path uses it), :func:`evidence_row` and
:func:`relation_row` the rows the Neo4j store and the exports write.

>>> from graph.model import Actor, Article, Evidence, Relation
>>> ex = Extraction(Article("a1", "text", published=dt.date(2024, 3, 3)),
...                 [Actor("TUR", "State", "Turkey"), Actor("AZE", "State", "Azerbaijan")],
...                 [Relation("TUR", "ALLIED_WITH", "AZE", [Evidence("a1", "s1", 0.5), Evidence("a1", "s2", 0.6)])])
>>> [rel] = prepare(ex, {}, dt.datetime(2024, 3, 4, tzinfo=dt.UTC)).relations.values()
>>> rel.key, rel.count, round(rel.miss, 2), rel.first_seen
('AZE|ALLIED_WITH|TUR', 1, 0.4, datetime.date(2024, 3, 3))
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from graph.model import (
    SYMMETRIC_TYPES,
    Article,
    Evidence,
    Extraction,
    RelationType,
    dated_evidence,
    iso,
    miss,
    relation_id,
    reports,
)


def ends(source: str, rtype: RelationType, target: str, rename: dict[str, str]) -> tuple[str, str] | None:
    """The stored ends of a relation between these extracted keys: renamed, a symmetric pair in key order;
    None when both ends became one actor (a relation to itself is not stored).

    >>> ends("TUR", RelationType.ALLIED_WITH, "AZE", {})
    ('AZE', 'TUR')
    >>> ends("officer:tur:x", RelationType.ACCUSES, "TUR", {"officer:tur:x": "TUR"}) is None
    True
    """
    source, target = rename.get(source, source), rename.get(target, target)
    if source == target:
        return None
    if rtype in SYMMETRIC_TYPES and target < source:
        return target, source
    return source, target


@dataclass(slots=True)
class PreparedActor:
    key: str
    kind: str
    name: str
    state: str | None
    organization: str | None
    country: str | None
    names: set[str] = field(default_factory=set)  # every name it was given here, ``name`` among them

    def row(self) -> tuple[str, str, str, str | None, str | None, str | None]:
        """(key, kind, name, state, organization, country): the columns of a stored actor."""
        return self.key, self.kind, self.name, self.state, self.organization, self.country


@dataclass(slots=True)
class PreparedEvidence:
    evidence: Evidence
    day: dt.date  # the date it is stored with
    date_source: str  # where that date came from (graph.model.DATE_SOURCES)


@dataclass(slots=True)
class PreparedRelation:
    source: str
    type: RelationType
    target: str
    evidence: dict[str, PreparedEvidence] = field(default_factory=dict)  # by sentence
    found: list[tuple[dt.date, float]] = field(default_factory=list)  # its reports (day, confidence)

    @property
    def key(self) -> str:
        """``source|TYPE|target``: the relation's id in the API and ``r.key`` in Neo4j."""
        return relation_id(self.source, self.type, self.target)

    @property
    def count(self) -> int:
        return len(self.found)

    @property
    def first_seen(self) -> dt.date | None:
        return min((day for day, _ in self.found), default=None)

    @property
    def last_seen(self) -> dt.date | None:
        return max((day for day, _ in self.found), default=None)

    @property
    def miss(self) -> float:
        return miss(self.found)


@dataclass(slots=True)
class Prepared:
    article: Article
    day: dt.date  # the day evidence without a date of its own is stored with
    dated_by: str  # where that day came from
    keys: dict[str, str]  # extracted key -> stored key, where they differ (IngestResult.keys)
    actors: dict[str, PreparedActor]
    relations: dict[tuple[str, str, str], PreparedRelation]  # the ones with evidence, by (source, type, target)


def prepare(extraction: Extraction, rename: dict[str, str], now: dt.datetime) -> Prepared:
    """What ``extraction`` becomes in a store whose known actors gave ``rename`` (see the module's doc);
    ``now`` dates the evidence of an article without a date."""
    article = extraction.article
    day, dated_by = article.published or now.date(), article.dated_by
    actors: dict[str, PreparedActor] = {}
    for a in extraction.actors:
        key = rename.get(a.key, a.key)
        actor = actors.get(key)
        if actor is None:
            actor = actors[key] = PreparedActor(key, a.kind.value, a.name, a.state,
                                                rename.get(a.organization or "", a.organization), a.country)
        actor.names.update(n for n in (a.name, *a.aliases) if n)
    relations: dict[tuple[str, str, str], PreparedRelation] = {}
    for rel in extraction.relations:
        pair = ends(rel.source, rel.type, rel.target, rename)
        if pair is None or not rel.evidence:
            continue
        prepared = relations.setdefault((pair[0], rel.type.value, pair[1]), PreparedRelation(pair[0], rel.type, pair[1]))
        for ev in rel.evidence:
            prepared.evidence[ev.sentence] = PreparedEvidence(ev, *dated_evidence(ev, day, dated_by))
    for prepared in relations.values():
        # one report per article (per row of a coded file): repetition inside it is no new report
        prepared.found = reports((article.id, p.day, p.evidence.confidence, p.evidence.provenance, sentence)
                                 for sentence, p in prepared.evidence.items())
    return Prepared(article, day, dated_by, {k: v for k, v in rename.items() if k != v}, actors, relations)


def evidence_row(key: str, source: str, rtype: RelationType, target: str, ev: Evidence, *, published: dt.date | None,
                 date_source: str | None, ingested_at: str | None, extractor_version: str | None) -> dict[str, Any]:
    """One ``(:Evidence)`` node of the Neo4j model as a row (the Neo4j store writes it, the exports too)."""
    return {"relation": key, "source": source, "type": rtype.value, "target": target, "sentence": ev.sentence,
            "confidence": float(ev.confidence), "published": iso(published), "ingested_at": ingested_at,
            "extractor_version": extractor_version, "date_source": date_source, "extractor": ev.extractor,
            "provenance": ev.provenance, "attributes": ev.attributes_json()}


def relation_row(source: str, rtype: RelationType, target: str, **figures: Any) -> dict[str, Any]:
    """One relationship of the Neo4j model as a row: its key, ends, type, ``symmetric`` and ``figures``."""
    return {"key": relation_id(source, rtype, target), "source": source, "type": rtype.value, "target": target,
            "symmetric": rtype in SYMMETRIC_TYPES, **figures}
