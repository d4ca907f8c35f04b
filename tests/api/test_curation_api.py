"""Curation through the API (both stores) and the CLI (a real subprocess on both stores): every write needs
the key, names who and why, and lands in the audit log readable at /audit."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from fastapi.testclient import TestClient

from api.app import create_app
from api.settings import Settings
from graph.model import Actor
from tests.conftest import ROOT, make_extraction

EXE = str(Path(sys.executable).with_name("tensiongraph"))
KEY = {"X-API-Key": "k"}
WHY = {"who": "ana", "reason": "checked by hand"}


def _fill(store) -> tuple[Actor, Actor]:
    full = Actor("officer:ven:vladimir-padrino", "Officer", "Vladimir Padrino", state="VEN")
    part = Actor("officer:padrino-lopez", "Officer", "Padrino Lopez")
    store.upsert(make_extraction("a1", "2024-03-01", [(full.key, "ACCUSES", "GUY", 0.6), ("GUY", "ACCUSES", "VEN", 0.7)],
                                 actors=[full]))
    store.upsert(make_extraction("a2", "2024-03-02", [(part.key, "THREATENS", "GUY", 0.5)], actors=[part]))
    store.upsert(make_extraction("test-1", "2024-03-03", [("TUR", "ALLIED_WITH", "AZE", 0.9)]))
    return full, part


def test_curation_routes_need_the_key_and_are_audited(store):
    full, part = _fill(store)
    app = create_app(Settings(api_key="k", store=getattr(store, "kind", "embedded")), store=store)
    with TestClient(app) as client:
        assert client.request("DELETE", "/articles/test-1", json=WHY).status_code == 401
        assert client.get("/audit").status_code == 401
        assert client.request("DELETE", "/articles/test-1", json={"who": "ana"}, headers=KEY).status_code == 422
        gone = client.request("DELETE", "/articles/test-1", json=WHY, headers=KEY)
        assert gone.status_code == 200 and gone.json()["action"] == "delete-article"
        assert client.get("/relations", params={"type": "ALLIED_WITH"}).json()["total"] == 0
        assert client.request("DELETE", "/articles/test-1", json=WHY, headers=KEY).status_code == 404

        rel = client.get("/relations", params={"source": "GUY", "type": "ACCUSES"}).json()["items"][0]
        assert rel["id"] == "GUY|ACCUSES|VEN" and rel["symmetric"] is False
        before = client.get("/tension", params={"a": "GUY", "b": "VEN"}).json()["events"]
        assert client.post(f"/relations/{rel['id']}/reject", json=WHY, headers=KEY).status_code == 200
        assert client.get("/relations", params={"source": "GUY", "type": "ACCUSES"}).json()["total"] == 0
        assert client.get("/tension", params={"a": "GUY", "b": "VEN"}).json()["events"] == before - 1

        merged = client.post(f"/actors/{part.key}/merge", json={**WHY, "into": full.key}, headers=KEY)
        assert merged.status_code == 200, merged.text
        moved = client.get(f"/actors/{part.key}", follow_redirects=False)
        assert moved.status_code == 301 and moved.headers["location"] == f"/actors/{full.key}"
        assert client.get(f"/actors/{part.key}").json()["key"] == full.key
        rels = client.get(f"/actors/{part.key}/relations", params={"type": "THREATENS"}).json()["items"]
        assert [r["source"] for r in rels] == [full.key]
        undone = client.post(f"/audit/{merged.json()['id']}/undo", json=WHY, headers=KEY)
        assert undone.status_code == 200 and undone.json()["action"] == "undo"
        assert client.get(f"/actors/{part.key}").json()["key"] == part.key

        log = client.get("/audit", headers=KEY).json()
        assert [e["action"] for e in log["items"]] == ["undo", "merge-actor", "reject-relation", "delete-article"]
        assert all(e["who"] == "ana" and e["reason"] == "checked by hand" and e["at"] for e in log["items"])
        assert log["items"][1]["undone_by"] == log["items"][0]["id"]
        assert client.post(f"/actors/{part.key}/merge", json={**WHY, "into": "NOPE"}, headers=KEY).status_code == 404


# The CLI on the Bolt server runs without GOODBYE (tests/bolt_server.py: FalkorDB stops accepting connections
# after one), through the same entry point as the tensiongraph script.
QUIET_EXIT = "import sys; from tests.bolt_server import skip_goodbye; skip_goodbye(); from api.cli import main; main()"


def _cli(*args: str, env: dict) -> subprocess.CompletedProcess:
    command = [EXE] if env["TENSIONGRAPH_STORE"] == "embedded" else [sys.executable, "-c", QUIET_EXIT]
    return subprocess.run([*command, *args], capture_output=True, text=True, cwd=ROOT, env=env, timeout=300)


def test_cli_delete_reject_merge_undo_and_audit(store, tmp_path):
    full, part = _fill(store)
    env = {**os.environ, "USER": "cli-user"}
    if isinstance(store, __import__("graph.embedded", fromlist=["EmbeddedStore"]).EmbeddedStore):
        env.update(TENSIONGRAPH_STORE="embedded", TENSIONGRAPH_DB=store.path)
    else:
        env.update(TENSIONGRAPH_STORE="neo4j", NEO4J_URI=store.uri, NEO4J_DATABASE=store.database)
    done = _cli("delete", "test-1", "--reason", "a test article", env=env)
    assert done.returncode == 0 and "delete-article test-1 by cli-user" in done.stdout, done.stderr
    assert _cli("reject", "GUY|ACCUSES|VEN", "--reason", "misread", "--who", "bob", env=env).returncode == 0
    assert _cli("merge", part.key, full.key, "--reason", "same man", env=env).returncode == 0
    missing = _cli("merge", part.key, full.key, "--reason", "again", env=env)
    assert missing.returncode == 2 and repr(part.key) in missing.stderr
    assert _cli("undo", "3", "--reason", "two men", env=env).returncode == 0
    log = _cli("audit", env=env).stdout.splitlines()
    assert [line.split()[3] for line in log] == ["undo", "merge-actor", "reject-relation", "delete-article"]
    assert "bob" in log[2] and "(undone by 4)" in log[1]
    assert _cli("delete", "test-1", "--reason", "twice", env=env).returncode == 2
