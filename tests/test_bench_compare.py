"""bench/compare.py: whether a re-run of the bench reproduces its figures (issue 13: within 20%)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run(tmp_path: Path, first: dict, second: dict) -> subprocess.CompletedProcess:
    a, b = tmp_path / "a.json", tmp_path / "b.json"
    a.write_text(json.dumps(first))
    b.write_text(json.dumps(second))
    return subprocess.run([sys.executable, str(ROOT / "bench" / "compare.py"), str(a), str(b)],
                          capture_output=True, text=True, timeout=60)


def figures(rate: float, paths_ms: float) -> dict:
    return {"size": 1000, "gdelt": {"rows_per_s": rate}, "http": {"paths": {"p50": paths_ms}},
            "concurrent": {"reads, 8": {"per_s": 50.0}}}


def test_a_rerun_within_a_fifth_passes(tmp_path):
    out = run(tmp_path, figures(20_000, 8.0), figures(17_000, 9.0))
    assert out.returncode == 0, out.stdout + out.stderr
    assert "| GDELT import, file rows/s | 20,000 | 17,000 | 0.85 |" in out.stdout
    assert "0 of 3 figures moved" in out.stdout


def test_a_figure_that_moved_more_is_marked_and_fails(tmp_path):
    out = run(tmp_path, figures(20_000, 8.0), figures(20_000, 12.0))
    assert out.returncode == 1
    assert "| warm p50 paths, ms | 8.0 | 12.0 | **1.50** |" in out.stdout
    assert "1 of 3 figures moved more than 20%" in out.stdout


def test_runs_of_two_sizes_or_a_bad_file_are_refused_by_name(tmp_path):
    out = run(tmp_path, figures(1, 1), {**figures(1, 1), "size": 2000})
    assert out.returncode == 2 and "of size 1000" in out.stderr
    bad = tmp_path / "bad.json"
    bad.write_text("{")
    out = subprocess.run([sys.executable, str(ROOT / "bench" / "compare.py"), str(bad), str(bad)],
                         capture_output=True, text=True, timeout=60)
    assert out.returncode == 2 and "bad.json: not a results file" in out.stderr
