"""Parallel ingests and reads on the embedded store: no lost write, no "database is locked" reaching a
caller, no read that sees half an article. Threads share one store; other processes open the same file;
HTTP clients post and read through a real uvicorn server at the same time."""

from __future__ import annotations

import multiprocessing
import random
import socket
import threading
import time
from collections import Counter

import httpx
import pytest
import uvicorn

from api.app import create_app
from api.deps import query_budget
from api.settings import Settings
from graph.budget import Budget
from graph.embedded import EmbeddedStore
from graph.store import RelationFilter
from tests.conftest import make_extraction

STATES = ["IRN", "AZE", "TUR", "ARM", "ISR", "RUS", "UKR", "FRA", "DEU", "POL", "CHN", "TWN", "IND", "PAK"]
TYPES = ["ACCUSES", "DENIES", "ARMS", "THREATENS", "SANCTIONS", "SUPPORTS"]


def plan(writer: str, n: int) -> list[tuple[str, str, list[tuple[str, str, str, float]]]]:
    """``n`` articles for one writer, each with exactly two different relations."""
    rng = random.Random(writer)
    out = []
    for i in range(n):
        rels: list[tuple[str, str, str, float]] = []
        while len(rels) < 2:
            s, o = rng.sample(STATES, 2)
            rel = (s, rng.choice(TYPES), o, 0.8)
            if all(r[:3] != rel[:3] for r in rels):
                rels.append(rel)
        out.append((f"{writer}-{i}", f"2024-{1 + i % 12:02d}-{1 + i % 28:02d}", rels))
    return out


def write_all(path: str, writer: str, n: int) -> list[str]:
    """Runs in another process: its own store on the same file. Returns the errors it met."""
    errors = []
    with EmbeddedStore(path) as store:
        for article_id, day, rels in plan(writer, n):
            try:
                store.upsert(make_extraction(article_id, day, rels))
            except Exception as exc:  # noqa: BLE001 (any error here is a failure of the test)
                errors.append(f"{article_id}: {exc!r}")
    return errors


def expected(writers: dict[str, int]) -> tuple[int, Counter]:
    evidence: Counter = Counter()
    articles = 0
    for writer, n in writers.items():
        for _, _, rels in plan(writer, n):
            articles += 1
            evidence.update(r[:3] for r in rels)
    return articles, evidence


@pytest.mark.slow
def test_threads_and_processes_write_and_read_one_file(tmp_path):
    path = str(tmp_path / "busy.db")
    threads_n, procs_n, per = 4, 2, 40
    writers = {f"t{w}": per for w in range(threads_n)} | {f"p{w}": per for w in range(procs_n)}
    store = EmbeddedStore(path)
    errors: list[str] = []
    half_seen: list[str] = []
    stop = threading.Event()

    def writer(name: str) -> None:
        for article_id, day, rels in plan(name, per):
            try:
                store.upsert(make_extraction(article_id, day, rels))
            except Exception as exc:  # noqa: BLE001
                errors.append(f"{article_id}: {exc!r}")

    def reader(seed: int) -> None:
        rng = random.Random(seed)
        while not stop.is_set():
            try:
                listed = store.list_articles(limit=50, offset=rng.randint(0, 50)).items
                for art in listed[:5]:
                    rels = store.relations(RelationFilter(article=art.id), limit=10).items
                    if len(rels) != 2:
                        half_seen.append(f"{art.id}: {len(rels)} relations")
                with store.reading() as g:
                    events = sum(len(d.get("events", ())) for _, _, d in g.edges(data=True))
                if events % 2:
                    half_seen.append(f"projection holds {events} events")
            except Exception as exc:  # noqa: BLE001
                errors.append(f"reader: {exc!r}")

    ctx = multiprocessing.get_context("spawn")
    with ctx.Pool(procs_n) as pool:
        results = [pool.apply_async(write_all, (path, f"p{w}", per)) for w in range(procs_n)]
        readers = [threading.Thread(target=reader, args=(i,)) for i in range(4)]
        writers_t = [threading.Thread(target=writer, args=(f"t{w}",)) for w in range(threads_n)]
        for t in readers + writers_t:
            t.start()
        for t in writers_t:
            t.join()
        for r in results:
            errors.extend(r.get(timeout=300))
        stop.set()
        for t in readers:
            t.join()
    assert not errors, errors[:5]
    assert not half_seen, half_seen[:5]
    articles, evidence = expected(writers)
    stats = store.stats()
    assert stats.articles == articles == (threads_n + procs_n) * per
    assert stats.evidence == sum(evidence.values())
    assert sum(stats.relations.values()) == len(evidence)
    got = {(r.source, str(r.type), r.target): r.count
           for r in store.relations(RelationFilter(), limit=10_000).items}
    assert got == dict(evidence)
    with store.reading() as g:  # the projection agrees with the file, including the other processes' writes
        assert sum(len(d["events"]) for _, _, d in g.edges(data=True)) == sum(evidence.values())
    store.close()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.slow
