"""Export a whole store for Neo4j: a Cypher script for cypher-shell, or CSV files for ``neo4j-admin
database import full``. Both give the model of the Neo4j store (graph/neo4j_store.py), so a graph
started in the embedded store can move to Neo4j and be served from there; like the store, every relation says
``symmetric`` (true for ALLIED_WITH and COOPERATES_WITH: match them undirected in Cypher).

The graph is read through the GraphStore interface a page at a time (:func:`pages`) and written as it comes,
so an export holds one page, never the graph: actors, then articles, then relations with their evidence (the
order a script loads them in). Under a provenance filter a first pass over its relations notes which actors
and articles they need (their keys and ids only).

>>> literal("Kana'ani\\n")
"'Kana\\\\'ani\\\\n'"
>>> literal(["a", 1, None, 0.5])
"['a', 1, null, 0.5]"
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from graph.model import Actor, Article, RelationRecord, iso
from graph.prepare import evidence_row, relation_row
from graph.store import ActorQuery, GraphStore, Page, RelationFilter

BATCH = 200  # rows per UNWIND statement
PAGE = 500  # items read from the store at a time
EVERY = 2**31 - 1  # evidence_limit: all of a relation's evidence


@dataclass(slots=True)
class Part:
    """One page of a store's graph: actors, articles or relations (each with all its evidence)."""

    actors: list[Actor] = field(default_factory=list)
    articles: list[Article] = field(default_factory=list)
    relations: list[RelationRecord] = field(default_factory=list)


@dataclass(slots=True)
class Counts:
    """What an export wrote."""

    actors: int = 0
    articles: int = 0
    relations: int = 0
    evidence: int = 0


def pages(store: GraphStore, provenance: str | None = None, page: int = PAGE) -> Iterator[Part]:
    """Everything in the store, one page at a time: pages of actors, then of articles, then of relations, each
    relation with all its evidence. With ``provenance`` (one of PROVENANCES), the graph
    of that provenance's evidence alone: its relations with their figures from it (see RelationFilter), the
    articles it cites and the actors at the relations' ends (found by a first pass over its relations)."""
    flt = RelationFilter(provenance=provenance)

    def relations() -> Iterator[list[RelationRecord]]:
        return _paged(lambda offset: store.relations(flt, limit=page, offset=offset, evidence_limit=EVERY))

    ends: set[str] | None = None
    cited: set[str] | None = None
    if flt.provenance is not None:
        ends, cited = set(), set()
        for chunk in relations():
            ends.update(key for r in chunk for key in (r.source, r.target))
            cited.update(e.article_id for r in chunk for e in r.evidence)
    for actors in _paged(lambda offset: store.search_actors(ActorQuery(), limit=page, offset=offset)):
        yield Part(actors=[a for a in actors if ends is None or a.key in ends])
    for articles in _paged(lambda offset: store.list_articles(limit=page, offset=offset)):
        yield Part(articles=[a for a in articles if cited is None or a.id in cited])
    for chunk in relations():
        yield Part(relations=chunk)


def _paged(fetch: Callable[[int], Page]) -> Iterator[list]:
    """The pages of a paged store list, until its last."""
    offset = 0
    while True:
        chunk = fetch(offset)
        if chunk.items:
            yield chunk.items
        offset += len(chunk.items)
        if chunk.next_offset is None or not chunk.items:
            return


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


def _actor_row(a: Actor) -> dict:
    return {"key": a.key, "kind": a.kind.value, "name": a.name, "aliases": sorted({a.name, *a.aliases}),
            "state": a.state, "organization": a.organization, "country": a.country}


def _article_row(a: Article) -> dict:
    return {"id": a.id, "url": a.url, "title": a.title, "published": iso(a.published), "source": a.source,
            "text": a.text, "date_source": a.dated_by}


def _relation_rows(r: RelationRecord) -> tuple[dict, list[dict]]:
    """The row of a relation and those of its evidence."""
    row = relation_row(r.source, r.type, r.target, count=r.count, first_seen=iso(r.first_seen),
                       last_seen=iso(r.last_seen), confidence=r.confidence)
    evidence = [{**evidence_row(r.id, r.source, r.type, r.target, e, published=e.published,
                                date_source=e.date_source, ingested_at=iso(e.ingested_at),
                                extractor_version=e.extractor_version), "article_id": e.article_id}
                for e in r.evidence]
    return row, evidence


