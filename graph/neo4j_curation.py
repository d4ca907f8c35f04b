"""The steps of curation (graph/curation.py) on the Neo4j store, inside one of its write transactions.
Every statement is a file of cypher/ (curation_*, redirect_*, audit_*)."""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict

from graph.curation import AuditEntry, Triple, detail_json
from graph.errors import NotFound
from graph.model import ActorKind, RelationType, figures, iso, relation_id, reports, stored_day
from graph.prepare import relation_row

EVIDENCE_FIELDS = ("source", "type", "target", "article_id", "sentence", "confidence", "published", "ingested_at",
                   "extractor_version", "date_source", "extractor", "provenance", "attributes")


class Neo4jCurationTx:
    def __init__(self, store, tx) -> None:
        self.store, self.tx = store, tx

    def _run(self, name: str, **params):
        return self.store._run(self.tx, name, **params)

    def _rel(self, name: str, triple: Triple, **params):
        source, rtype, target = triple
        return self._run(name, type=RelationType(rtype), source=source, target=target, **params)

    def evidence(self, *, article=None, actor=None, relation=None) -> list[dict]:
        rows = self._run("curation_evidence", article=article, actor=actor,
                         relation=relation_id(*relation) if relation else None)
        out = []
        for r in rows:
            row = {f: r[f] for f in EVIDENCE_FIELDS}
            row["extractor"], row["provenance"] = row["extractor"] or "", row["provenance"] or "text"
            row["attributes"] = row["attributes"] or "{}"
            out.append(row)
        return out

    def delete_evidence(self, rows: list[dict]) -> None:
        if not rows:
            return
        self._run("curation_evidence_delete", rows=[{"relation": relation_id(r["source"], r["type"], r["target"]),
                                                     "article_id": r["article_id"], "sentence": r["sentence"]}
                                                    for r in rows]).consume()

    def insert_evidence(self, rows: list[dict]) -> None:
        if not rows:
            return
        by_type: dict[str, dict[str, dict]] = defaultdict(dict)
        for r in rows:
            row = relation_row(r["source"], RelationType(r["type"]), r["target"], count=0, miss=1.0,
                               first_seen=r["published"], last_seen=r["published"])
            by_type[r["type"]][row["key"]] = row
        for rtype, rels in by_type.items():
            self._run("relations_merge", type=RelationType(rtype), rels=list(rels.values())).consume()
        self._run("curation_evidence_create",
                  rows=[{**r, "relation": relation_id(r["source"], r["type"], r["target"])} for r in rows]).consume()

    def redirected(self) -> dict[str, dict]:
        return {r["id"]: json.loads(r["redirected"]) for r in self._run("curation_redirected")}

    def recompute(self, triples: set[Triple]) -> None:
        for triple in triples:
            rows = self.evidence(relation=triple)
            if not rows:
                self._rel("curation_relation_delete", triple).consume()
                continue
            what = f"relation {relation_id(*triple)}: evidence"
            f = figures(reports((r["article_id"], stored_day(r["published"], what), r["confidence"], r["provenance"],
                                 r["sentence"]) for r in rows))
            self._rel("curation_relation_set", triple, count=f.count, first_seen=iso(f.first_seen),
                      last_seen=iso(f.last_seen), confidence=f.confidence, set_rejected=False, rejected=None).consume()

    def rejected(self, triple: Triple) -> int | None:
        row = self._rel("curation_relation_get", triple).single()
        if row is None:
            raise NotFound(f"no relation {relation_id(*triple)!r}")
        return row["rejected"]

    def set_rejected(self, triple: Triple, audit_id: int | None) -> None:
        self._rel("curation_relation_set", triple, count=None, first_seen=None, last_seen=None, confidence=None,
                  set_rejected=True, rejected=audit_id).consume()

    def delete_article(self, article_id: str) -> bool:
        return self._run("curation_article_delete", id=article_id).single()["deleted"] > 0

    def actor(self, key: str) -> dict | None:
        row = self._run("curation_actor_get", key=key).single()
        if row is None:
            return None
        out = row.data()
        out["aliases"] = sorted(set(out["aliases"] or ()) - {out["name"]})
        return out

    def put_actor(self, row: dict) -> None:
        self._run("actors_merge", label=ActorKind(row["kind"]),
                  actors=[{**row, "aliases": sorted({row["name"], *row["aliases"]})}]).consume()

    def drop_actor(self, key: str) -> None:
        self._run("curation_actor_delete", key=key).consume()

    def set_aliases(self, key: str, aliases: list[str]) -> None:
        name = self._run("curation_actor_get", key=key).single()["name"]
        self._run("curation_actor_aliases", key=key, aliases=sorted({name, *aliases})).consume()

    def members_of(self, organization: str) -> list[str]:
        return [r["key"] for r in self._run("curation_members_of", organization=organization)]

    def set_organization(self, keys: list[str], organization: str) -> None:
        self._run("curation_set_organization", keys=keys, organization=organization).consume()

    def redirects_to(self, key: str) -> list[str]:
        return [r["old_key"] for r in self._run("redirects", new=key)]

    def set_redirect(self, old: str, new: str | None, audit_id: int) -> None:
        if new is None:
            self._run("redirect_delete", old=old).consume()
        else:
            self._run("redirect_set", old=old, new=new, audit_id=audit_id).consume()

    def add_audit(self, who: str, action: str, target: str, reason: str, detail: dict, at: str) -> int:
        return self._run("audit_add", who=who, action=action, target=target, reason=reason,
                         detail=detail_json(detail), at=at).single()["id"]

    def audit_entry(self, audit_id: int) -> AuditEntry | None:
        row = self._run("audit_get", id=audit_id).single()
        return audit_entry(row.data()) if row else None

    def mark_undone(self, audit_id: int, by: int) -> None:
        self._run("audit_undone", id=audit_id, by=by).consume()


def audit_entry(row: dict) -> AuditEntry:
    return AuditEntry(row["id"], dt.datetime.fromisoformat(row["at"]), row["who"], row["action"], row["target"],
                      row["reason"], json.loads(row["detail"] or "{}"), row["undone_by"])
