from __future__ import annotations

import datetime as dt
import json

from loaders.readers import ReadError, ReadOptions, read_sources

HTML = """<!doctype html><html><head><title>Ruritania row | Example News</title>
<meta property="og:title" content="Iran accuses Azerbaijan of hosting advisers">
<meta property="article:published_time" content="2024-02-05T10:00:00Z">
<link rel="canonical" href="https://news.example.org/world/iran-azerbaijan-row"></head>
<body><nav><a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a></nav>
<article><h1>Iran accuses Azerbaijan of hosting advisers</h1>
<p>Iran accused Azerbaijan on Monday of hosting foreign military advisers close to the shared border, in a sharp
escalation of a long dispute between the two neighbours.</p>
<p>Azerbaijan's Ministry of Defense rejected the accusations on Tuesday and called them baseless, adding that no
foreign forces were present anywhere on its territory.</p></article>
<aside><h3>Related stories</h3><a href="/x">Football results of the weekend</a></aside>
<footer>Copyright 2024 Example News. We use cookies to improve your experience.</footer></body></html>"""

FEED = """<?xml version="1.0"?><rss version="2.0"><channel><title>Example World</title>
<item><title>Serbia denies Kosovo claims</title><link>https://news.example.org/a</link>
<description>Serbia rejected the accusations made by Kosovo on Monday.</description>
<pubDate>Mon, 19 Aug 2024 08:00:00 GMT</pubDate></item>
<item><title>Broken entry</title><link>https://news.example.org/b</link></item>
</channel></rss>"""


def _read(*paths, fetch=False):
    return list(read_sources([str(p) for p in paths], ReadOptions(fetch=fetch)))


def test_text_and_markdown_files(tmp_path):
    (tmp_path / "row.txt").write_text("Iran accuses Azerbaijan\n\nIran accused Azerbaijan of hosting advisers.\n")
    (tmp_path / "note.md").write_text("# Turkey backs Baku\n\nTurkey supports Azerbaijan.\n")
    items = _read(tmp_path / "row.txt", tmp_path / "note.md")
    assert [a.id for a in items] == ["row", "note"]
    assert items[0].title == "Iran accuses Azerbaijan"
    assert "hosting advisers" in items[0].text
    assert items[1].title == "Turkey backs Baku"


def test_html_page_gives_main_text_and_metadata(tmp_path):
    page = tmp_path / "page.html"
    page.write_text(HTML)
    [article] = _read(page)
    assert "hosting foreign military advisers" in article.text
    assert "Football" not in article.text and "cookies" not in article.text and "Home" not in article.text
    assert article.url == "https://news.example.org/world/iran-azerbaijan-row"
    assert article.published == dt.date(2024, 2, 5)
    assert "Iran accuses Azerbaijan" in (article.title or "")


def test_json_jsonl_and_folder(tmp_path):
    (tmp_path / "one.json").write_text(json.dumps({"id": "g1", "text": "Iran accused Azerbaijan.", "url": "https://x.org/1",
                                                   "title": "T", "published": "2023-03-31"}))
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "many.jsonl").write_text(
        json.dumps({"id": "j1", "text": "Israel armed Azerbaijan."}) + "\n\n" +
        '{"id": "j2", "text": 5}\n' + "{not json\n" + json.dumps({"id": "j3", "text": "Turkey backs Baku."}) + "\n")
    items = _read(tmp_path)
    articles = [i for i in items if not isinstance(i, ReadError)]
    errors = [i for i in items if isinstance(i, ReadError)]
    assert [a.id for a in articles] == ["g1", "j1", "j3"]
    assert articles[0].published == dt.date(2023, 3, 31) and articles[0].url == "https://x.org/1"
    assert [e.source.rsplit("/", 1)[-1] for e in errors] == ["many.jsonl:3", "many.jsonl:4"]
    assert "text" in errors[0].reason and "invalid JSON" in errors[1].reason


def test_feed_entries_without_fetching(tmp_path):
    feed = tmp_path / "world.rss"
    feed.write_text(FEED)
    items = _read(feed)
    article, broken = items
    assert article.title == "Serbia denies Kosovo claims"
    assert "rejected the accusations" in article.text
    assert article.published == dt.date(2024, 8, 19) and article.url == "https://news.example.org/a"
    assert isinstance(broken, ReadError) and "entry 2" in broken.source and "summary" in broken.reason


def test_bad_inputs_are_named_and_the_batch_goes_on(tmp_path):
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "blob.bin.txt").write_bytes(b"\x00\x01\x02binary")
    (tmp_path / "latin.txt").write_bytes("Caf\xe9 talks: France condemned Russia.".encode("latin-1"))
    (tmp_path / "good.txt").write_text("Iran accused Azerbaijan of hosting advisers.")
    items = _read(tmp_path / "empty.txt", tmp_path / "missing.txt", tmp_path / "blob.bin.txt",
                  tmp_path / "latin.txt", tmp_path / "good.txt")
    reasons = {i.source.rsplit("/", 1)[-1]: i.reason for i in items if isinstance(i, ReadError)}
    assert reasons == {"empty.txt": "file is empty", "missing.txt": "no such file, folder or URL",
                       "blob.bin.txt": "input looks binary (NUL bytes), not text"}
    good = [i for i in items if not isinstance(i, ReadError)]
    assert [a.id for a in good] == ["latin", "good"]
    assert "Café" in good[0].text


def test_oversized_file_is_refused(tmp_path):
    big = tmp_path / "big.txt"
    big.write_text("Iran accused Azerbaijan. " * 1000)
    [err] = list(read_sources([str(big)], ReadOptions(max_bytes=1000)))
    assert isinstance(err, ReadError) and "over the limit of 1000 bytes" in err.reason


def test_stdin(monkeypatch):
    import io
    import sys

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"Turkey supports Azerbaijan.")))
    [article] = list(read_sources(["-"]))
    assert article.source == "stdin" and article.text == "Turkey supports Azerbaijan."
