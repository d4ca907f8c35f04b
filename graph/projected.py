"""What stores that keep a networkx projection in memory share: the projection's upkeep and every read
served from it (actors, search, neighbours, subgraphs, names for cross-article matching).

A subclass keeps the durable truth (SQLite, Neo4j), calls :meth:`_reset_projection`, :meth:`_put_actor`
and :meth:`_put_edge` to mirror it, :meth:`_publish` once a write is committed, and implements
:meth:`_refresh` to notice writes of other processes.

Readers never wait for a writer or for each other: they take the projection as last published, a snapshot
that no write changes (graph.snapshot). The writer edits a copy-on-write fork of it under the store's lock and
publishes the fork when its write is committed, with the analysis indexes (collapsed path graphs, the tension
ranking) carried over and updated for what the write changed; a reader that started before keeps its own.
"""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
import json
import threading
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from typing import TYPE_CHECKING

import networkx as nx

from graph import alliances, model, paths, resolve, tension
from graph.budget import UNLIMITED, Budget
from graph.coded import CodedEvent, ImportResult
from graph.errors import Conflict, InvalidInput, NotFound
from graph.export import neighbourhood
from graph.model import Actor, ActorKind, Extraction, RelationRecord, RelationType
from graph.snapshot import Change, Fork, MultiDiGraph, carried, carry_indexes, gc_paused, per_generation
from graph.store import ActorQuery, Direction, IngestResult, Page, RelationFilter

if TYPE_CHECKING:
    from graph.alliances import Ally, BlocMethod, Triad
    from graph.paths import PathStep
    from graph.tension import Bucket, Point, Tension

LEARNER = "tensiongraph"  # the "who" of the merges the store makes itself (an officer's state learned later)


@carried("_names")
def _carry_names(old: resolve.NameIndex, name: str, g: nx.MultiDiGraph, change: Change) -> resolve.NameIndex | None:
    """The name index of the last snapshot, with the names a write gave actors (a new projection: None, built
    by its next reader)."""
    return None if change.whole else old.extended(change.named) if change.named else old


def _provenance_edge(data: dict, events: tuple[tuple[dt.date, float], ...]) -> dict:
    """An edge of a provenance's view: the projection's edge ``data`` with the figures and events of that
    provenance's reports alone."""
    f = model.figures(events)
    return {**data, "count": f.count, "first_seen": f.first_seen, "last_seen": f.last_seen, "confidence": f.confidence,
            "events": events}


def _grown_view(view: nx.MultiDiGraph, g: nx.MultiDiGraph, found: dict, grown: dict, change: Change) -> nx.MultiDiGraph:
    """The view of one provenance (ProjectedStore._provenance_view) of the last snapshot, for the snapshot ``g``
    after ``change``: a fork of it with the actors the write added and, for each relation that gained reports of
    the provenance (``grown``; ``found``: all of them now), its figures from them; the view's indexes carried
    over for that change."""
    fork = Fork(view, generation=g.graph["generation"], provenance=view.graph["provenance"])
    for node in change.added:
        fork.put_node(node, dict(g._node[node]))
    appended = {}
    for key, reports in grown.items():
        source, rtype, target = key
        data = g._adj.get(source, {}).get(target, {}).get(rtype)
        if data is None:  # rejected: not in the projection
            continue
        fork.put_edge(source, target, rtype, _provenance_edge(data, found[key]))
        appended[(source, target, rtype)] = sorted(reports)
    carry_indexes(view, fork.graph, Change(fork.changed, fork.added or [], appended, change.named))
    return fork.graph


