"""A served embedded store builds its read routes' indexes in the background after each full load (the start,
a curation), so the first readers do not wait for them: at 10M rows the first top-20 after a start took 17 s,
the first path 8.7 s, the first read under a provenance 48 s (bench/README.md)."""

from __future__ import annotations

import logging

import pytest

from api.settings import Settings, open_store
from graph import curation
from graph.embedded import EmbeddedStore
from graph.store import ActorQuery, RelationFilter
from tests.graph.test_snapshots import WAIT, fill

INDEXES = ("_names", "_collapsed", "_newest_evidence", ("_ranking", 90.0), "_alliance_edges")


def built(g) -> list:
    """The indexes of INDEXES that the snapshot ``g`` holds for its own generation."""
    return [name for name in INDEXES if name in g.graph and g.graph[name][0] == g.graph["generation"]]


@pytest.fixture
def filled(tmp_path):
    with EmbeddedStore(tmp_path / "g.db") as store:
        fill(store, 60, 11, "a")
    return tmp_path / "g.db"


def test_a_served_store_has_its_indexes_before_the_first_reader(filled):
    with EmbeddedStore(filled, warm_half_life=90.0) as store:
        assert store.warmed.wait(WAIT)
        g = store.projection()
        assert built(g) == list(INDEXES)
        assert (None, False) in g.graph["_collapsed"][1], "the default path query's graph"
    with EmbeddedStore(filled) as store:  # not served (commands, tests): left to the readers
        assert built(store.projection()) == []


def test_warmed_indexes_answer_as_the_ones_readers_build(filled):
    with EmbeddedStore(filled, warm_half_life=90.0) as warm, EmbeddedStore(filled) as cold:
        assert warm.warmed.wait(WAIT)
        answers = [(store.paths("IRN", "USA", k=3), store.rank_dyads(limit=10, half_life_days=90.0),
                    store.search_actors(ActorQuery(q="Ira")).items, store.allies("IRN", depth=2))
                   for store in (warm, cold)]
        assert answers[0] == answers[1]


def test_after_a_curation_the_indexes_and_the_provenance_views_in_use_come_back(filled):
    with EmbeddedStore(filled, warm_half_life=90.0) as store:
        assert store.warmed.wait(WAIT)
        with store.reading("text"):
            pass  # a reader asked for the text evidence alone
        rel = store.relations(RelationFilter()).items[0]
        store.curate(curation.reject_relation, rel.id, "ana", "a quote")  # the file is loaded again
        assert store.warmed.wait(WAIT)
        g = store.projection()
        assert built(g) == list(INDEXES)
        assert ("_provenance", "text") in g.graph and g.graph[("_provenance", "text")][0] == g.graph["generation"]


def test_a_store_closed_while_it_warms_up_says_so_and_stops(filled, caplog):
    caplog.set_level(logging.INFO, logger="tensiongraph.store")
    with EmbeddedStore(filled) as store:
        g = store.projection()
        store.close()
        store._warm_half_life = 90.0
        store._warm(g, ["gdelt"])  # the provenance's reports are read from the closed file
    assert store.warmed.is_set()
    assert any("indexes not built ahead of readers" in r.getMessage() and str(filled) in r.getMessage()
               for r in caplog.records)


def test_serve_opens_the_store_warming_unless_told_not_to(filled, monkeypatch):
    settings = Settings(db=str(filled))
    with open_store(settings, serving=True) as store:
        assert store._warm_half_life == settings.half_life_days and store.warmed.wait(WAIT)
    with open_store(settings) as store:
        assert store._warm_half_life is None
    monkeypatch.setenv("TENSIONGRAPH_WARM_INDEXES", "false")
    with open_store(Settings(db=str(filled)), serving=True) as store:
        assert store._warm_half_life is None