def _batches(rows: list[dict]) -> Iterator[list[dict]]:
    for i in range(0, len(rows), BATCH):
        yield rows[i:i + BATCH]


def _grouped(rows: list[dict], field: str) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {}
    for row in rows:
        out.setdefault(row[field], []).append(row)
    return out


def cypher_script(store: GraphStore, provenance: str | None = None, counts: Counts | None = None,
                  page: int = PAGE) -> Iterator[str]:
    """Statements (each ending with ``;``) that build the graph in an empty Neo4j database, made a page of the
    store at a time (``counts``, when given, counts what they hold). The first ones, marked ``// schema``, create
    Neo4j's uniqueness constraints; re-running the script is harmless."""
    counts = counts if counts is not None else Counts()
    yield "// schema\nCREATE CONSTRAINT actor_key IF NOT EXISTS FOR (a:Actor) REQUIRE a.key IS UNIQUE;"
    yield "// schema\nCREATE CONSTRAINT article_id IF NOT EXISTS FOR (a:Article) REQUIRE a.id IS UNIQUE;"
    yield "// schema\nCREATE INDEX evidence_relation IF NOT EXISTS FOR (e:Evidence) ON (e.relation);"
    for part in pages(store, provenance, page):
        counts.actors += len(part.actors)
        for kind, rows in _grouped([_actor_row(a) for a in part.actors], "kind").items():
            for batch in _batches(rows):
                yield (f"UNWIND {literal(batch)} AS x\nMERGE (a:Actor {{key: x.key}})\n"
                       f"SET a:{kind}, a.kind = x.kind, a.name = x.name, a.aliases = x.aliases, a.state = x.state,"
                       " a.organization = x.organization, a.country = x.country;")
        counts.articles += len(part.articles)
        for batch in _batches([_article_row(a) for a in part.articles]):
            yield (f"UNWIND {literal(batch)} AS x\nMERGE (a:Article {{id: x.id}})\n"
                   "SET a.url = x.url, a.title = x.title, a.published = x.published, a.source = x.source, "
                   "a.text = x.text, a.date_source = x.date_source;")
        rels, evidence = [], []
        for r in part.relations:
            row, found = _relation_rows(r)
            rels.append(row)
            evidence += found
        counts.relations += len(rels)
        counts.evidence += len(evidence)
        for rtype, rows in _grouped(rels, "type").items():
            for batch in _batches(rows):
                yield (f"UNWIND {literal(batch)} AS x\nMATCH (a:Actor {{key: x.source}}), (b:Actor {{key: x.target}})\n"
                       f"MERGE (a)-[r:{rtype}]->(b)\n"
                       "SET r.key = x.key, r.count = x.count, r.first_seen = x.first_seen, r.last_seen = x.last_seen,"
                       " r.confidence = x.confidence, r.symmetric = x.symmetric;")
        for batch in _batches(evidence):
            yield (f"UNWIND {literal(batch)} AS x\nMATCH (art:Article {{id: x.article_id}})\n"
                   "MERGE (e:Evidence {relation: x.relation, article_id: x.article_id, sentence: x.sentence})\n"
                   "SET e.source = x.source, e.type = x.type, e.target = x.target, e.confidence = x.confidence,"
                   " e.published = x.published, e.ingested_at = x.ingested_at,"
                   " e.extractor_version = x.extractor_version, e.date_source = x.date_source,"
                   " e.extractor = x.extractor, e.provenance = x.provenance, e.attributes = x.attributes\n"
                   "MERGE (e)-[:IN_ARTICLE]->(art);")
    yield "MERGE (m:TensionGraph {id: 'graph'}) SET m.version = coalesce(m.version, 0) + 1, m.counts = 'reports';"


