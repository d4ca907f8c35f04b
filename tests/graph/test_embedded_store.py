"""What only the embedded store promises: a durable SQLite file, WAL, reopen, other writers."""

from __future__ import annotations

import datetime as dt
import json
import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from graph.embedded import EmbeddedStore
from graph.errors import InvalidInput, StoreUnavailable
from graph.store import ActorQuery, RelationFilter
from tests.conftest import ROOT, make_extraction


def test_file_is_wal_and_survives_reopen(tmp_path):
    path = tmp_path / "g.db"
    with EmbeddedStore(path) as s:
        s.upsert(make_extraction("a1", "2024-01-10", [("IRN", "ACCUSES", "AZE", 0.9)]))
    with sqlite3.connect(path) as raw:
        assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    with EmbeddedStore(path) as s:
        assert s.stats().as_dict()["relations"] == {"ACCUSES": 1}
        assert s.projection().has_edge("IRN", "AZE", key="ACCUSES")
        assert s.integrity_check() == "ok"


def test_writes_by_another_process_reach_the_projection(tmp_path):
    path = tmp_path / "g.db"
    reader = EmbeddedStore(path)
    assert reader.projection().number_of_edges() == 0
    code = (f"import sys; sys.path.insert(0, {str(ROOT)!r})\n"
            "from graph.embedded import EmbeddedStore\nfrom tests.conftest import make_extraction\n"
            f"s = EmbeddedStore({str(path)!r})\n"
            "s.upsert(make_extraction('b1', '2024-02-01', [('ISR', 'ARMS', 'AZE', 0.8)]))\ns.close()\n")
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)
    assert reader.projection().has_edge("ISR", "AZE", key="ARMS")
    assert reader.relations(RelationFilter(types={"ARMS"})).total == 1
    reader.close()


class CommitsBeforeRelations:
    """A store's own connection, through which another writer commits just before the store reads the relations
    table: the moment when a reload that is not one read transaction sees relations of actors it never read."""

    def __init__(self, db: sqlite3.Connection, commit) -> None:
        self._db, self._commit = db, commit

    def execute(self, sql: str, *args):
        if self._commit is not None and sql.startswith("SELECT id, source, type, target"):
            commit, self._commit = self._commit, None
            commit()
        return self._db.execute(sql, *args)

    def __getattr__(self, name: str):
        return getattr(self._db, name)


def test_a_reload_reads_one_commit_while_another_writer_commits(tmp_path):
    path = tmp_path / "g.db"
    reader, writer = EmbeddedStore(path), EmbeddedStore(path)
    reader.upsert(make_extraction("a1", "2024-01-10", [("IRN", "ACCUSES", "AZE", 0.9)]))
    writer.upsert(make_extraction("b1", "2024-02-01", [("ISR", "ARMS", "AZE", 0.8)]))  # the reader reloads next
    late = make_extraction("c1", "2024-03-01", [("TUR", "THREATENS", "ARM", 0.7)])
    reader._db = CommitsBeforeRelations(reader._db, lambda: writer.upsert(late))
    g = reader.projection()  # the reload; c1 is committed between its read of the actors and of the relations
    assert {k: d.get("name") for k, d in g.nodes(data=True)} == {"IRN": "Irn", "AZE": "Aze", "ISR": "Isr"}
    assert [a.key for a in reader.search_actors(ActorQuery(q="Isr")).items][:1] == ["ISR"]
    g = reader.projection()  # c1 noticed by the next read
    assert g.has_edge("TUR", "ARM", key="THREATENS") and g.nodes["TUR"]["name"] == "Tur"
    assert [a.key for a in reader.search_actors(ActorQuery(q="Tur")).items][:1] == ["TUR"]
    reader.close()
    writer.close()


def test_a_reopened_store_keeps_one_object_per_day_and_confidence(tmp_path):
    """Reports of one day and confidence are one tuple in the loaded projection (the memory of a 10M-row graph
    of coded events, bench/README.md), with the same figures as the store wrote."""
    path = tmp_path / "g.db"
    with EmbeddedStore(path) as s:
        s.upsert(make_extraction("a1", "2024-01-10", [("IRN", "ACCUSES", "AZE", 0.5), ("TUR", "ARMS", "AZE", 0.5)]))
        s.upsert(make_extraction("a2", "2024-01-11", [("IRN", "ACCUSES", "AZE", 0.5)]))
        written = sorted((u, v, k, tuple(d["events"])) for u, v, k, d in s.projection().edges(keys=True, data=True))
    with EmbeddedStore(path) as s:
        g = s.projection()
        assert sorted((u, v, k, tuple(d["events"])) for u, v, k, d in g.edges(keys=True, data=True)) == written
        first, second = g["IRN"]["AZE"]["ACCUSES"]["events"]
        assert first == (dt.date(2024, 1, 10), 0.5) and second[0] == dt.date(2024, 1, 11)
        assert g["TUR"]["AZE"]["ARMS"]["events"][0] is first


