"""Filtering by provenance on every store: a GDELT file and a text article in one graph, and what each
provenance alone gives (relations, their evidence and figures, the projection that tension reads, exports)."""

from __future__ import annotations

import datetime as dt

import pytest

from graph import dump, tension
from graph.coded import CodedEvent
from graph.errors import InvalidInput
from graph.export import neighbourhood
from graph.model import Actor, RelationType
from graph.paths import k_shortest_paths
from graph.store import RelationFilter
from loaders import gdelt
from loaders.coded import read_events
from tests.conftest import make_extraction
from tests.loaders import coded_samples as samples

GDELT = {("IRN", "ACCUSES", "ISR"), ("IRN", "COOPERATES_WITH", "ISR"), ("ministry:usa:armed-forces", "ARMS", "UKR"),
         ("organization:north-atlantic-treaty-organization", "THREATENS", "RUS")}
TEXT = {("IRN", "ACCUSES", "ISR"), ("IRN", "THREATENS", "ISR")}
DAY = dt.date(2024, 2, 1)  # the text article's date, after every GDELT event


def fill(store, tmp_path):
    """The sample GDELT file (confidence 0.5 each) and one text article about IRN and ISR, into ``store``."""
    events = [i for i in read_events([str(samples.gdelt_file(tmp_path / "g.CSV"))], gdelt.read)
              if isinstance(i, CodedEvent)]
    store.import_events(events)
    store.upsert(make_extraction("t1", DAY.isoformat(), [("IRN", "ACCUSES", "ISR", 0.9),
                                                          ("IRN", "THREATENS", "ISR", 0.8)]))
    return store


@pytest.fixture
def mixed(store, tmp_path):
    """Every store, with a GDELT file and a text article (see fill)."""
    return fill(store, tmp_path)


def _listed(store, **flt) -> dict:
    return {r.key: r for r in store.relations(RelationFilter(**flt), limit=100).items}


def test_a_provenance_lists_only_its_relations_with_its_evidence_and_figures(mixed):
    everything = _listed(mixed)
    assert set(everything) == GDELT | TEXT
    assert everything[("IRN", "ACCUSES", "ISR")].count == 2
    gdelt_only, text_only = _listed(mixed, provenance="gdelt"), _listed(mixed, provenance="text")
    assert set(gdelt_only) == GDELT and set(text_only) == TEXT
    assert _listed(mixed, provenance="acled") == {}
    for found, provenance in ((gdelt_only, "gdelt"), (text_only, "text")):
        assert {e.provenance for r in found.values() for e in r.evidence} == {provenance}
    accused_g, accused_t = gdelt_only[("IRN", "ACCUSES", "ISR")], text_only[("IRN", "ACCUSES", "ISR")]
    assert (accused_g.count, accused_g.confidence, accused_g.last_seen) == (1, 0.5, dt.date(2024, 1, 15))
    assert (accused_t.count, accused_t.confidence, accused_t.first_seen) == (1, 0.9, DAY)
    assert [e.article_id for e in accused_t.evidence] == ["t1"]


def test_min_confidence_paging_and_other_filters_go_by_the_provenance_figures(mixed):
    # together the two reports give 1 - 0.5 * 0.1 = 0.95; the text report alone 0.9, the GDELT one 0.5
    assert set(_listed(mixed, provenance="text", min_confidence=0.85)) == {("IRN", "ACCUSES", "ISR")}
    assert _listed(mixed, provenance="gdelt", min_confidence=0.6) == {}
    assert set(_listed(mixed, source="IRN", provenance="gdelt")) == {("IRN", "ACCUSES", "ISR"),
                                                                     ("IRN", "COOPERATES_WITH", "ISR")}
    assert set(_listed(mixed, since="2024-01-17", provenance="gdelt")) == {
        ("IRN", "COOPERATES_WITH", "ISR"), ("organization:north-atlantic-treaty-organization", "THREATENS", "RUS")}
    first = mixed.relations(RelationFilter(provenance="gdelt"), limit=3)
    rest = mixed.relations(RelationFilter(provenance="gdelt"), limit=3, offset=3)
    assert (first.total, len(first.items), len(rest.items), first.next_offset) == (4, 3, 1, 3)
    assert [r.last_seen for r in first.items + rest.items] == sorted((r.last_seen for r in first.items + rest.items),
                                                                     reverse=True)


def test_tension_under_a_provenance_counts_only_its_evidence(mixed):
    with mixed.reading() as g:
        whole = tension.dyad_tension(g, "IRN", "ISR", as_of=DAY)
    with mixed.reading("text") as g:
        text = tension.dyad_tension(g, "IRN", "ISR", as_of=DAY)
        assert g["IRN"]["ISR"]["ACCUSES"]["count"] == 1 and "COOPERATES_WITH" not in g["IRN"]["ISR"]
        assert "RUS" in g  # every actor stays: an actor without such evidence has no tension, not a 404
    with mixed.reading("gdelt") as g:
        coded = tension.dyad_tension(g, "IRN", "ISR", as_of=DAY)
        ranked = [(t.a, t.b) for t in tension.top_dyads(g, as_of=DAY)]
    assert (whole.events, text.events, coded.events) == (4, 2, 2)
    assert text.score == pytest.approx(2.0 * 0.9 + 4.4 * 0.8)  # ACCUSES and THREATENS on the day itself
    assert whole.score == pytest.approx(text.score + coded.score)
    assert set(ranked) == {("IRN", "ISR"), ("RUS", "organization:north-atlantic-treaty-organization")}