class ProjectedStore:
    _lock: threading.RLock
    _graph: nx.MultiDiGraph
    _aliases: dict[str, set[str]]
    _by_scope: dict[tuple[str, str | None], set[str]]  # (kind, state or organization) → keys
    _known: resolve.KnownNames  # every actor's names, indexed for matching new actors (resolve)

    def close(self) -> None:
        raise NotImplementedError

    def __enter__(self):
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _reset_projection(self) -> None:
        """Start the projection from nothing (a full load follows, then _publish); readers keep the published one
        meanwhile."""
        if not hasattr(self, "_view"):
            self._generations = itertools.count(1)
            self._view: tuple[nx.MultiDiGraph, dict[str, set[str]]] = (MultiDiGraph(generation=0), {})
        self._fork: Fork | None = Fork(None, MultiDiGraph, generation=next(self._generations))
        self._appended: dict[tuple[str, str, str], list] = {}
        self._named: list[tuple[str, str]] = []
        self._thawed: list[dict] = []  # edges of the fork whose events are a list while it writes (_put_edge)
        self._graph = self._fork.graph
        self._aliases = {}
        self._by_scope = {}
        self._known = resolve.KnownNames()
        self._moved: dict[str, str] = {}  # old key of a merged actor → the key it was merged into

    def _own(self) -> Fork:
        """The writer's fork of the published projection, made by its first change after a publish (call with
        the lock held). ``self._graph`` is the writer's graph: the fork while there is one."""
        if self._fork is None:
            self._fork = Fork(self._view[0], generation=next(self._generations))
            self._appended, self._named, self._thawed = {}, [], []
            self._graph = self._fork.graph
        return self._fork

    def _touch(self) -> None:
        """Mark the projection changed (new aliases): the next publish makes a new snapshot, whose name index is
        built afresh."""
        self._own()

    def _publish(self) -> None:
        """Hand the writer's changes to readers (call with the lock held, once they are committed): the fork
        becomes the snapshot new reads get, with the indexes of the last snapshot carried over (see
        graph.snapshot.carry_indexes)."""
        fork = self._fork
        if fork is None:
            return
        for data in self._thawed:
            data["events"] = tuple(data["events"])
        old = self._view[0]
        change = Change(fork.changed, fork.added or [], self._appended, self._named)
        with gc_paused(freeze=True):  # the carried indexes are many new objects and no garbage (graph.snapshot.gc_paused)
            carry_indexes(old, fork.graph, change)
            self._carry_provenances(old, fork.graph, change)
        self._view = (fork.graph, self._aliases)
        self._fork = None
        self._appended, self._named, self._thawed = {}, [], []

    def _snapshot(self) -> nx.MultiDiGraph:
        """The projection as last published. When no writer holds the lock, writes of other processes are
        noticed first (_refresh); while a write goes on, the snapshot from before it answers: a reader never
        waits for a writer."""
        if self._lock.acquire(blocking=False):
            try:
                self._refresh()
                self._publish()
            finally:
                self._lock.release()
        return self._view[0]

    def _refresh(self, force: bool = False) -> None:
        """Bring the projection up to date with writes made elsewhere (another process)."""
        raise NotImplementedError

    def _put_actor(self, key: str, kind: str, name: str, state: str | None, organization: str | None,
                   country: str | None, aliases: Iterable[str] = ()) -> None:
        fork = self._own()
        if key not in fork.graph and fork.changed is not None:
            self._named.append((key, name))
        fork.put_node(key, dict(kind=kind, name=name, state=state, organization=organization, country=country))
        self._by_scope.setdefault((kind, state or organization), set()).add(key)
        self._known.add(key, kind, state or organization, [name])
        self._add_aliases(key, aliases)

    def _add_aliases(self, key: str, aliases: Iterable[str]) -> None:
        """More names of a stored actor: kept for display and search, and indexed for matching. (The alias sets
        are shared with published snapshots: they only grow, so a reader may see a name a little early.)"""
        new = {a for a in aliases if a}
        known = self._aliases.setdefault(key, set())
        if new - known and self._own().changed is not None:  # a change: the next snapshot's name index has them
            name = self._graph.nodes[key]["name"]
            self._named += [(key, a) for a in sorted(new - known) if a != name]
        known.update(new)
        self._known.add(key, *self._known_scope(key), new)

    def _known_scope(self, key: str) -> tuple[str, str | None]:
        data = self._graph.nodes[key]
        return data["kind"], data.get("state") or data.get("organization")

    def _put_edge(self, source: str, rtype: str, target: str, *, count: int, first_seen: dt.date | None,
                  last_seen: dt.date | None, confidence: float, events: list[tuple[dt.date, float]],
                  append: bool = False, **extra) -> None:
        """Set one edge; with ``append`` the events are added to the ones the edge already has (in date order,
        in the fork's copy of the edge: a busy edge gathers thousands of events, copied once per write, not
        once per article). A published edge's events are a tuple of (day, confidence) tuples: containers of
        atoms only, which Python's cyclic collector stops tracking, so that a full collection does not walk
        the projection's hundreds of thousands of edges (an event list kept every edge, its dict and the
        dicts above it in the collector's view: 1.2 s per full collection at 1M rows, bench/README.md)."""
        fork = self._own()
        old = fork.edge(source, target, rtype) if append else None
        if old is not None:
            mine = old["events"]
            if isinstance(mine, tuple):  # a published edge's: a list of the fork's own, a tuple again at _publish
                mine = old["events"] = list(mine)
                self._thawed.append(old)
            for event in events:
                bisect.insort(mine, event)
            old.update(count=count, first_seen=first_seen, last_seen=last_seen, confidence=confidence, **extra)
        else:
            if fork.changed is not None and target in fork.graph._adj.get(source, {}) \
                    and rtype in fork.graph._adj[source][target]:
                fork.changed = None  # an edge replaced, not grown: indexes are rebuilt, not updated
            fork.put_edge(source, target, rtype, dict(type=rtype, count=count, first_seen=first_seen,
                                                       last_seen=last_seen, confidence=confidence,
                                                       events=tuple(sorted(events)), **extra))
        if fork.changed is not None:
            self._appended.setdefault((source, target, rtype), []).extend(events)

    def import_events(self, events: Sequence[CodedEvent]) -> ImportResult:
        """Coded events through ``upsert_many`` (each its own article); stores with a bulk path override this."""
        total = ImportResult()
        for result in self.upsert_many([e.extraction() for e in events]):  # type: ignore[attr-defined]
            if isinstance(result, InvalidInput):
                raise result
            if result.stored:
                total.stored += 1
                total.new_actors += result.new_actors
                total.new_relations += result.new_relations
                total.new_evidence += result.new_evidence
            else:
                total.skipped += 1
        return total

    def upsert_many(self, extractions: Sequence[Extraction]) -> list[IngestResult | InvalidInput]:
        """One upsert after another; stores with a faster bulk path override this."""
        out: list[IngestResult | InvalidInput] = []
        for extraction in extractions:
            try:
                out.append(self.upsert(extraction))  # type: ignore[attr-defined]
            except InvalidInput as exc:
                out.append(exc)
        return out

    def _renames(self, actors: list[Actor]) -> dict[str, str]:
        """New actor key → stored key: merged-away keys go where they were merged, the rest are matched
        against the known actors by name (graph.resolve)."""
        rename = resolve.match_known_actors(actors, self._known)
        for actor in actors:
            if actor.key in self._moved:
                rename[actor.key] = self._moved[actor.key]
        return rename

    def _stateless_namesakes(self, actors: list[Actor], rename: dict[str, str]) -> list[tuple[str, str, str]]:
        """(stored key, key, state) for each officer stored without a state whom an officer of a state in this
        article turns out to be (graph.resolve.stateless_namesakes); call before the article is written."""
        found = []
        for actor in actors:
            if actor.kind is ActorKind.OFFICER and actor.state:
                key = rename.get(actor.key, actor.key)
                found += [(old, key, actor.state)
                          for old in resolve.stateless_namesakes(key, (actor.name, *actor.aliases), self._known)]
        return found

    def _learn_states(self, article_id: str, learned: list[tuple[str, str, str]]) -> None:
        """Merge each officer stored without a state into the officer of a state he turned out to be, once the
        article that says so is stored: curation's merge (relations, evidence, aliases and the officers of an
        organisation follow; the old key redirects), recorded in the audit log as done by ``tensiongraph`` with
        the article as reason, so an analyst sees it and can undo it."""
        from graph import curation

        for old, new, state in learned:
            try:
                self.curate(curation.merge_actor, old, new, LEARNER,  # type: ignore[attr-defined]
                            f"article {article_id!r} names this officer as an officer of {state}")
            except (Conflict, NotFound):
                continue  # merged away already (by an earlier officer of the same batch or another process)

    def _redirected(self, actors: list[Actor], rename: dict[str, str]) -> str | None:
        """What the redirects of merged actors did to this article's actors, kept with the article (JSON text:
        old key -> {"new": key, "shared": whether the article also named the new actor itself}), so that
        undoing the merge can give the old actor back what later articles said of him (graph.curation.undo)."""
        moved = {a.key: self._moved[a.key] for a in actors if a.key in self._moved}
        if not moved:
            return None
        direct = {rename.get(a.key, a.key) for a in actors if a.key not in self._moved}
        return json.dumps({old: {"new": new, "shared": new in direct} for old, new in sorted(moved.items())})

    def projection(self) -> nx.MultiDiGraph:
        return self._snapshot()

    @contextmanager
    def reading(self, provenance: str | None = None) -> Iterator[nx.MultiDiGraph]:
        """The projection as published when the block starts, unchanged by writes until it ends (a snapshot:
        writes go on meanwhile). With ``provenance``, the projection of that provenance's evidence alone (see
        _provenance_view)."""
        provenance = model.check_provenance(provenance)
        g = self._snapshot()
        # an analysis makes many objects for its answer and no cyclic garbage: with the collector running, its
        # objects alive meanwhile were walked by full collections again and again (the collector's threshold is
        # a quarter of what it sees, little beside the frozen projection): 120-135 ms each at 1M rows in
        # common enemies and subgraphs, 968 ms at 10M. Reference counting frees them when it is done.
        with gc_paused():
            yield g if provenance is None else self._provenance_view(g, provenance)

    # ------------------------------------------------------------------ one provenance

    def _new_reports(self, provenances: set[str]) -> dict[str, dict[tuple[str, str, str], list[tuple[dt.date, float]]]] | None:
        """The reports of each of ``provenances`` that the writes since the last publish added, by (source, type,
        target), or None when the store cannot tell (the indexes of a provenance are then built again by their
        next reader). Called once per publish: what it returns is no longer new after."""
        return None

    def _carry_provenances(self, old: nx.MultiDiGraph, new: nx.MultiDiGraph, change: Change) -> None:
        """Give the next snapshot ``new`` the reports and the view of each provenance that ``old`` had, grown by
        what the write added (_new_reports), with the view's own indexes carried over (ranking, collapsed path
        graphs): a write no longer makes the next provenance-filtered read rebuild them (65 s at 10M rows).
        Writes only add articles between two full loads (a curation loads it all), so a provenance's reports
        only grow."""
        generation = old.graph.get("generation")
        kept = {name[1] for name, hit in old.graph.items()
                if isinstance(name, tuple) and name[0] == "_reports" and hit[0] == generation}
        added = self._new_reports(set() if change.whole else kept)
        if change.whole or not kept or added is None:
            return
        for provenance in kept:
            found = old.graph[("_reports", provenance)][1]
            grown = added.get(provenance, {})
            if grown:
                found = dict(found)
                for key, reports in grown.items():
                    found[key] = tuple(sorted((*found.get(key, ()), *reports)))
            new.graph[("_reports", provenance)] = (new.graph["generation"], found)
            view = old.graph.get(("_provenance", provenance))
            if view is not None and view[0] == generation:
                new.graph[("_provenance", provenance)] = (new.graph["generation"],
                                                         _grown_view(view[1], new, found, grown, change))

    def _provenance_reports(self, provenance: str) -> dict[tuple[str, str, str], tuple[tuple[dt.date, float], ...]]:
        """The reports (graph.model.reports) of every relation, rejected ones too, from the evidence of this
        provenance alone, by (source, type, target); read from the durable store."""
        raise NotImplementedError

    def _reports_of(self, g: nx.MultiDiGraph, provenance: str
                    ) -> dict[tuple[str, str, str], tuple[tuple[dt.date, float], ...]]:
        """_provenance_reports, read once per snapshot ``g``."""
        return per_generation(g, ("_reports", provenance), lambda: self._provenance_reports(provenance))

    def warm(self, g: nx.MultiDiGraph | None = None, half_life_days: float = 180.0,
             provenances: Iterable[str] = ()) -> None:
        """Build the indexes the read routes use on the snapshot ``g`` (the current one): the name index
        (search), the collapsed graph of the default path query, the newest evidence's day and the ranking with
        ``half_life_days`` (top tension), the alliance edges; then the view of each of ``provenances``. Each is
        built once per snapshot (graph.snapshot.per_generation) and carried over later writes, so a reader
        that needs one while it is built here waits for this build (single_flight) instead of making another.
        What EmbeddedStore runs in the background after a full load (``warm_half_life``): at 10M rows the
        first top-20 after a start took 17 s, the first path 8.7 s, the first under a provenance 48 s."""
        g = self._snapshot() if g is None else g
        self._name_index(g)
        paths._collapsed(g, None, False, UNLIMITED)
        tension.newest_evidence(g)
        tension._ranking(g, half_life_days, UNLIMITED)
        alliances.alliance_edges(g)
        for provenance in provenances:
            self._provenance_view(g, provenance)

    def _provenance_view(self, g: nx.MultiDiGraph, provenance: str) -> nx.MultiDiGraph:
        """Every actor of the snapshot ``g``, and the relations with evidence of this provenance with the figures
        and events of that evidence alone: what paths, tension and subgraphs see under a provenance filter.
        Built once per snapshot and kept on it."""
        def build() -> nx.MultiDiGraph:
            found = self._reports_of(g, provenance)
            view = MultiDiGraph(generation=g.graph["generation"], provenance=provenance)
            view.add_nodes_from(g.nodes(data=True))
            for u, v, k, data in g.edges(keys=True, data=True):
                events = found.get((u, k, v))
                if events:
                    view.add_edge(u, v, key=k, **_provenance_edge(data, events))
            return view

        return per_generation(g, ("_provenance", provenance), build)

    def _stored_relations(self, flt: RelationFilter, limit: int, offset: int, evidence_limit: int) -> Page:
        """The store's own listing (GraphStore.relations) for filters without a provenance."""
        raise NotImplementedError

    def relations(self, flt: RelationFilter, limit: int = 50, offset: int = 0, evidence_limit: int = 20) -> Page:
        """GraphStore.relations. Under a provenance filter the store lists every matching relation, and each
        gets the figures of that provenance's reports, by which min_confidence and the order (last seen first,
        then source, type and target) go; only the page's relations then read their evidence."""
        if flt.provenance is None:
            return self._stored_relations(flt, limit, offset, evidence_limit)
        with gc_paused():  # every relation's record is made, and dropped (see reading)
            return self._provenance_relations(flt, flt.provenance, limit, offset, evidence_limit)

    def _provenance_relations(self, flt: RelationFilter, provenance: str, limit: int, offset: int,
                              evidence_limit: int) -> Page:
        every = self._stored_relations(replace(flt, min_confidence=0.0), limit=2**31 - 1, offset=0, evidence_limit=0)
        found = self._reports_of(self._snapshot(), provenance)
        records = []
        for r in every.items:
            f = model.figures(found.get(r.key, []))
            if f.count and f.confidence >= flt.min_confidence:
                records.append(RelationRecord(r.source, r.type, r.target, f.count, f.first_seen, f.last_seen,
                                              f.confidence, rejected=r.rejected))
        records.sort(key=lambda r: (r.source, r.type.value, r.target))  # ties as the stores order them
        records.sort(key=lambda r: r.last_seen or dt.date.min, reverse=True)
        page = records[offset:offset + limit]
        if evidence_limit > 0:
            for r in page:
                one = replace(flt, source=r.source, target=r.target, actor=None, types=frozenset({r.type}),
                              min_confidence=0.0, include_rejected=True, provenance=flt.provenance)
                listed = self._stored_relations(one, 1, 0, evidence_limit).items
                r.evidence = listed[0].evidence if listed else []
        return Page(items=page, total=len(records), offset=offset, limit=limit)


    def get_actor(self, key: str) -> Actor:
        g = self._snapshot()
        if key not in g:
            raise NotFound(f"no actor with key {key!r}")
        return self._actor(g, key)

    def _actor(self, g: nx.MultiDiGraph, key: str) -> Actor:
        data = g.nodes[key]
        aliases = sorted(self._view[1].get(key, set()) - {data["name"]})
        return Actor(key=key, kind=ActorKind(data["kind"]), name=data["name"], aliases=aliases,
                     state=data.get("state"), organization=data.get("organization"), country=data.get("country"))

    def actors(self, keys: Iterable[str]) -> dict[str, Actor]:
        """GraphStore.actors."""
        g = self._snapshot()
        return {k: self._actor(g, k) for k in keys if k in g}

    def relation_counts(self, key: str) -> tuple[dict[str, int], dict[str, int]]:
        """GraphStore.relation_counts."""
        g = self._snapshot()
        if key not in g:
            raise NotFound(f"no actor with key {key!r}")
        out = Counter(k for _, _, k in g.out_edges(key, keys=True))
        inc = Counter(k for _, _, k in g.in_edges(key, keys=True))
        return dict(out), dict(inc)

    def paths(self, source: str, target: str, *, k: int = 3, max_hops: int = 4, types: set[str] | None = None,
              directed: bool = False, provenance: str | None = None, budget: Budget = UNLIMITED) -> list[list[PathStep]]:
        """GraphStore.paths, on the projection (of one provenance's evidence, with ``provenance``)."""
        from graph.paths import k_shortest_paths  # graph.paths keeps its caches with per_generation, from here

        with self.reading(provenance) as g:
            return k_shortest_paths(g, source, target, k=k, max_hops=max_hops, types=types, directed=directed,
                                    budget=budget)

    def tension(self, a: str, b: str, *, since: dt.date | None = None, until: dt.date | None = None,
                as_of: dt.date | None = None, half_life_days: float = 180.0, bucket: Bucket = "month",
                max_points: int = 5000, provenance: str | None = None) -> tuple[Tension, list[Point]]:
        """GraphStore.tension, on the projection (of one provenance's evidence, with ``provenance``)."""
        from graph import tension

        with self.reading(provenance) as g:
            return tension.score_and_series(g, a, b, since=since, until=until, as_of=as_of,
                                            half_life_days=half_life_days, bucket=bucket, max_points=max_points)

    def rank_dyads(self, *, since: dt.date | None = None, until: dt.date | None = None, as_of: dt.date | None = None,
                   half_life_days: float = 180.0, offset: int = 0, limit: int = 20, actor: str | None = None,
                   hostile_only: bool = True, provenance: str | None = None,
                   budget: Budget = UNLIMITED) -> tuple[list[Tension], int]:
        """GraphStore.rank_dyads, on the projection (of one provenance's evidence, with ``provenance``)."""
        from graph import tension

        with self.reading(provenance) as g:
            return tension.rank_dyads(g, since=since, until=until, as_of=as_of, half_life_days=half_life_days,
                                      offset=offset, limit=limit, actor=actor, hostile_only=hostile_only, budget=budget)

    def allies(self, key: str, depth: int = 1, min_confidence: float = 0.0) -> list[Ally]:
        """GraphStore.allies, on the projection."""
        from graph import alliances  # graph.alliances reads graph.tension, which keeps caches with per_generation

        with self.reading() as g:
            return alliances.allies(g, key, depth=depth, min_confidence=min_confidence)

    def blocs(self, method: BlocMethod = "components", min_size: int = 2, min_confidence: float = 0.0,
              budget: Budget = UNLIMITED) -> list[list[str]]:
        """GraphStore.blocs, on the projection."""
        from graph import alliances

        with self.reading() as g:
            return alliances.blocs(g, method=method, min_size=min_size, min_confidence=min_confidence, budget=budget)

    def common_enemies(self, actor: str | None = None, budget: Budget = UNLIMITED) -> list[Triad]:
        """GraphStore.common_enemies, on the projection."""
        from graph import alliances

        with self.reading() as g:
            return alliances.common_enemies(g, actor, budget=budget)

    def _name_index(self, g: nx.MultiDiGraph) -> resolve.NameIndex:
        """Every actor's names, normalised once per snapshot (and carried to the next by each write,
        _carry_names)."""
        aliases = self._view[1]
        return per_generation(g, "_names", lambda: resolve.NameIndex(
            {k: aliases.get(k, set()) | {g.nodes[k]["name"]} for k in g}))

    def search_actors(self, query: ActorQuery, limit: int = 50, offset: int = 0) -> Page:
        g = self._snapshot()
        filtered = query.kind is not None or query.state is not None

        def wanted() -> list[str]:
            return [key for key, data in g.nodes(data=True)
                    if (query.kind is None or data["kind"] == query.kind.value)
                    and (query.state is None or data.get("state") == query.state or key == query.state)]

        if query.q:  # every actor is a candidate unless a filter says otherwise: no list of them all per search
            ranked = self._name_index(g).rank(query.q, allowed=set(wanted()) if filtered else None)
            keys = [k for k, _ in ranked]
        else:
            keys = sorted(wanted(), key=lambda k: (g.nodes[k]["name"].lower(), k))
        items = [self._actor(g, k) for k in keys[offset:offset + limit]]
        return Page(items=items, total=len(keys), offset=offset, limit=limit)


    def neighbours(self, key: str, direction: Direction = "both", types: frozenset[RelationType] | None = None) -> list[str]:
        g = self._snapshot()
        if key not in g:
            raise NotFound(f"no actor with key {key!r}")
        wanted = None if types is None else {t.value for t in types}
        found: set[str] = set()
        if direction in ("out", "both"):
            found |= {v for _, v, k in g.out_edges(key, keys=True) if wanted is None or k in wanted}
        if direction in ("in", "both"):
            found |= {u for u, _, k in g.in_edges(key, keys=True) if wanted is None or k in wanted}
        return sorted(found)

    def subgraph(self, center: str | None, depth: int = 1, types: frozenset[RelationType] | None = None, *,
                 provenance: str | None = None, budget: Budget = UNLIMITED,
                 max_nodes: int | None = None) -> nx.MultiDiGraph:
        """GraphStore.subgraph, from the projection (of one provenance's evidence, with ``provenance``). Its
        edges share their events with the snapshot, which no write changes."""
        with self.reading(provenance) as g:
            if center is not None and center not in g:
                raise NotFound(f"no actor with key {center!r}")
            return neighbourhood(g, center, depth, None if types is None else {t.value for t in types},
                                 budget=budget, max_nodes=max_nodes)  # stops as soon as it passes max_nodes
