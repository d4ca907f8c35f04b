"""Faults: the graph server stopped in the middle of a run of ingests through the API. Requests meanwhile get
503 with a clear message, /health says so, the service recovers without a restart when the server is back,
and every article the API acknowledged is still there. (SIGKILL of an ingest into the embedded store is in
tests/graph/test_embedded_store.py; a server stopped cleanly, in tests/api/test_neo4j_service.py.)"""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.settings import Settings
from tests.bolt_server import BoltServer


@pytest.fixture()
def durable_server(tmp_path, bolt_server):  # bolt_server: the GOODBYE workaround is in place
    server = BoltServer(tmp_path, durable=True).start()
    yield server
    server.stop()


def _article(i: int) -> dict:
    return {"id": f"k{i}", "published": "2024-04-01",
            "text": f"Armenia accused Azerbaijan of shelling border villages, the ministry said in note {i}."}


@pytest.mark.slow
def test_server_stopped_mid_run_loses_no_acknowledged_article(durable_server, extractor):
    settings = Settings(store="neo4j", neo4j_uri=durable_server.uri, neo4j_timeout=1.0, api_key="k")
    acknowledged, refused = [], []
    with TestClient(create_app(settings, extractor=extractor), headers={"X-API-Key": "k"}) as c:
        for i in range(30):
            if i == 12:
                durable_server.stop()  # SIGTERM: the server saves its graph and goes away
            if i == 20:
                durable_server.start()  # same ports, same append-only file
            r = c.post("/articles", json=_article(i))
            if r.status_code == 200:
                acknowledged.append(f"k{i}")
            else:
                assert r.status_code == 503, r.text
                assert durable_server.uri in r.json()["detail"] or "cannot be reached" in r.json()["detail"]
                refused.append(f"k{i}")
                health = c.get("/health")
                assert health.status_code == 503 and health.json()["status"] == "unavailable"
        assert refused == [f"k{i}" for i in range(12, 20)]  # exactly the requests made while it was down
        assert c.get("/health").status_code == 200
        for article_id in refused:  # the client retries what was refused
            assert c.post("/articles", json=_article(int(article_id[1:]))).status_code == 200
        listed = {a["id"] for a in c.get("/articles", params={"limit": 100}).json()["items"]}
        assert listed == {f"k{i}" for i in range(30)}
        relations = c.get("/relations", params={"source": "ARM", "target": "AZE", "type": "ACCUSES"}).json()
        assert relations["items"][0]["count"] == 30


@pytest.mark.slow
def test_server_killed_and_back_empty_is_served_as_it_is(tmp_path, bolt_server, extractor):
    """SIGKILL of a server that keeps nothing: 503 while it is gone; when it is back the API serves what the
    server now holds (nothing of the old graph lingers in the projection) and takes new articles."""
    server = BoltServer(tmp_path).start()
    settings = Settings(store="neo4j", neo4j_uri=server.uri, neo4j_timeout=1.0, api_key="k")
    try:
        with TestClient(create_app(settings, extractor=extractor), headers={"X-API-Key": "k"}) as c:
            for i in range(3):
                assert c.post("/articles", json=_article(i)).status_code == 200
            assert c.get("/paths", params={"from": "ARM", "to": "AZE"}).json()["total"] == 1
            server.kill()
            r = c.get("/paths", params={"from": "ARM", "to": "AZE"})
            assert r.status_code == 503 and "cannot be reached" in r.json()["detail"]
            assert c.post("/articles", json=_article(3)).status_code == 503
            server.start()
            assert c.get("/health").status_code == 200
            assert c.get("/articles").json()["total"] == 0
            assert c.get("/paths", params={"from": "ARM", "to": "AZE"}).status_code == 404  # the old graph is gone
            assert c.post("/articles", json=_article(3)).status_code == 200
            assert c.get("/relations", params={"source": "ARM"}).json()["items"][0]["count"] == 1
    finally:
        server.stop()
