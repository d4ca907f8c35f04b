"""Readers don't wait (issue 13 part 2), on a real SQLite file: an analysis reads a snapshot of the projection
and holds no lock that stops a lookup or an ingest; a reader's snapshot stays as it was while writes go on;
the indexes a write carries over (collapsed path graphs, the tension ranking, alliance edges) answer as
indexes built afresh, and answers after a write include it. Ordering is asserted with events, never times."""

from __future__ import annotations

import datetime as dt
import random
import threading
import time

import networkx as nx
import pytest

from graph import alliances, paths, resolve, tension
from graph.budget import Budget
from graph.embedded import EmbeddedStore
from graph.errors import LimitExceeded
from graph.export import window
from graph.model import Actor
from graph.snapshot import per_generation
from graph.store import ActorQuery, RelationFilter
from tests.conftest import make_extraction

STATES = ["IRN", "AZE", "TUR", "ARM", "ISR", "RUS", "UKR", "FRA", "USA", "CHN", "IND", "PAK"]
TYPES = ["ACCUSES", "THREATENS", "ATTACKS", "SANCTIONS", "SUPPORTS", "COOPERATES_WITH", "ARMS", "ALLIED_WITH",
         "DENIES", "MEMBER_OF"]
WAIT = 60  # seconds a test waits for a thread before calling it stuck (a failsafe, not a measure)


class Gate(Budget):
    """A budget whose first check holds the analysis until ``release`` is set, saying so on ``started``: an
    analysis as slow as the test wants, stopped where analyses check their budget."""

    def __init__(self) -> None:
        super().__init__(None)
        self.started, self.release = threading.Event(), threading.Event()

    def check(self) -> None:
        self.started.set()
        assert self.release.wait(WAIT), "the test never released the analysis"


def fill(store: EmbeddedStore, n: int, seed: int, prefix: str) -> None:
    rng = random.Random(seed)
    for i in range(n):
        a, b = rng.sample(STATES, 2)
        day = dt.date(2020, 1, 1) + dt.timedelta(days=rng.randrange(1500))
        store.upsert(make_extraction(f"{prefix}{i}", day.isoformat(), [(a, rng.choice(TYPES), b, rng.uniform(0.5, 1))]))


def test_a_slow_analysis_stops_neither_a_lookup_nor_an_ingest(tmp_path):
    with EmbeddedStore(tmp_path / "s.db") as store:
        fill(store, 40, 1, "a")
        gate, answer = Gate(), {}

        def analysis() -> None:
            with store.reading() as g:
                answer["top"] = tension.rank_dyads(g, limit=None, budget=gate)[0]

        slow = threading.Thread(target=analysis)
        slow.start()
        assert gate.started.wait(WAIT)
        done = {}

        def others() -> None:
            done["relations"] = store.relations(RelationFilter(actor="IRN"), limit=5).total
            done["ingest"] = store.upsert(make_extraction("new", "2024-06-01", [("XKX", "ATTACKS", "MNE", 1.0)])).stored
            done["stats"] = store.stats().articles
            with store.reading() as g:  # another analysis, on the snapshot with the new article
                done["paths"] = paths.k_shortest_paths(g, "XKX", "MNE", k=1)

        other = threading.Thread(target=others)
        other.start()
        other.join(WAIT)
        assert not other.is_alive() and slow.is_alive()  # all done while the slow analysis still runs
        assert done["relations"] > 0 and done["ingest"] is True and done["stats"] == 41
        assert [(s.source, s.type, s.target) for s in done["paths"][0]] == [("XKX", "ATTACKS", "MNE")]
        gate.release.set()
        slow.join(WAIT)
        assert not slow.is_alive()
        # the slow analysis answered from the snapshot it started on: the write came after
        assert answer["top"] and ("MNE", "XKX") not in {(t.a, t.b) for t in answer["top"]}
        with store.reading() as g:
            assert ("MNE", "XKX") in {(t.a, t.b) for t in tension.rank_dyads(g, limit=None)[0]}


