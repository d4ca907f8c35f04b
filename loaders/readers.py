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

import codecs
import datetime as dt
import json
import os
import re
import stat
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from urllib.parse import urlsplit

from graph.errors import InvalidInput, LimitExceeded
from graph.identity import slug, text_fingerprint
from graph.model import Article
from loaders.boilerplate import clean_text
from loaders.dates import dateline, front_matter
from loaders.dates import parse_date as parse_human_date

TEXT_SUFFIXES = {".txt", ".text", ".md", ".markdown"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSON_SUFFIXES = {".json"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
FEED_SUFFIXES = {".xml", ".rss", ".atom", ".feed"}
KNOWN_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSON_SUFFIXES | JSONL_SUFFIXES | FEED_SUFFIXES
DUMP_SUFFIXES = JSON_SUFFIXES | JSONL_SUFFIXES | FEED_SUFFIXES  # files that hold many articles

MAX_ARTICLE_BYTES = 5 * 1024 * 1024  # larger articles (and text or HTML files) are refused, named, and the batch goes on
MAX_DUMP_BYTES = 512 * 1024 * 1024  # JSON, JSON Lines and feed files hold many articles
MAX_FETCHES = 50  # outbound fetches for one input: a feed's entries past this are refused, each named


@dataclass(slots=True)
class ReadError:
    """An input that gave no article: which input, and why."""

    source: str
    reason: str
    cause: Exception | None = field(default=None, repr=False, compare=False)  # the error behind it, if any

    def __str__(self) -> str:
        return f"{self.source}: {self.reason}"


@dataclass(slots=True)
class FetchBudget:
    """Outbound fetches left for one input (a feed links to many pages; each is a fetch)."""

    limit: int
    used: int = 0


@dataclass(slots=True)
class ReadOptions:
    fetch: bool = True  # fetch URLs and the pages that feed entries link to
    max_bytes: int = MAX_ARTICLE_BYTES  # one article's text, one text/HTML file, one fetched page
    max_file_bytes: int = MAX_DUMP_BYTES  # one JSON, JSON Lines or feed file
    timeout: float = 15.0  # seconds for one whole fetch (connect, headers, body, redirects)
    allow_hosts: frozenset[str] = frozenset()  # "host:port" (a bare host: ports 80, 443) that may be private
    max_fetches: int = MAX_FETCHES  # outbound fetches for one input (a feed's entries)
    follow_symlinks: bool = False  # in a folder, read symlinks that lead out of it
    published: dt.date | None = None  # the date of articles whose source gives none (--published)
    fetch_budget: FetchBudget | None = None  # set per input by per_input()

    def per_input(self) -> ReadOptions:
        """These options with a fresh fetch budget, for one input."""
        return replace(self, fetch_budget=FetchBudget(self.max_fetches))


def read_sources(sources: Iterable[str], options: ReadOptions | None = None) -> Iterator[Article | ReadError]:
    """Articles from every source in turn; a ReadError for each input that could not be read. A folder is
    read recursively, hidden files and folders skipped; a symlink in it that leads out of the folder is
    refused by name unless ``options.follow_symlinks``."""
    options = options or ReadOptions()
    for item in _read_sources(sources, options):
        yield date_article(item, options.published)


def date_article(item: Article | ReadError, published: dt.date | None = None) -> Article | ReadError:
    """An article whose source gave no date gets ``published`` (a date the user gave: --published), else
    the date of the dateline that opens its text ("GEORGETOWN, March 3 (Wire) -"); the text is unchanged.
    Its ``date_source`` says which."""
    if not isinstance(item, Article) or item.published is not None:
        return item
    if published is not None:
        item.published, item.date_source = published, "published"
        return item
    found = dateline(item.text)
    if found is not None:
        item.published, item.date_source = found.date, "dateline"
    return item


def _read_sources(sources: Iterable[str], options: ReadOptions) -> Iterator[Article | ReadError]:
    for source in sources:
        if source == "-":
            yield from guard("stdin", lambda: _read_stdin(options.per_input()))
        elif "://" in source or source.lower().startswith(("javascript:", "data:")):
            from loaders.fetch import read_url

            yield from guard(source, lambda s=source: read_url(s, options.per_input()))
        else:
            path = Path(source)
            name = display_path(path)
            if path.is_dir():
                for file, refused in _folder(path, options.follow_symlinks):
                    if refused:
                        yield ReadError(display_path(file), refused)
                    else:
                        yield from guard(display_path(file), lambda f=file: read_file(f, options.per_input()))
            elif path.exists():
                yield from guard(name, lambda p=path: read_file(p, options.per_input()))
            else:
                yield ReadError(name, "no such file, folder or URL")


def display_path(path: Path | str) -> str:
    r"""A path as text that can be printed and stored: bytes of a file name that are not UTF-8 (kept by
    Python as lone surrogates) shown as U+FFFD.

    >>> display_path(Path(b"caf\xe9.txt".decode("utf-8", "surrogateescape")))
    'caf\ufffd.txt'
    """
    return os.fsencode(str(path)).decode("utf-8", "replace")


def _folder(root: Path, follow_symlinks: bool) -> Iterator[tuple[Path, str | None]]:
    """The article files under ``root`` in name order, each with None or why it is refused. Symlinked
    folders are not entered; a symlinked file is read when it resolves inside ``root`` (or when
    ``follow_symlinks``)."""
    inside = root.resolve()
    found = []
    for folder, dirs, files in os.walk(root, followlinks=False):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in files:
            path = Path(folder, name)
            if name.startswith(".") or path.suffix.lower() not in KNOWN_SUFFIXES:
                continue
            found.append(path)
    for path in sorted(found):
        if path.is_symlink() and not follow_symlinks:
            target = path.resolve()
            if not target.is_relative_to(inside):
                yield path, ("a symlink that leads out of the folder; not followed (pass --follow-symlinks, "
                             "or TENSIONGRAPH_FOLLOW_SYMLINKS=1, to read it)")
                continue
        if path.is_file():
            yield path, None


def guard(source: str, read) -> Iterator[Article | ReadError]:
    """Run a reader; turn its failure into a ReadError naming the source."""
    try:
        items = list(read())
    except (InvalidInput, OSError, ValueError, UnicodeError, RecursionError) as exc:
        yield ReadError(source, str(exc) or type(exc).__name__, exc)
        return
    if not items:  # "[]", a JSON Lines file of blank lines: nothing to read is worth saying
        yield ReadError(source, "no article in this input")
    yield from items


def read_file(path: Path, options: ReadOptions | None = None) -> Iterator[Article | ReadError]:
    """The articles of one file, opened and read once: a FIFO or ``<(process substitution)`` is read whole
    (nothing lost to sniffing) and capped like a regular file."""
    options = options or ReadOptions()
    suffix = path.suffix.lower()
    with path.open("rb") as fh:
        info = os.fstat(fh.fileno())
        kind = suffix if suffix in KNOWN_SUFFIXES else None
        limit = options.max_file_bytes if kind is None or kind in DUMP_SUFFIXES else options.max_bytes
        if stat.S_ISREG(info.st_mode) and info.st_size > limit:
            raise InvalidInput(f"file is {info.st_size} bytes, over the limit of {limit} bytes")
        data = fh.read(limit + 1)
    if kind is None:
        kind = _sniff(data)
        if kind not in DUMP_SUFFIXES:
            limit = options.max_bytes
    if len(data) > limit:
        raise InvalidInput(f"file is over the limit of {limit} bytes")
    if not data.strip():
        raise InvalidInput("file is empty")
    yield from _read_data(data, kind, display_path(path), options, stem=display_path(path.stem))


def _read_data(data: bytes, kind: str, source: str, options: ReadOptions,
               stem: str | None = None) -> Iterator[Article | ReadError]:
    """The articles in ``data`` of ``kind`` (a suffix); ``stem`` names a single article without an id."""
    if kind in JSON_SUFFIXES:
        yield from read_json(decode(data, source), source, default_id=stem, max_bytes=options.max_bytes)
    elif kind in JSONL_SUFFIXES:
        yield from read_jsonl(decode(data, source), source, max_bytes=options.max_bytes)
    elif kind in FEED_SUFFIXES:
        from loaders.feeds import read_feed

        yield from read_feed(data, source, options)
    elif kind in HTML_SUFFIXES:
        from loaders.html import read_html

        yield read_html(data, source, article_id=stem)
    else:
        yield read_text(decode(data, source), source, article_id=stem)


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


def _cp1252_fallback(exc: UnicodeError) -> tuple[str, int]:
    """Codec error handler: a byte that is not UTF-8 is read as cp1252 (the usual culprit in mixed files)."""
    assert isinstance(exc, UnicodeDecodeError)
    return exc.object[exc.start:exc.end].decode("cp1252", errors="replace"), exc.end


codecs.register_error("tensiongraph-cp1252", _cp1252_fallback)


def decode(data: bytes, source: str) -> str:
    r"""UTF-8 (with or without BOM), where any byte that is not UTF-8 is read as cp1252: so UTF-8, cp1252 and
    files mixing both come out right. A clear error for binary data or text that is neither.

    >>> decode("Türkiye".encode() + b" \x93says\x94", "mixed.txt")
    'Türkiye “says”'
    """
    if b"\x00" in data[:4096]:
        raise InvalidInput("input looks binary (NUL bytes), not text")
    text = data.decode("utf-8-sig", errors="tensiongraph-cp1252")
    unreadable = text.count("\ufffd") - data.decode("utf-8", errors="ignore").count("\ufffd")
    if unreadable > max(3, len(text) // 100):
        raise InvalidInput(f"not text: {unreadable} bytes are neither UTF-8 nor cp1252")
    return text


def read_text(text: str, source: str, article_id: str | None = None, **meta) -> Article:
    """A plain-text or Markdown article; a leading ``# heading`` or short first line becomes the title.
    YAML front matter (``---`` lines around ``title:``, ``date:``, ``url:``, ``id:``) or a first ``Date:``
    line gives its metadata."""
    head, text = front_matter(text)
    if head.get("date") or head.get("published"):
        meta.setdefault("published", parse_human_date(head.get("published") or head.get("date")))
        meta.setdefault("date_source", "published")
    for name in ("title", "url"):
        if isinstance(head.get(name), str) and head[name].strip():
            meta.setdefault(name, head[name].strip())
    if head.get("id") is not None and str(head["id"]).strip():
        article_id = str(head["id"]).strip()
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


def article_from_dict(obj: object, source: str, default_id: str | None = None,
                      max_bytes: int = MAX_ARTICLE_BYTES) -> Article:
    """An Article from a JSON object with ``text`` (required), ``id``, ``url``, ``title``, ``published``."""
    if not isinstance(obj, dict):
        raise InvalidInput(f"expected a JSON object for an article, got {type(obj).__name__}")
    text = obj.get("text", obj.get("content", obj.get("body")))
    if not isinstance(text, str) or not text.strip():
        raise InvalidInput("article object has no non-empty \"text\" string")
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > max_bytes:
        raise LimitExceeded("article text (bytes)", max_bytes, size)
    for name in ("id", "url", "title", "published"):
        value = obj.get(name)
        if value is not None and not isinstance(value, str | int):
            raise InvalidInput(f"field {name!r} must be a string, got {type(value).__name__}")
    for name, value in [("text", text), *((n, obj.get(n)) for n in ("id", "url", "title", "published"))]:
        if isinstance(value, str):
            _unicode(name, value)
    url = obj.get("url")
    if url is not None:
        _web_url(str(url))
    article_id = obj.get("id")
    if isinstance(article_id, str) and _CONTROL.search(article_id):
        raise InvalidInput(f"field 'id' {article_id[:80]!r} contains a control character; ids are refused with "
                           "them (they could not be asked for by URL)")
    if article_id is None or str(article_id).strip() == "":
        article_id = url_id(url) if url else (default_id or _content_id(text))
    published = obj.get("published") or obj.get("date") or obj.get("published_at")
    if isinstance(published, str) and published:
        published = _lenient_date(published)
    return Article(id=str(article_id), text=clean_text(text), url=url, title=obj.get("title"),
                   published=published, source=source)


_WEB_URL = re.compile(r"^https?://[^\x00-\x1f\x7f]+$", re.IGNORECASE)
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def _web_url(url: str) -> None:
    """Refuse an article URL that is not a well-formed http(s) URL (``javascript:``, a bad port, no host)."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 (raises ValueError for 'http://h:1:2/' or a port over 65535)
    except ValueError as exc:
        raise InvalidInput(f"field 'url' {url[:80]!r} is not a valid URL ({exc})") from None
    if not _WEB_URL.match(url) or not parts.hostname:
        raise InvalidInput(f"field 'url' {url[:80]!r} is not an http or https URL")


def _unicode(name: str, value: str) -> None:
    r"""Refuse a string holding a lone surrogate (JSON allows ``"\ud800"``; it is not text and no store
    can keep it), naming the field and the position.

    >>> _unicode("text", "ok \ud800")
    Traceback (most recent call last):
    ...
    graph.errors.InvalidInput: field 'text' holds a lone surrogate (U+D800 at character 3), which is not text
    """
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise InvalidInput(f"field {name!r} holds a lone surrogate (U+{ord(value[exc.start]):04X} at character "
                           f"{exc.start}), which is not text") from None


def _lenient_date(value: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value.strip()[:10])
    except ValueError:
        from email.utils import parsedate_to_datetime

        try:
            return parsedate_to_datetime(value).date()
        except (TypeError, ValueError):
            raise InvalidInput(f"published date {value!r} is not an ISO or RFC 2822 date") from None


def read_json(text: str, source: str, default_id: str | None = None,
              max_bytes: int = MAX_ARTICLE_BYTES) -> Iterator[Article | ReadError]:
    try:
        data = json.loads(text)
    except (ValueError, RecursionError) as exc:  # ValueError: also a number over 4,300 digits
        raise InvalidInput(f"invalid JSON: {exc}") from None
    if isinstance(data, list):
        for i, obj in enumerate(data):
            try:
                yield article_from_dict(obj, f"{source}[{i}]", max_bytes=max_bytes)
            except InvalidInput as exc:
                yield ReadError(f"{source}[{i}]", str(exc), exc)
    else:
        yield article_from_dict(data, source, default_id=default_id, max_bytes=max_bytes)


def read_jsonl(text: str, source: str, max_bytes: int = MAX_ARTICLE_BYTES) -> Iterator[Article | ReadError]:
    for n, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{source}:{n}"
        try:
            yield article_from_dict(json.loads(line), where, max_bytes=max_bytes)
        except InvalidInput as exc:
            yield ReadError(where, str(exc), exc)
        except (ValueError, RecursionError) as exc:  # ValueError: also a number over 4,300 digits
            yield ReadError(where, f"invalid JSON: {exc}")


def url_id(url: str) -> str:
    """A readable, stable article id for a URL: its last path words plus a short hash."""
    tail = slug(url.split("?")[0].rstrip("/").rsplit("/", 1)[-1])[:60] or "page"
    return f"{tail}-{text_fingerprint(url)[:8]}"


def _read_stdin(options: ReadOptions) -> Iterator[Article | ReadError]:
    data = sys.stdin.buffer.read(options.max_file_bytes + 1)
    if len(data) > options.max_file_bytes:
        raise InvalidInput(f"stdin is over the limit of {options.max_file_bytes} bytes")
    if not data.strip():
        raise InvalidInput("stdin is empty")
    kind = _sniff(data)
    if kind in (".html", ".txt") and len(data) > options.max_bytes:
        raise InvalidInput(f"stdin is {len(data)} bytes, over the article limit of {options.max_bytes} bytes")
    yield from _read_data(data, kind, "stdin", options)
