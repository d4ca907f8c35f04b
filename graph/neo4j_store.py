"""The Neo4j store: the same graph as the embedded store, in Neo4j (or any Bolt + openCypher server).

The model, as analysts see it in Neo4j Browser:

- actors are ``(:Actor:State)``, ``(:Actor:Officer)``, ``(:Actor:Ministry)``, ``(:Actor:Organization)`` with
  ``key`` (unique), ``kind``, ``name``, ``aliases``, ``state``, ``organization``, ``country``;
- a relation is one typed relationship between two actors (``ACCUSES``, ``ARMS``, ... as in ONTOLOGY.md)
  with ``key`` (``source|TYPE|target``), ``count``, ``first_seen``, ``last_seen`` and ``confidence``;
- each piece of evidence is an ``(:Evidence {relation, sentence, confidence, published, ...})`` node
  linked ``-[:IN_ARTICLE]->`` to its ``(:Article {id, url, title, published, text})``; the evidence of an
  edge ``r`` is ``MATCH (e:Evidence {relation: r.key})-[:IN_ARTICLE]->(a:Article)``
  (``cypher/browser/evidence_of_edge.cypher``).

Dates are ISO strings (``"2024-01-15"``), which sort and compare as dates and which every Bolt server
stores alike. Every statement is a file of ``cypher/``; data statements keep to the openCypher subset that
Neo4j, FalkorDB and Memgraph share, and Neo4j-only DDL (uniqueness constraints) runs only on Neo4j.

Each article is one write transaction (the driver retries it on transient errors; it checks again
inside that the article is new, so a retry never stores evidence twice). Actors, search, relations (also
under a provenance filter), neighbours, paths, a dyad's tension, the ranking of dyads, alliances and
subgraphs (also under a provenance filter) are answered by Cypher in the database, so a process that only asks
them holds no copy of the graph; exports read it a page at a time (graph.dump). The write path (ingest, import,
curation) holds the actors' names and the redirects of merged actors, to match new actors against (read again
when another process wrote: a write counter on a ``(:TensionGraph)`` node tells), never the relations or
evidence. Only ``store.reading()`` and ``store.projection()``, which no route or command of the service calls
(they are for analysis code and tests that want the networkx graph), build the in-memory projection of the
embedded store, on first use, rebuilt when another process wrote and updated in place after this process's own
writes. A server that cannot be reached, or that refuses the credentials, gives ``StoreUnavailable`` on each
call, and the store recovers by itself when the server is back.
"""

from __future__ import annotations

import datetime as dt
import json
import threading
from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import Any

import neo4j
import networkx as nx
from neo4j import GraphDatabase
from neo4j.exceptions import DriverError, Neo4jError, ServiceUnavailable, SessionExpired

import cypher
from graph import alliances, resolve
from graph.alliances import Ally, BlocMethod, Triad
from graph.budget import UNLIMITED, Budget
from graph.curation import AuditEntry
from graph.errors import InvalidInput, LimitExceeded, NotFound, StoreUnavailable
from graph.identity import text_fingerprint
from graph.model import (
    SYMMETRIC_TYPES,
    Actor,
    ActorKind,
    Article,
    Evidence,
    Extraction,
    IngestResult,
    RelationRecord,
    RelationType,
    Stats,
    check_provenance,
    figures,
    iso,
    parse_date,
    parse_relation_id,
    reports,
    stored_day,
)
from graph.neo4j_curation import Neo4jCurationTx
from graph.neo4j_curation import audit_entry as neo4j_audit_entry
from graph.paths import PathStep, step_rank
from graph.prepare import evidence_row, prepare, relation_row
from graph.projected import ProjectedStore
from graph.snapshot import MultiDiGraph
from graph.store import ActorQuery, Direction, Page, RelationFilter
from graph.tension import HOSTILE, WEIGHT, Bucket, Point, Tension, check_window, score_and_series

UNREACHABLE = (ServiceUnavailable, SessionExpired, DriverError, OSError)
FAILED = (*UNREACHABLE, Neo4jError)  # in neo4j 6 a Neo4jError (AuthError, ClientError, ...) is no DriverError


def _security(exc: Exception) -> bool:
    return isinstance(exc, Neo4jError) and (exc.code or "").startswith("Neo.ClientError.Security")




