"""Copy-on-write forks of networkx graphs: how a store's writer changes its projection while readers keep
the snapshot they started on.

A published graph is never changed again. A writer forks it (:class:`Fork`): the fork shares every node's
attributes, adjacency and edge data with the published graph and copies only what it changes (the outer
dicts, O(actors); the adjacency of the nodes it touches; the edges it sets), so a write costs what it changes
and not the size of the graph, and a reader holding the old graph sees it as it was.

>>> g = nx.MultiDiGraph()
>>> _ = g.add_edge("IRN", "AZE", key="ACCUSES", events=[1])
>>> f = Fork(g)
>>> f.edge("IRN", "AZE", "ACCUSES")["events"].append(2)
>>> f.put_node("TUR", {"kind": "State"})
>>> g.edges["IRN", "AZE", "ACCUSES"]["events"], "TUR" in g
([1], False)
>>> f.graph.edges["IRN", "AZE", "ACCUSES"]["events"], "TUR" in f.graph, sorted(f.changed)
([1, 2], True, [('IRN', 'AZE', 'ACCUSES')])
"""

from __future__ import annotations

import functools
import gc
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, TypeVar

import networkx as nx

T = TypeVar("T")

_NX = TypeVar("_NX", bound=type[nx.Graph])


# tracked objects (dicts, lists, ...) an index build may leave before they are frozen (gc_paused(freeze=True))
FREEZE_OVER = 50_000

_pause_lock = threading.Lock()
_pausers = 0  # blocks in gc_paused, in any thread
_resume = False  # whether the collector ran before the first of them


@contextmanager
def gc_paused(freeze: bool = False) -> Iterator[None]:
    """Python's cyclic garbage collector paused for a block that makes many objects and no cyclic garbage (a
    write batch; an index built for a snapshot): each full collection would walk the whole projection for
    nothing (the import was 1.5 times slower with it, bench/import_gdelt.py; ingest at 1M rows, about a quarter
    slower once writes fork the projection). Reference counting still frees what the block drops. Blocks of
    several threads may overlap: the collector runs again when the last of them ends (it ran again when the
    first ended, in the middle of the others: full collections of 290-440 ms at 1M rows beside an import), and
    what they left alive, when many, is frozen first (below): overlapping blocks of 32 clients and an importing
    thread kept it paused for long, and the young collection after it walked all their writes' objects (474 ms).

    With ``freeze`` (an index built for a snapshot, a write, an analysis route's answer), when the block left
    more than FREEZE_OVER new tracked objects, they leave the collector's view (gc.freeze), as the loaded
    projection does (graph.embedded): otherwise the first collection after the block walks them all at once,
    a pause that grows with the graph (85 ms after the first path query at 1M rows; the full collections of
    2 s at 10M came while the first queries built their indexes; 276-591 ms after each commit a server followed
    beside `tensiongraph import` at 1M). A snapshot and its indexes hold no reference cycle, so what is frozen
    is still freed by reference counting once a write supersedes it. What freezing costs: cyclic garbage that
    waits for a collection at that moment (other requests' frames) is kept until the next full load unfreezes
    everything; bench/run.py counts it at the end of its run (5,391-5,734 objects at 1M rows, 1,769 at 10M,
    after a run of writes and imports beside the clients)."""
    global _pausers, _resume
    with _pause_lock:
        if _pausers == 0:
            _resume = gc.isenabled()
            gc.disable()
        _pausers += 1
    before = gc.get_count()[0]  # counts tracked objects made less those freed, with the collector paused
    try:
        yield
    finally:
        with _pause_lock:
            _pausers -= 1
            young = gc.get_count()[0]
            if (freeze and young - before > FREEZE_OVER) or (_pausers == 0 and young > FREEZE_OVER):
                gc.freeze()
            if _pausers == 0 and _resume:
                gc.enable()


def _acyclic(cls: _NX) -> _NX:
    """``cls`` with networkx's cached edge and degree views made plain properties. A cached view refers back to
    its graph: a reference cycle, which only the cyclic collector frees, and a snapshot frozen out of its sight
    (gc.freeze after a full load, graph.embedded) would never be freed once a write supersedes it. The node and
    adjacency views refer to the graph's dicts only and stay cached."""
    for name in ("edges", "in_edges", "out_edges", "degree", "in_degree", "out_degree"):
        view = getattr(cls, name, None)
        if isinstance(view, functools.cached_property):
            setattr(cls, name, property(view.func))
    return cls


