"""/graph streams its JSON (issue 13 part 2): the answer is written a piece at a time as it is sent, and says
exactly what the whole documents of graph.export say. Real uvicorn, real HTTP, a real SQLite store."""

from __future__ import annotations

import json
import socket
import threading
import time

import httpx
import networkx as nx
import pytest
import uvicorn

from api.app import create_app
from api.settings import Settings
from graph import export
from graph.embedded import EmbeddedStore
from tests.conftest import make_extraction


def _graph() -> nx.MultiDiGraph:
    g = nx.MultiDiGraph()
    g.add_node("IRN", kind="State", name="Iran")
    g.add_node("kanaani", kind="Officer", name="Nasser Kan'ani \u201cspokesman\u201d", state="IRN")
    for n in range(300):
        g.add_node(f"K{n}", kind="Organization", name=f"Front {n} \u00e9")
        g.add_edge("IRN", f"K{n}", key="ARMS", type="ARMS", symmetric=False, count=n, confidence=0.5,
                   first_seen="2024-01-01", last_seen="2024-02-01")
    g.add_edge("kanaani", "IRN", key="COOPERATES_WITH", type="COOPERATES_WITH", symmetric=True, count=1,
               confidence=1.0)
    return g


@pytest.mark.parametrize("chunk", [1, 100, 64 * 1024])
def test_streamed_documents_are_the_whole_documents(monkeypatch, chunk):
    monkeypatch.setattr(export, "STREAM_CHUNK", chunk)
    g = _graph()
    streamed = list(export.node_link_stream(g))
    assert json.loads(b"".join(streamed)) == export.node_link(g)
    assert json.loads(b"".join(export.cytoscape_stream(g))) == export.cytoscape(g)
    if chunk == 100:
        assert len(streamed) > 10 and all(len(piece) < 2 * 1024 for piece in streamed[:-1])


def test_an_empty_graph_streams_valid_json():
    g = nx.MultiDiGraph()
    assert json.loads(b"".join(export.node_link_stream(g))) == export.node_link(g)
    assert json.loads(b"".join(export.cytoscape_stream(g))) == export.cytoscape(g)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_graph_route_streams_over_http(tmp_path):
    store = EmbeddedStore(tmp_path / "g.db")
    store.upsert_many([make_extraction(f"a{n}", "2024-01-05", [("IRN", "ACCUSES", f"K{n}", 0.9),
                                                                ("TUR", "ARMS", f"K{n}", 0.8)]) for n in range(400)])
    app = create_app(Settings(), store=store)
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=_free_port(), log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.02)
    try:
        base = f"http://127.0.0.1:{server.config.port}"
        with httpx.stream("GET", f"{base}/graph", params={"center": "IRN", "depth": 2}, timeout=60) as r:
            assert r.status_code == 200 and r.headers["content-type"] == "application/json"
            assert r.headers.get("transfer-encoding") == "chunked" and "content-length" not in r.headers
            body = b"".join(r.iter_raw())
        doc = json.loads(body)
        assert len(doc["nodes"]) == 402 and len(doc["edges"]) == 800
        assert doc == export.node_link(export.window(store.subgraph("IRN", 2)))
        cy = httpx.get(f"{base}/graph", params={"center": "TUR", "format": "cytoscape"}, timeout=60).json()
        assert {e["data"]["id"] for e in cy["elements"]["edges"]} == {f"TUR|ARMS|K{n}" for n in range(400)}
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        store.close()
