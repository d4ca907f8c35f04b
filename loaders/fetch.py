"""Fetch URLs with httpx: one deadline for the whole fetch (redirects and dripped headers included), a size
cap, a content-type check, and no connection to private, loopback, link-local or metadata addresses unless
the host and port are allow-listed: :mod:`loaders.netguard` checks the very address that is connected to."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import TYPE_CHECKING
from urllib.parse import urljoin, urlsplit

import httpcore
import httpx

from graph.errors import InvalidInput, LimitExceeded
from graph.model import Article
from loaders.netguard import GuardedBackend, Resolver, parse_allow, system_resolver

if TYPE_CHECKING:
    from loaders.readers import ReadError

USER_AGENT = "tensiongraph/0.1 (+news reader for a diplomatic tension graph)"
MAX_REDIRECTS = 5
ALLOWED_TYPES = ("text/html", "application/xhtml+xml", "text/plain", "application/json", "application/rss+xml",
                 "application/atom+xml", "application/xml", "text/xml", "application/x-ndjson")
FEED_TYPES = ("rss", "atom")


def check_url(url: str) -> None:
    """Refuse what is not an http(s) URL with a host and a valid port, naming the URL."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 (raises ValueError for 'http://h:1:2/' or a port over 65535)
    except ValueError as exc:
        raise InvalidInput(f"{url[:300]}: not a valid URL ({exc})") from None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise InvalidInput(f"{url[:300]}: only http and https URLs with a host can be fetched")


def fetch(url: str, *, max_bytes: int, timeout: float, allow_hosts: frozenset[str] = frozenset(),
          resolve: Resolver = system_resolver) -> tuple[bytes, str, str]:
    """(body, content type, final URL). ``timeout`` bounds the whole fetch of one URL with its redirects:
    connecting, every header byte and every body byte. Each connection (the first and each redirect's) goes
    to an address checked at connect time (see loaders.netguard)."""
    deadline = time.monotonic() + timeout
    backend = GuardedBackend(parse_allow(allow_hosts), deadline, resolve)
    transport = httpx.HTTPTransport()
    transport._pool = httpcore.ConnectionPool(network_backend=backend)  # httpx==0.28.1 takes no backend argument
    seen = 0
    with httpx.Client(transport=transport, timeout=timeout, follow_redirects=False, trust_env=False,
                      headers={"User-Agent": USER_AGENT}) as client:
        while True:
            check_url(url)
            try:
                with client.stream("GET", url) as response:
                    if response.is_redirect:
                        seen += 1
                        if seen > MAX_REDIRECTS:
                            raise InvalidInput(f"{url}: more than {MAX_REDIRECTS} redirects")
                        url = urljoin(url, response.headers.get("location", ""))
                        continue
                    return _body(url, response, max_bytes, timeout, deadline)
            except InvalidInput as exc:
                raise InvalidInput(str(exc) if str(exc).startswith(url) else f"{url}: {exc}") from None
            except httpx.TimeoutException:
                raise InvalidInput(f"{url}: timed out after {timeout} s") from None
            except (httpx.HTTPError, httpx.InvalidURL, ValueError, UnicodeError) as exc:
                raise InvalidInput(f"{url}: {type(exc).__name__}: {exc}") from None


def _body(url: str, response: httpx.Response, max_bytes: int, timeout: float, deadline: float) -> tuple[bytes, str, str]:
    if response.status_code >= 400:
        raise InvalidInput(f"HTTP {response.status_code}")
    ctype = response.headers.get("content-type", "").split(";")[0].strip().lower()
    if ctype and not ctype.startswith(ALLOWED_TYPES):
        raise InvalidInput(f"content type {ctype!r} is not an article")
    declared = response.headers.get("content-length") or "0"
    if not declared.isdigit():
        raise InvalidInput(f"Content-Length {declared[:40]!r} is not a number")
    if int(declared) > max_bytes:
        raise InvalidInput(f"{int(declared)} bytes is over the limit of {max_bytes} bytes")
    body = bytearray()
    for chunk in response.iter_bytes():
        body += chunk
        if time.monotonic() > deadline:
            raise InvalidInput(f"timed out after {timeout} s")
        if len(body) > max_bytes:
            raise InvalidInput(f"body is over the limit of {max_bytes} bytes")
    return bytes(body), ctype, str(response.url)


def count_fetch(url: str, options) -> None:
    """One more outbound fetch for the input being read; LimitExceeded naming the URL past the cap."""
    budget = getattr(options, "fetch_budget", None)
    if budget is None:
        return
    if budget.used >= budget.limit:
        raise LimitExceeded(f"{url}: fetches for one input", budget.limit)
    budget.used += 1


def read_url(url: str, options, in_feed: bool = False) -> Iterator[Article | ReadError]:
    """The article (or, for a feed, the articles) at a URL. ``in_feed``: the URL is a feed entry's link, and
    a feed found there is not read (a feed that links to itself, or to other feeds, is not followed)."""
    from loaders.feeds import read_feed
    from loaders.html import read_html
    from loaders.readers import decode, read_json, read_jsonl, read_text, url_id

    if not options.fetch:
        raise InvalidInput(f"{url}: fetching is off")
    count_fetch(url, options)
    body, ctype, final = fetch(url, max_bytes=options.max_bytes, timeout=options.timeout,
                               allow_hosts=getattr(options, "allow_hosts", frozenset()))
    head = body[:1024].lstrip().lower()
    if any(t in ctype for t in FEED_TYPES) or (ctype.endswith("xml") and (b"<rss" in head or b"<feed" in head)):
        if in_feed:
            raise InvalidInput(f"{url}: a feed entry links to a feed; feeds inside feeds are not followed")
        yield from read_feed(body, url, options)
    elif ctype == "application/json":
        yield from read_json(decode(body, url), url, max_bytes=options.max_bytes)
    elif ctype == "application/x-ndjson":
        yield from read_jsonl(decode(body, url), url, max_bytes=options.max_bytes)
    elif ctype == "text/plain":
        yield read_text(decode(body, url), url, article_id=url_id(final), url=final)
    else:
        yield read_html(body, url, article_id=url_id(final), url=final)
