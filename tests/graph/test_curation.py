"""Curation on both stores: delete an article, reject a relation, merge two actors and undo it; every
write is in the audit log, and answers, counts and tension follow at once."""

from __future__ import annotations

import datetime as dt

import pytest

from graph import curation, tension
from graph.errors import InvalidInput, NotFound
from graph.model import Actor
from graph.store import ActorQuery, RelationFilter
from tests.conftest import make_extraction


def _rels(store, **flt) -> dict[str, int]:
    return {r.id: r.count for r in store.relations(RelationFilter(**flt)).items}


def test_deleting_an_article_takes_its_evidence_and_recomputes(store):
    store.upsert(make_extraction("a1", "2024-01-10", [("GUY", "ACCUSES", "VEN", 0.5), ("USA", "ARMS", "GUY", 0.9)]))
    store.upsert(make_extraction("a2", "2024-03-05", [("GUY", "ACCUSES", "VEN", 0.6)]))
    entry = store.curate(curation.delete_article, "a2", "ana", "test article")
    assert (entry.action, entry.target, entry.who, entry.reason) == ("delete-article", "a2", "ana", "test article")
    rel = store.relations(RelationFilter(source="GUY")).items[0]
    assert (rel.count, rel.last_seen, rel.confidence) == (1, dt.date(2024, 1, 10), pytest.approx(0.5))
    with pytest.raises(NotFound):
        store.get_article("a2")
    store.curate(curation.delete_article, "a1", "ana", "also a test")
    assert _rels(store) == {} and store.stats().evidence == 0
    assert not store.projection().edges
    with pytest.raises(NotFound, match="'a1'"):
        store.curate(curation.delete_article, "a1", "ana", "twice")
    assert [e.action for e in store.audit_log().items] == ["delete-article", "delete-article"]


def test_a_rejected_relation_leaves_answers_and_tension_but_stays_for_the_audit(store):
    store.upsert(make_extraction("a1", "2024-01-10", [("GUY", "ACCUSES", "VEN", 0.8), ("VEN", "THREATENS", "GUY", 0.8)]))
    before = tension.dyad_tension(store.projection(), "GUY", "VEN", as_of=dt.date(2024, 1, 10)).score
    entry = store.curate(curation.reject_relation, "VEN|THREATENS|GUY", "ana", "the threat was a quote")
    assert list(_rels(store)) == ["GUY|ACCUSES|VEN"]
    after = tension.dyad_tension(store.projection(), "GUY", "VEN", as_of=dt.date(2024, 1, 10)).score
    assert after == pytest.approx(before - 4.4 * 0.8)
    kept = store.relations(RelationFilter(include_rejected=True, types={"THREATENS"})).items
    assert [(r.id, r.rejected) for r in kept] == [("VEN|THREATENS|GUY", True)]
    store.upsert(make_extraction("a2", "2024-02-10", [("VEN", "THREATENS", "GUY", 0.8)]))  # stays rejected
    assert "VEN|THREATENS|GUY" not in _rels(store)
    with pytest.raises(InvalidInput, match="rejected already"):
        store.curate(curation.reject_relation, "VEN|THREATENS|GUY", "ana", "again")
    store.curate(curation.undo, entry.id, "bob", "it was a real threat")
    assert _rels(store)["VEN|THREATENS|GUY"] == 2
    with pytest.raises(NotFound):
        store.curate(curation.reject_relation, "VEN|ATTACKS|GUY", "ana", "no such relation")


