"""Denial of service (issue 15 part 4), each against the real thing: `tensiongraph serve` as a subprocess, a
uvicorn server in a thread, a real HTTP server dripping headers. Bounded in seconds; marked slow."""

from __future__ import annotations

import os
import socket
import subprocess
import threading
import time

import httpx
import pytest
import uvicorn

from api.app import create_app
from api.settings import Settings
from graph.embedded import EmbeddedStore
from loaders.html import read_html
from tests.api.test_cli import EXE
from tests.hardening.test_concurrency import _free_port
from tests.hardening.web import WebServer


def _fds(pid: int) -> int:
    return len(os.listdir(f"/proc/{pid}/fd"))


def _closed_by_server(sock: socket.socket) -> bool:
    sock.settimeout(0.05)
    try:
        sock.recv(1024)  # EOF, or an error answer before closing: the server let go of it
        return True
    except (ConnectionResetError, BrokenPipeError):
        return True
    except TimeoutError:
        return False


@pytest.fixture()
def served(tmp_path):
    """`tensiongraph serve` with a 1 s header and body deadline and at most 40 connections."""
    port = _free_port()
    env = {**os.environ, "TENSIONGRAPH_HEADER_TIMEOUT": "1", "TENSIONGRAPH_BODY_TIMEOUT": "1",
           "TENSIONGRAPH_MAX_CONNECTIONS": "40", "TENSIONGRAPH_API_KEY": "k"}
    proc = subprocess.Popen([EXE, "serve", "--port", str(port), "--db", str(tmp_path / "s.db")], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{base}/health", timeout=1).status_code == 200:
                break
        except httpx.HTTPError:
            time.sleep(0.1)
    yield proc, port, base
    proc.terminate()
    try:
        proc.wait(30)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(10)


@pytest.mark.slow
def test_slowloris_and_idle_connections_neither_pile_up_nor_stall_health(served):
    proc, port, base = served
    before = _fds(proc.pid)
    slow = []
    for i in range(300):
        s = socket.create_connection(("127.0.0.1", port))
        s.sendall(b"GET /health HTTP/1.1\r\nHost: a\r\nX-Slow: " if i % 2 else b"")  # half send nothing at all
        slow.append(s)
    time.sleep(0.5)
    assert _fds(proc.pid) <= before + 45, "connections over the cap were kept open"
    time.sleep(3.0)  # past the 1 s header deadline, with room for a busy machine
    assert all(_closed_by_server(s) for s in slow), "a connection that never sent its headers is still open"
    for s in slow:
        s.close()
    assert httpx.get(f"{base}/health", timeout=10).status_code == 200


@pytest.mark.slow
def test_a_dripped_request_body_is_cut_off(served):
    proc, port, base = served
    s = socket.create_connection(("127.0.0.1", port))
    s.sendall(b"POST /articles HTTP/1.1\r\nHost: a\r\nX-API-Key: k\r\nContent-Type: application/json\r\n"
              b"Content-Length: 1000\r\n\r\n{")
    start = time.monotonic()
    s.settimeout(10)
    try:
        while s.recv(1024):  # the server answers or closes once the body deadline passes
            pass
    except ConnectionResetError:
        pass
    assert time.monotonic() - start < 10  # the body deadline is 1 s; room for a busy machine
    s.close()
    assert httpx.get(f"{base}/health", timeout=10).status_code == 200


@pytest.mark.slow
def test_slow_fetches_posted_at_once_do_not_stall_health(tmp_path, extractor):
    """45 POSTs whose URLs drip their headers: they wait for the few ingest threads, /health does not."""
    with WebServer() as web, EmbeddedStore(tmp_path / "g.db") as store:
        settings = Settings(api_key="k", fetch_timeout=3, fetch_allow_hosts=[f"127.0.0.1:{web.port}"])
        port = _free_port()
        server = uvicorn.Server(uvicorn.Config(create_app(settings, store=store, extractor=extractor),
                                               host="127.0.0.1", port=port, log_level="warning"))
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        while not server.started:
            time.sleep(0.02)
        base = f"http://127.0.0.1:{port}"

        def post() -> None:
            httpx.post(f"{base}/articles", json={"url": web.url("/drip-headers")}, headers={"X-API-Key": "k"},
                       timeout=120)

        posters = [threading.Thread(target=post) for _ in range(45)]
        for t in posters:
            t.start()
        time.sleep(1.0)
        waits = []
        for _ in range(5):
            start = time.monotonic()
            assert httpx.get(f"{base}/health", timeout=30).status_code == 200
            waits.append(time.monotonic() - start)
            time.sleep(0.3)
        for t in posters:
            t.join(120)
        server.should_exit = True
        thread.join(10)
    assert max(waits) < 5, waits  # before: 32 s and more (every worker thread held by a dripping fetch)


@pytest.mark.slow
def test_a_cold_server_builds_its_extractor_once(tmp_path, extractor, monkeypatch):
    """Concurrent first POSTs on a server without an extractor: one build, whatever the number of requests.
    The spy reuses the loaded spaCy pipeline and sleeps like a real load would."""
    import loaders.extract

    builds = []

    class Spy(loaders.extract.Extractor):
        def __init__(self, **options) -> None:  # the settings' options (the relation model) as the app passes them
            builds.append(1)
            time.sleep(1.0)
            super().__init__(nlp=extractor.nlp, gazetteer=extractor.gaz, **options)

    monkeypatch.setattr(loaders.extract, "Extractor", Spy)
    with EmbeddedStore(tmp_path / "g.db") as store:
        port = _free_port()
        server = uvicorn.Server(uvicorn.Config(create_app(Settings(api_key="k"), store=store), host="127.0.0.1",
                                               port=port, log_level="warning"))
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        while not server.started:
            time.sleep(0.02)
        codes = []

        def post(i: int) -> None:
            r = httpx.post(f"http://127.0.0.1:{port}/articles", headers={"X-API-Key": "k"}, timeout=60,
                           json={"id": f"c{i}", "text": f"Lithuania accused Belarus of spying, report {i} said."})
            codes.append(r.status_code)

        posters = [threading.Thread(target=post, args=(i,)) for i in range(12)]
        for t in posters:
            t.start()
        for t in posters:
            t.join(60)
        server.should_exit = True
        thread.join(10)
        assert codes == [200] * 12 and len(builds) == 1
        assert store.stats().articles == 12


@pytest.mark.slow
def test_an_element_with_100k_attributes_is_read_in_seconds():
    attrs = " ".join(f'data-a{i}="v{i}"' for i in range(100_000))
    page = (f"<html><body><article><p {attrs}>Lithuania accused Belarus of moving troops to the border on "
            f"Monday, the ministry said in Vilnius.</p></article></body></html>")
    start = time.monotonic()
    article = read_html(page.encode(), "attrs.html")
    assert "Lithuania accused Belarus" in article.text
    assert time.monotonic() - start < 20  # before the cap: minutes (289 s of CPU in the adversarial run)
