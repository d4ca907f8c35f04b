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
        assert c.get("/health").json() == {"status": "ok", "store": "neo4j", "detail": None, "indexes": None}
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


WHOLE_GRAPH = {"projection_actors", "projection_relations", "projection_events"}  # what building the copy reads


def test_every_route_and_the_export_answer_without_a_copy_of_the_graph(bolt_server, tmp_path, request):
    """With --store neo4j no route, curation or export reads the whole graph into the process (the statements
    that build the in-memory projection are never sent), and each route answers 200."""
    from graph import dump
    from graph.neo4j_store import Neo4jStore
    from tests.graph.test_provenance import fill

    bolt_server.wipe()
    store = Neo4jStore(bolt_server.uri, "neo4j", "", database="tensiongraph")
    request.addfinalizer(store.close)
    read: list[str] = []
    sent = store._read_paths
    store._read_paths = lambda name, hops, params: read.append(name) or sent(name, hops, params)  # type: ignore[method-assign]
    fill(store, tmp_path)
    store.upsert(make_extraction("t2", "2024-02-02", [("TUR", "ALLIED_WITH", "AZE", 0.9), ("AZE", "ACCUSES", "IRN", 0.7),
                                                      ("AZE", "ALLIED_WITH", "ISR", 0.6)]))
    routes = ["/health", "/stats", "/actors", "/actors?q=Iran", "/actors/IRN", "/actors/IRN/relations", "/articles",
              "/articles/t1", "/relations", "/relations?provenance=gdelt", "/relations?since=2024-01-17",
              "/paths?from=TUR&to=ISR", "/paths?from=IRN&to=ISR&provenance=text", "/tension?a=IRN&b=ISR",
              "/tension?a=IRN&b=ISR&provenance=gdelt", "/tension/top", "/tension/top?provenance=text",
              "/alliances?actor=TUR&depth=2", "/alliances/blocs", "/alliances/common-enemies", "/graph",
              "/graph?center=IRN&depth=2&provenance=text", "/graph?center=AZE&format=graphml", "/audit"]
    with TestClient(create_app(Settings(store="neo4j", api_key="k"), store=store)) as client:
        for url in routes:
            r = client.get(url, headers={"X-API-Key": "k"})
            assert r.status_code == 200, (url, r.status_code, r.text)
        rejected = client.post("/relations/AZE|ACCUSES|IRN/reject", json={"who": "ana", "reason": "misread"},
                               headers={"X-API-Key": "k"})
        assert rejected.status_code == 200
        walked = client.get("/paths?from=TUR&to=IRN").json()["items"]  # AZE-IRN was rejected: not walked
        assert [p["actors"] for p in walked] == [["TUR", "AZE", "ISR", "IRN"]]
    script = list(dump.cypher_script(store))
    _, counts = dump.neo4j_csv(store, tmp_path / "csv", provenance="gdelt")
    assert len(script) > 10 and (counts.relations, counts.articles) == (4, 4)
    assert WHOLE_GRAPH.isdisjoint(read) and {"paths_of_length_provenance", "tension_top", "actors_list"} <= set(read)
    assert store._graph.number_of_nodes() == 0  # the projection was never built