class _CsvFiles:
    """The CSV files of an export, each opened with its header when its first row comes."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.written: list[Path] = []
        self._open: dict[str, tuple[TextIO, Any]] = {}

    def write(self, name: str, header: list[str], rows: list[list[Any]]) -> None:
        if name not in self._open:
            path = self.folder / name
            f = path.open("w", newline="", encoding="utf-8")
            self._open[name] = (f, csv.writer(f))
            self._open[name][1].writerow(header)
            self.written.append(path)
        self._open[name][1].writerows([["" if v is None else v for v in row] for row in rows])

    def close(self) -> None:
        for f, _ in self._open.values():
            f.close()


ARTICLE_HEADER = ["id:ID(Article)", "url", "title", "published", "source", "text", "date_source", ":LABEL"]
EVIDENCE_HEADER = ["evidence_id:ID(Evidence)", "relation", "source", "type", "target", "article_id", "sentence",
                   "confidence:double", "published", "ingested_at", "extractor_version", "date_source", "extractor",
                   "provenance", "attributes", ":LABEL"]


def neo4j_csv(store: GraphStore, folder: Path, provenance: str | None = None,
              page: int = PAGE) -> tuple[list[Path], Counts]:
    """CSV files with neo4j-admin import headers, written a page of the store at a time, and ``import.sh``
    with the command that loads them; the files and what they hold."""
    folder.mkdir(parents=True, exist_ok=True)
    counts = Counts()
    files = _CsvFiles(folder)
    try:
        files.write("articles.csv", ARTICLE_HEADER, [])  # an empty graph still gets its files
        files.write("evidence.csv", EVIDENCE_HEADER, [])
        files.write("in_article.csv", [":START_ID(Evidence)", ":END_ID(Article)", ":TYPE"], [])
        for part in pages(store, provenance, page):
            counts.actors += len(part.actors)
            for kind, rows in _grouped([_actor_row(a) for a in part.actors], "kind").items():
                files.write(f"actors_{kind}.csv", ["key:ID(Actor)", "kind", "name", "aliases:string[]", "state",
                                                   "organization", "country", ":LABEL"],
                            [[r["key"], r["kind"], r["name"], ";".join(a.replace(";", ",") for a in r["aliases"]),
                              r["state"], r["organization"], r["country"], f"Actor;{kind}"] for r in rows])
            counts.articles += len(part.articles)
            files.write("articles.csv", ARTICLE_HEADER,
                        [[a["id"], a["url"], a["title"], a["published"], a["source"], a["text"], a["date_source"],
                          "Article"] for a in map(_article_row, part.articles)])
            _write_relations(files, part.relations, counts)
    finally:
        files.close()
    written = sorted(files.written, key=_file_order)
    nodes = " ".join(f"--nodes={p.name}" for p in written if p.name.startswith(("actors_", "articles", "evidence")))
    edges = " ".join(f"--relationships={p.name}" for p in written if p.name.startswith(("relations_", "in_article")))
    script = folder / "import.sh"
    script.write_text("#!/bin/sh\n# Load these files into an empty database (Neo4j 5; stop the database first):\n"
                      f'cd "$(dirname "$0")" && neo4j-admin database import full --overwrite-destination '
                      f"--multiline-fields=true {nodes} {edges} ${{1:-neo4j}}\n", encoding="utf-8")
    script.chmod(0o755)
    return [*written, script], counts


def _file_order(path: Path) -> tuple[int, str]:
    """Actors, articles, relations, evidence, in_article: the order of the files in import.sh."""
    for n, prefix in enumerate(("actors_", "articles", "relations_", "evidence", "in_article")):
        if path.name.startswith(prefix):
            return n, path.name
    return 9, path.name


def _write_relations(files: _CsvFiles, items: list[RelationRecord], counts: Counts) -> None:
    """One page of relations and their evidence; each piece of evidence gets the next number as its id."""
    for r in items:
        row, evidence = _relation_rows(r)
        files.write(f"relations_{row['type']}.csv",
                    [":START_ID(Actor)", ":END_ID(Actor)", "key", "count:long", "first_seen", "last_seen",
                     "confidence:double", "symmetric:boolean", ":TYPE"],
                    [[row["source"], row["target"], row["key"], row["count"], row["first_seen"], row["last_seen"],
                      row["confidence"], "true" if row["symmetric"] else "false", row["type"]]])
        first = counts.evidence
        files.write("evidence.csv", EVIDENCE_HEADER,
                    [[first + i, e["relation"], e["source"], e["type"], e["target"], e["article_id"], e["sentence"],
                      e["confidence"], e["published"], e["ingested_at"], e["extractor_version"], e["date_source"],
                      e["extractor"], e["provenance"], e["attributes"], "Evidence"] for i, e in enumerate(evidence)])
        files.write("in_article.csv", [":START_ID(Evidence)", ":END_ID(Article)", ":TYPE"],
                    [[first + i, e["article_id"], "IN_ARTICLE"] for i, e in enumerate(evidence)])
        counts.relations += 1
        counts.evidence += len(evidence)
