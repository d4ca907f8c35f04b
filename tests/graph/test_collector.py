"""What a store's projection keeps stays out of the walk of Python's cyclic garbage collector (issue 13: no
multi-100-ms pauses while serving a loaded graph). A full collection walks every object the collector tracks;
a container of atoms only (a tuple of dates, floats and strings, a dict of such values) stops being tracked at
the collection that finds it so, and is never walked again. The projection's edges, the events they hold and
the analysis indexes kept on a snapshot must be such containers, after a load, after writes that append to
known edges (the writer's own lists are turned back into tuples when it publishes) and after indexes are
carried over a write; an event list or an index object per edge kept hundreds of thousands of objects in
every full collection at 1M rows (1.2 s each, bench/README.md)."""

from __future__ import annotations

import datetime as dt
import gc
import sys
import threading
import weakref

from graph import alliances, export, snapshot
from graph.coded import CodedEvent
from graph.embedded import EmbeddedStore
from graph.model import Actor, RelationType
from graph.snapshot import gc_paused
from graph.store import ActorQuery, RelationFilter
from tests.graph.test_snapshots import WAIT, fill


def collected() -> None:
    """Full collections, one per level of nesting (a collection stops tracking a container whose items it
    found untracked, outermost last; in the worst order of the collector's list, one level per collection)."""
    for _ in range(4):
        gc.collect()


def walked(objects) -> list:
    return [o for o in objects if gc.is_tracked(o)]


def build_indexes(store: EmbeddedStore) -> None:
    store.paths("IRN", "USA")
    store.rank_dyads(limit=5)
    store.search_actors(ActorQuery(q="Iran"))


def test_edges_events_and_indexes_are_not_walked_by_a_full_collection(tmp_path):
    with EmbeddedStore(tmp_path / "g.db") as store:
        fill(store, 60, 1, "a")
        build_indexes(store)
        fill(store, 60, 2, "b")  # appends to known edges; the indexes are carried over each write
        build_indexes(store)
        g = store.projection()
        collected()
        edges = [d for *_, d in g.edges(keys=True, data=True)]
        assert len(edges) > 30 and all(len(d["events"]) for d in edges)
        assert walked(d["events"] for d in edges) == []
        assert walked(edges) == []
        ranking = g.graph[("_ranking", 180.0)]
        assert ranking[0] == g.graph["generation"], "the ranking was carried to this snapshot"
        assert walked(ranking[1].totals.values()) == []
        views = g.graph["_collapsed"][1]
        assert views and walked(d for view in views.values() for *_, d in view.edges(data=True)) == []
        names = g.graph["_names"][1]
        assert walked(names._word_keys.values()) == walked(names._name_keys.values()) == []


def test_a_write_leaves_the_edges_it_appended_to_as_tuples(tmp_path):
    with EmbeddedStore(tmp_path / "g.db") as store:
        fill(store, 20, 3, "a")
        g = store.projection()
        u, v, k, data = next(iter(g.edges(keys=True, data=True)))
        before = data["events"]
        from tests.conftest import make_extraction
        store.upsert(make_extraction("late", "2030-01-01", [(u, k, v, 0.9)]))
        after = store.projection().edges[u, v, k]["events"]
        assert isinstance(after, tuple) and after[-1] == (dt.date(2030, 1, 1), 0.9)
        assert after[:-1] == before and g.edges[u, v, k]["events"] is before, "the old snapshot kept its events"


def test_a_superseded_snapshot_is_freed_without_the_cyclic_collector(tmp_path):
    """Its graph holds no reference cycle (networkx caches edge and degree views that refer back to the graph;
    the projection's class does not), so it goes as soon as no reader holds it, even while the collector
    is paused or has frozen it (the load freezes the projection it made, graph.embedded)."""
    with EmbeddedStore(tmp_path / "g.db") as store:
        fill(store, 20, 4, "a")
        build_indexes(store)
        with store.reading("text") as view:
            list(view.edges(data=True))
        g = store.projection()
        list(g.edges(keys=True, data=True)), dict(g.degree), list(g.in_edges), list(g.out_degree)
        gone = (weakref.ref(g), weakref.ref(g.graph[("_provenance", "text")][1]),
                weakref.ref(g.graph["_collapsed"][1][(None, False)]))
        del g, view
        gc.disable()
        try:
            fill(store, 3, 5, "b")  # publishes the next snapshot, with the indexes carried over
            assert [ref() for ref in gone] == [None, None, None]
        finally:
            gc.enable()


