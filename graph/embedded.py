"""The embedded default store: a SQLite file is the durable truth, a networkx projection serves reads.

- **Durable**: WAL journal, one ``BEGIN IMMEDIATE`` transaction per article. An article whose upsert
  returned is committed: a process killed afterwards (even with SIGKILL) keeps it, and the file opens
  cleanly. ``synchronous=NORMAL`` (the default here) survives process crashes; pass
  ``synchronous="FULL"`` to also survive power loss at the cost of an fsync per article.
- **Idempotent**: an article whose id or normalised text is already stored changes nothing.
- **Aggregating**: one row per (source, type, target); evidence rows accumulate under it with
  count, first_seen, last_seen and a combined confidence (noisy-OR of the evidence confidences:
  ``1 - prod(1 - c_i)``, so independent reports strengthen an edge but never past 1).
- **Projection**: a ``networkx.MultiDiGraph`` built once at open and updated incrementally after
  each commit. Writes by another process (another CLI ingest or import into the same file) are noticed
  through ``PRAGMA data_version`` and followed on the next read: their new articles' rows are read and
  applied as the store's own writes are (a curation elsewhere makes it load the whole file again).

Thread-safe: writes go one at a time through one connection under the store's lock; SQLite's busy timeout
covers other processes. Reads wait for neither: analyses read a published snapshot of the projection
(graph.projected), and SQL reads run on connections of their own, each read in one transaction (WAL: a
consistent view of the last commit, while the writer goes on). A ``:memory:`` store has one connection only,
so its SQL reads take the lock.
"""

from __future__ import annotations

import datetime as dt
import gc
import logging
import queue
import sqlite3
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import networkx as nx

from graph.coded import CodedEvent, ImportResult
from graph.curation import AuditEntry
from graph.embedded_curation import AUDIT_COLUMNS, SqliteCurationTx, audit_entry
from graph.errors import InvalidInput, NotFound, StoreUnavailable
from graph.identity import text_fingerprint
from graph.model import (
    SYMMETRIC_TYPES,
    Article,
    Evidence,
    Extraction,
    IngestResult,
    RelationRecord,
    RelationType,
    Stats,
    iso,
    parse_date,
    relation_id,
    stored_day,
)
from graph.prepare import PreparedActor, prepare
from graph.projected import ProjectedStore
from graph.snapshot import gc_paused
from graph.store import Page, RelationFilter

log = logging.getLogger("tensiongraph.store")

SCHEMA_VERSION = 5

SCHEMA = """
CREATE TABLE IF NOT EXISTS articles (
    id TEXT PRIMARY KEY,
    fingerprint TEXT NOT NULL UNIQUE,
    url TEXT, title TEXT, published TEXT, source TEXT,
    text TEXT NOT NULL,
    ingested_at TEXT NOT NULL,
    extractor_version TEXT,
    date_source TEXT,
    redirected TEXT
);
CREATE INDEX IF NOT EXISTS articles_published ON articles(published DESC, id);
CREATE TABLE IF NOT EXISTS actors (
    key TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    name TEXT NOT NULL,
    state TEXT, organization TEXT, country TEXT
);
CREATE INDEX IF NOT EXISTS actors_kind ON actors(kind, state);
CREATE TABLE IF NOT EXISTS aliases (
    actor_key TEXT NOT NULL REFERENCES actors(key),
    alias TEXT NOT NULL,
    PRIMARY KEY (actor_key, alias)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS relations (
    id INTEGER PRIMARY KEY,
    source TEXT NOT NULL REFERENCES actors(key),
    type TEXT NOT NULL,
    target TEXT NOT NULL REFERENCES actors(key),
    count INTEGER NOT NULL DEFAULT 0,
    first_seen TEXT, last_seen TEXT,
    confidence REAL NOT NULL DEFAULT 0,
    rejected INTEGER REFERENCES audit(id),
    UNIQUE (source, type, target)
);
CREATE INDEX IF NOT EXISTS relations_target ON relations(target, type);
CREATE INDEX IF NOT EXISTS relations_type ON relations(type);
CREATE TABLE IF NOT EXISTS evidence (
    relation_id INTEGER NOT NULL REFERENCES relations(id),
    article_id TEXT NOT NULL REFERENCES articles(id),
    sentence TEXT NOT NULL,
    confidence REAL NOT NULL,
    published TEXT,
    ingested_at TEXT NOT NULL,
    extractor_version TEXT,
    date_source TEXT NOT NULL DEFAULT 'ingested',
    extractor TEXT NOT NULL DEFAULT '',
    provenance TEXT NOT NULL DEFAULT 'text',
    attributes TEXT NOT NULL DEFAULT '{}',
    PRIMARY KEY (relation_id, article_id, sentence)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS evidence_article ON evidence(article_id);
CREATE TABLE IF NOT EXISTS audit (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    who TEXT NOT NULL,
    action TEXT NOT NULL,
    target TEXT NOT NULL,
    reason TEXT NOT NULL,
    detail TEXT NOT NULL DEFAULT '{}',
    undone_by INTEGER
);
CREATE TABLE IF NOT EXISTS redirects (
    old_key TEXT PRIMARY KEY,
    new_key TEXT NOT NULL,
    audit_id INTEGER NOT NULL
) WITHOUT ROWID;
"""

