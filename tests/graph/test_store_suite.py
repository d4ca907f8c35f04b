"""The store test suite: every GraphStore implementation must pass it (fixture ``store``)."""

from __future__ import annotations

import datetime as dt

import pytest

from graph.errors import LimitExceeded, NotFound
from graph.model import Actor, RelationType
from graph.store import ActorQuery, RelationFilter
from tests.conftest import make_extraction


def test_upsert_stores_article_actors_and_relations(store):
    result = store.upsert(make_extraction("a1", "2024-01-10", [("IRN", "ACCUSES", "AZE", 0.9)]))
    assert (result.stored, result.new_actors, result.new_relations, result.new_evidence) == (True, 2, 1, 1)
    rel = store.relations(RelationFilter(source="IRN")).items[0]
    assert (rel.source, rel.type, rel.target, rel.count) == ("IRN", RelationType.ACCUSES, "AZE", 1)
    assert rel.evidence[0].article_id == "a1"
    assert rel.evidence[0].url == "https://news.example.org/a1"
    assert rel.evidence[0].published == dt.date(2024, 1, 10)
    assert store.get_article("a1").published == dt.date(2024, 1, 10)


def test_same_article_twice_changes_nothing(store):
    ex = make_extraction("a1", "2024-01-10", [("IRN", "ACCUSES", "AZE", 0.9)])
    store.upsert(ex)
    before = store.stats().as_dict()
    again = store.upsert(ex)
    assert not again.stored and again.duplicate_of == "a1"
    assert store.stats().as_dict() == before


def test_same_text_under_another_id_is_a_duplicate(store):
    store.upsert(make_extraction("a1", "2024-01-10", [("IRN", "ACCUSES", "AZE", 0.9)], text="Iran  accused\nAzerbaijan."))
    copy = store.upsert(make_extraction("copy", "2024-01-11", [("IRN", "ACCUSES", "AZE", 0.9)],
                                        text="IRAN ACCUSED AZERBAIJAN."))
    assert not copy.stored and copy.duplicate_of == "a1"
    assert store.stats().articles == 1 and store.stats().evidence == 1


def test_evidence_from_many_articles_aggregates_on_one_edge(store):
    store.upsert(make_extraction("a1", "2024-01-10", [("IRN", "ACCUSES", "AZE", 0.5)]))
    store.upsert(make_extraction("a2", "2024-03-05", [("IRN", "ACCUSES", "AZE", 0.5)]))
    store.upsert(make_extraction("a3", "2023-12-01", [("IRN", "ACCUSES", "AZE", 0.5)]))
    rels = store.relations(RelationFilter(types={"ACCUSES"})).items
    assert len(rels) == 1
    rel = rels[0]
    assert rel.count == 3
    assert (rel.first_seen, rel.last_seen) == (dt.date(2023, 12, 1), dt.date(2024, 3, 5))
    assert rel.confidence == pytest.approx(1 - 0.5**3)  # noisy-OR of three reports of 0.5
    assert [e.article_id for e in rel.evidence] == ["a2", "a1", "a3"]  # newest first
    edge = store.projection().get_edge_data("IRN", "AZE", key="ACCUSES")
    assert edge["count"] == 3 and len(edge["events"]) == 3


def test_symmetric_relations_are_one_edge_whichever_way_round(store):
    store.upsert(make_extraction("a1", "2024-01-10", [("TUR", "ALLIED_WITH", "AZE", 0.8)]))
    store.upsert(make_extraction("a2", "2024-01-11", [("AZE", "ALLIED_WITH", "TUR", 0.8)]))
    rels = store.relations(RelationFilter(types={"ALLIED_WITH"})).items
    assert [(r.source, r.target, r.count) for r in rels] == [("AZE", "TUR", 2)]
    store.upsert(make_extraction("a3", "2024-01-12", [("TUR", "ACCUSES", "ARM", 0.8), ("ARM", "ACCUSES", "TUR", 0.7)]))
    keys = lambda flt: sorted(r.key for r in store.relations(flt).items)  # noqa: E731
    # a symmetric relation answers from either end, a directed one only from its own, whichever types are asked
    assert keys(RelationFilter(source="TUR", types={"ALLIED_WITH"})) == [("AZE", "ALLIED_WITH", "TUR")]
    assert keys(RelationFilter(source="TUR", types={"ACCUSES"})) == [("TUR", "ACCUSES", "ARM")]
    assert keys(RelationFilter(target="TUR", types={"ACCUSES", "ALLIED_WITH"})) == [
        ("ARM", "ACCUSES", "TUR"), ("AZE", "ALLIED_WITH", "TUR")]
    assert keys(RelationFilter(target="AZE", types={"ACCUSES"})) == []
    assert keys(RelationFilter(source="TUR")) == [("AZE", "ALLIED_WITH", "TUR"), ("TUR", "ACCUSES", "ARM")]


