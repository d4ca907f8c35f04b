"""Alliances: an actor's allies (with depth), alliance blocs, and "enemy of my enemy" triads."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query

from api.deps import BudgetDep, PagingDep, StoreDep
from api.models import AllyOut, BlocOut, Page, TriadOut, refs
from graph import alliances

router = APIRouter(prefix="/alliances", tags=["alliances"])

Confidence = Annotated[float, Query(ge=0, le=1, description="ignore alliances less confident than this")]


@router.get("", response_model=Page[AllyOut], summary="An actor's allies, and allies of allies",
            description="Example: `/alliances?actor=AZE&depth=2`. Nearest first; `via` lists the allies in "
                        "between. Unknown actor → 404.", responses={404: {"description": "no such actor"}})
def allies(store: StoreDep, paging: PagingDep, actor: Annotated[str, Query(max_length=200, description="actor key")],
           depth: Annotated[int, Query(ge=1, le=6)] = 1, min_confidence: Confidence = 0.0):
    with store.reading() as g:
        found = alliances.allies(g, actor, depth=depth, min_confidence=min_confidence)
        items = [AllyOut(key=a.key, name=g.nodes[a.key].get("name"), kind=g.nodes[a.key].get("kind"), depth=a.depth,
                         via=list(a.via), confidence=round(a.confidence, 4)) for a in found]
    return Page.slice(items, paging.offset, paging.limit)


@router.get("/blocs", response_model=Page[BlocOut], summary="Alliance blocs, largest first",
            description="Example: `/alliances/blocs?method=cliques`. `components`: actors linked by chains of "
                        "alliances; `cliques`: groups where every member is allied with every other.")
def blocs(store: StoreDep, paging: PagingDep, budget: BudgetDep, method: Literal["components", "cliques"] = "components",
          min_size: Annotated[int, Query(ge=2, le=1000)] = 2, min_confidence: Confidence = 0.0):
    with store.reading() as g:
        found = alliances.blocs(g, method=method, min_size=min_size, min_confidence=min_confidence, budget=budget)
        items = [BlocOut(members=b, names=[g.nodes[k].get("name", k) for k in b], size=len(b)) for b in found]
    return Page.slice(items, paging.offset, paging.limit)


@router.get("/common-enemies", response_model=Page[TriadOut], summary='"Enemy of my enemy" triads',
            description="Example: `/alliances/common-enemies?actor=FIN`. Pairs of actors hostile to the same third "
                        "actor (officers and ministries count for their state); pairs that are not yet friendly "
                        "come first.", responses={404: {"description": "no such actor"}})
def common_enemies(store: StoreDep, paging: PagingDep, budget: BudgetDep,
                   actor: Annotated[str | None, Query(max_length=200, description="keep triads with this actor")] = None):
    with store.reading() as g:
        found = alliances.common_enemies(g, actor, budget=budget)
        items = [TriadOut(a=t.a, b=t.b, enemy=t.enemy, a_types=list(t.a_types), b_types=list(t.b_types),
                          friendly=t.friendly, hostile=t.hostile, nodes=refs(store, (t.a, t.b, t.enemy))) for t in found]
    return Page.slice(items, paging.offset, paging.limit)

