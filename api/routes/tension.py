"""Tension: a dyad's score and time series, and the tensest dyads (formula in graph/tension.py and the README)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from fastapi import APIRouter, Query

from api.deps import BudgetDep, PagingDep, ProvenanceQuery, SettingsDep, StoreDep
from api.models import ModelResponse, Page, TensionOut, TensionPoint, TensionSeriesOut, refs
from graph import tension

router = APIRouter(prefix="/tension", tags=["tension"])

HalfLife = Annotated[float | None, Query(gt=0, le=36500, description="decay half-life in days (server default)")]


def _out(t: tension.Tension, store) -> TensionOut:
    return TensionOut(a=t.a, b=t.b, score=round(t.score, 4), hostility=round(t.hostility, 4),
                      cooperation=round(t.cooperation, 4), events=t.events,
                      by_type={k: round(v, 4) for k, v in sorted(t.by_type.items())}, as_of=t.as_of,
                      nodes=refs(store, (t.a, t.b)))


@router.get("", response_model=TensionSeriesOut, summary="A dyad's tension and its time series",
            description="Example: `/tension?a=IRN&b=AZE&since=2024-01-01&until=2024-12-31&bucket=month`. Positive "
                        "is hostile. `score` is decayed to `as_of` (default: `until`, else the date of the newest "
                        "evidence in the graph, the same for every dyad), and evidence "
                        "dated after `as_of` is left out; each point has its bucket's own undecayed `score` and the "
                        "decayed `level` at the bucket's end. The series runs to `as_of`: its last point ends "
                        "there, and its `level` is the `score`. With `provenance` (`text`, `gdelt`, ...), only "
                        "evidence of that provenance counts (and the default `as_of` is its newest evidence's date).",
            responses={404: {"description": "an actor is unknown"}})
def dyad(store: StoreDep, settings: SettingsDep, a: Annotated[str, Query(max_length=200, description="actor key")],
         b: Annotated[str, Query(max_length=200, description="actor key")],
         since: dt.date | None = None, until: dt.date | None = None, as_of: dt.date | None = None,
         bucket: Literal["day", "week", "month", "year"] = "month", half_life_days: HalfLife = None,
         provenance: ProvenanceQuery = None):
    half_life = half_life_days or settings.half_life_days
    total, points = store.tension(a, b, since=since, until=until, as_of=as_of, half_life_days=half_life,
                                  bucket=bucket, max_points=settings.max_points, provenance=provenance)
    head = _out(total, store)
    series = TensionSeriesOut(**head.model_dump(), since=since, until=until, half_life_days=half_life,
                              bucket=bucket, points=[TensionPoint(start=p.start, end=p.end, score=round(p.score, 4),
                                                                  level=round(p.level, 4), events=p.events)
                                                     for p in points])
    return ModelResponse(series)


@router.get("/top", response_model=Page[TensionOut], summary="The tensest dyads",
            description="Example: `/tension/top?since=2024-01-01&limit=10`. Dyads with at least one hostile event "
                        "in the window, highest score first; `actor` keeps the dyads that include it. Scores are "
                        "decayed to `as_of` as in `/tension` (default: `until`, else the newest evidence's date). With "
                        "`provenance`, only evidence of that provenance counts.",
            responses={404: {"description": "the actor is unknown"}})
def top(store: StoreDep, settings: SettingsDep, paging: PagingDep, budget: BudgetDep,
        since: dt.date | None = None, until: dt.date | None = None, as_of: dt.date | None = None,
        actor: Annotated[str | None, Query(max_length=200)] = None, half_life_days: HalfLife = None,
        provenance: ProvenanceQuery = None):
    ranked, total = store.rank_dyads(since=since, until=until, as_of=as_of, actor=actor, offset=paging.offset,
                                     limit=paging.limit, budget=budget, provenance=provenance,
                                     half_life_days=half_life_days or settings.half_life_days)
    items = [_out(t, store) for t in ranked]
    end = paging.offset + len(ranked)
    return ModelResponse(Page[TensionOut](items=items, total=total, offset=paging.offset,
                                          limit=paging.limit, next_offset=end if end < total else None))
