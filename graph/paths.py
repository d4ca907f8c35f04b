"""Paths between actors over the networkx projection.

>>> import networkx as nx
>>> g = nx.MultiDiGraph()
>>> _ = g.add_edge("IRN", "AZE", key="ACCUSES", confidence=0.9)
>>> _ = g.add_edge("ISR", "AZE", key="ARMS", confidence=0.8)
>>> [[(e.source, e.type, e.target, e.forward) for e in p] for p in k_shortest_paths(g, "IRN", "ISR")]
[[('IRN', 'ACCUSES', 'AZE', True), ('ISR', 'ARMS', 'AZE', False)]]
>>> k_shortest_paths(g, "IRN", "ISR", directed=True)
[]
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass

import networkx as nx

from graph.budget import UNLIMITED, Budget
from graph.errors import NotFound
from graph.model import SYMMETRIC_TYPES
from graph.snapshot import Change, DiGraph, Fork, Graph, carried, gc_paused, per_generation, single_flight

SYMMETRIC = frozenset(t.value for t in SYMMETRIC_TYPES)


@dataclass(frozen=True, slots=True)
class PathStep:
    source: str  # the stored edge's source
    type: str
    target: str  # the stored edge's target
    forward: bool  # True when the path walks the edge from source to target
    confidence: float


def step_rank(step: PathStep) -> tuple[float, str, str, str]:
    """Which of a pair's relations its collapsed edge keeps: the most confident, then the type last in the
    alphabet, then by source and target (a stable choice, the same whichever edge was seen first)."""
    return step.confidence, step.type, step.source, step.target


# A collapsed graph's edge keeps its relation as (confidence, type, source, target): step_rank's order, and a
# tuple of atoms, which Python's cyclic collector stops tracking (a PathStep per pair kept hundreds of thousands
# of objects in every full collection's walk at 1M rows)
Step = tuple[float, str, str, str]


def _collapse(g: nx.MultiDiGraph, types: set[str] | None, directed: bool, budget: Budget) -> nx.DiGraph | nx.Graph:
    """One edge per actor pair: the most confident allowed relation (see step_rank); weight 1 per hop. Directed,
    symmetric types run both ways."""
    simple: nx.DiGraph | nx.Graph = DiGraph() if directed else Graph()
    simple.add_nodes_from(g.nodes)
    for n, (u, v, k, data) in enumerate(g.edges(keys=True, data=True)):
        if n % 4096 == 0:
            budget.check()
        if types is not None and k not in types:
            continue
        step = (data.get("confidence", 0.0), k, u, v)
        ways = [(u, v), (v, u)] if directed and k in SYMMETRIC else [(u, v)]  # an alliance goes both ways
        for a, b in ways:
            old = simple.get_edge_data(a, b)
            if old is None or old["step"] < step:
                simple.add_edge(a, b, step=step)
    return simple


def _best(g: nx.MultiDiGraph, a: str, b: str, types: frozenset[str] | None, directed: bool) -> Step | None:
    """The step the collapsed graph has from ``a`` to ``b``: what _collapse keeps of their relations."""
    steps = []
    for u, v in ((a, b), (b, a)):
        for k, data in g._adj.get(u, {}).get(v, {}).items():
            if (types is None or k in types) and (not directed or (u, v) == (a, b) or k in SYMMETRIC):
                steps.append((data.get("confidence", 0.0), k, u, v))
    return max(steps, default=None)


def _carry_view(view: nx.Graph, key: tuple, g: nx.MultiDiGraph, change: Change) -> nx.Graph:
    """The collapsed graph ``view`` of the last snapshot, for the snapshot ``g`` after ``change``: only the
    pairs of the changed edges are chosen again (a fork of the view, which readers of the last one keep)."""
    types, directed = key
    if change.whole:
        return _collapse(g, None if types is None else set(types), directed, UNLIMITED)
    fork = Fork(view)
    for node in change.added:
        fork.put_node(node, {})
    assert change.edges is not None
    for u, v, k in change.edges:
        if types is not None and k not in types:
            continue
        for a, b in [(u, v), (v, u)] if directed and k in SYMMETRIC else [(u, v)]:
            step = _best(g, a, b, types, directed)
            if step is not None:
                fork.put_edge(a, b, None, {"step": step})
    return fork.graph


@carried("_collapsed")
def _carry_views(views: OrderedDict, name: str, g: nx.MultiDiGraph, change: Change) -> OrderedDict:
    return OrderedDict((key, _carry_view(view, key, g, change)) for key, view in views.items())


CACHED_VIEWS = 4  # collapsed graphs kept per snapshot (one per types/directed asked for)


def _collapsed(g: nx.MultiDiGraph, types: set[str] | None, directed: bool, budget: Budget) -> nx.DiGraph | nx.Graph:
    """:func:`_collapse`, kept on the snapshot and carried to the next one by each write (building it reads
    every edge, which costs more than the path search itself on a large graph). Concurrent readers never
    change a kept set of views: a new one is a copy with the view added."""
    views: OrderedDict = per_generation(g, "_collapsed", OrderedDict)
    key = (frozenset(types) if types is not None else None, directed)
    if key not in views:
        with single_flight(g, ("_collapsed", key)):
            views = per_generation(g, "_collapsed", OrderedDict)
            if key in views:  # built by the reader that held the lock before
                return views[key]
            with gc_paused(freeze=True):  # many small objects, no garbage (graph.snapshot.gc_paused)
                view = _collapse(g, types, directed, budget)
            views = OrderedDict(views)
            views[key] = view
            if len(views) > CACHED_VIEWS:
                views.popitem(last=False)  # the oldest view asked for
            if "generation" in g.graph:
                g.graph["_collapsed"] = (g.graph["generation"], views)
    return views[key]


def k_shortest_paths(g: nx.MultiDiGraph, source: str, target: str, k: int = 3, max_hops: int = 4,
                     types: set[str] | None = None, directed: bool = False,
                     budget: Budget = UNLIMITED) -> list[list[PathStep]]:
    """Up to ``k`` shortest simple paths from ``source`` to ``target`` of at most ``max_hops`` edges, fewest
    hops first and, among paths of as many hops, by their actors' keys in order (so that every store gives
    the same paths in the same order: the Neo4j store asks Cypher for them in that order).

    Undirected by default (a path may walk an edge against its direction; ``forward`` says which way).
    Raises NotFound naming an actor that is not in the graph, LimitExceeded when ``budget`` runs out. Cost: a
    breadth-first search from ``target``, then a depth-first walk that steps only to actors close enough to
    it (on shortest paths it never backtracks).
    """
    budget.check()  # the query starts: its clock with it
    for node in (source, target):
        if node not in g:
            raise NotFound(f"no actor with key {node!r}")
    if source == target:
        return []
    simple = _collapsed(g, types, directed, budget)
    paths: list[list[PathStep]] = []
    for nodes in ordered_paths(simple, source, target, k, max_hops, budget):
        steps = []
        for a, b in zip(nodes, nodes[1:], strict=False):
            confidence, rtype, u, v = simple.edges[a, b]["step"]
            steps.append(PathStep(u, rtype, v, u == a, confidence))
        paths.append(steps)
    return paths


def ordered_paths(simple: nx.DiGraph | nx.Graph, source: str, target: str, k: int, max_hops: int,
                  budget: Budget = UNLIMITED) -> list[list[str]]:
    """The first ``k`` simple paths (lists of actors) of at most ``max_hops`` hops, by hops, then by keys.

    >>> g = nx.Graph([("A", "C"), ("C", "Z"), ("A", "B"), ("B", "Z"), ("A", "Z")])
    >>> ordered_paths(g, "A", "Z", 3, 4)
    [['A', 'Z'], ['A', 'B', 'Z'], ['A', 'C', 'Z']]
    """
    back = simple.predecessors if simple.is_directed() else simple.neighbors  # type: ignore[union-attr]
    dist = {target: 0}  # hops from each actor to target: every actor within ``depth`` hops of it
    frontier, depth = [target], 0

    def deepen(to: int) -> None:
        """Breadth-first from target, one whole ring at a time, until every actor within ``to`` hops is in dist.
        Only as deep as the walk needs: a ring past a hub's reaches nearly every edge of the graph (the rings to
        max_hops were most of a /paths answer's time at 1M rows, bench/README.md)."""
        nonlocal frontier, depth
        while depth < to and frontier:
            budget.check()
            depth += 1
            reached = []
            for v in frontier:
                for u in back(v):
                    if u not in dist:
                        dist[u] = depth
                        reached.append(u)
            frontier = reached

    while source not in dist and depth < max_hops and frontier:
        deepen(depth + 1)
    found: list[list[str]] = []
    if source not in dist:
        return found

    for hops in range(dist[source], max_hops + 1):
        if len(found) >= k:
            break
        deepen(hops - 1)  # the walk steps only to actors it knows to be within reach of target
        _walk(simple, [source], hops, target, dist, k, max_hops, found, budget)
    return found


def _walk(simple: nx.DiGraph | nx.Graph, path: list[str], left: int, target: str, dist: dict[str, int], k: int,
          max_hops: int, found: list[list[str]], budget: Budget) -> None:
    """ordered_paths' depth-first walk: extend ``path`` by ``left`` more hops to ``target``, stepping only to
    actors within reach of it, in key order, until ``k`` paths are found. (A function of its own: a nested one
    calling itself is a reference cycle through its closure, which kept ``simple``, a snapshot's index, alive
    until the cyclic collector ran.)"""
    budget.check()
    here = path[-1]
    if left == 0:
        if here == target:
            found.append(list(path))
        return
    for nxt in sorted(simple[here]):
        if len(found) >= k:
            return
        if nxt not in path and dist.get(nxt, max_hops + 1) <= left - 1 and (nxt != target or left == 1):
            path.append(nxt)
            _walk(simple, path, left - 1, target, dist, k, max_hops, found, budget)
            path.pop()
