"""Relations with their evidence, and paths between actors."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Query

from api.deps import BudgetDep, PagingDep, ProvenanceQuery, SettingsDep, StoreDep
from api.models import EvidenceOut, ModelResponse, Page, PathEdge, PathOut, RelationOut, refs
from graph.errors import LimitExceeded
from graph.model import SYMMETRIC_TYPES, relation_type
from graph.store import RelationFilter

router = APIRouter(tags=["relations"])


@router.get("/relations", response_model=Page[RelationOut], summary="Relations with their evidence",
            description="Example: `/relations?source=IRN&type=ACCUSES&since=2023-01-01`. With `provenance` "
                        "(`text`, `gdelt`, ...) only relations with evidence of that provenance, with that evidence "
                        "and the count, first/last seen and confidence it alone gives.")
def list_relations(store: StoreDep, paging: PagingDep,
                   source: str | None = None, target: str | None = None,
                   type: Annotated[list[str] | None, Query(description="relation types (repeatable)")] = None,
                   since: dt.date | None = None, until: dt.date | None = None,
                   min_confidence: Annotated[float, Query(ge=0, le=1)] = 0.0, provenance: ProvenanceQuery = None):
    flt = RelationFilter(source=source, target=target, types=frozenset(type) if type else None, since=since,
                         until=until, min_confidence=min_confidence, provenance=provenance)
    page = store.relations(flt, limit=paging.limit, offset=paging.offset)
    return ModelResponse(Page[RelationOut].of(page, RelationOut.of))


@router.get("/paths", response_model=Page[PathOut], summary="The k shortest paths between two actors",
            description="Example: `/paths?from=IRN&to=ISR&max_hops=3&k=3`. Each edge carries its type, the "
                        "direction it is walked in, and its best evidence. Unknown actor → 404; no path → no items. "
                        "The page holds all k paths (`limit` = k). With `provenance`, only edges with evidence "
                        "of that provenance, weighed by it.",
            responses={404: {"description": "an actor is unknown"}})
def paths(store: StoreDep, settings: SettingsDep, budget: BudgetDep,
          from_: Annotated[str, Query(alias="from", description="actor key")],
          to: Annotated[str, Query(description="actor key")],
          max_hops: Annotated[int, Query(ge=1)] = 4, k: Annotated[int, Query(ge=1)] = 3,
          types: Annotated[list[str] | None, Query(description="allowed relation types (repeatable)")] = None,
          directed: bool = False, provenance: ProvenanceQuery = None):
    if max_hops > settings.max_hops:
        raise LimitExceeded("max_hops", settings.max_hops, max_hops)
    if k > settings.max_paths:
        raise LimitExceeded("k", settings.max_paths, k)
    allowed = {relation_type(t).value for t in types} if types else None
    found = store.paths(from_, to, k=k, max_hops=max_hops, types=allowed, directed=directed, provenance=provenance,
                        budget=budget)
    out = []
    for steps in found:
        edges = []
        for s in steps:
            best = store.relations(RelationFilter(source=s.source, target=s.target, types=frozenset({s.type}),
                                                  provenance=provenance), limit=1, evidence_limit=1).items
            ev = best[0].evidence[0] if best and best[0].evidence else None
            edges.append(PathEdge(source=s.source, type=s.type, target=s.target,
                                  symmetric=relation_type(s.type) in SYMMETRIC_TYPES,
                                  direction="forward" if s.forward else "backward", confidence=s.confidence,
                                  evidence=EvidenceOut.of(ev) if ev else None))
        nodes = [from_] + [e.target if e.direction == "forward" else e.source for e in edges]
        out.append(PathOut(actors=nodes, edges=edges, hops=len(edges), nodes=refs(store, nodes)))
    return ModelResponse(Page[PathOut](items=out, total=len(out), offset=0, limit=k, next_offset=None))
