"""A process that only writes to the Neo4j store (ingest, import, curation) matches new actors against the
stored actors' names and redirects alone: it never reads the relations and evidence that the in-memory
projection holds, on a real Bolt server (FalkorDB)."""

from __future__ import annotations

from graph import curation
from graph.model import Actor
from graph.store import ActorQuery, RelationFilter
from tests.conftest import make_extraction

GRAPH_READS = {"projection_actors", "projection_relations", "projection_events"}


def _spelled(name: str) -> Actor:
    return Actor(f"officer:irn:{name.lower().replace(' ', '-').replace(chr(39), '')}", "Officer", name, state="IRN")


def _store(bolt_server):
    from graph.neo4j_store import Neo4jStore

    return Neo4jStore(bolt_server.uri, "neo4j", "", database="tensiongraph")


def test_a_writer_resolves_actors_by_their_names_alone_and_never_loads_the_graph(bolt_server, monkeypatch):
    bolt_server.wipe()
    writer, other = _store(bolt_server), _store(bolt_server)
    read: list[str] = []
    sent = writer._read_paths
    monkeypatch.setattr(writer, "_read_paths", lambda name, hops, params: read.append(name) or sent(name, hops, params))
    try:
        first, second, third = (_spelled(n) for n in ("Nasser Kanaani", "Nasser Kana'ani", "Nasser Kanani"))
        writer.upsert(make_extraction("k1", "2024-01-01", [(first.key, "ACCUSES", "ISR", 0.8)], actors=[first]))
        writer.upsert(make_extraction("k2", "2024-02-01", [(second.key, "ACCUSES", "ISR", 0.6)], actors=[second]))
        # another process writes meanwhile: the writer reads the names again, still not the graph
        other.upsert(make_extraction("o1", "2024-02-15", [("BUR", "ACCUSES", "THA", 0.7)]))
        writer.upsert(make_extraction("k3", "2024-03-01", [(third.key, "ACCUSES", "ISR", 0.5)], actors=[third]))
        writer.curate(curation.merge_actor, "BUR", "THA", "analyst", "test: one actor")  # nonsense, but a merge
        writer.upsert(make_extraction("b2", "2024-04-01", [("BUR", "THREATENS", "LAO", 0.9)]))  # goes where BUR went
        assert GRAPH_READS.isdisjoint(read) and "actors_known" in read
        assert writer._graph.number_of_nodes() == 0  # the projection was never built
        officers = writer.search_actors(ActorQuery(kind="Officer")).items
        assert [o.key for o in officers] == [first.key]
        assert writer.relations(RelationFilter(source=first.key)).items[0].count == 3
        assert [r.key for r in writer.relations(RelationFilter(types={"THREATENS"})).items] == [("THA", "THREATENS", "LAO")]
        # a reader of the same store still gets the projection when it asks for it, with every write in it
        g = writer.projection()
        assert g[first.key]["ISR"]["ACCUSES"]["count"] == 3 and g.has_edge("THA", "LAO", key="THREATENS")
    finally:
        writer.close()
        other.close()
