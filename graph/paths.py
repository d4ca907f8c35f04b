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
from itertools import islice

import networkx as nx

from graph.budget import UNLIMITED, Budget
from graph.errors import NotFound
from graph.model import SYMMETRIC_TYPES
from graph.projected import per_generation

SYMMETRIC = frozenset(t.value for t in SYMMETRIC_TYPES)


@dataclass(frozen=True, slots=True)
class PathStep:
    source: str  # the stored edge's source
    type: str
    target: str  # the stored edge's target
    forward: bool  # True when the path walks the edge from source to target
    confidence: float


def _collapse(g: nx.MultiDiGraph, types: set[str] | None, directed: bool, budget: Budget) -> nx.DiGraph | nx.Graph:
    """One edge per actor pair: the most confident allowed relation (ties: the type first in the alphabet
    loses, so the choice is stable); weight 1 per hop. Directed, symmetric types run both ways."""
    simple: nx.DiGraph | nx.Graph = nx.DiGraph() if directed else nx.Graph()
    simple.add_nodes_from(g.nodes)
    for n, (u, v, k, data) in enumerate(g.edges(keys=True, data=True)):
        if n % 4096 == 0:
            budget.check()
        if types is not None and k not in types:
            continue
        conf = data.get("confidence", 0.0)
        step = PathStep(u, k, v, True, conf)
        ways = [(u, v), (v, u)] if directed and k in SYMMETRIC else [(u, v)]  # an alliance goes both ways
        for a, b in ways:
            old = simple.get_edge_data(a, b)
            if old is None or (old["step"].confidence, old["step"].type) < (conf, k):
                simple.add_edge(a, b, step=step)
    return simple


CACHED_VIEWS = 4  # collapsed graphs kept per projection generation (one per types/directed asked for)


def _collapsed(g: nx.MultiDiGraph, types: set[str] | None, directed: bool, budget: Budget) -> nx.DiGraph | nx.Graph:
    """:func:`_collapse`, kept on the graph until the store's next write changes its generation (building it
    reads every edge, which costs more than the path search itself on a large graph)."""
    views: OrderedDict = per_generation(g, "_collapsed", OrderedDict)
    key = (frozenset(types) if types is not None else None, directed)
    if key not in views:
        views[key] = _collapse(g, types, directed, budget)
        if len(views) > CACHED_VIEWS:
            views.popitem(last=False)  # the oldest view asked for
    return views[key]


def k_shortest_paths(g: nx.MultiDiGraph, source: str, target: str, k: int = 3, max_hops: int = 4,
                     types: set[str] | None = None, directed: bool = False,
                     budget: Budget = UNLIMITED) -> list[list[PathStep]]:
    """Up to ``k`` shortest simple paths from ``source`` to ``target`` of at most ``max_hops`` edges.

    Undirected by default (a path may walk an edge against its direction; ``forward`` says which way).
    Raises NotFound naming an actor that is not in the graph, LimitExceeded when ``budget`` runs out. Cost: Yen's algorithm,
    O(k · n · (m + n log n)) on the collapsed graph.
    """
    for node in (source, target):
        if node not in g:
            raise NotFound(f"no actor with key {node!r}")
    if source == target:
        return []
    simple = _collapsed(g, types, directed, budget)
    paths: list[list[PathStep]] = []
    try:
        for nodes in islice(nx.shortest_simple_paths(simple, source, target), k):
            budget.check()
            if len(nodes) - 1 > max_hops:
                break
            steps = []
            for a, b in zip(nodes, nodes[1:], strict=False):
                step = simple.edges[a, b]["step"]
                steps.append(PathStep(step.source, step.type, step.target, step.source == a, step.confidence))
            paths.append(steps)
    except nx.NetworkXNoPath:
        return []
    return paths
