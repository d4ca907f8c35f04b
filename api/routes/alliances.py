"""Alliances: an actor's allies (with depth), alliance blocs, and "enemy of my enemy" triads."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query

from api.deps import BudgetDep, PagingDep, StoreDep
from api.models import AllyOut, BlocOut, Page, TriadOut, refs

router = APIRouter(prefix="/alliances", tags=["alliances"])

Confidence = Annotated[float, Query(ge=0, le=1, description="ignore alliances less confident than this")]


@router.get("", response_model=Page[AllyOut], summary="An actor's allies, and allies of allies",
            description="Example: `/alliances?actor=AZE&depth=2`. Nearest first; `via` lists the allies in "
                        "between. Unknown actor → 404.", responses={404: {"description": "no such actor"}})
def allies(store: StoreDep, paging: PagingDep, actor: Annotated[str, Query(max_length=200, description="actor key")],
           depth: Annotated[int, Query(ge=1, le=6)] = 1, min_confidence: Confidence = 0.0):
    def out(page: list) -> list[AllyOut]:
        named = store.actors(a.key for a in page)
        return [AllyOut(key=a.key, name=named[a.key].name if a.key in named else None,
                        kind=named[a.key].kind.value if a.key in named else None, depth=a.depth, via=list(a.via),
                        confidence=round(a.confidence, 4)) for a in page]

    found = store.allies(actor, depth=depth, min_confidence=min_confidence)
    return Page[AllyOut].slice(found, paging.offset, paging.limit, out)


@router.get("/blocs", response_model=Page[BlocOut], summary="Alliance blocs, largest first",
            description="Example: `/alliances/blocs?method=cliques`. `components`: actors linked by chains of "
                        "alliances; `cliques`: groups where every member is allied with every other.")
def blocs(store: StoreDep, paging: PagingDep, budget: BudgetDep, method: Literal["components", "cliques"] = "components",
          min_size: Annotated[int, Query(ge=2, le=1000)] = 2, min_confidence: Confidence = 0.0):
    def out(page: list) -> list[BlocOut]:
        named = store.actors(k for b in page for k in b)
        return [BlocOut(members=b, names=[named[k].name if k in named else k for k in b], size=len(b)) for b in page]

    found = store.blocs(method=method, min_size=min_size, min_confidence=min_confidence, budget=budget)
    return Page[BlocOut].slice(found, paging.offset, paging.limit, out)


@router.get("/common-enemies", response_model=Page[TriadOut], summary='"Enemy of my enemy" triads',
            description="Example: `/alliances/common-enemies?actor=FIN`. Pairs of actors hostile to the same third "
                        "actor (officers and ministries count for their state); pairs that are not yet friendly "
                        "come first.", responses={404: {"description": "no such actor"}})
def common_enemies(store: StoreDep, paging: PagingDep, budget: BudgetDep,
                   actor: Annotated[str | None, Query(max_length=200, description="keep triads with this actor")] = None):
    def out(page: list) -> list[TriadOut]:
        return [TriadOut(a=t.a, b=t.b, enemy=t.enemy, a_types=list(t.a_types), b_types=list(t.b_types),
                         friendly=t.friendly, hostile=t.hostile, nodes=refs(store, (t.a, t.b, t.enemy))) for t in page]

    found = store.common_enemies(actor, budget=budget)
    return Page[TriadOut].slice(found, paging.offset, paging.limit, out)

