"""The graph model: articles, actors, typed relations and their evidence (see ONTOLOGY.md).

Actor kinds and relation types are closed sets. Anything outside them is refused with an
:class:`~graph.errors.InvalidInput` that names the offending value:

>>> relation_type("ACCUSES")
<RelationType.ACCUSES: 'ACCUSES'>
>>> relation_type("LIKES")
Traceback (most recent call last):
...
graph.errors.InvalidInput: unknown relation type 'LIKES'; expected one of ACCUSES, DENIES, ...
"""

from __future__ import annotations

import datetime as dt
import json
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from graph.errors import InvalidInput, StoreUnavailable


class ActorKind(StrEnum):
    STATE = "State"
    OFFICER = "Officer"
    MINISTRY = "Ministry"
    ORGANIZATION = "Organization"


class RelationType(StrEnum):
    # core
    ACCUSES = "ACCUSES"
    DENIES = "DENIES"
    ARMS = "ARMS"
    ALLIED_WITH = "ALLIED_WITH"
    # extended
    THREATENS = "THREATENS"
    ATTACKS = "ATTACKS"
    SUPPORTS = "SUPPORTS"
    OPPOSES = "OPPOSES"
    OCCUPIES = "OCCUPIES"
    SANCTIONS = "SANCTIONS"
    COOPERATES_WITH = "COOPERATES_WITH"
    # structural
    SERVES = "SERVES"
    PART_OF = "PART_OF"
    MEMBER_OF = "MEMBER_OF"


CORE_TYPES = frozenset({RelationType.ACCUSES, RelationType.DENIES, RelationType.ARMS, RelationType.ALLIED_WITH})
EXTENDED_TYPES = frozenset(
    {
        RelationType.THREATENS,
        RelationType.ATTACKS,
        RelationType.SUPPORTS,
        RelationType.OPPOSES,
        RelationType.OCCUPIES,
        RelationType.SANCTIONS,
        RelationType.COOPERATES_WITH,
    }
)
STRUCTURAL_TYPES = frozenset({RelationType.SERVES, RelationType.PART_OF, RelationType.MEMBER_OF})
SYMMETRIC_TYPES = frozenset({RelationType.ALLIED_WITH, RelationType.COOPERATES_WITH})
EVENT_TYPES = CORE_TYPES | EXTENDED_TYPES


# Where the date of a piece of evidence came from: the article's own publication date, a dateline in its
# text, the day it was ingested (no date known), or the row of a coded event file (GDELT, ACLED, ...).
DATE_SOURCES = ("published", "dateline", "ingested", "source")
# What the evidence was read from: article text, or a coded event data set.
PROVENANCES = ("text", "gdelt", "acled", "polecat", "icews")
MAX_ATTRIBUTES = 32  # a source's own scores on one event (Goldstein, QuadClass, fatalities, ...)


def _refuse(what: str, value: object, allowed: list[str]) -> InvalidInput:
    shown = ", ".join(allowed[:2]) + ", ..." if len(allowed) > 4 else ", ".join(allowed)
    return InvalidInput(f"unknown {what} {value!r}; expected one of {shown}")


def relation_type(value: str | RelationType) -> RelationType:
    """The RelationType named by ``value``; InvalidInput naming it when there is none."""
    if isinstance(value, RelationType):
        return value
    try:
        return RelationType(str(value).strip().upper())
    except ValueError:
        raise _refuse("relation type", value, [t.value for t in RelationType]) from None


def actor_kind(value: str | ActorKind) -> ActorKind:
    """The ActorKind named by ``value`` (case-insensitive); InvalidInput naming it when there is none."""
    if isinstance(value, ActorKind):
        return value
    for kind in ActorKind:
        if kind.value.lower() == str(value).strip().lower():
            return kind
    raise _refuse("actor kind", value, [k.value for k in ActorKind])


def check_provenance(value: str | None, what: str = "provenance") -> str | None:
    """One of PROVENANCES (None or empty: any); InvalidInput naming the value and the allowed ones otherwise.

    >>> check_provenance("gdelt")
    'gdelt'
    >>> check_provenance("GDELT ")
    Traceback (most recent call last):
    ...
    graph.errors.InvalidInput: provenance 'GDELT ' is not one of text, gdelt, acled, polecat, icews
    """
    if value is None or value == "":
        return None
    if value not in PROVENANCES:
        raise InvalidInput(f"{what} {value!r} is not one of {', '.join(PROVENANCES)}")
    return value


