"""The extractor over every article of the shared corpus (read at test time, never copied): zero failures."""

from __future__ import annotations

from pathlib import Path

import pytest

from loaders.readers import ReadError, read_sources

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus"


@pytest.mark.slow
@pytest.mark.parametrize("part", ["train", "dev"])
def test_every_corpus_article_extracts(extractor, part):
    folder = CORPUS / part
    files = sorted(str(p) for p in folder.glob("*.json")) if folder.is_dir() else []
    if not files:
        pytest.skip(f"{folder} is absent")
    articles = list(read_sources(files))
    unread = [a for a in articles if isinstance(a, ReadError)]
    assert unread == []
    results = list(extractor.extract_many(articles))
    failures = [r for r in results if isinstance(r, ReadError)]
    assert failures == [] and len(results) == len(files)