def test_relation_filters(store):
    store.upsert(make_extraction("a1", "2024-01-10", [("IRN", "ACCUSES", "AZE", 0.9), ("ISR", "ARMS", "AZE", 0.4)]))
    store.upsert(make_extraction("a2", "2024-06-10", [("AZE", "DENIES", "IRN", 0.8)]))
    keys = lambda page: sorted(r.key for r in page.items)  # noqa: E731
    assert keys(store.relations(RelationFilter(target="AZE"))) == [("IRN", "ACCUSES", "AZE"), ("ISR", "ARMS", "AZE")]
    assert keys(store.relations(RelationFilter(types={"ARMS"}))) == [("ISR", "ARMS", "AZE")]
    assert keys(store.relations(RelationFilter(min_confidence=0.5))) == [("AZE", "DENIES", "IRN"), ("IRN", "ACCUSES", "AZE")]
    assert keys(store.relations(RelationFilter(since="2024-03-01"))) == [("AZE", "DENIES", "IRN")]
    assert keys(store.relations(RelationFilter(until="2024-03-01", actor="IRN"))) == [("IRN", "ACCUSES", "AZE")]
    assert keys(store.relations(RelationFilter(article="a2"))) == [("AZE", "DENIES", "IRN")]
    page = store.relations(RelationFilter(), limit=2, offset=0)
    assert page.total == 3 and len(page.items) == 2 and page.next_offset == 2
    assert store.relations(RelationFilter(), limit=2, offset=2).next_offset is None


def test_get_and_search_actors(store):
    heydari = Actor("officer:irn:kioumars-heydari", "Officer", "Kioumars Heydari", aliases=["Heydari", "K. Heydari"],
                    state="IRN")
    store.upsert(make_extraction("a1", "2024-01-10", [(heydari.key, "ACCUSES", "AZE", 0.9)],
                                 actors=[heydari, Actor("AZE", "State", "Azerbaijan", aliases=["Baku", "Azeri"])]))
    assert store.get_actor("AZE").name == "Azerbaijan"
    with pytest.raises(NotFound, match="'NOPE'"):
        store.get_actor("NOPE")
    found = store.search_actors(ActorQuery(q="heydary"))
    assert found.items[0].key == heydari.key
    assert store.search_actors(ActorQuery(q="baku")).items[0].key == "AZE"
    assert [a.key for a in store.search_actors(ActorQuery(kind="Officer")).items] == [heydari.key]
    assert [a.key for a in store.search_actors(ActorQuery(state="IRN", kind="Officer")).items] == [heydari.key]
    assert store.search_actors(ActorQuery(q="zzzzqqq")).total == 0


def test_same_officer_spelled_differently_across_articles_is_one_actor(store):
    for i, name in enumerate(["Nasser Kanaani", "Nasser Kana'ani", "Nasser Kanani"]):
        officer = Actor(f"officer:irn:{name.lower().replace(' ', '-')}", "Officer", name, state="IRN")
        store.upsert(make_extraction(f"k{i}", f"2024-0{i + 1}-01", [(officer.key, "ACCUSES", "ISR", 0.8)],
                                     actors=[officer]))
    officers = store.search_actors(ActorQuery(kind="Officer")).items
    assert len(officers) == 1
    assert {"Nasser Kana'ani", "Nasser Kanani"} <= set(officers[0].aliases)
    assert store.relations(RelationFilter(types={"ACCUSES"})).items[0].count == 3


