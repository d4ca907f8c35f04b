"""What every piece of evidence says about itself: where its date came from, what produced it, from what
data, with the source's own scores. Both stores keep it, an old SQLite file gains it and keeps its data,
the API and the exports give it."""

from __future__ import annotations

import csv
import datetime as dt
import sqlite3

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.settings import Settings
from graph import dump
from graph.embedded import SCHEMA_VERSION, EmbeddedStore
from graph.errors import InvalidInput
from graph.model import Actor, Article, Evidence, Extraction, Relation
from graph.store import RelationFilter


def _extraction(article_id: str, published: str | None, evidence: list[Evidence], date_source: str | None = None,
                text: str | None = None) -> Extraction:
    article = Article(id=article_id, text=text or f"The text of {article_id}.", published=published,
                      date_source=date_source, url=f"https://news.example.org/{article_id}")
    actors = [Actor("GUY", "State", "Guyana"), Actor("VEN", "State", "Venezuela")]
    return Extraction(article, actors, [Relation("GUY", "ACCUSES", "VEN", evidence)], extractor_version="test")


def _evidence(store, article_id: str | None = None) -> list[Evidence]:
    rel = store.relations(RelationFilter(source="GUY", types={"ACCUSES"}, article=article_id)).items[0]
    return rel.evidence


def test_evidence_keeps_extractor_provenance_and_attributes(store):
    store.upsert(_extraction("e1", "2024-03-04", [
        Evidence("e1", "Guyana accused Venezuela of massing troops.", 0.8, extractor="rule:accuse-verb")]))
    store.upsert(_extraction("e2", None, [
        Evidence("e2", "GUY accuses VEN (coded event)", 0.6, extractor="import:gdelt", provenance="gdelt",
                 published="2024-02-01", attributes={"GoldsteinScale": -2.0, "QuadClass": 3, "Actor1": "GUY'S"})],
        text="row 17 of a coded event file"))
    by_article = {e.article_id: e for e in _evidence(store)}
    text, coded = by_article["e1"], by_article["e2"]
    assert (text.extractor, text.provenance, text.attributes, text.date_source) == (
        "rule:accuse-verb", "text", {}, "published")
    assert (coded.extractor, coded.provenance, coded.date_source, coded.published) == (
        "import:gdelt", "gdelt", "source", dt.date(2024, 2, 1))
    assert coded.attributes == {"GoldsteinScale": -2.0, "QuadClass": 3, "Actor1": "GUY'S"}
    rel = store.relations(RelationFilter(source="GUY")).items[0]
    assert (rel.first_seen, rel.last_seen) == (dt.date(2024, 2, 1), dt.date(2024, 3, 4))


def test_date_source_says_published_dateline_or_ingested(store):
    store.upsert(_extraction("d1", "2024-03-03", [Evidence("d1", "one", 0.7)], date_source="dateline"))
    store.upsert(_extraction("d2", None, [Evidence("d2", "two", 0.7)]))
    by_article = {e.article_id: e for e in _evidence(store)}
    assert (by_article["d1"].date_source, by_article["d1"].published) == ("dateline", dt.date(2024, 3, 3))
    assert by_article["d2"].date_source == "ingested"
    assert by_article["d2"].published == dt.datetime.now(dt.UTC).date()
    assert store.get_article("d1").date_source == "dateline"
    assert store.get_article("d2").dated_by == "ingested"


def test_bad_evidence_fields_are_refused_by_name():
    with pytest.raises(InvalidInput, match="provenance 'twitter'"):
        Evidence("a", "s", 0.5, provenance="twitter")
    with pytest.raises(InvalidInput, match="date_source 'guessed'"):
        Evidence("a", "s", 0.5, date_source="guessed")
    with pytest.raises(InvalidInput, match="attribute 'actors'"):
        Evidence("a", "s", 0.5, attributes={"actors": ["GUY", "VEN"]})
    with pytest.raises(InvalidInput, match="not a JSON object"):
        Evidence("a", "s", 0.5, attributes="{nope")


