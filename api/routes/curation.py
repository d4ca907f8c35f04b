"""Curation: delete an article, reject a relation, merge two actors, undo; the audit log. Every route here
needs the write key (X-API-Key), and every write is recorded with who did it, when and why."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path
from pydantic import BaseModel, ConfigDict, Field
from starlette.concurrency import run_in_threadpool

from api.deps import PagingDep, StoreDep, require_write_key
from api.models import Page
from graph import curation
from graph.model import RelationType

router = APIRouter(tags=["curation"], dependencies=[Depends(require_write_key)])

# one line of text with a visible character: no control characters (C0, DEL, C1), not only spaces
LINE = "^[^\\x00-\\x1f\\x7f-\\x9f]*[^\\s\\x00-\\x1f\\x7f-\\x9f][^\\x00-\\x1f\\x7f-\\x9f]*$"
Who = Annotated[str, Field(min_length=1, max_length=200, pattern=LINE, description="who does it (a name)")]
Why = Annotated[str, Field(min_length=1, max_length=2000, pattern=LINE, description="why")]
NOT_FOUND: dict[int | str, dict[str, Any]] = {404: {"description": "no such article, relation, actor or audit entry"},
             409: {"description": "the graph's state refuses it: rejected already, undone already, merge into "
                                  "itself or into another kind of actor"}}
# source|TYPE|target, TYPE one of the ontology's (graph.model.RelationType)
RELATION_ID = ("^[^|\\x00-\\x1f\\x7f]+\\|(" + "|".join(t.value for t in RelationType)
               + ")\\|[^|\\x00-\\x1f\\x7f]+$")


class CurationIn(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        {"who": "ana", "reason": "a test article"}]})
    who: Who
    reason: Why


class MergeIn(CurationIn):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        {"into": "officer:ven:vladimir-padrino", "who": "ana", "reason": "the same minister"}]})
    into: str = Field(min_length=1, max_length=200, description="the key of the actor that stays")


class AuditOut(BaseModel):
    id: int
    at: dt.datetime
    who: str
    action: str = Field(description="delete-article, reject-relation, merge-actor or undo")
    target: str = Field(description="the article id, relation id, 'old -> new' actor keys, or the undone entry")
    reason: str
    undone_by: int | None = Field(None, description="the entry that undid this one")
    detail: dict[str, Any] = Field(default_factory=dict, description="what changed")

    @classmethod
    def of(cls, e: curation.AuditEntry, with_detail: bool = True) -> AuditOut:
        return cls(id=e.id, at=e.at, who=e.who, action=e.action, target=e.target, reason=e.reason,
                   undone_by=e.undone_by, detail=e.detail if with_detail else {})


async def _curate(store, step, *args) -> AuditOut:
    return AuditOut.of(await run_in_threadpool(store.curate, step, *args))


@router.delete("/articles/{article_id}", response_model=AuditOut, summary="Delete an article and its evidence",
               description="The relations it supported are recomputed from the evidence left (and vanish with "
                           "none). Example body: `{\"who\": \"ana\", \"reason\": \"a test article\"}`",
               responses=NOT_FOUND)
async def delete_article(article_id: Annotated[str, Path(max_length=200)], body: CurationIn, store: StoreDep):
    return await _curate(store, curation.delete_article, article_id, body.who, body.reason)


@router.post("/relations/{relation_id}/reject", response_model=AuditOut, summary="Mark a relation as wrong",
             description="`relation_id` is `source|TYPE|target` (the `id` of a relation). It is hidden from every "
                         "answer and tension score, and kept for the audit; `POST /audit/{id}/undo` restores it. Example: "
                         "`POST /relations/IRN|ACCUSES|AZE/reject` with `{\"who\": \"ana\", \"reason\": \"misread\"}`",
             responses=NOT_FOUND)
async def reject(relation_id: Annotated[str, Path(max_length=500, pattern=RELATION_ID)], body: CurationIn, store: StoreDep):
    return await _curate(store, curation.reject_relation, relation_id, body.who, body.reason)


@router.post("/actors/{key}/merge", response_model=AuditOut, summary="Merge an actor into another",
             description="Its relations move to `into`, its names become aliases there, and its key redirects "
                         "(`GET /actors/{old}` answers 301; articles naming it land on `into`). Undo with "
                         "`POST /audit/{id}/undo`. Example: `POST /actors/officer:padrino-lopez/merge` with "
                         "`{\"into\": \"officer:ven:vladimir-padrino\", \"who\": \"ana\", \"reason\": \"same man\"}`",
             responses=NOT_FOUND)
async def merge(key: Annotated[str, Path(max_length=200)], body: MergeIn, store: StoreDep):
    return await _curate(store, curation.merge_actor, key, body.into, body.who, body.reason)


@router.post("/audit/{audit_id}/undo", response_model=AuditOut, summary="Undo a merge or a rejection",
             description="Undoing a merge also gives the old actor back the evidence of articles stored since that "
                         "named him (`detail.returned`); an article that named both actors is left as it is and named "
                         "in `detail.kept` (delete it and ingest it again to have it read anew). Example: "
                         "`POST /audit/3/undo` with `{\"who\": \"ana\", \"reason\": \"two people\"}`",
             responses=NOT_FOUND)
async def undo(audit_id: Annotated[int, Path(ge=1, le=2**62)], body: CurationIn, store: StoreDep):
    return await _curate(store, curation.undo, audit_id, body.who, body.reason)


@router.get("/audit", response_model=Page[AuditOut], summary="The audit log of curations, newest first",
            description="Who deleted, rejected, merged or undid what, when and why. Needs the write key. "
                        "Example: `/audit?limit=20&detail=true` (detail: what each entry changed)")
def audit(store: StoreDep, paging: PagingDep, detail: bool = False):
    page = store.audit_log(limit=paging.limit, offset=paging.offset)
    return Page[AuditOut].of(page, lambda e: AuditOut.of(e, with_detail=detail))
