"""The store interface every backend implements, and the filters it takes.

Two implementations: :class:`graph.embedded.EmbeddedStore` (SQLite file + networkx projection, the
default) and the Neo4j store. The API and the CLI speak only this interface; analysis code (paths,
alliances, tension) works on the networkx projection that :meth:`GraphStore.projection` hands out.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal, Protocol, runtime_checkable

import networkx as nx

from graph.budget import UNLIMITED, Budget
from graph.coded import CodedEvent, ImportResult
from graph.errors import InvalidInput
from graph.model import (
    Actor,
    ActorKind,
    Article,
    Extraction,
    IngestResult,
    RelationType,
    Stats,
    actor_kind,
    check_provenance,
    parse_date,
    relation_type,
)

if TYPE_CHECKING:
    from graph.alliances import Ally, BlocMethod, Triad
    from graph.paths import PathStep
    from graph.tension import Bucket, Point, Tension

Direction = Literal["out", "in", "both"]


@dataclass(slots=True, init=False)
class RelationFilter:
    """Which relations to list; every field is optional. ``actor`` matches either end; ``source`` and
    ``target`` match either end of a symmetric relation (ALLIED_WITH, COOPERATES_WITH), which has no
    direction; ``article`` keeps relations with evidence from that article; dates and ``article`` also filter
    the evidence shown. ``provenance`` (one of PROVENANCES) keeps relations with evidence of that provenance,
    shows only that evidence, and gives each relation the figures (count, first and last seen, confidence) of
    that evidence alone; ``min_confidence`` and the order then go by those figures.

    Types and dates are taken as text too (``types={"ACCUSES"}``, ``since="2024-01-01"``) and kept checked
    and converted, so a filter always holds RelationTypes and dates."""

    source: str | None
    target: str | None
    actor: str | None
    article: str | None
    types: frozenset[RelationType] | None
    since: dt.date | None
    until: dt.date | None
    min_confidence: float
    include_rejected: bool  # rejected relations too (for the audit); answers never show them
    provenance: str | None  # "text", "gdelt", ... (graph.model.PROVENANCES); None: any

    def __init__(self, source: str | None = None, target: str | None = None, actor: str | None = None,
                 article: str | None = None, types: Iterable[RelationType | str] | None = None,
                 since: dt.date | str | None = None, until: dt.date | str | None = None, min_confidence: float = 0.0,
                 include_rejected: bool = False, provenance: str | None = None) -> None:
        self.source, self.target, self.actor, self.article = source, target, actor, article
        self.types = None if types is None else frozenset(relation_type(t) for t in types)
        self.since = parse_date(since, "since")
        self.until = parse_date(until, "until")
        if self.since and self.until and self.since > self.until:
            raise InvalidInput(f"since {self.since} is after until {self.until}")
        if not 0.0 <= float(min_confidence) <= 1.0:
            raise InvalidInput(f"min_confidence {min_confidence!r} is not in [0, 1]")
        self.min_confidence = float(min_confidence)
        self.include_rejected = include_rejected
        self.provenance = check_provenance(provenance)


@dataclass(slots=True)
class Page:
    """One page of a list: the items, the total that matched, and the offset of the next page."""

    items: list
    total: int
    offset: int
    limit: int

    @property
    def next_offset(self) -> int | None:
        nxt = self.offset + len(self.items)
        return nxt if nxt < self.total else None


@dataclass(slots=True, init=False)
class ActorQuery:
    """Which actors to search: a name (fuzzy), a kind (taken as text too), a state's ISO3 code."""

    q: str | None
    kind: ActorKind | None
    state: str | None

    def __init__(self, q: str | None = None, kind: ActorKind | str | None = None, state: str | None = None) -> None:
        self.q = q
        self.kind = None if kind is None else actor_kind(kind)
        self.state = state.strip().upper() if state else state