def test_neighbours_and_subgraph(store):
    store.upsert(make_extraction("a1", "2024-01-10", [("IRN", "ACCUSES", "AZE", 0.9), ("ISR", "ARMS", "AZE", 0.8),
                                                      ("USA", "ARMS", "ISR", 0.8)]))
    assert store.neighbours("AZE") == ["IRN", "ISR"]
    assert store.neighbours("AZE", direction="out") == []
    assert store.neighbours("AZE", types=frozenset({RelationType.ARMS})) == ["ISR"]
    sub = store.subgraph("AZE", depth=1)
    assert set(sub.nodes) == {"AZE", "IRN", "ISR"}
    assert set(store.subgraph("AZE", depth=2).nodes) == {"AZE", "IRN", "ISR", "USA"}
    assert set(store.subgraph("AZE", depth=2, types=frozenset({RelationType.ACCUSES})).nodes) == {"AZE", "IRN"}
    with pytest.raises(NotFound):
        store.subgraph("XXX")


def test_projection_follows_each_upsert(store):
    g = store.projection()
    assert g.number_of_edges() == 0
    store.upsert(make_extraction("a1", "2024-01-10", [("IRN", "ACCUSES", "AZE", 0.9)]))
    g = store.projection()
    assert g.has_edge("IRN", "AZE", key="ACCUSES")
    assert g.nodes["IRN"]["kind"] == "State"


def test_stats_count_per_kind_and_type(store):
    store.upsert(make_extraction("a1", "2024-01-10", [("IRN", "ACCUSES", "AZE", 0.9), ("ISR", "ARMS", "AZE", 0.8)]))
    stats = store.stats().as_dict()
    assert stats == {"articles": 1, "actors": {"State": 3}, "relations": {"ACCUSES": 1, "ARMS": 1}, "evidence": 2}


def test_upsert_many_stores_each_article_and_reports_each(store):
    officers = [Actor(f"officer:irn:{n.lower().replace(' ', '-')}", "Officer", n, state="IRN")
                for n in ("Nasser Kanaani", "Nasser Kana'ani")]
    bad = make_extraction("bad", "2024-01-03", [("IRN", "ACCUSES", "ISR", 0.8)])
    bad.actors = [a for a in bad.actors if a.key != "ISR"]  # a relation to an actor it does not carry
    batch = [make_extraction("m0", "2024-01-01", [(officers[0].key, "ACCUSES", "ISR", 0.8)], actors=[officers[0]]),
             bad,
             make_extraction("m1", "2024-01-02", [(officers[1].key, "ACCUSES", "ISR", 0.6)], actors=[officers[1]]),
             make_extraction("m0", "2024-01-01", [("TUR", "ARMS", "AZE", 0.9)])]  # same id again: skipped
    results = store.upsert_many(batch)
    assert [getattr(r, "stored", None) for r in results] == [True, None, True, False]
    assert "unknown actor 'ISR'" in str(results[1])
    assert store.stats().articles == 2
    # the second spelling in the same batch joins the first officer
    assert len(store.search_actors(ActorQuery(kind="Officer")).items) == 1
    rel = store.relations(RelationFilter(types={"ACCUSES"})).items[0]
    assert rel.count == 2 and rel.confidence == pytest.approx(1 - 0.2 * 0.4)
    with store.reading() as g:
        assert sum(len(d["events"]) for _, _, d in g.edges(data=True)) == 2


def test_search_finds_an_alias_added_by_a_later_article(store):
    store.upsert(make_extraction("s1", "2024-01-01", [("IRN", "ACCUSES", "ISR", 0.8)]))
    assert store.search_actors(ActorQuery(q="Persia")).items == []
    persia = Actor("IRN", "State", "Iran", aliases=["Persia"])
    store.upsert(make_extraction("s2", "2024-01-02", [], actors=[persia], text="Persia said nothing of note."))
    assert [a.key for a in store.search_actors(ActorQuery(q="Persia")).items] == ["IRN"]


