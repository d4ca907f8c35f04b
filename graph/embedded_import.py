"""The embedded store's bulk path for coded events (``tensiongraph import``): thousands of events in one
transaction, with a few ``executemany`` calls instead of a savepoint and eight statements per event.

Per call: the events whose ids are stored already are set aside (one indexed lookup per 900 ids); actors
new to the graph are matched against the known ones (graph.resolve) and inserted; every article and every
piece of evidence is one row of an ``executemany``; each distinct relation of the batch is one upsert that
folds all of the batch's evidence of it in at once (count, first and last seen, noisy-OR confidence), so a
busy dyad costs one statement per batch, not one per event. The projection is updated after the commit (an
ImportingStore, which ``tensiongraph import`` opens, keeps no relations in it).
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Sequence

from graph.coded import IMPORTER_VERSION, CodedEvent, ImportResult
from graph.embedded import EmbeddedStore
from graph.errors import StoreUnavailable
from graph.model import Actor, iso, miss, parse_date
from graph.prepare import ends
from graph.snapshot import gc_paused

ID_CHUNK = 900  # ids per "IN (...)" lookup: under SQLite's default limit of 999 parameters


class ImportingStore(EmbeddedStore):
    """The embedded store as ``tensiongraph import`` opens it: its projection holds the actors and their names
    (what matching the new actors of an event needs) and none of the relations. Loading those took 5 s at 1M
    rows and 47 s at 10M before the first row was read, and mirroring each batch's relations in them
    a fifth of the import's time, for a process that never reads them. The relations of a batch are found in
    the file instead (_write_relations upserts them). Reads that need the projection are refused; the file is
    the same as a full store's import makes it (tests/graph/test_import.py)."""

    projects_relations = False

    def _load_relations(self, db: sqlite3.Connection) -> None:
        pass

    def _follow_relations(self, db: sqlite3.Connection, old: tuple) -> None:
        pass

    def _put_edge(self, source: str, rtype: str, target: str, **figures) -> None:  # type: ignore[override]
        pass

    def _snapshot(self):
        raise StoreUnavailable(f"{self.path}: opened for importing only (its projection holds no relations); "
                               "open an EmbeddedStore to read it")


def import_events(store: EmbeddedStore, events: Sequence[CodedEvent]) -> ImportResult:
    """Store a batch of coded events (see the module's doc), with Python's cyclic garbage collector paused for
    the batch (graph.snapshot.gc_paused)."""
    with gc_paused(freeze=True):
        return _import(store, events)