@runtime_checkable
class GraphStore(Protocol):
    """What the API, the CLI and the analysis functions need from a store."""

    def upsert(self, extraction: Extraction) -> IngestResult:
        """Store one article with its actors and relations atomically; a known article changes nothing."""
        ...

    def upsert_many(self, extractions: Sequence[Extraction]) -> list[IngestResult | InvalidInput]:
        """Store several articles, each atomically (the bulk path of ``ingest``); per extraction its result,
        or the InvalidInput that refused it. Results are returned only once their articles are durable."""
        ...

    def import_events(self, events: Sequence[CodedEvent]) -> ImportResult:
        """Store coded events (graph.coded), each as an article with its relations; an event whose id is
        stored already changes nothing. The bulk path of ``tensiongraph import``."""
        ...

    def get_actor(self, key: str) -> Actor:
        """The actor with this key; NotFound naming the key otherwise."""
        ...

    def search_actors(self, query: ActorQuery, limit: int = 50, offset: int = 0) -> Page:
        """Actors whose name or alias matches ``query.q`` (best first), filtered by kind and state."""
        ...

    def actors(self, keys: Iterable[str]) -> dict[str, Actor]:
        """The stored actors among ``keys``, by key (a key no actor has is left out)."""
        ...

    def relation_counts(self, key: str) -> tuple[dict[str, int], dict[str, int]]:
        """How many relations of each type start at ``key`` and end at it; NotFound naming an unknown key."""
        ...

    def paths(self, source: str, target: str, *, k: int = 3, max_hops: int = 4, types: set[str] | None = None,
              directed: bool = False, provenance: str | None = None, budget: Budget = UNLIMITED) -> list[list[PathStep]]:
        """Up to ``k`` shortest simple paths between two actors, of at most ``max_hops`` relations, as
        graph.paths.k_shortest_paths finds them (fewest hops first, then by the actors' keys); under
        ``provenance`` over the relations with evidence of it, weighed by it. NotFound naming an unknown actor."""
        ...

    def tension(self, a: str, b: str, *, since: dt.date | None = None, until: dt.date | None = None,
                as_of: dt.date | None = None, half_life_days: float = 180.0, bucket: Bucket = "month",
                max_points: int = 5000, provenance: str | None = None) -> tuple[Tension, list[Point]]:
        """The dyad's tension and its time series, as graph.tension.score_and_series gives them on the
        projection (of ``provenance``'s evidence alone, when given)."""
        ...

    def rank_dyads(self, *, since: dt.date | None = None, until: dt.date | None = None, as_of: dt.date | None = None,
                   half_life_days: float = 180.0, offset: int = 0, limit: int = 20, actor: str | None = None,
                   hostile_only: bool = True, provenance: str | None = None,
                   budget: Budget = UNLIMITED) -> tuple[list[Tension], int]:
        """One page of the tensest rolled-up dyads and how many are ranked, as graph.tension.rank_dyads gives them
        on the projection (of ``provenance``'s evidence alone, when given). NotFound naming an unknown actor."""
        ...

    def allies(self, key: str, depth: int = 1, min_confidence: float = 0.0) -> list[Ally]:
        """``key``'s allies within ``depth`` alliance hops, as graph.alliances.allies finds them on the projection."""
        ...

    def blocs(self, method: BlocMethod = "components", min_size: int = 2, min_confidence: float = 0.0,
              budget: Budget = UNLIMITED) -> list[list[str]]:
        """Alliance blocs, largest first, as graph.alliances.blocs finds them on the projection."""
        ...

    def common_enemies(self, actor: str | None = None, budget: Budget = UNLIMITED) -> list[Triad]:
        """"Enemy of my enemy" triads, as graph.alliances.common_enemies finds them on the projection."""
        ...

    def relations(self, flt: RelationFilter, limit: int = 50, offset: int = 0, evidence_limit: int = 20) -> Page:
        """Relations matching the filter, each with its evidence (newest first), as RelationRecords."""
        ...

    def neighbours(self, key: str, direction: Direction = "both", types: frozenset[RelationType] | None = None) -> list[str]:
        """Keys of actors one edge away from ``key``."""
        ...

    def subgraph(self, center: str | None, depth: int = 1, types: frozenset[RelationType] | None = None, *,
                 provenance: str | None = None, budget: Budget = UNLIMITED,
                 max_nodes: int | None = None) -> nx.MultiDiGraph:
        """The actors within ``depth`` relations of ``center`` (either direction; every actor when None) and the
        relations of ``types`` among them, as graph.export.neighbourhood gives them from the projection (of
        ``provenance``'s evidence alone, when given): nodes and edges with the projection's attributes, events
        included. NotFound naming an unknown center; LimitExceeded when it has more than ``max_nodes`` actors."""
        ...

    def get_article(self, article_id: str) -> Article:
        ...

    def list_articles(self, limit: int = 50, offset: int = 0) -> Page:
        ...

    def stats(self) -> Stats:
        ...

    def projection(self) -> nx.MultiDiGraph:
        """A networkx MultiDiGraph of the whole graph, kept current: nodes are actor keys (kind, name,
        state), edges are keyed by relation type and carry count, first_seen, last_seen, confidence and
        ``events``, a list of (published date, confidence) per piece of evidence. Treat it as read-only."""
        ...

    def reading(self, provenance: str | None = None) -> AbstractContextManager[nx.MultiDiGraph]:
        """``with store.reading() as g:`` the projection, unchanged by writes until the block ends; the
        analysis functions (paths, alliances, tension) run inside such a block. With ``provenance``
        (one of PROVENANCES) the projection of that provenance's evidence alone: every actor, the relations
        with such evidence, their figures and events from it."""
        ...

    def curate(self, step, *args) -> object:
        """Run one step of graph.curation (delete_article, reject_relation, merge_actor, undo) atomically,
        recorded in the audit log; the projection follows. Returns the AuditEntry."""
        ...

    def audit_log(self, limit: int = 50, offset: int = 0) -> Page:
        """The audit log, newest entry first (AuditEntry items)."""
        ...

    def redirect(self, key: str) -> str | None:
        """The key an actor merged away now stands for; None when ``key`` was not merged away."""
        ...

    def ping(self) -> None:
        """Raise StoreUnavailable when the store cannot be reached."""
        ...

    def close(self) -> None:
        ...