def iso(value: dt.date | dt.datetime | None) -> str | None:
    """The ISO text of a date or datetime (how the stores keep them), None for None."""
    return value.isoformat() if value is not None else None


def parse_date(value: str | dt.date | None, what: str = "date") -> dt.date | None:
    """An ISO date (``2023-03-31``; a datetime's date part is taken), or None for empty values."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        raise InvalidInput(f"{what} {value!r} is not an ISO date (YYYY-MM-DD)") from None


def stored_day(value: str | dt.date | None, what: str = "evidence") -> dt.date:
    """The date of a stored piece of evidence. Every store writes one with each (:func:`dated_evidence`), so a
    missing one means the store was written by something else: StoreUnavailable naming it.

    >>> stored_day("2024-03-03")
    datetime.date(2024, 3, 3)
    """
    day = parse_date(value, what)
    if day is None:
        raise StoreUnavailable(f"{what} has no date: the store holds evidence tensiongraph did not write")
    return day


@dataclass(slots=True, init=False)
class Article:
    """One news article as read by a loader. ``published`` is taken as ISO text too (a page's or a JSON
    object's date) and kept as a date."""

    id: str
    text: str
    url: str | None
    title: str | None
    published: dt.date | None
    source: str | None  # where it was read from: a path, a URL, "stdin"
    date_source: str | None  # where ``published`` came from (DATE_SOURCES); None: "published" if set

    def __init__(self, id: str, text: str, url: str | None = None, title: str | None = None,
                 published: dt.date | str | None = None, source: str | None = None,
                 date_source: str | None = None) -> None:
        if not isinstance(id, str) or not id.strip():
            raise InvalidInput(f"article from {source or 'input'} has no id")
        if not isinstance(text, str):
            raise InvalidInput(f"article {id!r}: text must be a string, got {type(text).__name__}")
        self.id, self.text, self.url, self.title, self.source = id, text, url, title, source
        self.published = parse_date(published, f"article {id!r}: published")
        self.date_source = check_date_source(date_source, f"article {id!r}")

    @property
    def dated_by(self) -> str:
        """Where the date its evidence gets came from: its own ``date_source``, else "published" when it has
        a date, else "ingested" (the store dates it by the day it was stored)."""
        if self.published is None:
            return "ingested"
        return self.date_source or "published"


@dataclass(slots=True)
class Actor:
    """A node: a State, Officer, Ministry or Organization, identified by ``key`` (see graph.identity)."""

    key: str
    kind: ActorKind
    name: str
    aliases: list[str] = field(default_factory=list)
    state: str | None = None  # the state an Officer or Ministry acts for (ISO3)
    organization: str | None = None  # key of the Organization an Officer leads or speaks for
    country: str | None = None  # an Organization's home base, for information only

    def __post_init__(self) -> None:
        self.kind = actor_kind(self.kind)
        if not self.key or not self.name:
            raise InvalidInput(f"actor {self.name or self.key!r} needs both a key and a name")


def check_date_source(value: str | None, what: str = "evidence") -> str | None:
    """One of DATE_SOURCES (or None: not said); InvalidInput naming the value otherwise."""
    if value is None or value == "":
        return None
    if value not in DATE_SOURCES:
        raise InvalidInput(f"{what}: date_source {value!r} is not one of {', '.join(DATE_SOURCES)}")
    return value


def attributes(value: dict | str | None, what: str = "evidence") -> dict[str, Any]:
    """A source's own scores as a small flat dict of scalars (a JSON object text is read too)."""
    if not value:
        return {}
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            raise InvalidInput(f"{what}: attributes {value[:60]!r} are not a JSON object") from None
    if not isinstance(value, dict):
        raise InvalidInput(f"{what}: attributes must be an object, got {type(value).__name__}")
    if len(value) > MAX_ATTRIBUTES:
        raise InvalidInput(f"{what}: {len(value)} attributes, at most {MAX_ATTRIBUTES}")
    for k, v in value.items():
        if not isinstance(k, str) or not (v is None or isinstance(v, str | int | float | bool)):
            raise InvalidInput(f"{what}: attribute {k!r} = {v!r} is not a name with a number, text or boolean")
    return dict(value)


@dataclass(slots=True)
class Evidence:
    """One sentence of one article (or one row of a coded event file) that supports a relation.

    ``published`` and ``date_source`` are given by a stored row. An extraction leaves them unset and the
    store dates the evidence by its article (``Article.dated_by``); an importer of coded events sets the
    event's own date with ``date_source="source"``.
    """

    article_id: str
    sentence: str
    confidence: float
    url: str | None = None
    published: dt.date | None = None
    ingested_at: dt.datetime | None = None
    extractor_version: str | None = None
    date_source: str | None = None  # DATE_SOURCES: where ``published`` came from
    extractor: str = ""  # what produced it: "rule:accuse-verb", "model:rel-1", "import:gdelt" ("" for old rows)
    provenance: str = "text"  # PROVENANCES
    attributes: dict[str, Any] = field(default_factory=dict)  # the source's own scores (Goldstein, ...)

    def __post_init__(self) -> None:
        what = f"evidence from {self.article_id!r}"
        if not 0.0 <= float(self.confidence) <= 1.0:
            raise InvalidInput(f"confidence {self.confidence!r} of {what} is not in [0, 1]")
        self.confidence = float(self.confidence)
        self.published = parse_date(self.published, f"{what}: published")
        self.date_source = check_date_source(self.date_source, what)
        self.extractor = str(self.extractor or "")
        self.provenance = check_provenance(self.provenance, f"{what}: provenance") or "text"
        self.attributes = attributes(self.attributes, what)

    def attributes_json(self) -> str:
        """The attributes as the stores keep them: a JSON object text."""
        return json.dumps(self.attributes, sort_keys=True, ensure_ascii=False)


def dated_evidence(ev: Evidence, day: dt.date, dated_by: str) -> tuple[dt.date, str]:
    """The date a store gives a new piece of evidence and where it came from: its own with its own
    ``date_source`` (a coded event's: "source" unless it says otherwise), else its article's ``day`` as
    ``dated_by`` says (a sentence of an article is dated like the article)."""
    if ev.published is None or (ev.provenance == "text" and ev.published == day and not ev.date_source):
        return day, dated_by
    return ev.published, ev.date_source or ("source" if ev.provenance != "text" else "published")


def reports(evidence: Iterable[tuple[str, dt.date, float, str, str]]) -> list[tuple[dt.date, float]]:
    """The evidence of one relation as independent reports, each (day, best confidence): an article is one
    report however many of its sentences repeat the fact (headline, lead, quote); each row of a coded event
    file (provenance other than "text") is a report of its own. Items: (article id, day, confidence,
    provenance, sentence).

    >>> d = dt.date(2024, 3, 3)
    >>> reports([("a1", d, 0.6, "text", "headline"), ("a1", d, 0.8, "text", "lead"), ("a2", d, 0.5, "text", "x")])
    [(datetime.date(2024, 3, 3), 0.5), (datetime.date(2024, 3, 3), 0.8)]
    """
    best: dict[tuple, tuple[dt.date, float]] = {}
    for article, day, confidence, provenance, sentence in evidence:
        key = (article, day, None if provenance == "text" else sentence)
        if key not in best or confidence > best[key][1]:
            best[key] = (day, confidence)
    return sorted(best.values())


def miss(found: Iterable[tuple[dt.date, float]]) -> float:
    """The noisy-OR miss of some reports: the chance that every one of them is wrong, prod(1 - c). A relation's
    confidence is ``1 - miss`` over all its reports, and new reports fold in as ``1 - (1 - old) * miss(new)``."""
    return math.prod(1.0 - c for _, c in found)


@dataclass(frozen=True, slots=True)
class Figures:
    """A relation's figures from its reports (see :func:`reports`): what the stores keep on each relation."""

    count: int
    first_seen: dt.date | None
    last_seen: dt.date | None
    confidence: float


def figures(found: Sequence[tuple[dt.date, float]]) -> Figures:
    """The figures of a relation with these reports: how many, the first and last day, the noisy-OR confidence.

    >>> figures([(dt.date(2024, 1, 2), 0.5), (dt.date(2024, 3, 4), 0.5)])
    Figures(count=2, first_seen=datetime.date(2024, 1, 2), last_seen=datetime.date(2024, 3, 4), confidence=0.75)
    """
    days = [day for day, _ in found]
    return Figures(len(found), min(days, default=None), max(days, default=None), round(1.0 - miss(found), 6))


@dataclass(slots=True)
class Relation:
    """A typed, directed edge ``source -type-> target`` between actor keys, with its evidence.

    Symmetric types store their pair ordered, so ``(a, ALLIED_WITH, b)`` and ``(b, ALLIED_WITH, a)``
    are the same relation.
    """

    source: str
    type: RelationType
    target: str
    evidence: list[Evidence] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.type = relation_type(self.type)
        if self.source == self.target:
            raise InvalidInput(f"relation {self.type.value} from {self.source!r} to itself")
        if self.type in SYMMETRIC_TYPES and self.target < self.source:
            self.source, self.target = self.target, self.source

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.source, self.type.value, self.target)

    @property
    def confidence(self) -> float:
        return max((e.confidence for e in self.evidence), default=0.0)


