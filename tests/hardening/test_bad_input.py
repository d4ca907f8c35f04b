"""Bad input to every reader, to the ingest command and to POST /articles: each bad input gets an error
naming it, the rest of the batch goes on, and nothing already stored changes."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from api.app import create_app
from api.cli import app as cli
from api.settings import Settings
from graph.embedded import EmbeddedStore
from loaders.readers import ReadError, ReadOptions, read_sources
from tests.conftest import make_extraction
from tests.contents import snapshot
from tests.hardening.web import WebServer

GOOD = "Ruritania accused Borduria of moving troops to the border on Tuesday, the foreign ministry said."

SCRIPTS = ("<html><head><style>body { color: red } .ad { display: none }</style>"
           "<script>function track() { return 'Iran accused Israel'; }</script></head><body>"
           + "<script>var x = 1;</script>" * 200
           + "<article><p>Azerbaijan accused Armenia of shelling villages near the border on Sunday night, "
             "the defence ministry in Baku said in a statement.</p></article>"
           + "<style>p { margin: 0 }</style>" * 200 + "</body></html>")

BROKEN_FEED = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>
<item><title>Only a title</title><link>https://news.example.org/a</link></item>
<item><title>Turkey backs Azerbaijan</title><link>https://news.example.org/b</link>
<description>Turkey pledged to support Azerbaijan, the Turkish defence minister said.</description>
<pubDate>not a date at all</pubDate></item>
<item><description></description></item>
</channel></rss>"""


