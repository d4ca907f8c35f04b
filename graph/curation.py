"""Curation: an analyst deletes an article, rejects a relation, merges two actors the system split (and
undoes a merge or a rejection). Each write is recorded in the audit log with who, when and why.

The logic is written once here over a small set of steps each store runs inside one of its own write
transactions (:class:`CurationTx`); the stores then rebuild their projection, so every answer and every
tension score reflects the change at once.

- **delete article**: its evidence goes; each relation it supported gets its figures recomputed from the
  evidence left (count of reports, first/last seen, noisy-OR confidence) and vanishes when none is left.
- **reject relation**: the relation is hidden from every answer and score but kept, with its evidence, for
  the audit (``include_rejected``); evidence that later articles add to it is kept too. Undoable.
- **merge actor**: the old actor's relations move to the new one (joining the same relations there; a
  relation between the two vanishes), its names become the new one's aliases, officers of an organisation
  follow it, and the old key redirects to the new one (the API answers 301, ingest maps it). Undoable: the
  audit entry keeps what the merge changed, and each article stored since keeps which of its actors a redirect
  moved, so the undo gives the old actor back what later articles said of him too (an article that named both
  cannot be split: the undo names it).
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from typing import Any, Protocol

from graph.errors import Conflict, InvalidInput, NotFound
from graph.model import parse_relation_id, relation_id, relation_type
from graph.prepare import ends

ACTIONS = ("delete-article", "reject-relation", "merge-actor", "undo")
Triple = tuple[str, str, str]


@dataclass(slots=True)
class AuditEntry:
    id: int
    at: dt.datetime
    who: str
    action: str  # one of ACTIONS
    target: str  # the article id, relation id, "old -> new" keys, or the undone entry's id
    reason: str
    detail: dict[str, Any] = field(default_factory=dict)  # what changed (and what an undo puts back)
    undone_by: int | None = None


class CurationTx(Protocol):
    """What a store does inside one write transaction for curation. Evidence rows are dicts with source,
    type, target, article_id, sentence, confidence, published, ingested_at, extractor_version, date_source,
    extractor, provenance and attributes (JSON text)."""

    def evidence(self, *, article: str | None = None, actor: str | None = None,
                 relation: Triple | None = None) -> list[dict]: ...
    def delete_evidence(self, rows: list[dict]) -> None: ...
    def insert_evidence(self, rows: list[dict]) -> None: ...  # creates missing relations (not rejected)
    def recompute(self, triples: set[Triple]) -> None: ...  # figures from the evidence; none left: deleted
    def rejected(self, triple: Triple) -> int | None: ...  # raises NotFound when there is no such relation
    def set_rejected(self, triple: Triple, audit_id: int | None) -> None: ...
    def delete_article(self, article_id: str) -> bool: ...
    def actor(self, key: str) -> dict | None: ...  # key, kind, name, state, organization, country, aliases
    def put_actor(self, row: dict) -> None: ...
    def drop_actor(self, key: str) -> None: ...
    def set_aliases(self, key: str, aliases: list[str]) -> None: ...
    def members_of(self, organization: str) -> list[str]: ...
    def redirected(self) -> dict[str, dict]: ...  # article id -> {old key: {"new": key, "shared": bool}}
    def set_organization(self, keys: list[str], organization: str) -> None: ...
    def redirects_to(self, key: str) -> list[str]: ...
    def set_redirect(self, old: str, new: str | None, audit_id: int) -> None: ...
    def add_audit(self, who: str, action: str, target: str, reason: str, detail: dict, at: str) -> int: ...
    def audit_entry(self, audit_id: int) -> AuditEntry | None: ...
    def mark_undone(self, audit_id: int, by: int) -> None: ...


def _now() -> str:
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()


def _check(who: str, reason: str) -> tuple[str, str]:
    who, reason = (who or "").strip(), (reason or "").strip()
    if not who:
        raise InvalidInput("a curation needs who does it (who)")
    if not reason:
        raise InvalidInput("a curation needs a reason (reason)")
    if len(who) > 200 or len(reason) > 2000:
        raise InvalidInput("who is limited to 200 characters and reason to 2000")
    return who, reason


def _triple(row: dict) -> Triple:
    return (row["source"], row["type"], row["target"])


def delete_article(tx: CurationTx, article_id: str, who: str, reason: str) -> int:
    who, reason = _check(who, reason)
    rows = tx.evidence(article=article_id)
    tx.delete_evidence(rows)
    if not tx.delete_article(article_id):  # the transaction is rolled back
        raise NotFound(f"no article with id {article_id!r}")
    touched = {_triple(r) for r in rows}
    tx.recompute(touched)
    detail = {"evidence": len(rows), "relations": sorted(relation_id(*t) for t in touched)}
    return tx.add_audit(who, "delete-article", article_id, reason, detail, _now())


def reject_relation(tx: CurationTx, rel_id: str, who: str, reason: str) -> int:
    who, reason = _check(who, reason)
    source, rtype, target = parse_relation_id(rel_id)
    source, target = ends(source, rtype, target, {}) or (source, target)  # a symmetric pair in key order
    triple = (source, rtype.value, target)
    if tx.rejected(triple) is not None:
        raise Conflict(f"relation {rel_id!r} is rejected already")
    audit_id = tx.add_audit(who, "reject-relation", relation_id(*triple), reason, {}, _now())
    tx.set_rejected(triple, audit_id)
    return audit_id


def _actor(tx: CurationTx, key: str) -> dict:
    row = tx.actor(key)
    if row is None:
        raise NotFound(f"no actor with key {key!r}")
    return row


def merge_actor(tx: CurationTx, old: str, new: str, who: str, reason: str) -> int:
    who, reason = _check(who, reason)
    if old == new:
        raise Conflict(f"cannot merge actor {old!r} into itself")
    old_row, new_row = _actor(tx, old), _actor(tx, new)
    if old_row["kind"] != new_row["kind"]:
        raise Conflict(f"cannot merge the {old_row['kind']} {old!r} into the {new_row['kind']} {new!r}")
    moved = tx.evidence(actor=old)
    added = []
    for row in moved:
        pair = ends(row["source"], relation_type(row["type"]), row["target"], {old: new})
        if pair is None:
            continue  # a relation between the two is a relation of the actor with itself: it goes
        added.append({**row, "source": pair[0], "target": pair[1]})
    existing = {(_triple(r), r["article_id"], r["sentence"]) for r in tx.evidence(actor=new)}
    added = [r for r in added if (_triple(r), r["article_id"], r["sentence"]) not in existing]
    tx.delete_evidence(moved)
    tx.insert_evidence(added)
    tx.recompute({_triple(r) for r in moved} | {_triple(r) for r in added})
    members = tx.members_of(old)
    tx.set_organization(members, new)
    aliases = sorted({*new_row["aliases"], old_row["name"], *old_row["aliases"]} - {new_row["name"]})
    tx.set_aliases(new, aliases)
    chained = tx.redirects_to(old)
    tx.drop_actor(old)
    detail = {"old": old_row, "new_aliases": new_row["aliases"], "moved": moved, "added": added,
              "members": members, "chained": chained}
    audit_id = tx.add_audit(who, "merge-actor", f"{old} -> {new}", reason, detail, _now())
    for key in [*chained, old]:
        tx.set_redirect(key, new, audit_id)
    return audit_id


def undo(tx: CurationTx, audit_id: int, who: str, reason: str) -> int:
    """Undo a merge or a rejection (deleting an article is undone by ingesting it again)."""
    who, reason = _check(who, reason)
    entry = tx.audit_entry(audit_id)
    if entry is None:
        raise NotFound(f"no audit entry {audit_id}")
    if entry.undone_by is not None:
        raise Conflict(f"audit entry {audit_id} was undone already (by entry {entry.undone_by})")
    detail: dict[str, Any] = {"undid": entry.action, "target": entry.target}
    if entry.action == "reject-relation":
        triple = parse_relation_id(entry.target)
        tx.set_rejected((triple[0], triple[1].value, triple[2]), None)
    elif entry.action == "merge-actor":
        d = entry.detail
        old, new = d["old"]["key"], entry.target.split(" -> ")[1]
        if tx.actor(old) is not None:
            raise Conflict(f"cannot undo entry {audit_id}: an actor {old!r} exists again")
        tx.put_actor(d["old"])
        tx.delete_evidence(d["added"])
        tx.insert_evidence(d["moved"])
        tx.recompute({_triple(r) for r in d["added"]} | {_triple(r) for r in d["moved"]})
        new_row = tx.actor(new)
        if new_row is not None:  # names the new actor gained since the merge stay
            gained = set(new_row["aliases"]) - {d["old"]["name"], *d["old"]["aliases"]}
            tx.set_aliases(new, sorted(gained | set(d["new_aliases"])))
        tx.set_organization(d["members"], old)
        tx.set_redirect(old, None, audit_id)
        for key in d["chained"]:
            tx.set_redirect(key, old, audit_id)
        detail.update(_return_later_evidence(tx, old, new, {old, *d["chained"]}))
    else:
        raise Conflict(f"audit entry {audit_id} ({entry.action}) cannot be undone")
    undo_id = tx.add_audit(who, "undo", str(audit_id), reason, detail, _now())
    tx.mark_undone(audit_id, undo_id)
    return undo_id


def _return_later_evidence(tx: CurationTx, old: str, new: str, keys: set[str]) -> dict[str, Any]:
    """Undoing a merge: the evidence of articles stored after it that named the old actor (their actor was
    redirected from one of ``keys`` to ``new``, as the article keeps) goes back to ``old``. An article that
    named both actors cannot be split by the store (which of its sentences are whose is lost once both are one
    actor): its evidence stays with ``new``, and the undo's detail names it ("kept"), for the analyst to delete
    and ingest again (the old key no longer redirects) or to reject what is wrong."""
    returned: list[str] = []  # the articles whose evidence goes back to old
    kept: list[str] = []  # the ones that named both, which stay with new
    for article_id, moved in sorted(tx.redirected().items()):
        hits = [m for key, m in moved.items() if key in keys and m["new"] == new]
        if hits:
            (kept if any(m["shared"] for m in hits) else returned).append(article_id)
    if not returned and not kept:
        return {}
    back = set(returned)
    rows = [r for r in tx.evidence(actor=new) if r["article_id"] in back]
    moved_rows = []
    for row in rows:
        pair = ends(row["source"], relation_type(row["type"]), row["target"], {new: old})
        if pair is not None:  # a relation of the old actor with itself goes, as in a merge
            moved_rows.append({**row, "source": pair[0], "target": pair[1]})
    tx.delete_evidence(rows)
    tx.insert_evidence(moved_rows)
    tx.recompute({_triple(r) for r in rows} | {_triple(r) for r in moved_rows})
    out: dict[str, Any] = {"returned": returned, "returned_evidence": len(moved_rows)}
    if kept:
        out["kept"] = kept
        out["kept_why"] = (f"these articles, stored after the merge, name both {old} and {new}: their evidence stays "
                           f"with {new}; delete and ingest them again to have them read anew")
    return out


def detail_json(detail: dict) -> str:
    return json.dumps(detail, sort_keys=True, ensure_ascii=False, default=str)
