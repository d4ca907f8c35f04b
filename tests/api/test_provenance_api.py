"""`provenance=` on the read routes and `export --provenance`, over both stores: a GDELT file and a text
article in one graph, through the real app and the real command."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.settings import Settings
from graph.embedded import EmbeddedStore
from tests.api.test_cli import run
from tests.graph.test_provenance import GDELT, TEXT, fill, mixed  # noqa: F401  (the fixture)

ALLOWED = "text, gdelt, acled, polecat, icews"


@pytest.fixture
def client(mixed):  # noqa: F811
    kind = "embedded" if isinstance(mixed, EmbeddedStore) else "neo4j"
    with TestClient(create_app(Settings(api_key="s3cret", store=kind), store=mixed)) as c:
        yield c


def _keys(items: list[dict]) -> set[tuple[str, str, str]]:
    return {(r["source"], r["type"], r["target"]) for r in items}


def test_relations_and_an_actors_relations_filter_by_provenance(client):
    everything = client.get("/relations", params={"limit": 100}).json()
    assert _keys(everything["items"]) == GDELT | TEXT
    coded = client.get("/relations", params={"provenance": "gdelt", "limit": 100}).json()
    assert _keys(coded["items"]) == GDELT and coded["total"] == 4
    assert {e["provenance"] for r in coded["items"] for e in r["evidence"]} == {"gdelt"}
    text = client.get("/actors/IRN/relations", params={"provenance": "text"}).json()
    assert _keys(text["items"]) == TEXT
    accused = next(r for r in text["items"] if r["type"] == "ACCUSES")
    assert (accused["count"], accused["confidence"]) == (1, 0.9)


def test_tension_graph_and_paths_use_only_the_provenances_evidence(client):
    dyad = {"a": "IRN", "b": "ISR", "as_of": "2024-02-01"}
    whole = client.get("/tension", params=dyad).json()
    text = client.get("/tension", params={**dyad, "provenance": "text"}).json()
    coded = client.get("/tension", params={**dyad, "provenance": "gdelt"}).json()
    assert (whole["events"], text["events"], coded["events"]) == (4, 2, 2)
    assert text["score"] == pytest.approx(2.0 * 0.9 + 4.4 * 0.8, abs=1e-4)
    assert sorted(text["by_type"]) == ["ACCUSES", "THREATENS"] and sorted(coded["by_type"]) == ["ACCUSES",
                                                                                                "COOPERATES_WITH"]
    top = client.get("/tension/top", params={"as_of": "2024-02-01", "provenance": "text"}).json()
    assert [(t["a"], t["b"]) for t in top["items"]] == [("IRN", "ISR")]
    graph = client.get("/graph", params={"provenance": "text"}).json()
    assert {(e["source"], e["key"], e["target"]) for e in graph["edges"]} == TEXT
    assert {e["count"] for e in graph["edges"]} == {1}
    [path] = client.get("/paths", params={"from": "ISR", "to": "IRN", "k": 1, "provenance": "text"}).json()["items"]
    assert path["edges"][0]["evidence"]["article_id"] == "t1"
    none = client.get("/paths", params={"from": "UKR", "to": "ministry:usa:armed-forces", "provenance": "text"})
    assert none.status_code == 200 and none.json()["items"] == []


@pytest.mark.parametrize("path", ["/relations", "/actors/IRN/relations", "/graph", "/tension/top",
                                  "/tension?a=IRN&b=ISR", "/paths?from=IRN&to=ISR"])
def test_an_unknown_provenance_is_a_400_naming_the_allowed_values(client, path):
    answer = client.get(path + ("&" if "?" in path else "?") + "provenance=newswire")
    assert answer.status_code == 400
    assert answer.json()["detail"] == f"provenance 'newswire' is not one of {ALLOWED}"


def test_export_takes_a_provenance(tmp_path):
    db = str(tmp_path / "mixed.db")
    with EmbeddedStore(db) as store:
        fill(store, tmp_path)
    script = tmp_path / "gdelt.cypher"
    run("export", "--provenance", "gdelt", "--db", db, "--out", str(script))
    text = script.read_text(encoding="utf-8")
    assert "'gdelt:1100000001'" in text and "'t1'" not in text and "'THREATENS'" in text
    assert "provenance`: 'text'" not in text and "provenance`: 'gdelt'" in text
    refused = run("export", "--provenance", "news", "--db", db, check=False)
    assert refused.returncode == 2 and f"--provenance 'news': expected one of {ALLOWED}" in refused.stderr