def test_a_large_index_build_leaves_the_collectors_view_and_is_still_freed(monkeypatch):
    """An index built with many tracked objects (a path search's collapsed graph: a tuple and a dict per actor
    pair) is frozen when built: otherwise the first collections after it walk all of it (85 ms after the first
    path query at 1M rows, seconds at 10M). Frozen, it is still freed by reference counting; a small build is
    left to the collector."""
    monkeypatch.setattr(snapshot, "FREEZE_OVER", 1000)
    gc.collect()
    with gc_paused(freeze=True):
        small = [[i] for i in range(10)]
    walked_now = {id(o) for o in gc.get_objects()}
    assert all(id(o) in walked_now for o in small), "a small build is left to the collector"
    with gc_paused(freeze=True):
        large = [[i] for i in range(5000)]
    walked_now = {id(o) for o in gc.get_objects()}
    assert not any(id(o) in walked_now for o in large), "a large build is frozen"
    frozen = gc.get_freeze_count()
    del large
    assert gc.get_freeze_count() <= frozen - 5000, "a frozen index is freed once dropped"


def test_a_path_querys_collapsed_graph_is_not_walked_after_it_is_built(tmp_path, monkeypatch):
    monkeypatch.setattr(snapshot, "FREEZE_OVER", 50)  # the test's graph is small
    with EmbeddedStore(tmp_path / "g.db") as store:
        fill(store, 80, 1, "a")
        gc.collect()
        store.paths("IRN", "USA")
        views = store.projection().graph["_collapsed"][1]
        steps = [d for view in views.values() for *_, d in view.edges(data=True)]
        made = [o for d in steps for o in (d, d["step"]) if gc.is_tracked(o)]
        assert len(made) > 50, "the build made tracked objects"
        walked_now = {id(o) for o in gc.get_objects()}
        assert not any(id(o) in walked_now for o in made)


def test_a_subgraph_answer_leaves_no_cyclic_garbage(tmp_path):
    """The graphs a /graph answer, a GraphML export and the alliance graph build are freed by reference
    counting as soon as the answer is sent: networkx's own classes cache edge views that refer back to their
    graph, a cycle only the collector frees (215,000 dicts per /graph answer at 1M rows, 263 ms to collect)."""
    with EmbeddedStore(tmp_path / "g.db") as store:
        fill(store, 80, 2, "a")

        def answer() -> None:
            flat = export.window(store.subgraph("IRN", 2))
            b"".join(export.node_link_stream(flat))
            b"".join(export.cytoscape_stream(flat))
            export.graphml(flat)
            list(alliances.alliance_graph(store.projection()).edges(data=True))

        answer()  # what the first call makes once (imports, indexes)
        gc.collect()
        gc.disable()
        try:
            answer()
            assert gc.collect() == 0, "unreachable objects left by a subgraph answer"
        finally:
            gc.enable()


def test_an_analysis_runs_without_the_collector_walking_what_it_makes(tmp_path):
    """Common enemies, a subgraph, a path, a top-20 and a provenance's relations make many objects for their
    answer and no cyclic garbage; with the collector running, its collections walked them while the analysis
    ran, full ones again and again on a large graph (120-135 ms each at 1M rows, 968 ms at 10M). What an
    analysis leaves alive (its answer) is collected after it, as before."""
    analyses = {"common_enemies", "neighbourhood", "k_shortest_paths", "rank_dyads", "_provenance_relations"}
    with EmbeddedStore(tmp_path / "g.db") as store:
        fill(store, 200, 6, "a")
        build_indexes(store)
        store.relations(RelationFilter(provenance="text"))
        during: list[str] = []

        def seen(phase: str, info: dict) -> None:
            if phase == "start":
                frame = sys._getframe(1)
                while frame is not None:
                    if frame.f_code.co_name in analyses:
                        during.append(frame.f_code.co_name)
                        return
                    frame = frame.f_back

        gc.callbacks.append(seen)
        try:
            for _ in range(20):
                store.common_enemies()
                store.subgraph(None, 2)
                store.paths("IRN", "USA", k=5)
                store.rank_dyads(limit=50)
                store.relations(RelationFilter(provenance="text"), limit=500)
        finally:
            gc.callbacks.remove(seen)
        assert during == []


