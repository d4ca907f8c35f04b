"""Shared fixtures: real stores on disk, the real spaCy extractor (built once per session)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from graph.embedded import EmbeddedStore
from graph.model import Actor, Article, Evidence, Extraction, Relation

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"


@pytest.fixture(scope="session")
def extractor():
    from loaders.extract import Extractor

    return Extractor(model=None)


@pytest.fixture(scope="session")
def bolt_server(tmp_path_factory):
    """A FalkorDB Bolt server for the whole session (see tests/bolt_server.py)."""
    from tests.bolt_server import BoltServer, skip_goodbye

    skip_goodbye()
    server = BoltServer(tmp_path_factory.mktemp("falkordb")).start()
    yield server
    server.stop()


def open_store(kind: str, request, tmp_path: Path):
    """An empty store of this kind: a new SQLite file, or a new graph on the session's Bolt server."""
    if kind == "embedded":
        return EmbeddedStore(tmp_path / "graph.db")
    from graph.neo4j_store import Neo4jStore

    server = request.getfixturevalue("bolt_server")
    server.wipe()
    return Neo4jStore(server.uri, "neo4j", "", database="tensiongraph")


@pytest.fixture(params=["embedded", "neo4j"])
def store(request, tmp_path):
    """Every store implementation, empty."""
    s = open_store(request.param, request, tmp_path)
    yield s
    s.close()


def make_extraction(article_id: str, published: str, rels: list[tuple[str, str, str, float]],
                    actors: list[Actor] | None = None, text: str | None = None) -> Extraction:
    """A hand-built extraction: states by ISO code unless ``actors`` says otherwise."""
    text = text or f"Text of {article_id}: " + "; ".join(f"{s} {t} {o}" for s, t, o, _ in rels)
    article = Article(id=article_id, text=text, published=dt.date.fromisoformat(published),
                      url=f"https://news.example.org/{article_id}")
    known = {a.key: a for a in actors or []}
    for s, _, o, _ in rels:
        for key in (s, o):
            known.setdefault(key, Actor(key=key, kind="State", name=key.title()))
    relations = [Relation(s, t, o, [Evidence(article_id, f"{s} {t.lower()} {o} ({article_id})", c)])
                 for s, t, o, c in rels]
    return Extraction(article=article, actors=list(known.values()), relations=relations, extractor_version="test")
