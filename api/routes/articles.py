"""Articles: list, one with what was extracted from it, and ingest (needs the API key)."""

from __future__ import annotations

import json
from collections.abc import Iterator

from fastapi import APIRouter, Depends, HTTPException, Request
from pydantic import ValidationError

from api.deps import ExtractorDep, PagingDep, SettingsDep, StoreDep, ingest_thread, require_write_key
from api.models import (
    ActorOut,
    ArticleDetail,
    ArticleIn,
    ArticleOut,
    IngestBatchOut,
    IngestFailure,
    IngestOut,
    Page,
    RelationOut,
)
from api.settings import read_options
from graph.errors import InvalidInput, LimitExceeded, StoreUnavailable
from graph.model import Article, RelationRecord
from graph.store import RelationFilter
from loaders.pipeline import Outcome, ingest, read_item
from loaders.readers import ReadError

router = APIRouter(prefix="/articles", tags=["articles"])


@router.get("", response_model=Page[ArticleOut], summary="Stored articles, newest first",
            description="Example: `/articles?limit=20&offset=40`")
def list_articles(store: StoreDep, paging: PagingDep):
    page = store.list_articles(limit=paging.limit, offset=paging.offset)
    return Page[ArticleOut].of(page, ArticleOut.of)


@router.get("/{article_id:path}", response_model=ArticleDetail, summary="One article with the relations it supports",
            description="Example: `/articles/caspian-accusation`", responses={404: {"description": "no such article"}})
def get_article(article_id: str, store: StoreDep):
    article = store.get_article(article_id)
    rels = store.relations(RelationFilter(article=article_id), limit=1000).items
    return ArticleDetail(**ArticleOut.of(article, with_text=True).model_dump(exclude={"relations"}),
                         relations=[RelationOut.of(r) for r in rels])


def _report(outcome: Outcome) -> IngestOut:
    extraction, result = outcome.extraction, outcome.result
    assert extraction is not None and result is not None
    published = extraction.article.published
    rels = [RelationOut.of(RelationRecord(r.source, r.type, r.target, len(r.evidence), published, published,
                                          r.confidence, r.evidence))
            for r in extraction.relations]
    return IngestOut(input=outcome.source, article_id=result.article_id, stored=result.stored,
                     duplicate_of=result.duplicate_of, new_actors=result.new_actors,
                     new_relations=result.new_relations, new_evidence=result.new_evidence,
                     actors=[ActorOut.of(a) for a in extraction.actors], relations=rels)


def _name(obj: object, i: int) -> str:
    named = obj.get("id") or obj.get("url") if isinstance(obj, dict) else None
    return named[:200] if isinstance(named, str) and named else f"item {i}"


def _ingest(body: list, store, extractor, settings) -> tuple[list[Outcome], dict[int, int]]:
    """The shared pipeline over the request's items; the outcomes and, per input object, its item index."""
    options = read_options(settings)
    index_of: dict[int, int] = {}

    def inputs() -> Iterator[Article | ReadError]:
        for i, obj in enumerate(body):
            try:
                item = _validate(obj, f"item {i}").model_dump(mode="json", exclude_none=True)
            except InvalidInput as exc:
                found: Iterator[Article | ReadError] = iter([ReadError(_name(obj, i), str(exc), exc)])
            else:
                found = read_item(item, _name(obj, i), options)
            for x in found:
                index_of[id(x)] = i
                yield x

    return list(ingest(inputs(), store, extractor)), index_of


_ITEM = ArticleIn.model_json_schema()
BODY_SCHEMA = {"requestBody": {"required": True, "content": {"application/json": {
    "schema": {"anyOf": [_ITEM, {"type": "array", "items": _ITEM, "minItems": 1}]}}}}}


def _parse(raw: bytes) -> object:
    """The request body as JSON; the body is read by hand so that one bad item of a batch does not sink the
    others (FastAPI's own body validation refuses the whole request)."""
    try:
        return json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise InvalidInput(f"request body is not UTF-8 (byte {exc.start})") from None
    except ValueError as exc:  # JSONDecodeError, or a number of over 4,300 digits
        raise InvalidInput(f"request body is not valid JSON: {exc}") from None
    except RecursionError:
        raise InvalidInput("request body is nested too deeply") from None


def _json_only(request: Request) -> None:
    """415 unless the body is declared JSON: a web page can send text/plain (or a form) from a visitor's
    browser without a CORS preflight, but not application/json."""
    declared = request.headers.get("content-type", "")
    media = declared.split(";", 1)[0].strip().lower()
    if media != "application/json" and not (media.startswith("application/") and media.endswith("+json")):
        raise HTTPException(415, f"POST /articles takes a JSON body with Content-Type: application/json "
                                 f"(got {declared[:80]!r})")


def _validate(obj: object, where: str) -> ArticleIn:
    try:
        return ArticleIn.model_validate(obj)
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(str(p) for p in e['loc']) or 'item'}: {e['msg']}" for e in exc.errors())
        raise InvalidInput(f"{where}: {problems}") from None


@router.post("", response_model=IngestBatchOut, dependencies=[Depends(require_write_key)],
             openapi_extra=BODY_SCHEMA,
             summary="Ingest one article or a batch (text or url); returns what was extracted",
             description="Example: `curl -X POST -H 'X-API-Key: $KEY' -H 'Content-Type: application/json' "
                         "-d '{\"id\": \"n1\", \"text\": \"Iran accused Azerbaijan of ...\", "
                         "\"published\": \"2024-05-01\"}' /articles`. A list ingests a batch: each bad item is "
                         "reported in `failures` (with its index) and the others are stored.",
             responses={400: {"description": "body is not JSON, or the (single) article is invalid or unreadable"},
                        401: {"description": "wrong API key"}, 403: {"description": "writes disabled"},
                        413: {"description": "body too large"},
                        415: {"description": "the body is not declared application/json"},
                        422: {"description": "a limit was passed (article size, batch size)"}})
async def post_articles(request: Request, store: StoreDep, extractor: ExtractorDep, settings: SettingsDep):
    _json_only(request)
    body = _parse(await request.body())
    if not isinstance(body, list | dict):
        raise InvalidInput(f"request body must be an article object or a list of them, got {type(body).__name__}")
    if isinstance(body, dict):
        _validate(body, "article")  # one article: its schema errors are the answer (400)
    if isinstance(body, list) and not body:
        raise InvalidInput("the batch is empty")
    if isinstance(body, list) and len(body) > settings.max_batch:
        raise LimitExceeded("articles per batch", settings.max_batch, len(body))
    items = body if isinstance(body, list) else [body]
    outcomes, index_of = await ingest_thread(request, _ingest, items, store, extractor, settings)
    for o in outcomes:  # the store is down: 503 naming it, whatever else happened
        if isinstance(o.cause, StoreUnavailable):
            raise o.cause
    results = [_report(o) for o in outcomes if o.error is None]
    failures = [IngestFailure(index=index_of.get(id(o.input), 0), input=o.source[:200], detail=o.error)
                for o in outcomes if o.error is not None]
    if isinstance(body, dict) and not results:  # one article, refused: 400 (422 for a limit) naming why
        cause = failures and next(o.cause for o in outcomes if o.error is not None)
        raise cause if isinstance(cause, InvalidInput) else InvalidInput(failures[0].detail)
    return IngestBatchOut(results=results, failures=failures)
