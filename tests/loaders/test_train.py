"""The training path (`tensiongraph train`) on the project's own tiny gold corpus, and the model file."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from graph.errors import InvalidInput
from loaders.model.relmodel import LABELS, RelationModel

ROOT = Path(__file__).resolve().parents[2]
GOLD = ROOT / "tests" / "data" / "gold"
EXE = str(Path(sys.executable).with_name("tensiongraph"))


def run(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([EXE, *args], capture_output=True, text=True, timeout=600, cwd=ROOT,
                          env={**os.environ, **(env or {})})


@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    out = tmp_path_factory.mktemp("model") / "tiny.npz"
    result = run("train", "--corpus", str(GOLD), "--out", str(out), "--folds", "2", "--seed", "3",
                 "--version", "tiny-1", "--json")
    assert result.returncode == 0, result.stderr
    return out, json.loads(result.stdout)


def test_train_reports_cross_validation_and_writes_a_loadable_model(trained):
    out, report = trained
    assert report["version"] == "tiny-1" and report["model"] == str(out)
    assert report["corpus"]["articles"] == 7 and report["corpus"]["negatives"] == 1 and report["corpus"]["folds"] == 2
    for combination in ("rules", "model", "rules+model"):
        for level in ("dyad", "actor"):
            figures = report["cv"][combination][level]["all"]
            assert set(figures) == {"P", "R", "F1", "gold"} and figures["gold"] == 13
    assert set(report["thresholds"]) == {lab.rstrip("<>") for lab in LABELS}
    model = RelationModel.load(out)
    assert model.version == "tiny-1" and model.extractor == "model:tiny-1"
    assert model.weights.shape == (len(model.vocabulary), len(LABELS)) and model.vocabulary
    assert model.meta["corpus"]["articles"] == 7
    card = (out.parent / "MODEL_CARD.md").read_text()
    assert "# Relation model `tiny-1`" in card and "| ACCUSES |" in card and "share correct" in card
    # where the articles are about: continents of the states the gold names, and the states themselves
    where = next(line for line in card.splitlines() if line.startswith("- Articles naming a state"))
    assert "Asia" in where and "Europe" in where and "IRN" in where, where


def test_a_trained_model_is_used_by_extract_and_named_in_the_evidence(trained, tmp_path):
    out, _ = trained
    article = tmp_path / "a.json"
    article.write_text(json.dumps({"id": "t1", "text": "Iran accused Azerbaijan of staging drills near the border."}))
    result = run("extract", str(article), "--json", env={"TENSIONGRAPH_RELATION_MODEL": str(out)})
    assert result.returncode == 0, result.stderr
    line = json.loads(result.stdout)
    assert line["extractor_version"].endswith("+model:tiny-1")
    rels = {(r["source"], r["type"], r["target"]): r["extractors"] for r in line["relations"]}
    assert ("IRN", "ACCUSES", "AZE") in rels
    assert all(part.startswith(("rule", "model:tiny-1")) for parts in rels.values() for part in parts)
    rules_only = run("extract", str(article), "--json", env={"TENSIONGRAPH_RELATION_MODEL": "none"})
    assert "model:" not in json.loads(rules_only.stdout)["extractor_version"]


def test_thresholds_from_the_environment_override_the_trained_ones(trained, tmp_path):
    out, _ = trained
    article = tmp_path / "a.json"
    article.write_text(json.dumps({"id": "t2", "text": "Japan and the Philippines held talks on trade in Manila."}))
    never = json.dumps({t.rstrip("<>"): 1.01 for t in LABELS})
    result = run("extract", str(article), "--json", env={"TENSIONGRAPH_RELATION_MODEL": str(out),
                                                          "TENSIONGRAPH_RELATION_THRESHOLDS": never})
    assert result.returncode == 0, result.stderr
    assert all("model:" not in e for r in json.loads(result.stdout)["relations"] for e in r["extractors"])


def test_a_bad_gold_file_is_named_and_the_rest_trains(tmp_path):
    corpus = tmp_path / "gold"
    shutil.copytree(GOLD, corpus)
    (corpus / "broken.json").write_text('{"id": "broken", "text": ')
    out = tmp_path / "m.npz"
    result = run("train", "--corpus", str(corpus), "--out", str(out), "--folds", "2")
    assert result.returncode == 1
    assert "broken.json" in result.stderr and "not a gold annotation file" in result.stderr
    assert out.exists() and "model rel-" in result.stdout


@pytest.mark.parametrize("args, message", [
    (["--corpus", "no/such/folder"], "not a folder"),
    (["--corpus", "tests/data/gold", "--out", "model.bin"], "ending in .npz"),
])
def test_train_refuses_bad_arguments_with_one_line(args, message):
    result = run("train", *args)
    assert result.returncode == 2 and message in result.stderr and "Traceback" not in result.stderr


def test_an_empty_corpus_is_refused(tmp_path):
    result = run("train", "--corpus", str(tmp_path), "--out", str(tmp_path / "m.npz"))
    assert result.returncode == 2 and "no gold files" in result.stderr


def test_a_damaged_model_file_is_refused_naming_it(tmp_path):
    bad = tmp_path / "bad.npz"
    bad.write_bytes(b"not a model")
    with pytest.raises(InvalidInput, match="bad.npz"):
        RelationModel.load(bad)
    np.savez(tmp_path / "short.npz", vocabulary=np.frombuffer(b"a", dtype=np.uint8), weights=np.zeros((1, 3)),
             bias=np.zeros(3))
    (tmp_path / "short.json").write_text(json.dumps({"version": "x", "labels": ["ACCUSES>"], "thresholds": {}}))
    with pytest.raises(InvalidInput, match="labels or shapes"):
        RelationModel.load(tmp_path / "short.npz")


@pytest.fixture(scope="module")
def trained_with_encoder(tmp_path_factory):
    """The neural path end to end, tiny: one epoch over the 7 invented articles, one cross-validated fold,
    export to int8 ONNX; about a minute on 2 cores."""
    out = tmp_path_factory.mktemp("encoder") / "tiny.npz"
    result = run("train", "--corpus", str(GOLD), "--out", str(out), "--folds", "2", "--seed", "3", "--version",
                 "tiny-enc", "--encoder", "--encoder-folds", "1", "--epochs", "1", "--json")
    assert result.returncode == 0, result.stderr
    return out, json.loads(result.stdout)


@pytest.mark.slow
def test_train_with_the_encoder_writes_an_onnx_encoder_that_extract_runs(trained_with_encoder, tmp_path):
    out, report = trained_with_encoder
    assert report["corpus"]["encoder"]["cv_folds"] == 1 and report["corpus"]["encoder"]["epochs"] == 1
    for combination in ("rules+model, encoder folds", "rules+model+encoder"):
        assert report["cv"][combination]["dyad"]["all"]["gold"] > 0
    model = RelationModel.load(out)
    assert model.encoder is not None and model.mix == 0.5
    encoder_file = out.with_name("tiny.encoder.onnx")
    assert encoder_file.exists() and encoder_file.stat().st_size < 25e6  # int8: what git can carry
    article = tmp_path / "a.json"
    article.write_text(json.dumps({"id": "t3", "text": "Iran accused Azerbaijan of staging drills near the border."}))
    result = run("extract", str(article), "--json", env={"TENSIONGRAPH_RELATION_MODEL": str(out)})
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["extractor_version"].endswith("+model:tiny-enc")


def test_the_encoder_reads_each_pair_in_its_segment(extractor):
    """Segments are sentences (or a quote/lead pair's two sentences) and each mention's characters in them."""
    from loaders.model.candidates import candidates
    from loaders.model.encoder import segments, worth_encoding

    doc = extractor.nlp("Iran accused Azerbaijan and Israel of spying. Azerbaijan denied it.")
    found, _ = extractor.read_actors_and_rules(doc)
    cands = candidates(doc, found)
    segs = segments(doc, cands)
    first = segs[0]
    assert first.text == "Iran accused Azerbaijan and Israel of spying."
    named = {first.text[a0:a1] + "/" + first.text[b0:b1] for _, (a0, a1), (b0, b1) in first.pairs}
    assert named == {"Iran/Azerbaijan", "Iran/Israel", "Azerbaijan/Israel"}
    assert worth_encoding(segs, np.zeros((len(cands), len(LABELS))), 0.3) == []
