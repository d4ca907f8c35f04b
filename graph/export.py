"""Subgraphs for dashboards and other tools: node-link JSON, Cytoscape.js elements and GraphML.

The formats come from networkx's own writers; this module only prepares a graph whose attributes are
plain scalars (dates as ISO strings, no event lists, no nulls), which all three formats accept. Every edge
says ``symmetric`` (true for ALLIED_WITH and COOPERATES_WITH, which have no direction: their pair is stored
in key order), as the API's relation answers do, so that a tool drawing the graph does not read a direction
into them.

>>> import datetime as dt, networkx as nx
>>> g = nx.MultiDiGraph()
>>> g.add_node("IRN", kind="State", name="Iran", state=None)
>>> g.add_node("AZE", kind="State", name="Azerbaijan", state=None)
>>> _ = g.add_edge("IRN", "AZE", key="ACCUSES", count=2, confidence=0.9,
...                events=[(dt.date(2024, 1, 5), 0.8), (dt.date(2024, 3, 1), 0.5)])
>>> flat = window(g, since=dt.date(2024, 2, 1))
>>> flat.edges["IRN", "AZE", "ACCUSES"]["count"], flat.edges["IRN", "AZE", "ACCUSES"]["first_seen"]
(1, '2024-03-01')
>>> edge = node_link(flat)["edges"][0]
>>> edge["type"], edge["symmetric"]
('ACCUSES', False)
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable, Iterator
from typing import Any

import networkx as nx

from graph.budget import UNLIMITED, Budget
from graph.errors import LimitExceeded
from graph.model import SYMMETRIC_TYPES
from graph.snapshot import MultiDiGraph

SYMMETRIC = frozenset(t.value for t in SYMMETRIC_TYPES)


def neighbourhood(g: nx.MultiDiGraph, center: str | None, depth: int = 1, types: set[str] | None = None,
                  budget: Budget = UNLIMITED, max_nodes: int | None = None) -> nx.MultiDiGraph:
    """Actors within ``depth`` edges of ``center`` in either direction (every actor when ``center`` is None),
    and the edges among them of the allowed ``types``, as a new graph (sharing the edges' events). With
    ``max_nodes``, LimitExceeded as soon as the walk finds more actors: nothing larger is built.

    >>> g = nx.MultiDiGraph()
    >>> for u, v in [("A", "B"), ("B", "C"), ("C", "D")]:
    ...     _ = g.add_edge(u, v, key="ACCUSES", confidence=0.9, events=[(dt.date(2024, 1, 1), 0.9)])
    >>> sorted(neighbourhood(g, "B", 1, max_nodes=3).edges)
    [('A', 'B', 'ACCUSES'), ('B', 'C', 'ACCUSES')]
    >>> neighbourhood(g, "B", 2, max_nodes=3)
    Traceback (most recent call last):
    ...
    graph.errors.LimitExceeded: graph nodes exceeds the limit of 3
    """
    budget.check()  # the query starts: its clock with it
    seen = _reach(g, center, depth, types, max_nodes, budget)
    sub = MultiDiGraph()
    sub.add_nodes_from((n, g.nodes[n]) for n in seen)
    for n, u in enumerate(seen):  # one pass over the edges that leave the actors found
        if n % 256 == 0:
            budget.check()
        for v, keydict in g._adj[u].items():
            if v in seen:
                for k, data in keydict.items():
                    if types is None or k in types:
                        sub.add_edge(u, v, key=k, **data)
    return sub


def _reach(g: nx.MultiDiGraph, center: str | None, depth: int, types: set[str] | None, max_nodes: int | None,
           budget: Budget) -> dict[str, None]:
    """The actors within ``depth`` edges of ``center`` either way (every actor when None), in the order found;
    LimitExceeded as soon as they pass ``max_nodes``."""
    if center is None:
        if max_nodes is not None and len(g) > max_nodes:
            raise LimitExceeded("graph nodes", max_nodes, len(g))
        return dict.fromkeys(g)
    seen, frontier = {center: None}, [center]
    for _ in range(max(depth, 0)):
        nxt = []
        for node in frontier:
            budget.check()
            for adjacency in (g._adj[node], g._pred[node]):
                for other, keydict in adjacency.items():
                    if other not in seen and (types is None or any(k in types for k in keydict)):
                        seen[other] = None
                        nxt.append(other)
                        if max_nodes is not None and len(seen) > max_nodes:
                            raise LimitExceeded("graph nodes", max_nodes)  # the walk stops: more are not counted
        frontier = nxt
        if not frontier:
            break
    return seen


def window(g: nx.MultiDiGraph, since: dt.date | None = None, until: dt.date | None = None,
           min_confidence: float = 0.0, max_edges: int | None = None) -> nx.MultiDiGraph:
    """A copy of ``g`` with scalar attributes only, keeping the edges with evidence in [since, until]; each
    kept edge's count, first_seen and last_seen are those of the evidence in the window. Nodes all stay. With
    ``max_edges``, LimitExceeded as soon as more edges are kept (before the answer is built further)."""
    out = MultiDiGraph()
    for node, data in g.nodes(data=True):
        out.add_node(node, **{k: v for k, v in data.items() if v is not None and not k.startswith("_")})
    kept = 0
    for u, v, key, data in g.edges(keys=True, data=True):
        if data.get("confidence", 0.0) < min_confidence:
            continue
        days = [day for day, _ in data.get("events", ()) if (since is None or day >= since)
                and (until is None or day <= until)]
        if not days and (since or until or data.get("events")):
            continue
        kept += 1
        if max_edges is not None and kept > max_edges:
            raise LimitExceeded("graph edges", max_edges)
        attrs: dict[str, Any] = {"type": key, "symmetric": key in SYMMETRIC,
                                 "count": len(days) if days else data.get("count", 0),
                                 "confidence": round(float(data.get("confidence", 0.0)), 4)}
        if days:
            attrs["first_seen"], attrs["last_seen"] = min(days).isoformat(), max(days).isoformat()
        out.add_edge(u, v, key=key, **attrs)
    return out


def node_link(g: nx.MultiDiGraph) -> dict:
    """networkx node-link JSON (``nodes``, ``edges``; each edge with source, target, key = type)."""
    return nx.node_link_data(g, edges="edges")


def cytoscape(g: nx.MultiDiGraph) -> dict:
    """Cytoscape.js JSON: ``elements.nodes`` and ``elements.edges``, each ``{"data": {...}}``; edges get an
    ``id`` (``source|TYPE|target``) so Cytoscape can tell parallel edges apart."""
    data = nx.cytoscape_data(g)
    for edge in data["elements"]["edges"]:
        d = edge["data"]
        d["id"] = f"{d['source']}|{d['key']}|{d['target']}"
    return data


STREAM_CHUNK = 64 * 1024  # characters per piece of a streamed answer


def node_link_stream(g: nx.MultiDiGraph) -> Iterator[bytes]:
    """:func:`node_link` as compact UTF-8 JSON, made and handed out a piece at a time (the API streams it): the
    answer is never held whole, as a dict or as text."""
    def pieces() -> Iterator[str]:
        yield f'{{"directed":{_json(g.is_directed())},"multigraph":true,"graph":{_json(g.graph)},"nodes":['
        yield from _items({**data, "id": n} for n, data in g.nodes(data=True))
        yield '],"edges":['
        yield from _items({**d, "source": u, "target": v, "key": k} for u, v, k, d in g.edges(keys=True, data=True))
        yield "]}"
    return _chunked(pieces())


def cytoscape_stream(g: nx.MultiDiGraph) -> Iterator[bytes]:
    """:func:`cytoscape` as compact UTF-8 JSON, a piece at a time."""
    def pieces() -> Iterator[str]:
        yield (f'{{"data":{_json(list(g.graph.items()))},"directed":{_json(g.is_directed())},"multigraph":true,'
               '"elements":{"nodes":[')
        yield from _items({"data": {**data, "id": data.get("id") or str(n), "value": n,
                                    "name": data.get("name") or str(n)}} for n, data in g.nodes(data=True))
        yield '],"edges":['
        yield from _items({"data": {**d, "source": u, "target": v, "key": k, "id": f"{u}|{k}|{v}"}}
                          for u, v, k, d in g.edges(keys=True, data=True))
        yield "]}}"
    return _chunked(pieces())


def _json(value: Any) -> str:
    """JSON as the API's JSON responses write it (starlette's JSONResponse)."""
    return json.dumps(value, ensure_ascii=False, allow_nan=False, separators=(",", ":"))


def _items(items: Iterable[Any]) -> Iterator[str]:
    """The members of a JSON array, comma-separated."""
    for n, item in enumerate(items):
        yield ("," if n else "") + _json(item)


def _chunked(pieces: Iterable[str]) -> Iterator[bytes]:
    """Pieces of text gathered into chunks of about STREAM_CHUNK characters, encoded."""
    held: list[str] = []
    size = 0
    for piece in pieces:
        held.append(piece)
        size += len(piece)
        if size >= STREAM_CHUNK:
            yield "".join(held).encode("utf-8")
            held, size = [], 0
    if held:
        yield "".join(held).encode("utf-8")


_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(value):
    r"""A string with the characters XML 1.0 cannot hold (NUL, form feed, other C0 controls, lone surrogates)
    shown as U+FFFD; other values unchanged.

    >>> xml_text("Kim\x00Jong\x0cUn") == "Kim\ufffdJong\ufffdUn"
    True
    """
    return _NOT_XML.sub("\ufffd", value) if isinstance(value, str) else value


def graphml(g: nx.MultiDiGraph) -> str:
    """GraphML text (for Gephi, yEd, Cytoscape desktop); edge ids are ``source|TYPE|target``. Always
    well-formed: characters XML cannot hold are shown as U+FFFD."""
    h = MultiDiGraph()
    for node, data in g.nodes(data=True):
        h.add_node(xml_text(node), **{k: xml_text(v) for k, v in data.items()})
    for u, v, key, data in g.edges(keys=True, data=True):
        h.add_edge(xml_text(u), xml_text(v), key=xml_text(f"{u}|{key}|{v}"),
                   **{k: xml_text(v) for k, v in data.items()})
    return "\n".join(nx.generate_graphml(h, named_key_ids=True)) + "\n"
