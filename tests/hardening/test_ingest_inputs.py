"""One bad input never stops a CLI ingest (issue 15 parts 2 and 7): real files, the real `tensiongraph`
command. Each case stores every good input and names the bad one."""

from __future__ import annotations

import json
import os
import subprocess
import threading

import pytest

from graph.embedded import EmbeddedStore
from tests.api.test_cli import EXE, run

GOOD = "Lithuania accused Belarus of moving troops to the border on {day}, the foreign ministry in Vilnius said."


def ingest(tmp_path, *paths: str, extra: tuple[str, ...] = ()) -> tuple[subprocess.CompletedProcess, set[str]]:
    db = tmp_path / "g.db"
    r = run("ingest", *paths, "--db", str(db), "--no-progress", "--no-fetch", *extra, check=False)
    assert "Traceback" not in r.stderr, r.stderr[-2000:]
    with EmbeddedStore(db) as store:
        return r, {a.id for a in store.list_articles(limit=1000).items}


def test_a_file_name_that_is_not_utf8_is_read_and_named(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(10):
        (folder / f"a{i}.txt").write_text(GOOD.format(day=f"day {i}"))
    os.close(os.open(os.path.join(os.fsencode(folder), b"caf\xe9-\xff.txt"), os.O_CREAT | os.O_WRONLY))
    with open(os.path.join(os.fsencode(folder), b"caf\xe9-\xff.txt"), "w") as fh:
        fh.write(GOOD.format(day="the odd day"))
    r, ids = ingest(tmp_path, str(folder))
    assert r.returncode == 0, r.stderr
    assert "articles: 11 stored" in r.stderr and {f"a{i}" for i in range(10)} <= ids
    assert "caf\ufffd-\ufffd" in ids  # the undecodable bytes shown as U+FFFD


def test_a_lone_surrogate_fails_only_its_article(tmp_path):
    items = [{"id": f"j{i}", "text": GOOD.format(day=f"day {i}")} for i in range(10)]
    items[3]["text"] = "Ruritania \ud800 accused Borduria."
    items[6]["title"] = "\udfff"
    (tmp_path / "many.json").write_text(json.dumps(items))
    r, ids = ingest(tmp_path, str(tmp_path / "many.json"))
    assert r.returncode == 1
    assert ids == {f"j{i}" for i in range(10)} - {"j3", "j6"}
    assert "many.json[3]: field 'text' holds a lone surrogate (U+D800 at character 10)" in r.stderr
    assert "many.json[6]: field 'title' holds a lone surrogate" in r.stderr


def test_a_huge_integer_loses_only_its_json_line(tmp_path):
    lines = [json.dumps({"id": f"l{i}", "text": GOOD.format(day=f"day {i}")}) for i in range(5)]
    lines[2] = '{"id": "l2", "text": "x", "n": ' + "9" * 5000 + "}"
    (tmp_path / "lines.jsonl").write_text("\n".join(lines) + "\n")
    r, ids = ingest(tmp_path, str(tmp_path / "lines.jsonl"))
    assert ids == {"l0", "l1", "l3", "l4"}
    assert "lines.jsonl:3: invalid JSON" in r.stderr and "4300 digits" in r.stderr


def test_urls_and_ids_a_reader_cannot_serve_are_refused(tmp_path):
    items = [{"id": "ok", "text": GOOD.format(day="Monday")},
             {"id": "js", "text": GOOD.format(day="Tuesday"), "url": "javascript:alert(document.cookie)"},
             {"id": "bell\u0007", "text": GOOD.format(day="Wednesday")},
             {"id": "with/slash", "text": GOOD.format(day="Thursday")}]
    (tmp_path / "ids.json").write_text(json.dumps(items))
    r, ids = ingest(tmp_path, str(tmp_path / "ids.json"))
    assert ids == {"ok", "with/slash"}
    assert "ids.json[1]: field 'url' 'javascript:alert(document.cookie)' is not an http or https URL" in r.stderr
    assert "ids.json[2]: field 'id'" in r.stderr and "control character" in r.stderr


def test_symlinks_out_of_the_folder_are_not_followed_by_default(tmp_path):
    outside = tmp_path / "secret.txt"
    outside.write_text("Secret: Ruritania accused Borduria of spying on the ministry of finance.")
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text(GOOD.format(day="Friday"))
    (folder / "inner.txt").symlink_to(folder / "good.txt")  # stays inside: read (a duplicate here)
    (folder / "leak.txt").symlink_to(outside)
    (folder / "dir").symlink_to(tmp_path, target_is_directory=True)  # a symlinked folder is not entered
    r, ids = ingest(tmp_path, str(folder))
    assert ids == {"good"} and r.returncode == 1
    assert "leak.txt: a symlink that leads out of the folder; not followed" in r.stderr
    r, ids = ingest(tmp_path, str(folder), extra=("--follow-symlinks",))
    assert "leak" in ids


def test_a_fifo_is_read_whole_and_capped(tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    text = GOOD.format(day="Saturday") + " " + "More words follow here. " * 400  # over 4,096 bytes

    def feed(data: bytes) -> None:
        with open(fifo, "wb") as fh:
            fh.write(data)

    writer = threading.Thread(target=feed, args=(text.encode(),))
    writer.start()
    r = run("extract", str(fifo), "--json", check=False)
    writer.join(10)
    [obj] = [json.loads(line) for line in r.stdout.splitlines()]
    assert obj["article"]["id"] == "pipe" and r.returncode == 0
    assert any(rel["type"] == "ACCUSES" for rel in obj["relations"]), "the first 4,096 bytes were lost"

    env = {**os.environ, "TENSIONGRAPH_MAX_ARTICLE_BYTES": "10000"}
    writer = threading.Thread(target=lambda: _feed_ignoring_close(fifo, b"Ruritania accused Borduria. " * 100_000))
    writer.start()
    r = subprocess.run([EXE, "ingest", str(fifo), "--db", str(tmp_path / "f.db"), "--no-progress"],
                       capture_output=True, text=True, env=env, timeout=60)
    writer.join(10)
    assert r.returncode == 1 and "over the limit of 10000 bytes" in r.stderr


def _feed_ignoring_close(path, data: bytes) -> None:
    try:
        with open(path, "wb") as fh:
            fh.write(data)
    except BrokenPipeError:
        pass


def test_process_substitution_loses_nothing(tmp_path):
    """`tensiongraph extract <(cat file.txt)`: a pipe under /dev/fd, read once."""
    (tmp_path / "src.txt").write_text(GOOD.format(day="Sunday") + " " + "Filler sentence. " * 600)
    r = subprocess.run(["bash", "-c", f"{EXE} extract <(cat {tmp_path / 'src.txt'}) --json"], capture_output=True,
                       text=True, timeout=120)
    [obj] = [json.loads(line) for line in r.stdout.splitlines()]
    assert any(rel["type"] == "ACCUSES" for rel in obj["relations"]), "the first 4,096 bytes were lost"


@pytest.mark.slow
def test_a_feed_file_linking_to_itself_stops_nothing(tmp_path):
    """A feed *file* whose entries link to a local server's feed that links to itself: bounded, named."""
    from tests.hardening.web import WebServer

    with WebServer() as web:
        feed = (f'<?xml version="1.0"?><rss version="2.0"><channel><title>W</title>'
                f'<item><title>Loop</title><link>{web.url("/self-feed.xml")}</link></item>'
                f"</channel></rss>")
        (tmp_path / "loop.xml").write_text(feed)
        (tmp_path / "good.txt").write_text(GOOD.format(day="Monday"))
        env = {**os.environ, "TENSIONGRAPH_FETCH_ALLOW_HOSTS": json.dumps([f"127.0.0.1:{web.port}"])}
        r = subprocess.run([EXE, "ingest", str(tmp_path / "loop.xml"), str(tmp_path / "good.txt"), "--db",
                            str(tmp_path / "g.db"), "--no-progress"], capture_output=True, text=True, env=env,
                           timeout=120)
        assert "Traceback" not in r.stderr and "feeds inside feeds are not followed" in r.stderr
        assert "articles: 1 stored" in r.stderr and web.hits <= 2