def _import(store: EmbeddedStore, events: Sequence[CodedEvent]) -> ImportResult:
    result = ImportResult()
    now = dt.datetime.now(dt.UTC).replace(microsecond=0)
    now_text = iso(now)
    with store._lock:
        store._refresh()
        db = store._db
        try:
            fresh = _new_events(db, events, result)
            if not fresh:
                return result
            rename = _resolve(store, fresh)
            actor_rows: dict[str, tuple] = {}
            alias_rows: set[tuple[str, str]] = set()
            article_rows = []
            # (source, type, target) -> [first, last, its reports (day, confidence), evidence rows]; each row of a
            # coded file is a report of its own
            rels: dict[tuple[str, str, str], list] = {}
            for e in fresh:
                day = iso(e.day)
                # the fingerprint of a coded event is its id: events are told apart by id, not by text
                # what merge redirects did to its actors, kept as an ingested article keeps it (for undoing a merge)
                redirected = store._redirected([x for a, _, b in e.links for x in (a, b)], rename) if store._moved else None
                article_rows.append((e.id, "event:" + e.id, e.url, None, day, e.source, e.text, now_text,
                                     IMPORTER_VERSION, "source", redirected))
                attributes = None
                for a, rtype, b in e.links:
                    for actor in (a, b):
                        key = rename.get(actor.key, actor.key)
                        if key not in actor_rows and key not in store._graph:
                            actor_rows[key] = (key, actor.kind.value, actor.name, actor.state, actor.organization,
                                               actor.country)
                        alias_rows.add((key, actor.name))
                    pair = ends(a.key, rtype, b.key, rename)
                    if pair is None:
                        continue
                    rel = rels.get((pair[0], rtype.value, pair[1]))
                    if rel is None:
                        rel = rels[(pair[0], rtype.value, pair[1])] = [day, day, [], []]
                    if attributes is None:
                        attributes = _json(e.attributes)
                    rel[0], rel[1] = min(rel[0], day), max(rel[1], day)
                    rel[2].append((e.day, e.confidence))
                    rel[3].append([None, e.id, e.text, e.confidence, day, now_text, IMPORTER_VERSION, "source",
                                   e.extractor, e.provenance, attributes])
            db.execute("BEGIN IMMEDIATE")
            try:
                store._catch_up()  # what another process committed since the _refresh above
                before = db.total_changes
                db.executemany("INSERT OR IGNORE INTO actors (key, kind, name, state, organization, country)"
                               " VALUES (?, ?, ?, ?, ?, ?)", actor_rows.values())
                result.new_actors = db.total_changes - before
                db.executemany("INSERT OR IGNORE INTO aliases (actor_key, alias) VALUES (?, ?)", alias_rows)
                db.executemany(
                    "INSERT INTO articles (id, fingerprint, url, title, published, source, text, ingested_at,"
                    " extractor_version, date_source, redirected) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", article_rows)
                edges = _write_relations(store, db, rels, result)
                evidence_rows = [row for rel in rels.values() for row in rel[3]]
                db.executemany(
                    "INSERT OR IGNORE INTO evidence (relation_id, article_id, sentence, confidence, published,"
                    " ingested_at, extractor_version, date_source, extractor, provenance, attributes)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", evidence_rows)
                result.new_evidence = len(evidence_rows)
                result.stored = len(fresh)
                store._written()
            except BaseException:
                db.execute("ROLLBACK")
                store._refresh(force=True)
                raise
            db.execute("COMMIT")
        except sqlite3.Error as exc:
            store._refresh(force=True)
            raise StoreUnavailable(f"{store.path}: importing {len(events)} events failed: {exc}") from exc
        _mirror(store, actor_rows, alias_rows, edges)
        store._publish()
    return result


