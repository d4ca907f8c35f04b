"""Alliances over the networkx projection: an actor's allies (and allies of allies), alliance blocs, and
"enemy of my enemy" triads.

ALLIED_WITH is symmetric (stored once, source < target), so alliances are read as an undirected graph.
Membership of an alliance or bloc (MEMBER_OF, "Poland is a member of NATO") counts too: the organisation
is a node of the alliance graph, so its members are allies of allies through it and share its bloc.

>>> import networkx as nx
>>> g = nx.MultiDiGraph()
>>> for u, v in [("AZE", "TUR"), ("PAK", "TUR"), ("ARM", "FRA")]:
...     _ = g.add_edge(u, v, key="ALLIED_WITH", confidence=0.8)
>>> [(a.key, a.depth, a.via) for a in allies(g, "AZE", depth=2)]
[('TUR', 1, ()), ('PAK', 2, ('TUR',))]
>>> blocs(g)
[['AZE', 'PAK', 'TUR'], ['ARM', 'FRA']]
>>> for state in ("POL", "EST"):
...     _ = g.add_edge(state, "organization:nato", key="MEMBER_OF", confidence=0.9)
>>> [(a.key, a.via) for a in allies(g, "POL", depth=2)]
[('organization:nato', ()), ('EST', ('organization:nato',))]
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

import networkx as nx

from graph.budget import UNLIMITED, Budget
from graph.errors import InvalidInput, NotFound
from graph.snapshot import Change, Graph, carried, per_generation
from graph.tension import HOSTILE, rollup

ALLIANCE = "ALLIED_WITH"
MEMBERSHIP = "MEMBER_OF"
BlocMethod = Literal["components", "cliques"]
FRIENDLY = frozenset({"ALLIED_WITH", "COOPERATES_WITH", "SUPPORTS", "ARMS", "MEMBER_OF"})


def alliance_edges(g: nx.MultiDiGraph) -> dict[tuple[str, str, str], float]:
    """Every ALLIED_WITH and MEMBER_OF edge with its confidence: an index kept on a store's snapshot and
    carried to the next by each write (so an alliance query reads the few alliance edges, not every edge)."""
    return per_generation(g, "_alliance_edges", lambda: {
        (u, v, k): data.get("confidence", 0.0) for u, v, k, data in g.edges(keys=True, data=True)
        if k in (ALLIANCE, MEMBERSHIP)})


@carried("_alliance_edges")
def _carry_alliance_edges(old: dict, name: str, g: nx.MultiDiGraph, change: Change) -> dict | None:
    if change.whole:
        return None  # built again by its next reader
    assert change.edges is not None
    grown = [(u, v, k) for u, v, k in change.edges if k in (ALLIANCE, MEMBERSHIP)]
    if not grown:
        return old
    edges = dict(old)
    for u, v, k in grown:
        edges[(u, v, k)] = g._adj[u][v][k].get("confidence", 0.0)
    return edges


def alliance_graph(g: nx.MultiDiGraph, min_confidence: float = 0.0) -> nx.Graph:
    """The undirected graph of ALLIED_WITH and MEMBER_OF edges with at least ``min_confidence`` (the best
    of the two when a pair has both)."""
    out = Graph()
    for (u, v, _), conf in sorted(alliance_edges(g).items()):
        if conf >= min_confidence:
            if not out.has_edge(u, v) or out[u][v]["confidence"] < conf:
                out.add_edge(u, v, confidence=conf)
    return out


@dataclass(frozen=True, slots=True)
class Ally:
    key: str
    depth: int  # 1 for a direct ally, 2 for an ally of an ally, ...
    via: tuple[str, ...]  # the allies in between, nearest to the asked actor first
    confidence: float  # product of the alliance confidences along the way


def allies(g: nx.MultiDiGraph, key: str, depth: int = 1, min_confidence: float = 0.0) -> list[Ally]:
    """Actors allied with ``key`` within ``depth`` alliance hops, nearest first, then most confident.
    Each is reached by its most confident shortest chain."""
    if key not in g:
        raise NotFound(f"no actor with key {key!r}")
    if depth < 1:
        raise InvalidInput(f"depth must be at least 1, got {depth}")
    ag = alliance_graph(g, min_confidence)
    if key not in ag:
        return []
    best: dict[str, Ally] = {}
    frontier = {key: Ally(key, 0, (), 1.0)}
    for level in range(1, depth + 1):
        nxt: dict[str, Ally] = {}
        for node, reached in frontier.items():
            via = reached.via + ((node,) if level > 1 else ())
            for other, data in ag[node].items():
                if other == key or other in best:
                    continue
                cand = Ally(other, level, via, reached.confidence * data["confidence"])
                if other not in nxt or cand.confidence > nxt[other].confidence:
                    nxt[other] = cand
        best.update(nxt)
        frontier = nxt
        if not frontier:
            break
    return sorted(best.values(), key=lambda a: (a.depth, -a.confidence, a.key))


def blocs(g: nx.MultiDiGraph, method: BlocMethod = "components", min_size: int = 2,
          min_confidence: float = 0.0, budget: Budget = UNLIMITED) -> list[list[str]]:
    """Alliance blocs, largest first: connected components of the alliance graph, or its maximal cliques
    (every member allied with every other) with ``method="cliques"``. Members are sorted."""
    budget.check()  # the query starts: its clock with it
    ag = alliance_graph(g, min_confidence)
    if method == "components":
        groups = nx.connected_components(ag)
    elif method == "cliques":
        groups = nx.find_cliques(ag)
    else:
        raise InvalidInput(f"method {method!r}; expected components or cliques")
    found = []
    for group in groups:  # cliques can be many: the budget bounds the enumeration
        budget.check()
        if len(group) >= min_size:
            found.append(sorted(group))
    return sorted(found, key=lambda b: (-len(b), b))


@dataclass(frozen=True, slots=True)
class Triad:
    a: str
    b: str
    enemy: str  # the third actor both are hostile to
    a_types: tuple[str, ...]  # how a is hostile to the enemy
    b_types: tuple[str, ...]
    friendly: bool  # a and b already ally, cooperate, support or arm each other (either way)
    hostile: bool  # a and b are themselves hostile to each other (either way)


def common_enemies(g: nx.MultiDiGraph, actor: str | None = None, budget: Budget = UNLIMITED) -> list[Triad]:
    """"Enemy of my enemy" triads: pairs of actors hostile (ACCUSES, THREATENS, ATTACKS, SANCTIONS,
    OPPOSES, OCCUPIES, DENIES) to the same third actor, after rolling officers and ministries up to their
    state. ``actor`` keeps the triads where it is one of the pair. Pairs not yet friendly come first."""
    budget.check()  # the query starts: its clock with it
    if actor is not None and actor not in g:
        raise NotFound(f"no actor with key {actor!r}")
    return triads(((rollup(g, u), k, rollup(g, v)) for u, v, k in g.edges(keys=True)), actor, budget)


def triads(ties: Iterable[tuple[str, str, str]], actor: str | None = None, budget: Budget = UNLIMITED) -> list[Triad]:
    """The triads of :func:`common_enemies` from the relations as (source, type, target) with officers and
    ministries already rolled up (a store can send them so, without the graph); a relation within one actor
    counts for nothing."""
    against: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))  # enemy → actor → types
    between_pairs: dict[frozenset[str], set[str]] = defaultdict(set)  # pair → relation types between them
    for ru, k, rv in ties:
        if ru == rv:
            continue
        between_pairs[frozenset((ru, rv))].add(k)
        if k in HOSTILE:
            against[rv][ru].add(k)
    found = []
    for enemy, foes in against.items():
        budget.check()
        if actor is None:
            names = sorted(foes)
            pairs: Iterable[tuple[str, str]] = ((a, b) for i, a in enumerate(names) for b in names[i + 1:])
        elif actor in foes:  # only the actor's own pairs: as many as its enemy's foes, not their square
            pairs = ((actor, b) if actor < b else (b, actor) for b in foes if b != actor)
        else:
            continue
        for a, b in pairs:
            between = between_pairs.get(frozenset((a, b)), set())
            found.append(Triad(a, b, enemy, tuple(sorted(foes[a])), tuple(sorted(foes[b])),
                               friendly=bool(between & FRIENDLY), hostile=bool(between & HOSTILE)))
    return sorted(found, key=lambda t: (t.friendly, t.hostile, t.enemy, t.a, t.b))
