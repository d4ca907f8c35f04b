"""The served browser assets: the committed build is the one web/build.py makes from the lockfile, it ships
in the package, and no page loads anything from another host."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import subprocess
import sys
import zipfile

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.settings import Settings
from tests.conftest import ROOT

WEB = ROOT / "web"
STATIC = ROOT / "api" / "static"
VENDOR = STATIC / "vendor"


def manifest() -> dict:
    return json.loads((VENDOR / "MANIFEST.json").read_text())


def test_committed_build_has_the_lockfile_versions():
    lock = json.loads((WEB / "package-lock.json").read_text())
    pinned = json.loads((WEB / "package.json").read_text())["dependencies"]
    locked = {name: lock["packages"][f"node_modules/{name}"]["version"] for name in pinned}
    assert locked == pinned, "package.json pins exact versions and the lockfile has them"
    m = manifest()
    assert m["packages"] == locked
    assert {f["package"] for f in m["files"].values()} == set(locked)
    for name, f in m["files"].items():
        assert f["version"] == locked[f["package"]], name


def test_committed_files_are_the_manifests_and_nothing_else():
    m = manifest()
    on_disk = {p.relative_to(VENDOR).as_posix() for p in VENDOR.rglob("*") if p.is_file()} - {"MANIFEST.json"}
    assert on_disk == set(m["files"])
    for name, f in m["files"].items():
        data = (VENDOR / name).read_bytes()
        assert len(data) == f["bytes"] and hashlib.sha256(data).hexdigest() == f["sha256"], f"{name} differs from the build"


@pytest.mark.slow
def test_build_script_rebuilds_the_committed_files_from_the_lockfile(tmp_path):
    """npm ci at the locked versions, then the same copy and patches: byte for byte what is committed."""
    if shutil.which("npm") is None:
        pytest.skip("npm is not installed")
    web = tmp_path / "web"
    web.mkdir()
    for name in ("package.json", "package-lock.json", "build.py"):
        shutil.copy(WEB / name, web / name)
    code = ("import sys, pathlib; sys.path.insert(0, sys.argv[1]); import build; "
            "build.WEB = pathlib.Path(sys.argv[1]); build.main(['--out', sys.argv[2]])")
    done = subprocess.run([sys.executable, "-c", code, str(web), str(tmp_path / "out")], capture_output=True, text=True,
                          timeout=400)
    assert done.returncode == 0, done.stderr[-2000:]
    assert json.loads((tmp_path / "out" / "MANIFEST.json").read_text()) == manifest()


@pytest.mark.slow
def test_the_wheel_ships_the_pages_and_assets(tmp_path):
    """A non-editable install gets the explorer, its scripts and the vendored libraries (package-data)."""
    done = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w",
                           str(tmp_path), str(ROOT)], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    [wheel] = tmp_path.glob("tensiongraph-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    expected = {f"api/static/{p.relative_to(STATIC).as_posix()}" for p in STATIC.rglob("*") if p.is_file()}
    assert expected <= names, sorted(expected - names)


def test_pages_load_only_local_scripts_styles_and_icons(tmp_path):
    app = create_app(Settings(db=str(tmp_path / "empty.db")))
    with TestClient(app) as client:
        for path in ("/", "/docs", "/redoc"):
            page = client.get(path)
            assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
            refs = re.findall(r'(?:src|href)\s*=\s*["\']([^"\']+)', page.text) + re.findall(r"url\(['\"]?([^'\")]+)",
                                                                                           page.text)
            loaded = [r for r in refs if not r.startswith("/") and not r.startswith("#")]
            assert loaded == [] or all(r.startswith("/") for r in loaded), (path, loaded)
            for ref in refs:
                if ref.startswith("/static/"):
                    assert client.get(ref).status_code == 200, ref
        gz = client.get("/static/vendor/cytoscape.min.js", headers={"Accept-Encoding": "gzip"})
        assert gz.headers.get("content-encoding") == "gzip"
        assert "/" not in client.get("/openapi.json").json()["paths"]  # the page is not part of the API


def test_explorer_scripts_use_only_the_public_api():
    """The explorer calls the documented REST routes and nothing else (it doubles as an example)."""
    from api.app import create_app

    documented = set(create_app(Settings()).openapi()["paths"])
    called = set()
    for script in (STATIC / "explorer").glob("*.js"):
        called |= set(re.findall(r'(?:get|cached)\(\s*[`"](/[a-z/]+)', script.read_text()))
    templated = {re.sub(r"\{[^}]+\}", "", p).rstrip("/") for p in documented}
    assert called and all(c.rstrip("/") in documented | templated for c in called), called
