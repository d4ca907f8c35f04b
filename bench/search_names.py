"""Actor search over many names (issue 13: the name search was 36 % of the server's time with 8 clients at 10M
evidence rows, 40k actors): the store's name index (graph.resolve.NameIndex) against the plain loop it
replaced, which tested every name in Python for an exact or prefix match and scored every name and every
word with rapidfuzz. Same answers (tests/graph/test_resolve.py), printed times per query and their ratio.
Names: the synthetic generator's (bench/synthetic.py), as many actors as ``--actors``.

    python bench/search_names.py --actors 40000
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

from rapidfuzz import fuzz, process

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.synthetic import _Cast  # noqa: E402
from graph.resolve import SEARCH_CUTOFF, NameIndex, norm_name  # noqa: E402


class Plain:
    """The lists the ranking used to keep: every (key, normalised name) and every (key, word of a name)."""

    def __init__(self, names: dict[str, set[str]]) -> None:
        self.keys, self.names, self.word_keys, self.words = [], [], [], []
        for key, aliases in names.items():
            for alias in aliases:
                name = norm_name(alias)
                self.keys.append(key)
                self.names.append(name)
                for word in name.split():
                    self.word_keys.append(key)
                    self.words.append(word)


def plain_rank(index: Plain, query: str, cutoff: float = SEARCH_CUTOFF) -> list[tuple[str, float]]:
    """The ranking as it was before the index's lookup (graph/resolve.py before issue 13's search change)."""
    q = norm_name(query)
    best: dict[str, float] = {}
    for key, name in zip(index.keys, index.names, strict=True):
        if name == q or key.lower() == q:
            best[key] = 101.0
        elif key not in best and (name.startswith(q) or " " + q in name):
            best[key] = 100.0
    fuzzy: dict[str, float] = {}
    for keys, choices, penalty in ((index.keys, index.names, 0.0), (index.word_keys, index.words, 5.0)):
        for _, score, i in process.extract(q, choices, scorer=fuzz.QRatio, score_cutoff=cutoff + penalty, limit=None):
            if keys[i] not in best:
                fuzzy[keys[i]] = max(fuzzy.get(keys[i], 0.0), float(score) - penalty)
    best.update(fuzzy)
    return [(k, min(v, 100.0)) for k, v in sorted(best.items(), key=lambda kv: (-kv[1], kv[0]))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--actors", type=int, default=40_000)
    parser.add_argument("--queries", type=int, default=60)
    args = parser.parse_args()
    cast = _Cast(random.Random(7), 50.0)
    actors = {a.key: a for a in cast.states}
    while len(actors) < args.actors:
        a = cast.new()
        actors[a.key] = a
    names = {k: {a.name, *a.aliases} for k, a in actors.items()}
    rng = random.Random(1)
    picked = rng.sample(sorted(names), args.queries // 2)
    queries = [sorted(names[k])[0] for k in picked]  # whole names
    queries += [q.split()[-1][:5] for q in queries]  # and the start of a word, as typed
    print(f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores; {len(names):,} actors, "
          f"{sum(map(len, names.values())):,} names, {len(queries)} queries")
    index, plain = NameIndex(names), Plain(names)
    t = time.perf_counter()
    index.rank("x")  # builds the lookup, once per index (per snapshot of the store)
    built = (time.perf_counter() - t) * 1000
    times: dict[str, list[float]] = {"index": [], "plain loop": []}
    for q in queries:
        for label, rank in (("index", index.rank), ("plain loop", lambda q: plain_rank(plain, q))):
            t = time.perf_counter()
            answer = rank(q)
            times[label].append((time.perf_counter() - t) * 1000)
        assert answer == index.rank(q), q
    p50 = {label: statistics.median(ms) for label, ms in times.items()}
    print(f"lookup built in {built:.1f} ms (once per snapshot)")
    for label, ms in times.items():
        print(f"{label:>10}: p50 {p50[label]:.1f} ms, max {max(ms):.1f} ms")
    print(f"ratio plain / index: {p50['plain loop'] / p50['index']:.2f}x")
    print(f"load average {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
