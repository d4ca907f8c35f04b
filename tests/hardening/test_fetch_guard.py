"""Fetching, second round (issue 15 parts 1 and 4): the address checked is the address connected to (DNS
rebinding), allow-list entries are host *and* port, IPv6 forms that carry an IPv4 address are refused,
refusals do not name the resolved address, one deadline bounds a fetch whose headers are dripped, and the
fetches one input may cause are capped (a feed linking to itself, a feed of many pages)."""

from __future__ import annotations

import socket
import time

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.settings import Settings
from graph.embedded import EmbeddedStore
from loaders.readers import ReadError, ReadOptions, read_sources
from tests.hardening.web import WebServer


@pytest.fixture(scope="module")
def web():
    with WebServer() as server:
        yield server


def test_dns_rebinding_cannot_reach_a_private_address(web, monkeypatch):
    """A name whose first DNS answer is public and whose later answers are 127.0.0.1 (what a rebinding DNS
    server does) must never be fetched from 127.0.0.1. The system resolver is replaced for that one name."""
    real = socket.getaddrinfo
    asked = []

    def rebinding(host, port, *args, **kwargs):
        if host != "rebind.example":
            return real(host, port, *args, **kwargs)
        asked.append(host)
        address = "93.184.216.34" if len(asked) == 1 else "127.0.0.1"
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, port))]

    monkeypatch.setattr(socket, "getaddrinfo", rebinding)
    hits = web.hits
    [item] = list(read_sources([web.url("/article.html", host="rebind.example")], ReadOptions(timeout=1)))
    assert isinstance(item, ReadError), "the internal page was fetched"
    assert web.hits == hits, "a request reached the private server"
    assert asked == ["rebind.example"], "the host was resolved more than once"


def test_a_name_resolving_to_public_and_private_addresses_is_refused(web, monkeypatch):
    real = socket.getaddrinfo

    def both(host, port, *args, **kwargs):
        if host != "mixed.example":
            return real(host, port, *args, **kwargs)
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (a, port)) for a in ("93.184.216.34", "127.0.0.1")]

    monkeypatch.setattr(socket, "getaddrinfo", both)
    [item] = list(read_sources([web.url("/article.html", host="mixed.example")], ReadOptions(timeout=1)))
    assert isinstance(item, ReadError) and "not a public address" in item.reason
    assert "127.0.0.1" not in item.reason and "93.184" not in item.reason  # no DNS probe through messages


def test_allow_list_entries_match_host_and_port(web):
    with WebServer() as other:
        allow = ReadOptions(timeout=2, allow_hosts=frozenset({f"127.0.0.1:{web.port}"}))
        [ok] = list(read_sources([web.url("/article.html")], allow))
        assert not isinstance(ok, ReadError), ok
        [redirected] = list(read_sources([web.url(f"/redirect-to-port-{other.port}")], allow))
        assert isinstance(redirected, ReadError) and f"port {other.port}" in redirected.reason
        assert "not a public address" in redirected.reason and other.hits == 0
        bare = ReadOptions(timeout=2, allow_hosts=frozenset({"127.0.0.1"}))  # a bare host: ports 80 and 443 only
        [refused] = list(read_sources([web.url("/article.html")], bare))
        assert isinstance(refused, ReadError) and "not a public address" in refused.reason


@pytest.mark.parametrize("host", [
    "[::127.0.0.1]",  # IPv4-compatible
    "[::ffff:127.0.0.1]",  # IPv4-mapped
    "[2002:7f00:1::1]",  # 6to4 of 127.0.0.1
    "[64:ff9b::7f00:1]",  # NAT64 of 127.0.0.1
    "[64:ff9b:1::a00:1]",  # local-use NAT64 of 10.0.0.1
    "[64:ff9b::808:808]",  # NAT64 even of a public address: refused outright
])
def test_ipv6_forms_that_carry_an_ipv4_address_are_refused(web, host):
    [item] = list(read_sources([f"http://{host}:{web.port}/article.html"], ReadOptions(timeout=1)))
    assert isinstance(item, ReadError) and "not a public address" in item.reason, item


def test_refusals_do_not_name_the_resolved_address(web):
    [item] = list(read_sources([web.url("/article.html", host="localhost")], ReadOptions(timeout=1)))
    assert isinstance(item, ReadError) and "'localhost'" in item.reason
    assert "127.0.0.1" not in item.reason and "::1" not in item.reason


@pytest.mark.parametrize("url", ["http://127.0.0.1:1:2/", "http://[::1/", "http://h:99999/", "javascript:alert(1)"])
def test_malformed_urls_are_named(url):
    [item] = list(read_sources([url], ReadOptions(timeout=1)))
    assert isinstance(item, ReadError) and url[:20] in item.reason, item


@pytest.mark.slow
def test_dripped_headers_end_at_the_fetch_deadline(web):
    """Headers one byte every 0.3 s: each read succeeds in time, so only a whole-fetch deadline stops it
    (the whole response would take over 70 s)."""
    options = ReadOptions(timeout=1.5, allow_hosts=frozenset({f"127.0.0.1:{web.port}"}))
    start = time.monotonic()
    [item] = list(read_sources([web.url("/drip-headers")], options))
    assert isinstance(item, ReadError) and "timed out after 1.5 s" in item.reason, item
    assert time.monotonic() - start < 5


@pytest.mark.slow
def test_a_feed_linking_to_itself_is_not_followed(web):
    options = ReadOptions(timeout=2, allow_hosts=frozenset({f"127.0.0.1:{web.port}"}))
    hits = web.hits
    items = list(read_sources([web.url("/self-feed.xml")], options))
    assert len(items) == 3 and all(isinstance(i, ReadError) and "feeds inside feeds" in i.reason for i in items)
    assert web.hits - hits == 4  # the feed, and each entry's link once


@pytest.mark.slow
def test_fetches_for_one_input_are_capped_and_the_rest_named(web):
    options = ReadOptions(timeout=2, allow_hosts=frozenset({f"127.0.0.1:{web.port}"}), max_fetches=10)
    hits = web.hits
    items = list(read_sources([web.url("/many-feed.xml"), web.url("/article.html?n=last")], options))
    assert web.hits - hits == 11  # 10 for the feed and its first 9 entries; the next input has its own budget
    refused = [i for i in items if isinstance(i, ReadError)]
    assert len(refused) == 71 and all("fetches for one input exceeds the limit of 10" in i.reason for i in refused)
    assert not isinstance(items[-1], ReadError)


@pytest.mark.slow
def test_one_posted_feed_makes_a_bounded_number_of_fetches(web, tmp_path, extractor):
    settings = Settings(api_key="k", max_fetches=5, fetch_allow_hosts=[f"127.0.0.1:{web.port}"])
    hits = web.hits
    with EmbeddedStore(tmp_path / "g.db") as store, TestClient(create_app(settings, store=store, extractor=extractor),
                                                                headers={"X-API-Key": "k"}) as client:
        r = client.post("/articles", json={"url": web.url("/many-feed.xml")})
    assert r.status_code == 200, r.text
    assert web.hits - hits == 5
    assert len(r.json()["results"]) + len(r.json()["failures"]) == 80