@dataclass(slots=True)
class Extraction:
    """What the loaders found in one article: its actors and relations with evidence."""

    article: Article
    actors: list[Actor] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
    extractor_version: str | None = None

    def validate(self) -> None:
        """Every relation end must be one of this extraction's actors."""
        keys = {a.key for a in self.actors}
        for rel in self.relations:
            for end in (rel.source, rel.target):
                if end not in keys:
                    raise InvalidInput(
                        f"article {self.article.id!r}: relation {rel.type.value} refers to unknown actor {end!r}"
                    )


@dataclass(slots=True)
class RelationRecord:
    """A stored relation: aggregate figures plus its evidence (newest first)."""

    source: str
    type: RelationType
    target: str
    count: int
    first_seen: dt.date | None
    last_seen: dt.date | None
    confidence: float
    evidence: list[Evidence] = field(default_factory=list)
    rejected: bool = False  # an analyst marked it wrong: kept for the audit, hidden from answers

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.source, self.type.value, self.target)

    @property
    def id(self) -> str:
        """The relation's id in the API and in Neo4j (``r.key``): ``source|TYPE|target``."""
        return relation_id(self.source, self.type, self.target)

    @property
    def symmetric(self) -> bool:
        return self.type in SYMMETRIC_TYPES


def relation_id(source: str, rtype: str | RelationType, target: str) -> str:
    return f"{source}|{relation_type(rtype).value}|{target}"