class Neo4jStore(ProjectedStore):
    """GraphStore over a Neo4j database (``database`` is the graph's name on FalkorDB)."""

    def __init__(self, uri: str, user: str = "neo4j", password: str = "", database: str = "neo4j", *,
                 timeout: float = 10.0) -> None:
        self.uri, self.database = uri, database
        self._lock = threading.RLock()
        self._reset_projection()
        self._version: int | None = None  # the write counter the projection is current with (None: not built)
        self._names_version: int | None = None  # ... that the names and redirects of the write path are current with
        self._schema_ready = False
        self._escape_strings = False  # set for FalkorDB, see _escape
        try:
            self._driver = GraphDatabase.driver(uri, auth=(user, password), connection_timeout=timeout,
                                                max_transaction_retry_time=timeout, connection_acquisition_timeout=timeout)
        except (ValueError, DriverError) as exc:
            raise StoreUnavailable(f"cannot use the Neo4j URI {uri!r}: {exc}") from exc

    # ------------------------------------------------------------------ plumbing

    def _where(self) -> str:
        return f"Neo4j at {self.uri} (database {self.database!r})"

    def _unavailable(self, exc: Exception, doing: str = "") -> StoreUnavailable:
        """The StoreUnavailable (503) for a driver or server error, naming the server and what failed."""
        where = f"{self._where()}{': ' + doing if doing else ''}"
        if _security(exc):
            return StoreUnavailable(f"{where}: the server refused the credentials (NEO4J_USER, NEO4J_PASSWORD): "
                                    f"{getattr(exc, 'message', exc)}")
        if isinstance(exc, Neo4jError):
            return StoreUnavailable(f"{where}: the server answered {exc.code}: {exc.message}")
        return StoreUnavailable(f"{where} cannot be reached: {exc}" if not doing else f"{where} failed: {exc}")

    def _read(self, name: str, **params: Any) -> list[dict]:
        return self._read_paths(name, None, params)

    def _read_paths(self, name: str, hops: int | None, params: dict[str, Any]) -> list[dict]:
        """_read of a statement with a path length to fill in (``__HOPS__``)."""
        self._ready()
        try:
            query = self._statement(name, hops=hops)
            records, _, _ = self._driver.execute_query(query, self._params(params, query, name), database_=self.database,
                                                       routing_=neo4j.RoutingControl.READ)
        except FAILED as exc:
            raise self._unavailable(exc) from exc
        return [r.data() for r in records]

    def _ready(self) -> None:
        """Create constraints (Neo4j) or indexes (other Bolt servers) once the server is reachable."""
        if self._schema_ready:
            return
        with self._lock:
            if self._schema_ready:
                return
            try:
                with self._driver.session(database=self.database) as session:
                    try:
                        is_neo4j = any("neo4j" in str(r["name"]).lower()
                                       for r in session.run(cypher.statement("neo4j_detect")))
                    except Neo4jError as exc:
                        if _security(exc):
                            raise
                        is_neo4j = False
                    prefix = "ddl_" if is_neo4j else "index_"
                    self._escape_strings = not is_neo4j
                    for name in cypher.names():
                        if name.startswith(prefix):
                            try:  # in a transaction: FalkorDB 4.16 runs an auto-commit statement on another graph
                                session.execute_write(_consume, cypher.statement(name))
                            except Neo4jError as exc:
                                if is_neo4j or _security(exc):
                                    raise
                                # other servers refuse an index that exists already: that is fine
                    self._recount_old_graph(session)
            except FAILED as exc:
                raise self._unavailable(exc, "opening the graph") from exc
            self._schema_ready = True

    def _recount_old_graph(self, session) -> None:
        """A graph written before the honest counts (a relation's count, confidence and the tension built on
        them were per sentence, so an article repeating a fact counted two or three times) is recounted as
        independent reports, once: the first time this tensiongraph opens it. The (:TensionGraph) node's
        ``counts`` mark says it is done; graphs begun by this tensiongraph carry it from their first write."""
        # in transactions: FalkorDB runs auto-commit statements (session.run) on another graph than the one
        # its transactions and the rest of the store use
        rows = session.execute_read(lambda tx: [r["counts"] for r in tx.run(self._statement("counts_read"))])
        if not rows or rows[0] == "reports":
            return

        def work(tx) -> None:
            tx.run(self._statement("counts_recount")).consume()
            tx.run(self._statement("counts_mark")).consume()

        session.execute_write(work)
        self._version = None  # the projection is rebuilt on the next read

    def _params(self, params: dict, query: str = "", name: str = "statement") -> dict:
        """Parameters as this server needs them. FalkorDB (any server but Neo4j): strings escaped (see
        _escape), and a statement refused before it is sent when a string holds a NUL (FalkorDB cuts strings
        there, so two ids could collide) or when the statement with its parameters is too long for it."""
        if not self._escape_strings:
            return params
        escaped = {k: _escape(v) for k, v in params.items()}
        if _has_nul(params):
            raise InvalidInput(f"a value holds a NUL character, which {self._where()} (not Neo4j) cannot store "
                               "without cutting the string there; refused")
        if query and _size(query, escaped) > LIMITED_STATEMENT_BYTES:
            raise InvalidInput(f"{name}: a statement of {_size(query, escaped)} bytes with its values is over the "
                               f"{LIMITED_STATEMENT_BYTES} bytes {self._where()} (not Neo4j) can take; refused")
        return escaped

    def _run(self, tx, name: str, *, label: ActorKind | None = None, type: RelationType | None = None, **params: Any):
        query = self._statement(name, label=label, type=type)
        return tx.run(query, self._params(params, query, name))

    def _statement(self, name: str, **fill: Any) -> str:
        query = cypher.statement(name, **fill)
        if self._escape_strings:  # comments count against FalkorDB's statement size
            query = "\n".join(line for line in query.splitlines() if not line.lstrip().startswith("//"))
        return query

    def _run_rows(self, tx, name: str, key: str, rows: list[dict], **fixed: Any) -> list:
        """``name`` over ``rows`` (its UNWIND list ``key``): in one go on Neo4j; on a server with a statement
        size limit, in as many parts as it takes. The records of every part."""
        query = self._statement(name, label=fixed.get("label"), type=fixed.get("type"))
        parts = [rows]
        if self._escape_strings:
            values = {k: _escape(v) for k, v in fixed.items() if k not in ("label", "type")}
            parts = []
            part: list[dict] = []
            for row in rows:
                if part and _size(query, {**values, key: _escape(part + [row])}) > LIMITED_STATEMENT_BYTES:
                    parts.append(part)
                    part = []
                part.append(row)
            parts.append(part)
        records: list = []
        for chunk in parts:
            records += list(self._run(tx, name, **{**fixed, key: chunk}))
        return records

    def _undo_leftover(self, tx, article_id: str) -> None:
        """On a server without transactions, what an earlier write of this article did before it failed
        (a restart, a dropped connection) is removed and the figures of the relations it touched are
        recomputed from their evidence, so that this write stores the article whole."""
        row = self._run(tx, "article_leftover", id=article_id).single()
        if row is None:
            return
        self._run(tx, "article_discard", id=article_id).consume()
        keys = [k for k in row["keys"] if k]
        if keys:
            self._run_rows(tx, "relations_recount", "keys", keys)
        self._version = self._names_version = None  # read again on their next use

    def _create_article(self, tx, article: Article, **values: Any) -> None:
        """The article node; on a size-limited server a long text follows in pieces that fit."""
        text = article.text
        params = dict(id=article.id, url=article.url, title=article.title, published=iso(article.published),
                      source=article.source, text=text, **values)
        query = self._statement("article_create")
        if not self._escape_strings or _size(query, {k: _escape(v) for k, v in params.items()}) <= LIMITED_STATEMENT_BYTES:
            self._run(tx, "article_create", **params).consume()
            return
        self._run(tx, "article_create", **{**params, "text": ""}).consume()
        append = self._statement("article_append_text")
        while text:
            n = min(len(text), LIMITED_STATEMENT_BYTES)
            while _size(append, {"id": _escape(article.id), "chunk": _escape(text[:n])}) > LIMITED_STATEMENT_BYTES:
                n = max(1, n * 3 // 4)
            self._run(tx, "article_append_text", id=article.id, chunk=text[:n]).consume()
            text = text[n:]

    # ------------------------------------------------------------------ writing

    def upsert(self, extraction: Extraction) -> IngestResult:
        extraction.validate()
        article = extraction.article
        now = dt.datetime.now(dt.UTC).replace(microsecond=0)
        fingerprint = text_fingerprint(article.text)
        with self._lock:
            self._refresh_names()
            rename = self._renames(extraction.actors)
            namesakes = self._stateless_namesakes(extraction.actors, rename)
            redirected = self._redirected(extraction.actors, rename)
            prepared = prepare(extraction, rename, now)
            actors: dict[str, dict[str, Any]] = {key: {"key": key, "kind": a.kind, "name": a.name, "state": a.state,
                            "organization": a.organization, "country": a.country, "aliases": sorted(a.names)}
                      for key, a in prepared.actors.items()}
            rels = {r.key: relation_row(r.source, r.type, r.target, count=r.count, miss=r.miss,
                                        first_seen=iso(r.first_seen), last_seen=iso(r.last_seen))
                    for r in prepared.relations.values()}
            evidence = [evidence_row(r.key, r.source, r.type, r.target, p.evidence, published=p.day,
                                     date_source=p.date_source, ingested_at=iso(now),
                                     extractor_version=extraction.extractor_version)
                        for r in prepared.relations.values() for p in r.evidence.values()]
            events = {r.key: r.found for r in prepared.relations.values()}  # for the projection

            def work(tx) -> tuple[IngestResult, list[dict], int | None]:
                limited = self._escape_strings  # no transactions: a failed write leaves what it did
                if limited:
                    self._undo_leftover(tx, article.id)
                found = self._run(tx, "article_find", id=article.id, fingerprint=fingerprint).single()
                if found and found["id"]:
                    return IngestResult(article.id, stored=False, duplicate_of=found["id"]), [], None
                self._create_article(tx, article, fingerprint=fingerprint, ingested_at=iso(now), complete=not limited,
                                     date_source=prepared.dated_by, extractor_version=extraction.extractor_version,
                                     redirected=redirected)
                result = IngestResult(article.id, stored=True, keys=prepared.keys)
                known = {r["key"] for r in self._run(tx, "actors_existing", keys=list(actors))}
                result.new_actors = len(set(actors) - known)
                by_kind: dict[str, list[dict]] = defaultdict(list)
                for row in actors.values():
                    by_kind[row["kind"]].append(row)
                for kind, rows in by_kind.items():
                    self._run_rows(tx, "actors_merge", "actors", rows, label=ActorKind(kind))
                # evidence before the relations' figures: a leftover's evidence names every relation it touched
                self._run_rows(tx, "evidence_create", "evidence", evidence, article_id=article.id)
                result.new_evidence = len(evidence)
                by_type: dict[str, list[dict]] = defaultdict(list)
                for row in rels.values():
                    by_type[row["type"]].append(row)
                figures = []
                for rtype, rows in by_type.items():
                    figures += [r.data() for r in self._run_rows(tx, "relations_merge", "rels", rows,
                                                                  type=RelationType(rtype))]
                result.new_relations = sum(1 for f in figures if f["created"])
                version = self._run(tx, "version_bump").single()["version"]
                if limited:
                    self._run(tx, "article_complete", id=article.id).consume()
                return result, figures, version

            self._ready()
            try:
                with self._driver.session(database=self.database) as session:
                    result, figures, version = session.execute_write(work)
            except FAILED as exc:
                raise self._unavailable(exc, f"storing article {article.id!r}") from exc
            if version is not None:
                self._after_write(version, actors, rels, figures, events)
                self._learn_states(article.id, namesakes)
            return result

    def _after_write(self, version: int, actors: dict[str, dict], rels: dict[str, dict], figures: list[dict],
                     events: dict[str, list[tuple[dt.date, float]]]) -> None:
        """Mirror this process's own write in what it holds: the names of the write path, and the projection when
        it is built. When another process wrote too (the counter moved by more than this write), both are read
        again on their next use, not now: a process that only writes never builds the projection."""
        if self._names_version is None or version != self._names_version + 1:
            self._version = self._names_version = None
            return
        for key, row in actors.items():
            self._known.add(key, row["kind"], row["state"] or row["organization"], [row["name"], *row["aliases"]])
        self._names_version = version
        if self._version is None or version != self._version + 1:
            self._version = None
            return
        for key, row in actors.items():
            if key in self._graph:
                self._add_aliases(key, row["aliases"])
            else:
                self._put_actor(key, row["kind"], row["name"], row["state"], row["organization"], row["country"],
                                row["aliases"])
        self._touch()  # new aliases too
        for f in figures:
            rel = rels[f["key"]]
            if f["rejected"] is not None:  # gathers evidence for the audit, never for answers
                continue
            self._put_edge(rel["source"], rel["type"], rel["target"], id=f["key"], count=f["count"],
                           first_seen=parse_date(f["first_seen"]), last_seen=parse_date(f["last_seen"]),
                           confidence=f["confidence"], events=events[f["key"]], append=True)
        self._version = version

    # ------------------------------------------------------------------ curation

    def curate(self, step: Callable[..., int], *args: Any) -> AuditEntry:
        """Run one step of graph.curation in one write transaction; its audit entry. The projection and the names
        of the write path are read again on their next use."""

        def work(tx) -> AuditEntry | None:
            ctx = Neo4jCurationTx(self, tx)
            audit_id = step(ctx, *args)
            self._run(tx, "version_bump").consume()
            return ctx.audit_entry(audit_id)

        self._ready()
        with self._lock:
            try:
                with self._driver.session(database=self.database) as session:
                    entry = session.execute_write(work)
            except FAILED as exc:  # unreachable, or a refusal (credentials changed since the graph was opened)
                raise self._unavailable(exc, step.__name__.replace("_", " ")) from exc
            finally:
                self._version = self._names_version = None
        assert entry is not None
        return entry

    def audit_log(self, limit: int = 50, offset: int = 0) -> Page:
        total = self._read("audit_count")[0]["total"]
        items = [neo4j_audit_entry(r) for r in self._read("audit_page", offset=offset, limit=limit)]
        return Page(items=items, total=total, offset=offset, limit=limit)

    # ------------------------------------------------------------------ projection

    def _refresh_names(self) -> None:
        """Bring the write path's names up to date with the store's write counter: every actor's names, indexed
        for matching (graph.resolve.KnownNames, read a batch at a time by cypher/actors_known), and the
        redirects of merged actors. Neither relations nor evidence are read; a current projection holds both
        already (call with the lock held)."""
        rows = self._read("version_read")
        version = rows[0]["version"] if rows else 0
        if version in (self._names_version, self._version):
            self._names_version = version
            return
        self._known = resolve.KnownNames()
        after = ""
        while batch := self._read("actors_known", after=after, limit=SEARCH_BATCH):
            for a in batch:
                self._known.add(a["key"], a["kind"], a["state"] or a["organization"], [a["name"], *(a["aliases"] or ())])
            after = batch[-1]["key"]
        self._moved = {r["old_key"]: r["new_key"] for r in self._read("redirects", new=None)}
        self._names_version = version

    def _refresh(self, force: bool = False) -> None:
        with self._lock:
            rows = self._read("version_read")
            version = rows[0]["version"] if rows else 0
            if not force and version == self._version:
                return
            self._reset_projection()
            for a in self._read("projection_actors"):
                self._put_actor(a["key"], a["kind"], a["name"], a["state"], a["organization"], a["country"],
                                a["aliases"] or ())
            self._moved = {r["old_key"]: r["new_key"] for r in self._read("redirects", new=None)}
            events = self._events(None)
            for r in self._read("projection_relations"):
                self._put_edge(r["source"], r["type"], r["target"], id=r["key"], count=r["count"],
                               first_seen=parse_date(r["first_seen"]), last_seen=parse_date(r["last_seen"]),
                               confidence=r["confidence"], events=events.get(r["key"], []))
            self._version = self._names_version = version

    # ------------------------------------------------------------------ reading

    def _stored_relations(self, flt: RelationFilter, limit: int, offset: int, evidence_limit: int) -> Page:
        """GraphStore.relations without a provenance filter: the count and one page from the database
        (cypher/relations_count, relations_page; with a window or an article, of the relations with evidence in
        it, looked up in the same statements), then the page's evidence."""
        window = _window(flt)
        params = {"source": flt.source, "target": flt.target, "actor": flt.actor,
                  "types": sorted(t.value for t in flt.types) if flt.types else None,
                  "min_confidence": float(flt.min_confidence), "rejected": flt.include_rejected,
                  "symmetric": sorted(t.value for t in SYMMETRIC_TYPES), "windowed": any(window.values()), **window}
        total = self._read("relations_count", **params)[0]["total"]
        rows = self._read("relations_page", **params, offset=offset, limit=limit)
        evidence = self._evidence([r["key"] for r in rows], window, evidence_limit)
        items = [RelationRecord(r["source"], RelationType(r["type"]), r["target"], r["count"], parse_date(r["first_seen"]),
                                parse_date(r["last_seen"]), r["confidence"], evidence.get(r["key"], []),
                                rejected=r["rejected"] is not None) for r in rows]
        return Page(items=items, total=total, offset=offset, limit=limit)

    def _relations_of_provenance(self, flt: RelationFilter, limit: int, offset: int, evidence_limit: int) -> Page:
        """GraphStore.relations under a provenance filter: the figures of that provenance's reports are worked out
        in the database (cypher/relations_provenance), which sends back one page; then the page's evidence."""
        window = _window(flt)
        params = {"source": flt.source, "target": flt.target, "actor": flt.actor,
                  "types": sorted(t.value for t in flt.types) if flt.types else None,
                  "min_confidence": float(flt.min_confidence), "rejected": flt.include_rejected,
                  "symmetric": sorted(t.value for t in SYMMETRIC_TYPES), **window}
        row = self._read("relations_provenance", **params, offset=offset, limit=limit)[0]
        evidence = self._evidence([r["key"] for r in row["page"]], window, evidence_limit)
        items = [RelationRecord(r["source"], RelationType(r["type"]), r["target"], r["count"],
                                parse_date(r["first_seen"]), parse_date(r["last_seen"]), r["confidence"],
                                evidence.get(r["key"], []), rejected=r["rejected"] is not None) for r in row["page"]]
        return Page(items=items, total=row["total"], offset=offset, limit=limit)

    def _evidence(self, keys: list[str], window: dict[str, str | None], limit: int) -> dict[str, list[Evidence]]:
        """The evidence of the relations ``keys`` in the window (see _window), newest first, at most ``limit`` of
        each: one read (cypher/evidence_of_relations), a few keys at a time on a size-limited server."""
        found: dict[str, list[Evidence]] = defaultdict(list)
        if not keys or limit <= 0:
            return found
        for e in self._read_keys("evidence_of_relations", keys, **window):
            if len(found[e["key"]]) < limit:
                found[e["key"]].append(Evidence(
                    article_id=e["article_id"], sentence=e["sentence"], confidence=e["confidence"], url=e["url"],
                    published=parse_date(e["published"]), extractor_version=e["extractor_version"],
                    ingested_at=dt.datetime.fromisoformat(e["ingested_at"]) if e["ingested_at"] else None,
                    date_source=e["date_source"], extractor=e["extractor"] or "",
                    provenance=e["provenance"] or "text", attributes=e["attributes"]))
        return found

    def relations(self, flt: RelationFilter, limit: int = 50, offset: int = 0, evidence_limit: int = 20) -> Page:
        if flt.provenance is None:
            return self._stored_relations(flt, limit, offset, evidence_limit)
        return self._relations_of_provenance(flt, limit, offset, evidence_limit)

    def _read_keys(self, name: str, keys: list[str], **params: Any) -> list[dict]:
        """_read of a statement taking a list ``$keys``: on a server with a statement size limit, a few keys at a
        time (the rows of every part)."""
        step = KEYS_AT_A_TIME if self._escape_strings else max(len(keys), 1)
        return [r for i in range(0, len(keys), step) for r in self._read(name, keys=keys[i:i + step], **params)]

    def actors(self, keys: Iterable[str]) -> dict[str, Actor]:
        return {r["key"]: _actor(r) for r in self._read_keys("actor_get", list(dict.fromkeys(keys)))}

    def get_actor(self, key: str) -> Actor:
        found = self.actors([key])
        if key not in found:
            raise NotFound(f"no actor with key {key!r}")
        return found[key]

    def relation_counts(self, key: str) -> tuple[dict[str, int], dict[str, int]]:
        self.get_actor(key)
        out: dict[str, int] = {}
        inc: dict[str, int] = {}
        for r in self._read("actor_relation_counts", key=key):
            (out if r["out"] else inc)[r["type"]] = r["n"]
        return out, inc

    def search_actors(self, query: ActorQuery, limit: int = 50, offset: int = 0) -> Page:
        """Without a name: one page from the database. With one: the names of the kind and state are read a
        batch at a time and ranked as the embedded store ranks them (graph.resolve.NameIndex; a key's score
        depends on its own names only, so ranking batch by batch gives the same order); only the keys that
        match are kept, never every name."""
        kind = query.kind.value if query.kind else None
        if not query.q:
            row = self._read("actors_list", kind=kind, state=query.state, offset=offset, limit=limit)[0]
            found = self.actors(row["page"])
            return Page(items=[found[k] for k in row["page"] if k in found], total=row["total"], offset=offset,
                        limit=limit)
        scored: list[tuple[str, float]] = []
        after = ""
        while True:
            batch = self._read("actors_names", kind=kind, state=query.state, after=after, limit=SEARCH_BATCH)
            if not batch:
                break
            index = resolve.NameIndex({r["key"]: set(r["aliases"] or ()) | {r["name"]} for r in batch})
            scored += index.rank(query.q)
            after = batch[-1]["key"]
        scored.sort(key=lambda kv: (-kv[1], kv[0]))
        keys = [k for k, _ in scored[offset:offset + limit]]
        found = self.actors(keys)
        return Page(items=[found[k] for k in keys if k in found], total=len(scored), offset=offset, limit=limit)

    def neighbours(self, key: str, direction: Direction = "both", types: frozenset[RelationType] | None = None) -> list[str]:
        self.get_actor(key)
        return [r["key"] for r in self._read("neighbours", key=key, direction=direction,
                                             types=sorted(t.value for t in types) if types is not None else None)]

    def redirect(self, key: str) -> str | None:
        rows = self._read("redirect_of", old=key)
        return rows[0]["new_key"] if rows else None

    def tension(self, a: str, b: str, *, since: dt.date | None = None, until: dt.date | None = None,
                as_of: dt.date | None = None, half_life_days: float = 180.0, bucket: Bucket = "month",
                max_points: int = 5000, provenance: str | None = None) -> tuple[Tension, list[Point]]:
        """GraphStore.tension from the dyad's own evidence: its two sides (cypher/dyad_members) and the reports of
        the relations among them (cypher/dyad_evidence) make a small graph that graph.tension scores as it
        scores the projection; the day to decay to, unless given, is the newest evidence's (cypher/evidence_newest)."""
        provenance = check_provenance(provenance)
        g = MultiDiGraph()
        for m in self._read("dyad_members", sides=[a, b]):
            g.add_node(m["key"], kind=m["kind"], state=m["state"], organization=m["organization"])
        found: dict[tuple[str, str, str], list] = defaultdict(list)
        for e in self._read("dyad_evidence", keys=list(g), provenance=provenance):
            found[(e["source"], e["type"], e["target"])].append(
                (e["article_id"], stored_day(e["published"], f"relation {e['key']}: evidence"), e["confidence"],
                 e["provenance"], e["sentence"]))
        for (source, rtype, target), items in found.items():
            g.add_edge(source, target, key=rtype, events=reports(items))
        if as_of is None and until is None:
            newest = self._read("evidence_newest", provenance=provenance)
            as_of = parse_date(newest[0]["newest"]) if newest else None
        return score_and_series(g, a, b, since=since, until=until, as_of=as_of, half_life_days=half_life_days,
                                bucket=bucket, max_points=max_points)

    def rank_dyads(self, *, since: dt.date | None = None, until: dt.date | None = None, as_of: dt.date | None = None,
                   half_life_days: float = 180.0, offset: int = 0, limit: int = 20, actor: str | None = None,
                   hostile_only: bool = True, provenance: str | None = None,
                   budget: Budget = UNLIMITED) -> tuple[list[Tension], int]:
        """GraphStore.rank_dyads, in the database (cypher/tension_top): the decayed sums per pair, the order and
        the page are worked out there and only the page comes back, so this process holds no more than a page
        however large the graph. The day decayed to is graph.tension.reference_date's (the newest evidence of
        the provenance, cypher/evidence_newest, unless as_of or until says)."""
        provenance = check_provenance(provenance)
        check_window(half_life_days, since, until)
        budget.check()
        if actor is not None and not self._read("dyad_members", sides=[actor]):
            raise NotFound(f"no actor with key {actor!r}")
        if as_of is None and until is None:
            newest = self._read("evidence_newest", provenance=provenance)
            as_of = parse_date(newest[0]["newest"]) if newest else None
        as_of = as_of or until or dt.date.today()
        until = as_of if until is None else min(until, as_of)
        row = self._read("tension_top", weighted=sorted(t for t, w in WEIGHT.items() if w),
                         weight={t: w for t, w in WEIGHT.items() if w}, hostile=sorted(HOSTILE),
                         hostile_only=hostile_only, actor=actor, provenance=provenance, since=iso(since),
                         until=iso(until), as_of_day=as_of.toordinal(), half_life=float(half_life_days),
                         offset=offset, limit=limit)[0]
        return [Tension(t["a"], t["b"], t["score"], as_of, t["events"], t["hostility"], t["cooperation"],
                        {k: v for k, v in t["by_type"]}) for t in row["page"]], row["total"]

    def allies(self, key: str, depth: int = 1, min_confidence: float = 0.0) -> list[Ally]:
        """GraphStore.allies: the alliance edges a ring of actors at a time (cypher/alliance_edges), ``depth`` rings
        out from ``key``, which is all graph.alliances.allies walks; memory grows with the answer, not the graph."""
        self.get_actor(key)
        g = MultiDiGraph()
        g.add_node(key)
        seen, ring = {key}, [key]
        for _ in range(depth):
            for r in self._read_keys("alliance_edges", ring, min_confidence=float(min_confidence)):
                g.add_edge(r["source"], r["target"], key=r["type"], confidence=r["confidence"])
            ring = sorted(set(g) - seen)
            seen.update(ring)
            if not ring:
                break
        return alliances.allies(g, key, depth=depth, min_confidence=min_confidence)

    def blocs(self, method: BlocMethod = "components", min_size: int = 2, min_confidence: float = 0.0,
              budget: Budget = UNLIMITED) -> list[list[str]]:
        """GraphStore.blocs from the alliance edges alone (cypher/alliance_edges): every bloc is part of the answer,
        so they are all read, but no other relation."""
        budget.check()
        g = MultiDiGraph()
        for r in self._read("alliance_edges", keys=None, min_confidence=float(min_confidence)):
            g.add_edge(r["source"], r["target"], key=r["type"], confidence=r["confidence"])
        return alliances.blocs(g, method=method, min_size=min_size, min_confidence=min_confidence, budget=budget)

    def common_enemies(self, actor: str | None = None, budget: Budget = UNLIMITED) -> list[Triad]:
        """GraphStore.common_enemies from the relations' types between rolled-up actors (cypher/rolled_up_ties),
        once per pair and type, without their evidence."""
        if actor is not None:
            self.get_actor(actor)
        budget.check()
        rows = self._read("rolled_up_ties")
        return alliances.triads(((r["source"], r["type"], r["target"]) for r in rows), actor, budget)

    def subgraph(self, center: str | None, depth: int = 1, types: frozenset[RelationType] | None = None, *,
                 provenance: str | None = None, budget: Budget = UNLIMITED,
                 max_nodes: int | None = None) -> nx.MultiDiGraph:
        """GraphStore.subgraph in the database: the rings of actors around ``center`` (cypher/subgraph_ring) until
        ``depth`` or until there are more than ``max_nodes`` (then LimitExceeded, before anything else is read),
        then their actors, the relations among them (cypher/subgraph_edges) and those relations' reports
        (cypher/relation_reports). Memory grows with the subgraph, never with the graph."""
        provenance = check_provenance(provenance)
        allowed = sorted(t.value for t in types) if types is not None else None
        if center is None:
            total = sum(r["n"] for r in self._read("stats_actors"))
            if max_nodes is not None and total > max_nodes:
                raise LimitExceeded("graph nodes", max_nodes, total)
            seen = set(self._read("actors_list", kind=None, state=None, offset=0, limit=total)[0]["page"])
        else:
            self.get_actor(center)
            seen, ring = {center}, [center]
            for _ in range(max(depth, 0)):
                budget.check()
                near = {r["key"] for r in self._read_keys("subgraph_ring", ring, types=allowed, provenance=provenance)}
                ring = sorted(near - seen)
                seen.update(ring)
                if max_nodes is not None and len(seen) > max_nodes:
                    raise LimitExceeded("graph nodes", max_nodes)
                if not ring:
                    break
        sub = MultiDiGraph()
        for key, actor in sorted(self.actors(seen).items()):
            sub.add_node(key, kind=actor.kind.value, name=actor.name, state=actor.state,
                         organization=actor.organization, country=actor.country)
        budget.check()
        edges = [r for r in self._read_keys("subgraph_edges", sorted(seen), types=allowed) if r["target"] in seen]
        events: dict[str, list[tuple[dt.date, float]]] = defaultdict(list)
        for r in self._read_keys("relation_reports", [e["key"] for e in edges], provenance=provenance):
            events[r["key"]].append((stored_day(r["day"], f"relation {r['key']}: evidence"), r["confidence"]))
        for e in edges:
            reported = tuple(sorted(events.get(e["key"], ())))  # as the projection keeps them
            shown = {"count": e["count"], "first_seen": parse_date(e["first_seen"]),
                     "last_seen": parse_date(e["last_seen"]), "confidence": e["confidence"]}
            if provenance is not None:
                if not reported:
                    continue
                f = figures(reported)
                shown = {"count": f.count, "first_seen": f.first_seen, "last_seen": f.last_seen,
                         "confidence": f.confidence}
            sub.add_edge(e["source"], e["target"], key=e["type"], type=e["type"], id=e["key"], events=reported, **shown)
        return sub

    def paths(self, source: str, target: str, *, k: int = 3, max_hops: int = 4, types: set[str] | None = None,
              directed: bool = False, provenance: str | None = None, budget: Budget = UNLIMITED) -> list[list[PathStep]]:
        """GraphStore.paths, in Cypher: the paths of one length after another (cypher/paths_of_length, in the
        order graph.paths.ordered_paths gives; under a provenance filter cypher/paths_of_length_provenance, over
        the relations with its evidence), then the relation each step walks (_steps)."""
        provenance = check_provenance(provenance)
        found = self.actors([source, target])
        for key in (source, target):
            if key not in found:
                raise NotFound(f"no actor with key {key!r}")
        if source == target:
            return []
        allowed = sorted(types) if types is not None else None
        name, params = "paths_of_length", {"from": source, "to": target, "types": allowed, "directed": directed,
                                           "symmetric": sorted(t.value for t in SYMMETRIC_TYPES)}
        if provenance is not None:
            name, params["provenance"] = "paths_of_length_provenance", provenance
        walks: list[list[str]] = []
        for length in range(1, min(max_hops, cypher.MAX_HOPS) + 1):
            if len(walks) >= k:
                break
            budget.check()
            walks += [r["keys"] for r in self._read_paths(name, length, {**params, "limit": k - len(walks)})]
        best = self._steps(sorted({(a, b) for walk in walks for a, b in zip(walk, walk[1:], strict=False)}),
                           allowed, directed, provenance)
        return [[best[(a, b)] for a, b in zip(walk, walk[1:], strict=False)] for walk in walks]

    def _steps(self, pairs: list[tuple[str, str]], allowed: list[str] | None, directed: bool,
               provenance: str | None) -> dict[tuple[str, str], PathStep]:
        """The relation each step (from, to) of the paths walks: of the relations between the two actors it may
        walk (cypher/path_steps), the first by graph.paths.step_rank, their confidence that of the
        provenance's reports under a filter (cypher/relation_reports; a relation without them is not walked)."""
        step = KEYS_AT_A_TIME // 2 if self._escape_strings else max(len(pairs), 1)
        rows = [r for i in range(0, len(pairs), step)
                for r in self._read("path_steps", pairs=[list(p) for p in pairs[i:i + step]], types=allowed)]
        if provenance is not None:
            reported: dict[str, list[tuple[dt.date, float]]] = defaultdict(list)
            for r in self._read_keys("relation_reports", sorted({r["key"] for r in rows}), provenance=provenance):
                reported[r["key"]].append((stored_day(r["day"], f"relation {r['key']}: evidence"), r["confidence"]))
            rows = [{**r, "confidence": figures(sorted(reported[r["key"]])).confidence}
                    for r in rows if r["key"] in reported]
        best: dict[tuple[str, str], PathStep] = {}
        for r in rows:
            pair = (r["walked_from"], r["walked_to"])
            forward = r["source"] == pair[0]
            if directed and not forward and RelationType(r["type"]) not in SYMMETRIC_TYPES:
                continue
            found = PathStep(r["source"], r["type"], r["target"], forward, r["confidence"])
            if pair not in best or step_rank(best[pair]) < step_rank(found):
                best[pair] = found
        return best

    def _events(self, provenance: str | None) -> dict[str, list[tuple[dt.date, float]]]:
        """The reports of every relation by its key, from all evidence or that of one provenance."""
        found: dict[str, list] = defaultdict(list)
        for e in self._read("projection_events", provenance=provenance):
            found[e["key"]].append((e["article_id"], stored_day(e["published"], f"relation {e['key']}: evidence"),
                                    e["confidence"], e["provenance"], e["sentence"]))
        return {key: reports(items) for key, items in found.items()}

    def _provenance_reports(self, provenance: str) -> dict[tuple[str, str, str], tuple[tuple[dt.date, float], ...]]:
        out = {}
        for key, events in self._events(provenance).items():
            source, rtype, target = parse_relation_id(key)
            out[(source, rtype.value, target)] = tuple(events)  # sorted by reports(); tuples: see ProjectedStore._put_edge
        return out

    def get_article(self, article_id: str) -> Article:
        rows = self._read("article_get", id=article_id)
        if not rows:
            raise NotFound(f"no article with id {article_id!r}")
        return _article(rows[0])

    def list_articles(self, limit: int = 50, offset: int = 0) -> Page:
        total = self._read("articles_count")[0]["total"]
        rows = self._read("articles_page", offset=offset, limit=limit)
        return Page(items=[_article(r) for r in rows], total=total, offset=offset, limit=limit)

    def stats(self) -> Stats:
        return Stats(articles=self._read("articles_count")[0]["total"],
                     actors={r["kind"]: r["n"] for r in self._read("stats_actors")},
                     relations={r["type"]: r["n"] for r in self._read("stats_relations")},
                     evidence=self._read("stats_evidence")[0]["n"])

    def ping(self) -> None:
        self._read("ping")

    def close(self) -> None:
        self._driver.close()



# FalkorDB 4.16 pastes a statement's parameters into its text and crashes the whole server ("stack smashing
# detected", SIGABRT) once that text passes 4,096 bytes (measured: a 36-byte statement with a 4,060-byte string
# passes, with 4,061 it crashes; every article of ../shared/corpus/dev over ~4 KB of text did it). Statements
# to servers other than Neo4j stay under this, with room for the CYPHER prefix and parameter names.
LIMITED_STATEMENT_BYTES = 3800
SEARCH_BATCH = 5000  # actors' names read at a time by a name search
KEYS_AT_A_TIME = 40  # keys sent in one statement to a server with a statement size limit


def _size(query: str, params: dict) -> int:
    """About how many bytes a statement takes once FalkorDB has pasted its (escaped) parameters in."""
    return len(query.encode()) + len(json.dumps(params, ensure_ascii=False, default=str).encode())


def _has_nul(value: Any) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, list):
        return any(_has_nul(v) for v in value)
    if isinstance(value, dict):
        return any(_has_nul(v) for v in value.values())
    return False