def test_actors_and_relation_counts_are_read_by_key(store):
    store.upsert(make_extraction("a1", "2024-01-10", [("IRN", "ACCUSES", "AZE", 0.9), ("ISR", "ARMS", "AZE", 0.8),
                                                      ("AZE", "DENIES", "IRN", 0.7)]))
    found = store.actors(["IRN", "NOPE", "AZE"])
    assert sorted(found) == ["AZE", "IRN"] and found["IRN"].kind == "State"
    assert store.relation_counts("AZE") == ({"DENIES": 1}, {"ACCUSES": 1, "ARMS": 1})
    with pytest.raises(NotFound, match="'NOPE'"):
        store.relation_counts("NOPE")


def test_name_search_ranks_alike_however_many_names_are_read_at_a_time(store, monkeypatch):
    monkeypatch.setattr("graph.neo4j_store.SEARCH_BATCH", 2)  # the Neo4j store reads names in batches
    names = {"IRN": "Iran", "IRQ": "Iraq", "AZE": "Azerbaijan", "ISR": "Israel", "IND": "India", "IRL": "Ireland"}
    store.upsert(make_extraction("a1", "2024-01-10", [(k, "ACCUSES", "USA", 0.9) for k in names],
                                 actors=[Actor(k, "State", n) for k, n in names.items()]))
    page = store.search_actors(ActorQuery(q="Ira"), limit=1, offset=1)  # IRN and IRQ are read in two batches
    assert page.total == 2 and [a.key for a in page.items] == ["IRQ"]
    assert [a.key for a in store.search_actors(ActorQuery(q="Irak")).items] == ["IRN", "IRQ"]  # a tie: by key
    assert [a.key for a in store.search_actors(ActorQuery(q="Irelnd")).items] == ["IRL"]
    assert [a.key for a in store.search_actors(ActorQuery(), limit=3, offset=1).items] == ["IND", "IRN", "IRQ"]


def _walks(found):
    return [[(s.source, s.type, s.target, s.forward) for s in path] for path in found]


def test_paths_fewest_hops_first_then_by_keys_with_the_best_relation_per_step(store):
    store.upsert(make_extraction("a1", "2024-01-10", [
        ("IRN", "ACCUSES", "AZE", 0.9), ("IRN", "THREATENS", "AZE", 0.5), ("ISR", "ARMS", "AZE", 0.8),
        ("IRN", "THREATENS", "ISR", 0.7), ("TUR", "ALLIED_WITH", "AZE", 0.9), ("TUR", "ARMS", "ISR", 0.6),
        ("IRN", "OPPOSES", "GEO", 0.4), ("GEO", "COOPERATES_WITH", "ISR", 0.5)]))
    found = store.paths("IRN", "ISR", k=4, max_hops=3)
    assert _walks(found) == [
        [("IRN", "THREATENS", "ISR", True)],
        [("IRN", "ACCUSES", "AZE", True), ("ISR", "ARMS", "AZE", False)],  # ACCUSES (0.9) beats THREATENS
        [("IRN", "OPPOSES", "GEO", True), ("GEO", "COOPERATES_WITH", "ISR", True)],  # AZE before GEO
        [("IRN", "ACCUSES", "AZE", True), ("AZE", "ALLIED_WITH", "TUR", True), ("TUR", "ARMS", "ISR", True)]]
    assert found[1][0].confidence == pytest.approx(0.9)
    assert _walks(store.paths("IRN", "ISR", k=2, max_hops=1)) == [[("IRN", "THREATENS", "ISR", True)]]
    # directed: ARMS ISR->AZE cannot be walked backwards; the alliance AZE-TUR can (symmetric)
    assert _walks(store.paths("IRN", "ISR", k=3, max_hops=3, directed=True)) == [
        [("IRN", "THREATENS", "ISR", True)],
        [("IRN", "OPPOSES", "GEO", True), ("GEO", "COOPERATES_WITH", "ISR", True)],
        [("IRN", "ACCUSES", "AZE", True), ("AZE", "ALLIED_WITH", "TUR", True), ("TUR", "ARMS", "ISR", True)]]
    assert _walks(store.paths("IRN", "ISR", types={"THREATENS", "ARMS"}, max_hops=3)) == [
        [("IRN", "THREATENS", "ISR", True)],
        [("IRN", "THREATENS", "AZE", True), ("ISR", "ARMS", "AZE", False)]]
    assert store.paths("IRN", "IRN") == [] and store.paths("GEO", "TUR", types={"SANCTIONS"}) == []
    with pytest.raises(NotFound, match="'NOPE'"):
        store.paths("IRN", "NOPE")