# Each step brings a file of the version before it up to this one; run in one transaction when an older
# file is opened, so an old file keeps its data and gains the new columns.
MIGRATIONS: dict[int, tuple[str, ...]] = {
    2: (  # evidence says where its date came from, what produced it, from what data, with the source's scores
        "ALTER TABLE articles ADD COLUMN date_source TEXT",
        "UPDATE articles SET date_source = CASE WHEN published IS NULL THEN 'ingested' ELSE 'published' END",
        "ALTER TABLE evidence ADD COLUMN date_source TEXT NOT NULL DEFAULT 'ingested'",
        "ALTER TABLE evidence ADD COLUMN extractor TEXT NOT NULL DEFAULT ''",
        "ALTER TABLE evidence ADD COLUMN provenance TEXT NOT NULL DEFAULT 'text'",
        "ALTER TABLE evidence ADD COLUMN attributes TEXT NOT NULL DEFAULT '{}'",
        "UPDATE evidence SET date_source = 'published' WHERE EXISTS"
        " (SELECT 1 FROM articles a WHERE a.id = evidence.article_id AND a.published IS NOT NULL)",
    ),
    3: (  # curation: rejected relations, the audit table and the redirects of merged actors (created below)
        "ALTER TABLE relations ADD COLUMN rejected INTEGER REFERENCES audit(id)",
    ),
    4: (  # what the redirects of merged actors did to an article's actors (for undoing the merge)
        "ALTER TABLE articles ADD COLUMN redirected TEXT",
    ),
    5: (),  # the articles newest first (GET /articles) by an index, not a sort of every article (created below)
}

# The reports of every relation (see graph.model.reports): one per article and day, one per coded row. A coded
# row is an evidence row of its own (its sentence is in the primary key), so only text evidence is grouped:
# grouping every row found nothing more to merge and sorted all of them (at 1M rows, 2.0 s of the load -> 1.3).
REPORTS_SQL = ("SELECT relation_id, published, confidence FROM evidence WHERE provenance <> 'text' UNION ALL"
               " SELECT relation_id, published, max(confidence) FROM evidence WHERE provenance = 'text'"
               " GROUP BY relation_id, article_id, published")

# The reports of the articles written after a given one (articles' rowids only grow, but for a curation's
# deletion, which the audit log shows): what another process's writes added, for following them.
NEW_REPORTS_SQL = (
    "SELECT e.relation_id, e.published, max(e.confidence) FROM articles a CROSS JOIN evidence e"  # CROSS: the new
    " ON e.article_id = a.id WHERE a.rowid > ?"  # articles drive (SQLite chose to scan every piece of evidence: 6 s at 1M)
    " GROUP BY e.relation_id, e.article_id, e.published, CASE WHEN e.provenance = 'text' THEN '' ELSE e.sentence END")

# Where the file stands, for following another process's writes (see EmbeddedStore._follow) and for adding to the
# counts of /stats (EmbeddedStore.stats): the last article and actor rowids, the last audit entry and the number
# of entries undone, the number of aliases, the last relation id.
MARK_SQL = ("SELECT (SELECT coalesce(max(rowid), 0) FROM articles), (SELECT coalesce(max(rowid), 0) FROM actors),"
            " (SELECT coalesce(max(id), 0) FROM audit), (SELECT count(undone_by) FROM audit),"
            " (SELECT count(*) FROM aliases), (SELECT coalesce(max(id), 0) FROM relations)")
ID_CHUNK = 900  # ids per "IN (...)": under SQLite's default limit of 999 parameters


def _only_added(old: tuple, mark: tuple) -> bool:
    """Whether everything written between two MARK_SQL readings was added rows (articles, their actors, aliases,
    evidence and relations, what ingest and import write): no curation since (the audit log shows every one)
    and nothing counted went down."""
    return old[2:4] == mark[2:4] and all(
        o <= m for i, (o, m) in enumerate(zip(old, mark, strict=True)) if i not in (2, 3))

# The same, of one provenance's evidence, by (source, type, target): the figures under a provenance filter; text
# evidence grouped, coded rows one report each (as REPORTS_SQL: for GDELT at 1M rows, 3.4 s -> 0.7).
PROVENANCE_REPORTS_SQL = {
    "text": "SELECT r.source, r.type, r.target, e.published, max(e.confidence) FROM evidence e"
            " JOIN relations r ON r.id = e.relation_id WHERE e.provenance = ?"
            " GROUP BY e.relation_id, e.article_id, e.published",
    "coded": "SELECT r.source, r.type, r.target, e.published, e.confidence FROM evidence e"
             " JOIN relations r ON r.id = e.relation_id WHERE e.provenance = ?"}

# The same of the articles after one rowid up to another, with the evidence's provenance: what the writes since the
# last publish added to the reports of each provenance (EmbeddedStore._new_reports); the new articles drive.
NEW_PROVENANCE_REPORTS_SQL = (
    "SELECT r.source, r.type, r.target, e.provenance, e.published, max(e.confidence)"
    " FROM articles a CROSS JOIN evidence e ON e.article_id = a.id JOIN relations r ON r.id = e.relation_id"
    " WHERE a.rowid > ? AND a.rowid <= ? AND e.provenance IN ({})"
    " GROUP BY e.relation_id, e.article_id, e.published, e.provenance,"
    " CASE WHEN e.provenance = 'text' THEN '' ELSE e.sentence END")

# relations last seen the same day are listed by source, type and target, in every store and under a provenance
# filter alike (SQLite's UTF-8 bytes compare in code point order, as Python's and Cypher's strings do); their key
# as one string cost 30-50% more to sort at 1M rows
TIES_SQL = "r.source, r.type, r.target"

SYMMETRIC_SQL = "(" + ", ".join(f"'{t.value}'" for t in sorted(SYMMETRIC_TYPES)) + ")"

CACHE_KIB = 128 * 1024  # SQLite page cache: the relation and evidence indexes of a 1M-row graph stay warm
READER_CACHE_KIB = 8 * 1024  # page cache of each reading connection (one per concurrent read; the OS caches the file too)


