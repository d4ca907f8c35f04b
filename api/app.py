"""Builds the FastAPI app; routers live in api/routes/, dependencies in api/deps.py."""

from __future__ import annotations

from contextlib import asynccontextmanager

from fastapi import Depends, FastAPI, Request
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse

from api.deps import require_read_key
from api.routes import actors, alliances, articles, relations, service, tension
from api.routes import graph as graph_routes
from api.settings import Settings, open_store
from graph.errors import InvalidInput, LimitExceeded, NotFound, StoreUnavailable

STATUS = {NotFound: 404, LimitExceeded: 422, InvalidInput: 400, StoreUnavailable: 503}


def create_app(settings: Settings | None = None, store=None, extractor=None) -> FastAPI:
    """The app. ``store`` and ``extractor`` may be given (tests); otherwise they are built from settings."""
    settings = settings or Settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        own = app.state.store is None
        if own:
            app.state.store = open_store(settings)
        yield
        if own:
            app.state.store.close()

    app = FastAPI(title="tensiongraph", version="0.1.0", lifespan=lifespan,
                  description="A diplomatic tension knowledge graph: actors, typed relations with evidence, "
                              "paths, alliances and tension scores.")
    app.state.settings, app.state.store, app.state.extractor = settings, store, extractor
    if settings.cors_origins:
        app.add_middleware(CORSMiddleware, allow_origins=settings.cors_origins, allow_methods=["GET", "POST"],
                           allow_headers=["X-API-Key", "Content-Type"])

    @app.middleware("http")
    async def limit_body(request: Request, call_next):
        length = request.headers.get("content-length")
        if length and length.isdigit() and int(length) > settings.max_body_bytes:
            return JSONResponse(status_code=413, content={
                "detail": f"request body of {length} bytes exceeds the limit of {settings.max_body_bytes} bytes"})
        return await call_next(request)

    for exc_type, status in STATUS.items():
        app.add_exception_handler(exc_type, _handler(status))
    app.include_router(service.router)
    for router in (actors.router, relations.router, alliances.router, tension.router, graph_routes.router,
                   articles.router):
        app.include_router(router, dependencies=[Depends(require_read_key)])
    return app


def _handler(status: int):
    async def handle(request: Request, exc: Exception) -> JSONResponse:
        return JSONResponse(status_code=status, content={"detail": str(exc)})

    return handle
