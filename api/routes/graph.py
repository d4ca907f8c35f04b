"""Subgraphs for dashboards: node-link JSON, Cytoscape.js elements, GraphML."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from fastapi import APIRouter, Query
from fastapi.responses import Response, StreamingResponse

from api.deps import BudgetDep, ProvenanceQuery, SettingsDep, StoreDep
from graph import export
from graph.model import relation_type

router = APIRouter(tags=["graph"])

EXAMPLE = {"directed": True, "multigraph": True, "graph": {},
           "nodes": [{"id": "IRN", "kind": "State", "name": "Iran"}, {"id": "AZE", "kind": "State", "name": "Azerbaijan"}],
           "edges": [{"source": "IRN", "target": "AZE", "key": "ACCUSES", "type": "ACCUSES", "symmetric": False, "count": 2,
                      "confidence": 0.98, "first_seen": "2024-01-15", "last_seen": "2024-01-15"}]}


@router.get("/graph", summary="A subgraph as node-link JSON, Cytoscape.js elements or GraphML",
            description="Example: `/graph?center=AZE&depth=2&format=cytoscape`. Without `center`, the whole graph "
                        "(up to the server's node limit). "
                        "Past the node or edge limit (TENSIONGRAPH_MAX_GRAPH_NODES, _EDGES), 422 naming it. "
                        "Edges keep the evidence in [since, until]; their count and "
                        "first/last seen are those of that evidence; `symmetric` is true on ALLIED_WITH and COOPERATES_WITH, "
                        "which have no direction (their pair is in key order). With `provenance` (`text`, `gdelt`, ...), "
                        "only edges with evidence of that provenance, their figures from it alone.",
            responses={200: {"content": {"application/json": {"example": EXAMPLE}, "application/graphml+xml": {}}},
                       404: {"description": "no such actor"}, 422: {"description": "the subgraph is too large"}})
def subgraph(store: StoreDep, settings: SettingsDep, budget: BudgetDep,
             center: Annotated[str | None, Query(max_length=200, description="actor key")] = None,
             depth: Annotated[int, Query(ge=0, le=6)] = 1,
             types: Annotated[list[str] | None, Query(description="relation types (repeatable)")] = None,
             since: dt.date | None = None, until: dt.date | None = None,
             min_confidence: Annotated[float, Query(ge=0, le=1)] = 0.0,
             format: Literal["node-link", "cytoscape", "graphml"] = "node-link", provenance: ProvenanceQuery = None):
    wanted = frozenset(relation_type(t) for t in types) if types else None
    sub = store.subgraph(center, depth, wanted, provenance=provenance, budget=budget,
                         max_nodes=settings.max_graph_nodes)
    flat = export.window(sub, since=since, until=until, min_confidence=min_confidence,
                         max_edges=settings.max_graph_edges)
    if format == "graphml":
        return Response(export.graphml(flat), media_type="application/graphml+xml")
    # the JSON is written a piece at a time as it is sent: the answer is never held whole
    pieces = export.cytoscape_stream(flat) if format == "cytoscape" else export.node_link_stream(flat)
    return StreamingResponse(pieces, media_type="application/json")