def test_a_write_is_seen_by_the_next_filtered_read(mixed):
    with mixed.reading("text") as g:
        assert "UKR" not in g["IRN"]
    mixed.upsert(make_extraction("t2", "2024-02-02", [("IRN", "THREATENS", "UKR", 0.7)]))
    with mixed.reading("text") as g:
        assert g["IRN"]["UKR"]["THREATENS"]["events"] == ((dt.date(2024, 2, 2), 0.7),)
    assert ("IRN", "THREATENS", "UKR") in _listed(mixed, provenance="text")


def test_an_unknown_provenance_is_refused_naming_the_allowed_ones(mixed):
    for call in (lambda: RelationFilter(provenance="GDELT"), lambda: mixed.reading("news").__enter__()):
        with pytest.raises(InvalidInput, match="is not one of text, gdelt, acled, polecat, icews"):
            call()


def _exported(store, provenance):
    """What dump.pages gives, by part (pages of 2, so that paging is exercised)."""
    found: dict[str, list] = {"actors": [], "articles": [], "relations": []}
    for part in dump.pages(store, provenance, page=2):
        found["actors"] += part.actors
        found["articles"] += part.articles
        found["relations"] += part.relations
    return found


def test_an_export_under_a_provenance_holds_only_its_graph(mixed):
    snap = _exported(mixed, "gdelt")
    assert {r.key for r in snap["relations"]} == GDELT
    assert {e.provenance for r in snap["relations"] for e in r.evidence} == {"gdelt"}
    assert {a.id for a in snap["articles"]} == {f"gdelt:110000000{i}" for i in (1, 2, 3, 5)}
    assert {a.key for a in snap["actors"]} == {key for r in GDELT for key in (r[0], r[2])}
    text = _exported(mixed, "text")
    assert [a.id for a in text["articles"]] == ["t1"] and {a.key for a in text["actors"]} == {"IRN", "ISR"}
    every = _exported(mixed, None)
    assert {r.key for r in every["relations"]} == GDELT | TEXT and len(every["articles"]) == 5


@pytest.mark.parametrize("provenance", [None, "text", "gdelt"])
def test_the_store_ranks_dyads_as_the_projection_of_the_provenance_does(mixed, provenance):
    for as_of in (None, DAY):
        with mixed.reading(provenance) as g:
            expected, total = tension.rank_dyads(g, as_of=as_of, hostile_only=False, limit=None)
        ranked, n = mixed.rank_dyads(as_of=as_of, hostile_only=False, limit=100, provenance=provenance)
        assert n == total and [(t.a, t.b, t.events, t.as_of) for t in ranked] == \
            [(t.a, t.b, t.events, t.as_of) for t in expected]
        assert [t.score for t in ranked] == pytest.approx([t.score for t in expected])


@pytest.mark.parametrize("provenance", [None, "text", "gdelt"])
def test_the_store_gives_the_subgraph_the_projection_of_the_provenance_gives(mixed, provenance):
    for center, depth in (("ISR", 1), ("IRN", 2), ("RUS", 1), (None, 1)):
        with mixed.reading(provenance) as g:
            expected = neighbourhood(g, center, depth)
        sub = mixed.subgraph(center, depth, provenance=provenance)
        assert sorted(sub.nodes) == sorted(expected.nodes)
        figures = lambda h: sorted((u, v, k, d["count"], d["first_seen"], d["last_seen"], d["events"])  # noqa: E731
                                   for u, v, k, d in h.edges(keys=True, data=True))
        assert figures(sub) == figures(expected)
        assert [d["confidence"] for *_, d in sorted(sub.edges(keys=True, data=True))] == pytest.approx(
            [d["confidence"] for *_, d in sorted(expected.edges(keys=True, data=True))])


def _walked(paths) -> list[list[tuple]]:
    return [[(s.source, s.type, s.target, s.forward, round(s.confidence, 9)) for s in path] for path in paths]


