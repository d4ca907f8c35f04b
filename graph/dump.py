"""Export a whole store for Neo4j: a Cypher script for cypher-shell, or CSV files for ``neo4j-admin
database import full``. Both give the model of the Neo4j store (graph/neo4j_store.py), so a graph
started in the embedded store can move to Neo4j and be served from there; like the store, every relation says
``symmetric`` (true for ALLIED_WITH and COOPERATES_WITH: match them undirected in Cypher).

>>> literal("Kana'ani\\n")
"'Kana\\\\'ani\\\\n'"
>>> literal(["a", 1, None, 0.5])
"['a', 1, null, 0.5]"
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from graph.model import Actor, ActorKind, Article, RelationRecord, RelationType, iso
from graph.prepare import evidence_row, relation_row
from graph.store import ActorQuery, GraphStore, Page, RelationFilter

BATCH = 200  # rows per UNWIND statement


@dataclass(slots=True)
class Snapshot:
    actors: list[Actor]
    articles: list[Article]
    relations: list[RelationRecord]  # each with all its evidence


def snapshot(store: GraphStore, page: int = 500, provenance: str | None = None) -> Snapshot:
    """Everything in the store, read through the GraphStore interface. With ``provenance`` (one of
    PROVENANCES), the graph of that provenance's evidence alone: its relations with their figures from it
    (see RelationFilter), the articles it cites and the actors at the relations' ends."""
    flt = RelationFilter(provenance=provenance)
    relations = _all(lambda offset: store.relations(flt, limit=page, offset=offset, evidence_limit=1_000_000))
    actors = _all(lambda offset: store.search_actors(ActorQuery(), limit=page, offset=offset))
    articles = _all(lambda offset: store.list_articles(limit=page, offset=offset))
    if flt.provenance is not None:
        ends = {key for r in relations for key in (r.source, r.target)}
        cited = {e.article_id for r in relations for e in r.evidence}
        actors = [a for a in actors if a.key in ends]
        articles = [a for a in articles if a.id in cited]
    return Snapshot(sorted(actors, key=lambda a: a.key), articles, relations)


def _all(fetch: Callable[[int], Page]) -> list:
    """Every item of a paged store list."""
    items: list = []
    while True:
        chunk = fetch(len(items))
        items += chunk.items
        if chunk.next_offset is None or not chunk.items:
            return items


def literal(value: Any) -> str:
    """A Cypher literal for a JSON-like value (strings single-quoted with backslash escapes)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, dt.date | dt.datetime):
        return literal(value.isoformat())
    if isinstance(value, str):
        escaped = (value.replace("\\", "\\\\").replace("'", "\\'").replace("\n", "\\n").replace("\r", "\\r")
                   .replace("\t", "\\t"))
        return f"'{escaped}'"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(literal(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"`{k}`: {literal(v)}" for k, v in value.items()) + "}"
    raise TypeError(f"no Cypher literal for {type(value).__name__}")



def _rows(snap: Snapshot) -> tuple[dict[ActorKind, list[dict]], list[dict], dict[RelationType, list[dict]], list[dict]]:
    actors: dict[ActorKind, list[dict]] = {}
    for a in snap.actors:
        actors.setdefault(a.kind, []).append({
            "key": a.key, "kind": a.kind.value, "name": a.name, "aliases": sorted({a.name, *a.aliases}),
            "state": a.state, "organization": a.organization, "country": a.country})
    articles = [{"id": a.id, "url": a.url, "title": a.title, "published": iso(a.published), "source": a.source,
                 "text": a.text, "date_source": a.dated_by} for a in snap.articles]
    rels: dict[RelationType, list[dict]] = {}
    evidence = []
    for r in snap.relations:
        rels.setdefault(r.type, []).append(relation_row(
            r.source, r.type, r.target, count=r.count, first_seen=iso(r.first_seen), last_seen=iso(r.last_seen),
            confidence=r.confidence))
        evidence += [{**evidence_row(r.id, r.source, r.type, r.target, e, published=e.published,
                                     date_source=e.date_source, ingested_at=iso(e.ingested_at),
                                     extractor_version=e.extractor_version), "article_id": e.article_id}
                     for e in r.evidence]
    return actors, articles, rels, evidence


def _batches(rows: list[dict]) -> Iterator[list[dict]]:
    for i in range(0, len(rows), BATCH):
        yield rows[i:i + BATCH]


def cypher_script(snap: Snapshot) -> Iterator[str]:
    """Statements (each ending with ``;``) that build the graph in an empty Neo4j database. The first
    ones, marked ``// schema``, create Neo4j's uniqueness constraints; re-running the script is harmless."""
    actors, articles, rels, evidence = _rows(snap)
    yield "// schema\nCREATE CONSTRAINT actor_key IF NOT EXISTS FOR (a:Actor) REQUIRE a.key IS UNIQUE;"
    yield "// schema\nCREATE CONSTRAINT article_id IF NOT EXISTS FOR (a:Article) REQUIRE a.id IS UNIQUE;"
    yield "// schema\nCREATE INDEX evidence_relation IF NOT EXISTS FOR (e:Evidence) ON (e.relation);"
    for kind, rows in actors.items():
        for batch in _batches(rows):
            yield (f"UNWIND {literal(batch)} AS x\nMERGE (a:Actor {{key: x.key}})\n"
                   f"SET a:{kind.value}, a.kind = x.kind, a.name = x.name, a.aliases = x.aliases, a.state = x.state,"
                   " a.organization = x.organization, a.country = x.country;")
    for batch in _batches(articles):
        yield (f"UNWIND {literal(batch)} AS x\nMERGE (a:Article {{id: x.id}})\n"
               "SET a.url = x.url, a.title = x.title, a.published = x.published, a.source = x.source, a.text = x.text,"
               " a.date_source = x.date_source;")
    for rtype, rows in rels.items():
        for batch in _batches(rows):
            yield (f"UNWIND {literal(batch)} AS x\nMATCH (a:Actor {{key: x.source}}), (b:Actor {{key: x.target}})\n"
                   f"MERGE (a)-[r:{rtype.value}]->(b)\n"
                   "SET r.key = x.key, r.count = x.count, r.first_seen = x.first_seen, r.last_seen = x.last_seen,"
                   " r.confidence = x.confidence, r.symmetric = x.symmetric;")
    for batch in _batches(evidence):
        yield (f"UNWIND {literal(batch)} AS x\nMATCH (art:Article {{id: x.article_id}})\n"
               "MERGE (e:Evidence {relation: x.relation, article_id: x.article_id, sentence: x.sentence})\n"
               "SET e.source = x.source, e.type = x.type, e.target = x.target, e.confidence = x.confidence,"
               " e.published = x.published, e.ingested_at = x.ingested_at, e.extractor_version = x.extractor_version,"
               " e.date_source = x.date_source, e.extractor = x.extractor, e.provenance = x.provenance,"
               " e.attributes = x.attributes\n"
               "MERGE (e)-[:IN_ARTICLE]->(art);")
    yield "MERGE (m:TensionGraph {id: 'graph'}) SET m.version = coalesce(m.version, 0) + 1, m.counts = 'reports';"