def write_inputs(folder) -> dict[str, str]:
    """Bad files, each with the words its error must contain, plus one good file."""
    folder.mkdir()
    cases = {
        "empty.txt": (b"", "empty"),
        "blank.md": (b"  \n\n\t ", "empty"),
        "binary.txt": (bytes(range(256)) * 8, "binary"),
        "photo.dat": (b"\x89PNG\r\n\x1a\n" + bytes(4096), "binary"),
        "neither.txt": (b"\x81\x8d\x8f\x90\x9d" * 200, "neither UTF-8 nor cp1252"),
        "huge.txt": (b"Ruritania accused Borduria. " * (50 * 1024 * 1024 // 28 + 1), "over the limit"),
        "wrong-types.json": (json.dumps({"id": "x", "text": 42}).encode(), '"text" string'),
        "bad-date.json": (json.dumps({"id": "y", "text": GOOD, "published": "yesterday-ish"}).encode(), "published date"),
        "bad-id.json": (json.dumps({"id": ["a"], "text": GOOD}).encode(), "'id' must be a string"),
        "missing.json": (json.dumps({"id": "z", "title": "no text"}).encode(), '"text" string'),
        "deep.json": (b"[" * 200_000 + b"]" * 200_000, "JSON"),
        "cut.json": (b'{"id": "c", "text": "Ruritania acc', "invalid JSON"),
        "not-a-feed.xml": (b"<?xml version='1.0'?><rss><channel><item>", "no entries"),
        "no-article.html": (b"<html><body><nav>Home</nav><script>x()</script></body></html>", "no article text"),
    }
    for name, (data, _) in cases.items():
        (folder / name).write_bytes(data)
    (folder / "good.txt").write_text(GOOD)
    (folder / "scripts.html").write_text(SCRIPTS)
    (folder / "mixed.txt").write_bytes("Türkiye".encode() + b" accused Armenia of \x93provocations\x94 on Monday.")
    (folder / "lines.jsonl").write_bytes(b'{"id": "l1", "text": "Chad accused Sudan of arming rebels."}\n'
                                         b'{"id": "l2", "text": 7}\n{broken\n'
                                         b'{"id": "l4", "text": "Niger denied the claims."}\n')
    (folder / "feed.xml").write_bytes(BROKEN_FEED)
    return {name: words for name, (_, words) in cases.items()}


def test_every_reader_names_the_bad_input_and_goes_on(tmp_path):
    expected = write_inputs(tmp_path / "in")
    sources = [str(tmp_path / "in"), str(tmp_path / "in" / "photo.dat"), str(tmp_path / "nowhere.txt")]
    items = list(read_sources(sources, ReadOptions(fetch=False)))
    errors = {e.source.removeprefix(f"{tmp_path}/").removeprefix("in/"): e.reason
              for e in items if isinstance(e, ReadError)}
    articles = {a.id: a for a in items if not isinstance(a, ReadError)}
    for name, words in expected.items():
        assert name in errors, f"{name} gave no error"
        assert words in errors[name], f"{name}: {errors[name]!r} lacks {words!r}"
    assert "no such file" in errors["nowhere.txt"]
    # the JSON Lines file: bad lines named by number, good lines read
    assert "lines.jsonl:2" in errors and "lines.jsonl:3" in errors and {"l1", "l4"} <= set(articles)
    # the feed: the entry without text and the empty entry are named, the good entry is read
    assert "feed.xml entry 1 (https://news.example.org/a)" in errors and "feed.xml entry 3" in errors
    assert any(a.title == "Turkey backs Azerbaijan" and a.published is None for a in articles.values())
    # good inputs in the same batch are read, and read right
    assert articles["good"].text == GOOD
    assert articles["mixed"].text == "Türkiye accused Armenia of “provocations” on Monday."
    page = articles["scripts"].text
    assert "Baku said" in page and "function" not in page and "color" not in page and "var x" not in page


def test_ingest_of_a_bad_batch_keeps_what_was_stored(tmp_path):
    write_inputs(tmp_path / "in")
    db = tmp_path / "g.db"
    with EmbeddedStore(db) as store:
        store.upsert(make_extraction("before", "2024-01-05", [("IRN", "ACCUSES", "AZE", 0.9), ("TUR", "ARMS", "AZE", 0.8)]))
        before = snapshot(store)
    result = CliRunner().invoke(cli, ["ingest", str(tmp_path / "in"), str(tmp_path / "in" / "photo.dat"),
                                      "--db", str(db), "--no-fetch", "--no-progress"])
    assert result.exit_code == 1  # some inputs failed ...
    for name in ("huge.txt", "photo.dat", "deep.json", "lines.jsonl:2"):
        assert name in result.stderr
    with EmbeddedStore(db) as store:
        after = snapshot(store)
        ids = {a.id for a in store.list_articles(limit=100).items}
    assert {"good", "mixed", "scripts", "l1", "l4", "before"} <= ids  # ... and the good ones were stored
    old = {(r.source, r.type, r.target): r for r in before.relations}
    for r in after.relations:
        if (r.source, r.type, r.target) in old:
            assert r.count >= old[(r.source, r.type, r.target)].count
    assert old.keys() <= {(r.source, r.type, r.target) for r in after.relations}
    assert {a.key for a in before.actors} <= {a.key for a in after.actors}


@pytest.fixture(scope="module")
def web():
    with WebServer(feed=BROKEN_FEED) as server:
        yield server


def local(web) -> frozenset[str]:
    """The allow-list entry of the test server: its host and port."""
    return frozenset({f"127.0.0.1:{web.port}"})


@pytest.mark.parametrize("path, words", [
    ("/slow", "timed out after 0.5 s"),
    ("/drip", "timed out after 0.5 s"),
    ("/loop", "more than 5 redirects"),
    ("/image.png", "content type 'image/png' is not an article"),
    ("/huge", "10737418240 bytes is over the limit of 100000 bytes"),
    ("/endless", "body is over the limit of 100000 bytes"),
    ("/gone", "HTTP 404"),
])
def test_misbehaving_urls_are_named_and_the_batch_goes_on(web, path, words):
    options = ReadOptions(max_bytes=100_000, timeout=0.5, allow_hosts=local(web))
    [bad] = list(read_sources([web.url(path)], options))
    [good] = list(read_sources([web.url("/article.html")], replace(options, timeout=10)))  # room on a busy machine
    assert isinstance(bad, ReadError) and bad.source == web.url(path) and words in bad.reason, bad
    assert not isinstance(good, ReadError) and "artillery" in good.text and good.published.isoformat() == "2024-03-02"


@pytest.mark.parametrize("url, words", [
    ("http://127.0.0.1:{port}/article.html", "not a public address"),
    ("http://localhost:{port}/article.html", "not a public address"),
    ("http://[::1]:{port}/article.html", "not a public address"),
    ("http://169.254.169.254/latest/meta-data/", "not a public address"),
    ("http://10.1.2.3/", "not a public address"),
    ("http://192.168.0.1/admin", "not a public address"),
    ("http://0.0.0.0:{port}/", "not a public address"),
    ("file:///etc/passwd", "only http and https"),
    ("ftp://example.org/x", "only http and https"),
])
def test_private_addresses_are_refused_without_an_allow_list(web, url, words):
    url = url.format(port=web.port)
    [item] = list(read_sources([url], ReadOptions(timeout=2)))
    assert isinstance(item, ReadError) and words in item.reason, item


def test_redirects_are_checked_like_the_first_url(web):
    """localhost is allowed here, but it redirects to 127.0.0.1, which is not."""
    options = ReadOptions(timeout=2, allow_hosts=frozenset({f"localhost:{web.port}"}))
    [ok] = list(read_sources([web.url("/article.html", host="localhost")], options))
    assert not isinstance(ok, ReadError)
    [refused] = list(read_sources([web.url("/to-loopback", host="localhost")], options))
    assert isinstance(refused, ReadError) and "'127.0.0.1' (port" in refused.reason and "not a public" in refused.reason


def test_feed_url_fetches_each_entry_and_names_the_broken_ones(web):
    web.feed = f"""<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>
    <item><title>Gone</title><link>{web.url("/gone")}</link></item>
    <item><title>Arms</title><link>{web.url("/article.html")}</link></item>
    <item><title>Picture</title><link>{web.url("/image.png")}</link></item>
    </channel></rss>""".encode()
    items = list(read_sources([web.url("/feed.xml")], ReadOptions(timeout=2, allow_hosts=local(web))))
    assert [type(i).__name__ for i in items] == ["ReadError", "Article", "ReadError"]
    assert web.url("/gone") in items[0].source and "HTTP 404" in items[0].reason
    assert "artillery" in items[1].text
    assert "entry 3" in items[2].source and "image/png" in items[2].reason


# POST /articles

@pytest.fixture()
def service(tmp_path, extractor):
    store = EmbeddedStore(tmp_path / "api.db")
    store.upsert(make_extraction("before", "2024-01-05", [("IRN", "ACCUSES", "AZE", 0.9)]))
    settings = Settings(api_key="k", max_body_bytes=1_000_000, max_article_bytes=20_000, max_batch=10,
                        fetch_timeout=0.5)
    with TestClient(create_app(settings, store=store, extractor=extractor), headers={"X-API-Key": "k"}) as c:
        yield c, store
    store.close()


def _unchanged(store, before) -> None:
    after = snapshot(store)
    assert [(r.source, r.type, r.target, r.count) for r in after.relations] == \
           [(r.source, r.type, r.target, r.count) for r in before.relations]
    assert after.articles == before.articles


@pytest.mark.parametrize("body, status, words", [
    (b"", 400, "not valid JSON"),
    (b"\xff\xfe\x00garbage", 400, "not UTF-8"),
    (b"{\"text\": \"Ruritania acc", 400, "not valid JSON"),
    (b"[" * 100_000 + b"]" * 100_000, 400, "nested too deeply"),
    (b"42", 400, "got int"),
    (b"[]", 400, "the batch is empty"),
    (b'{"text": 42}', 400, "text: Input should be a valid string"),
    (b'{"text": "Chad accused Sudan.", "colour": "red"}', 400, "colour: Extra inputs are not permitted"),
    (b'{"text": "Chad accused Sudan.", "published": "tomorrow"}', 400, "published"),
    (b'{"title": "no text"}', 400, 'needs "text" or "url"'),
    (json.dumps({"text": "x " * 20_000}).encode(), 422, "article text (bytes) exceeds the limit of 20000"),
    (json.dumps([{"text": "Chad accused Sudan."}] * 11).encode(), 422, "articles per batch exceeds the limit of 10"),
    (json.dumps({"text": "x" * 2_000_000}).encode(), 413, "limit of 1000000 bytes"),
    (json.dumps({"url": "http://127.0.0.1:9/x"}).encode(), 400, "not a public address"),
    (json.dumps({"url": "file:///etc/passwd"}).encode(), 400, "only http and https URLs"),
])
def test_post_articles_bad_bodies(service, body, status, words):
    client, store = service
    before = snapshot(store)
    r = client.post("/articles", content=body, headers={"Content-Type": "application/json"})
    assert r.status_code == status, r.text
    assert words in r.json()["detail"], r.json()
    _unchanged(store, before)


def test_post_articles_batch_reports_bad_items_and_stores_the_rest(service):
    client, store = service
    batch = [{"id": "ok-1", "text": "Chad accused Sudan of arming rebels, the Chadian foreign ministry said."},
             {"id": "bad-type", "text": 5},
             "not an object",
             {"id": "too-big", "text": "word " * 10_000},
             {"id": "private", "url": "http://169.254.169.254/latest"},
             {"id": "ok-2", "text": "Niger denied the accusations from Mali on Friday."}]
    r = client.post("/articles", json=batch)
    assert r.status_code == 200, r.text
    body = r.json()
    assert [x["article_id"] for x in body["results"]] == ["ok-1", "ok-2"]
    failures = {f["index"]: f for f in body["failures"]}
    assert sorted(failures) == [1, 2, 3, 4]
    assert failures[1]["input"] == "bad-type" and "text: Input should be a valid string" in failures[1]["detail"]
    assert failures[2]["input"] == "item 2" and "item 2" in failures[2]["detail"]
    assert "exceeds the limit of 20000" in failures[3]["detail"]
    assert "not a public address" in failures[4]["detail"]
    ids = {a.id for a in store.list_articles(limit=10).items}
    assert ids == {"before", "ok-1", "ok-2"}


def test_chunked_body_over_the_limit_is_413(service):
    client, store = service
    before = snapshot(store)

    def chunks():
        for _ in range(40):
            yield b"[" + b" " * 50_000  # no Content-Length: the limit is counted as the bytes arrive

    r = client.post("/articles", content=chunks(), headers={"Content-Type": "application/json"})
    assert r.status_code == 413 and "exceeds the limit of 1000000 bytes" in r.json()["detail"]
    _unchanged(store, before)