def _escape(value: Any) -> Any:
    """String parameters escaped for FalkorDB 4.16, whose Bolt layer pastes parameters into the query text
    as ``'...'`` literals without escaping them (a name like "Kana'ani" would break the statement, and a
    crafted one could change it). Backslash and single quote are escaped, so the literal FalkorDB parses
    is exactly the original string; Neo4j gets parameters untouched."""
    if isinstance(value, str):
        return value.replace("\\", "\\\\").replace("'", "\\'")
    if isinstance(value, list):
        return [_escape(v) for v in value]
    if isinstance(value, dict):
        return {k: _escape(v) for k, v in value.items()}
    return value


def _consume(tx, query: str) -> None:
    tx.run(query).consume()


def _window(flt: RelationFilter) -> dict[str, str | None]:
    """The filters of a relations read that go by evidence: its window, article and provenance (None: any)."""
    return {"since": iso(flt.since), "until": iso(flt.until), "article": flt.article, "provenance": flt.provenance}


def _actor(row: dict) -> Actor:
    return Actor(key=row["key"], kind=ActorKind(row["kind"]), name=row["name"],
                 aliases=sorted(set(row["aliases"] or ()) - {row["name"]}), state=row["state"],
                 organization=row["organization"], country=row["country"])


def _article(row: dict) -> Article:
    return Article(id=row["id"], text=row["text"], url=row["url"], title=row["title"],
                   published=parse_date(row["published"]), source=row["source"],
                   date_source=row["date_source"] or ("published" if row["published"] else "ingested"))
