"""The embedded store follows another process's writes (issue 13: a server beside ``tensiongraph import``): after
the other connection's commits, its projection is the one a fresh load of the file gives, read from the new rows
only, and a curation there makes it load the file again. Real SQLite files, two stores on one file (two
connections: SQLite tells them apart as it tells processes apart)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from graph import curation
from graph.coded import CodedEvent
from graph.embedded import EmbeddedStore
from graph.model import Actor, ActorKind
from graph.store import ActorQuery
from loaders import gdelt
from loaders.coded import read_events
from tests.conftest import ROOT, make_extraction
from tests.loaders import coded_samples as samples


def _picture(store: EmbeddedStore) -> tuple:
    """Everything the projection answers from: actors with their data and names, edges with their figures and
    reports (the event lists)."""
    g = store.projection()
    nodes = sorted((n, tuple(sorted((k, str(v)) for k, v in d.items() if not k.startswith("_"))),
                    tuple(sorted(store._view[1].get(n, ())))) for n, d in g.nodes(data=True))
    edges = sorted((u, v, k, d["id"], d["count"], str(d["first_seen"]), str(d["last_seen"]), d["confidence"],
                    tuple(d["events"])) for u, v, k, d in g.edges(keys=True, data=True))
    return nodes, edges


class _Loads:
    """Counts the full loads of a store (its projection read from the whole file)."""

    def __init__(self, store: EmbeddedStore) -> None:
        self.count = 0
        load = store._load_all

        def counted() -> None:
            self.count += 1
            load()

        store._load_all = counted  # type: ignore[method-assign]


def _fresh(path) -> tuple:
    with EmbeddedStore(path) as s:
        return _picture(s)


def test_a_reader_follows_another_writers_articles_and_events_without_loading_again(tmp_path):
    path = tmp_path / "g.db"
    officer = Actor(key="irn-fm", kind=ActorKind.MINISTRY, name="Iranian Foreign Ministry", state="IRN",
                    aliases=["Tehran's foreign ministry"])
    with EmbeddedStore(path) as writer, EmbeddedStore(path) as reader:
        writer.upsert_many([make_extraction("a1", "2024-01-05", [("IRN", "ACCUSES", "AZE", 0.9)])])
        loads = _Loads(reader)
        assert _picture(reader) == _fresh(path)
        # more reports of a known relation, a new relation, new actors and a new alias, a symmetric pair
        writer.upsert_many([
            make_extraction("a2", "2024-01-03", [("IRN", "ACCUSES", "AZE", 0.5), ("irn-fm", "THREATENS", "ISR", 0.7)],
                            actors=[officer]),
            make_extraction("a3", "2024-02-01", [("TUR", "COOPERATES_WITH", "AZE", 0.8)],
                            actors=[Actor(key="AZE", kind=ActorKind.STATE, name="Azerbaijan", aliases=["Baku"])])])
        writer.import_events([e for e in read_events([str(samples.gdelt_file(tmp_path / "g.CSV"))], gdelt.read)
                              if isinstance(e, CodedEvent)])
        after = _picture(reader)
        assert after == _fresh(path) and loads.count == 0
        accuses = next(e for e in after[1] if e[:3] == ("IRN", "AZE", "ACCUSES"))
        assert accuses[4] == 2 and [str(day) for day, _ in accuses[8]] == ["2024-01-03", "2024-01-05"]
        assert {"irn-fm", "TUR", "ISR"} <= {n[0] for n in after[0]}
        assert [r.key for r in reader.search_actors(ActorQuery(q="Baku")).items] == ["AZE"]


def test_a_curation_elsewhere_makes_the_reader_load_the_file_again(tmp_path):
    path = tmp_path / "g.db"
    with EmbeddedStore(path) as writer, EmbeddedStore(path) as reader:
        writer.upsert_many([make_extraction("a1", "2024-01-05", [("IRN", "ACCUSES", "AZE", 0.9),
                                                                 ("VEN", "THREATENS", "GUY", 0.8)])])
        loads = _Loads(reader)
        assert _picture(reader) == _fresh(path)
        writer.curate(curation.reject_relation, "VEN|THREATENS|GUY", "ana", "a quote")
        assert _picture(reader) == _fresh(path) and loads.count == 1
        assert not reader.projection().has_edge("VEN", "GUY")
        writer.upsert_many([make_extraction("a2", "2024-01-06", [("VEN", "THREATENS", "GUY", 0.8),
                                                                 ("IRN", "ACCUSES", "AZE", 0.4)])])
        assert _picture(reader) == _fresh(path) and loads.count == 1  # a rejected relation stays out
        writer.curate(curation.delete_article, "a1", "ana", "wrong")
        assert _picture(reader) == _fresh(path) and loads.count == 2


def test_a_write_builds_on_what_another_process_committed_just_before(tmp_path):
    path = tmp_path / "g.db"
    with EmbeddedStore(path) as a, EmbeddedStore(path) as b:
        a.upsert_many([make_extraction("a1", "2024-01-05", [("IRN", "ACCUSES", "AZE", 0.9)])])
        b.projection()
        a.upsert_many([make_extraction("a2", "2024-01-06", [("IRN", "ACCUSES", "AZE", 0.5)])])
        b.upsert_many([make_extraction("b1", "2024-01-07", [("IRN", "ACCUSES", "AZE", 0.5)])])
        a.upsert_many([make_extraction("a3", "2024-01-08", [("TUR", "ARMS", "AZE", 0.5)])])
        assert _picture(a) == _picture(b) == _fresh(path)
        assert b.projection().edges["IRN", "AZE", "ACCUSES"]["count"] == 3


def test_a_server_follows_a_tensiongraph_import_process(tmp_path):
    path = tmp_path / "g.db"
    with EmbeddedStore(path) as reader:
        reader.upsert_many([make_extraction("a1", "2024-01-05", [("IRN", "ACCUSES", "AZE", 0.9)])])
        loads = _Loads(reader)
        done = subprocess.run([str(Path(sys.executable).with_name("tensiongraph")), "import", "gdelt",
                               str(samples.gdelt_file(tmp_path / "g.CSV")), "--db", str(path), "--no-progress"],
                              capture_output=True, text=True, cwd=ROOT, timeout=300)
        assert done.returncode == 1 and "Traceback" not in done.stderr, done.stderr  # the sample's bad rows
        assert _picture(reader) == _fresh(path) and loads.count == 0
        assert reader.stats().as_dict()["evidence"] > 1


def test_a_store_that_follows_every_few_seconds_reads_others_commits_only_then_and_before_its_own_writes(tmp_path):
    """``follow_every`` (TENSIONGRAPH_FOLLOW_SECONDS for serve): reads within that many seconds of the last look
    answer from the projection as it was, without looking for another process's commits (following each commit
    of an import took about half of a server's core, bench/README.md); a write of its own still catches up
    first, so what it writes and what it answers after hold the other's commits too."""
    path = tmp_path / "g.db"
    with EmbeddedStore(path, follow_every=3600) as slow, EmbeddedStore(path) as other:
        slow.projection()  # the first read looks, and starts the interval
        other.upsert(make_extraction("o1", "2024-03-01", [("IRN", "ACCUSES", "ISR", 0.9)]))
        assert "ISR" not in slow.projection(), "within the interval a read does not look"
        slow.upsert(make_extraction("s1", "2024-03-02", [("ISR", "ACCUSES", "IRN", 0.8)]))
        g = slow.projection()
        assert g.has_edge("IRN", "ISR", "ACCUSES") and g.has_edge("ISR", "IRN", "ACCUSES")
        with EmbeddedStore(path) as fresh:
            assert _picture(slow) == _picture(fresh)
    with EmbeddedStore(path, follow_every=0.0) as eager, EmbeddedStore(path) as other:
        eager.projection()
        other.upsert(make_extraction("o2", "2024-03-03", [("IRN", "THREATENS", "ISR", 0.9)]))
        assert eager.projection().has_edge("IRN", "ISR", "THREATENS")


