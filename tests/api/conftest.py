"""A graph built from the project's own examples/ (one per test module), and a client on it."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.settings import Settings
from graph.embedded import EmbeddedStore
from loaders.readers import read_sources
from tests.conftest import EXAMPLES


@pytest.fixture(scope="module")
def example_extractions(extractor):
    return list(extractor.extract_many(read_sources([str(EXAMPLES)])))


@pytest.fixture(scope="module", params=["embedded", "neo4j"])
def example_store(request, tmp_path_factory, example_extractions):
    """The examples in each store: the API must answer the same from the embedded store and from Neo4j
    (the Bolt server of tests/bolt_server.py)."""
    if request.param == "embedded":
        store = EmbeddedStore(tmp_path_factory.mktemp("api") / "examples.db")
    else:
        from graph.neo4j_store import Neo4jStore

        server = request.getfixturevalue("bolt_server")
        server.wipe()
        store = Neo4jStore(server.uri, "neo4j", "", database="tensiongraph")
    store.kind = request.param
    for extraction in example_extractions:
        store.upsert(extraction)
    yield store
    store.close()


@pytest.fixture()
def client(example_store, extractor):
    app = create_app(Settings(api_key="s3cret", max_page=100, store=example_store.kind), store=example_store,
                     extractor=extractor)
    with TestClient(app) as c:
        yield c