def test_the_collector_stays_paused_until_the_last_of_overlapping_blocks_ends():
    """Threads pause it for blocks of their own at once (a server's clients' analyses, a write): it ran again as
    soon as the block that paused it first ended, in the middle of the others (beside `tensiongraph import` at
    1M rows, a full collection of 286 ms in the middle of a followed commit, whose objects it walked)."""
    entered, leave = threading.Event(), threading.Event()

    def other() -> None:
        with gc_paused():
            entered.set()
            leave.wait(WAIT)

    assert gc.isenabled()
    first = gc_paused()
    first.__enter__()
    thread = threading.Thread(target=other)
    thread.start()
    try:
        assert entered.wait(WAIT)
        first.__exit__(None, None, None)
        assert not gc.isenabled(), "the collector ran again while another thread's block went on"
    finally:
        leave.set()
        thread.join()
    assert gc.isenabled(), "the last block to end starts it again"
    gc.disable()
    try:
        with gc_paused():
            pass
        assert not gc.isenabled(), "a collector disabled before stays disabled"
    finally:
        gc.enable()


def test_what_a_write_adds_to_the_projection_leaves_the_collectors_view(tmp_path, monkeypatch):
    """A write forks what it changes (the outer dicts, the adjacency of the actors it touches, their edges) and
    carries the indexes to the next snapshot: many new objects and no garbage. Left to the collector, its next
    collection walked them all at once: 276-591 ms at 1M rows beside `tensiongraph import`, whether the write was
    this store's own (an ingest, an import) or another process's commit that it followed. They are frozen when
    many, as an index build is."""
    monkeypatch.setattr(snapshot, "FREEZE_OVER", 5)  # the test's writes are small
    path = tmp_path / "g.db"
    with EmbeddedStore(path) as server, EmbeddedStore(path) as other:
        fill(server, 40, 1, "a")
        build_indexes(server)
        gc.collect()
        gc.disable()  # no collection in between: it would let go of containers of atoms only, frozen or not
        try:
            writes = {
                "ingest": lambda: fill(server, 1, 2, "b"),
                "import": lambda: server.import_events([CodedEvent("gdelt:1", dt.date(2024, 3, 2), "event 1", [
                    (Actor("IRN", "State", "Iran"), RelationType.ACCUSES, Actor("ISR", "State", "Israel"))],
                    provenance="gdelt", confidence=0.5)]),
                "another process's commit, followed": lambda: (fill(other, 1, 3, "c"), server.projection()),
            }
            for name, write in writes.items():
                before = server.projection()
                write()
                g = server.projection()
                assert g is not before
                made = [g._adj, g._node, g.graph[("_ranking", 180.0)][1].totals,
                        *(g._adj[u] for u in g if g._adj[u] is not before._adj.get(u))]
                walked_now = {id(o) for o in gc.get_objects()}
                assert [o for o in made if id(o) in walked_now] == [], name
        finally:
            gc.enable()


def test_what_overlapping_blocks_left_is_frozen_when_the_last_ends(monkeypatch):
    """Blocks of many threads keep the collector paused for as long as one of them runs (a server's clients
    beside an importing thread): what they all left alive meanwhile is many objects, each block's own few,
    and the young collection after the last walked them all at once (474 ms at 1M rows, 32 clients and an
    import). The last block freezes them when many."""
    monkeypatch.setattr(snapshot, "FREEZE_OVER", 1000)
    gc.collect()
    entered, leave = threading.Event(), threading.Event()

    def other() -> None:
        with gc_paused():
            entered.set()
            leave.wait(WAIT)

    thread = threading.Thread(target=other)
    thread.start()
    try:
        assert entered.wait(WAIT)
        kept = []
        for _ in range(5):
            with gc_paused():
                kept += [[i] for i in range(500)]  # each block's own: under the threshold
        walked_now = {id(o) for o in gc.get_objects()}
        assert all(id(o) in walked_now for o in kept), "not frozen while the other block goes on"
    finally:
        leave.set()
        thread.join()
    walked_now = {id(o) for o in gc.get_objects()}
    assert not any(id(o) in walked_now for o in kept), "frozen when the last block ended"
