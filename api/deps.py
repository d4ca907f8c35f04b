"""Dependencies shared by the routers: the store, the settings, the extractor, auth and paging."""

from __future__ import annotations

import functools
import hmac
import re
from collections.abc import Iterator
from typing import Annotated, Any

import anyio
import anyio.to_thread
from fastapi import Depends, Header, HTTPException, Query, Request

from api.settings import Settings, extractor_options
from graph.budget import Budget
from graph.model import PROVENANCES
from graph.snapshot import gc_paused
from graph.store import GraphStore


def get_settings(request: Request) -> Settings:
    return request.app.state.settings


def get_store(request: Request):
    return request.app.state.store


async def get_extractor(request: Request):
    """The extractor, built on first use (loading spaCy takes a second) and kept. Built once: concurrent
    first requests wait on one lock (in the event loop, holding no worker thread) for the one build."""
    state = request.app.state
    if state.extractor is None:
        if getattr(state, "extractor_lock", None) is None:
            state.extractor_lock = anyio.Lock()
        async with state.extractor_lock:
            if state.extractor is None:
                from loaders.extract import Extractor

                build = functools.partial(Extractor, **extractor_options(state.settings))
                state.extractor = await anyio.to_thread.run_sync(build, limiter=_ingest_limiter(request))
    return state.extractor


def _ingest_limiter(request: Request) -> anyio.CapacityLimiter:
    """Worker threads for ingest work (fetching, parsing, extraction, writes), apart from the pool that
    serves every other route: slow writers or slow fetched pages cannot starve /health or reads."""
    state = request.app.state
    limiter = getattr(state, "ingest_limiter", None)
    if limiter is None:
        limiter = state.ingest_limiter = anyio.CapacityLimiter(state.settings.ingest_threads)
    return limiter


async def ingest_thread(request: Request, func, *args):
    """``func(*args)`` on one of the ingest worker threads (see _ingest_limiter)."""
    return await anyio.to_thread.run_sync(func, *args, limiter=_ingest_limiter(request))


SettingsDep = Annotated[Settings, Depends(get_settings)]
StoreDep = Annotated[GraphStore, Depends(get_store)]
ExtractorDep = Annotated[Any, Depends(get_extractor)]


def _key_ok(given: str | None, settings: Settings) -> bool:
    """The X-API-Key header against the configured key, byte for byte: the header's raw bytes (HTTP carries
    bytes; Starlette hands them over decoded as Latin-1) against the key's UTF-8, so a non-ASCII key works
    when a client sends it as UTF-8, as curl and browsers do."""
    if not settings.api_key or given is None:
        return False
    try:
        raw = given.encode("latin-1")
    except UnicodeEncodeError:
        return False
    return hmac.compare_digest(raw, settings.api_key.encode("utf-8"))


def require_write_key(settings: SettingsDep, x_api_key: Annotated[str | None, Header()] = None) -> None:
    """Writes need X-API-Key; without a configured key they are refused unless anonymous writes were allowed."""
    if not settings.api_key:
        if settings.allow_anonymous_writes:
            return
        raise HTTPException(403, "writes are disabled: set TENSIONGRAPH_API_KEY, or start the server with "
                                 "--allow-anonymous-writes")
    if not _key_ok(x_api_key, settings):
        raise HTTPException(401, "missing or wrong X-API-Key header")


def collector_paused() -> Iterator[None]:
    """The analysis routes (relations, paths, tension, alliances, subgraphs) run with Python's cyclic collector
    paused (graph.snapshot.gc_paused): an analysis's answer (every triad of common enemies, a hub's subgraph) is
    many objects alive until the route has paged it, and the collector's next young collection walked them
    all while every other request waited (1.2 s at 10M rows, 64-84 ms at 1M). They hold no reference cycle:
    reference counting frees them when the route returns, and the collector runs again after. What is still
    alive when the route returns, and many (a subgraph that the response streams: 225,000 objects, walked for
    140-280 ms at 1M rows), is frozen, and freed by reference counting once it is sent."""
    with gc_paused(freeze=True):
        yield


def require_read_key(settings: SettingsDep, x_api_key: Annotated[str | None, Header()] = None) -> None:
    if settings.read_key_required and not _key_ok(x_api_key, settings):
        raise HTTPException(401, "missing or wrong X-API-Key header (reads need the key on this server)")


_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def no_control_characters(request: Request) -> None:
    """Every route: a query or path value with a control character (NUL, newline, ...) is refused with 400
    naming the parameter, before it reaches a store (SQLite and Bolt servers treat NUL differently)."""
    for name, value in [*request.query_params.multi_items(), *request.path_params.items()]:
        if isinstance(value, str) and _CONTROL.search(value):
            raise HTTPException(400, f"parameter {name!r} contains a control character")


class Paging:
    def __init__(self, request: Request, limit: Annotated[int, Query(ge=1, description="page size (capped by the server)")] = 50,
                 offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0) -> None:
        cap = request.app.state.settings.max_page
        if limit > cap:
            raise HTTPException(422, f"limit {limit} exceeds the maximum page size of {cap}")
        self.limit, self.offset = limit, offset


PagingDep = Annotated[Paging, Depends()]


async def query_budget(request: Request) -> Budget:
    """The request's time budget for analyses (TENSIONGRAPH_QUERY_SECONDS); spent → 422 naming it. Its clock
    starts when the analysis does (graph.budget), not while the request waits for a worker thread; made in
    the event loop, so it takes no worker thread itself."""
    return Budget(request.app.state.settings.query_seconds)


BudgetDep = Annotated[Budget, Depends(query_budget)]

# A value outside graph.model.PROVENANCES is refused by the store's filter with 400 naming the allowed ones.
# the values are stated in the schema (an enum, for clients and fuzzers) and checked by the store, whose 400
# names the value given and the allowed ones (a Literal would make it a generic 422)
ProvenanceQuery = Annotated[str | None, Query(description="only evidence of this provenance: "
                                              + ", ".join(PROVENANCES),
                                              json_schema_extra={"enum": list(PROVENANCES)})]