def parse_relation_id(value: str) -> tuple[str, RelationType, str]:
    """``source|TYPE|target`` → its parts; InvalidInput naming the value otherwise."""
    parts = value.split("|")
    if len(parts) != 3 or not parts[0] or not parts[2]:
        raise InvalidInput(f"relation id {value!r} is not source|TYPE|target")
    return parts[0], relation_type(parts[1]), parts[2]


@dataclass(slots=True)
class IngestResult:
    """What one upsert changed. ``stored`` is False when the article was already there."""

    article_id: str
    stored: bool
    new_actors: int = 0
    new_relations: int = 0
    new_evidence: int = 0
    duplicate_of: str | None = None
    keys: dict[str, str] = field(default_factory=dict)  # extracted key -> the stored actor's key, where they differ


def with_keys(extraction: Extraction, keys: dict[str, str]) -> Extraction:
    """The extraction with its actors under the keys the store gave them (after resolution against the known
    actors and merges): what an ingest answer reports. Two actors that became one are one, with both names."""
    if not keys:
        return extraction
    actors: dict[str, Actor] = {}
    for a in extraction.actors:
        key = keys.get(a.key, a.key)
        if key in actors:
            kept = actors[key]
            kept.aliases = sorted({*kept.aliases, a.name, *a.aliases} - {kept.name})
        else:
            actors[key] = Actor(key, a.kind, a.name, list(a.aliases), a.state,
                                keys.get(a.organization or "", a.organization), a.country)
    relations = [Relation(keys.get(r.source, r.source), r.type, keys.get(r.target, r.target), r.evidence)
                 for r in extraction.relations if keys.get(r.source, r.source) != keys.get(r.target, r.target)]
    return Extraction(extraction.article, list(actors.values()), relations, extraction.extractor_version)


@dataclass(slots=True)
class Stats:
    articles: int
    actors: dict[str, int]
    relations: dict[str, int]
    evidence: int

    def as_dict(self) -> dict:
        return {
            "articles": self.articles,
            "actors": dict(sorted(self.actors.items())),
            "relations": dict(sorted(self.relations.items())),
            "evidence": self.evidence,
        }