def _write_relations(store: EmbeddedStore, db: sqlite3.Connection, rels: dict[tuple[str, str, str], list],
                     result: ImportResult) -> list[tuple]:
    """Fold the batch's evidence into its relations with two ``executemany`` (known relations updated by id,
    the others upserted), read their figures back, and give each evidence row its relation id. The projection
    is current under the store's lock, so it tells which relations exist and their ids, but for those it does
    not hold: a rejected relation (the upsert adds to it: it gathers evidence for the audit, as in an ingest,
    and is left out of the edges returned for the projection) and, in an ImportingStore, every relation."""
    g = store._graph
    known, other = [], []
    for key in rels:
        source, rtype, target = key
        data = g.get_edge_data(source, target, key=rtype) if source in g and target in g else None
        if data is not None:
            known.append((key, data["id"]))
        else:
            other.append(key)
    db.executemany(
        "UPDATE relations SET count = count + ?, first_seen = min(coalesce(first_seen, ?), ?),"
        " last_seen = max(coalesce(last_seen, ?), ?), confidence = round(1 - (1 - confidence) * ?, 6) WHERE id = ?",
        [(len(rels[k][2]), rels[k][0], rels[k][0], rels[k][1], rels[k][1], miss(rels[k][2]), rel_id) for k, rel_id in known])
    top = db.execute("SELECT coalesce(max(id), 0) FROM relations").fetchone()[0]
    db.executemany(
        "INSERT INTO relations (source, type, target, count, first_seen, last_seen, confidence)"
        " VALUES (?, ?, ?, ?, ?, ?, round(1 - ?, 6))"
        " ON CONFLICT (source, type, target) DO UPDATE SET count = count + excluded.count,"
        " first_seen = min(coalesce(first_seen, excluded.first_seen), excluded.first_seen),"
        " last_seen = max(coalesce(last_seen, excluded.last_seen), excluded.last_seen),"
        " confidence = round(1 - (1 - confidence) * ?, 6)",
        [(*k, len(rels[k][2]), rels[k][0], rels[k][1], miss(rels[k][2]), miss(rels[k][2])) for k in other])
    figures: dict[tuple[str, str, str], tuple] = {}
    columns = "SELECT id, source, type, target, count, first_seen, last_seen, confidence, rejected FROM relations"
    ids = [rel_id for _, rel_id in known]
    for i in range(0, len(ids), ID_CHUNK):
        chunk = ids[i:i + ID_CHUNK]
        for row in db.execute(f"{columns} WHERE id IN ({','.join('?' * len(chunk))})", chunk):
            figures[row[1:4]] = row
    if other:
        for row in db.execute(f"{columns} WHERE id > ?", (top,)):
            figures[row[1:4]] = row
        result.new_relations += len(figures) - len(known)
        for key in other:
            if key not in figures:  # stored before, not in the projection
                figures[key] = db.execute(f"{columns} WHERE source = ? AND type = ? AND target = ?", key).fetchone()
    edges = []
    for key, rel in rels.items():
        rel_id, source, rtype, target, count, first, last, conf, rejected = figures[key]
        for row in rel[3]:
            row[0] = rel_id
        if rejected is None and store.projects_relations:
            edges.append((rel_id, source, rtype, target, count, first, last, conf, rel[2]))
    return edges


def _new_events(db: sqlite3.Connection, events: Sequence[CodedEvent], result: ImportResult) -> list[CodedEvent]:
    """The events whose ids are not stored yet (nor earlier in this batch)."""
    ids = list({e.id for e in events})
    stored: set[str] = set()
    for i in range(0, len(ids), ID_CHUNK):
        chunk = ids[i:i + ID_CHUNK]
        stored.update(r[0] for r in db.execute(
            f"SELECT id FROM articles WHERE id IN ({','.join('?' * len(chunk))})", chunk))
    fresh, seen = [], set()
    for e in events:
        if e.id in stored or e.id in seen:
            result.skipped += 1
            continue
        seen.add(e.id)
        fresh.append(e)
    return fresh


def _resolve(store: EmbeddedStore, events: list[CodedEvent]) -> dict[str, str]:
    """New actor key -> the stored key it becomes, as for an ingested article (ProjectedStore._renames: merged-away
    keys go where they were merged, the rest are matched by name), for the batch's actors the graph does not
    know by key."""
    unknown: dict[str, Actor] = {}
    for e in events:
        for a, _, b in e.links:
            for actor in (a, b):
                if actor.key not in store._graph:
                    unknown.setdefault(actor.key, actor)
    return store._renames(list(unknown.values())) if unknown else {}


def _mirror(store: EmbeddedStore, actor_rows: dict[str, tuple], alias_rows: set[tuple[str, str]],
            edges: list[tuple]) -> None:
    for key, kind, name, state, organization, country in actor_rows.values():
        if key not in store._graph:
            store._put_actor(key, kind, name, state, organization, country)
    names: dict[str, set[str]] = {}
    for key, alias in alias_rows:
        names.setdefault(key, set()).add(alias)
    for key, aliases in names.items():
        store._add_aliases(key, aliases)
    for rel_id, source, rtype, target, count, first, last, conf, events in edges:
        store._put_edge(source, rtype, target, id=rel_id, count=count, first_seen=parse_date(first),
                        last_seen=parse_date(last), confidence=conf, events=events, append=True)


_ENCODER = json.JSONEncoder(sort_keys=True, ensure_ascii=False)


def _json(attributes: dict) -> str:
    return _ENCODER.encode(attributes) if attributes else "{}"
