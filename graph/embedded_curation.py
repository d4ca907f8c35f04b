"""The steps of curation (graph/curation.py) on the embedded store's SQLite file, inside its transaction."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3

from graph.curation import AuditEntry, Triple, detail_json
from graph.errors import NotFound
from graph.model import figures, iso, relation_id, reports, stored_day

EVIDENCE_COLUMNS = ("article_id", "sentence", "confidence", "published", "ingested_at", "extractor_version",
                    "date_source", "extractor", "provenance", "attributes")
_SELECT = ("SELECT r.source, r.type, r.target, " + ", ".join(f"e.{c}" for c in EVIDENCE_COLUMNS)
           + " FROM evidence e JOIN relations r ON r.id = e.relation_id")


class SqliteCurationTx:
    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db

    def _rows(self, sql: str, params: tuple) -> list[dict]:
        names = ("source", "type", "target", *EVIDENCE_COLUMNS)
        return [dict(zip(names, row, strict=True)) for row in self.db.execute(sql, params)]

    def evidence(self, *, article=None, actor=None, relation=None) -> list[dict]:
        if article is not None:
            return self._rows(_SELECT + " WHERE e.article_id = ?", (article,))
        if actor is not None:
            return self._rows(_SELECT + " WHERE r.source = ? OR r.target = ?", (actor, actor))
        return self._rows(_SELECT + " WHERE r.source = ? AND r.type = ? AND r.target = ?", tuple(relation))

    def _relation_id(self, triple: Triple) -> int | None:
        row = self.db.execute("SELECT id FROM relations WHERE source = ? AND type = ? AND target = ?",
                              triple).fetchone()
        return row[0] if row else None

    def delete_evidence(self, rows: list[dict]) -> None:
        for row in rows:
            rel_id = self._relation_id((row["source"], row["type"], row["target"]))
            self.db.execute("DELETE FROM evidence WHERE relation_id = ? AND article_id = ? AND sentence = ?",
                            (rel_id, row["article_id"], row["sentence"]))

    def insert_evidence(self, rows: list[dict]) -> None:
        for row in rows:
            triple = (row["source"], row["type"], row["target"])
            self.db.execute("INSERT OR IGNORE INTO relations (source, type, target) VALUES (?, ?, ?)", triple)
            self.db.execute(
                f"INSERT OR IGNORE INTO evidence (relation_id, {', '.join(EVIDENCE_COLUMNS)})"
                f" VALUES (?, {', '.join('?' * len(EVIDENCE_COLUMNS))})",
                (self._relation_id(triple), *(row[c] for c in EVIDENCE_COLUMNS)))

    def redirected(self) -> dict[str, dict]:
        return {aid: json.loads(text) for aid, text in
                self.db.execute("SELECT id, redirected FROM articles WHERE redirected IS NOT NULL")}

    def recompute(self, triples: set[Triple]) -> None:
        for triple in triples:
            rel_id = self._relation_id(triple)
            if rel_id is None:
                continue
            rows = self.db.execute("SELECT article_id, published, confidence, provenance, sentence FROM evidence"
                                   " WHERE relation_id = ?", (rel_id,)).fetchall()
            if not rows:
                self.db.execute("DELETE FROM relations WHERE id = ?", (rel_id,))
                continue
            what = f"relation {relation_id(*triple)}: evidence"
            f = figures(reports((a, stored_day(p, what), c, pv, s) for a, p, c, pv, s in rows))
            self.db.execute("UPDATE relations SET count = ?, first_seen = ?, last_seen = ?, confidence = ? WHERE id = ?",
                            (f.count, iso(f.first_seen), iso(f.last_seen), f.confidence, rel_id))

    def rejected(self, triple: Triple) -> int | None:
        row = self.db.execute("SELECT rejected FROM relations WHERE source = ? AND type = ? AND target = ?",
                              triple).fetchone()
        if row is None:
            raise NotFound(f"no relation {'|'.join(triple)!r}")
        return row[0]

    def set_rejected(self, triple: Triple, audit_id: int | None) -> None:
        self.db.execute("UPDATE relations SET rejected = ? WHERE source = ? AND type = ? AND target = ?",
                        (audit_id, *triple))

    def delete_article(self, article_id: str) -> bool:
        return self.db.execute("DELETE FROM articles WHERE id = ?", (article_id,)).rowcount > 0

    def actor(self, key: str) -> dict | None:
        row = self.db.execute("SELECT key, kind, name, state, organization, country FROM actors WHERE key = ?",
                              (key,)).fetchone()
        if row is None:
            return None
        out = dict(zip(("key", "kind", "name", "state", "organization", "country"), row, strict=True))
        out["aliases"] = sorted(a for (a,) in self.db.execute("SELECT alias FROM aliases WHERE actor_key = ?", (key,))
                                if a != out["name"])
        return out

    def put_actor(self, row: dict) -> None:
        self.db.execute("INSERT INTO actors (key, kind, name, state, organization, country) VALUES (?, ?, ?, ?, ?, ?)",
                        (row["key"], row["kind"], row["name"], row["state"], row["organization"], row["country"]))
        self.set_aliases(row["key"], row["aliases"])

    def drop_actor(self, key: str) -> None:
        self.db.execute("DELETE FROM aliases WHERE actor_key = ?", (key,))
        self.db.execute("DELETE FROM actors WHERE key = ?", (key,))

    def set_aliases(self, key: str, aliases: list[str]) -> None:
        name = self.db.execute("SELECT name FROM actors WHERE key = ?", (key,)).fetchone()[0]
        self.db.execute("DELETE FROM aliases WHERE actor_key = ?", (key,))
        self.db.executemany("INSERT OR IGNORE INTO aliases (actor_key, alias) VALUES (?, ?)",
                            [(key, a) for a in {name, *aliases}])

    def members_of(self, organization: str) -> list[str]:
        return [k for (k,) in self.db.execute("SELECT key FROM actors WHERE organization = ? ORDER BY key",
                                               (organization,))]

    def set_organization(self, keys: list[str], organization: str) -> None:
        self.db.executemany("UPDATE actors SET organization = ? WHERE key = ?", [(organization, k) for k in keys])

    def redirects_to(self, key: str) -> list[str]:
        return [k for (k,) in self.db.execute("SELECT old_key FROM redirects WHERE new_key = ? ORDER BY old_key",
                                               (key,))]

    def set_redirect(self, old: str, new: str | None, audit_id: int) -> None:
        if new is None:
            self.db.execute("DELETE FROM redirects WHERE old_key = ?", (old,))
        else:
            self.db.execute("INSERT OR REPLACE INTO redirects (old_key, new_key, audit_id) VALUES (?, ?, ?)",
                            (old, new, audit_id))

    def add_audit(self, who: str, action: str, target: str, reason: str, detail: dict, at: str) -> int:
        return self.db.execute("INSERT INTO audit (at, who, action, target, reason, detail) VALUES (?, ?, ?, ?, ?, ?)"
                               " RETURNING id", (at, who, action, target, reason, detail_json(detail))).fetchone()[0]

    def audit_entry(self, audit_id: int) -> AuditEntry | None:
        row = self.db.execute(f"SELECT {AUDIT_COLUMNS} FROM audit WHERE id = ?", (audit_id,)).fetchone()
        return audit_entry(row) if row else None

    def mark_undone(self, audit_id: int, by: int) -> None:
        self.db.execute("UPDATE audit SET undone_by = ? WHERE id = ?", (by, audit_id))


AUDIT_COLUMNS = "id, at, who, action, target, reason, detail, undone_by"


def audit_entry(row: tuple) -> AuditEntry:
    aid, at, who, action, target, reason, detail, undone_by = row
    return AuditEntry(aid, dt.datetime.fromisoformat(at), who, action, target, reason, json.loads(detail), undone_by)
