"""Readers of coded event files: what each row of each published layout becomes (loaders/gdelt.py, acled.py,
polecat.py), bad rows named with file and line, and the files they come in (plain, .gz, .zip, folders)."""

from __future__ import annotations

import gzip
import zipfile

from graph.coded import CodedEvent
from loaders import acled, gdelt, polecat
from loaders.coded import BadRow, Unmapped, read_events
from tests.loaders import coded_samples as samples


def _read(reader, path):
    items = list(read_events([str(path)], reader))
    events = [i for i in items if isinstance(i, CodedEvent)]
    return items, events, [i for i in items if isinstance(i, BadRow)], [i for i in items if isinstance(i, Unmapped)]


def _links(events):
    return {(a.key, t.value, b.key) for e in events for a, t, b in e.links}


def test_gdelt_2_rows_become_relations_between_states_ministries_and_organizations(tmp_path):
    items, events, bad, unmapped = _read(gdelt.read, samples.gdelt_file(tmp_path / "20240115.export.CSV"))
    assert _links(events) == {("IRN", "ACCUSES", "ISR"), ("ministry:usa:armed-forces", "ARMS", "UKR"),
                              ("organization:north-atlantic-treaty-organization", "THREATENS", "RUS"),
                              ("IRN", "COOPERATES_WITH", "ISR")}
    first = events[0]
    assert first.id == "gdelt:1100000001" and first.day.isoformat() == "2024-01-15"
    assert first.url == "https://news.example.org/story" and first.provenance == "gdelt"
    assert first.attributes["goldstein"] == -2.0 and first.attributes["quad_class"] == 3
    assert first.attributes["event_code"] == "112"
    assert sorted(u.reason for u in unmapped) == ["actor", "event code 087"]
    assert [str(b).split(": ", 1)[0] for b in bad] == [f"{tmp_path}/20240115.export.CSV:{n}" for n in (7, 8, 9)]
    assert "5 tab-separated fields" in bad[0].reason and "SQLDATE '2024x122'" in bad[1].reason
    assert "GoldsteinScale 'strong' is not a number" in bad[2].reason


def test_gdelt_1_layouts_with_and_without_sourceurl(tmp_path):
    path = tmp_path / "gdelt1.tsv"
    path.write_text(samples.gdelt_row("7001", "20130401", samples.IRN_GOV, samples.ISR, "111", fields=58) + "\n"
                    + samples.gdelt_row("7002", "20130301", samples.ISR, samples.IRN_GOV, "130", fields=57) + "\n")
    _, events, bad, _ = _read(gdelt.read, path)
    assert not bad
    assert [(e.id, e.url) for e in events] == [("gdelt:7001", "https://news.example.org/story"), ("gdelt:7002", None)]
    assert _links(events) == {("IRN", "ACCUSES", "ISR"), ("ISR", "THREATENS", "IRN")}


def test_acled_export_rows(tmp_path):
    _, events, bad, unmapped = _read(acled.read, samples.acled_file(tmp_path / "acled.csv"))
    assert _links(events) == {("SDN", "ATTACKS", "organization:rapid-support-forces"),
                              ("organization:rapid-support-forces", "ATTACKS", "SDN")}
    battle = events[0]
    assert battle.id == "acled:SDN90001" and battle.attributes["fatalities"] == 12
    assert events[1].day.isoformat() == "2024-02-03"  # "03 February 2024"
    assert [u.reason for u in unmapped] == ["event type Protests", "actor"]
    assert [(b.where.rsplit(":", 1)[1], b.reason.split(" ")[0]) for b in bad] == [
        ("6", "event_date"), ("7", "fatalities"), ("8", "3")]


def test_acled_file_without_acled_columns_is_named_once(tmp_path):
    path = tmp_path / "other.csv"
    path.write_text("id,date\n1,2024-01-01\n")
    items, _, bad, _ = _read(acled.read, path)
    assert len(items) == 1 and "not an ACLED export: no column event_id_cnty" in bad[0].reason


def test_polecat_rows(tmp_path):
    _, events, bad, unmapped = _read(polecat.read_polecat, samples.polecat_file(tmp_path / "polecat.tsv"))
    assert _links(events) == {("officer:irn:kavan-delmiro", "ACCUSES", "ISR"), ("USA", "ARMS", "UKR"),
                              ("organization:hamas", "ATTACKS", "ISR")}
    assert events[0].attributes["intensity"] == -5.0 and events[0].provenance == "polecat"
    assert [u.reason for u in unmapped] == ["event type REQUEST"]
    assert [b.where.rsplit(":", 1)[1] for b in bad] == ["6", "7"]
    assert "'GOSSIP' is not a PLOVER event type" in bad[0].reason and "'March 6'" in bad[1].reason


def test_icews_rows(tmp_path):
    _, events, bad, unmapped = _read(polecat.read_icews, samples.icews_file(tmp_path / "icews.tab"))
    assert _links(events) == {("ministry:rus:armed-forces", "THREATENS", "UKR"),
                              ("IRN", "DENIES", "organization:united-nations")}
    assert events[0].id == "icews:930001-99001-1" and events[0].provenance == "icews"
    assert [u.reason for u in unmapped] == ["actor"]
    assert "CAMEO Code 'ABC'" in bad[0].reason


def test_gz_zip_and_folders_are_read_like_plain_files(tmp_path):
    plain = samples.gdelt_file(tmp_path / "a.export.CSV")
    folder = tmp_path / "folder"
    (folder / "sub").mkdir(parents=True)
    with gzip.open(folder / "sub" / "b.export.CSV.gz", "wb") as f:
        f.write(plain.read_bytes())
    with zipfile.ZipFile(folder / "c.export.CSV.zip", "w") as z:
        z.write(plain, "c.export.CSV")
    items = list(read_events([str(folder)], gdelt.read))
    assert sum(isinstance(i, CodedEvent) for i in items) == 8
    names = {b.where.rsplit(":", 1)[0] for b in items if isinstance(b, BadRow)}
    assert names == {f"{folder}/c.export.CSV.zip:c.export.CSV", f"{folder}/sub/b.export.CSV.gz"}


def test_missing_and_truncated_files_are_named_and_the_rest_goes_on(tmp_path):
    good = samples.gdelt_file(tmp_path / "good.CSV")
    broken = tmp_path / "broken.CSV.gz"
    broken.write_bytes(gzip.compress(good.read_bytes())[:60])
    items = list(read_events([str(tmp_path / "nope.CSV"), str(broken), str(good)], gdelt.read))
    bad = [i for i in items if isinstance(i, BadRow)]
    assert bad[0].where.endswith("nope.CSV") and "no such file" in bad[0].reason
    assert any(b.where.endswith("broken.CSV.gz") and "cannot be read" in b.reason for b in bad)
    assert sum(isinstance(i, CodedEvent) for i in items) >= 4
