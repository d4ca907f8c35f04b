"""Every statement of cypher/ passes Neo4j's own linter (npm @neo4j-cypher/language-support,
``lintCypherQuery``) with zero errors, and the loader only fills placeholders from the closed sets."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

import cypher
from graph.model import ActorKind, RelationType

HERE = Path(__file__).resolve().parent
LINTER = "@neo4j-cypher/language-support@2.0.0-next.38"  # pre-releases only; this one is tried
CACHE = Path(os.environ.get("TENSIONGRAPH_NPM_CACHE", Path.home() / ".cache" / "tensiongraph" / "cypher-lint"))
MODEL_LABELS = ["Actor", *(k.value for k in ActorKind), "Article", "Evidence", "TensionGraph", "Audit", "Redirect"]
MODEL_TYPES = [*(t.value for t in RelationType), "IN_ARTICLE"]


def _filled(name: str) -> list[tuple[str, str]]:
    """The statement as the store sends it: one variant per placeholder value."""
    text = cypher.text(name)
    if "__HOPS__" in text:
        return [(f"{name}[{n}]", cypher.statement(name, hops=n)) for n in (1, cypher.MAX_HOPS)]
    if "__LABEL__" in text:
        return [(f"{name}[{k.value}]", cypher.statement(name, label=k)) for k in ActorKind]
    if "__TYPE__" in text:
        return [(f"{name}[{t.value}]", cypher.statement(name, type=t)) for t in RelationType]
    return [(name, text)]


@pytest.fixture(scope="module")
def linter():
    node, npm = shutil.which("node"), shutil.which("npm")
    if not node or not npm:
        pytest.skip("node and npm are needed to run Neo4j's Cypher linter; they are not on this machine")
    package = CACHE / "node_modules" / "@neo4j-cypher" / "language-support"
    if not package.is_dir():
        CACHE.mkdir(parents=True, exist_ok=True)
        subprocess.run([npm, "install", "--no-audit", "--no-fund", "--silent", "--prefix", str(CACHE), LINTER],
                       check=True, timeout=600)
    script = CACHE / "lint.mjs"
    shutil.copyfile(HERE / "lint.mjs", script)  # next to node_modules, so that the import resolves

    def lint(queries: dict[str, str]) -> dict[str, list[dict]]:
        payload = json.dumps({"labels": MODEL_LABELS, "relationshipTypes": MODEL_TYPES, "queries": queries})
        done = subprocess.run([node, str(script)], input=payload, capture_output=True, text=True, timeout=300,
                              check=True)
        return json.loads(done.stdout)

    return lint


def test_every_statement_lints_clean(linter):
    queries = dict(q for name in cypher.names() + cypher.names("browser") for q in _filled(name))
    assert len(queries) > 40
    results = linter(queries)
    errors = {name: [d for d in diags if d["severity"] == 1] for name, diags in results.items()}
    assert not {n: e for n, e in errors.items() if e}, errors


def test_the_linter_finds_errors(linter):
    results = linter({"syntax": "MATCH (a:Actor {key: $key} RETURN a", "semantics": "MATCH (a:Actor) RETURN b"})
    assert any(d["severity"] == 1 for d in results["syntax"])
    assert any(d["severity"] == 1 and "not defined" in d["message"] for d in results["semantics"])


def test_placeholders_take_only_the_closed_sets():
    assert ":ACCUSES]" in cypher.statement("relations_merge", type=RelationType.ACCUSES)
    with pytest.raises(ValueError, match="needs a RelationType"):
        cypher.statement("relations_merge", type="ACCUSES]->() DETACH DELETE (n")
    with pytest.raises(ValueError, match="needs a ActorKind"):
        cypher.statement("actors_merge")
    with pytest.raises(KeyError):
        cypher.text("../pyproject")
    assert "[*3]" in cypher.statement("paths_of_length", hops=3)
    for bad in (0, cypher.MAX_HOPS + 1, True, "3]-() DETACH DELETE (n"):
        with pytest.raises(ValueError, match="number of hops"):
            cypher.statement("paths_of_length", hops=bad)


def test_every_statement_says_what_it_is_for():
    for name in cypher.names() + cypher.names("browser"):
        assert cypher.text(name).startswith("//"), f"{name}.cypher starts without a comment saying what it is for"