def neo4j_csv(snap: Snapshot, folder: Path) -> list[Path]:
    """CSV files with neo4j-admin import headers, and ``import.sh`` with the command that loads them."""
    folder.mkdir(parents=True, exist_ok=True)
    actors, articles, rels, evidence = _rows(snap)
    written: list[Path] = []

    def write(name: str, header: list[str], rows: list[list[Any]]) -> None:
        path = folder / name
        with path.open("w", newline="", encoding="utf-8") as f:
            out = csv.writer(f)
            out.writerow(header)
            out.writerows([["" if v is None else v for v in row] for row in rows])
        written.append(path)

    for kind, rows in actors.items():
        write(f"actors_{kind.value}.csv",
              ["key:ID(Actor)", "kind", "name", "aliases:string[]", "state", "organization", "country", ":LABEL"],
              [[r["key"], r["kind"], r["name"], ";".join(a.replace(";", ",") for a in r["aliases"]), r["state"],
                r["organization"], r["country"], f"Actor;{kind.value}"] for r in rows])
    write("articles.csv", ["id:ID(Article)", "url", "title", "published", "source", "text", "date_source", ":LABEL"],
          [[a["id"], a["url"], a["title"], a["published"], a["source"], a["text"], a["date_source"], "Article"]
           for a in articles])
    for rtype, rows in rels.items():
        write(f"relations_{rtype.value}.csv",
              [":START_ID(Actor)", ":END_ID(Actor)", "key", "count:long", "first_seen", "last_seen", "confidence:double",
               "symmetric:boolean", ":TYPE"],
              [[r["source"], r["target"], r["key"], r["count"], r["first_seen"], r["last_seen"], r["confidence"],
                "true" if r["symmetric"] else "false", rtype.value] for r in rows])
    write("evidence.csv",
          ["evidence_id:ID(Evidence)", "relation", "source", "type", "target", "article_id", "sentence",
           "confidence:double", "published", "ingested_at", "extractor_version", "date_source", "extractor",
           "provenance", "attributes", ":LABEL"],
          [[i, e["relation"], e["source"], e["type"], e["target"], e["article_id"], e["sentence"], e["confidence"],
            e["published"], e["ingested_at"], e["extractor_version"], e["date_source"], e["extractor"],
            e["provenance"], e["attributes"], "Evidence"] for i, e in enumerate(evidence)])
    write("in_article.csv", [":START_ID(Evidence)", ":END_ID(Article)", ":TYPE"],
          [[i, e["article_id"], "IN_ARTICLE"] for i, e in enumerate(evidence)])
    nodes = " ".join(f"--nodes={p.name}" for p in written if p.name.startswith(("actors_", "articles", "evidence")))
    edges = " ".join(f"--relationships={p.name}" for p in written if p.name.startswith(("relations_", "in_article")))
    script = folder / "import.sh"
    script.write_text("#!/bin/sh\n# Load these files into an empty database (Neo4j 5; stop the database first):\n"
                      f'cd "$(dirname "$0")" && neo4j-admin database import full --overwrite-destination '
                      f"--multiline-fields=true {nodes} {edges} ${{1:-neo4j}}\n", encoding="utf-8")
    script.chmod(0o755)
    return [*written, script]