def _counted_afresh(path) -> dict:
    with EmbeddedStore(path) as fresh:
        fresh._counted = None
        return fresh.stats().as_dict()


def test_stats_add_what_was_written_since_and_count_again_after_a_curation(tmp_path):
    """/stats no longer counts every row each time (610 ms at 10M evidence rows): the counts a read worked out
    grow by the articles, evidence and relations written since, by this store or another process; a curation
    (deleting, merging: rows go or move) makes the next read count it all again."""
    path = tmp_path / "g.db"
    with EmbeddedStore(path) as store, EmbeddedStore(path) as other:
        store.upsert(make_extraction("a1", "2024-01-10", [("GUY", "ACCUSES", "VEN", 0.5), ("USA", "ARMS", "GUY", 0.9)]))
        first = store.stats()
        assert (first.articles, first.evidence, first.relations) == (1, 2, {"ACCUSES": 1, "ARMS": 1})
        other.upsert(make_extraction("a2", "2024-03-05", [("GUY", "ACCUSES", "VEN", 0.6), ("VEN", "THREATENS", "GUY", 0.7)]))
        events = [i for i in read_events([str(samples.gdelt_file(tmp_path / "g.CSV"))], gdelt.read)
                  if isinstance(i, CodedEvent)]
        store.import_events(events)
        grown = store.stats()
        assert grown.articles == 2 + len(events) and grown.as_dict() == _counted_afresh(path)
        assert store._counted is not None and store._counted[1] is grown
        other.curate(curation.delete_article, "a2", "ana", "a test article")
        after = store.stats()
        assert after.articles == grown.articles - 1 and after.evidence == grown.evidence - 2
        assert after.as_dict() == _counted_afresh(path)
        assert after.relations["THREATENS"] == grown.relations["THREATENS"] - 1