def test_merging_two_actors_moves_relations_redirects_and_undoes(store):
    full = Actor("officer:ven:vladimir-padrino", "Officer", "Vladimir Padrino", state="VEN")
    part = Actor("officer:padrino-lopez", "Officer", "Padrino Lopez", aliases=["Padrino López"])
    store.upsert(make_extraction("a1", "2024-03-01", [(full.key, "ACCUSES", "GUY", 0.6)], actors=[full]))
    store.upsert(make_extraction("a2", "2024-03-02", [(part.key, "ACCUSES", "GUY", 0.7),
                                                      (part.key, "THREATENS", "GUY", 0.5)], actors=[part]))
    entry = store.curate(curation.merge_actor, part.key, full.key, "ana", "the same minister")
    assert _rels(store) == {f"{full.key}|ACCUSES|GUY": 2, f"{full.key}|THREATENS|GUY": 1}
    assert {"Padrino Lopez", "Padrino López"} <= set(store.get_actor(full.key).aliases)
    with pytest.raises(NotFound):
        store.get_actor(part.key)
    assert store.redirect(part.key) == full.key
    # a later article naming the old key lands on the merged actor
    store.upsert(make_extraction("a3", "2024-03-04", [(part.key, "ACCUSES", "GUY", 0.5)], actors=[part]))
    assert _rels(store)[f"{full.key}|ACCUSES|GUY"] == 3
    assert len(store.search_actors(ActorQuery(kind="Officer")).items) == 1
    undone = store.curate(curation.undo, entry.id, "ana", "they were two people after all")
    assert store.redirect(part.key) is None
    # a3 named the old key (the redirect took it to the merged actor): its evidence goes back with him
    assert _rels(store) == {f"{full.key}|ACCUSES|GUY": 1, f"{part.key}|ACCUSES|GUY": 2,
                            f"{part.key}|THREATENS|GUY": 1}
    assert (undone.detail["returned"], undone.detail["returned_evidence"]) == (["a3"], 1)
    assert "kept" not in undone.detail
    assert "Padrino Lopez" not in store.get_actor(full.key).aliases
    assert store.get_actor(part.key).name == "Padrino Lopez"
    log = store.audit_log().items
    assert [(e.action, e.undone_by) for e in log] == [("undo", None), ("merge-actor", log[0].id)]
    with pytest.raises(InvalidInput, match="undone already"):
        store.curate(curation.undo, entry.id, "ana", "again")
    with pytest.raises(InvalidInput, match="cannot merge the Officer"):
        store.curate(curation.merge_actor, part.key, "GUY", "ana", "wrong kind")


def test_undoing_a_merge_names_the_later_articles_it_cannot_split(store):
    jorge = Actor("officer:ven:jorge-rodriguez", "Officer", "Jorge Rodríguez", state="VEN")
    delcy = Actor("officer:ven:delcy-rodriguez", "Officer", "Delcy Rodríguez", state="VEN")
    store.upsert(make_extraction("a1", "2024-03-01", [(jorge.key, "ACCUSES", "USA", 0.6)], actors=[jorge]))
    store.upsert(make_extraction("a2", "2024-03-02", [(delcy.key, "ACCUSES", "GUY", 0.7)], actors=[delcy]))
    entry = store.curate(curation.merge_actor, jorge.key, delcy.key, "ana", "one Rodríguez, surely")
    # After the (wrong) merge: an article naming only Jorge, one naming only Delcy, one naming both.
    store.upsert(make_extraction("j", "2024-03-03", [(jorge.key, "THREATENS", "USA", 0.5)], actors=[jorge]))
    store.upsert(make_extraction("d", "2024-03-04", [(delcy.key, "THREATENS", "GUY", 0.5)], actors=[delcy]))
    store.upsert(make_extraction("both", "2024-03-05", [(jorge.key, "OPPOSES", "USA", 0.5),
                                                        (delcy.key, "OPPOSES", "GUY", 0.5)], actors=[jorge, delcy]))
    undone = store.curate(curation.undo, entry.id, "ana", "two people")
    assert _rels(store) == {f"{jorge.key}|ACCUSES|USA": 1, f"{jorge.key}|THREATENS|USA": 1,
                            f"{delcy.key}|ACCUSES|GUY": 1, f"{delcy.key}|THREATENS|GUY": 1,
                            f"{delcy.key}|OPPOSES|USA": 1, f"{delcy.key}|OPPOSES|GUY": 1}
    assert undone.detail["returned"] == ["j"] and undone.detail["kept"] == ["both"]
    assert "delete and ingest them again" in undone.detail["kept_why"]
    # As it says: the article ingested again is read anew, now that Jorge's key no longer redirects.
    both = store.get_article("both")
    store.curate(curation.delete_article, "both", "ana", "split by hand")
    again = make_extraction("both", "2024-03-05", [(jorge.key, "OPPOSES", "USA", 0.5), (delcy.key, "OPPOSES", "GUY", 0.5)],
                            actors=[jorge, delcy], text=both.text)
    store.upsert(again)
    assert f"{jorge.key}|OPPOSES|USA" in _rels(store) and f"{delcy.key}|OPPOSES|USA" not in _rels(store)


