"""The tensest-dyads index (graph/tension.py `_ranking`) gives exactly the ranking of a full scan."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from graph import tension
from graph.embedded import EmbeddedStore
from tests.conftest import make_extraction

STATES = ["IRN", "AZE", "TUR", "ARM", "ISR", "RUS", "UKR", "FRA", "USA", "CHN"]
TYPES = ["ACCUSES", "THREATENS", "ATTACKS", "SANCTIONS", "SUPPORTS", "COOPERATES_WITH", "ARMS", "DENIES"]


def test_index_ranking_equals_full_scan(tmp_path):
    rng = random.Random(2)
    with EmbeddedStore(tmp_path / "r.db") as store:
        for i in range(120):
            a, b = rng.sample(STATES, 2)
            day = dt.date(2020, 1, 1) + dt.timedelta(days=rng.randrange(1500))
            store.upsert(make_extraction(f"r{i}", day.isoformat(), [(a, rng.choice(TYPES), b, rng.uniform(0.5, 1))]))
        everything = dt.date(1, 1, 1)  # a window holding every event: forces the full scan
        for actor in (None, "IRN", "USA"):
            for half_life in (30.0, 180.0):
                with store.reading() as g:
                    fast, total = tension.rank_dyads(g, actor=actor, half_life_days=half_life, limit=None,
                                                     as_of=dt.date(2025, 1, 1))
                    slow, slow_total = tension.rank_dyads(g, actor=actor, half_life_days=half_life, limit=None,
                                                          as_of=dt.date(2025, 1, 1), since=everything)
                assert total == slow_total > 0
                assert [(t.a, t.b, t.events) for t in fast] == [(t.a, t.b, t.events) for t in slow]
                for f, w in zip(fast, slow, strict=True):
                    assert f.score == pytest.approx(w.score, rel=1e-9, abs=1e-12)
                    assert f.hostility == pytest.approx(w.hostility, rel=1e-9, abs=1e-12)
                    assert f.cooperation == pytest.approx(w.cooperation, rel=1e-9, abs=1e-12)
                    assert f.by_type == pytest.approx(w.by_type, rel=1e-9, abs=1e-12)
        with store.reading() as g:
            page, total = tension.rank_dyads(g, offset=3, limit=4)
            full, _ = tension.rank_dyads(g, limit=None)
        assert [(t.a, t.b) for t in page] == [(t.a, t.b) for t in full[3:7]]
        store.upsert(make_extraction("late", "2025-06-01", [("FRA", "ATTACKS", "CHN", 1.0)]))  # a new generation
        with store.reading() as g:
            top = tension.top_dyads(g, limit=1, as_of=dt.date(2025, 6, 1), half_life_days=1.0)
        assert (top[0].a, top[0].b) == ("CHN", "FRA")
