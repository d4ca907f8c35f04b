"""Articles: list, one with what was extracted from it, and ingest (needs the API key)."""

from __future__ import annotations

import json

from fastapi import APIRouter, Depends, Request
from pydantic import ValidationError
from starlette.concurrency import run_in_threadpool

from api.deps import ExtractorDep, PagingDep, SettingsDep, StoreDep, require_write_key
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
from graph.errors import InvalidInput, LimitExceeded
from graph.model import Article, RelationRecord
from graph.store import RelationFilter

router = APIRouter(prefix="/articles", tags=["articles"])


@router.get("", response_model=Page[ArticleOut], summary="Stored articles, newest first",
            description="Example: `/articles?limit=20&offset=40`")
def list_articles(store: StoreDep, paging: PagingDep):
    page = store.list_articles(limit=paging.limit, offset=paging.offset)
    return Page[ArticleOut].of(page, ArticleOut.of)


@router.get("/{article_id}", response_model=ArticleDetail, summary="One article with the relations it supports",
            description="Example: `/articles/caspian-accusation`", responses={404: {"description": "no such article"}})
def get_article(article_id: str, store: StoreDep):
    article = store.get_article(article_id)
    rels = store.relations(RelationFilter(article=article_id), limit=1000).items
    return ArticleDetail(**ArticleOut.of(article, with_text=True).model_dump(exclude={"relations"}),
                         relations=[RelationOut.of(r) for r in rels])


def _to_article(item: ArticleIn, settings) -> Article:
    from loaders.readers import article_from_dict

    if item.text:  # article_from_dict enforces the size limit (LimitExceeded: 422)
        return article_from_dict(item.model_dump(mode="json"), "request", max_bytes=settings.max_article_bytes)
    if item.url:
        if not settings.fetch_urls:
            raise InvalidInput(f"{item.url}: fetching URLs is turned off on this server")
        from api.settings import read_options
        from loaders.fetch import read_url

        articles = [a for a in read_url(item.url, read_options(settings)) if isinstance(a, Article)]
        if not articles:
            raise InvalidInput(f"{item.url}: no article found")
        article = articles[0]
        if item.id:
            article.id = item.id
        return article
    raise InvalidInput("an article needs \"text\" or \"url\"")


def _ingest_one(item: ArticleIn, store, extractor, settings) -> IngestOut:
    article = _to_article(item, settings)
    extraction = extractor.extract(article)
    result = store.upsert(extraction)
    rels = [RelationOut.of(RelationRecord(r.source, r.type, r.target, len(r.evidence), article.published,
                                          article.published, r.confidence, r.evidence))
            for r in extraction.relations]
    return IngestOut(article_id=result.article_id, stored=result.stored, duplicate_of=result.duplicate_of,
                     new_actors=result.new_actors, new_relations=result.new_relations,
                     new_evidence=result.new_evidence, actors=[ActorOut.of(a) for a in extraction.actors],
                     relations=rels)


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
    except json.JSONDecodeError as exc:
        raise InvalidInput(f"request body is not valid JSON: {exc}") from None
    except RecursionError:
        raise InvalidInput("request body is nested too deeply") from None


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
                        422: {"description": "a limit was passed (article size, batch size)"}})
async def post_articles(request: Request, store: StoreDep, extractor: ExtractorDep, settings: SettingsDep):
    body = _parse(await request.body())
    if not isinstance(body, list | dict):
        raise InvalidInput(f"request body must be an article object or a list of them, got {type(body).__name__}")
    if isinstance(body, dict):
        item = _validate(body, "article")
        return IngestBatchOut(results=[await run_in_threadpool(_ingest_one, item, store, extractor, settings)])
    if not body:
        raise InvalidInput("the batch is empty")
    if len(body) > settings.max_batch:
        raise LimitExceeded("articles per batch", settings.max_batch, len(body))
    results, failures = [], []
    for i, obj in enumerate(body):
        name = f"item {i}"
        if isinstance(obj, dict):
            named = obj.get("id") or obj.get("url")
            name = named if isinstance(named, str) and named else name
        try:
            item = _validate(obj, f"item {i}")
            results.append(await run_in_threadpool(_ingest_one, item, store, extractor, settings))
        except InvalidInput as exc:
            failures.append(IngestFailure(index=i, input=name[:200], detail=str(exc)))
    return IngestBatchOut(results=results, failures=failures)
