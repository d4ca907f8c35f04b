"""The one ingest pipeline (loaders/pipeline.py) behind `tensiongraph ingest` and POST /articles: one outcome
per input, in input order, failures named, and both paths reporting the same inputs the same way."""

from __future__ import annotations

import json

from fastapi.testclient import TestClient

from api.app import create_app
from api.settings import Settings
from graph.embedded import EmbeddedStore
from loaders.pipeline import Tally, ingest
from loaders.readers import ReadOptions, read_sources
from tests.api.test_cli import run

LINES = [
    {"id": "p1", "text": "Ruritania accused Borduria of massing troops on the border on Monday."},
    {"id": "p2", "text": 42},
    {"id": "p3", "text": "Borduria denied the accusation and accused Ruritania of provocations."},
    {"id": "p1", "text": "Ruritania accused Borduria of massing troops on the border on Monday."},
]


def test_outcomes_come_in_input_order_with_failures_named(tmp_path, extractor):
    (tmp_path / "in.jsonl").write_text("\n".join(json.dumps(x) for x in LINES) + "\n")
    with EmbeddedStore(tmp_path / "g.db") as store:
        inputs = read_sources([str(tmp_path / "missing.txt"), str(tmp_path / "in.jsonl")], ReadOptions(fetch=False))
        outcomes = list(ingest(inputs, store, extractor, chunk_size=2))
    assert [o.status for o in outcomes] == ["failed", "stored", "failed", "stored", "skipped"]
    assert outcomes[0].source.endswith("missing.txt") and "no such file" in outcomes[0].error
    assert outcomes[2].source.endswith("in.jsonl:2") and '"text" string' in outcomes[2].error
    tally = Tally()
    for o in outcomes:
        tally.add(o)
    assert tally.summary().startswith("articles: 2 stored, 1 skipped (already stored), 2 failed")


def test_a_store_that_fails_fails_each_article_of_its_chunk_and_the_run_goes_on(tmp_path, extractor):
    store = EmbeddedStore(tmp_path / "g.db")
    store.close()  # every write now fails with StoreUnavailable
    (tmp_path / "a.jsonl").write_text(json.dumps(LINES[0]) + "\n" + json.dumps(LINES[2]) + "\n")
    articles = read_sources([str(tmp_path / "a.jsonl")], ReadOptions(fetch=False))
    outcomes = list(ingest(articles, store, extractor, chunk_size=1))
    assert [o.status for o in outcomes] == ["failed", "failed"]
    assert all("closed" in o.error or "g.db" in o.error for o in outcomes), [o.error for o in outcomes]


def test_cli_and_post_report_the_same_inputs_the_same_way(tmp_path, extractor):
    (tmp_path / "in.jsonl").write_text("\n".join(json.dumps(x) for x in LINES) + "\n")
    cli = run("ingest", str(tmp_path / "in.jsonl"), "--db", str(tmp_path / "cli.db"), "--json", "--no-progress",
              check=False)
    lines = [json.loads(x) for x in cli.stdout.splitlines()]
    assert [(x["status"], x.get("id")) for x in lines] == [
        ("stored", "p1"), ("failed", None), ("stored", "p3"), ("skipped", "p1")]
    assert cli.returncode == 1 and "in.jsonl:2" in cli.stderr

    with EmbeddedStore(tmp_path / "api.db") as store, TestClient(create_app(
            Settings(api_key="k"), store=store, extractor=extractor)) as client:
        answer = client.post("/articles", json=LINES, headers={"X-API-Key": "k"}).json()
    got = [(r["stored"], r["article_id"]) for r in answer["results"]]
    assert got == [(x["stored"], x["id"]) for x in lines if x["status"] != "failed"]
    assert [(f["index"], f["input"]) for f in answer["failures"]] == [(1, "p2")]
    assert "text" in answer["failures"][0]["detail"] and "text" in lines[1]["error"]
