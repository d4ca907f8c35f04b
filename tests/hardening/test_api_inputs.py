"""The API, second round (issue 15 parts 3 and 7): inputs that gave a 500 or did what they should not,
through the real app on a real SQLite file."""

from __future__ import annotations

import datetime as dt
import json
import re
import xml.etree.ElementTree as ET

import pytest
from fastapi.testclient import TestClient
from hypothesis import given, settings
from hypothesis import strategies as st

from api.app import create_app
from api.models import WEB_URL
from api.settings import Settings
from graph.embedded import EmbeddedStore
from graph.errors import InvalidInput
from graph.model import Actor
from loaders.readers import _web_url
from tests.conftest import make_extraction

GOOD = "Lithuania accused Belarus of sending drones over the border near Vilnius on {day}."
JSON = {"Content-Type": "application/json", "X-API-Key": "k"}


@pytest.fixture()
def service(tmp_path, extractor):
    store = EmbeddedStore(tmp_path / "api.db")
    store.upsert(make_extraction("before", "2024-01-05", [("LTU", "ACCUSES", "BLR", 0.9)]))
    with TestClient(create_app(Settings(api_key="k"), store=store, extractor=extractor),
                    raise_server_exceptions=False) as client:
        yield client, store
    store.close()


@pytest.mark.parametrize("body", [
    b'{"text": "x", "id": ' + b"9" * 5000 + b"}",
    b'[{"text": "x", "title": 1' + b"0" * 4400 + b"}]",
])
def test_a_huge_json_integer_is_a_400(service, body):
    client, store = service
    r = client.post("/articles", content=body, headers=JSON)
    assert r.status_code == 400 and "4300 digits" in r.json()["detail"], r.text


def test_lone_surrogates_fail_only_their_item(service):
    client, store = service
    body = ('[{"id": "s1", "text": "Lithuania \\ud800 accused Belarus."}, '
            '{"id": "s2", "title": "\\udfff", "text": "Belarus accused Lithuania."}, '
            f'{{"id": "s3", "text": "{GOOD.format(day="Monday")}"}}]')
    r = client.post("/articles", content=body.encode(), headers=JSON)
    assert r.status_code == 200, r.text
    assert [x["article_id"] for x in r.json()["results"]] == ["s3"]
    failures = r.json()["failures"]
    assert [f["index"] for f in failures] == [0, 1]
    assert "lone surrogate" in failures[0]["detail"] and "title" in failures[1]["detail"]


@pytest.mark.parametrize("query", [
    "since=9999-12-01&until=9999-12-31&bucket=year", "since=9999-12-01&until=9999-12-31&bucket=month",
    "since=9999-12-25&until=9999-12-31&bucket=week", "as_of=9999-12-31", "as_of=0001-01-01",
])
def test_tension_at_the_ends_of_the_calendar(service, query):
    client, store = service
    r = client.get(f"/tension?a=LTU&b=BLR&{query}")
    assert r.status_code == 200 or (r.status_code == 422 and "exceeds the limit" in r.json()["detail"]), r.text


def test_an_article_dated_far_in_the_future_is_refused_naming_its_date(service):
    client, store = service
    r = client.post("/articles", json={"id": "late", "text": GOOD.format(day="Friday"), "published": "9999-12-31"},
                    headers=JSON)
    assert r.status_code == 400 and "9999-12-31 is in the future" in r.json()["detail"]
    tomorrow = (dt.date.today() + dt.timedelta(days=1)).isoformat()  # a time zone ahead: still accepted
    r = client.post("/articles", json={"id": "soon", "text": GOOD.format(day="Saturday"), "published": tomorrow},
                    headers=JSON)
    assert r.status_code == 200, r.text
    assert client.get("/tension?a=LTU&b=BLR").status_code == 200


