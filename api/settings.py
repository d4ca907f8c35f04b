"""The one place that reads the environment (STYLE.md habit 4). Every variable is listed in the README."""

from __future__ import annotations

from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="TENSIONGRAPH_", extra="ignore")

    store: Literal["embedded", "neo4j"] = "embedded"
    db: str = "tensiongraph.db"  # the embedded store's SQLite file
    sqlite_synchronous: Literal["NORMAL", "FULL"] = "NORMAL"
    # seconds a read may answer without looking for what another process (tensiongraph import, ingest) committed
    # to the embedded store's file since; 0: every read looks (graph.embedded.EmbeddedStore's follow_every)
    follow_seconds: float = Field(1.0, ge=0, le=3600)
    # serve: build the read routes' indexes in the background after the embedded store loads (graph.embedded's
    # warm_half_life), instead of leaving them to the first readers
    warm_indexes: bool = True
    api_key: str | None = None  # X-API-Key for write routes
    allow_anonymous_writes: bool = False
    read_key_required: bool = False  # read routes need the key too
    cors_origins: list[str] = Field(default_factory=list)
    max_body_bytes: int = 10 * 1024 * 1024
    max_article_bytes: int = 2 * 1024 * 1024
    max_batch: int = 100
    max_page: int = 500
    max_hops: int = 6
    max_paths: int = 20
    half_life_days: float = 180.0
    max_points: int = 5000  # buckets of a tension time series
    max_graph_nodes: int = 5000  # actors in one /graph answer
    max_graph_edges: int = 20000  # relations in one /graph answer
    query_seconds: float = 10.0  # time budget of one analysis (paths, blocs, triads, top dyads, subgraphs)
    ingest_threads: int = Field(4, ge=1, le=64)  # worker threads for POST /articles (fetch, extract, store)
    fetch_urls: bool = True
    fetch_timeout: float = 15.0  # seconds for one fetched page (each redirect too)
    fetch_allow_hosts: list[str] = Field(default_factory=list)  # "host:port" that may be private; bare host: 80/443
    max_fetches: int = Field(50, ge=1)  # outbound fetches for one input (a feed URL or file and its entries)
    follow_symlinks: bool = False  # ingest: read symlinks in a folder that lead out of it
    header_timeout: float = Field(10.0, gt=0)  # serve: seconds for a request's headers to arrive
    body_timeout: float = Field(30.0, gt=0)  # serve: seconds for a request's body to arrive after its headers
    max_connections: int = Field(1000, ge=1)  # serve: open connections; more are closed at once
    relation_model: str = "default"  # the trained relation model: "default" (shipped), a .npz path, or "none"
    relation_thresholds: dict[str, float] = Field(default_factory=dict)  # per type, over the model's own
    neo4j_timeout: float = 10.0  # seconds to connect to Neo4j and to retry a failed transaction

    # Neo4j, read without the TENSIONGRAPH_ prefix (the driver's usual names)
    neo4j_uri: str = Field("bolt://localhost:7687", validation_alias="NEO4J_URI")
    neo4j_user: str = Field("neo4j", validation_alias="NEO4J_USER")
    neo4j_password: str = Field("", validation_alias="NEO4J_PASSWORD")
    neo4j_database: str = Field("neo4j", validation_alias="NEO4J_DATABASE")


def extractor_options(settings: Settings) -> dict:
    """The keyword arguments of ``loaders.extract.Extractor`` under these settings."""
    from loaders.model.relmodel import DEFAULT_MODEL

    choice = settings.relation_model.strip()
    model = None if choice.lower() == "none" else DEFAULT_MODEL if choice.lower() in ("", "default") else choice
    return {"model": model, "thresholds": settings.relation_thresholds or None}


def read_options(settings: Settings, fetch: bool | None = None):
    """How readers fetch and cap inputs under these settings."""
    from loaders.readers import ReadOptions

    return ReadOptions(fetch=settings.fetch_urls if fetch is None else fetch, max_bytes=settings.max_article_bytes,
                       timeout=settings.fetch_timeout, allow_hosts=frozenset(settings.fetch_allow_hosts),
                       max_fetches=settings.max_fetches, follow_symlinks=settings.follow_symlinks)


def open_store(settings: Settings, *, read_only: bool = False, open_timeout: float | None = None,
               for_import: bool = False, serving: bool = False):
    """The GraphStore the settings name. ``read_only``: the embedded store's file is not written (commands
    that only read); ``open_timeout``: seconds to wait for another process's lock while opening it;
    ``for_import``: for ``import_events`` alone (the embedded store then loads no relations:
    graph.embedded_import.ImportingStore); ``serving``: for ``serve`` (with ``warm_indexes``, the embedded
    store builds its indexes in the background after each full load)."""
    if settings.store == "neo4j":
        from graph.neo4j_store import Neo4jStore

        return Neo4jStore(settings.neo4j_uri, settings.neo4j_user, settings.neo4j_password, settings.neo4j_database,
                          timeout=settings.neo4j_timeout)
    from graph.embedded import EmbeddedStore
    from graph.embedded_import import ImportingStore

    return (ImportingStore if for_import else EmbeddedStore)(
        settings.db, synchronous=settings.sqlite_synchronous, read_only=read_only, open_timeout=open_timeout,
        follow_every=settings.follow_seconds,
        warm_half_life=settings.half_life_days if serving and settings.warm_indexes else None)
