"""A newcomer's path without dead ends (issue 14): each mistake a new user makes with the command gets one
line that names the input and what is wrong, or the right behaviour. Real subprocesses, real files."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES, ROOT

EXE = str(Path(sys.executable).with_name("tensiongraph"))


def run(*args: str, timeout: float = 300, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([EXE, *args], capture_output=True, text=True, cwd=ROOT, timeout=timeout,
                          env={**os.environ, "COLUMNS": "200", **(env or {})})


def one_error_line(r: subprocess.CompletedProcess) -> str:
    lines = [line for line in r.stderr.splitlines() if line.strip()]
    assert "Traceback" not in r.stderr, r.stderr
    assert len(lines) == 1, r.stderr
    return lines[0]


@pytest.fixture(scope="module")
def example_db(tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("newcomer") / "examples.db"
    done = run("ingest", str(EXAMPLES / "caspian-accusation.json"), str(EXAMPLES / "caspian-thaw.json"), "--db", str(db),
               "--no-progress")
    assert done.returncode == 0, done.stderr
    with sqlite3.connect(db) as c:  # fold the WAL into the file, as a copied or shipped store would be
        c.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return db


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("command", ["ingest", "stats", "serve", "export"])
def test_help_keeps_the_bracketed_environment_and_default(command):
    r = run(command, "--help")
    text = " ".join(r.stdout.replace("│", " ").split())
    assert "env TENSIONGRAPH_DB; default ./tensiongraph.db" in text
    assert "env TENSIONGRAPH_STORE" in text


def test_ingest_names_a_missing_path_before_loading_spacy(tmp_path):
    """Run with -X importtime: the answer comes without spaCy ever being imported, and no store is created."""
    db = tmp_path / "typo.db"
    r = subprocess.run([sys.executable, "-X", "importtime", "-c", "from api.cli import main; main()", "ingest",
                        str(tmp_path / "exmaples"), "--db", str(db), "--no-progress"], capture_output=True, text=True,
                       cwd=ROOT, timeout=120)
    assert r.returncode == 1
    messages = [line for line in r.stderr.splitlines() if not line.startswith("import time:")]
    assert messages[0] == f"failed: {tmp_path / 'exmaples'}: no such file, folder or URL"
    assert "0 stored, 0 skipped (already stored), 1 failed" in messages[1]
    imported = {line.split("|")[-1].strip() for line in r.stderr.splitlines() if line.startswith("import time:")}
    assert "api.cli" in imported and not {m for m in imported if m.split(".")[0] == "spacy"}
    assert not db.exists(), "no store is created for nothing"


def test_ingest_reports_a_missing_path_first_and_stores_the_rest(tmp_path):
    r = run("ingest", str(tmp_path / "nope.json"), str(EXAMPLES / "caspian-accusation.json"), "--db",
            str(tmp_path / "g.db"), "--no-progress")
    assert r.returncode == 1
    lines = r.stderr.splitlines()
    assert lines[0].endswith("nope.json: no such file, folder or URL")
    assert "1 stored, 0 skipped (already stored), 1 failed" in lines[-1]


def test_stats_on_a_read_only_copy_works_and_writes_nothing(example_db, tmp_path):
    """The copy sits in an immutable folder (chattr +i: not even root may write there), so SQLite cannot make
    its side files; without chattr (no CAP_LINUX_IMMUTABLE) the check is that the file is left unchanged."""
    folder = tmp_path / "ro"
    folder.mkdir()
    copy = folder / "copy.db"
    shutil.copy(example_db, copy)
    before = digest(copy), copy.stat().st_mtime_ns
    locked = shutil.which("chattr") and subprocess.run(["chattr", "+i", str(copy), str(folder)],
                                                       capture_output=True).returncode == 0
    try:
        r = run("stats", "--db", str(copy), "--json")
        assert r.returncode == 0, r.stderr
        assert '"articles": 2' in r.stdout
        r = run("export", "--db", str(copy))
        assert r.returncode == 0 and "MERGE" in r.stdout, r.stderr
    finally:
        if locked:
            subprocess.run(["chattr", "-i", str(copy), str(folder)], check=True)
    assert (digest(copy), copy.stat().st_mtime_ns) == before
    assert {p.name for p in folder.iterdir()} <= {"copy.db", "copy.db-shm", "copy.db-wal"}  # SQLite's side files only


@pytest.mark.parametrize("command", ["stats", "serve"])
def test_read_commands_do_not_wait_30_s_behind_another_process(example_db, tmp_path, command):
    from tests.web.conftest import free_port

    db = tmp_path / "busy.db"
    shutil.copy(example_db, db)
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("PRAGMA locking_mode = EXCLUSIVE")  # a process that holds the file (a backup, a migration)
    holder.execute("BEGIN EXCLUSIVE")
    holder.execute("UPDATE articles SET title = title")
    try:
        started = time.monotonic()
        args = ("--port", str(free_port())) if command == "serve" else ()
        r = run(command, "--db", str(db), *args, timeout=60)
        assert time.monotonic() - started < 25
        assert r.returncode == 2
        assert "is locked by another process" in one_error_line(r) and str(db) in r.stderr
    finally:
        holder.execute("ROLLBACK")
        holder.close()


def test_a_mistyped_db_is_not_created_by_read_commands(tmp_path):
    for command in (["stats"], ["export"]):
        r = run(*command, "--db", str(tmp_path / "typo.db"))
        assert r.returncode == 2
        assert f"no store at {tmp_path / 'typo.db'}" in one_error_line(r)
    assert list(tmp_path.iterdir()) == []


def test_serve_on_a_file_that_is_not_a_database_says_so_in_one_line(tmp_path):
    bogus = tmp_path / "notes.txt"
    bogus.write_text("these are my notes, not a database\n" * 50)
    r = run("serve", "--db", str(bogus), "--port", "1", timeout=60)
    assert r.returncode == 2
    line = one_error_line(r)
    assert str(bogus) in line and "not a database" in line


def test_serve_says_when_it_starts_on_a_new_empty_store(tmp_path):
    """The note comes before the server starts; the server is stopped as soon as it is up."""
    import httpx

    from tests.web.conftest import free_port

    port = free_port()
    proc = subprocess.Popen([EXE, "serve", "--db", str(tmp_path / "new.db"), "--port", str(port)], cwd=ROOT,
                            stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"http://127.0.0.1:{port}/health", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.1)
    finally:
        proc.terminate()
        _, stderr = proc.communicate(timeout=10)
    assert stderr.splitlines()[0].startswith(f"note: no store at {tmp_path / 'new.db'} yet")


@pytest.mark.parametrize("case", ["cypher to a folder", "cypher to a missing folder", "csv to a file"])
def test_export_out_problems_are_one_line(example_db, tmp_path, case):
    existing = tmp_path / "graph.cypher"
    existing.write_text("old\n")
    fmt, out, why = {
        "cypher to a folder": ("cypher", tmp_path, "is a folder"),
        "cypher to a missing folder": ("cypher", tmp_path / "nowhere" / "graph.cypher", "does not exist"),
        "csv to a file": ("neo4j-csv", existing, "is a file"),
    }[case]
    r = run("export", "--db", str(example_db), "--format", fmt, "--out", str(out))
    assert r.returncode == 2
    line = one_error_line(r)
    assert f"--out {out}" in line and why in line


def test_export_replaces_an_existing_cypher_file_and_creates_a_csv_folder(example_db, tmp_path):
    existing = tmp_path / "graph.cypher"
    existing.write_text("old\n")
    assert run("export", "--db", str(example_db), "--out", str(existing)).returncode == 0
    assert existing.read_text().startswith("//") or "MERGE" in existing.read_text()
    r = run("export", "--db", str(example_db), "--format", "neo4j-csv", "--out", str(tmp_path / "new" / "import"))
    assert r.returncode == 0, r.stderr
    assert (tmp_path / "new" / "import" / "import.sh").exists()


def test_readme_links_and_names_only_files_in_the_repository():
    import re

    readme = (ROOT / "README.md").read_text()
    linked = re.findall(r"\]\(([^)#]+)\)", readme)
    local = [link for link in linked if "://" not in link]
    assert "docs/ONTOLOGY.md" in local and "docs/DESIGN.md" in local and "LICENSE" in local
    missing = [link for link in local if not (ROOT / link).exists()]
    assert missing == []
    assert "TENSIONGRAPH_API_KEY" in readme.split("## Usage")[0], "the quick start says writes need the key"


def test_license_is_the_mit_license_pyproject_names():
    import tomllib

    assert tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["license"] == {"text": "MIT"}
    assert (ROOT / "LICENSE").read_text().startswith("MIT License")


def _bracketed(text: str) -> list[str]:
    """The [...] phrases of a help text as the reader should see them (rich's escaping backslash removed)."""
    return [m.replace("\\[", "[") for m in re.findall(r"\\?\[[^\[\]\n]+\]", text or "")]


def _commands():
    import typer.main

    from api.cli import app

    group = typer.main.get_command(app)
    return sorted(group.commands.items())


@pytest.mark.parametrize("name", [name for name, _ in _commands()])
def test_no_help_text_loses_its_square_brackets(name):
    """Every bracketed phrase written in a command's docstring or an option's help ("[env ...]", ".[train]") is
    printed by --help: rich takes an unescaped one for markup and prints nothing."""
    command = dict(_commands())[name]
    written = _bracketed(command.help) + [b for p in command.params for b in _bracketed(getattr(p, "help", None))]
    shown = "".join(run(name, "--help").stdout.replace("│", "").split())
    lost = [b for b in written if "".join(b.split()) not in shown]
    assert not lost, f"{name} --help loses {lost}"
