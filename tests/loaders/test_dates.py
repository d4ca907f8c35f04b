"""Dates: a dateline, YAML front matter, a first Date: line or --published date an article whose source
gives none; every piece of evidence says where its date came from; as_of leaves out later evidence and the
headline tension is the series' last level."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest

from graph import tension
from graph.store import RelationFilter
from loaders.readers import ReadError, ReadOptions, read_sources
from tests.conftest import ROOT, make_extraction

EXE = str(Path(sys.executable).with_name("tensiongraph"))
WIRE = ("GEORGETOWN, March 3 (Wire) - Guyana accused Venezuela on Sunday of massing troops near the Essequibo "
        "border. Caracas denied the charge.")


def _read(path: Path, **options) -> list:
    return list(read_sources([str(path)], ReadOptions(fetch=False, **options)))


def test_a_dateline_dates_the_article_and_stays_in_its_text(tmp_path):
    (tmp_path / "wire.txt").write_text(WIRE, encoding="utf-8")
    [article] = _read(tmp_path / "wire.txt")
    assert article.date_source == "dateline"
    assert (article.published.month, article.published.day) == (3, 3)
    assert article.published <= dt.date.today() < article.published.replace(year=article.published.year + 1)
    assert article.text.startswith("GEORGETOWN, March 3 (Wire) - Guyana accused Venezuela")


def test_a_dateline_with_a_year_and_the_day_first(tmp_path):
    (tmp_path / "a.txt").write_text("NEW YORK, 14 November 2023 (Wire) — The council met.", encoding="utf-8")
    (tmp_path / "b.txt").write_text("KYIV, Ukraine, Feb. 2, 2024 - Ukraine thanked Poland.", encoding="utf-8")
    assert [a.published for a in _read(tmp_path)] == [dt.date(2023, 11, 14), dt.date(2024, 2, 2)]


def test_front_matter_and_a_date_line_date_text_articles(tmp_path):
    (tmp_path / "fm.md").write_text("---\ntitle: Border talks fail\ndate: 2024-03-05\nurl: https://news.example.org/b\n"
                                    "---\nGuyana and Venezuela failed to agree on the border.\n", encoding="utf-8")
    (tmp_path / "line.txt").write_text("Date: 6 March 2024\nVenezuela rejected the ruling.\n", encoding="utf-8")
    fm, line = _read(tmp_path)
    assert (fm.published, fm.date_source, fm.title, fm.url) == (
        dt.date(2024, 3, 5), "published", "Border talks fail", "https://news.example.org/b")
    assert not fm.text.startswith("---") and "title:" not in fm.text
    assert (line.published, line.date_source) == (dt.date(2024, 3, 6), "published")
    assert line.text == "Venezuela rejected the ruling."


def test_a_source_date_wins_over_the_dateline_and_published_fills_the_rest(tmp_path):
    (tmp_path / "dated.json").write_text(json.dumps({"id": "d", "text": WIRE, "published": "2024-03-04"}))
    (tmp_path / "plain.txt").write_text("Guyana accused Venezuela again.", encoding="utf-8")
    dated, plain = _read(tmp_path, published=dt.date(2024, 3, 9))
    assert (dated.published, dated.date_source) == (dt.date(2024, 3, 4), None)
    assert (plain.published, plain.date_source) == (dt.date(2024, 3, 9), "published")


def test_bad_front_matter_is_named(tmp_path):
    (tmp_path / "bad.md").write_text("---\ndate: [2024\n---\nText.", encoding="utf-8")
    (tmp_path / "worse.txt").write_text("Date: someday soon\nText.", encoding="utf-8")
    errors = _read(tmp_path)
    assert all(isinstance(e, ReadError) for e in errors)
    assert "front matter is not valid YAML" in str(errors[0]) and "bad.md" in str(errors[0])
    assert "'someday soon' is not a date" in str(errors[1])


def test_ingest_published_for_stdin_and_the_date_source_of_evidence(tmp_path):
    db = str(tmp_path / "d.db")
    done = subprocess.run([EXE, "ingest", "-", "--db", db, "--published", "2024-03-07", "--no-progress"],
                          input="Guyana accused Venezuela of massing troops near the border.", text=True,
                          capture_output=True, cwd=ROOT, timeout=300)
    assert done.returncode == 0, done.stderr
    (tmp_path / "wire.txt").write_text(WIRE, encoding="utf-8")
    assert subprocess.run([EXE, "ingest", str(tmp_path / "wire.txt"), "--db", db, "--no-progress"],
                          capture_output=True, cwd=ROOT, timeout=300).returncode == 0
    bad = subprocess.run([EXE, "ingest", "-", "--db", db, "--published", "03/07/2024"], input="x", text=True,
                         capture_output=True, cwd=ROOT, timeout=300)
    assert bad.returncode == 2 and "--published" in bad.stderr
    from graph.embedded import EmbeddedStore

    with EmbeddedStore(db) as store:
        evidence = store.relations(RelationFilter(source="GUY", types={"ACCUSES"})).items[0].evidence
    by_source = {e.date_source: e.published for e in evidence}
    assert by_source["published"] == dt.date(2024, 3, 7)
    assert (by_source["dateline"].month, by_source["dateline"].day) == (3, 3)


def test_as_of_leaves_out_later_evidence_and_the_series_ends_on_the_headline(store):
    store.upsert(make_extraction("t1", "2024-01-15", [("IRN", "THREATENS", "AZE", 1.0)]))
    store.upsert(make_extraction("t2", "2024-11-20", [("IRN", "ATTACKS", "AZE", 1.0)]))
    g = store.projection()
    early = tension.dyad_tension(g, "IRN", "AZE", as_of=dt.date(2024, 2, 1), half_life_days=180)
    assert early.events == 1 and set(early.by_type) == {"THREATENS"}
    top = tension.top_dyads(g, as_of=dt.date(2024, 2, 1), half_life_days=180)
    assert top[0].events == 1 and top[0].score == pytest.approx(early.score)
    for as_of, until in ((dt.date(2024, 12, 10), None), (dt.date(2024, 6, 10), dt.date(2024, 12, 31)),
                         (dt.date(2024, 12, 31), dt.date(2024, 12, 31))):
        head = tension.dyad_tension(g, "IRN", "AZE", until=until, as_of=as_of, half_life_days=180)
        points = tension.tension_series(g, "IRN", "AZE", until=until, as_of=as_of, half_life_days=180)
        assert points[-1].end == as_of
        assert points[-1].level == pytest.approx(head.score)