def test_tension_of_a_dyad_rolls_officers_up_and_decays_to_the_newest_evidence(store):
    officer = Actor("officer:irn:x", "Officer", "X", state="IRN")
    store.upsert(make_extraction("a1", "2024-01-01", [(officer.key, "THREATENS", "AZE", 1.0)], actors=[officer]))
    store.upsert(make_extraction("a2", "2024-03-01", [("AZE", "ACCUSES", "IRN", 0.5)]))
    store.upsert(make_extraction("a3", "2024-06-01", [("USA", "ARMS", "ISR", 0.9)]))  # the newest evidence
    total, points = store.tension("IRN", "AZE", half_life_days=180)
    expected = 4.4 * 0.5 ** (152 / 180) + 2.0 * 0.5 * 0.5 ** (92 / 180)
    assert total.as_of == dt.date(2024, 6, 1) and total.events == 2
    assert total.score == pytest.approx(expected) and total.by_type.keys() == {"THREATENS", "ACCUSES"}
    assert [p.start.month for p in points] == [1, 2, 3, 4, 5, 6] and [p.events for p in points] == [1, 0, 1, 0, 0, 0]
    assert points[-1].level == pytest.approx(expected)
    early, _ = store.tension("AZE", "IRN", until=dt.date(2024, 2, 1), half_life_days=180)
    assert early.events == 1 and early.score == pytest.approx(4.4 * 0.5 ** (31 / 180))
    with pytest.raises(NotFound, match="'NOPE'"):
        store.tension("IRN", "NOPE")


def test_tensest_dyads_roll_officers_up_keep_hostile_pairs_and_page(store):
    officer = Actor("officer:irn:x", "Officer", "X", state="IRN")
    store.upsert(make_extraction("a1", "2024-01-01", [(officer.key, "THREATENS", "AZE", 1.0), ("IRN", "ACCUSES", "ISR", 0.5),
                                                      (officer.key, "SERVES", "IRN", 0.9)], actors=[officer]))
    store.upsert(make_extraction("a2", "2024-03-01", [("AZE", "ACCUSES", "IRN", 0.5), ("TUR", "ALLIED_WITH", "AZE", 0.9)]))
    store.upsert(make_extraction("a3", "2024-06-01", [("USA", "ARMS", "ISR", 0.9), ("RUS", "ATTACKS", "UKR", 0.8)]))
    decayed = lambda days: 0.5 ** (days / 180)  # noqa: E731  (as of the newest evidence, 2024-06-01)
    pairs = lambda ranked: [(t.a, t.b) for t in ranked[0]]  # noqa: E731
    ranked, total = store.rank_dyads(half_life_days=180)
    assert [(t.a, t.b) for t in ranked] == [("RUS", "UKR"), ("AZE", "IRN"), ("IRN", "ISR")] and total == 3
    top, aze_irn = ranked[0], ranked[1]
    assert (top.score, top.events, top.hostility, top.cooperation, top.as_of) == (
        pytest.approx(8.0), 1, pytest.approx(8.0), 0.0, dt.date(2024, 6, 1))
    assert aze_irn.score == pytest.approx(4.4 * decayed(152) + 2.0 * 0.5 * decayed(92)) and aze_irn.events == 2
    assert aze_irn.by_type == {"THREATENS": pytest.approx(4.4 * decayed(152)), "ACCUSES": pytest.approx(decayed(92))}
    # cooperation alone ranks only when asked, last: it lowers tension
    everything, total = store.rank_dyads(half_life_days=180, hostile_only=False)
    assert [(t.a, t.b) for t in everything][3:] == [("AZE", "TUR"), ("ISR", "USA")] and total == 5
    assert everything[4].score == pytest.approx(-8.3 * 0.9) and everything[4].cooperation == pytest.approx(8.3 * 0.9)
    assert pairs(store.rank_dyads(actor="IRN")) == [("AZE", "IRN"), ("IRN", "ISR")]
    assert store.rank_dyads(actor=officer.key) == ([], 0)  # he counts for his state
    assert pairs(store.rank_dyads(offset=1, limit=1)) == [("AZE", "IRN")] and store.rank_dyads(limit=1)[1] == 3
    window, _ = store.rank_dyads(since=dt.date(2024, 2, 1), half_life_days=180)
    assert [(t.a, t.b) for t in window] == [("RUS", "UKR"), ("AZE", "IRN")] and window[1].events == 1
    early, _ = store.rank_dyads(until=dt.date(2024, 3, 31), half_life_days=180)  # decayed to until; later left out
    assert [(t.a, t.b, t.as_of) for t in early] == [("AZE", "IRN", dt.date(2024, 3, 31)), ("IRN", "ISR", dt.date(2024, 3, 31))]
    assert early[0].score == pytest.approx(4.4 * decayed(90) + 1.0 * decayed(30))
    before, _ = store.rank_dyads(as_of=dt.date(2024, 2, 1), half_life_days=180)
    assert [(t.a, t.b, t.events) for t in before] == [("AZE", "IRN", 1), ("IRN", "ISR", 1)]
    with pytest.raises(NotFound, match="'NOPE'"):
        store.rank_dyads(actor="NOPE")