def test_paths_under_a_provenance_walk_only_its_relations_weighed_by_its_reports(mixed):
    mixed.upsert(make_extraction("t3", "2024-02-03", [("UKR", "ACCUSES", "RUS", 0.7)]))
    army, nato = "ministry:usa:armed-forces", "organization:north-atlantic-treaty-organization"
    assert _walked(mixed.paths(army, nato, max_hops=3)) == [[
        (army, "ARMS", "UKR", True, 0.5), ("UKR", "ACCUSES", "RUS", True, 0.7), (nato, "THREATENS", "RUS", False, 0.5)]]
    assert mixed.paths(army, nato, max_hops=3, provenance="gdelt") == []  # UKR-RUS has text evidence only
    assert mixed.paths(army, nato, max_hops=3, provenance="text") == []
    # IRN-ISR: ACCUSES has both (0.95 together), THREATENS text (0.8), COOPERATES_WITH GDELT (0.5)
    assert _walked(mixed.paths("IRN", "ISR")) == [[("IRN", "ACCUSES", "ISR", True, 0.95)]]
    assert _walked(mixed.paths("IRN", "ISR", provenance="text")) == [[("IRN", "ACCUSES", "ISR", True, 0.9)]]
    # GDELT alone: ACCUSES and COOPERATES_WITH at 0.5 each, and the tie goes to the type last in the alphabet
    assert _walked(mixed.paths("IRN", "ISR", provenance="gdelt")) == [[("IRN", "COOPERATES_WITH", "ISR", True, 0.5)]]
    assert _walked(mixed.paths("IRN", "ISR", types={"THREATENS"}, provenance="gdelt")) == []


@pytest.mark.parametrize("provenance", [None, "text", "gdelt"])
def test_the_store_finds_the_paths_the_projection_of_the_provenance_gives(mixed, provenance):
    mixed.upsert(make_extraction("t3", "2024-02-03", [("UKR", "ACCUSES", "RUS", 0.7), ("RUS", "ARMS", "IRN", 0.6),
                                                      ("ISR", "OPPOSES", "UKR", 0.4)]))
    asks = [("IRN", "ISR", {}), ("IRN", "UKR", {"k": 5}), ("ministry:usa:armed-forces", "IRN", {"max_hops": 4}),
            ("ISR", "RUS", {"directed": True}), ("IRN", "RUS", {"types": {"ACCUSES", "ARMS", "COOPERATES_WITH"}})]
    for source, target, options in asks:
        with mixed.reading(provenance) as g:
            expected = k_shortest_paths(g, source, target, **options)
        assert _walked(mixed.paths(source, target, provenance=provenance, **options)) == _walked(expected), \
            (source, target, options)


def _view_figures(store, provenance: str) -> tuple[list, list]:
    """The provenance's view as a reader gets it: each edge with its figures and events, and the top dyads."""
    with store.reading(provenance) as g:
        edges = sorted((u, v, k, d["count"], d["first_seen"], d["last_seen"], round(d["confidence"], 6), d["events"])
                       for u, v, k, d in g.edges(keys=True, data=True))
    top, _ = store.rank_dyads(as_of=dt.date(2024, 6, 1), hostile_only=False, limit=50, provenance=provenance)
    return edges, [(t.a, t.b, t.events, round(t.score, 6)) for t in top]


def test_writes_carry_each_provenance_view_and_its_ranking_as_a_fresh_load_builds_them(tmp_path):
    """A provenance-filtered read after a write used to rebuild that provenance's reports from every piece of
    evidence (65 s at 10M rows, bench/README.md); the write now grows them with its own articles' evidence,
    its own and another process's (followed), and the figures are those a full load gives."""
    from graph.embedded import EmbeddedStore

    path = tmp_path / "g.db"
    with EmbeddedStore(path) as store, EmbeddedStore(path) as other:
        fill(store, tmp_path)
        for provenance in ("text", "gdelt"):
            _view_figures(store, provenance)  # built for the snapshot of now
        store.upsert(make_extraction("t2", "2024-03-01", [("IRN", "ACCUSES", "ISR", 0.6), ("IRN", "THREATENS", "UKR", 0.7)]))
        store.import_events([CodedEvent("gdelt:9001", dt.date(2024, 3, 2), "event 9001", [(
            Actor("RUS", "State", "Russia"), RelationType.ATTACKS, Actor("UKR", "State", "Ukraine"))],
            provenance="gdelt", confidence=0.5)])
        other.upsert(make_extraction("t3", "2024-03-03", [("RUS", "THREATENS", "UKR", 0.8), ("GEO", "ACCUSES", "RUS", 0.7)]))
        g = store.projection()  # follows the other's write
        for provenance in ("text", "gdelt"):
            assert g.graph[("_reports", provenance)][0] == g.graph["generation"], "carried, not left to rebuild"
            view = g.graph[("_provenance", provenance)]
            assert view[0] == g.graph["generation"]
            assert view[1].graph[("_ranking", 180.0)][0] == g.graph["generation"], "the view's ranking carried too"
        carried = {p: _view_figures(store, p) for p in ("text", "gdelt")}
    with EmbeddedStore(path) as fresh:
        for provenance in ("text", "gdelt"):
            assert carried[provenance] == _view_figures(fresh, provenance)
    text_edges = {(u, k, v): events for u, v, k, *_, events in carried["text"][0]}
    assert text_edges[("IRN", "ACCUSES", "ISR")] == ((DAY, 0.9), (dt.date(2024, 3, 1), 0.6))
    assert {("RUS", "THREATENS", "UKR"), ("GEO", "ACCUSES", "RUS")} <= set(text_edges)
    assert ("RUS", "ATTACKS", "UKR") not in text_edges
