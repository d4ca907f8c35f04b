"""Extraction quality on the shared dev corpus: runs `tensiongraph extract --json` over
../shared/corpus/dev and prints the shared scorer's table (all types, then core types).

    python bench/extraction_quality.py [--corpus DIR] [--show-errors]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=SHARED / "corpus" / "dev")
    ap.add_argument("--scorer", type=Path, default=SHARED / "tools" / "score_extraction.py")
    ap.add_argument("--show-errors", action="store_true")
    args = ap.parse_args()
    if not args.corpus.is_dir() or not args.scorer.is_file():
        print(f"no corpus at {args.corpus} or no scorer at {args.scorer}; nothing to measure")
        return 0
    exe = Path(sys.executable).with_name("tensiongraph")
    files = sorted(str(p) for p in args.corpus.glob("*.json"))
    with tempfile.NamedTemporaryFile("w+", suffix=".jsonl") as pred:
        start = time.perf_counter()
        subprocess.run([str(exe), "extract", *files, "--json"], stdout=pred, check=True)
        took = time.perf_counter() - start
        print(f"extracted {len(files)} articles in {took:.1f} s (model load included)")
        for types in ("all", "core"):
            cmd = [sys.executable, str(args.scorer), "--gold", str(args.corpus), "--pred", pred.name, "--types", types]
            if args.show_errors and types == "all":
                cmd.append("--show-errors")
            print(f"\n== --types {types}")
            sys.stdout.flush()
            subprocess.run(cmd, check=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