def test_alliances_allies_of_allies_blocs_and_common_enemies(store):
    nato = Actor("organization:nato", "Organization", "NATO")
    officer = Actor("officer:rus:y", "Officer", "Y", state="RUS")
    store.upsert(make_extraction("a1", "2024-01-10", [
        ("AZE", "ALLIED_WITH", "TUR", 0.9), ("TUR", "ALLIED_WITH", "PAK", 0.5), ("PAK", "ALLIED_WITH", "CHN", 0.8),
        ("AZE", "ALLIED_WITH", "PAK", 0.4), ("POL", "MEMBER_OF", nato.key, 0.9), ("EST", "MEMBER_OF", nato.key, 0.7),
        ("ARM", "ALLIED_WITH", "FRA", 0.3), (officer.key, "THREATENS", "EST", 0.8), ("BLR", "ACCUSES", "EST", 0.6),
        ("RUS", "COOPERATES_WITH", "BLR", 0.7), ("UKR", "ATTACKS", "RUS", 0.9), ("POL", "SANCTIONS", "RUS", 0.8)],
        actors=[nato, officer]))
    walk = lambda found: [(a.key, a.depth, a.via) for a in found]  # noqa: E731
    assert walk(store.allies("AZE")) == [("TUR", 1, ()), ("PAK", 1, ())]
    assert walk(store.allies("AZE", depth=3)) == [("TUR", 1, ()), ("PAK", 1, ()), ("CHN", 2, ("PAK",))]
    assert store.allies("AZE", depth=2)[2].confidence == pytest.approx(0.4 * 0.8)  # the shortest chain, not TUR's
    assert walk(store.allies("AZE", depth=2, min_confidence=0.45)) == [("TUR", 1, ()), ("PAK", 2, ("TUR",))]
    assert walk(store.allies("EST", depth=2)) == [(nato.key, 1, ()), ("POL", 2, (nato.key,))]
    assert store.allies("UKR") == []
    with pytest.raises(NotFound, match="'NOPE'"):
        store.allies("NOPE")
    assert store.blocs() == [["AZE", "CHN", "PAK", "TUR"], ["EST", "POL", nato.key], ["ARM", "FRA"]]
    assert store.blocs(min_confidence=0.5, min_size=3) == [["AZE", "CHN", "PAK", "TUR"], ["EST", "POL", nato.key]]
    assert store.blocs(min_confidence=0.6) == [["EST", "POL", nato.key], ["AZE", "TUR"], ["CHN", "PAK"]]
    assert store.blocs(method="cliques", min_size=3) == [["AZE", "PAK", "TUR"]]
    triads = [(t.a, t.b, t.enemy, t.a_types, t.b_types, t.friendly, t.hostile) for t in store.common_enemies()]
    assert triads == [("POL", "UKR", "RUS", ("SANCTIONS",), ("ATTACKS",), False, False),  # not yet friendly: first
                      ("BLR", "RUS", "EST", ("ACCUSES",), ("THREATENS",), True, False)]  # the officer counts for RUS
    assert [(t.a, t.b) for t in store.common_enemies("UKR")] == [("POL", "UKR")]
    with pytest.raises(NotFound, match="'NOPE'"):
        store.common_enemies("NOPE")


