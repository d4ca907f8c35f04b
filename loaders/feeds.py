"""RSS and Atom feeds → Articles, by feedparser: per entry the linked page when fetching is on, else the
entry's own summary or content. A broken entry is reported by its position and link; the rest go on."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

import feedparser

from graph.errors import InvalidInput
from graph.model import Article

if TYPE_CHECKING:
    from loaders.readers import ReadError


def read_feed(data: bytes, source: str, options) -> Iterator[Article | ReadError]:
    from loaders.readers import ReadError, read_text, url_id

    feed = feedparser.parse(data)
    if not any(e.get(k) for e in feed.entries for k in ("link", "title", "summary", "content")):
        problem = getattr(feed, "bozo_exception", None)
        raise InvalidInput(f"feed has no entries{f' ({problem})' if problem else ''}")
    for i, entry in enumerate(feed.entries):
        link = entry.get("link")
        where = f"{source} entry {i + 1}" + (f" ({link})" if link else "")
        try:
            published = _entry_date(entry)
            if options.fetch and link:
                from loaders.fetch import read_url

                for article in read_url(link, options, in_feed=True):
                    if isinstance(article, Article) and article.published is None:  # else a ReadError, passed on
                        article.published = published
                    yield article
                continue
            html = ""
            if entry.get("content"):
                html = entry.content[0].get("value", "")
            html = html or entry.get("summary", "")
            text = re.sub(r"<[^>]+>", " ", html)
            title = entry.get("title")
            body = f"{title}\n\n{text}" if title else text
            if not text.strip():
                raise InvalidInput("entry has neither a summary nor content")
            yield read_text(body, where, article_id=entry.get("id") and url_id(entry.get("id")) or (link and url_id(link)),
                            url=link, title=title, published=published)
        except InvalidInput as exc:
            yield ReadError(where, str(exc))


def _entry_date(entry) -> dt.date | None:
    for field in ("published_parsed", "updated_parsed"):
        value = entry.get(field)
        if value:
            return dt.date(value.tm_year, value.tm_mon, value.tm_mday)
    return None
