"""GDELT import rate into the embedded store (issue 13, part 1): ``python bench/import_gdelt.py``.

Writes a GDELT 2.0-shaped events file (61 tab-separated columns) of ``--rows`` invented events: actors drawn
with Zipf weights over the ISO states, a fifth of them with a role code (GOV, MIL, COP, OPP, ...) and a few
known groups (NATO, the UN, Hamas, ...), event codes drawn from a spread over all twenty CAMEO roots, as
GDELT's own mix (about a third statements and consultations). Then it times, each over the whole file:

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
import os
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# CAMEO roots weighted roughly as GDELT's events are (statements, appeals, consultations and cooperation
# dominate; fights and mass violence are rare)
ROOT_WEIGHTS = {"01": 18, "02": 6, "03": 8, "04": 20, "05": 8, "06": 3, "07": 3, "08": 3, "09": 2, "10": 3,
                "11": 6, "12": 2, "13": 2, "14": 2, "15": 1, "16": 2, "17": 5, "18": 3, "19": 4, "20": 0.2}
CODES = {"01": ["010", "012", "016", "019"], "02": ["020", "023"], "03": ["030", "036", "0312"],
         "04": ["040", "042", "043", "046"], "05": ["051", "057"], "06": ["061", "062"], "07": ["071", "072"],
         "08": ["080", "0874"], "09": ["090"], "10": ["100"], "11": ["111", "112", "1121"], "12": ["120", "128"],
         "13": ["130", "138"], "14": ["141"], "15": ["150"], "16": ["163", "166"], "17": ["173", "175"],
         "18": ["180", "183"], "19": ["190", "193", "195"], "20": ["202"]}
ROLES = ["GOV", "GOV", "MIL", "COP", "OPP", "JUD", "BUS", "CVL", "MED", "LEG"]
GROUPS = [("IGOWSTNAT", "NAT"), ("IGOUNO", "UNO"), ("PSEREBHMS", "HMS"), ("IGOEUREEC", "EEC"), ("LBNREBHEZ", "HEZ")]


def write_file(path: Path, rows: int, seed: int = 3) -> None:
    import pycountry

    rng = random.Random(seed)
    states = [c.alpha_3 for c in pycountry.countries]
    rng.shuffle(states)
    weights = [1 / r ** 1.1 for r in range(1, len(states) + 1)]
    roots, root_w = list(ROOT_WEIGHTS), list(ROOT_WEIGHTS.values())

    def actor() -> list[str]:
        roll = rng.random()
        if roll < 0.04:
            code, group = rng.choice(GROUPS)
            return [code, code, "", group, "", "", "", "", "", ""]
        state = rng.choices(states, weights)[0]
        role = rng.choice(ROLES) if roll < 0.25 else ""
        return [state + role, state, state, "", "", "", "", role, "", ""]

    with path.open("w", encoding="utf-8") as f:
        for i in range(rows):
            day = f"20{rng.randint(15, 24)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}"
            code = rng.choice(CODES[rng.choices(roots, root_w)[0]])
            row = [str(900_000_000 + i), day, day[:6], day[:4], day[:4] + ".5", *actor(), *actor(), "1", code,
                   code[:3], code[:2], str(rng.randint(1, 4)), f"{rng.uniform(-10, 10):.1f}", str(rng.randint(1, 40)),
                   str(rng.randint(1, 8)), str(rng.randint(1, 40)), f"{rng.uniform(-10, 5):.2f}"]
            row += ["1", "Somewhere", "XX", "XX01", "XX01a", "10.0", "20.0", "-1"] * 3
            row += [day + "120000", f"https://news.example.org/{i % 50_000}"]
            f.write("\t".join(row) + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--batch", type=int, default=5000)
    parser.add_argument("--upsert-rows", type=int, default=20_000)
    args = parser.parse_args()
    from graph.coded import CodedEvent
    from graph.embedded import EmbeddedStore
    from loaders import gdelt
    from loaders.coded import read_events

    print(f"# {time.strftime('%Y-%m-%d %H:%M')}, load {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores; "
          f"{args.rows:,} GDELT 2.0 rows, batches of {args.batch:,}", flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.export.CSV"
        write_file(path, args.rows)
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

        store = EmbeddedStore(Path(tmp) / "bench.db")

        def load() -> str:
            batch, stored = [], 0
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