def test_a_reader_keeps_its_snapshot_while_writes_go_on(tmp_path):
    with EmbeddedStore(tmp_path / "s.db") as store:
        fill(store, 30, 2, "b")
        inside, wrote, seen = threading.Event(), threading.Event(), {}

        def reader() -> None:
            with store.reading() as g:
                before = (g.number_of_nodes(), g.number_of_edges(), sum(len(d["events"]) for *_, d in g.edges(data=True)))
                inside.set()
                assert wrote.wait(WAIT)
                seen["during"] = before
                seen["after"] = (g.number_of_nodes(), g.number_of_edges(),
                                 sum(len(d["events"]) for *_, d in g.edges(data=True)))

        thread = threading.Thread(target=reader)
        thread.start()
        assert inside.wait(WAIT)
        fill(store, 20, 3, "c")  # new events on old edges, new edges
        store.upsert(make_extraction("d0", "2024-01-01", [("SRB", "ACCUSES", "IRN", 0.9)]))  # a new actor
        wrote.set()
        thread.join(WAIT)
        assert seen["after"] == seen["during"]
        with store.reading() as g:
            now = (g.number_of_nodes(), g.number_of_edges(), sum(len(d["events"]) for *_, d in g.edges(data=True)))
        assert now[0] == seen["during"][0] + 1 and now[2] == seen["during"][2] + 21


def test_indexes_carried_over_writes_answer_as_built_afresh(tmp_path):
    officer = Actor(key="officer:irn:araghchi", kind="Officer", name="Abbas Araghchi", state="IRN")
    with EmbeddedStore(tmp_path / "s.db") as store:
        fill(store, 60, 4, "e")
        kinds = [(None, False), (None, True), (frozenset({"ALLIED_WITH", "ACCUSES"}), False)]
        with store.reading() as g:  # the indexes a server has after its first queries
            for types, directed in kinds:
                paths.k_shortest_paths(g, "IRN", "USA", types=types and set(types), directed=directed)
            tension.rank_dyads(g, half_life_days=180.0)
            alliances.blocs(g)
        store.search_actors(ActorQuery(q="Iran"))
        for i in range(15):  # new events on old edges and pairs, new actors, an officer that rolls up to IRN
            rng = random.Random(i)
            a, b = rng.sample(STATES, 2)
            store.upsert(make_extraction(f"w{i}", f"2024-0{1 + i % 9}-0{1 + i % 9}",
                                         [(a, rng.choice(TYPES), b, 0.7), (a, "ALLIED_WITH", "NEW" + str(i % 3), 0.8)]))
        store.upsert(make_extraction("off", "2025-03-01", [(officer.key, "THREATENS", "ISR", 0.9)], actors=[officer]))
        g = store.projection()
        # carried by the writes, not left for the next reader to build
        assert g.graph["_collapsed"][0] == g.graph["_ranking", 180.0][0] == g.graph["generation"]
        assert "_alliance_edges" in g.graph and "_names" in g.graph
        names = {k: store._view[1].get(k, set()) | {g.nodes[k]["name"]} for k in g}
        for q in ("Iran", "Araghchi", "New1", "Abas Araghchi", "frnce"):
            assert store._name_index(g).rank(q) == resolve.NameIndex(names).rank(q)
        assert store.search_actors(ActorQuery(q="Araghchi")).items[0].key == officer.key
        for types, directed in kinds:
            carried = paths._collapsed(g, types and set(types), directed, Budget(None))
            afresh = paths._collapse(g, types and set(types), directed, Budget(None))
            assert set(carried.nodes) == set(afresh.nodes)

            def steps(view, directed=directed):
                return {((a, b) if directed else frozenset((a, b)), d["step"]) for a, b, d in view.edges(data=True)}

            assert steps(carried) == steps(afresh)
        ranked, total = tension.rank_dyads(g, limit=None, as_of=dt.date(2025, 6, 1))
        scanned, scanned_total = tension.rank_dyads(g, limit=None, as_of=dt.date(2025, 6, 1), since=dt.date(1, 1, 1))
        assert total == scanned_total and [(t.a, t.b, t.events) for t in ranked] == [(t.a, t.b, t.events) for t in scanned]
        for f, s in zip(ranked, scanned, strict=True):
            assert f.score == pytest.approx(s.score, rel=1e-9, abs=1e-12)
            assert f.by_type == pytest.approx(s.by_type, rel=1e-9, abs=1e-12)
        assert ("IRN", "ISR") in {(t.a, t.b) for t in ranked}  # the officer's threat counts for his state
        fresh = nx.MultiDiGraph()  # the same graph, no indexes
        fresh.add_nodes_from(g.nodes(data=True))
        fresh.add_edges_from(g.edges(keys=True, data=True))
        assert alliances.blocs(g) == alliances.blocs(fresh)
        assert [a.key for a in alliances.allies(g, "IRN", depth=2)] == [a.key for a in alliances.allies(fresh, "IRN", depth=2)]


