"""Fetch URLs with httpx: time-outs, a size cap, a content-type check, and no requests to private,
loopback, link-local or metadata addresses unless the host is allowed explicitly."""

from __future__ import annotations

import ipaddress
import socket
import time
from collections.abc import Iterator
from urllib.parse import urljoin, urlsplit

import httpx

from graph.errors import InvalidInput
from graph.model import Article

USER_AGENT = "tensiongraph/0.1 (+news reader for a diplomatic tension graph)"
MAX_REDIRECTS = 5
ALLOWED_TYPES = ("text/html", "application/xhtml+xml", "text/plain", "application/json", "application/rss+xml",
                 "application/atom+xml", "application/xml", "text/xml", "application/x-ndjson")


def check_address(url: str, allow_hosts: frozenset[str] = frozenset()) -> None:
    """Refuse URLs that are not http(s) or whose host resolves to a non-public address."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise InvalidInput(f"{url}: only http and https URLs with a host can be fetched")
    host = parts.hostname
    if host in allow_hosts:
        return
    try:
        infos = socket.getaddrinfo(host, parts.port or (443 if parts.scheme == "https" else 80))
    except socket.gaierror as exc:
        raise InvalidInput(f"{url}: host {host!r} does not resolve ({exc})") from None
    for info in infos:
        addr = ipaddress.ip_address(info[4][0])
        if not addr.is_global:
            raise InvalidInput(f"{url}: host {host!r} resolves to non-public address {addr}; refused")


def fetch(url: str, *, max_bytes: int, timeout: float, allow_hosts: frozenset[str] = frozenset()) -> tuple[bytes, str, str]:
    """(body, content type, final URL); every redirect is checked like the first URL. ``timeout`` bounds
    each connect and read, and the whole fetch of one URL with its redirects (a server that drips bytes
    slowly is cut off too)."""
    seen = 0
    deadline = time.monotonic() + timeout
    with httpx.Client(timeout=timeout, follow_redirects=False, headers={"User-Agent": USER_AGENT}) as client:
        while True:
            check_address(url, allow_hosts)
            try:
                with client.stream("GET", url) as response:
                    if response.is_redirect:
                        seen += 1
                        if seen > MAX_REDIRECTS:
                            raise InvalidInput(f"{url}: more than {MAX_REDIRECTS} redirects")
                        url = urljoin(url, response.headers.get("location", ""))
                        continue
                    if response.status_code >= 400:
                        raise InvalidInput(f"{url}: HTTP {response.status_code}")
                    ctype = response.headers.get("content-type", "").split(";")[0].strip().lower()
                    if ctype and not ctype.startswith(ALLOWED_TYPES):
                        raise InvalidInput(f"{url}: content type {ctype!r} is not an article")
                    declared = int(response.headers.get("content-length") or 0)
                    if declared > max_bytes:
                        raise InvalidInput(f"{url}: {declared} bytes is over the limit of {max_bytes} bytes")
                    body = bytearray()
                    for chunk in response.iter_bytes():
                        body += chunk
                        if time.monotonic() > deadline:
                            raise InvalidInput(f"{url}: timed out after {timeout} s")
                        if len(body) > max_bytes:
                            raise InvalidInput(f"{url}: body is over the limit of {max_bytes} bytes")
                    return bytes(body), ctype, str(response.url)
            except httpx.TimeoutException:
                raise InvalidInput(f"{url}: timed out after {timeout} s") from None
            except httpx.HTTPError as exc:
                raise InvalidInput(f"{url}: {type(exc).__name__}: {exc}") from None


def read_url(url: str, options) -> Iterator[Article]:
    """The article (or, for a feed, the articles) at a URL."""
    from loaders.feeds import read_feed
    from loaders.html import read_html
    from loaders.readers import decode, read_json, read_jsonl, read_text, url_id

    if not options.fetch:
        raise InvalidInput(f"{url}: fetching is off")
    body, ctype, final = fetch(url, max_bytes=options.max_bytes, timeout=options.timeout,
                               allow_hosts=getattr(options, "allow_hosts", frozenset()))
    head = body[:1024].lstrip().lower()
    if "rss" in ctype or "atom" in ctype or (ctype.endswith("xml") and (b"<rss" in head or b"<feed" in head)):
        yield from read_feed(body, url, options)
    elif ctype == "application/json":
        yield from read_json(decode(body, url), url, max_bytes=options.max_bytes)
    elif ctype == "application/x-ndjson":
        yield from read_jsonl(decode(body, url), url, max_bytes=options.max_bytes)
    elif ctype == "text/plain":
        yield read_text(decode(body, url), url, article_id=url_id(final), url=final)
    else:
        yield read_html(body, url, article_id=url_id(final), url=final)
