"""Coded events into every store (graph.coded, the stores' import_events): relations, evidence with the
source's scores and provenance, and a second import of the same events changing nothing."""

from __future__ import annotations

import gc

import pytest

from graph import curation
from graph.coded import CodedEvent
from graph.embedded import EmbeddedStore
from graph.embedded_import import ImportingStore
from graph.errors import StoreUnavailable
from graph.store import ActorQuery, RelationFilter
from loaders import acled, gdelt
from loaders.coded import read_events
from tests.conftest import make_extraction
from tests.loaders import coded_samples as samples


def _events(reader, path) -> list[CodedEvent]:
    return [i for i in read_events([str(path)], reader) if isinstance(i, CodedEvent)]


def test_import_stores_relations_with_the_sources_scores_and_is_idempotent(store, tmp_path):
    events = _events(gdelt.read, samples.gdelt_file(tmp_path / "g.CSV"))
    first = store.import_events(events)
    assert (first.stored, first.skipped, first.new_relations) == (4, 0, 4)
    before = store.stats().as_dict()
    assert before["evidence"] == 4 and before["relations"] == {"ACCUSES": 1, "ARMS": 1, "COOPERATES_WITH": 1,
                                                                 "THREATENS": 1}
    again = store.import_events(events)
    assert (again.stored, again.skipped, again.new_relations, again.new_actors) == (0, 4, 0, 0)
    assert store.stats().as_dict() == before
    [rel] = store.relations(RelationFilter(source="IRN", types={"ACCUSES"})).items
    [ev] = rel.evidence
    assert ev.article_id == "gdelt:1100000001" and ev.provenance == "gdelt" and ev.extractor == "import:gdelt"
    assert ev.published.isoformat() == "2024-01-15" and ev.date_source == "source"
    assert ev.url == "https://news.example.org/story"
    assert ev.attributes["goldstein"] == -2.0 and ev.attributes["quad_class"] == 3
    nato = store.get_actor("organization:north-atlantic-treaty-organization")
    assert nato.name == "North Atlantic Treaty Organization"
    armed = store.get_actor("ministry:usa:armed-forces")
    assert (armed.kind.value, armed.state) == ("Ministry", "USA")
    assert store.neighbours("UKR") == ["ministry:usa:armed-forces"]


def test_a_battle_is_an_attack_both_ways_and_evidence_accumulates_over_batches(store, tmp_path):
    events = _events(acled.read, samples.acled_file(tmp_path / "a.csv"))
    store.import_events(events[:1])
    store.import_events(events)  # the first again, with the second
    rels = {r.key: r for r in store.relations(RelationFilter(types={"ATTACKS"})).items}
    assert set(rels) == {("SDN", "ATTACKS", "organization:rapid-support-forces"),
                         ("organization:rapid-support-forces", "ATTACKS", "SDN")}
    assert rels[("SDN", "ATTACKS", "organization:rapid-support-forces")].count == 2
    assert rels[("organization:rapid-support-forces", "ATTACKS", "SDN")].count == 1
    g = store.projection()
    assert len(g["SDN"]["organization:rapid-support-forces"]["ATTACKS"]["events"]) == 2
    assert store.search_actors(ActorQuery(q="rapid support")).items[0].key == "organization:rapid-support-forces"


def test_an_actor_merged_away_is_imported_where_it_went_as_in_an_ingest(store, tmp_path):
    store.upsert(make_extraction("t0", "2024-01-01", [("SUN", "THREATENS", "UKR", 0.5)]))
    store.import_events(_events(gdelt.read, samples.gdelt_file(tmp_path / "g.CSV")))
    merged = store.curate(curation.merge_actor, "RUS", "SUN", "ana", "one state under two keys")
    later = tmp_path / "later.CSV"
    later.write_text(samples.gdelt_row("1100000010", "20240201", samples.NATO, ("RUS", "RUSSIA", "RUS", "", ""), "138")
                     + "\n", encoding="utf-8")
    assert store.import_events(_events(gdelt.read, later)).stored == 1
    [rel] = store.relations(RelationFilter(source="organization:north-atlantic-treaty-organization")).items
    assert (rel.target, rel.count) == ("SUN", 2)
    assert "RUS" not in store.projection()
    store.curate(curation.undo, merged.id, "ana", "two states after all")  # the later event goes back too
    [rel] = store.relations(RelationFilter(source="organization:north-atlantic-treaty-organization")).items
    assert (rel.target, rel.count) == ("RUS", 2)


