"""Articles: list, one with what was extracted from it, and ingest (needs the API key)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Body, Depends
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

    if item.text:
        if len(item.text.encode("utf-8")) > settings.max_article_bytes:
            raise LimitExceeded("article text (bytes)", settings.max_article_bytes, len(item.text.encode("utf-8")))
        return article_from_dict(item.model_dump(mode="json"), "request")
    if item.url:
        if not settings.fetch_urls:
            raise InvalidInput(f"{item.url}: fetching URLs is turned off on this server")
        from loaders.fetch import read_url
        from loaders.readers import ReadOptions

        articles = list(read_url(item.url, ReadOptions(max_bytes=settings.max_article_bytes)))
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


@router.post("", response_model=IngestBatchOut, dependencies=[Depends(require_write_key)],
             summary="Ingest one article or a batch (text or url); returns what was extracted",
             description="Example: `curl -X POST -H 'X-API-Key: $KEY' -H 'Content-Type: application/json' "
                         "-d '{\"id\": \"n1\", \"text\": \"Iran accused Azerbaijan of ...\", "
                         "\"published\": \"2024-05-01\"}' /articles`. A list ingests a batch: each bad item is "
                         "reported in `failures` and the others are stored.",
             responses={401: {"description": "wrong API key"}, 403: {"description": "writes disabled"},
                        413: {"description": "body too large"}, 422: {"description": "invalid article"}})
async def post_articles(store: StoreDep, extractor: ExtractorDep, settings: SettingsDep,
                        body: Annotated[ArticleIn | list[ArticleIn], Body()]):
    items = body if isinstance(body, list) else [body]
    if not items:
        raise InvalidInput("the batch is empty")
    if len(items) > settings.max_batch:
        raise LimitExceeded("articles per batch", settings.max_batch, len(items))
    results, failures = [], []
    for i, item in enumerate(items):
        try:
            results.append(await run_in_threadpool(_ingest_one, item, store, extractor, settings))
        except InvalidInput as exc:
            if not isinstance(body, list):
                raise
            failures.append(IngestFailure(index=i, input=item.id or item.url or f"item {i}", detail=str(exc)))
    return IngestBatchOut(results=results, failures=failures)
