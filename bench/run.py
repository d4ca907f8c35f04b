"""The benchmarks of issue 6, one command: ``python bench/run.py`` (about 10 minutes on 2 cores).

Prints, and writes to bench/out/results.json and bench/out/latency.png:
- ingest: evidence rows per second into the embedded store through ``upsert_many`` (the path of
  ``tensiongraph ingest``), from ready synthetic extractions (bench/synthetic.py), at each size;
- memory: bytes per relation of the SQLite file and of the networkx projection; peak RSS;
- queries, warm, p50 and p99 over ``--queries`` random queries each, direct and through HTTP (uvicorn on
  127.0.0.1, one keep-alive httpx client): actor search, an actor's relations, k=3 shortest paths, a dyad's
  monthly tension series, the top-20 tense dyads;
- extraction: words/s and articles/s of ``Extractor.extract_many`` against bare ``nlp.pipe`` over the same
  texts, same pipeline, 1 and 2 processes.

Each size runs in its own process, so that peak RSS is that size's own. Figures are compared as ratios
within one run; absolute times depend on the machine.

Options: ``--sizes 10000,100000,1000000`` ``--queries 200`` ``--skip-extraction`` ``--articles 400``.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import random
import resource
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
OUT = ROOT / "bench" / "out"

TARGETS_MS = {  # p50 (and p99 where the issue names one)
    "search": (5, None), "relations": (10, None), "paths": (50, 200), "tension": (20, None), "top20": (100, None),
}


def rss_bytes() -> int:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def peak_rss_bytes() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


# ---------------------------------------------------------------------------------------------- ingest


def run_ingest(size: int, db: Path) -> dict:
    from bench.synthetic import articles
    from graph.embedded import EmbeddedStore

    extractions = list(articles(size))
    rows = sum(len(e.relations) for e in extractions)
    db.unlink(missing_ok=True)
    for suffix in ("-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    store = EmbeddedStore(db)
    chunk = 256
    start = time.perf_counter()
    for i in range(0, len(extractions), chunk):
        store.upsert_many(extractions[i:i + chunk])
    seconds = time.perf_counter() - start
    stats = store.stats()
    store.close()
    return {"size": size, "rows": rows, "articles": len(extractions), "ingest_s": seconds,
            "ingest_rows_per_s": rows / seconds, "relations": sum(stats.relations.values()),
            "actors": sum(stats.actors.values()), "file_bytes": db.stat().st_size,
            "ingest_peak_rss": peak_rss_bytes()}


# --------------------------------------------------------------------------------------------- queries


def _timed(fn, args_list) -> list[float]:
    fn(*args_list[0])  # warm
    out = []
    for args in args_list:
        t = time.perf_counter()
        fn(*args)
        out.append((time.perf_counter() - t) * 1000)
    return out


def _serve(app) -> tuple[object, int]:
    import uvicorn

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", access_log=False))
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.02)
    return server, port


def run_queries(db: Path, n: int) -> dict:
    import httpx

    from api.app import create_app
    from api.settings import Settings
    from graph import tension
    from graph.embedded import EmbeddedStore
    from graph.paths import k_shortest_paths
    from graph.store import ActorQuery, RelationFilter

    gc.collect()
    before = rss_bytes()
    t = time.perf_counter()
    store = EmbeddedStore(db)
    load_s = time.perf_counter() - t
    g = store.projection()
    gc.collect()
    projection_bytes = rss_bytes() - before
    rng = random.Random(5)
    states = sorted(k for k, d in g.nodes(data=True) if d["kind"] == "State" and g.degree(k) > 0)
    everyone = sorted(g.nodes)
    names = [g.nodes[k]["name"] for k in everyone]
    state_set = set(states)
    dyads = sorted({(u, v) for u, v in g.edges() if u in state_set and v in state_set})  # pairs with events

    def typo(name: str) -> str:  # a misspelling, the usual case for a search box
        i = rng.randrange(len(name))
        return name[:i] + name[i + 1:] if len(name) > 4 else name

    cases = {
        "search": [(typo(rng.choice(names)),) for _ in range(n)],
        "relations": [(rng.choice(everyone),) for _ in range(n)],
        "paths": [tuple(rng.sample(states, 2)) for _ in range(n)],
        "tension": [rng.choice(dyads) for _ in range(n)],
        "top20": [(rng.choice(states) if i % 2 else None,) for i in range(n)],
    }

    def direct_tension(a, b):
        with store.reading() as gg:
            tension.dyad_tension(gg, a, b)
            tension.tension_series(gg, a, b, bucket="month")

    def direct_paths(a, b):
        with store.reading() as gg:
            k_shortest_paths(gg, a, b, k=3, max_hops=4)

    def direct_top(actor):
        with store.reading() as gg:
            tension.top_dyads(gg, limit=20, actor=actor)

    direct = {
        "search": lambda q: store.search_actors(ActorQuery(q=q), limit=20),
        "relations": lambda k: store.relations(RelationFilter(actor=k), limit=50),
        "paths": direct_paths, "tension": direct_tension, "top20": direct_top,
    }
    results: dict = {"load_s": load_s, "projection_bytes": projection_bytes, "edges": g.number_of_edges(),
                     "direct": {}, "http": {}}
    for name, fn in direct.items():
        ms = _timed(fn, cases[name])
        results["direct"][name] = {"p50": pct(ms, 0.5), "p99": pct(ms, 0.99)}

    # the first query after a real write (one new article through upsert_many): what the warm queries reuse
    # (collapsed graph, ranking index) must follow the write; median of a few writes
    fresh = _fresh_articles()
    for name, fn in (("paths", direct_paths), ("top20", direct_top)):
        ms = []
        for i in range(5):
            store.upsert_many([next(fresh)])
            t = time.perf_counter()
            fn(*cases[name][i])
            ms.append((time.perf_counter() - t) * 1000)
        results["direct"][name]["after_write"] = pct(ms, 0.5)

    app = create_app(Settings(max_page=500), store=store)
    server, port = _serve(app)
    urls = {
        "search": lambda q: ("/actors", {"q": q, "limit": 20}),
        "relations": lambda k: (f"/actors/{k}/relations", {"limit": 50}),
        "paths": lambda a, b: ("/paths", {"from": a, "to": b, "k": 3, "max_hops": 4}),
        "tension": lambda a, b: ("/tension", {"a": a, "b": b, "bucket": "month"}),
        "top20": lambda actor: ("/tension/top", {"limit": 20, **({"actor": actor} if actor else {})}),
    }
    with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=60) as client:
        def call(url_params):
            url, params = url_params
            r = client.get(url, params=params)
            if r.status_code >= 500:
                raise RuntimeError(f"{url} {params}: {r.status_code} {r.text[:200]}")
        for name, make in urls.items():
            ms = _timed(lambda *args, make=make: call(make(*args)), cases[name])
            results["http"][name] = {"p50": pct(ms, 0.5), "p99": pct(ms, 0.99)}
        ms = _timed(lambda: call(("/health", {})), [()] * n)  # the floor: a round trip that does next to nothing
        results["http_floor"] = {"p50": pct(ms, 0.5), "p99": pct(ms, 0.99)}
    plan = [make(*args) for i in range(n) for name, make in urls.items() for args in (cases[name][i],)]
    results["concurrent"] = {"reads": _clients(port, plan), "reads_and_writes": _clients(port, plan, store, fresh)}
    server.should_exit = True
    results["server_peak_rss"] = peak_rss_bytes()
    store.close()
    return results


CLIENTS = 8  # concurrent HTTP clients of the throughput measure
CLIENT_SECONDS = 20.0


def _fresh_articles():
    """Synthetic articles none of which the bench graph holds (another seed): what the writes store."""
    from bench.synthetic import articles

    return iter(articles(10_000_000, seed=99))


def _client_process(port: int, plan: list, seconds: float, clients: int) -> dict:
    """Runs in its own process (so the clients do not share the server's interpreter): ``clients`` threads, each
    with its own keep-alive connection, going round ``plan`` (GET url, params) for ``seconds``."""
    import httpx

    lock = threading.Lock()
    statuses: dict[int, int] = {}
    ms: list[float] = []
    stop = time.perf_counter() + seconds

    def client(i: int) -> None:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=120) as c:
            j = i * 7
            while time.perf_counter() < stop:
                url, params = plan[j % len(plan)]
                j += 1
                t = time.perf_counter()
                code = c.get(url, params=params).status_code
                with lock:
                    ms.append((time.perf_counter() - t) * 1000)
                    statuses[code] = statuses.get(code, 0) + 1

    started = time.perf_counter()
    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - started
    return {"requests": len(ms), "per_s": len(ms) / wall, "p50": pct(ms, 0.5), "p99": pct(ms, 0.99),
            "statuses": {str(k): v for k, v in sorted(statuses.items())}}


def _clients(port: int, plan: list, store=None, fresh=None) -> dict:
    """Throughput of CLIENTS concurrent clients over the read routes (search, relations, paths, tension, top20
    in turn) for CLIENT_SECONDS; with ``store``, a writer thread stores fresh articles all the while (16 a call,
    the ingest path), whose rate is reported too."""
    import multiprocessing

    stop = threading.Event()
    written = [0]

    def writer() -> None:
        while not stop.is_set():
            store.upsert_many([next(fresh) for _ in range(16)])
            written[0] += 16

    thread = threading.Thread(target=writer) if store is not None else None
    if thread:
        thread.start()
    with multiprocessing.get_context("spawn").Pool(1) as pool:
        out = pool.apply(_client_process, (port, plan, CLIENT_SECONDS, CLIENTS))
    if thread:
        stop.set()
        thread.join()
        out["articles_written_per_s"] = written[0] / CLIENT_SECONDS
    return out


# ------------------------------------------------------------------------------------------ extraction


def corpus(n: int) -> list:
    """``n`` articles recombined from the sentences of the project's own examples/."""
    from graph.model import Article

    sentences = []
    for path in sorted((ROOT / "examples").glob("*.json")):
        text = json.loads(path.read_text())["text"]
        sentences += [s.strip() + "." for s in text.replace("\n", " ").split(". ") if len(s.split()) > 4]
    rng = random.Random(3)
    return [Article(id=f"bench-{i}", text=" ".join(rng.sample(sentences, min(len(sentences), rng.randint(8, 16)))))
            for i in range(n)]


def run_extraction(n_articles: int) -> dict:
    from loaders.extract import Extractor, load_nlp

    arts = corpus(n_articles)
    words = sum(len(a.text.split()) for a in arts)
    nlp = load_nlp()
    extractor = Extractor(nlp)
    out: dict = {"articles": len(arts), "words": words}
    for procs in (1, 2):
        list(nlp.pipe([a.text for a in arts[:16]], batch_size=16))  # warm
        t = time.perf_counter()
        for _ in nlp.pipe([a.text for a in arts], batch_size=16, n_process=procs):
            pass
        bare = time.perf_counter() - t
        t = time.perf_counter()
        found = list(extractor.extract_many(arts, batch_size=16, n_process=procs))
        ours = time.perf_counter() - t
        assert len(found) == len(arts)
        out[f"p{procs}"] = {"bare_words_per_s": words / bare, "words_per_s": words / ours,
                            "articles_per_s": len(arts) / ours, "ratio": bare / ours}
    return out


# ---------------------------------------------------------------------------------------------- report


def human(n: float) -> str:
    return f"{n / 1e6:.0f}M" if n >= 1e6 else f"{n / 1e3:.0f}k" if n >= 1e3 else str(int(n))


def table(results: dict) -> str:
    sizes = results["sizes"]
    head = "| | " + " | ".join(human(s["size"]) for s in sizes) + " | target |"
    rows = [head, "|---" * (len(sizes) + 2) + "|"]

    def row(label, values, target=""):
        rows.append(f"| {label} | " + " | ".join(values) + f" | {target} |")

    row("evidence rows (actors, relations)", [f"{s['rows']:,} ({s['actors']:,}, {s['relations']:,})" for s in sizes])
    row("ingest, rows/s", [f"{s['ingest_rows_per_s']:,.0f}" for s in sizes], "≥ 20,000 at 1M")
    row("ingest peak RSS", [f"{s['ingest_peak_rss'] / 2**20:,.0f} MiB" for s in sizes])
    row("SQLite bytes per row", [f"{s['file_bytes'] / s['rows']:,.0f}" for s in sizes])
    row("projection bytes per row", [f"{s['projection_bytes'] / s['rows']:,.0f}" for s in sizes])
    row("cold load of the projection", [f"{s['load_s']:.1f} s" for s in sizes])
    row("server peak RSS", [f"{s['server_peak_rss'] / 2**20:,.0f} MiB" for s in sizes], "< 4 GiB at 1M")
    for name, (p50, p99) in TARGETS_MS.items():
        row(f"{name} p50 / p99 ms", [f"{s['direct'][name]['p50']:.1f} / {s['direct'][name]['p99']:.1f}" for s in sizes],
            f"p50 ≤ {p50}" + (f", p99 ≤ {p99}" if p99 else ""))
    for name in TARGETS_MS:
        row(f"{name} HTTP − direct, p50 ms",
            [f"{s['http'][name]['p50'] - s['direct'][name]['p50']:.1f}" for s in sizes], "≤ 2")
    row("HTTP floor: `/health` round trip, p50 ms", [f"{s['http_floor']['p50']:.1f}" for s in sizes])
    for name in ("paths", "top20"):
        row(f"{name}: first query after a write, ms", [f"{s['direct'][name]['after_write']:.0f}" for s in sizes])
    for kind, label in (("reads", "8 clients, reads"), ("reads_and_writes", "8 clients, reads while a writer ingests")):
        row(f"{label}: requests/s (p50 / p99 ms)",
            [f"{c['per_s']:,.1f} ({c['p50']:.0f} / {c['p99']:.0f})" for s in sizes for c in (s["concurrent"][kind],)])
        row(f"{label}: statuses", [", ".join(f"{k}: {v}" for k, v in s["concurrent"][kind]["statuses"].items())
                                   for s in sizes])
    row("articles written per s during the reads", [f"{s['concurrent']['reads_and_writes']['articles_written_per_s']:,.0f}"
                                                     for s in sizes])
    text = "\n".join(rows)
    ex = results.get("extraction")
    if ex:
        text += ("\n\n| extraction | words/s | articles/s | bare `nlp.pipe` words/s | ratio (target ≥ 0.8) |\n"
                 "|---|---|---|---|---|\n")
        for procs in (1, 2):
            e = ex[f"p{procs}"]
            text += (f"| {procs} process{'es' if procs > 1 else ''} | {e['words_per_s']:,.0f} | "
                     f"{e['articles_per_s']:.1f} | {e['bare_words_per_s']:,.0f} | {e['ratio']:.2f} |\n")
    return text


def plot(results: dict) -> None:
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        print("(matplotlib not installed: no plot)")
        return
    sizes = results["sizes"]
    xs = [s["size"] for s in sizes]
    fig, ax = plt.subplots(figsize=(7, 4.5))
    for name in TARGETS_MS:
        ax.plot(xs, [s["direct"][name]["p50"] for s in sizes], marker="o", label=f"{name} p50")
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("evidence rows")
    ax.set_ylabel("ms (direct call, warm)")
    ax.set_title(f"tensiongraph query latency vs graph size ({results['date']})")
    ax.legend()
    ax.grid(True, which="both", alpha=0.3)
    fig.tight_layout()
    fig.savefig(OUT / "latency.png", dpi=110)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--articles", type=int, default=400)
    parser.add_argument("--skip-extraction", action="store_true")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)  # internal: one size in this process
    parser.add_argument("--extraction-only", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    if args.one:
        db = OUT / f"synthetic-{args.one}.db"
        figures = run_ingest(args.one, db)
        print(f"  ingest {human(args.one)}: {figures['ingest_rows_per_s']:,.0f} rows/s", file=sys.stderr, flush=True)
        figures.update(run_queries(db, args.queries))
        print(json.dumps(figures))
        return
    if args.extraction_only:
        print(json.dumps(run_extraction(args.articles)))
        return
    started = time.perf_counter()
    results: dict = {"date": time.strftime("%Y-%m-%d"), "cores": os.cpu_count(),
                     "ram_gib": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30),
                     "python": sys.version.split()[0], "sizes": []}
    for size in (int(s) for s in args.sizes.split(",")):
        print(f"size {human(size)} ...", file=sys.stderr, flush=True)
        done = subprocess.run([sys.executable, __file__, "--one", str(size), "--queries", str(args.queries)],
                              check=True, capture_output=True, text=True)
        sys.stderr.write(done.stderr)
        results["sizes"].append(json.loads(done.stdout.strip().splitlines()[-1]))
    if not args.skip_extraction:
        print("extraction ...", file=sys.stderr, flush=True)
        done = subprocess.run([sys.executable, __file__, "--extraction-only", "--articles", str(args.articles)],
                              check=True, capture_output=True, text=True)
        results["extraction"] = json.loads(done.stdout.strip().splitlines()[-1])
    results["total_s"] = time.perf_counter() - started
    (OUT / "results.json").write_text(json.dumps(results, indent=1))
    plot(results)
    print(f"# {results['date']}, {results['cores']} cores, {results['ram_gib']} GiB, Python {results['python']}, "
          f"{results['total_s'] / 60:.1f} min\n")
    print(table(results))


if __name__ == "__main__":
    main()