def test_the_newest_articles_are_read_by_an_index_also_in_a_file_of_schema_4(tmp_path):
    """GET /articles pages newest first: by an index, not a sort of every article (seconds at 10M rows)."""
    path = tmp_path / "g.db"
    with EmbeddedStore(path) as s:
        for i, day in enumerate(["2024-01-10", "2024-03-01", "2024-01-10", "2023-12-31"]):
            s.upsert(make_extraction(f"a{i}", day, [("IRN", "ACCUSES", "AZE", 0.9)]))
    with sqlite3.connect(path) as db:  # as schema 4 left it
        db.execute("DROP INDEX articles_published")
        db.execute("PRAGMA user_version = 4")
    with EmbeddedStore(path) as s:
        assert [a.id for a in s.list_articles(limit=3, offset=1).items] == ["a0", "a2", "a3"]
        plan = s._query("EXPLAIN QUERY PLAN SELECT id FROM articles ORDER BY published DESC, id LIMIT 20")
        assert [row[3] for row in plan] == ["SCAN articles USING COVERING INDEX articles_published"]


def test_a_failed_upsert_leaves_nothing_behind(tmp_path):
    s = EmbeddedStore(tmp_path / "g.db")
    bad = make_extraction("bad", "2024-01-10", [("IRN", "ACCUSES", "AZE", 0.9)])
    bad.relations[0].target = "UNKNOWN"  # refers to an actor the extraction does not carry
    with pytest.raises(InvalidInput, match="unknown actor 'UNKNOWN'"):
        s.upsert(bad)
    assert s.stats().articles == 0 and s.stats().evidence == 0
    s.close()


def test_unopenable_file_gives_store_unavailable(tmp_path):
    not_a_db = tmp_path / "junk.db"
    not_a_db.write_bytes(b"this is not a database file at all" * 100)
    with pytest.raises(StoreUnavailable, match="junk.db"):
        EmbeddedStore(not_a_db)


def _write_batch(folder: Path, n: int) -> None:
    states = ["IRN", "AZE", "ISR", "TUR", "ARM", "FRA", "RUS", "UKR", "USA", "CHN"]
    names = {"IRN": "Iran", "AZE": "Azerbaijan", "ISR": "Israel", "TUR": "Turkey", "ARM": "Armenia", "FRA": "France",
             "RUS": "Russia", "UKR": "Ukraine", "USA": "the United States", "CHN": "China"}
    verbs = ["accused", "condemned", "threatened", "sanctioned", "attacked"]
    rng = random.Random(7)
    with open(folder / "batch.jsonl", "w") as f:
        for i in range(n):
            a, b = rng.sample(states, 2)
            text = (f"{names[a]} {rng.choice(verbs)} {names[b]} on day {i}. "
                    f"{names[b]} rejected the accusations from {names[a]} in statement {i}.")
            f.write(json.dumps({"id": f"art-{i}", "text": text, "published": f"2024-{1 + i % 12:02d}-{1 + i % 28:02d}"}))
            f.write("\n")


@pytest.mark.slow
def test_sigkill_during_ingest_loses_no_reported_article(tmp_path):
    """A real `tensiongraph ingest` subprocess killed with SIGKILL at random moments, three times over."""
    _write_batch(tmp_path, 400)
    db = tmp_path / "kill.db"
    exe = Path(sys.executable).with_name("tensiongraph")
    reported: set[str] = set()
    rng = random.Random(11)
    for round_ in range(3):
        proc = subprocess.Popen([str(exe), "ingest", str(tmp_path / "batch.jsonl"), "--db", str(db), "--json",
                                 "--no-progress"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        lines: list[str] = []
        pump = threading.Thread(target=lines.extend, args=(proc.stdout,), daemon=True)
        pump.start()
        wanted = rng.randint(5, 60) + len(reported)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and proc.poll() is None:
            stored = {json.loads(ln)["id"] for ln in list(lines) if json.loads(ln)["stored"]}
            if len(reported | stored) >= wanted:
                break
            time.sleep(0.005)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        pump.join(5)
        proc.stdout.close()
        reported |= {json.loads(ln)["id"] for ln in lines if ln.endswith("}\n") and json.loads(ln)["stored"]}
        with sqlite3.connect(db) as raw:
            assert raw.execute("PRAGMA integrity_check").fetchone()[0] == "ok", f"round {round_}"
            present = {r[0] for r in raw.execute("SELECT id FROM articles")}
        assert reported <= present, f"round {round_}: lost {sorted(reported - present)[:5]}"
    assert len(reported) >= 15
    with EmbeddedStore(db) as s:  # the store opens cleanly and its projection matches the file
        assert s.stats().articles == len(present)
