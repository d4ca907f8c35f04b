"""Readers: files, folders, URLs, feeds, JSON dumps and stdin → :class:`graph.model.Article`.

:func:`read_sources` takes what a user typed (paths, folders, URLs, ``-`` for stdin) and yields, in
order, either an Article or a :class:`ReadError` naming the input and what was wrong with it. One bad
input never stops the rest of the batch.

Formats by file suffix: ``.txt .text .md .markdown`` (plain text; a first ``# Title`` line or first
line is the title), ``.html .htm .xhtml`` (main text by trafilatura, metadata from the page),
``.json`` (one article object or a list of them), ``.jsonl .ndjson`` (one article per line),
``.xml .rss .atom .feed`` (feeds, by feedparser). Anything else is sniffed from its first bytes.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from graph.errors import InvalidInput
from graph.identity import slug, text_fingerprint
from graph.model import Article
from loaders.boilerplate import clean_text

TEXT_SUFFIXES = {".txt", ".text", ".md", ".markdown"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSON_SUFFIXES = {".json"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
FEED_SUFFIXES = {".xml", ".rss", ".atom", ".feed"}
KNOWN_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSON_SUFFIXES | JSONL_SUFFIXES | FEED_SUFFIXES

MAX_ARTICLE_BYTES = 5 * 1024 * 1024  # larger inputs are refused, named, and the batch goes on


@dataclass(slots=True)
class ReadError:
    """An input that gave no article: which input, and why."""

    source: str
    reason: str

    def __str__(self) -> str:
        return f"{self.source}: {self.reason}"


@dataclass(slots=True)
class ReadOptions:
    fetch: bool = True  # fetch URLs and the pages that feed entries link to
    max_bytes: int = MAX_ARTICLE_BYTES
    timeout: float = 15.0
    allow_hosts: frozenset[str] = frozenset()  # hosts that may resolve to private addresses (tests, intranets)


def read_sources(sources: Iterable[str], options: ReadOptions | None = None) -> Iterator[Article | ReadError]:
    """Articles from every source in turn; a ReadError for each input that could not be read."""
    options = options or ReadOptions()
    for source in sources:
        if source == "-":
            yield from _guard("stdin", lambda: _read_stdin(options))
        elif source.startswith(("http://", "https://")):
            from loaders.fetch import read_url

            yield from _guard(source, lambda s=source: read_url(s, options))
        else:
            path = Path(source)
            if path.is_dir():
                files = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in KNOWN_SUFFIXES
                               and not any(part.startswith(".") for part in p.relative_to(path).parts))
                for file in files:
                    yield from _guard(str(file), lambda f=file: read_file(f, options))
            elif path.exists():
                yield from _guard(source, lambda p=path: read_file(p, options))
            else:
                yield ReadError(source, "no such file, folder or URL")


def _guard(source: str, read) -> Iterator[Article | ReadError]:
    """Run a reader; turn its failure into a ReadError naming the source."""
    try:
        items = list(read())
    except (InvalidInput, OSError, ValueError, UnicodeError) as exc:
        yield ReadError(source, str(exc) or type(exc).__name__)
        return
    yield from items


def read_file(path: Path, options: ReadOptions | None = None) -> Iterator[Article | ReadError]:
    options = options or ReadOptions()
    size = path.stat().st_size
    if size > options.max_bytes:
        raise InvalidInput(f"file is {size} bytes, over the limit of {options.max_bytes} bytes")
    data = path.read_bytes()
    if not data.strip():
        raise InvalidInput("file is empty")
    suffix = path.suffix.lower()
    kind = _sniff(data) if suffix not in KNOWN_SUFFIXES else suffix
    source = str(path)
    if kind in JSON_SUFFIXES:
        yield from read_json(decode(data, source), source, default_id=path.stem)
    elif kind in JSONL_SUFFIXES:
        yield from read_jsonl(decode(data, source), source)
    elif kind in FEED_SUFFIXES:
        from loaders.feeds import read_feed

        yield from read_feed(data, source, options)
    elif kind in HTML_SUFFIXES:
        from loaders.html import read_html

        yield read_html(data, source, article_id=path.stem)
    else:
        yield read_text(decode(data, source), source, article_id=path.stem)


def _sniff(data: bytes) -> str:
    head = data[:2048].lstrip().lower()
    if b"\x00" in data[:4096]:
        raise InvalidInput("file looks binary (NUL bytes), not an article")
    if head.startswith((b"{", b"[")):
        first = data.lstrip().split(b"\n", 1)[0].strip()
        return ".jsonl" if first.startswith(b"{") and first.endswith(b"}") and data.strip().count(b"\n") else ".json"
    if head.startswith(b"<?xml") and (b"<rss" in head or b"<feed" in head or b"<rdf" in head):
        return ".xml"
    if head.startswith((b"<!doctype html", b"<html")) or b"<body" in head:
        return ".html"
    return ".txt"


def decode(data: bytes, source: str) -> str:
    """UTF-8 (with or without BOM); else cp1252 when that decodes cleanly; else a clear error."""
    if b"\x00" in data[:4096]:
        raise InvalidInput("input looks binary (NUL bytes), not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        try:
            return data.decode("cp1252")
        except UnicodeDecodeError:
            raise InvalidInput(f"not valid UTF-8 (byte {exc.start}) nor cp1252 text") from None


def read_text(text: str, source: str, article_id: str | None = None, **meta) -> Article:
    """A plain-text or Markdown article; a leading ``# heading`` or short first line becomes the title."""
    lines = text.strip().splitlines()
    title = meta.pop("title", None)
    if title is None and lines:
        first = lines[0].strip().lstrip("#").strip()
        if len(first) <= 200 and not first.endswith("."):
            title = first
    body = clean_text(text)
    if not body.strip():
        raise InvalidInput("no article text after removing boilerplate")
    return Article(id=article_id or _content_id(body), text=body, title=title, source=source, **meta)


