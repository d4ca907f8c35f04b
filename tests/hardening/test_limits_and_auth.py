"""Every limit is configurable, has a safe default, and answers 413/422 naming the limit; auth and CORS."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.settings import Settings
from graph.embedded import EmbeddedStore
from tests.conftest import make_extraction

RELS = [("IRN", "ACCUSES", "AZE", 0.9), ("TUR", "ALLIED_WITH", "AZE", 0.9), ("PAK", "ALLIED_WITH", "TUR", 0.8),
        ("AZE", "ALLIED_WITH", "PAK", 0.7), ("ISR", "ARMS", "AZE", 0.8), ("IRN", "THREATENS", "ISR", 0.7),
        ("ARM", "ACCUSES", "AZE", 0.9), ("FRA", "ARMS", "ARM", 0.8)]


@pytest.fixture(scope="module")
def small_store(tmp_path_factory):
    store = EmbeddedStore(tmp_path_factory.mktemp("limits") / "g.db")
    for i, rel in enumerate(RELS):
        store.upsert(make_extraction(f"a{i}", f"2024-0{1 + i % 9}-1{i % 9}", [rel]))
    yield store
    store.close()


def _client(store, extractor=None, **settings) -> TestClient:
    return TestClient(create_app(Settings(api_key="k", **settings), store=store, extractor=extractor),
                      headers={"X-API-Key": "k"})


BUDGET = "query time (seconds) exceeds the limit of 0.0"
ALL_PATHS = {"from": "IRN", "to": "FRA"}


@pytest.mark.parametrize("setting, method, url, params, body, status, words", [
    ({"max_body_bytes": 500}, "post", "/articles", None, {"text": "Chad accused Sudan. " * 40}, 413,
     "exceeds the limit of 500 bytes"),
    ({"max_article_bytes": 100}, "post", "/articles", None, {"text": "Chad accused Sudan. " * 10}, 422,
     "article text (bytes) exceeds the limit of 100"),
    ({"max_batch": 2}, "post", "/articles", None, [{"text": "Chad accused Sudan."}] * 3, 422,
     "articles per batch exceeds the limit of 2"),
    ({"max_page": 5}, "get", "/relations", {"limit": 6}, None, 422, "maximum page size of 5"),
    ({"max_page": 5}, "get", "/actors", {"limit": 6}, None, 422, "maximum page size of 5"),
    ({"max_hops": 2}, "get", "/paths", {**ALL_PATHS, "max_hops": 3}, None, 422, "max_hops exceeds the limit of 2"),
    ({"max_paths": 2}, "get", "/paths", {**ALL_PATHS, "k": 3}, None, 422, "k exceeds the limit of 2"),
    ({"max_points": 3}, "get", "/tension", {"a": "IRN", "b": "AZE", "bucket": "week", "since": "2024-01-01",
                                            "until": "2024-03-01"}, None, 422,
     "exceeds the limit of 3"),
    ({"max_graph_nodes": 2}, "get", "/graph", {"center": "AZE"}, None, 422, "graph nodes exceeds the limit of 2"),
    ({"query_seconds": 0}, "get", "/paths", ALL_PATHS, None, 422, BUDGET),
    ({"query_seconds": 0}, "get", "/alliances/blocs", {"method": "cliques"}, None, 422, BUDGET),
    ({"query_seconds": 0}, "get", "/alliances/common-enemies", None, None, 422, BUDGET),
    ({"query_seconds": 0}, "get", "/tension/top", None, None, 422, BUDGET),
    ({"query_seconds": 0}, "get", "/graph", {"center": "AZE", "depth": 2}, None, 422, BUDGET),
])
def test_each_limit_answers_naming_itself(small_store, extractor, setting, method, url, params, body, status, words):
    with _client(small_store, extractor) as c:  # defaults: the same request passes
        ok = c.request(method, url, params=params, json=body)
        assert ok.status_code == 200, ok.text
    articles = small_store.stats().articles
    with _client(small_store, extractor, **setting) as c:
        r = c.request(method, url, params=params, json=body)
        assert r.status_code == status, r.text
        assert words in r.json()["detail"]
    assert small_store.stats().articles == articles  # nothing stored by a refused request


def test_limits_come_from_the_environment(small_store, monkeypatch):
    monkeypatch.setenv("TENSIONGRAPH_MAX_HOPS", "1")
    monkeypatch.setenv("TENSIONGRAPH_QUERY_SECONDS", "0.0")
    with TestClient(create_app(Settings(), store=small_store)) as c:
        assert "max_hops exceeds the limit of 1" in c.get("/paths", params={**ALL_PATHS, "max_hops": 2}).json()["detail"]
        assert BUDGET in c.get("/tension/top").json()["detail"]


def test_defaults_are_safe():
    s = Settings()
    assert s.api_key is None and not s.allow_anonymous_writes and s.cors_origins == []
    assert s.max_body_bytes <= 16 * 1024**2 and s.max_article_bytes <= s.max_body_bytes
    assert s.max_batch <= 1000 and s.max_page <= 1000 and s.max_hops <= 8 and s.max_paths <= 50
    assert 0 < s.query_seconds <= 60 and 0 < s.fetch_timeout <= 60 and s.fetch_allow_hosts == []


def test_read_key_protects_reads_when_configured(small_store):
    with TestClient(create_app(Settings(api_key="k", read_key_required=True), store=small_store)) as c:
        for url in ("/actors", "/relations", "/stats", "/tension/top", "/graph", "/alliances/blocs", "/articles"):
            assert c.get(url).status_code == 401, url
            assert c.get(url, headers={"X-API-Key": "wrong"}).status_code == 401, url
            assert c.get(url, headers={"X-API-Key": "k"}).status_code == 200, url
        assert c.get("/health").status_code == 200  # liveness stays open for load balancers
    with TestClient(create_app(Settings(api_key="k"), store=small_store)) as c:  # default: reads are open
        assert c.get("/relations").status_code == 200


@pytest.mark.parametrize("given", [None, "", "K", "k ", "kk", "k\x00", "ķ".encode()])
def test_write_key_must_match_exactly(small_store, given):
    headers = {} if given is None else {"X-API-Key": given}
    before = small_store.stats().articles
    with TestClient(create_app(Settings(api_key="k"), store=small_store)) as c:
        r = c.post("/articles", json={"text": "Chad accused Sudan."}, headers=headers)
        assert r.status_code in (400, 401), r.text
    assert small_store.stats().articles == before