def test_parallel_http_ingests_and_reads(tmp_path, extractor):
    store = EmbeddedStore(tmp_path / "http.db")
    app = create_app(Settings(api_key="k", max_batch=10), store=store, extractor=extractor)
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.02)
    base = f"http://127.0.0.1:{port}"
    failures: list[str] = []
    posted: list[str] = []

    def poster(w: int) -> None:
        with httpx.Client(base_url=base, headers={"X-API-Key": "k"}, timeout=60) as c:
            for i in range(6):
                batch = [{"id": f"h{w}-{i}-{j}", "published": f"2024-05-0{1 + j}",
                          "text": f"Ruritania accused Borduria of massing troops, report {w}-{i}-{j} said."}
                         for j in range(3)]
                r = c.post("/articles", json=batch)
                if r.status_code != 200 or r.json()["failures"]:
                    failures.append(f"POST {w}/{i}: {r.status_code} {r.text[:200]}")
                else:
                    posted.extend(x["article_id"] for x in r.json()["results"] if x["stored"])

    def getter() -> None:
        with httpx.Client(base_url=base, timeout=60) as c:
            for _ in range(60):
                for url in ("/relations", "/stats", "/articles", "/tension/top", "/actors?q=Ruritania"):
                    r = c.get(url)
                    if r.status_code != 200:
                        failures.append(f"GET {url}: {r.status_code} {r.text[:200]}")

    threads = [threading.Thread(target=poster, args=(w,)) for w in range(4)] + \
              [threading.Thread(target=getter) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    server.should_exit = True
    thread.join(10)
    assert not failures, failures[:5]
    assert len(posted) == 4 * 6 * 3
    assert store.stats().articles == len(posted)
    assert {a.id for a in store.list_articles(limit=500).items} == set(posted)
    store.close()


class _Gate(Budget):
    """The analyses' budget, holding each analysis at its first check until ``release``; ``started`` says one is
    held. Swapped in for the app's budget dependency: the store, the routes and the server are the real ones."""

    def __init__(self) -> None:
        super().__init__(None)
        self.started, self.release = threading.Event(), threading.Event()

    def check(self) -> None:
        self.started.set()
        assert self.release.wait(120), "the test never released the analysis"


def test_a_slow_analysis_over_http_stops_no_other_request(tmp_path, extractor):
    """While /tension/top is held inside its analysis, a relation lookup, an ingest and a read that includes
    the ingest all answer; the held analysis then answers from the snapshot it started on."""
    store = EmbeddedStore(tmp_path / "slow.db")
    for article_id, day, rels in plan("seed", 20):
        store.upsert(make_extraction(article_id, day, rels))
    app = create_app(Settings(api_key="k"), store=store, extractor=extractor)
    gate = _Gate()
    app.dependency_overrides[query_budget] = lambda: gate
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.02)
    base = f"http://127.0.0.1:{port}"
    held: dict = {}

    def slow() -> None:
        with httpx.Client(base_url=base, timeout=120) as c:
            held["top"] = c.get("/tension/top", params={"limit": 100})

    waiting = threading.Thread(target=slow)
    waiting.start()
    assert gate.started.wait(60)
    with httpx.Client(base_url=base, headers={"X-API-Key": "k"}, timeout=60) as c:
        assert c.get("/actors/IRN/relations").status_code == 200
        posted = c.post("/articles", json={"id": "late", "published": "2024-06-01",
                                           "text": "Chile accused Peru of massing troops on the border."})
        assert posted.status_code == 200 and posted.json()["results"][0]["stored"]
        rel = posted.json()["results"][0]["relations"][0]
        pair = frozenset((rel["source"], rel["target"]))
        assert c.get("/relations", params={"source": rel["source"]}).json()["total"] >= 1
        assert waiting.is_alive()  # all of it answered while the analysis was still held
        gate.release.set()
        waiting.join(60)
        assert held["top"].status_code == 200
        before = {frozenset((t["a"], t["b"])) for t in held["top"].json()["items"]}
        after = {frozenset((t["a"], t["b"])) for t in c.get("/tension/top", params={"limit": 100}).json()["items"]}
    assert pair in after - before  # the held answer is of the graph before the ingest
    server.should_exit = True
    thread.join(10)
    store.close()
