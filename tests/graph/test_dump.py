"""Export for Neo4j: the Cypher script loads back into a real Bolt server and gives the same graph; the
CSV files carry neo4j-admin headers and every row."""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

import pytest

from graph.embedded import EmbeddedStore
from graph.store import RelationFilter
from loaders.readers import read_sources
from tests.conftest import EXAMPLES, ROOT

EXE = str(Path(sys.executable).with_name("tensiongraph"))


@pytest.fixture(scope="module")
def examples_db(tmp_path_factory, extractor):
    path = tmp_path_factory.mktemp("dump") / "examples.db"
    with EmbeddedStore(path) as store:
        for extraction in extractor.extract_many(read_sources([str(EXAMPLES)])):
            store.upsert(extraction)
        stats = store.stats().as_dict()
    return path, stats


def _export(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([EXE, "export", *args], capture_output=True, text=True, cwd=ROOT, check=True, timeout=300)


def test_cypher_script_loads_back_into_the_bolt_server(examples_db, bolt_server, tmp_path):
    from neo4j import GraphDatabase

    from graph.neo4j_store import Neo4jStore

    path, stats = examples_db
    script = tmp_path / "graph.cypher"
    _export("--format", "cypher", "--db", str(path), "--out", str(script))
    statements = [s for s in script.read_text(encoding="utf-8").split(";\n") if s.strip()]
    assert statements[0].startswith("// schema")
    bolt_server.wipe()
    with GraphDatabase.driver(bolt_server.uri, auth=("neo4j", "")) as driver:
        for statement in statements:
            if statement.startswith("// schema"):
                continue  # Neo4j-only constraints; FalkorDB has no CREATE CONSTRAINT ... REQUIRE
            driver.execute_query(statement)
    with Neo4jStore(bolt_server.uri, database="tensiongraph") as loaded, EmbeddedStore(path) as original:
        assert loaded.stats().as_dict() == stats
        flt = RelationFilter(source="IRN", target="AZE", types={"ACCUSES"})
        a, b = loaded.relations(flt).items[0], original.relations(flt).items[0]
        assert (a.count, a.first_seen, a.confidence) == (b.count, b.first_seen, b.confidence)
        assert sorted(e.sentence for e in a.evidence) == sorted(e.sentence for e in b.evidence)
        assert loaded.get_actor("AZE").aliases == original.get_actor("AZE").aliases
        # The store serves the loaded graph: the analysis reads the same projection.
        with loaded.reading() as g1, original.reading() as g2:
            assert sorted(g1.edges(keys=True)) == sorted(g2.edges(keys=True))
    # Browser users match symmetric relations undirected: the loaded edges say which they are.
    with GraphDatabase.driver(bolt_server.uri, auth=("neo4j", "")) as driver:
        marks = {r["type"]: r["symmetric"] for r in driver.execute_query(
            "MATCH ()-[r]->() WHERE type(r) IN ['ALLIED_WITH', 'ARMS'] RETURN DISTINCT type(r) AS type, "
            "r.symmetric AS symmetric").records}
    assert marks == {"ALLIED_WITH": True, "ARMS": False}


def test_neo4j_csv_files_have_import_headers_and_every_row(examples_db, tmp_path):
    path, stats = examples_db
    out = tmp_path / "import"
    _export("--format", "neo4j-csv", "--db", str(path), "--out", str(out))
    rows = {}
    for f in out.glob("*.csv"):
        with f.open(newline="", encoding="utf-8") as fh:
            rows[f.name] = list(csv.reader(fh))
    actors = sum(len(r) - 1 for n, r in rows.items() if n.startswith("actors_"))
    relations = {n[len("relations_"):-4]: len(r) - 1 for n, r in rows.items() if n.startswith("relations_")}
    assert actors == sum(stats["actors"].values())
    assert relations == stats["relations"]
    assert len(rows["evidence.csv"]) - 1 == stats["evidence"] == len(rows["in_article.csv"]) - 1
    assert len(rows["articles.csv"]) - 1 == stats["articles"]
    assert rows["actors_State.csv"][0][0] == "key:ID(Actor)" and rows["actors_State.csv"][1][-1] == "Actor;State"
    assert rows["relations_ARMS.csv"][0][:2] == [":START_ID(Actor)", ":END_ID(Actor)"]
    for name, mark in (("relations_ALLIED_WITH.csv", "true"), ("relations_ARMS.csv", "false")):
        column = rows[name][0].index("symmetric:boolean")
        assert {row[column] for row in rows[name][1:]} == {mark}
    assert "neo4j-admin database import full" in (out / "import.sh").read_text()


def test_export_refuses_unknown_formats(examples_db):
    path, _ = examples_db
    done = subprocess.run([EXE, "export", "--format", "dot", "--db", str(path)], capture_output=True, text=True,
                          cwd=ROOT, timeout=120)
    assert done.returncode == 2 and "'dot'" in done.stderr


def test_an_export_read_a_few_items_at_a_time_writes_every_row_once(examples_db, tmp_path):
    from graph import dump

    path, stats = examples_db

    def rows(folder: Path) -> dict[str, list[list[str]]]:
        out = {}
        for f in folder.glob("*.csv"):
            with f.open(newline="", encoding="utf-8") as fh:
                found = list(csv.reader(fh))
            out[f.name] = [found[0]] + sorted(row[1:] if f.name in ("evidence.csv", "in_article.csv") else row
                                              for row in found[1:])  # evidence ids follow the reading order
        return out

    with EmbeddedStore(path) as store:
        _, counts = dump.neo4j_csv(store, tmp_path / "paged", page=3)
        dump.neo4j_csv(store, tmp_path / "whole", page=100_000)
        script = list(dump.cypher_script(store, page=3))
    assert rows(tmp_path / "paged") == rows(tmp_path / "whole")
    assert (counts.articles, counts.evidence, counts.relations) == (
        stats["articles"], stats["evidence"], sum(stats["relations"].values()))
    with (tmp_path / "paged" / "evidence.csv").open(newline="", encoding="utf-8") as fh:
        ids = [row[0] for row in list(csv.reader(fh))[1:]]
    assert ids == [str(i) for i in range(stats["evidence"])]
    assert sum(s.count("MERGE (e:Evidence") for s in script) > 1 and script[-1].startswith("MERGE (m:TensionGraph")
