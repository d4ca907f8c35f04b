"""The API configured for Neo4j the way users do it (TENSIONGRAPH_STORE=neo4j, NEO4J_URI, ...), against a
real Bolt server; and what happens when that server goes away and comes back."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.settings import Settings
from tests.bolt_server import BoltServer
from tests.conftest import make_extraction


@pytest.fixture()
def own_server(tmp_path, bolt_server):  # bolt_server: the GOODBYE workaround is in place
    server = BoltServer(tmp_path).start()
    yield server
    server.stop()


def test_settings_from_the_environment_select_neo4j(own_server, monkeypatch):
    monkeypatch.setenv("TENSIONGRAPH_STORE", "neo4j")
    monkeypatch.setenv("NEO4J_URI", own_server.uri)
    monkeypatch.setenv("NEO4J_PASSWORD", "")
    settings = Settings()
    assert settings.store == "neo4j" and settings.neo4j_uri == own_server.uri
    with TestClient(create_app(settings)) as c:
        assert c.get("/health").json() == {"status": "ok", "store": "neo4j", "detail": None}
        c.app.state.store.upsert(make_extraction("n1", "2024-02-01", [("TUR", "ALLIED_WITH", "AZE", 0.9),
                                                                      ("AZE", "ACCUSES", "ARM", 0.8)]))
        path = c.get("/paths", params={"from": "TUR", "to": "ARM"}).json()["items"][0]
        assert path["actors"] == ["TUR", "AZE", "ARM"] and path["edges"][1]["evidence"]["article_id"] == "n1"


def test_server_down_gives_503_and_recovers_without_restart(own_server):
    settings = Settings(store="neo4j", neo4j_uri=own_server.uri, neo4j_timeout=1.0)
    with TestClient(create_app(settings)) as c:
        c.app.state.store.upsert(make_extraction("n1", "2024-02-01", [("IRN", "ACCUSES", "AZE", 0.9)]))
        assert c.get("/stats").json()["articles"] == 1
        own_server.stop()
        health = c.get("/health")
        assert health.status_code == 503 and health.json()["status"] == "unavailable"
        assert own_server.uri in health.json()["detail"]
        r = c.get("/relations")
        assert r.status_code == 503 and "cannot be reached" in r.json()["detail"]
        own_server.start()  # same ports; FalkorDB here keeps nothing (--save ""), so the graph is empty again
        assert c.get("/health").status_code == 200
        assert c.get("/stats").status_code == 200
