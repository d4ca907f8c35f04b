"""Builds the browser assets that tensiongraph serves (the explorer at /, Swagger UI at /docs, ReDoc at /redoc).

The JavaScript libraries come from npm at the versions pinned in web/package.json and web/package-lock.json.
This script installs them exactly as locked (``npm ci``), copies the minified files the pages load into
api/static/vendor/ with their licences, and writes api/static/vendor/MANIFEST.json (package, version, size
and SHA-256 of each file). The result is committed, so ``pip install -e .`` alone gives a server that works
offline; run this script only to change or re-check a library version:

    python web/build.py              # npm ci, then copy into api/static/vendor/
    python web/build.py --out DIR    # the same build into another folder (the test compares it with the committed one)

tests/api/test_web_assets.py checks that the committed files are the ones the manifest names and that the
manifest's versions are the lockfile's.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import subprocess
import sys
from pathlib import Path

WEB = Path(__file__).resolve().parent
VENDOR = WEB.parent / "api" / "static" / "vendor"

# served name -> (npm package, path inside the package)
FILES = {
    "cytoscape.min.js": ("cytoscape", "dist/cytoscape.min.js"),
    "uPlot.iife.min.js": ("uplot", "dist/uPlot.iife.min.js"),
    "uPlot.min.css": ("uplot", "dist/uPlot.min.css"),
    "swagger-ui-bundle.js": ("swagger-ui-dist", "swagger-ui-bundle.js"),
    "swagger-ui.css": ("swagger-ui-dist", "swagger-ui.css"),
    "swagger-favicon-32x32.png": ("swagger-ui-dist", "favicon-32x32.png"),
    "redoc.standalone.js": ("redoc", "bundles/redoc.standalone.js"),
    "licenses/cytoscape.txt": ("cytoscape", "LICENSE"),
    "licenses/uplot.txt": ("uplot", "LICENSE"),
    "licenses/swagger-ui-dist.txt": ("swagger-ui-dist", "LICENSE"),
    "licenses/redoc.txt": ("redoc", "LICENSE"),
}


# Changes made to a copied file, each (old, new, why); the build stops if an old text is not found exactly once.
PATCHES = {
    "redoc.standalone.js": [
        ('"https://cdn.redoc.ly/redoc/logo-mini.svg"', '"data:image/svg+xml,%3Csvg xmlns=%22http://www.w3.org/2000/svg%22/%3E"',
         "ReDoc 2.5 always loads its sidebar logo from Redocly's CDN; an empty picture keeps /redoc offline"),
    ],
}


def locked_versions(lockfile: Path = WEB / "package-lock.json") -> dict[str, str]:
    """The version package-lock.json locks for each direct dependency."""
    lock = json.loads(lockfile.read_text(encoding="utf-8"))
    direct = lock["packages"][""]["dependencies"]
    return {name: lock["packages"][f"node_modules/{name}"]["version"] for name in direct}


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def install(web: Path = WEB) -> Path:
    """``npm ci`` in ``web`` (exactly the lockfile's versions, no install scripts); returns node_modules."""
    npm = shutil.which("npm")
    if npm is None:
        sys.exit("web/build.py: npm is not installed (Debian: apt-get install npm)")
    subprocess.run([npm, "ci", "--ignore-scripts", "--no-audit", "--no-fund", "--omit=peer"], cwd=web, check=True)
    return web / "node_modules"


def build(node_modules: Path, out: Path) -> dict:
    """Copy the served files from ``node_modules`` into ``out`` and write its MANIFEST.json."""
    versions = locked_versions()
    manifest: dict = {"packages": versions, "files": {}}
    for name, (package, inner) in sorted(FILES.items()):
        source = node_modules / package / inner
        if not source.is_file():
            sys.exit(f"web/build.py: {source} is missing; is {package} {versions.get(package)} installed?")
        target = out / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
        patched = _patch(target, PATCHES.get(name, []))
        manifest["files"][name] = {"package": package, "version": versions[package], "from": inner,
                                   "bytes": target.stat().st_size, "sha256": sha256(target), "patched": patched}
    (out / "MANIFEST.json").write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return manifest


def _patch(path: Path, patches: list[tuple[str, str, str]]) -> list[str]:
    """Apply ``patches`` to the file; returns why each was made (recorded in the manifest)."""
    if not patches:
        return []
    text = path.read_text(encoding="utf-8")
    for old, new, why in patches:
        if text.count(old) != 1:
            sys.exit(f"web/build.py: patch for {path.name} ({why}) expects {old!r} once, found {text.count(old)}")
        text = text.replace(old, new)
    path.write_text(text, encoding="utf-8")
    return [why for _, _, why in patches]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=VENDOR, help="folder for the built files (default: api/static/vendor)")
    parser.add_argument("--no-install", action="store_true", help="use web/node_modules as it is (no npm ci)")
    args = parser.parse_args(argv)
    node_modules = WEB / "node_modules" if args.no_install else install()
    manifest = build(node_modules, args.out)
    total = sum(f["bytes"] for f in manifest["files"].values())
    print(f"wrote {len(manifest['files'])} files ({total / 1e6:.2f} MB) to {args.out}: "
          + ", ".join(f"{p} {v}" for p, v in sorted(manifest["packages"].items())))


if __name__ == "__main__":
    main()
