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

    return Extractor()


@pytest.fixture(params=["embedded"])
def store(request, tmp_path):
    """Every store implementation, empty. The Neo4j store joins the params when its server is available."""
    s = EmbeddedStore(tmp_path / "graph.db")
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
