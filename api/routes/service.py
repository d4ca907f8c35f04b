"""Liveness (always open, for load balancers) and counts (behind the read key when reads need one)."""

from __future__ import annotations

from fastapi import APIRouter, Depends
from fastapi.responses import JSONResponse

from api.deps import SettingsDep, StoreDep, require_read_key
from api.models import Health
from graph.errors import StoreUnavailable

router = APIRouter(tags=["service"])


@router.get("/health", response_model=Health, responses={503: {"model": Health}},
            summary="Is the service up and its store reachable?",
            description='Example: `/health` → `{"status": "ok", "store": "embedded"}`; 503 with the reason when '
                        'the store cannot be reached.')
def health(store: StoreDep, settings: SettingsDep):
    try:
        store.ping()
    except StoreUnavailable as exc:
        return JSONResponse(status_code=503, content=Health(status="unavailable", store=settings.store,
                                                            detail=str(exc)).model_dump())
    return Health(status="ok", store=settings.store, indexes=getattr(store, "indexes", None))


@router.get("/stats", dependencies=[Depends(require_read_key)],
            summary="Counts of articles, actors per kind, relations per type and evidence",
            description="Example: `/stats`",
            responses={200: {"content": {"application/json": {"example": {
                "articles": 12, "actors": {"State": 20}, "relations": {"ACCUSES": 9}, "evidence": 40}}}}})
def stats(store: StoreDep) -> dict:
    return store.stats().as_dict()
