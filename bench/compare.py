"""Two runs of ``bench/run.py`` at one size, figure by figure: does a re-run reproduce the figures within 20%
(issue 13's target for the bench)?

Each run leaves its figures in ``<data>/results-<size>-gdelt<share>.json``; copy the first aside before the
second run, then::

    python bench/compare.py first.json second.json [--within 0.2]

Prints one row per figure (the first run's value, the second's, their ratio) and marks those that moved more
than ``--within``; exits 1 when any did. Rates and times compare as they are; a figure one run lacks (a step it
skipped) is listed as missing, not counted.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from pathlib import Path

# route families whose warm p50 is a target (issue 13) or a rate the bench reports: their figures are compared
ROUTES = ("search", "relations", "relations, under provenance=gdelt", "paths", "tension", "top20", "alliances",
          "graph", "articles")


def figures(run: dict) -> Iterator[tuple[str, float | None]]:
    """(name, value) of the figures a re-run should reproduce; None where the run has none."""
    def get(*path: str) -> float | None:
        x = run
        for p in path:
            if not isinstance(x, dict) or p not in x:
                return None
            x = x[p]
        return float(x) if isinstance(x, (int, float)) else None

    yield "text ingest, rows/s", get("text", "rows_per_s")
    yield "GDELT import, file rows/s", get("gdelt", "rows_per_s")
    yield "serve: cold load, s", get("load_s")
    yield "serve RSS after the load, bytes", get("rss_open")
    yield "serve RSS with the indexes built, bytes", get("rss_warm")
    yield "serve peak RSS, bytes", get("server_peak_rss")
    for route in ROUTES:
        yield f"warm p50 {route}, ms", get("http", route, "p50")
    for step in sorted(run.get("concurrent", {})):
        yield f"clients: {step}, req/s", get("concurrent", step, "per_s")
    yield "full collections: longest, ms", get("gc_full", "max_ms")


def compare(first: dict, second: dict, within: float) -> tuple[list[tuple[str, str, str, str, bool]], int]:
    rows, moved = [], 0
    b_figures = dict(figures(second))
    for name, a in figures(first):
        b = b_figures.get(name)
        if a is None or b is None:
            rows.append((name, _fmt(a), _fmt(b), "missing", False))
            continue
        ratio = b / a if a else float("inf")
        off = abs(ratio - 1.0) > within
        moved += off
        rows.append((name, _fmt(a), _fmt(b), f"{ratio:.2f}", off))
    return rows, moved


def _fmt(x: float | None) -> str:
    return "-" if x is None else f"{x:,.1f}" if x < 1000 else f"{x:,.0f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("first", type=Path)
    parser.add_argument("second", type=Path)
    parser.add_argument("--within", type=float, default=0.2, help="the share a figure may move (default 0.2)")
    args = parser.parse_args()
    runs = []
    for path in (args.first, args.second):
        try:
            runs.append(json.loads(path.read_text()))
        except (OSError, ValueError) as exc:
            parser.error(f"{path}: not a results file of bench/run.py ({exc})")
    if runs[0].get("size") != runs[1].get("size"):
        parser.error(f"{args.first} is of size {runs[0].get('size')}, {args.second} of {runs[1].get('size')}")
    rows, moved = compare(runs[0], runs[1], args.within)
    print(f"| figure | {args.first.name} ({runs[0].get('measured', '?')}) | {args.second.name} "
          f"({runs[1].get('measured', '?')}) | ratio |\n|---|---|---|---|")
    for name, a, b, ratio, off in rows:
        print(f"| {name} | {a} | {b} | {'**' + ratio + '**' if off else ratio} |")
    print(f"\n{moved} of {sum(r[3] != 'missing' for r in rows)} figures moved more than {args.within:.0%}; "
          f"load averages: {runs[0].get('serve_load')} and {runs[1].get('serve_load')}")
    sys.exit(1 if moved else 0)


if __name__ == "__main__":
    main()