@_acyclic
class MultiDiGraph(nx.MultiDiGraph):
    """A store's projection: a networkx multigraph that a dropped snapshot leaves no reference cycle of."""


@_acyclic
class DiGraph(nx.DiGraph):
    """An index graph of a snapshot (directed), without reference cycles (see MultiDiGraph)."""


@_acyclic
class Graph(nx.Graph):
    """An index graph of a snapshot, without reference cycles (see MultiDiGraph)."""


class Fork:
    """Edits of ``base`` made on a new graph of its class that shares what is not edited. ``changed`` holds the
    edges set or edited, as (u, v, key) (key None on a simple graph), and ``added`` the nodes new to the graph;
    both are None for a graph built from nothing (``base`` None: every part is the fork's own)."""

    def __init__(self, base: nx.Graph | None, cls: type[nx.Graph] = nx.MultiDiGraph, **attrs: Any) -> None:
        g = (cls if base is None else base.__class__)()
        g.graph.update(attrs)
        self.directed, self.multi = g.is_directed(), g.is_multigraph()
        self.built = base is None
        if base is not None:
            g._node = dict(base._node)
            g._adj = dict(base._adj)  # also _succ on a directed graph
            if self.directed:
                g._pred = dict(base._pred)
        self.graph = g
        self._own_adj: set = set()
        self._own_pred: set = set()
        self._own_pairs: set = set()
        self._own_edges: set = set()
        self.changed: set[tuple[Any, Any, Any]] | None = None if self.built else set()
        self.added: list | None = None if self.built else []

    def put_node(self, n: Any, attrs: dict) -> None:
        """Add ``n`` with ``attrs``, or give it these attributes (a new dict: the old one stays the snapshot's)."""
        g = self.graph
        if n in g._node:
            g._node[n] = {**g._node[n], **attrs}
            return
        g._node[n] = dict(attrs)
        g._adj[n] = {}
        self._own_adj.add(n)
        if self.directed:
            g._pred[n] = {}
            self._own_pred.add(n)
        if self.added is not None:
            self.added.append(n)

    def _adjacency(self, u: Any, v: Any) -> tuple[dict, dict]:
        """The fork's own dicts of u's successors and v's predecessors (v's neighbours when undirected)."""
        g = self.graph
        for n in (u, v):
            if n not in g._node:
                self.put_node(n, {})
        if not self.built and u not in self._own_adj:
            g._adj[u] = dict(g._adj[u])
            self._own_adj.add(u)
        if self.directed:
            if not self.built and v not in self._own_pred:
                g._pred[v] = dict(g._pred[v])
                self._own_pred.add(v)
            return g._adj[u], g._pred[v]
        if not self.built and v not in self._own_adj:
            g._adj[v] = dict(g._adj[v])
            self._own_adj.add(v)
        return g._adj[u], g._adj[v]

    def _keydict(self, u: Any, v: Any) -> dict:
        """The fork's own dict of the (u, v) edges by key (multigraphs)."""
        out, into = self._adjacency(u, v)
        pair = (u, v) if self.directed else frozenset((u, v))
        if self.built or pair in self._own_pairs:
            keydict = out.get(v)
            if keydict is None:
                keydict = out[v] = into[u] = {}
            return keydict
        keydict = dict(out.get(v, {}))
        out[v] = into[u] = keydict
        self._own_pairs.add(pair)
        return keydict

    def put_edge(self, u: Any, v: Any, key: Any, data: dict) -> None:
        """Set the edge (u, v, key) (key None on a simple graph) to ``data``, which becomes the fork's."""
        if self.multi:
            self._keydict(u, v)[key] = data
        else:
            out, into = self._adjacency(u, v)
            out[v] = into[u] = data
        self._mark(u, v, key)

    def edge(self, u: Any, v: Any, key: Any = None) -> dict | None:
        """The data of the edge (u, v, key), the fork's own copy to edit in place (its list values copied too:
        the events an edit appends to), or None when there is no such edge."""
        g = self.graph
        if u not in g._adj or v not in g._adj[u] or (self.multi and key not in g._adj[u][v]):
            return None
        if not self.built and (u, v, key) not in self._own_edges:
            old = g._adj[u][v][key] if self.multi else g._adj[u][v]
            data = {k: list(x) if isinstance(x, list) else x for k, x in old.items()}
            if self.multi:
                self._keydict(u, v)[key] = data
            else:
                out, into = self._adjacency(u, v)
                out[v] = into[u] = data
            self._own_edges.add((u, v, key))
        self._mark(u, v, key)
        return g._adj[u][v][key] if self.multi else g._adj[u][v]

    def _mark(self, u: Any, v: Any, key: Any) -> None:
        if not self.built:
            self._own_edges.add((u, v, key))
        if self.changed is not None:
            self.changed.add((u, v, key))


