"""The explorer's benchmark: ``python bench/explorer.py`` (about a minute; needs Debian's chromium).

Prints:
- first render of a 500-node neighbourhood in headless Chromium: from navigation start to the graph drawn and
  its status line written (page load, two /graph answers, Cytoscape drawing and layout), median of ``--runs``
  fresh page loads, with the default cap (150 actors shown) and with ``max=500`` (every actor shown); and the
  part of it spent drawing and laying out (``GraphView.lastRenderMs``);
- the size of the assets each page loads (/, /docs, /redoc), raw and gzip-compressed as the server sends them,
  and of all of api/static/.

Targets (issue 14): first render ≤ 1.5 s; all assets ≤ 1.5 MB compressed.
"""

from __future__ import annotations

import argparse
import gzip
import os
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

STATIC = ROOT / "api" / "static"


def gz(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=9))


def asset_sizes() -> dict[str, tuple[int, int]]:
    """Raw and compressed bytes of what each page loads, and of the whole static folder."""
    pages = {
        "/": ["index.html", "explorer.css", "favicon.svg", "vendor/uPlot.min.css", "vendor/cytoscape.min.js",
              "vendor/uPlot.iife.min.js", *[f"explorer/{p.name}" for p in sorted((STATIC / "explorer").glob("*.js"))]],
        "/docs": ["vendor/swagger-ui-bundle.js", "vendor/swagger-ui.css", "vendor/swagger-favicon-32x32.png"],
        "/redoc": ["vendor/redoc.standalone.js", "vendor/swagger-favicon-32x32.png"],
        "all of api/static": [p.relative_to(STATIC).as_posix() for p in STATIC.rglob("*") if p.is_file()],
    }
    return {page: (sum((STATIC / f).stat().st_size for f in files), sum(gz((STATIC / f).read_bytes()) for f in files))
            for page, files in pages.items()}


def first_renders(base: str, query: str, runs: int) -> tuple[list[float], list[float]]:
    from playwright.sync_api import sync_playwright

    from tests.web.conftest import CHROMIUM_ARGS

    total, drawing = [], []
    with sync_playwright() as p, tempfile.TemporaryDirectory() as profile:
        context = p.chromium.launch_persistent_context(profile, executable_path="/usr/bin/chromium", headless=True,
                                                       args=CHROMIUM_ARGS, viewport={"width": 1440, "height": 900})
        for _ in range(runs + 1):  # the first load warms the server and the disk cache; not counted
            page = context.new_page()
            page.goto(f"{base}/?{query}")
            page.wait_for_function("() => / shown\\./.test(document.getElementById('status').textContent)",
                                   timeout=60_000)
            total.append(page.evaluate("() => performance.now()"))
            drawing.append(page.evaluate("() => explorer.view.lastRenderMs"))
            page.close()
        context.close()
    return total[1:], drawing[1:]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--neighbours", type=int, default=499)
    args = parser.parse_args()

    from bench.hub import hub_extractions
    from graph.embedded import EmbeddedStore
    from tests.web.conftest import Server

    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "hub.db"
        with EmbeddedStore(db) as store:
            store.upsert_many(list(hub_extractions(args.neighbours)))
        server = Server("--db", str(db), log=Path(tmp) / "serve.log")
        try:
            nodes = args.neighbours + 1
            print(f"first render of a {nodes}-node neighbourhood (median of {args.runs} page loads; target ≤ 1500 ms; "
                  f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)")
            for label, query in (("default cap, 150 shown", "actor=HUB"), (f"max={nodes}, all shown", f"actor=HUB&max={nodes}")):
                total, drawing = first_renders(server.base, query, args.runs)
                print(f"  {label:24} {statistics.median(total):7.0f} ms to the drawn graph   "
                      f"(drawing + layout {statistics.median(drawing):5.0f} ms; runs: "
                      + ", ".join(f"{t:.0f}" for t in total) + ")")
        finally:
            server.stop()
    print("assets (bytes; compressed = gzip -9, as served to browsers that accept gzip; target ≤ 1.5 MB)")
    for page, (raw, packed) in asset_sizes().items():
        print(f"  {page:18} {raw / 1e6:6.2f} MB raw  {packed / 1e6:6.3f} MB compressed")


if __name__ == "__main__":
    main()
