"""A Neo4j graph written before the honest counts (one count per sentence) is recounted as independent reports
the first time the store opens it, on a real Bolt server (FalkorDB)."""

from __future__ import annotations

from graph.store import RelationFilter

# What an older tensiongraph wrote for one article that says "Kosovo accuses Serbia" in its headline and lead,
# and two rows of a coded event file (each row is a report of its own), under a write counter without a mark.
OLD_GRAPH = """
CREATE (x:Actor:State {key: 'XKX', kind: 'State', name: 'Kosovo', aliases: ['Kosovo']}),
       (s:Actor:State {key: 'SRB', kind: 'State', name: 'Serbia', aliases: ['Serbia']}),
       (a:Article {id: 'a1', published: '2024-08-19', text: 'Kosovo accuses Serbia', fingerprint: 'f1', complete: true}),
       (g:Article {id: 'gdelt:1', published: '2024-08-20', text: 'row', fingerprint: 'f2', complete: true}),
       (x)-[:ACCUSES {key: 'XKX|ACCUSES|SRB', count: 2, confidence: 0.98, first_seen: '2024-08-19',
                      last_seen: '2024-08-19'}]->(s),
       (s)-[:SANCTIONS {key: 'SRB|SANCTIONS|XKX', count: 2, confidence: 0.75, first_seen: '2024-08-20',
                        last_seen: '2024-08-20'}]->(x),
       (:Evidence {relation: 'XKX|ACCUSES|SRB', source: 'XKX', type: 'ACCUSES', target: 'SRB', article_id: 'a1',
                   sentence: 'Kosovo accuses Serbia', confidence: 0.9, published: '2024-08-19',
                   provenance: 'text'})-[:IN_ARTICLE]->(a),
       (:Evidence {relation: 'XKX|ACCUSES|SRB', source: 'XKX', type: 'ACCUSES', target: 'SRB', article_id: 'a1',
                   sentence: 'Kosovo accused Serbia on Monday', confidence: 0.8, published: '2024-08-19'})-[:IN_ARTICLE]->(a),
       (:Evidence {relation: 'SRB|SANCTIONS|XKX', source: 'SRB', type: 'SANCTIONS', target: 'XKX', article_id: 'gdelt:1',
                   sentence: 'row 1', confidence: 0.5, published: '2024-08-20', provenance: 'gdelt'})-[:IN_ARTICLE]->(g),
       (:Evidence {relation: 'SRB|SANCTIONS|XKX', source: 'SRB', type: 'SANCTIONS', target: 'XKX', article_id: 'gdelt:1',
                   sentence: 'row 2', confidence: 0.5, published: '2024-08-20', provenance: 'gdelt'})-[:IN_ARTICLE]->(g),
       (:TensionGraph {id: 'graph', version: 7})
"""


def _figures(store) -> dict[str, tuple[int, float]]:
    return {r.type.value: (r.count, round(r.confidence, 6)) for r in store.relations(RelationFilter()).items}


def test_an_old_graph_is_recounted_once_when_opened(bolt_server):
    from neo4j import GraphDatabase

    from graph.neo4j_store import Neo4jStore

    bolt_server.wipe()
    with GraphDatabase.driver(bolt_server.uri, auth=("neo4j", "")) as driver:
        driver.execute_query(OLD_GRAPH, database_="tensiongraph")
        with Neo4jStore(bolt_server.uri, database="tensiongraph") as store:
            # The article's two sentences are one report (its best confidence); the two coded rows are two.
            assert _figures(store) == {"ACCUSES": (1, 0.9), "SANCTIONS": (2, 0.75)}
            rel = store.relations(RelationFilter(types={"ACCUSES"})).items[0]
            assert len(rel.evidence) == 2  # the sentences are all kept as evidence
        mark = driver.execute_query("MATCH (m:TensionGraph) RETURN m.counts AS counts, m.version AS version").records
        assert [(r["counts"], r["version"]) for r in mark] == [("reports", 8)]  # a write other processes notice
        # Recounted once: a later open leaves the figures as they are.
        driver.execute_query("MATCH ()-[r:SANCTIONS]->() SET r.count = 5", database_="tensiongraph")
        with Neo4jStore(bolt_server.uri, database="tensiongraph") as store:
            assert _figures(store)["SANCTIONS"] == (5, 0.75)


def test_a_graph_begun_by_this_version_is_never_recounted(bolt_server):
    from neo4j import GraphDatabase

    from graph.neo4j_store import Neo4jStore
    from tests.conftest import make_extraction

    bolt_server.wipe()
    with Neo4jStore(bolt_server.uri, database="tensiongraph") as store:
        store.upsert(make_extraction("a1", "2024-01-10", [("IRN", "ACCUSES", "AZE", 0.9)]))
    with GraphDatabase.driver(bolt_server.uri, auth=("neo4j", "")) as driver:
        assert [r["counts"] for r in driver.execute_query("MATCH (m:TensionGraph) RETURN m.counts AS counts").records] \
            == ["reports"]


def test_an_empty_server_opens_without_a_mark(bolt_server):
    from neo4j import GraphDatabase

    from graph.neo4j_store import Neo4jStore

    bolt_server.wipe()
    with Neo4jStore(bolt_server.uri, database="tensiongraph") as store:
        assert store.stats().articles == 0
    with GraphDatabase.driver(bolt_server.uri, auth=("neo4j", "")) as driver:
        assert driver.execute_query("MATCH (m:TensionGraph) RETURN m").records == []
