"""Actors: fuzzy search, one actor, its relations."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal
from urllib.parse import quote

from fastapi import APIRouter, Query, Request
from fastapi.responses import RedirectResponse

from api.deps import PagingDep, ProvenanceQuery, StoreDep
from api.models import ActorDetail, ActorOut, ModelResponse, Page, RelationOut
from graph.store import ActorQuery, RelationFilter

router = APIRouter(prefix="/actors", tags=["actors"])


@router.get("", response_model=Page[ActorOut], summary="Search actors by name or alias (fuzzy, best first)",
            description="Example: `/actors?q=azerbaijan&kind=State`")
def search(store: StoreDep, paging: PagingDep,
           q: Annotated[str | None, Query(max_length=200, description="name or alias, fuzzy")] = None,
           kind: Annotated[Literal["State", "Officer", "Ministry", "Organization"] | None, Query()] = None,
           state: Annotated[str | None, Query(pattern="^[A-Za-z]{3}$", description="ISO3 code")] = None):
    page = store.search_actors(ActorQuery(q=q, kind=kind, state=state), limit=paging.limit, offset=paging.offset)
    return ModelResponse(Page[ActorOut].of(page, ActorOut.of))


MOVED: dict[int | str, dict[str, Any]] = {301: {"description": "the actor was merged into another: Location names it"}}


def _moved(store, key: str, path: str = "") -> RedirectResponse | None:
    """A 301 to where a merged-away actor went (the query string kept), or None."""
    new = store.redirect(key)
    return None if new is None else RedirectResponse(f"/actors/{quote(new, safe=':')}{path}", status_code=301)


@router.get("/{key}", response_model=ActorDetail, summary="One actor with its relation counts",
            description="Example: `/actors/IRN`. An actor merged into another answers 301 to it.",
            responses={404: {"description": "no such actor"}, **MOVED})
def get(key: str, store: StoreDep):
    if (moved := _moved(store, key)) is not None:
        return moved
    actor = store.get_actor(key)
    out, inc = store.relation_counts(key)
    return ActorDetail(**ActorOut.of(actor).model_dump(), relations_out=out, relations_in=inc)


@router.get("/{key}/relations", response_model=Page[RelationOut], summary="An actor's relations with evidence",
            description="Example: `/actors/IRN/relations?direction=out&type=ACCUSES`",
            responses={404: {"description": "no such actor"}, **MOVED})
def relations(request: Request, key: str, store: StoreDep, paging: PagingDep,
              type: Annotated[list[str] | None, Query(description="relation types (repeatable)")] = None,
              direction: Literal["out", "in", "both"] = "both",
              since: dt.date | None = None, until: dt.date | None = None,
              min_confidence: Annotated[float, Query(ge=0, le=1)] = 0.0, provenance: ProvenanceQuery = None):
    if (moved := _moved(store, key, "/relations")) is not None:
        moved.headers["location"] += f"?{request.url.query}" if request.url.query else ""
        return moved
    store.get_actor(key)
    flt = RelationFilter(source=key if direction == "out" else None, target=key if direction == "in" else None,
                         actor=key if direction == "both" else None, types=frozenset(type) if type else None,
                         since=since, until=until, min_confidence=min_confidence, provenance=provenance)
    page = store.relations(flt, limit=paging.limit, offset=paging.offset)
    return ModelResponse(Page[RelationOut].of(page, RelationOut.of))
