"""Text ingest rate as the graph learns more actors (issue 13, part 3): ``python bench/ingest_actors.py``.

Streams synthetic extractions (bench/synthetic.py) in which about one relation end in ``--every`` rows is a
new, distinctly named actor (70% of them organisations, which all share one matching scope), into a fresh
embedded store through ``upsert_many`` (256 articles a call, the path of ``tensiongraph ingest``), and
prints the evidence rows per second (wall clock, and per CPU second of this process, which a loaded
machine disturbs less) of the ``--window`` rows ingested right after the graph reaches each
``--orgs`` count of organisations. The extractions are generated before the clock starts.

``--brute`` swaps in the matcher as it was before the known-names index (every known name of the new
actor's kind and scope gathered and normalised again, then scored in Python) for a before/after figure with
the same data: ``python bench/ingest_actors.py --brute --orgs 2000,8000 --window 2000`` (slow: it is
quadratic, about 10 minutes to reach 8k organisations on 2 cores).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def brute_force(store) -> None:
    """Make ``store`` match new actors the way it did before the index (for the before figure)."""
    from graph import resolve
    from graph.model import ActorKind

    def known_names(kind: ActorKind, scope: str | None) -> dict[str, set[str]]:
        g = store._graph
        return {key: store._aliases.get(key, set()) | {g.nodes[key]["name"]}
                for key in store._by_scope.get((kind.value, scope), ())}

    def match(actors, _known) -> dict[str, str]:
        renames = {}
        for actor in actors:
            if actor.kind is ActorKind.STATE:
                continue
            candidates = known_names(actor.kind, actor.state or actor.organization)
            if actor.key in candidates:
                continue
            names = {resolve.norm_name(n) for n in (actor.name, *actor.aliases)} - {""}
            officer = actor.kind is ActorKind.OFFICER
            best_key, best = None, 0.0
            for key, known in candidates.items():
                score = resolve._same(names, {resolve.norm_name(n) for n in known}, officer)
                if score > best:
                    best_key, best = key, score
            if best_key and best >= resolve.SAME_NAME_SCORE:
                renames[actor.key] = best_key
        return renames

    resolve.match_known_actors = match  # the stores call it through the module


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--orgs", default="2000,8000,20000", help="organisation counts to measure at")
    parser.add_argument("--every", type=float, default=5.0, help="rows per new actor")
    parser.add_argument("--window", type=int, default=10000, help="rows measured at each count")
    parser.add_argument("--brute", action="store_true", help="the matcher as it was before the index")
    args = parser.parse_args()
    from bench.synthetic import articles
    from graph.embedded import EmbeddedStore
    from graph.model import ActorKind

    targets = sorted(int(n) for n in args.orgs.split(","))
    print(f"# {time.strftime('%Y-%m-%d %H:%M')}, load {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores; "
          f"one new actor per {args.every:g} rows; matcher: {'brute force (before)' if args.brute else 'index'}",
          flush=True)
    # generate up to the last target plus its window, counting organisations as they appear
    t = time.perf_counter()
    stream, orgs_after, seen = [], [], set()
    want, rows = None, 0
    for extraction in articles(10**9, new_actor_every=args.every):
        seen.update(a.key for a in extraction.actors if a.kind is ActorKind.ORGANIZATION)
        stream.append(extraction)
        orgs_after.append(len(seen))
        rows += len(extraction.relations)
        if want is None and len(seen) >= targets[-1]:
            want = rows + args.window
        if want is not None and rows >= want:
            break
    print(f"generated {rows:,} rows in {len(stream):,} articles, {len(seen):,} organisations "
          f"({time.perf_counter() - t:.0f} s, not counted)", flush=True)

    with tempfile.TemporaryDirectory() as tmp:
        store = EmbeddedStore(Path(tmp) / "bench.db")
        if args.brute:
            brute_force(store)
        chunk, i, done = 256, 0, 0
        started = time.perf_counter()
        print(f"{'organisations':>13} {'rows so far':>12} {'window rows':>11} {'rows/s':>9} {'rows/CPU-s':>10}",
              flush=True)
        for target in targets:
            while i < len(stream) and orgs_after[i] < target:  # reach the target
                store.upsert_many(stream[i:i + chunk])
                done += sum(len(e.relations) for e in stream[i:i + chunk])
                i += chunk
            at, window_rows, t, cpu = done, 0, time.perf_counter(), time.process_time()
            while i < len(stream) and window_rows < args.window:
                store.upsert_many(stream[i:i + chunk])
                window_rows += sum(len(e.relations) for e in stream[i:i + chunk])
                i += chunk
            seconds, cpu = time.perf_counter() - t, time.process_time() - cpu
            known = len(store._by_scope.get((ActorKind.ORGANIZATION.value, None), ()))
            print(f"{known:>13,} {at:>12,} {window_rows:>11,} {window_rows / seconds:>9,.0f} {window_rows / cpu:>10,.0f}",
                  flush=True)
            done += window_rows
        total = time.perf_counter() - started
        stats = store.stats()
        store.close()
    print(f"all {done:,} rows in {total:.1f} s ({done / total:,.0f} rows/s); stored actors {stats.actors}")


if __name__ == "__main__":
    main()
