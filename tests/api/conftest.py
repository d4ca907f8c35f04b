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
def example_store(tmp_path_factory, extractor):
    store = EmbeddedStore(tmp_path_factory.mktemp("api") / "examples.db")
    for extraction in extractor.extract_many(read_sources([str(EXAMPLES)])):
        store.upsert(extraction)
    yield store
    store.close()


@pytest.fixture()
def client(example_store, extractor):
    app = create_app(Settings(api_key="s3cret", max_page=100), store=example_store, extractor=extractor)
    with TestClient(app) as c:
        yield c