def test_subgraph_rings_edges_with_their_reports_and_the_node_cap(store):
    store.upsert(make_extraction("a1", "2024-01-10", [("IRN", "ACCUSES", "AZE", 0.9), ("ISR", "ARMS", "AZE", 0.8),
                                                      ("USA", "ARMS", "ISR", 0.8), ("USA", "ALLIED_WITH", "GBR", 0.7)]))
    store.upsert(make_extraction("a2", "2024-02-01", [("IRN", "ACCUSES", "AZE", 0.5), ("AZE", "DENIES", "IRN", 0.6)]))
    sub = store.subgraph("ISR", depth=1)
    assert sorted(sub.nodes) == ["AZE", "ISR", "USA"] and sub.nodes["AZE"]["name"] == "Aze"
    assert sorted(sub.edges(keys=True)) == [("ISR", "AZE", "ARMS"), ("USA", "ISR", "ARMS")]
    two = store.subgraph("ISR", depth=2)  # the relations among the ring's actors come too
    assert sorted(two.nodes) == ["AZE", "GBR", "IRN", "ISR", "USA"]
    assert sorted(two.edges(keys=True)) == [("AZE", "IRN", "DENIES"), ("GBR", "USA", "ALLIED_WITH"),  # in key order
                                            ("IRN", "AZE", "ACCUSES"), ("ISR", "AZE", "ARMS"), ("USA", "ISR", "ARMS")]
    accused = two.edges["IRN", "AZE", "ACCUSES"]
    assert accused["events"] == ((dt.date(2024, 1, 10), 0.9), (dt.date(2024, 2, 1), 0.5)) and accused["count"] == 2
    assert accused["confidence"] == pytest.approx(1 - 0.1 * 0.5)
    assert sorted(store.subgraph("ISR", depth=0).nodes) == ["ISR"]
    assert sorted(store.subgraph("ISR", depth=3, types=frozenset({RelationType.ARMS})).nodes) == ["AZE", "ISR", "USA"]
    assert sorted(store.subgraph(None).nodes) == ["AZE", "GBR", "IRN", "ISR", "USA"]
    with pytest.raises(LimitExceeded, match="graph nodes exceeds the limit of 3"):
        store.subgraph("ISR", depth=2, max_nodes=3)
    with pytest.raises(LimitExceeded, match="graph nodes exceeds the limit of 4"):
        store.subgraph(None, max_nodes=4)
    assert len(store.subgraph("ISR", depth=2, max_nodes=5)) == 5
    with pytest.raises(NotFound, match="'XXX'"):
        store.subgraph("XXX")


def test_relations_seen_last_on_the_same_day_come_in_key_order(store):
    """Newest first; relations last seen the same day by source, type and target, in every store and under a
    provenance filter alike (the embedded store gave them in the order they were first stored, the Neo4j store
    and the provenance filter by key)."""
    store.upsert(make_extraction("a1", "2024-05-01", [("USA", "SANCTIONS", "IRN", 0.9), ("AZE", "ACCUSES", "ARM", 0.8),
                                                      ("IRN", "THREATENS", "ISR", 0.7), ("AZ", "ACCUSES", "ARM", 0.6)]))
    store.upsert(make_extraction("a2", "2024-06-01", [("TUR", "ARMS", "AZE", 0.9)]))
    # "AZ" before "AZE" (by source), though the key "AZE|..." comes before "AZ|..." ("E" before "|")
    expected = ["TUR|ARMS|AZE", "AZ|ACCUSES|ARM", "AZE|ACCUSES|ARM", "IRN|THREATENS|ISR", "USA|SANCTIONS|IRN"]
    assert [r.id for r in store.relations(RelationFilter()).items] == expected
    assert [r.id for r in store.relations(RelationFilter(provenance="text")).items] == expected
    assert [r.id for r in store.relations(RelationFilter(), limit=2, offset=1).items] == expected[1:3]