@pytest.mark.parametrize("url", ["http://127.0.0.1:1:2/", "http://[::1/x", "javascript:alert(1)", "http://h:99999/"])
def test_malformed_and_script_urls_are_a_400(service, url):
    client, store = service
    for item in ({"url": url}, {"url": url, "text": GOOD.format(day="Sunday")}):
        r = client.post("/articles", json=item, headers=JSON)
        assert r.status_code == 400, (item, r.text)
    assert store.stats().articles == 1


def test_ids_with_a_slash_are_reachable_and_control_characters_refused(service):
    client, store = service
    r = client.post("/articles", json={"id": "wire/2024/05/ltu", "text": GOOD.format(day="Monday")}, headers=JSON)
    assert r.status_code == 200, r.text
    got = client.get("/articles/wire/2024/05/ltu")
    assert got.status_code == 200 and got.json()["id"] == "wire/2024/05/ltu"
    for bad in ("tab\there", "bell\x07", "nul\x00"):
        r = client.post("/articles", json={"id": bad, "text": GOOD.format(day="Tuesday")}, headers=JSON)
        assert r.status_code == 400 and "control character" in r.json()["detail"], (bad, r.text)


@pytest.mark.parametrize("ctype", ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data", None])
def test_only_a_json_body_is_parsed(service, ctype):
    """A web page can POST text/plain or a form from a visitor's browser without a CORS preflight."""
    client, store = service
    headers = {"X-API-Key": "k", **({"Content-Type": ctype} if ctype else {})}
    r = client.post("/articles", content=json.dumps({"id": "csrf", "text": GOOD.format(day="Monday")}),
                    headers=headers)
    assert r.status_code == 415 and "application/json" in r.json()["detail"], r.text
    assert store.stats().articles == 1
    r = client.post("/articles", content=json.dumps({"id": "ok", "text": GOOD.format(day="Monday")}),
                    headers={"X-API-Key": "k", "Content-Type": "application/json; charset=utf-8"})
    assert r.status_code == 200


def test_graphml_stays_well_formed_with_control_characters_in_names(tmp_path):
    store = EmbeddedStore(tmp_path / "g.db")
    odd = [Actor(key="ODD", kind="Organization", name="Front\x00for\x0cthe Liberation"),
           Actor(key="BLR", kind="State", name="Belarus")]
    store.upsert(make_extraction("odd", "2024-05-01", [("ODD", "ACCUSES", "BLR", 0.9)], actors=odd))
    with TestClient(create_app(Settings(), store=store)) as client:
        r = client.get("/graph", params={"format": "graphml"})
    assert r.status_code == 200
    root = ET.fromstring(r.content)  # raises on a document that is not well-formed
    assert "Front\ufffdfor\ufffdthe Liberation" in ET.tostring(root, encoding="unicode")
    store.close()


def test_a_non_ascii_api_key_works_as_utf8(tmp_path, extractor):
    store = EmbeddedStore(tmp_path / "g.db")
    key = "clé-ключ"
    with TestClient(create_app(Settings(api_key=key), store=store, extractor=extractor)) as client:
        article = {"id": "k1", "text": GOOD.format(day="Monday")}
        assert client.post("/articles", json=article, headers={"X-API-Key": key.encode()}).status_code == 200
        latin = "clé".encode("latin-1")  # the same first letters in another encoding: not the key
        assert client.post("/articles", json=article, headers={"X-API-Key": latin}).status_code == 401
    store.close()


@settings(max_examples=500, deadline=None, derandomize=True)
@given(url=st.from_regex(WEB_URL))
def test_every_url_the_schema_admits_the_reader_accepts(url):
    """The OpenAPI schema tells clients which URLs POST /articles takes; a URL it admits must not be refused
    by the reader (a fuzzer found 'http://ñG]' admitted by the old pattern and refused by urlsplit)."""
    _web_url(url)


@pytest.mark.parametrize("url", ["http://ñG]x/", "http://h:65536/", "http://a＠b.org/", "https://[::zz]/"])
def test_urls_the_reader_refuses_are_outside_the_schema(url):
    assert not re.match(WEB_URL, url)
    with pytest.raises(InvalidInput):
        _web_url(url)
