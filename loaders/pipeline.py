"""The one ingest pipeline, shared by ``tensiongraph ingest`` and ``POST /articles``:
read → extract → batch → store → report.

Inputs are what the readers yield (:func:`loaders.readers.read_sources`, or a request's items turned into
Articles): :class:`~graph.model.Article` or :class:`~loaders.readers.ReadError`. :func:`ingest` turns each
into exactly one :class:`Outcome`, in input order: stored, already stored (skipped), or failed with the input
named and the reason. A failing input, extraction or store chunk never stops the inputs after it.
"""

from __future__ import annotations

import datetime as dt
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from graph.errors import InvalidInput, TensionGraphError
from graph.model import Article, Extraction, IngestResult, with_keys
from loaders.readers import ReadError, ReadOptions, article_from_dict, date_article, guard

CHUNK = 32  # articles per store call (each article is still atomic on its own)
FUTURE_DAYS = 2  # an article dated later than this many days after today is refused


@dataclass(slots=True)
class Outcome:
    """What became of one input. ``input`` is the Article or ReadError as it was given (callers map it back
    to their own handle, e.g. a request's item index); ``cause`` the exception behind a failure, if any."""

    input: Article | ReadError
    result: IngestResult | None = None
    extraction: Extraction | None = None
    error: str | None = None
    cause: Exception | None = None

    @property
    def source(self) -> str:
        """The input's name: a path, ``path:line``, ``path[i]``, a URL, ``stdin``, a request item."""
        item = self.input
        return item.source if isinstance(item, ReadError) else (item.source or item.id)

    @property
    def status(self) -> str:
        if self.error is not None:
            return "failed"
        return "stored" if self.result is not None and self.result.stored else "skipped"

    def as_json(self) -> dict:
        """One line of ``ingest --json``; the same fields as ``POST /articles`` reports."""
        out: dict = {"input": self.source, "status": self.status}
        if self.error is not None:
            out.update(stored=False, error=self.error)
            return out
        r = self.result
        assert r is not None
        out.update(id=r.article_id, stored=r.stored, duplicate_of=r.duplicate_of, new_actors=r.new_actors,
                   new_relations=r.new_relations, new_evidence=r.new_evidence)
        return out

    def __str__(self) -> str:
        return f"{self.source}: {self.error}" if self.error is not None else f"{self.source}: {self.status}"


@dataclass(slots=True)
class Tally:
    """Running totals of a run, for the closing line of ``ingest``."""

    stored: int = 0
    skipped: int = 0
    failed: int = 0
    new_actors: int = 0
    new_relations: int = 0
    failures: list[Outcome] = field(default_factory=list)

    def add(self, outcome: Outcome) -> Outcome:
        if outcome.error is not None:
            self.failed += 1
            self.failures.append(outcome)
        elif outcome.result is not None and outcome.result.stored:
            self.stored += 1
            self.new_actors += outcome.result.new_actors
            self.new_relations += outcome.result.new_relations
        else:
            self.skipped += 1
        return outcome

    def summary(self) -> str:
        return (f"articles: {self.stored} stored, {self.skipped} skipped (already stored), {self.failed} failed; "
                f"new actors: {self.new_actors}; new relations: {self.new_relations}")


def read_item(item: dict, where: str, options: ReadOptions) -> Iterator[Article | ReadError]:
    """The articles of one request item (a dict with ``text`` or ``url``, as ``POST /articles`` takes it):
    the text as one article, or what the URL holds (a page, or a feed's entries). Errors come out as
    ReadErrors named ``where``."""
    if item.get("text"):
        try:  # article_from_dict enforces the size limit (LimitExceeded)
            yield date_article(article_from_dict(item, where, max_bytes=options.max_bytes), options.published)
        except InvalidInput as exc:
            yield ReadError(where, str(exc), exc)
        return
    url = item.get("url")
    if not url:
        problem = "an article needs \"text\" or \"url\""
        yield ReadError(where, problem, InvalidInput(problem))
        return
    if not options.fetch:
        problem = f"{url}: fetching URLs is turned off on this server"
        yield ReadError(where, problem, InvalidInput(problem))
        return
    from loaders.fetch import read_url

    found = list(guard(url, lambda: read_url(url, options.per_input())))
    articles = [a for a in found if isinstance(a, Article)]
    if len(articles) == 1 and item.get("id"):
        articles[0].id = str(item["id"])
    yield from (date_article(a, options.published) for a in found)


def _latest_date() -> dt.date:
    """The latest publication date believed: tomorrow anywhere on Earth, plus a day of slack."""
    return dt.date.today() + dt.timedelta(days=FUTURE_DAYS)


def failed(item: Article | ReadError, reason: str, cause: Exception | None = None) -> Outcome:
    return Outcome(item, error=reason, cause=cause)


def ingest(inputs: Iterable[Article | ReadError], store, extractor, *, chunk_size: int = CHUNK,
           n_process: int = 1) -> Iterator[Outcome]:
    """One Outcome per input, in order. Articles are extracted in batches (``n_process`` worker processes)
    and stored ``chunk_size`` at a time; an outcome is yielded only once its article is durable."""
    given: deque[Outcome] = deque()  # outcomes of articles handed to the extractor, oldest first
    waiting: deque[Outcome] = deque()  # every outcome in input order, some not settled yet
    chunk: list[tuple[Outcome, Extraction]] = []

    def articles() -> Iterator[Article]:
        for item in inputs:
            if isinstance(item, ReadError):
                waiting.append(failed(item, item.reason, item.cause))
            elif item.published is not None and item.published > _latest_date():
                waiting.append(failed(item, f"published date {item.published} is in the future; refused (it "
                                            f"would outweigh every other date in the tension scores)"))
            else:
                outcome = Outcome(item)
                waiting.append(outcome)
                given.append(outcome)
                yield item

    def settled() -> Iterator[Outcome]:
        while waiting and (waiting[0].error is not None or waiting[0].result is not None):
            yield waiting.popleft()

    for out in extractor.extract_many(articles(), n_process=n_process):
        outcome = given.popleft()  # extract_many answers each article once, in order
        if isinstance(out, ReadError):
            outcome.error = out.reason
        else:
            outcome.extraction = out
            chunk.append((outcome, out))
            if len(chunk) >= chunk_size:
                _store(chunk, store)
                chunk = []
        yield from settled()
    if chunk:
        _store(chunk, store)
    yield from settled()


def _store(chunk: list[tuple[Outcome, Extraction]], store) -> None:
    """Write a chunk (outcomes with their extractions) through the store's bulk path; a store failure fails
    each of its articles, named. An unexpected error (a bug, or a value a store cannot hold) is pinned on its
    article by storing the chunk's articles one at a time, so the others are stored."""
    try:
        results = store.upsert_many([extraction for _, extraction in chunk])
    except TensionGraphError as exc:
        for o, _ in chunk:
            o.error, o.cause = str(exc), exc
        return
    except Exception as exc:
        if len(chunk) > 1:
            for pair in chunk:
                _store([pair], store)
            return
        chunk[0][0].error, chunk[0][0].cause = f"storing it failed: {type(exc).__name__}: {exc}", exc
        return
    for (o, extraction), result in zip(chunk, results, strict=True):
        if isinstance(result, TensionGraphError):
            o.error, o.cause = str(result), result
        else:  # the answer names the actors by the keys they are stored under
            o.result, o.extraction = result, with_keys(extraction, result.keys)
