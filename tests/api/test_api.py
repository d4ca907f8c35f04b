"""The REST API through real HTTP (TestClient runs the ASGI app), on a graph built from examples/."""

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


def test_health_and_stats(client):
    assert client.get("/health").json() == {"status": "ok", "store": "embedded", "detail": None}
    stats = client.get("/stats").json()
    assert stats["articles"] == 11
    assert stats["relations"]["ACCUSES"] >= 5


def test_actor_search_is_fuzzy_and_ranked(client):
    body = client.get("/actors", params={"q": "azerbajan"}).json()
    assert body["items"][0]["key"] == "AZE"
    assert client.get("/actors", params={"q": "Baku"}).json()["items"][0]["key"] == "AZE"
    officers = client.get("/actors", params={"kind": "Officer", "state": "IRN"}).json()["items"]
    assert {"Reza Karimi", "Abbas Araghchi"} <= {o["name"] for o in officers}


def test_one_actor_and_its_relations(client):
    irn = client.get("/actors/IRN").json()
    assert irn["name"] == "Iran" and irn["relations_out"]["ACCUSES"] >= 1
    rels = client.get("/actors/IRN/relations", params={"direction": "out", "type": "ACCUSES"}).json()
    assert {r["target"] for r in rels["items"]} >= {"AZE", "ISR"}
    ev = rels["items"][0]["evidence"][0]
    assert ev["url"].startswith("https://news.example.org/") and ev["sentence"]


def test_unknown_actor_is_404_naming_it(client):
    r = client.get("/actors/XYZ")
    assert r.status_code == 404 and "'XYZ'" in r.json()["detail"]


def test_relations_filters_and_pagination(client):
    page = client.get("/relations", params={"type": "ARMS", "limit": 2}).json()
    assert page["total"] >= 3 and len(page["items"]) == 2 and page["next_offset"] == 2
    since = client.get("/relations", params={"since": "2024-06-01", "type": "ARMS"}).json()["items"]
    assert all(r["last_seen"] >= "2024-06-01" for r in since)
    assert client.get("/relations", params={"type": "LIKES"}).status_code == 400
    assert client.get("/relations", params={"limit": 1000}).status_code == 422


def test_paths_between_actors(client):
    paths = client.get("/paths", params={"from": "IRN", "to": "ISR", "k": 2}).json()
    assert paths and paths[0]["actors"][0] == "IRN" and paths[0]["actors"][-1] == "ISR"
    assert paths[0]["edges"][0]["evidence"]["sentence"]
    assert client.get("/paths", params={"from": "IRN", "to": "NOPE"}).status_code == 404
    assert client.get("/paths", params={"from": "IRN", "to": "ISR", "max_hops": 99}).status_code == 422


def test_post_articles_needs_the_key(client):
    article = {"id": "api-1", "text": "Lithuania accused Belarus of pushing migrants over the border.",
               "published": "2024-12-01"}
    assert client.post("/articles", json=article).status_code == 401
    r = client.post("/articles", json=article, headers={"X-API-Key": "s3cret"})
    assert r.status_code == 200
    result = r.json()["results"][0]
    assert result["stored"] and ("LTU", "ACCUSES", "BLR") in {
        (x["source"], x["type"], x["target"]) for x in result["relations"]}
    again = client.post("/articles", json=article, headers={"X-API-Key": "s3cret"}).json()["results"][0]
    assert not again["stored"] and again["duplicate_of"] == "api-1"
    assert client.get("/articles/api-1").json()["relations"][0]["source"] == "LTU"


def test_writes_refused_without_configured_key(example_store, extractor):
    app = create_app(Settings(), store=example_store, extractor=extractor)
    with TestClient(app) as c:
        r = c.post("/articles", json={"text": "Chad accused Sudan."})
        assert r.status_code == 403 and "--allow-anonymous-writes" in r.json()["detail"]
