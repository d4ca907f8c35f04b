"""`tensiongraph import` as a user runs it: a real subprocess, real files in each published layout."""

from __future__ import annotations

import gzip
import json
import subprocess
import time
import zipfile

from tests.api.test_cli import EXE, run
from tests.conftest import ROOT
from tests.loaders import coded_samples as samples


def _stats(db) -> dict:
    return json.loads(run("stats", "--db", str(db), "--json").stdout)


def test_import_names_bad_rows_summarises_and_a_second_import_changes_nothing(tmp_path):
    db, path = tmp_path / "g.db", samples.gdelt_file(tmp_path / "20240115.export.CSV")
    done = run("import", "gdelt", str(path), "--db", str(db), "--no-progress", check=False)
    assert done.returncode == 1  # bad rows
    for line in (7, 8, 9):
        assert f"bad row: {path}:{line}: " in done.stderr
    summary = done.stderr.strip().splitlines()[-1]
    assert summary.startswith("gdelt: 9 rows: 4 events stored, 0 already stored, 2 mapped to nothing")
    assert "3 bad; new actors: " in summary and "new relations: 4" in summary
    first = _stats(db)
    assert first["evidence"] == 4 and first["articles"] == 4
    again = run("import", "gdelt", str(path), "--db", str(db), "--no-progress", check=False)
    assert "0 events stored, 4 already stored" in again.stderr
    assert _stats(db) == first


def test_import_reads_gz_zip_folders_and_stdin(tmp_path):
    plain = samples.acled_file(tmp_path / "acled.csv")
    folder = tmp_path / "in"
    folder.mkdir()
    with gzip.open(folder / "acled.csv.gz", "wb") as f:
        f.write(plain.read_bytes())
    with zipfile.ZipFile(tmp_path / "acled.zip", "w") as z:
        z.write(plain, "export.csv")
    for source, stdin in ((str(folder), None), (str(tmp_path / "acled.zip"), None), ("-", plain.read_text())):
        db = tmp_path / f"{abs(hash(source))}.db"
        done = run("import", "acled", source, "--db", str(db), "--no-progress", stdin=stdin, check=False)
        assert "2 events stored" in done.stderr, (source, done.stderr)
        assert _stats(db)["relations"] == {"ATTACKS": 2}


def test_import_polecat_and_icews_into_one_graph(tmp_path):
    db = tmp_path / "p.db"
    run("import", "polecat", str(samples.polecat_file(tmp_path / "p.tsv")), "--db", str(db), "--no-progress",
        check=False)
    run("import", "icews", str(samples.icews_file(tmp_path / "i.tab")), "--db", str(db), "--no-progress",
        check=False)
    stats = _stats(db)
    assert stats["relations"] == {"ACCUSES": 1, "ARMS": 1, "ATTACKS": 1, "DENIES": 1, "THREATENS": 1}


def test_a_slow_stream_is_written_as_it_arrives_not_at_its_end(tmp_path):
    """A stream that trickles (a live feed piped in) has its events written after --every seconds, not held
    until the batch fills or the stream ends."""
    db = tmp_path / "live.db"
    rows = samples.gdelt_file(tmp_path / "g.CSV").read_text().splitlines(keepends=True)
    with subprocess.Popen([EXE, "import", "gdelt", "-", "--db", str(db), "--no-progress", "--every", "0"],
                          stdin=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT) as importer:
        try:
            importer.stdin.write(rows[0])  # IRN ACCUSES ISR; the stream stays open
            importer.stdin.flush()
            deadline = time.monotonic() + 60
            while not (db.exists() and _stats(db)["evidence"] == 1):
                assert importer.poll() is None and time.monotonic() < deadline, "the event was not written"
                time.sleep(0.2)
            importer.stdin.write(rows[1])
            importer.stdin.close()
            importer.wait(timeout=60)
        finally:
            importer.kill()
    assert importer.returncode == 0
    assert _stats(db)["relations"] == {"ACCUSES": 1, "ARMS": 1}


def test_unknown_format_is_refused(tmp_path):
    done = run("import", "csv", str(tmp_path / "x"), "--db", str(tmp_path / "x.db"), check=False)
    assert done.returncode == 2 and "format 'csv': expected one of gdelt, acled, polecat, icews" in done.stderr
    assert isinstance(done, subprocess.CompletedProcess)