def _connect_read_only(path: str, wait: float) -> sqlite3.Connection:
    """A connection that never writes to the file. SQLite reads a WAL file through its -shm side file; where
    that cannot be made (a read-only folder or medium, where no other process can be writing either), the
    file is read as immutable."""
    if not Path(path).is_file():
        raise StoreUnavailable(f"no SQLite store at {path}")
    uri = Path(path).resolve().as_uri()
    for mode in ("mode=ro", "immutable=1"):
        db = sqlite3.connect(f"{uri}?{mode}", uri=True, timeout=wait, isolation_level=None, check_same_thread=False)
        try:
            db.execute(f"PRAGMA busy_timeout = {int(wait * 1000)}")
            db.execute("PRAGMA user_version").fetchone()
            db.execute("SELECT count(*) FROM sqlite_master").fetchone()
            return db
        except sqlite3.OperationalError as exc:
            db.close()
            if mode == "immutable=1" or not ("readonly" in str(exc) or "unable to open" in str(exc)):
                raise
    raise AssertionError("unreachable")


class EmbeddedStore(ProjectedStore):
    """GraphStore over one SQLite file. ``EmbeddedStore(":memory:")`` works for throwaway graphs."""

    projects_relations = True  # its projection holds the relations (graph.embedded_import.ImportingStore's not)

    def __init__(self, path: str | Path = "tensiongraph.db", *, synchronous: str = "NORMAL", timeout: float = 30.0,
                 read_only: bool = False, open_timeout: float | None = None, follow_every: float = 0.0,
                 warm_half_life: float | None = None):
        """``timeout``: seconds a write waits for another process's lock. ``open_timeout`` (default
        ``timeout``): the same while opening, after which StoreUnavailable says the file is locked.
        ``follow_every``: seconds a read may answer from the projection without looking for another process's
        commits (0: every read looks; a write always catches up first). Beside a ``tensiongraph import`` that
        commits a few times a second, following each commit took a server's core about half the time at 1M
        rows; following at most once a second costs about half as much (bench/README.md).
        ``read_only``: nothing is written to the file (no schema set-up, no migration, no journal change), so
        a read-only copy or medium works; writing then raises StoreUnavailable. ``warm_half_life``: after each
        full load (the start, a curation), a background thread builds the indexes of the read routes with this
        ranking half-life (ProjectedStore.warm), and the provenance views the replaced projection had, so the
        first readers do not wait for them (``serve`` sets it; ``warmed`` is set when it is done)."""
        self.path = str(path)
        if synchronous.upper() not in {"OFF", "NORMAL", "FULL", "EXTRA"}:
            raise InvalidInput(f"synchronous={synchronous!r}; expected NORMAL, FULL, EXTRA or OFF")
        self._lock = threading.RLock()
        self._read_only, self._timeout, self._closed = read_only, timeout, False
        self._follow_every, self._looked = follow_every, 0.0  # _looked: when a read last looked (time.monotonic)
        self._warm_half_life = warm_half_life
        self._to_warm: list[str] | None = None  # the provenance views to build after the next publish
        self.warmed = threading.Event()
        self._counted: tuple[tuple, Stats] | None = None  # the last counts of stats(), with where the file stood
        self._readers: queue.LifoQueue[sqlite3.Connection] = queue.LifoQueue()  # idle readers, warmest on top
        wait = timeout if open_timeout is None else open_timeout
        try:
            if read_only:
                self._db = _connect_read_only(self.path, wait)
            else:
                if self.path != ":memory:":
                    Path(self.path).parent.mkdir(parents=True, exist_ok=True)
                self._db = sqlite3.connect(self.path, timeout=wait, isolation_level=None, check_same_thread=False)
                self._db.execute(f"PRAGMA busy_timeout = {int(wait * 1000)}")
                self._db.execute("PRAGMA journal_mode = WAL")
                self._db.execute(f"PRAGMA synchronous = {synchronous.upper()}")
            self._db.execute("PRAGMA foreign_keys = ON")
            self._db.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
            version = self._db.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION:
                raise StoreUnavailable(
                    f"{self.path}: schema version {version} is newer than this tensiongraph ({SCHEMA_VERSION})")
            if read_only and version < SCHEMA_VERSION:
                raise StoreUnavailable(
                    f"{self.path} is not a tensiongraph store" if version == 0 else
                    f"{self.path} was written by an older tensiongraph (schema {version}); open it once for writing "
                    f"(tensiongraph ingest or serve) to upgrade it")
            if version == 0:
                self._db.executescript(SCHEMA)
                self._db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            elif version < SCHEMA_VERSION:
                self._migrate()
            self._db.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
        except sqlite3.Error as exc:
            if "locked" in str(exc):
                raise StoreUnavailable(f"the SQLite store {self.path} is locked by another process (waited {wait:g} s); "
                                       "try again when it is done") from exc
            raise StoreUnavailable(f"cannot open the SQLite store {self.path}: {exc}") from exc
        self._reset_projection()
        self._data_version = -1
        self._refresh(force=True)

    def _migrate(self) -> None:
        """Bring a file written by an older tensiongraph up to SCHEMA_VERSION in one transaction (another
        process opening it at the same time waits, then finds it done)."""
        db = self._db
        db.execute("BEGIN IMMEDIATE")
        try:
            version = db.execute("PRAGMA user_version").fetchone()[0]
            for step in range(version + 1, SCHEMA_VERSION + 1):
                for statement in MIGRATIONS[step]:
                    db.execute(statement)
            for statement in SCHEMA.split(";"):  # tables and indexes new since that version
                if statement.strip():
                    db.execute(statement)
            if version < 3:  # counts were of sentences: recount them as independent reports
                SqliteCurationTx(db).recompute(set(db.execute("SELECT source, type, target FROM relations")))
            db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        except BaseException:
            db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")

    # ------------------------------------------------------------------ writing

    def upsert(self, extraction: Extraction) -> IngestResult:
        result = self.upsert_many([extraction])[0]
        if isinstance(result, InvalidInput):
            raise result
        return result

    def import_events(self, events: Sequence[CodedEvent]) -> ImportResult:
        """Coded events in one transaction (graph/embedded_import.py)."""
        from graph.embedded_import import import_events

        return import_events(self, events)

    def upsert_many(self, extractions: Sequence[Extraction]) -> list[IngestResult | InvalidInput]:
        """Several articles in one transaction, each in its own savepoint: about 1.6 times the rate of one
        transaction per article (bench/README.md). Each article is mirrored in the projection as it is
        written, so that later articles of the batch match its actors' names; if the transaction fails,
        the projection is rebuilt from the file."""
        out: list[IngestResult | InvalidInput] = []
        learned: list[tuple[str, list[tuple[str, str, str]]]] = []  # officers whose state an article told
        now = dt.datetime.now(dt.UTC).replace(microsecond=0)
        with self._lock, gc_paused(freeze=True):
            self._refresh()
            try:
                self._db.execute("BEGIN IMMEDIATE")
                try:
                    self._catch_up()  # what another process committed since the _refresh above
                    for extraction in extractions:
                        try:
                            extraction.validate()
                        except InvalidInput as exc:
                            out.append(exc)
                            continue
                        self._db.execute("SAVEPOINT article")
                        result, actors, edges, namesakes = self._upsert_locked(
                            extraction, text_fingerprint(extraction.article.text), now, extraction.extractor_version)
                        self._db.execute("RELEASE article")
                        out.append(result)
                        self._apply_written(actors, edges)
                        if namesakes:
                            learned.append((result.article_id, namesakes))
                    self._written()
                except BaseException:
                    self._db.execute("ROLLBACK")
                    self._refresh(force=True)
                    raise
                self._db.execute("COMMIT")
            except sqlite3.Error as exc:
                self._refresh(force=True)
                what = (f"article {extractions[0].article.id!r}" if len(extractions) == 1
                        else f"{len(extractions)} articles")
                raise StoreUnavailable(f"{self.path}: storing {what} failed: {exc}") from exc
            self._publish()
            for article_id, namesakes in learned:
                self._learn_states(article_id, namesakes)
        return out

    def _upsert_locked(self, extraction: Extraction, fingerprint: str, now: dt.datetime,
                       version: str | None) -> tuple[IngestResult, list[PreparedActor], list[tuple],
                                                     list[tuple[str, str, str]]]:
        """Write one article as graph.prepare makes it; return the result and what the projection needs: the
        actors as written (with the names they were given here), and the relations' new figures with their new
        events; and the officers stored without a state that this article's officers of a state turn out to be."""
        db, article = self._db, extraction.article
        row = db.execute("SELECT id FROM articles WHERE id = ? OR fingerprint = ?", (article.id, fingerprint)).fetchone()
        if row:
            return IngestResult(article.id, stored=False, duplicate_of=row[0]), [], [], []
        rename = self._renames(extraction.actors)
        db.execute(
            "INSERT INTO articles (id, fingerprint, url, title, published, source, text, ingested_at, extractor_version,"
            " date_source, redirected) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (article.id, fingerprint, article.url, article.title, iso(article.published), article.source,
             article.text, iso(now), version, article.dated_by, self._redirected(extraction.actors, rename)),
        )
        prepared = prepare(extraction, rename, now)
        result = IngestResult(article.id, stored=True, keys=prepared.keys)
        namesakes = self._stateless_namesakes(extraction.actors, rename)
        actors = list(prepared.actors.values())
        before = db.total_changes
        db.executemany("INSERT OR IGNORE INTO actors (key, kind, name, state, organization, country)"
                       " VALUES (?, ?, ?, ?, ?, ?)", [a.row() for a in actors])
        result.new_actors = db.total_changes - before
        db.executemany("INSERT OR IGNORE INTO aliases (actor_key, alias) VALUES (?, ?)",
                       [(a.key, n) for a in actors for n in a.names])
        now_text = iso(now)
        edges: list[tuple] = []
        evidence_rows: list[tuple] = []
        for rel in prepared.relations.values():
            # one statement creates or updates the relation with the new evidence folded in (noisy-OR
            # composes: 1 - (1 - old) * prod(1 - c_new)) and hands back the figures for the projection
            rel_id, count, first, last, conf, rejected = db.execute(
                "INSERT INTO relations (source, type, target, count, first_seen, last_seen, confidence)"
                " VALUES (?, ?, ?, ?, ?, ?, round(1 - ?, 6))"
                " ON CONFLICT (source, type, target) DO UPDATE SET count = count + excluded.count,"
                " first_seen = min(coalesce(first_seen, excluded.first_seen), excluded.first_seen),"
                " last_seen = max(coalesce(last_seen, excluded.last_seen), excluded.last_seen),"
                " confidence = round(1 - (1 - confidence) * ?, 6)"
                " RETURNING id, count, first_seen, last_seen, confidence, rejected",
                (rel.source, rel.type.value, rel.target, rel.count, iso(rel.first_seen), iso(rel.last_seen),
                 rel.miss, rel.miss),
            ).fetchone()
            result.new_relations += count == rel.count
            result.new_evidence += len(rel.evidence)
            # the article is new, so its evidence is too
            evidence_rows += [(rel_id, article.id, p.evidence.sentence, p.evidence.confidence, iso(p.day), now_text,
                               version, p.date_source, p.evidence.extractor, p.evidence.provenance,
                               p.evidence.attributes_json())
                              for p in rel.evidence.values()]
            if not rejected:  # a rejected relation gathers evidence for the audit, never for answers
                edges.append((rel_id, rel.source, rel.type.value, rel.target, count, first, last, conf, rel.found))
        db.executemany(
            "INSERT INTO evidence (relation_id, article_id, sentence, confidence, published, ingested_at,"
            " extractor_version, date_source, extractor, provenance, attributes)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", evidence_rows)
        return result, actors, edges, namesakes

    # ------------------------------------------------------------------ curation

    def curate(self, step: Callable[..., int], *args: Any) -> AuditEntry:
        """Run one step of graph.curation (delete_article, reject_relation, merge_actor, undo) in one
        transaction and rebuild the projection; its audit entry."""
        with self._lock:
            try:
                self._db.execute("BEGIN IMMEDIATE")
                try:
                    tx = SqliteCurationTx(self._db)
                    audit_id = step(tx, *args)
                    entry = tx.audit_entry(audit_id)
                except BaseException:
                    self._db.execute("ROLLBACK")
                    raise
                self._db.execute("COMMIT")
            except sqlite3.Error as exc:
                raise StoreUnavailable(f"{self.path}: {step.__name__.replace('_', ' ')} failed: {exc}") from exc
            finally:
                self._refresh(force=True)
        assert entry is not None
        return entry

    def audit_log(self, limit: int = 50, offset: int = 0) -> Page:
        with self._reads() as db:
            total = self._query("SELECT count(*) FROM audit", (), db)[0][0]
            rows = self._query(f"SELECT {AUDIT_COLUMNS} FROM audit ORDER BY id DESC LIMIT ? OFFSET ?", [limit, offset], db)
        return Page(items=[audit_entry(r) for r in rows], total=total, offset=offset, limit=limit)

    def redirect(self, key: str) -> str | None:
        """The key a merged actor's old key now stands for (None: not merged away)."""
        rows = self._query("SELECT new_key FROM redirects WHERE old_key = ?", [key])
        return rows[0][0] if rows else None

    def _redirects(self) -> dict[str, str]:
        return dict(self._db.execute("SELECT old_key, new_key FROM redirects"))

    # ------------------------------------------------------------------ projection

    def _refresh(self, force: bool = False) -> None:
        """Bring the projection up to date when the file was changed by another connection, and publish it
        (readers keep the snapshot before it meanwhile): by following what was written (_follow) when that was
        new articles only, else (a curation, or ``force``) by loading it all again."""
        with self._lock:
            if not force and self._follow_every:
                now = time.monotonic()
                if now - self._looked < self._follow_every:
                    return
                self._looked = now
            self._catch_up(force)
            self._publish()

    def _catch_up(self, force: bool = False) -> None:
        """_refresh without publishing; also called by a write inside its transaction, before it writes, so that
        what another process committed just before is in the projection the write builds on."""
        try:
            version = self._db.execute("PRAGMA data_version").fetchone()[0]
        except sqlite3.Error as exc:
            raise StoreUnavailable(f"{self.path}: {exc}") from exc
        if not force and version == self._data_version:
            return
        if force or not self._follow():
            if self._warm_half_life is not None:
                self._to_warm = sorted(name[1] for name in self._view[0].graph  # what readers asked for so far
                                       if isinstance(name, tuple) and name[0] == "_provenance")
            gc.unfreeze()  # the projection the load replaces may be collected once readers let it go
            self._reset_projection()
            self._load_all()
            # the loaded projection leaves the cyclic collector's view: a full collection no longer walks its
            # hundreds of thousands of containers (pauses of seconds at 1M rows, bench/README); what later writes
            # add is collected as before. A snapshot holds no reference cycle (graph.snapshot.MultiDiGraph), so
            # reference counting frees a frozen one once a write supersedes it and its readers are done.
            gc.freeze()
        self._data_version = version

    def _publish(self) -> None:
        super()._publish()
        if self._to_warm is not None:
            provenances, self._to_warm = self._to_warm, None
            self.warmed.clear()
            threading.Thread(target=self._warm, args=(self._view[0], provenances), name="tensiongraph-warm",
                             daemon=True).start()

    @property
    def indexes(self) -> str | None:
        """"building" while the background build after a full load runs, then "ready"; None when this store
        does not build its indexes ahead of readers (no ``warm_half_life``)."""
        if self._warm_half_life is None:
            return None
        return "ready" if self.warmed.is_set() else "building"

    def _warm(self, g: nx.MultiDiGraph, provenances: list[str]) -> None:
        """ProjectedStore.warm in the background, then again on the snapshot a write published meanwhile (an
        index still being built when it was published was not carried to it; the others are found built); a
        failure (the store closed meanwhile) leaves the indexes to their readers, as without it."""
        try:
            for _ in range(3):
                self.warm(g, self._warm_half_life or 180.0, provenances)
                if self._view[0] is g:
                    break
                g = self._view[0]
        except Exception as exc:  # readers build what is missing: said, not raised
            log.info("%s: indexes not built ahead of readers: %s", self.path, exc)
        finally:
            self.warmed.set()

    def _written(self) -> None:
        """Note, inside a write's transaction just before its commit, that the projection now holds everything
        committed so far and this write: the file's mark and data version (read before the commit, while the
        write lock keeps other writers out, so that a commit of theirs after ours is noticed)."""
        self._mark = self._db.execute(MARK_SQL).fetchone()
        self._data_version = self._db.execute("PRAGMA data_version").fetchone()[0]

    def _follow(self) -> bool:
        """Apply what other processes committed since the projection's mark, when all of it is new articles
        (with their actors, aliases, evidence and their relations' new figures: what ingest and import write),
        and return True; False when anything else changed (the audit log shows every curation) for a full load.
        A server beside a ``tensiongraph import`` process used to load the whole graph again after each of its
        commits (47 s at 10M evidence rows); this reads only the new rows."""
        db = self._db
        begun = not db.in_transaction
        if begun:
            db.execute("BEGIN")
        try:
            mark = db.execute(MARK_SQL).fetchone()
            old = getattr(self, "_mark", None)
            if old is None or not _only_added(old, mark):
                return False
            with gc_paused(freeze=True):
                self._follow_read(db, old, mark)
            self._mark = mark
            return True
        except sqlite3.Error as exc:
            raise StoreUnavailable(f"{self.path}: {exc}") from exc
        finally:
            if begun:
                db.execute("COMMIT")

    def _follow_read(self, db: sqlite3.Connection, old: tuple, mark: tuple) -> None:
        """_follow's reads and what they add to the projection, inside its transaction."""
        g = self._graph
        for key, kind, name, state, organization, country in db.execute(
                "SELECT key, kind, name, state, organization, country FROM actors WHERE rowid > ?", (old[1],)):
            if key not in g:
                self._put_actor(key, kind, name, state, organization, country)
        if mark[4] != old[4]:  # aliases were added (they are only ever added, but for a curation)
            for key, alias in db.execute("SELECT actor_key, alias FROM aliases"):
                if alias not in self._aliases.get(key, ()) and key in self._graph:
                    self._add_aliases(key, (alias,))
        self._touch()
        self._follow_relations(db, old)

    def _follow_relations(self, db: sqlite3.Connection, old: tuple) -> None:
        """_follow_read's relations: the new figures and events of those the articles after the mark added to."""
        reports: dict[int, list[tuple[dt.date, float]]] = {}
        shared: dict[tuple[str, float], tuple[dt.date, float]] = {}
        for rel_id, published, confidence in db.execute(NEW_REPORTS_SQL, (old[0],)):
            report = shared.get((published, confidence))
            if report is None:
                report = shared[(published, confidence)] = (stored_day(published, f"relation {rel_id}: evidence"),
                                                            confidence)
            reports.setdefault(rel_id, []).append(report)
        ids = sorted(reports)
        for start in range(0, len(ids), ID_CHUNK):
            chunk = ids[start:start + ID_CHUNK]
            for rel_id, source, rtype, target, count, first, last, conf in db.execute(
                    "SELECT id, source, type, target, count, first_seen, last_seen, confidence FROM relations"
                    f" WHERE rejected IS NULL AND id IN ({', '.join('?' * len(chunk))})", chunk):
                self._put_edge(source, rtype, target, id=rel_id, count=count, first_seen=parse_date(first),
                               last_seen=parse_date(last), confidence=conf, events=sorted(reports[rel_id]),
                               append=True)

    def _apply_written(self, actors: list[PreparedActor], edges: list[tuple]) -> None:
        """Mirror one committed article: actors new to the projection as written, aliases added, and each
        relation's new figures with its new events appended."""
        g = self._graph
        for a in actors:
            if a.key not in g:
                self._put_actor(*a.row())
            self._add_aliases(a.key, a.names)
        self._touch()  # new aliases: the name index is stale
        for rel_id, source, rtype, target, count, first, last, conf, events in edges:
            self._put_edge(source, rtype, target, id=rel_id, count=count, first_seen=parse_date(first),
                           last_seen=parse_date(last), confidence=conf, events=events, append=True)

    def _load_all(self) -> None:
        """Fill the empty projection from the file: every actor, alias, relation and its events, read in one read
        transaction (another process's commit between two of the reads gave relations whose actors were not
        read: nodes without a name, and a 500 from the next search). The cyclic collector is paused meanwhile:
        the load makes millions of objects and no cyclic garbage, and each full collection would walk the
        projection built so far (a quarter of the load's time at 1M rows)."""
        db = self._db
        begun = not db.in_transaction  # a failed commit of a curation may have left its transaction open
        if begun:
            db.execute("BEGIN")
        try:
            with gc_paused(freeze=True):  # frozen before the collector starts again: else its next young
                self._load_all_read(db)   # collection walked the whole load once (1.8 s at 10M rows)
        finally:
            if begun:
                db.execute("COMMIT")

    def _load_all_read(self, db: sqlite3.Connection) -> None:
        """_load_all's reads, inside its transaction."""
        self._mark = db.execute(MARK_SQL).fetchone()
        self._published = self._mark[0]  # the last article the indexes of each provenance hold (_new_reports)
        self._moved = self._redirects()
        for key, kind, name, state, organization, country in db.execute(
                "SELECT key, kind, name, state, organization, country FROM actors"):
            self._put_actor(key, kind, name, state, organization, country)
        for key, alias in db.execute("SELECT actor_key, alias FROM aliases"):
            self._add_aliases(key, (alias,))
        self._load_relations(db)

    def _load_relations(self, db: sqlite3.Connection) -> None:
        """_load_all_read's relations and their events."""
        events: dict[int, list[tuple[dt.date, float]]] = {}
        # one (day, confidence) tuple for all the reports that share both (tuples are never changed in place):
        # coded events of one day and source are one object, not 120 bytes each
        shared: dict[tuple[str, float], tuple[dt.date, float]] = {}
        for rel_id, published, confidence in db.execute(REPORTS_SQL):
            report = shared.get((published, confidence))
            if report is None:
                report = shared[(published, confidence)] = (stored_day(published, f"relation {rel_id}: evidence"),
                                                            confidence)
            events.setdefault(rel_id, []).append(report)
        for rel_id, source, rtype, target, count, first, last, conf in db.execute(
                "SELECT id, source, type, target, count, first_seen, last_seen, confidence FROM relations"
                " WHERE rejected IS NULL"):
            self._put_edge(source, rtype, target, id=rel_id, count=count, first_seen=parse_date(first),
                           last_seen=parse_date(last), confidence=conf, events=events.get(rel_id, []))

    # ------------------------------------------------------------------ reading

    @contextmanager
    def _reads(self) -> Iterator[sqlite3.Connection]:
        """A connection of its own for one read, in one read transaction: every statement of the block sees the
        same last commit, and neither waits for the writer nor stops it (WAL). Connections are kept for reuse,
        one per concurrent read. A ``:memory:`` store has its one connection, taken under the lock."""
        if self.path == ":memory:":
            with self._lock:
                yield self._db
            return
        if self._closed:
            raise StoreUnavailable(f"{self.path}: the store is closed")
        try:
            db = self._readers.get_nowait()
        except queue.Empty:
            db = self._connect_reader()
        try:
            db.execute("BEGIN")
        except sqlite3.Error as exc:
            db.close()
            raise StoreUnavailable(f"{self.path}: {exc}") from exc
        try:
            yield db
        finally:
            try:
                db.execute("COMMIT")
            except sqlite3.Error:
                db.close()  # not reused; the read itself has its answer or its own error
            else:
                self._readers.put(db)
                if self._closed:  # closed meanwhile
                    self._close_readers()

    def _connect_reader(self) -> sqlite3.Connection:
        try:
            if self._read_only:
                db = _connect_read_only(self.path, self._timeout)
            else:
                db = sqlite3.connect(self.path, timeout=self._timeout, isolation_level=None, check_same_thread=False)
                db.execute("PRAGMA query_only = ON")
            db.execute(f"PRAGMA cache_size = -{READER_CACHE_KIB}")
        except sqlite3.Error as exc:
            raise StoreUnavailable(f"{self.path}: cannot open a reading connection: {exc}") from exc
        return db

    def _query(self, sql: str, params: Iterable = (), db: sqlite3.Connection | None = None) -> list[tuple]:
        """The rows of one statement: on ``db`` (a connection of _reads, inside its transaction) or on one of
        its own."""
        return list(self._rows(sql, params, db))

    def _rows(self, sql: str, params: Iterable = (), db: sqlite3.Connection | None = None) -> Iterator[tuple]:
        """_query's rows one at a time as SQLite steps to them, for results too large to hold as one list."""
        if db is None:
            with self._reads() as own:
                yield from self._rows(sql, params, own)
            return
        try:
            yield from db.execute(sql, tuple(params))
        except sqlite3.Error as exc:
            raise StoreUnavailable(f"{self.path}: {exc}") from exc

    def _stored_relations(self, flt: RelationFilter, limit: int, offset: int, evidence_limit: int) -> Page:
        where: list[str] = ["r.confidence >= ?"]
        params: list[object] = [flt.min_confidence]
        if not flt.include_rejected:
            where.append("r.rejected IS NULL")
        if flt.source and flt.target and flt.source != flt.target:
            # one pair (a path step's evidence): each way round is a search of the (source, type, target) index,
            # where the form below scans every relation of the type
            where.append(f"((r.source = ? AND r.target = ?) OR (r.source = ? AND r.target = ? AND r.type IN {SYMMETRIC_SQL}))")
            params += [flt.source, flt.target, flt.target, flt.source]
        else:
            # a symmetric relation has no direction: either end matches; when the types asked are none of them,
            # the end alone, which lets SQLite search the (source, type, target) index instead of every relation
            # of the type (/relations?source=USA&type=ACCUSES, 1M rows: 351 ms -> 2 ms)
            symmetric = flt.types is None or not flt.types.isdisjoint(SYMMETRIC_TYPES)
            for column, other, value in (("r.source", "r.target", flt.source), ("r.target", "r.source", flt.target)):
                if value and symmetric:
                    where.append(f"({column} = ? OR ({other} = ? AND r.type IN {SYMMETRIC_SQL}))")
                    params += [value, value]
                elif value:
                    where.append(f"{column} = ?")
                    params.append(value)
        if flt.actor:
            where.append("(r.source = ? OR r.target = ?)")
            params += [flt.actor, flt.actor]
        if flt.types:
            where.append(f"r.type IN ({','.join('?' * len(flt.types))})")
            params += sorted(t.value for t in flt.types)
        if flt.article:  # the relations of one article (its page): by the evidence's article index, not a scan
            where.append("r.id IN (SELECT relation_id FROM evidence WHERE article_id = ?)")
            params.append(flt.article)
        ev_where, ev_params = self._evidence_where(flt)
        if ev_where:
            where.append(f"EXISTS (SELECT 1 FROM evidence e WHERE e.relation_id = r.id AND {ev_where})")
            params += ev_params
        clause = " AND ".join(where)
        records = []
        with self._reads() as db:  # the total, the page and its evidence from one commit
            total = self._query(f"SELECT count(*) FROM relations r WHERE {clause}", params, db)[0][0]
            rows = self._query(
                f"SELECT r.id, r.source, r.type, r.target, r.count, r.first_seen, r.last_seen, r.confidence, r.rejected"
                f" FROM relations r WHERE {clause} ORDER BY r.last_seen DESC, {TIES_SQL} LIMIT ? OFFSET ?",
                [*params, limit, offset], db)
            for rel_id, source, rtype, target, count, first, last, conf, rejected in rows:
                evidence = self._evidence(db, rel_id, flt, evidence_limit) if evidence_limit > 0 else []
                records.append(RelationRecord(source, RelationType(rtype), target, count, parse_date(first),
                                              parse_date(last), conf, evidence, rejected=rejected is not None))
        return Page(items=records, total=total, offset=offset, limit=limit)

    @staticmethod
    def _evidence_where(flt: RelationFilter) -> tuple[str, list]:
        where, params = [], []
        if flt.since:
            where.append("e.published >= ?")
            params.append(flt.since.isoformat())
        if flt.until:
            where.append("e.published <= ?")
            params.append(flt.until.isoformat())
        if flt.article:
            where.append("e.article_id = ?")
            params.append(flt.article)
        if flt.provenance:
            where.append("e.provenance = ?")
            params.append(flt.provenance)
        return " AND ".join(where), params

    def _evidence(self, db: sqlite3.Connection, rel_id: int, flt: RelationFilter, limit: int) -> list[Evidence]:
        ev_where, ev_params = self._evidence_where(flt)
        # the page of evidence first, then its articles' URLs: joining first looked up the article of every piece
        # of evidence of the relation before sorting (a busy relation has thousands: a path step through one)
        rows = self._query(
            "SELECT e.article_id, e.sentence, e.confidence, a.url, e.published, e.ingested_at, e.extractor_version,"
            " e.date_source, e.extractor, e.provenance, e.attributes"
            " FROM (SELECT * FROM evidence e WHERE e.relation_id = ?" + (f" AND {ev_where}" if ev_where else "")
            + " ORDER BY e.published DESC, e.article_id LIMIT ?) e JOIN articles a ON a.id = e.article_id"
            " ORDER BY e.published DESC, e.article_id",
            [rel_id, *ev_params, limit], db)
        return [Evidence(article_id=a, sentence=s, confidence=c, url=u, published=parse_date(p),
                         ingested_at=dt.datetime.fromisoformat(i), extractor_version=v, date_source=ds,
                         extractor=ex, provenance=pv, attributes=at)
                for a, s, c, u, p, i, v, ds, ex, pv, at in rows]

    def _new_reports(self, provenances: set[str]) -> dict[str, dict[tuple[str, str, str], list[tuple[dt.date, float]]]]:
        """ProjectedStore._new_reports: the evidence of the articles written since the last publish (every write
        between two full loads adds articles, and the mark says up to which one the projection holds)."""
        since, self._published = self._published, self._mark[0]
        found: dict[str, dict[tuple[str, str, str], list[tuple[dt.date, float]]]] = {}
        if not provenances or since == self._published:
            return found
        sql = NEW_PROVENANCE_REPORTS_SQL.format(", ".join("?" * len(provenances)))
        for source, rtype, target, provenance, published, confidence in self._db.execute(
                sql, (since, self._published, *sorted(provenances))):
            day = stored_day(published, f"relation {relation_id(source, rtype, target)}: evidence")
            found.setdefault(provenance, {}).setdefault((source, rtype, target), []).append((day, confidence))
        return found

    def _provenance_reports(self, provenance: str) -> dict[tuple[str, str, str], tuple[tuple[dt.date, float], ...]]:
        """Read row by row, not fetched whole: the 806k GDELT reports of the 1M bench file took 307 MiB as one
        list, and the server's RSS kept most of it after the 69 MiB of reports were built (bench/README.md)."""
        found: dict[tuple[str, str, str], list[tuple[dt.date, float]]] = {}
        shared: dict[tuple[str, float], tuple[dt.date, float]] = {}  # one tuple per day and confidence, as _load_all
        names: dict[str, str] = {}  # one string object per actor key and type, not three new ones per relation
        for source, rtype, target, published, confidence in self._rows(
                PROVENANCE_REPORTS_SQL["text" if provenance == "text" else "coded"], (provenance,)):
            report = shared.get((published, confidence))
            if report is None:
                report = shared[(published, confidence)] = (
                    stored_day(published, f"relation {relation_id(source, rtype, target)}: evidence"), confidence)
            key = (names.setdefault(source, source), names.setdefault(rtype, rtype), names.setdefault(target, target))
            found.setdefault(key, []).append(report)
        return {key: tuple(sorted(events)) for key, events in found.items()}  # tuples: see ProjectedStore._put_edge

    def get_article(self, article_id: str) -> Article:
        rows = self._query("SELECT id, text, url, title, published, source, date_source FROM articles WHERE id = ?",
                           [article_id])
        if not rows:
            raise NotFound(f"no article with id {article_id!r}")
        return _article(rows[0])

    def list_articles(self, limit: int = 50, offset: int = 0) -> Page:
        with self._reads() as db:
            total = self._query("SELECT count(*) FROM articles", (), db)[0][0]
            rows = self._query("SELECT id, text, url, title, published, source, date_source FROM articles"
                               " ORDER BY published DESC, id LIMIT ? OFFSET ?", [limit, offset], db)
        return Page(items=[_article(r) for r in rows], total=total, offset=offset, limit=limit)

    def stats(self) -> Stats:
        """The counts, from the last ones a read worked out plus what was written since, when that was new
        articles only (their evidence, new relations: what ingest and import write); else (a curation since: the
        audit log shows it) counted again. Counting every row took 610 ms at 10M evidence rows."""
        with self._reads() as db:
            mark = db.execute(MARK_SQL).fetchone()
            last = self._counted
            if last is not None and _only_added(last[0], mark):
                at, before = last
                articles = before.articles + self._query(
                    "SELECT count(*) FROM articles WHERE rowid > ?", (at[0],), db)[0][0]
                evidence = before.evidence + self._query(
                    "SELECT count(*) FROM articles a CROSS JOIN evidence e ON e.article_id = a.id WHERE a.rowid > ?",
                    (at[0],), db)[0][0]
                relations = dict(Counter(before.relations) + Counter(dict(self._query(
                    "SELECT type, count(*) FROM relations WHERE id > ? GROUP BY type", (at[5],), db))))
            else:
                articles = self._query("SELECT count(*) FROM articles", (), db)[0][0]
                relations = dict(self._query("SELECT type, count(*) FROM relations GROUP BY type", (), db))
                evidence = self._query("SELECT count(*) FROM evidence", (), db)[0][0]
            actors = dict(self._query("SELECT kind, count(*) FROM actors GROUP BY kind", (), db))
        stats = Stats(articles=articles, actors=actors, relations=relations, evidence=evidence)
        self._counted = (mark, stats)
        return stats

    def ping(self) -> None:
        self._query("SELECT 1")

    def integrity_check(self) -> str:
        return self._query("PRAGMA integrity_check")[0][0]

    def close(self) -> None:
        with self._lock:
            self._closed = True
            self._db.close()
            self._close_readers()

    def _close_readers(self) -> None:
        while True:
            try:
                self._readers.get_nowait().close()
            except queue.Empty:
                return



def _article(row: tuple) -> Article:
    aid, text, url, title, published, source, date_source = row
    return Article(id=aid, text=text, url=url, title=title, published=parse_date(published), source=source,
                   date_source=date_source)