def _content_id(text: str) -> str:
    return "sha-" + text_fingerprint(text)[:16]


ARTICLE_FIELDS = ("id", "text", "url", "title", "published")


def article_from_dict(obj: object, source: str, default_id: str | None = None) -> Article:
    """An Article from a JSON object with ``text`` (required), ``id``, ``url``, ``title``, ``published``."""
    if not isinstance(obj, dict):
        raise InvalidInput(f"expected a JSON object for an article, got {type(obj).__name__}")
    text = obj.get("text", obj.get("content", obj.get("body")))
    if not isinstance(text, str) or not text.strip():
        raise InvalidInput("article object has no non-empty \"text\" string")
    for name in ("id", "url", "title", "published"):
        value = obj.get(name)
        if value is not None and not isinstance(value, str | int):
            raise InvalidInput(f"field {name!r} must be a string, got {type(value).__name__}")
    url = obj.get("url")
    article_id = obj.get("id")
    if article_id is None or str(article_id).strip() == "":
        article_id = url_id(url) if url else (default_id or _content_id(text))
    published = obj.get("published") or obj.get("date") or obj.get("published_at")
    if isinstance(published, str) and published:
        published = _lenient_date(published)
    return Article(id=str(article_id), text=clean_text(text), url=url, title=obj.get("title"),
                   published=published, source=source)


def _lenient_date(value: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value.strip()[:10])
    except ValueError:
        from email.utils import parsedate_to_datetime

        try:
            return parsedate_to_datetime(value).date()
        except (TypeError, ValueError):
            raise InvalidInput(f"published date {value!r} is not an ISO or RFC 2822 date") from None


def read_json(text: str, source: str, default_id: str | None = None) -> Iterator[Article | ReadError]:
    try:
        data = json.loads(text)
    except (json.JSONDecodeError, RecursionError) as exc:
        raise InvalidInput(f"invalid JSON: {exc}") from None
    if isinstance(data, list):
        for i, obj in enumerate(data):
            try:
                yield article_from_dict(obj, f"{source}[{i}]")
            except InvalidInput as exc:
                yield ReadError(f"{source}[{i}]", str(exc))
    else:
        yield article_from_dict(data, source, default_id=default_id)


def read_jsonl(text: str, source: str) -> Iterator[Article | ReadError]:
    for n, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{source}:{n}"
        try:
            yield article_from_dict(json.loads(line), where)
        except (json.JSONDecodeError, RecursionError) as exc:
            yield ReadError(where, f"invalid JSON: {exc}")
        except InvalidInput as exc:
            yield ReadError(where, str(exc))


def url_id(url: str) -> str:
    """A readable, stable article id for a URL: its last path words plus a short hash."""
    tail = slug(url.split("?")[0].rstrip("/").rsplit("/", 1)[-1])[:60] or "page"
    return f"{tail}-{text_fingerprint(url)[:8]}"


def _read_stdin(options: ReadOptions) -> Iterator[Article | ReadError]:
    data = sys.stdin.buffer.read(options.max_bytes + 1)
    if len(data) > options.max_bytes:
        raise InvalidInput(f"stdin is over the limit of {options.max_bytes} bytes")
    if not data.strip():
        raise InvalidInput("stdin is empty")
    kind = _sniff(data)
    if kind == ".json":
        yield from read_json(decode(data, "stdin"), "stdin")
    elif kind == ".jsonl":
        yield from read_jsonl(decode(data, "stdin"), "stdin")
    elif kind == ".html":
        from loaders.html import read_html

        yield read_html(data, "stdin")
    elif kind == ".xml":
        from loaders.feeds import read_feed

        yield from read_feed(data, "stdin", options)
    else:
        yield read_text(decode(data, "stdin"), "stdin")