def test_the_budget_clock_starts_with_the_analysis(tmp_path):
    with EmbeddedStore(tmp_path / "s.db") as store:
        fill(store, 10, 5, "f")
        budget = Budget(1.0)
        queued = time.monotonic() + 1.5
        while time.monotonic() < queued:  # the request waits for a worker longer than its whole budget
            time.sleep(0.1)
        with store.reading() as g:
            paths.k_shortest_paths(g, "IRN", "USA", budget=budget)  # does not raise: its clock starts here


def test_subgraph_caps_stop_before_the_answer_is_built(tmp_path):
    with EmbeddedStore(tmp_path / "s.db") as store:
        fill(store, 60, 6, "g")
        whole = store.subgraph("USA", 2)
        assert len(whole) > 3 and whole.number_of_edges() > 3
        with pytest.raises(LimitExceeded, match="graph nodes exceeds the limit of 3"):
            store.subgraph("USA", 2, max_nodes=3)
        with pytest.raises(LimitExceeded, match="graph nodes exceeds the limit of 3"):
            store.subgraph(None, max_nodes=3)
        assert set(store.subgraph("USA", 2, max_nodes=len(whole))) == set(whole)
        with pytest.raises(LimitExceeded, match="graph edges exceeds the limit of 3"):
            window(whole, max_edges=3)
        assert window(whole, max_edges=whole.number_of_edges()).number_of_edges() == whole.number_of_edges()


def test_readers_that_need_a_new_index_at_once_wait_for_one_build(tmp_path):
    """8 readers asking a snapshot for an index it does not have yet: one builds it, the others wait and get
    the same one (each built its own before: 8 times the work and the memory, on the same cores)."""
    with EmbeddedStore(tmp_path / "g.db") as store:
        fill(store, 20, 7, "a")
        g = store.projection()
        builds, got = [], []

        def build() -> object:
            builds.append(threading.get_ident())
            time.sleep(0.2)  # a slow build: the other readers arrive meanwhile
            return object()

        readers = [threading.Thread(target=lambda: got.append(per_generation(g, "_test_index", build))) for _ in range(8)]
        for t in readers:
            t.start()
        for t in readers:
            t.join(WAIT)
        assert len(got) == 8 and len(builds) == 1
        assert len({id(x) for x in got}) == 1


def test_when_a_build_fails_the_next_reader_builds_the_index(tmp_path):
    with EmbeddedStore(tmp_path / "g.db") as store:
        fill(store, 20, 8, "a")
        g = store.projection()

        def fails() -> object:
            raise LimitExceeded("query time", 10)

        with pytest.raises(LimitExceeded):
            per_generation(g, "_test_index", fails)
        assert per_generation(g, "_test_index", lambda: "built") == "built"


def test_concurrent_first_path_queries_collapse_the_graph_once(tmp_path, monkeypatch):
    calls = []
    real = paths._collapse

    def counted(*args, **kwargs):
        calls.append(1)
        time.sleep(0.1)
        return real(*args, **kwargs)

    monkeypatch.setattr(paths, "_collapse", counted)
    with EmbeddedStore(tmp_path / "g.db") as store:
        fill(store, 40, 9, "a")
        answers = []
        readers = [threading.Thread(target=lambda: answers.append(store.paths("IRN", "USA"))) for _ in range(6)]
        for t in readers:
            t.start()
        for t in readers:
            t.join(WAIT)
        assert len(answers) == 6 and all(a == answers[0] for a in answers)
        assert len(calls) == 1
