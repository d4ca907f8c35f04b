"""GDELT import rate into the embedded store (issue 13, part 1): ``python bench/import_gdelt.py``.

Writes a GDELT 2.0-shaped events file of ``--rows`` invented events (bench/synthetic.py's ``write_gdelt``).
Then it times, each over the whole file:

1. reading and mapping the rows (loaders/gdelt.py, the crosswalk) without storing;
2. ``tensiongraph import``'s path: reading, mapping and ``import_events`` in batches of ``--batch``, into a
   fresh SQLite file (what the target of 50k rows/s is about);
3. the same file again (every event already stored: the idempotent re-import);
4. for comparison, the events through ``upsert_many`` (one article each, the text ingest's path), on a
   ``--upsert-rows`` prefix.

Prints rows/s (file rows, mapped or not) and the machine's load.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from api.cli_import import BATCH  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--batch", type=int, default=BATCH["embedded"], help="events per call (tensiongraph import's)")
    parser.add_argument("--upsert-rows", type=int, default=20_000)
    parser.add_argument("--gc-per-batch", dest="gc_paused", action="store_false",
                        help="pause the collector per batch only, as the import did before (for a before figure)")
    parser.add_argument("--tmp", help="folder for the file and the SQLite files (default: the system's temporary folder)")
    args = parser.parse_args()
    from bench.synthetic import write_gdelt
    from graph.coded import CodedEvent
    from graph.embedded import EmbeddedStore
    from graph.embedded_import import ImportingStore
    from graph.snapshot import gc_paused
    from loaders import gdelt
    from loaders.coded import read_events

    print(f"# {time.strftime('%Y-%m-%d %H:%M')}, load {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores; "
          f"{args.rows:,} GDELT 2.0 rows, batches of {args.batch:,}", flush=True)
    with tempfile.TemporaryDirectory(dir=args.tmp) as tmp:
        path = Path(tmp) / "bench.export.CSV"
        write_gdelt(path, args.rows)
        print(f"file: {path.stat().st_size / 2**20:.0f} MiB", flush=True)

        def timed(label: str, fn) -> None:
            t, cpu = time.perf_counter(), time.process_time()
            extra = fn()
            seconds, cpu = time.perf_counter() - t, time.process_time() - cpu
            print(f"{label:<44} {args.rows / seconds:>9,.0f} rows/s  {args.rows / cpu:>9,.0f} rows/CPU-s"
                  f"  ({seconds:.1f} s){extra or ''}", flush=True)

        def parse() -> str:
            n = sum(isinstance(i, CodedEvent) for i in read_events([str(path)], gdelt.read))
            return f"  {n:,} events mapped"

        store = ImportingStore(Path(tmp) / "bench.db")  # as tensiongraph import opens it

        def load() -> str:
            batch, stored = [], 0
            with gc_paused() if args.gc_paused else contextlib.nullcontext():  # as tensiongraph import
                for item in read_events([str(path)], gdelt.read):
                    if isinstance(item, CodedEvent):
                        batch.append(item)
                        if len(batch) >= args.batch:
                            stored += store.import_events(batch).stored
                            batch = []
                stored += store.import_events(batch).stored
            stats = store.stats()
            return f"  {stored:,} stored, {sum(stats.relations.values()):,} relations"

        timed("read + map (no store)", parse)
        timed("import into a new SQLite file", load)
        timed("import again (all already stored)", load)
        store.close()
        upsert = EmbeddedStore(Path(tmp) / "upsert.db")
        events = []
        for item in read_events([str(path)], gdelt.read):
            if isinstance(item, CodedEvent):
                events.append(item)
                if len(events) >= args.upsert_rows:
                    break
        t = time.perf_counter()
        for i in range(0, len(events), 256):
            upsert.upsert_many([e.extraction() for e in events[i:i + 256]])
        seconds = time.perf_counter() - t
        print(f"{'(for comparison) upsert_many, one article each':<44} {len(events) / seconds:>9,.0f} events/s "
              f"({len(events):,} mapped events)", flush=True)
        upsert.close()


if __name__ == "__main__":
    main()
