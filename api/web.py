"""The browser side of the server: the explorer page at /, and /docs and /redoc with their assets served from
the package (api/static/), so every page works on a machine without internet. The explorer uses only the
public REST API; the libraries in api/static/vendor/ are built by web/build.py from web/package-lock.json."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html, get_swagger_ui_oauth2_redirect_html
from fastapi.responses import FileResponse, HTMLResponse
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.gzip import GZipMiddleware
from starlette.routing import Mount
from starlette.staticfiles import StaticFiles

STATIC = Path(__file__).resolve().parent / "static"
VENDOR = "/static/vendor"


def static_app() -> Starlette:
    """The files of api/static/, gzipped for clients that accept it (the bundles shrink to a third)."""
    return Starlette(routes=[Mount("/", app=StaticFiles(directory=STATIC))],
                     middleware=[Middleware(GZipMiddleware, minimum_size=1024)])


def add_web(app: FastAPI) -> None:
    """Mount /static and add / (the explorer), /docs and /redoc; none of them is part of the API schema."""
    app.mount("/static", static_app(), name="static")
    title = f"{app.title} API"

    @app.get("/", include_in_schema=False)
    def explorer() -> FileResponse:
        return FileResponse(STATIC / "index.html", media_type="text/html")

    @app.get("/docs", include_in_schema=False)
    def swagger_ui() -> HTMLResponse:
        return get_swagger_ui_html(openapi_url="/openapi.json", title=title, oauth2_redirect_url="/docs/oauth2-redirect",
                                   swagger_js_url=f"{VENDOR}/swagger-ui-bundle.js",
                                   swagger_css_url=f"{VENDOR}/swagger-ui.css",
                                   swagger_favicon_url=f"{VENDOR}/swagger-favicon-32x32.png",
                                   swagger_ui_parameters={"validatorUrl": None})

    @app.get("/docs/oauth2-redirect", include_in_schema=False)
    def swagger_ui_redirect() -> HTMLResponse:
        return get_swagger_ui_oauth2_redirect_html()

    @app.get("/redoc", include_in_schema=False)
    def redoc() -> HTMLResponse:
        return get_redoc_html(openapi_url="/openapi.json", title=title, redoc_js_url=f"{VENDOR}/redoc.standalone.js",
                              redoc_favicon_url=f"{VENDOR}/swagger-favicon-32x32.png", with_google_fonts=False)
