"""The `tensiongraph` command as a user runs it: a real subprocess, real files."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES, ROOT

EXE = str(Path(sys.executable).with_name("tensiongraph"))


def run(*args: str, stdin: str | None = None, check: bool = True) -> subprocess.CompletedProcess:
    return subprocess.run([EXE, *args], capture_output=True, text=True, input=stdin, cwd=ROOT, check=check, timeout=300)


def test_ingest_examples_twice_gives_the_same_stats(tmp_path):
    db = str(tmp_path / "ex.db")
    first = run("ingest", str(EXAMPLES), "--db", db)
    assert "articles: 12 stored, 0 skipped (already stored), 0 failed" in first.stderr
    once = json.loads(run("stats", "--db", db, "--json").stdout)
    second = run("ingest", str(EXAMPLES), "--db", db)
    assert "articles: 0 stored, 12 skipped (already stored), 0 failed; new actors: 0; new relations: 0" in second.stderr
    assert json.loads(run("stats", "--db", db, "--json").stdout) == once
    assert once["articles"] == 12 and set(once["actors"]) >= {"State", "Officer", "Ministry", "Organization"}


def test_db_from_environment(tmp_path):
    import os

    env = {**os.environ, "TENSIONGRAPH_DB": str(tmp_path / "env.db")}
    subprocess.run([EXE, "ingest", str(EXAMPLES / "caspian-accusation.json")], env=env, check=True, capture_output=True)
    assert (tmp_path / "env.db").exists()


def test_bad_inputs_are_reported_and_the_rest_is_stored(tmp_path):
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "ok.txt").write_text("Lithuania accused Belarus of pushing migrants over the border.")
    r = run("ingest", str(tmp_path / "empty.txt"), str(tmp_path / "ok.txt"), "--db", str(tmp_path / "g.db"), check=False)
    assert r.returncode == 1
    assert "empty.txt: file is empty" in r.stderr
    assert "articles: 1 stored, 0 skipped (already stored), 1 failed" in r.stderr


def test_extract_json_lines_follow_the_scorer_contract():
    r = run("extract", str(EXAMPLES / "balkan-dispute.json"), str(EXAMPLES / "red-sea-warning.json"), "--json")
    objs = [json.loads(line) for line in r.stdout.splitlines()]
    assert [o["article"]["id"] for o in objs] == ["balkan-dispute", "red-sea-warning"]
    for o in objs:
        ids = {a["id"] for a in o["actors"]}
        assert all(r["source"] in ids and r["target"] in ids for r in o["relations"])
        assert all({"id", "kind", "name"} <= set(a) for a in o["actors"])
    assert ("XKX", "ACCUSES", "SRB") in {(r["source"], r["type"], r["target"]) for r in objs[0]["relations"]}


def test_extract_reads_stdin():
    r = run("extract", "-", "--json", stdin="Finland accused Russia of sending migrants to its border.")
    [obj] = [json.loads(line) for line in r.stdout.splitlines()]
    assert ("FIN", "ACCUSES", "RUS") in {(x["source"], x["type"], x["target"]) for x in obj["relations"]}


@pytest.mark.parametrize("command", ["ingest", "extract", "stats", "serve"])
def test_every_command_has_help_with_an_example(command):
    r = run(command, "--help")
    assert "Example: tensiongraph " + command in r.stdout.replace("\n", " ").replace("│", " ").replace("  ", " ") or \
        "Example:" in r.stdout


def test_stats_without_a_store_says_so(tmp_path):
    r = run("stats", "--db", str(tmp_path / "none.db"), check=False)
    assert r.returncode == 2 and "no store at" in r.stderr


def test_serve_answers_paths_over_real_http(tmp_path):
    import socket
    import time

    import httpx

    db = str(tmp_path / "serve.db")
    run("ingest", str(EXAMPLES), "--db", db)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen([EXE, "serve", "--port", str(port), "--db", db], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(400):
            try:
                health = httpx.get(f"{base}/health", timeout=1)
                if health.status_code == 200 and health.json()["indexes"] == "ready":
                    break  # serve builds the indexes after the load (TENSIONGRAPH_WARM_INDEXES)
            except httpx.TransportError:
                pass
            time.sleep(0.05)
        assert health.json() == {"status": "ok", "store": "embedded", "detail": None, "indexes": "ready"}
        paths = httpx.get(f"{base}/paths", params={"from": "TUR", "to": "ARM"}, timeout=10).json()["items"]
        assert paths and paths[0]["actors"][0] == "TUR" and paths[0]["actors"][-1] == "ARM"
        assert httpx.get(f"{base}/docs", timeout=5).status_code == 200
    finally:
        proc.terminate()
        proc.wait(10)


def test_ingest_into_neo4j_with_store_option(tmp_path, bolt_server):
    """`ingest --store neo4j` against a real Bolt server, checked through a connection opened before (a
    CLI process says GOODBYE when it exits, after which FalkorDB 4.16 accepts no new connections)."""
    import os

    from graph.neo4j_store import Neo4jStore
    from tests.bolt_server import BoltServer

    server = BoltServer(tmp_path).start()
    try:
        with Neo4jStore(server.uri, database="tensiongraph") as store:
            assert store.stats().articles == 0  # opens the connection the checks below reuse
            env = {**os.environ, "NEO4J_URI": server.uri, "NEO4J_PASSWORD": ""}
            done = subprocess.run([EXE, "ingest", str(EXAMPLES), "--store", "neo4j", "--no-progress"], env=env,
                                  capture_output=True, text=True, cwd=ROOT, timeout=300)
            assert done.returncode == 0, done.stderr
            assert "articles: 12 stored" in done.stderr
            stats = store.stats()
            assert stats.articles == 12 and stats.relations["ACCUSES"] >= 5
            assert store.get_actor("AZE").name == "Azerbaijan"
    finally:
        server.stop()