def test_a_curation_needs_who_and_why(store):
    store.upsert(make_extraction("a1", "2024-01-10", [("GUY", "ACCUSES", "VEN", 0.8)]))
    with pytest.raises(InvalidInput, match="reason"):
        store.curate(curation.delete_article, "a1", "ana", " ")
    assert store.stats().articles == 1 and store.audit_log().total == 0


def test_one_article_is_one_report_however_often_it_repeats_a_fact(store):
    ex = make_extraction("a1", "2024-01-10", [("XKX", "ACCUSES", "SRB", 0.6)])
    ex.relations[0].evidence.append(type(ex.relations[0].evidence[0])("a1", "Kosovo accuses Serbia (headline)", 0.8))
    store.upsert(ex)
    store.upsert(make_extraction("a2", "2024-01-11", [("XKX", "ACCUSES", "SRB", 0.5)]))
    rel = store.relations(RelationFilter(source="XKX")).items[0]
    assert rel.count == 2 and len(rel.evidence) == 3  # the sentences are kept as the article's evidence
    assert rel.confidence == pytest.approx(1 - 0.2 * 0.5)
    with store.reading() as g:
        assert len(g.edges["XKX", "SRB", "ACCUSES"]["events"]) == 2


def test_symmetric_relations_match_either_end(store):
    store.upsert(make_extraction("a1", "2024-01-10", [("TUR", "ALLIED_WITH", "AZE", 0.8), ("TUR", "ARMS", "AZE", 0.8)]))
    assert sorted(_rels(store, source="TUR")) == ["AZE|ALLIED_WITH|TUR", "TUR|ARMS|AZE"]
    assert sorted(_rels(store, target="TUR")) == ["AZE|ALLIED_WITH|TUR"]
    assert list(_rels(store, source="TUR", target="AZE", types={"ALLIED_WITH"})) == ["AZE|ALLIED_WITH|TUR"]
    assert list(_rels(store, source="AZE", target="TUR")) == ["AZE|ALLIED_WITH|TUR"]
    assert store.relations(RelationFilter(source="TUR", types={"ALLIED_WITH"})).items[0].symmetric


def test_every_relation_type_has_a_goldstein_weight_or_an_explicit_zero():
    from graph.model import RelationType

    assert set(tension.GOLDSTEIN) == set(RelationType)
    assert {t.value for t, (_, v) in tension.GOLDSTEIN.items() if v == 0.0} == {"SERVES", "PART_OF", "MEMBER_OF"}


def test_members_of_one_alliance_form_a_bloc(store):
    from graph import alliances

    nato = Actor("organization:nato", "Organization", "NATO")
    store.upsert(make_extraction("m1", "2024-01-10", [("POL", "MEMBER_OF", nato.key, 0.9),
                                                      ("EST", "MEMBER_OF", nato.key, 0.9),
                                                      ("RUS", "THREATENS", "EST", 0.8)], actors=[nato]))
    with store.reading() as g:
        assert alliances.blocs(g) == [["EST", "POL", "organization:nato"]]
        assert [a.key for a in alliances.allies(g, "POL", depth=2)] == [nato.key, "EST"]
        # membership weighs nothing in tension: only the threat counts between Russia and Estonia
        assert set(tension.dyad_tension(g, "RUS", "EST").by_type) == {"THREATENS"}
