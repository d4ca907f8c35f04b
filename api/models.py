"""Response and request models of the REST API (not the storage models of graph/)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Generic, Literal, TypeVar

from fastapi import Response
from pydantic import BaseModel, ConfigDict, Field

from graph.model import Actor, Article, Evidence, RelationRecord

T = TypeVar("T")


class Page(BaseModel, Generic[T]):
    items: list[T]
    total: int = Field(description="how many items matched in all")
    offset: int
    limit: int
    next_offset: int | None = Field(None, description="offset of the next page; null on the last page")

    @classmethod
    def of(cls, page, convert) -> Page:
        """This API page from a store page (graph.store.Page), each item passed through ``convert``."""
        return cls(items=[convert(x) for x in page.items], total=page.total, offset=page.offset, limit=page.limit,
                   next_offset=page.next_offset)

    @classmethod
    def slice(cls, items: list, offset: int, limit: int, convert: Callable[[list], list] | None = None) -> Page:
        """One page of a list computed in full (analysis answers are small next to the graph); with ``convert``
        only the page's items are converted (so that only their actors' names are read from the store)."""
        chunk = items[offset:offset + limit]
        nxt = offset + len(chunk)
        return cls(items=convert(chunk) if convert else chunk, total=len(items), offset=offset, limit=limit,
                   next_offset=nxt if nxt < len(items) else None)


class ActorOut(BaseModel):
    key: str
    kind: str
    name: str
    aliases: list[str] = []
    state: str | None = None
    organization: str | None = None
    country: str | None = None

    @classmethod
    def of(cls, a: Actor) -> ActorOut:
        return cls(key=a.key, kind=a.kind.value, name=a.name, aliases=a.aliases, state=a.state,
                   organization=a.organization, country=a.country)


class ActorDetail(ActorOut):
    relations_out: dict[str, int] = Field(default_factory=dict, description="outgoing relations per type")
    relations_in: dict[str, int] = Field(default_factory=dict, description="incoming relations per type")


class EvidenceOut(BaseModel):
    article_id: str
    url: str | None = None
    published: dt.date | None = None
    date_source: str | None = Field(None, description="where the date came from: published (the article's own "
                                    "date), dateline, ingested (none known: the day it was stored) or source "
                                    "(a coded event file's row)")
    sentence: str
    confidence: float
    extractor: str = Field("", description="what produced it, e.g. rule:accuse-verb, model:rel-1")
    provenance: str = Field("text", description="text, gdelt, acled or polecat")
    attributes: dict[str, str | int | float | bool | None] = Field(
        default_factory=dict, description="the source's own scores (Goldstein, QuadClass, fatalities, ...)")

    @classmethod
    def of(cls, e: Evidence) -> EvidenceOut:
        return cls(article_id=e.article_id, url=e.url, published=e.published, date_source=e.date_source,
                   sentence=e.sentence, confidence=e.confidence, extractor=e.extractor, provenance=e.provenance,
                   attributes=e.attributes)


class RelationOut(BaseModel):
    id: str = Field(description="source|TYPE|target: names the relation in POST /relations/{id}/reject")
    source: str
    type: str
    target: str
    symmetric: bool = Field(False, description="true for ALLIED_WITH and COOPERATES_WITH: no direction, the pair "
                                               "is stored in key order")
    count: int = Field(description="independent reports: one per article however often it repeats the fact")
    first_seen: dt.date | None = None
    last_seen: dt.date | None = None
    confidence: float
    evidence: list[EvidenceOut] = []

    @classmethod
    def of(cls, r: RelationRecord) -> RelationOut:
        return cls(id=r.id, source=r.source, type=r.type.value, target=r.target, symmetric=r.symmetric,
                   count=r.count, first_seen=r.first_seen,
                   last_seen=r.last_seen, confidence=r.confidence, evidence=[EvidenceOut.of(e) for e in r.evidence])


class ArticleOut(BaseModel):
    id: str
    url: str | None = None
    title: str | None = None
    published: dt.date | None = None
    date_source: str | None = Field(None, description="where the date came from: published, dateline or ingested")
    text: str | None = None

    @classmethod
    def of(cls, a: Article, with_text: bool = False) -> ArticleOut:
        return cls(id=a.id, url=a.url, title=a.title, published=a.published, date_source=a.dated_by,
                   text=a.text if with_text else None)


class ArticleDetail(ArticleOut):
    relations: list[RelationOut] = []


# What the reader accepts as an article URL (loaders.readers._web_url, which urllib.parse.urlsplit decides), in
# JSON Schema terms so that clients and fuzzers know it: a host of RFC 3986 reg-name characters, ASCII only
# (urlsplit refuses a non-ASCII host whose NFKC form holds '/', '?', '#', '@' or ':'), an optional ASCII
# user-info, a port of at most 65535, then anything but control characters.
_PORT = r"(6553[0-5]|655[0-2][0-9]|65[0-4][0-9]{2}|6[0-4][0-9]{3}|[1-5][0-9]{4}|[0-9]{1,4})"
WEB_URL = (r"^[hH][tT][tT][pP][sS]?://([A-Za-z0-9\-._~%!$&'()*+,;=:]*@)?[A-Za-z0-9\-._~%!$&'()*+,;=]+"
           rf"(:{_PORT}?)?([/?#][^\x00-\x1f\x7f]*)?$")


class ArticleIn(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        {"id": "demo-1", "title": "Ruritania accuses Borduria", "published": "2024-05-01",
         "text": "Iran accused Azerbaijan on Monday of hosting foreign forces near the border."}]})

    # the patterns of id and url are stated in the schema for clients, and enforced by the reader, whose
    # message names the field, the value and what is wrong with it (pydantic's would only quote the pattern)
    id: str | None = Field(None, max_length=200, description="no control characters (an id is asked for by URL)",
                           json_schema_extra={"pattern": "^[^\\x00-\\x1f\\x7f]*$"})
    text: str | None = Field(None, description="the article text; give text or url",
                             json_schema_extra={"pattern": "\\S"})
    url: str | None = Field(None, max_length=2000, json_schema_extra={"pattern": WEB_URL},
                            description="an http or https URL; a host in ASCII (an international name in its "
                                        "punycode form, xn--...) and a port of at most 65535")
    title: str | None = Field(None, max_length=1000)
    published: dt.date | None = None


class IngestOut(BaseModel):
    input: str | None = Field(None, description="the input as named in failures: the item's id or url, or a "
                                                "feed entry")
    article_id: str
    stored: bool
    duplicate_of: str | None = None
    new_actors: int
    new_relations: int
    new_evidence: int
    actors: list[ActorOut] = []
    relations: list[RelationOut] = []


class IngestFailure(BaseModel):
    index: int
    input: str
    detail: str


class IngestBatchOut(BaseModel):
    results: list[IngestOut]
    failures: list[IngestFailure] = []


class PathEdge(BaseModel):
    source: str
    type: str
    target: str
    symmetric: bool = Field(False, description="an undirected relation (ALLIED_WITH, COOPERATES_WITH)")
    direction: str = Field(description="'forward' when the edge points along the path, else 'backward'")
    confidence: float
    evidence: EvidenceOut | None = None


class ActorRef(BaseModel):
    """An actor named in an answer: its key with its name and kind."""

    key: str
    name: str | None = None
    kind: str | None = None


def refs(store, keys) -> list[ActorRef]:
    """ActorRefs of ``keys``, read from the store in one go (a key it does not hold keeps only the key)."""
    keys = list(keys)
    found = store.actors(keys)
    return [ActorRef(key=k, name=found[k].name, kind=found[k].kind.value) if k in found else ActorRef(key=k)
            for k in keys]


class PathOut(BaseModel):
    actors: list[str]
    edges: list[PathEdge]
    hops: int
    nodes: list[ActorRef] = Field(default_factory=list, description="the actors along the path, with names")


class ModelResponse(Response):
    """A JSON answer serialised by pydantic's own (Rust) serialiser. Routes that build their answer from
    these models return it wrapped in this, which spares FastAPI validating the model it was just built from
    a second time (half of the HTTP overhead on large pages). The route's ``response_model`` still documents
    it, and the schemathesis run checks every answer against that schema."""

    media_type = "application/json"

    def render(self, content: BaseModel) -> bytes:
        return content.model_dump_json().encode()


class ErrorOut(BaseModel):
    """Every 4xx and 5xx answer: a sentence naming the input and the rule, or (request validation by
    FastAPI) a list of the fields that failed."""

    detail: str | list[dict]


class Health(BaseModel):
    status: str
    store: str
    detail: str | None = None
    indexes: Literal["building", "ready"] | None = Field(
        None, description="serve with the embedded store: whether the indexes of search, paths, top tension and "
                          "alliances are still being built after the file was loaded (readers that need one wait "
                          "for it) or ready; absent when the store does not build them ahead")


class AllyOut(BaseModel):
    key: str
    name: str | None = None
    kind: str | None = None
    depth: int = Field(description="1 for a direct ally, 2 for an ally of an ally, ...")
    via: list[str] = Field(description="the allies in between, nearest to the asked actor first")
    confidence: float = Field(description="product of the alliance confidences along the way")


class BlocOut(BaseModel):
    members: list[str]
    names: list[str]
    size: int


class TriadOut(BaseModel):
    a: str
    b: str
    enemy: str = Field(description="the third actor both a and b are hostile to")
    a_types: list[str]
    b_types: list[str]
    friendly: bool = Field(description="a and b already ally, cooperate, support or arm each other")
    hostile: bool = Field(description="a and b are themselves hostile to each other")
    nodes: list[ActorRef] = Field(default_factory=list, description="a, b and the enemy, with names and kinds")


class TensionOut(BaseModel):
    a: str
    b: str
    score: float = Field(description="decayed tension as of as_of: positive is hostile, negative cooperative")
    hostility: float = Field(description="the hostile part of the score")
    cooperation: float = Field(description="the cooperative part of the score, as a positive number")
    events: int = Field(description="pieces of evidence counted")
    by_type: dict[str, float] = Field(description="the score's contribution of each relation type")
    as_of: dt.date
    nodes: list[ActorRef] = Field(default_factory=list, description="a and b, with names and kinds")


class TensionPoint(BaseModel):
    start: dt.date
    end: dt.date
    score: float = Field(description="undecayed sum of this bucket's own evidence")
    level: float = Field(description="decayed tension of the window's evidence up to the bucket's end, as of its end")
    events: int


class TensionSeriesOut(TensionOut):
    since: dt.date | None = None
    until: dt.date | None = None
    half_life_days: float
    bucket: str
    points: list[TensionPoint]
