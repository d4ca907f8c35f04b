"""HTML pages → Article: main text by trafilatura (menus, footers, comments and teasers dropped),
title, date and canonical URL from the page's own metadata."""

from __future__ import annotations

import re

import trafilatura
from trafilatura.settings import use_config

from graph.errors import InvalidInput
from graph.model import Article
from loaders.boilerplate import clean_text

MIN_WORDS = 5  # a page with fewer words of main text (a menu, a caption) holds no article

_CONFIG = use_config()
_CONFIG.set("DEFAULT", "EXTRACTION_TIMEOUT", "0")  # no signal-based timeout: we may run off the main thread


MAX_ATTRIBUTES = 64  # per element; lxml's attribute handling is quadratic in their number (issue 15)
_LONG_TAG = re.compile(r"<([A-Za-z][A-Za-z0-9:_-]*)([^<>]{256,})>")
_ATTRIBUTE = re.compile(r"""\s*[^\s"'<>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?""")


def limit_attributes(html: str, keep: int = MAX_ATTRIBUTES) -> str:
    """Each element with more than ``keep`` attributes loses the ones after the first ``keep``: a page
    with 100,000 attributes on one element would otherwise cost minutes of parsing. Linear in the page.

    >>> limit_attributes('<p ' + ' '.join(f'a{i}="{i}"' for i in range(500)) + '>text</p>', keep=2)
    '<p a0="0" a1="1">text</p>'
    """
    def cut(match: re.Match) -> str:
        attrs, end, kept = match.group(2), 0, 0
        for attr in _ATTRIBUTE.finditer(attrs):
            if kept == keep:
                break
            end, kept = attr.end(), kept + 1
        return f"<{match.group(1)}{attrs[:end]}{'/' if attrs.rstrip().endswith('/') and end < len(attrs) else ''}>"

    return _LONG_TAG.sub(cut, html)


def read_html(data: bytes | str, source: str, article_id: str | None = None, url: str | None = None) -> Article:
    """The article in an HTML page; InvalidInput when the page has no article text."""
    from loaders.readers import decode, url_id

    html = limit_attributes(data if isinstance(data, str) else decode(data, source))
    try:
        text = trafilatura.extract(html, url=url, include_comments=False, include_tables=False,
                                   favor_precision=True, config=_CONFIG)
        meta = trafilatura.extract_metadata(html, default_url=url)
    except Exception as exc:  # trafilatura/lxml raise many types on broken markup
        raise InvalidInput(f"HTML could not be parsed: {exc}") from exc
    if not text or not text.strip():
        raise InvalidInput("no article text found in the HTML page")
    page_url = (meta.url if meta and meta.url else None) or url
    body = clean_text(text)
    if len(body.split()) < MIN_WORDS:
        raise InvalidInput(f"no article text found in the HTML page after removing boilerplate "
                           f"({len(body.split())} words left)")
    title = meta.title if meta else None
    if title and not body.startswith(title):
        body = f"{title}\n\n{body}"
    return Article(
        id=article_id or (url_id(page_url) if page_url else None) or _hash_id(body),
        text=body,
        url=page_url,
        title=title,
        published=(meta.date if meta and meta.date else None),
        source=source,
    )


def _hash_id(text: str) -> str:
    from graph.identity import text_fingerprint

    return "sha-" + text_fingerprint(text)[:16]