# The schema of version 1 (before evidence said where its date came from), to make an old file.
V1_SCHEMA = """
CREATE TABLE articles (id TEXT PRIMARY KEY, fingerprint TEXT NOT NULL UNIQUE, url TEXT, title TEXT,
    published TEXT, source TEXT, text TEXT NOT NULL, ingested_at TEXT NOT NULL, extractor_version TEXT);
CREATE TABLE actors (key TEXT PRIMARY KEY, kind TEXT NOT NULL, name TEXT NOT NULL, state TEXT, organization TEXT,
    country TEXT);
CREATE TABLE aliases (actor_key TEXT NOT NULL REFERENCES actors(key), alias TEXT NOT NULL,
    PRIMARY KEY (actor_key, alias)) WITHOUT ROWID;
CREATE TABLE relations (id INTEGER PRIMARY KEY, source TEXT NOT NULL REFERENCES actors(key), type TEXT NOT NULL,
    target TEXT NOT NULL REFERENCES actors(key), count INTEGER NOT NULL DEFAULT 0, first_seen TEXT, last_seen TEXT,
    confidence REAL NOT NULL DEFAULT 0, UNIQUE (source, type, target));
CREATE TABLE evidence (relation_id INTEGER NOT NULL REFERENCES relations(id),
    article_id TEXT NOT NULL REFERENCES articles(id), sentence TEXT NOT NULL, confidence REAL NOT NULL,
    published TEXT, ingested_at TEXT NOT NULL, extractor_version TEXT,
    PRIMARY KEY (relation_id, article_id, sentence)) WITHOUT ROWID;
INSERT INTO articles VALUES ('old1', 'f1', 'https://news.example.org/old1', NULL, '2023-05-02', NULL,
    'Guyana accused Venezuela.', '2023-05-03T00:00:00+00:00', 'v0');
INSERT INTO articles VALUES ('old2', 'f2', NULL, NULL, NULL, 'stdin', 'Guyana again accused Venezuela.',
    '2023-06-09T00:00:00+00:00', 'v0');
INSERT INTO actors VALUES ('GUY', 'State', 'Guyana', NULL, NULL, NULL), ('VEN', 'State', 'Venezuela', NULL, NULL, NULL);
INSERT INTO relations VALUES (1, 'GUY', 'ACCUSES', 'VEN', 2, '2023-05-02', '2023-06-09', 0.88);
INSERT INTO evidence VALUES (1, 'old1', 'Guyana accused Venezuela.', 0.6, '2023-05-02', '2023-05-03T00:00:00+00:00',
    'v0'), (1, 'old2', 'Guyana again accused Venezuela.', 0.7, '2023-06-09', '2023-06-09T00:00:00+00:00', 'v0');
PRAGMA user_version = 1;
"""


def test_an_old_sqlite_file_opens_keeps_its_data_and_gains_the_fields(tmp_path):
    path = tmp_path / "old.db"
    with sqlite3.connect(path) as db:
        db.executescript(V1_SCHEMA)
    with EmbeddedStore(path) as store:
        rel = store.relations(RelationFilter(source="GUY")).items[0]
        assert (rel.count, rel.confidence, rel.last_seen) == (2, 0.88, dt.date(2023, 6, 9))
        by_article = {e.article_id: e for e in rel.evidence}
        assert by_article["old1"].date_source == "published" and by_article["old2"].date_source == "ingested"
        assert {(e.extractor, e.provenance, str(e.attributes)) for e in rel.evidence} == {("", "text", "{}")}
        assert store.get_article("old1").published == dt.date(2023, 5, 2)
        store.upsert(_extraction("new1", "2024-01-02", [Evidence("new1", "Guyana accused Venezuela anew.", 0.5,
                                                                 extractor="rule:accuse-verb")]))
        assert store.relations(RelationFilter(source="GUY")).items[0].count == 3
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    with EmbeddedStore(path) as again:  # opening the migrated file again changes nothing
        assert again.stats().evidence == 3


def test_api_and_exports_give_the_fields(tmp_path, bolt_server):
    from neo4j import GraphDatabase

    from graph.neo4j_store import Neo4jStore

    store = EmbeddedStore(tmp_path / "g.db")
    store.upsert(_extraction("x1", "2024-03-03", [
        Evidence("x1", "Guyana's 'protest' note", 0.6, extractor="import:acled", provenance="acled",
                 attributes={"fatalities": 0, "note": 'a "quoted" word\\n'})], date_source="dateline"))
    app = create_app(Settings(api_key="k", store="embedded"), store=store)
    with TestClient(app) as client:
        ev = client.get("/relations", params={"source": "GUY"}).json()["items"][0]["evidence"][0]
        assert (ev["date_source"], ev["extractor"], ev["provenance"]) == ("dateline", "import:acled", "acled")
        assert ev["attributes"] == {"fatalities": 0, "note": 'a "quoted" word\\n'}
        assert client.get("/articles/x1").json()["date_source"] == "dateline"
    dump.neo4j_csv(store, tmp_path / "csv")
    with (tmp_path / "csv" / "evidence.csv").open(newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert (rows[0]["date_source"], rows[0]["provenance"], rows[0]["extractor"]) == ("dateline", "acled", "import:acled")
    assert rows[0]["attributes"] == '{"fatalities": 0, "note": "a \\"quoted\\" word\\\\n"}'
    bolt_server.wipe()
    with GraphDatabase.driver(bolt_server.uri, auth=("neo4j", "")) as driver:
        for statement in dump.cypher_script(store):
            if not statement.startswith("// schema"):
                driver.execute_query(statement)
    with Neo4jStore(bolt_server.uri, database="tensiongraph") as loaded:
        [back] = _evidence(loaded)
        assert (back.date_source, back.extractor, back.provenance) == ("dateline", "import:acled", "acled")
        assert back.attributes == {"fatalities": 0, "note": 'a "quoted" word\\n'}
        assert loaded.get_article("x1").date_source == "dateline"
    store.close()