def per_generation(g: nx.MultiDiGraph, name: str | tuple, build: Callable[[], T]) -> T:
    """``build()``, kept on the graph for its generation (a store's published projection: one per write, see
    graph.projected); built afresh on every call for a graph that is not a store's projection. Readers of one
    snapshot that need it at the same time wait for one build (single_flight)."""
    generation = g.graph.get("generation")
    if generation is None:
        return build()
    hit = g.graph.get(name)
    if hit is None or hit[0] != generation:
        with single_flight(g, name):
            hit = g.graph.get(name)
            if hit is None or hit[0] != generation:  # not built by the reader that held the lock before
                with gc_paused(freeze=True):  # an index is many small objects and no garbage (see gc_paused)
                    hit = g.graph[name] = (generation, build())
    return hit[1]


def single_flight(g: nx.Graph, name: Any) -> threading.RLock:
    """The lock held while the index ``name`` of the snapshot ``g`` is built, kept on the graph object (it goes
    with it). Concurrent first readers wait for one build instead of each making a whole index: 8 clients
    asking for paths after a start built 8 collapsed graphs at once, each as slow as the 8 shared the
    cores, and as large. Reentrant: a build that needs its own index again builds it, as before. A build that
    fails (its time budget) releases it; the next reader builds it then."""
    locks = g.__dict__.setdefault("_single_flight", {})  # setdefault: one winner among threads
    return locks.setdefault(name, threading.RLock())


@dataclass(slots=True)
class Change:
    """What a write changed between two snapshots: the edges set or edited, (u, v, key); the nodes added; the
    events appended to each edge (all of a new edge's); the (actor, name) pairs new to the actors' names.
    ``edges`` None: everything (a projection built anew)."""
    edges: set[tuple[str, str, str]] | None
    added: list[str]
    appended: dict[tuple[str, str, str], list]
    named: list[tuple[str, str]]

    @property
    def whole(self) -> bool:
        return self.edges is None


# name (or the first part of a tuple name) of a per_generation index -> how the next snapshot gets it from the
# last one: carry(old index, name, new graph, change) -> the new index, or None to leave it to its next reader
Carrier = Callable[[Any, Any, nx.MultiDiGraph, Change], Any]
CARRIERS: dict[str, Carrier] = {}


def carried(name: str) -> Callable[[Carrier], Carrier]:
    """Register how the per_generation index ``name`` follows a write (graph.paths, graph.tension do)."""
    def register(carry: Carrier) -> Carrier:
        CARRIERS[name] = carry
        return carry

    return register


def carry_indexes(old: nx.MultiDiGraph, new: nx.MultiDiGraph, change: Change) -> None:
    """Give ``new`` (the next snapshot) the indexes ``old`` had, each updated for ``change`` by its carrier (a
    projection built anew: rebuilt), so that the first query after a write does not build them from nothing.
    Indexes without a carrier are left to be built by their next reader."""
    generation = new.graph["generation"]
    for name, hit in list(old.graph.items()):
        carry = CARRIERS.get(name[0] if isinstance(name, tuple) else name)
        if carry is None or not isinstance(hit, tuple) or hit[0] != old.graph.get("generation"):
            continue
        value = carry(hit[1], name, new, change)
        if value is not None:
            new.graph[name] = (generation, value)