def test_events_of_a_rejected_relation_are_kept_for_the_audit_and_the_rest_of_the_batch_is_stored(store, tmp_path):
    events = _events(gdelt.read, samples.gdelt_file(tmp_path / "g.CSV"))
    store.import_events(events[:1])  # IRN ACCUSES ISR
    store.curate(curation.reject_relation, "IRN|ACCUSES|ISR", "ana", "a quote, not an accusation")
    later = tmp_path / "later.CSV"
    later.write_text("".join(samples.gdelt_row(*row) + "\n" for row in (
        ("1100000020", "20240301", samples.IRN_GOV, samples.ISR, "112"),  # the rejected relation again
        ("1100000021", "20240302", samples.NATO, ("RUS", "RUSSIA", "RUS", "", ""), "138"))), encoding="utf-8")
    result = store.import_events(_events(gdelt.read, later))  # refused whole before: UNIQUE constraint failed
    assert (result.stored, result.new_relations) == (2, 1)
    assert not store.relations(RelationFilter(source="IRN")).items  # still rejected: not in answers
    assert "ISR" not in store.neighbours("IRN")
    [kept] = store.relations(RelationFilter(source="IRN", include_rejected=True)).items
    assert kept.rejected and kept.count == 2  # its evidence is kept, for the audit
    assert store.neighbours("RUS") == ["organization:north-atlantic-treaty-organization"]


def test_an_importing_store_writes_the_file_a_full_store_writes_and_refuses_reads(tmp_path):
    """tensiongraph import opens an ImportingStore (no relations loaded): the file it leaves is the one a full
    store's import leaves, with relations known before, rejected before, and new."""
    first = _events(gdelt.read, samples.gdelt_file(tmp_path / "g.CSV"))
    later = tmp_path / "later.CSV"
    later.write_text("".join(samples.gdelt_row(*row) + "\n" for row in (
        ("1100000020", "20240301", samples.IRN_GOV, samples.ISR, "112"),  # rejected below
        ("1100000021", "20240101", samples.USA_MIL, samples.UKR, "072"),  # known: an earlier first_seen
        ("1100000022", "20240303", samples.ISR, samples.IRN_GOV, "112"))), encoding="utf-8")  # new
    files = {}
    for opened in (EmbeddedStore, ImportingStore):
        path = tmp_path / f"{opened.__name__}.db"
        with EmbeddedStore(path) as setup:
            setup.import_events(first[:2])
            setup.curate(curation.reject_relation, "IRN|ACCUSES|ISR", "ana", "a quote")
        with opened(path) as store:
            results = [store.import_events(first), store.import_events(_events(gdelt.read, later))]
        with EmbeddedStore(path, read_only=True) as reader:
            rels = reader.relations(RelationFilter(include_rejected=True), limit=100).items
            files[opened] = (results, reader.stats().as_dict(), sorted(reader.projection().edges(keys=True, data=True)),
                             sorted((r.key, r.count, r.confidence, r.first_seen, r.last_seen, r.rejected is not None,
                                     [e.article_id for e in r.evidence]) for r in rels))
    assert files[ImportingStore] == files[EmbeddedStore]
    results, _, _, rels = files[ImportingStore]
    assert [(r.stored, r.skipped, r.new_relations) for r in results] == [(2, 2, 2), (3, 0, 1)]
    assert (("IRN", "ACCUSES", "ISR"), 2) in [(key, count) for key, count, *_ in rels]
    with ImportingStore(tmp_path / "ImportingStore.db") as store, pytest.raises(StoreUnavailable, match="importing only"):
        store.projection()


def test_an_import_leaves_no_cyclic_garbage(tmp_path):
    """tensiongraph import pauses the cyclic collector for a whole file (a full collection walks the loaded
    projection): only sound while reference counting frees everything an import drops."""
    path = tmp_path / "many.CSV"
    pairs = [(samples.IRN_GOV, samples.ISR, "112"), (samples.USA_MIL, samples.UKR, "072"),
             (samples.NATO, samples.UKR, "042"), (samples.ISR, samples.IRN_GOV, "138")]
    path.write_text("\n".join(samples.gdelt_row(str(1_200_000_000 + i), f"2023{1 + i % 12:02d}{1 + i % 28:02d}",
                                                 *pairs[i % 4]) for i in range(400)) + "\n", encoding="utf-8")
    events = _events(gdelt.read, path)
    with EmbeddedStore(tmp_path / "g.db") as store:
        store.import_events(events[:10])
        gc.collect()
        gc.disable()
        try:
            for i in range(10, len(events), 50):
                store.import_events(events[i:i + 50])
                store.search_actors(ActorQuery(q="Israel"))
            store.import_events(events)  # every one stored already
            assert gc.collect() == 0
        finally:
            gc.enable()
        assert store.stats().evidence == 400
