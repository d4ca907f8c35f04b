"""Builds the FastAPI app; routers live in api/routes/, dependencies in api/deps.py."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import asynccontextmanager

from fastapi import Depends, FastAPI, Request
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse

from api.deps import collector_paused, no_control_characters, require_read_key
from api.routes import actors, alliances, articles, curation, relations, service, tension
from api.routes import graph as graph_routes
from api.settings import Settings, open_store
from api.web import add_web
from graph.errors import Conflict, InvalidInput, LimitExceeded, NotFound, StoreUnavailable

STATUS = {NotFound: 404, LimitExceeded: 422, Conflict: 409, InvalidInput: 400, StoreUnavailable: 503}


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

    app = FastAPI(title="tensiongraph", version="0.1.0", lifespan=lifespan, dependencies=[Depends(no_control_characters)],
                  docs_url=None, redoc_url=None,  # served from the package by api/web.py (no CDN)
                  description="A diplomatic tension knowledge graph: actors, typed relations with evidence, "
                              "paths, alliances and tension scores.")
    app.state.settings, app.state.store, app.state.extractor = settings, store, extractor
    if settings.cors_origins:
        app.add_middleware(CORSMiddleware, allow_origins=settings.cors_origins, allow_methods=["GET", "POST", "DELETE"],
                           allow_headers=["X-API-Key", "Content-Type"])

    app.add_middleware(BodyLimit, max_bytes=settings.max_body_bytes)
    app.openapi = lambda: _openapi(app, settings)  # type: ignore[method-assign]
    for exc_type, status in STATUS.items():
        app.add_exception_handler(exc_type, _handler(status))
    app.include_router(service.router)
    analyses = (relations.router, alliances.router, tension.router, graph_routes.router)
    for router in (actors.router, relations.router, alliances.router, tension.router, graph_routes.router,
                   articles.router, curation.router):
        app.include_router(router, dependencies=[Depends(require_read_key),
                                                 *([Depends(collector_paused)] if router in analyses else [])])
    add_web(app)
    return app


# query parameters capped by a setting: the schema states the server's own cap
CAPPED = {"limit": "max_page", "max_hops": "max_hops", "k": "max_paths"}


def _openapi(app: FastAPI, settings: Settings) -> dict:
    """The OpenAPI schema, with what FastAPI cannot know: the configured caps of paged and path parameters,
    and the one error shape of every 4xx/5xx answer (ErrorOut)."""
    if app.openapi_schema:
        return app.openapi_schema
    from fastapi.openapi.utils import get_openapi

    from api.models import ErrorOut

    spec = get_openapi(title=app.title, version=app.version, description=app.description, routes=app.routes)
    schemas = spec.setdefault("components", {}).setdefault("schemas", {})
    schemas["ErrorOut"] = ErrorOut.model_json_schema()
    error = {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorOut"}}}
    for path, ops in spec["paths"].items():
        for op in ops.values():
            for param in op.get("parameters", []):
                if param["name"] in CAPPED:
                    param["schema"]["maximum"] = getattr(settings, CAPPED[param["name"]])
                if param["name"] in ("type", "types"):
                    _relation_types(param["schema"])
                if param["in"] in ("query", "path"):
                    _no_control_characters(param["schema"])
            responses = op.setdefault("responses", {})
            for status in ("400", "422", "503"):
                responses.setdefault(status, {"description": "see detail"})
            for status, response in responses.items():
                if status.isdigit() and int(status) >= 400 and path != "/health":
                    response["content"] = error
    if not settings.fetch_urls:  # then an article must come with its text
        body = spec["paths"]["/articles"]["post"]["requestBody"]["content"]["application/json"]["schema"]
        for item in (body["anyOf"][0], body["anyOf"][1]["items"]):
            item["required"] = ["text"]
            item["properties"]["text"] = {"type": "string", "pattern": "\\S", "description": "the article text"}
    schemas.pop("HTTPValidationError", None)
    schemas.pop("ValidationError", None)
    app.openapi_schema = spec
    return spec


def _strings(schema: dict) -> Iterator[dict]:
    """The string schemas in a parameter's schema (itself, its anyOf variants, its array items)."""
    if schema.get("type") == "string":
        yield schema
    for sub in [*schema.get("anyOf", []), *([schema["items"]] if "items" in schema else [])]:
        yield from _strings(sub)


def _relation_types(schema: dict) -> None:
    """Relation type parameters list the closed set (upper case; lower case is accepted too)."""
    from graph.model import RelationType

    for string in _strings(schema):
        string["enum"] = [t.value for t in RelationType]


def _no_control_characters(schema: dict) -> None:
    """String parameters say what api.deps.no_control_characters enforces."""
    for string in _strings(schema):
        if not {"format", "enum", "pattern"} & string.keys():
            string["pattern"] = "^[^\\x00-\\x1f\\x7f]+$"  # not empty either: no key or name is empty
            string.setdefault("minLength", 1)


class BodyLimit:
    """413 for a body over ``max_bytes``: at once when Content-Length says so, else (chunked upload) as soon
    as the bytes received pass the limit, before the app reads any of it."""

    def __init__(self, app, max_bytes: int) -> None:
        self.app, self.max_bytes = app, max_bytes

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        length = dict(scope["headers"]).get(b"content-length")
        if length is not None:
            if not length.isdigit():
                return await self._refuse(scope, receive, send, 400, f"Content-Length {length.decode(errors='replace')!r} "
                                                                      "is not a number")
            if int(length) > self.max_bytes:
                return await self._refuse(scope, receive, send, 413, f"request body of {int(length)} bytes exceeds "
                                                                      f"the limit of {self.max_bytes} bytes")
            return await self.app(scope, receive, send)
        messages, size = [], 0
        while True:  # no declared length: take the body up to the limit, then hand it on
            message = await receive()
            messages.append(message)
            if message["type"] != "http.request":
                break
            size += len(message.get("body", b""))
            if size > self.max_bytes:
                return await self._refuse(scope, receive, send, 413, f"request body exceeds the limit of "
                                                                      f"{self.max_bytes} bytes")
            if not message.get("more_body"):
                break

        async def replay():
            return messages.pop(0) if messages else await receive()

        return await self.app(scope, replay, send)

    @staticmethod
    async def _refuse(scope, receive, send, status: int, detail: str) -> None:
        await JSONResponse(status_code=status, content={"detail": detail})(scope, receive, send)


def _handler(status: int):
    async def handle(request: Request, exc: Exception) -> JSONResponse:
        return JSONResponse(status_code=status, content={"detail": str(exc)})

    return handle
