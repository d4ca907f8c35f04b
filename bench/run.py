"""The benchmarks of issues 6 and 13, one command: ``python bench/run.py`` (about 10 minutes on 2 cores).

For each size (evidence rows), in processes of their own, so that each figure of memory is that process's own:

1. **build** (skipped with ``--reuse`` when the SQLite file of that size is in ``--data`` already): synthetic
   extractions (bench/synthetic.py) through ``upsert_many``, the path of ``tensiongraph ingest``; then, with
   ``--gdelt-share``, that share of the rows from a GDELT 2.0-shaped file written by the same generator (kept in
   ``--data``) through ``import_events`` in batches of 50,000, the path of ``tensiongraph import``. Rows/s, rows
   per CPU second (steadier on a loaded machine), the import's rate by tenths of the file, peak RSS;
2. **serve**: the store opened afresh (cold load) behind uvicorn on 127.0.0.1; the first answer of each route
   after the start; warm p50/p99 of every read route through HTTP (one keep-alive client; ``--queries`` each or
   ``ROUTE_SECONDS``, whichever ends first) and of five of them called directly; the first query after a write
   (one article through ``upsert_many``; a batch of 1,000 GDELT events through ``import_events``); throughput of
   1, 8 and 32 concurrent clients (``--clients``) over the read routes alone, then while a writer thread imports
   GDELT events (and, for comparison, ingests articles), then while ``tensiongraph import`` runs as a process of
   its own on the same file; RSS after the load, once the routes built their indexes, at the end and its peak;
   the cyclic GC's full collections (count, longest).

The machine's load average is recorded at each step and printed with the figures. Prints a table, writes
bench/out/results.json (and, per size, ``results-<size>-gdelt<share>.json`` in ``--data``) and
bench/out/latency.png; ``--report`` does so from the sizes measured earlier, without running anything.
Extraction: words/s and articles/s of ``Extractor.extract_many`` against bare ``nlp.pipe`` over the same texts,
same pipeline, 1 and 2 processes (``--skip-extraction``).

The 10M point of issue 13 (the build alone took over 1.5 hours on the shared 2 cores, serving it 11 minutes on
a quiet machine; 8.5 GB of SQLite, a 3.8 GB GDELT file and an 8.5 GB copy while serving, in ``--data``)::

    python bench/run.py --sizes 10000000 --gdelt-share 0.8 --data /work/bench-data --skip-extraction

Options: ``--sizes 10000,100000,1000000`` ``--queries 200`` ``--gdelt-share 0`` ``--data bench/out``
``--reuse`` ``--clients 1,8,32`` ``--client-seconds 20`` ``--no-import-process`` ``--skip-extraction``
``--articles 400`` ``--report``.
"""

from __future__ import annotations

import argparse
import gc
import json
import math
import os
import random
import resource
import shutil
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
OUT = ROOT / "bench" / "out"

from api.cli_import import BATCH  # noqa: E402

TARGETS_MS = {  # p50 (and p99 where the issue names one), direct calls (issue 6)
    "search": (5, None), "relations": (10, None), "paths": (50, 200), "tension": (20, None), "top20": (100, None),
}
WARM_TARGET_MS = {"paths": 50, "top20": 50, "search": 50, "tension": 50}  # at 10M, through HTTP (issue 13)
AFTER_WRITE_TARGET_MS = 200  # the first query after a write (issue 13)
TEXT_CHUNK = 256  # articles per upsert_many call (as tensiongraph ingest)
IMPORT_BATCH = BATCH["embedded"]  # events per import_events call (as tensiongraph import)
WRITER_BATCH = 1000  # events per import_events call of the writer beside the readers
ROUTE_SECONDS = 30.0  # warm queries of one route stop after this, at least 5 asked
# the queries timed right after a write -> the kind of their cases; "gdelt relations" is an actor's relations under
# provenance=gdelt (each provenance's reports and view are carried over writes since 2026-12-03)
AFTER_WRITE_QUERIES = {"paths": "paths", "top20": "top20", "search": "search", "tension": "tension",
                       "gdelt relations": "relations"}


def rss_bytes() -> int:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def peak_rss_bytes() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def load() -> list[float]:
    """The machine's load average (1, 5, 15 minutes): printed with every figure."""
    return [round(x, 2) for x in os.getloadavg()]


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def commit() -> str:
    """The code measured: the commit checked out (and whether files differ from it)."""
    def git(*args: str) -> str:
        return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True).stdout.strip()

    return git("rev-parse", "--short", "HEAD") + (" + changes" if git("status", "--porcelain", "--untracked-files=no") else "")


def db_path(data: Path, size: int, share: float) -> Path:
    return data / f"bench-{size}-gdelt{round(share * 100)}.db"


def _remove(db: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)


# ----------------------------------------------------------------------------------------------- build


def run_build(size: int, share: float, data: Path) -> dict:
    """The graph of ``size`` evidence rows, ``share`` of them from a GDELT file, written into a new SQLite file."""
    from graph.embedded import EmbeddedStore
    from graph.embedded_import import ImportingStore

    db = db_path(data, size, share)
    _remove(db)
    out: dict = {"size": size, "gdelt_share": share, "built": time.strftime("%Y-%m-%d %H:%M"), "build_load": load(),
                 "build_commit": commit()}
    store = EmbeddedStore(db)
    text_rows = round(size * (1 - share))
    if text_rows:
        out["text"] = _ingest_text(store, text_rows)
        print(f"  text ingest: {out['text']['rows_per_s']:,.0f} rows/s", file=sys.stderr, flush=True)
    if share:
        store.close()
        store = ImportingStore(db)  # as tensiongraph import opens it (no relations loaded)
        out["gdelt"] = _import_gdelt(store, size - text_rows, data)
        print(f"  GDELT import: {out['gdelt']['rows_per_s']:,.0f} file rows/s", file=sys.stderr, flush=True)
    stats = store.stats()
    store.close()
    out.update(rows=stats.evidence, articles=stats.articles, relations=sum(stats.relations.values()),
               actors=sum(stats.actors.values()), file_bytes=db.stat().st_size, ingest_peak_rss=peak_rss_bytes(),
               build_load_end=load())
    return out


def _ingest_text(store, rows: int) -> dict:
    """Synthetic articles of ``rows`` evidence rows through upsert_many, generated as they go (the generator's
    time is not counted)."""
    from bench.synthetic import articles

    wall = cpu = 0.0
    done, chunk = 0, []
    started = load()

    def write() -> None:
        nonlocal wall, cpu, done
        t, c = time.perf_counter(), time.process_time()
        store.upsert_many(chunk)
        wall += time.perf_counter() - t
        cpu += time.process_time() - c
        done += sum(len(e.relations) for e in chunk)
        chunk.clear()

    for extraction in articles(rows):
        chunk.append(extraction)
        if len(chunk) == TEXT_CHUNK:
            write()
    write()
    return {"rows": done, "s": wall, "rows_per_s": done / wall, "rows_per_cpu_s": done / cpu,
            "load": started, "load_end": load()}


def _evidence_per_row() -> float:
    """Evidence rows per GDELT file row (mapped or not), from the first 20,000 rows of the generator's file."""
    from bench.synthetic import gdelt_lines
    from graph.coded import CodedEvent
    from graph.embedded import EmbeddedStore
    from loaders import gdelt

    sample = 20_000
    store = EmbeddedStore(":memory:")
    events = [e for e in gdelt.read("sample", gdelt_lines(sample)) if isinstance(e, CodedEvent)]
    found = store.import_events(events).new_evidence
    store.close()
    return found / sample


def gdelt_file(evidence: int, data: Path) -> tuple[Path, int]:
    """A GDELT 2.0-shaped file (bench/synthetic.py) whose rows give about ``evidence`` evidence rows, kept in
    ``data`` for the next run."""
    from bench.synthetic import write_gdelt

    rows = math.ceil(evidence / _evidence_per_row())
    path = data / f"gdelt-{rows}.export.CSV"
    if not path.exists():
        print(f"  writing {path} ...", file=sys.stderr, flush=True)
        write_gdelt(path, rows)
    return path, rows


def _import_gdelt(store, evidence: int, data: Path) -> dict:
    """The file's events read, mapped and imported as ``tensiongraph import`` does (batches of IMPORT_BATCH);
    the rate over the whole file and by tenths of it (does it slow as the graph grows?)."""
    from graph.coded import ImportResult
    from graph.snapshot import gc_paused

    path, rows = gdelt_file(evidence, data)
    started = load()
    total, tenths = ImportResult(), []
    mark = (time.perf_counter(), time.process_time(), 0)
    t, c = mark[:2]
    with gc_paused():  # as tensiongraph import (api/cli_import.py)
        _import_file(store, path, rows, total, tenths, mark)
    wall, cpu = time.perf_counter() - t, time.process_time() - c
    seen = tenths[-1]["rows"]
    return {"file": str(path), "file_rows": seen, "events": total.stored, "evidence": total.new_evidence, "s": wall,
            "rows_per_s": seen / wall, "rows_per_cpu_s": seen / cpu, "evidence_per_s": total.new_evidence / wall,
            "tenths": tenths, "load": started, "load_end": load()}


def _import_file(store, path: Path, rows: int, total, tenths: list[dict], mark: tuple) -> None:
    """Import the file into ``store`` adding to ``total``; a rate in ``tenths`` after each tenth of ``rows``."""
    from graph.coded import CodedEvent
    from loaders import gdelt
    from loaders.coded import read_events

    batch, seen = [], 0
    for item in read_events([str(path)], gdelt.read):
        seen += 1
        if isinstance(item, CodedEvent):
            batch.append(item)
            if len(batch) >= IMPORT_BATCH:
                total.add(store.import_events(batch))
                batch = []
        if seen % max(1, rows // 10) == 0 or seen == rows:
            now, cpu = time.perf_counter(), time.process_time()
            tenths.append({"rows": seen, "rows_per_s": (seen - mark[2]) / (now - mark[0]),
                           "rows_per_cpu_s": (seen - mark[2]) / (cpu - mark[1]), "load": load()[0]})
            mark = (now, cpu, seen)
    total.add(store.import_events(batch))


# ----------------------------------------------------------------------------------------------- serve


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


class _GcPauses:
    """The cyclic collector's full (generation 2) collections while the bench runs, by step of the bench (set
    ``step``): how many, the longest; and the longest collection of the younger generations (the first one
    after an index is built walks all of its new objects unless they were frozen, graph.snapshot.gc_paused)."""

    def __init__(self) -> None:
        self.step = "open"
        self.pauses: dict[str, list[float]] = {}
        self.young: dict[str, float] = {}
        # "full" / "young" -> the longest: ms, its generation, the objects it found unreachable, the young
        # generation's count when it started, where it started
        self.where: dict[str, tuple[float, int, int, int, list[str]]] = {}
        self._start = 0.0
        self._at: tuple[int, list[str]] = (0, [])
        gc.callbacks.append(self._callback)

    def _callback(self, phase: str, info: dict) -> None:
        if phase == "start":
            self._start = time.perf_counter()
            self._at = (gc.get_count()[0], _frames(sys._getframe(0).f_back))
            return
        ms = (time.perf_counter() - self._start) * 1000
        kind = "full" if info["generation"] == 2 else "young"
        if kind == "full":
            self.pauses.setdefault(self.step, []).append(ms)
        else:
            self.young[self.step] = max(ms, self.young.get(self.step, 0.0))
        if ms > self.where.get(kind, (0.0,))[0]:
            self.where[kind] = (ms, info["generation"], info["collected"], *self._at)

    def figures(self) -> dict:
        every = [ms for pauses in self.pauses.values() for ms in pauses]
        return {"count": len(every), "max_ms": max(every, default=0.0),
                "young_max_ms": max(self.young.values(), default=0.0),
                "young_step": max(self.young, key=self.young.__getitem__, default=""),
                "steps": {step: {"count": len(ms), "max_ms": max(ms)} for step, ms in self.pauses.items()},
                "where": {kind: {"ms": ms, "generation": gen, "collected": collected, "young_count": n, "frames": frames}
                          for kind, (ms, gen, collected, n, frames) in self.where.items()}}


def _site(where: dict | None) -> str:
    """The first frame of where a collection started that is not the standard library's."""
    if where is None:
        return "none"
    frames = where["frames"]
    ours = [f for f in frames if f.split(":")[0] not in {"contextlib.py", "threading.py", "random.py", "<string>"}]
    return f"{(ours or frames or ['?'])[0]} (gen {where['generation']}, {where['young_count']:,} young)"


def _frames(frame, depth: int = 12) -> list[str]:
    """Where a collection started: the innermost ``depth`` frames, file:line function (cheap enough to take at
    every collection: a stack summary with source lines cost 30 µs)."""
    out = []
    while frame is not None and len(out) < depth:
        code = frame.f_code
        out.append(f"{Path(code.co_filename).name}:{frame.f_lineno} {code.co_name}")
        frame = frame.f_back
    return out


def _cases(store, g, n: int) -> dict[str, list[tuple]]:
    """``n`` random arguments for each kind of query, drawn from the graph (seeded)."""
    rng = random.Random(5)
    states = sorted(k for k, d in g.nodes(data=True) if d["kind"] == "State" and g.degree(k) > 0)
    everyone = sorted(k for k in g if g.degree(k) > 0)
    names = [g.nodes[k]["name"] for k in everyone]
    state_set = set(states)
    dyads = sorted({(u, v) for u, v in g.edges() if u in state_set and v in state_set})  # pairs with events
    top = store._query("SELECT max(rowid) FROM articles")[0][0]
    article_ids = [r[0] for r in store._query(
        f"SELECT id FROM articles WHERE rowid IN ({','.join(str(rng.randint(1, top)) for _ in range(n))})")]

    def typo(name: str) -> str:  # a misspelling, the usual case for a search box
        i = rng.randrange(len(name))
        return name[:i] + name[i + 1:] if len(name) > 4 else name

    return {
        "search": [(typo(rng.choice(names)),) for _ in range(n)],
        "relations": [(rng.choice(everyone),) for _ in range(n)],
        "paths": [tuple(rng.sample(states, 2)) for _ in range(n)],
        "tension": [rng.choice(dyads) for _ in range(n)],
        "top20": [(rng.choice(states) if i % 2 else None,) for i in range(n)],
        "state": [(rng.choice(states),) for _ in range(n)],
        "actor": [(rng.choice(everyone),) for _ in range(n)],
        "article": [(rng.choice(article_ids),) for _ in range(n)],
        "none": [() for _ in range(n)],
    }


# every read route: name -> (the cases it draws from, its URL and parameters)
ROUTES = {
    "health": ("none", lambda: ("/health", {})),
    "stats": ("none", lambda: ("/stats", {})),
    "search": ("search", lambda q: ("/actors", {"q": q, "limit": 20})),
    "actor": ("actor", lambda k: (f"/actors/{k}", {})),
    "relations": ("relations", lambda k: (f"/actors/{k}/relations", {"limit": 50})),
    "relations, under provenance=gdelt": ("state", lambda k: (f"/actors/{k}/relations",
                                                             {"limit": 50, "provenance": "gdelt"})),
    "relations of a type": ("state", lambda k: ("/relations", {"source": k, "type": "ACCUSES", "limit": 50})),
    "paths": ("paths", lambda a, b: ("/paths", {"from": a, "to": b, "k": 3, "max_hops": 4})),
    "tension": ("tension", lambda a, b: ("/tension", {"a": a, "b": b, "bucket": "month"})),
    "top20": ("top20", lambda actor: ("/tension/top", {"limit": 20, **({"actor": actor} if actor else {})})),
    "top20 since a day": ("none", lambda: ("/tension/top", {"limit": 20, "since": "2024-07-01"})),
    "alliances": ("state", lambda k: ("/alliances", {"actor": k, "depth": 2})),
    "blocs": ("none", lambda: ("/alliances/blocs", {"limit": 20})),
    "common enemies": ("state", lambda k: ("/alliances/common-enemies", {"actor": k, "limit": 20})),
    "graph": ("actor", lambda k: ("/graph", {"center": k, "depth": 1})),
    "articles": ("none", lambda: ("/articles", {"limit": 20})),
    "article": ("article", lambda a: (f"/articles/{a}", {})),
}
THROUGHPUT_ROUTES = ("search", "relations", "paths", "tension", "top20")  # the read routes the clients go round


def _direct(store):
    """The five routes of issue 6 called on the store directly (no HTTP)."""
    from graph import tension
    from graph.paths import k_shortest_paths
    from graph.store import ActorQuery, RelationFilter

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

    return {
        "search": lambda q: store.search_actors(ActorQuery(q=q), limit=20),
        "relations": lambda k: store.relations(RelationFilter(actor=k), limit=50),
        "paths": direct_paths, "tension": direct_tension, "top20": direct_top,
    }


def _timed(fn, args_list, seconds: float = ROUTE_SECONDS) -> list[float]:
    """Milliseconds of each call after a first, uncounted one; stops after ``seconds`` (at least 5 calls)."""
    fn(*args_list[0])  # warm
    out: list[float] = []
    stop = time.perf_counter() + seconds
    for args in args_list:
        t = time.perf_counter()
        fn(*args)
        out.append((time.perf_counter() - t) * 1000)
        if len(out) >= 5 and t > stop:
            break
    return out


def _fresh_articles():
    """Synthetic articles none of which the bench graph holds (a seed of this run's own: a re-run writes new
    ones): what the text writes store."""
    from bench.synthetic import articles

    return iter(articles(10**9, seed=1000 + int(time.time()) % 10**6))


def _fresh_events():
    """GDELT events none of which the bench graph holds (ids past the file's, of this run's own), read and
    mapped as tensiongraph import reads them: what the import writes store."""
    from bench.synthetic import gdelt_lines
    from graph.coded import CodedEvent
    from loaders import gdelt

    run = int(time.time()) % 10**6
    lines = gdelt_lines(10**9, seed=run, first_id=10**10 + run * 10**7)
    return (e for e in gdelt.read("fresh", lines) if isinstance(e, CodedEvent))


def run_serve(size: int, share: float, data: Path, n: int, clients: list[int], seconds: float,
              import_process: bool) -> dict:
    """The serving figures of the file built for ``size``, measured on a copy of it (removed after)."""
    built = db_path(data, size, share)
    db = built.with_suffix(".serving.db")  # the writes below go into a copy: a re-run serves the graph as built
    t = time.perf_counter()
    _remove(db)
    for suffix in ("", "-wal"):
        if Path(f"{built}{suffix}").exists():
            shutil.copyfile(f"{built}{suffix}", f"{db}{suffix}")
    copied = time.perf_counter() - t
    try:
        return _serve_copy(db, n, clients, seconds, import_process, data) | {"copy_s": copied}
    finally:
        _remove(db)


def _serve_copy(db: Path, n: int, clients: list[int], seconds: float, import_process: bool, data: Path) -> dict:
    import httpx

    from api.app import create_app
    from api.settings import Settings
    from graph.embedded import EmbeddedStore
    from graph.store import RelationFilter

    pauses = _GcPauses()
    results: dict = {"serve_load": load(), "serve_commit": commit(), "rss_start": rss_bytes()}
    t = time.perf_counter()
    settings = Settings()
    store = EmbeddedStore(db, follow_every=settings.follow_seconds,  # as tensiongraph serve opens it
                          warm_half_life=settings.half_life_days if settings.warm_indexes else None)
    results["load_s"] = time.perf_counter() - t
    gc.collect()
    results["rss_open"] = rss_bytes()
    if settings.warm_indexes:  # the indexes serve builds in the background after the load
        store.warmed.wait()
        results["indexes_s"] = time.perf_counter() - t - results["load_s"]
        results["rss_indexed"] = rss_bytes()
    g = store.projection()
    results["edges"] = g.number_of_edges()
    cases = _cases(store, g, n)
    del g
    app = create_app(Settings(max_page=500), store=store)
    server, port = _serve(app)
    pauses.step = "queries"
    results.update(cold={}, http={}, direct={}, after_write={}, concurrent={})
    with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=300) as client:
        statuses: dict[str, dict[str, int]] = {}

        def call(name: str, url_params: tuple) -> None:
            url, params = url_params
            code = str(client.get(url, params=params).status_code)
            statuses.setdefault(name, {}).setdefault(code, 0)
            statuses[name][code] += 1

        # the first answer of each route after the start and the indexes serve builds ahead (it builds what later
        # answers reuse and serve does not build ahead), in this order
        for name, (kind, make) in ROUTES.items():
            t = time.perf_counter()
            call(name, make(*cases[kind][0]))
            results["cold"][name] = (time.perf_counter() - t) * 1000
        results["cold_load"] = load()
        print(f"  cold: {results['load_s']:.1f} s open", file=sys.stderr, flush=True)
        for name, (kind, make) in ROUTES.items():
            ms = _timed(lambda *args, name=name, make=make: call(name, make(*args)), cases[kind])
            results["http"][name] = {"p50": pct(ms, 0.5), "p99": pct(ms, 0.99), "n": len(ms),
                                     "statuses": statuses[name], "load": load()[0]}
    for name, fn in _direct(store).items():
        ms = _timed(fn, cases[name])
        results["direct"][name] = {"p50": pct(ms, 0.5), "p99": pct(ms, 0.99), "n": len(ms)}
    gc.collect()
    results["rss_warm"] = rss_bytes()
    results["warm_load"] = load()
    print("  warm done", file=sys.stderr, flush=True)

    # the first query after a real write: what the warm queries reuse (collapsed graph, ranking, name index)
    # must follow the write; median of 5 writes each
    pauses.step = "after a write"
    fresh, events = _fresh_articles(), _fresh_events()
    writes = {"article": lambda: store.upsert_many([next(fresh)]),
              "import": lambda: store.import_events([next(events) for _ in range(WRITER_BATCH)])}
    direct = {**_direct(store), "gdelt relations": lambda k: store.relations(
        RelationFilter(actor=k, provenance="gdelt"), limit=50)}
    for write_name, write in writes.items():
        for name, kind in AFTER_WRITE_QUERIES.items():
            ms = []
            for i in range(5):
                write()
                t = time.perf_counter()
                direct[name](*cases[kind][i])
                ms.append((time.perf_counter() - t) * 1000)
            results["after_write"].setdefault(write_name, {})[name] = pct(ms, 0.5)
    results["after_write_load"] = load()

    plan = [ROUTES[name][1](*cases[ROUTES[name][0]][i]) for i in range(n) for name in THROUGHPUT_ROUTES]
    for c in clients:
        pauses.step = f"reads, {c}"
        results["concurrent"][pauses.step] = _clients(port, plan, c, seconds)
    for c in [c for c in clients if c > 1]:
        pauses.step = f"import thread, {c}"
        results["concurrent"][pauses.step] = _clients(port, plan, c, seconds, store, events)
    if 8 in clients:
        pauses.step = "ingest thread, 8"
        results["concurrent"][pauses.step] = _clients(port, plan, 8, seconds, store, articles=fresh)
        if import_process:
            pauses.step = "import process, 8"
            results["concurrent"][pauses.step] = _clients_beside_import(port, plan, 8, seconds, store, data)
    print("  clients done", file=sys.stderr, flush=True)
    server.should_exit = True
    results["rss_end"] = rss_bytes()
    results["server_peak_rss"] = peak_rss_bytes()
    results["gc_full"] = pauses.figures()
    # what the freezes of large builds and writes kept from the collector (graph.snapshot.gc_paused): the
    # unreachable objects a full collection finds once everything is unfrozen (the next full load does the same)
    gc.unfreeze()
    results["gc_full"]["garbage_kept"] = gc.collect()
    store.close()
    return results


def _client_process(port: int, plan: list, seconds: float, clients: int) -> dict:
    """Runs in its own process (so the clients do not share the server's interpreter): ``clients`` threads, each
    with its own keep-alive connection to 127.0.0.1, going round ``plan`` (GET url, params) for ``seconds``."""
    import httpx

    lock = threading.Lock()
    statuses: dict[int | str, int] = {}
    ms: list[float] = []
    stop = time.perf_counter() + seconds

    def client(i: int) -> None:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=120) as c:
            j = i * 7
            while time.perf_counter() < stop:
                url, params = plan[j % len(plan)]
                j += 1
                t = time.perf_counter()
                try:
                    code: int | str = c.get(url, params=params).status_code
                except httpx.HTTPError as exc:  # counted (the server dropped the connection), not fatal
                    code = type(exc).__name__
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
    return {"clients": clients, "requests": len(ms), "per_s": len(ms) / wall, "p50": pct(ms, 0.5),
            "p99": pct(ms, 0.99), "statuses": {str(k): v for k, v in sorted(statuses.items(), key=str)}}


def _in_client_process(port: int, plan: list, clients: int, seconds: float) -> dict:
    import multiprocessing

    before = load()
    with multiprocessing.get_context("spawn").Pool(1) as pool:
        out = pool.apply(_client_process, (port, plan, seconds, clients))
    out["load"] = before
    return out


def _clients(port: int, plan: list, clients: int, seconds: float, store=None, events=None, articles=None) -> dict:
    """Throughput of ``clients`` concurrent clients over the read routes (THROUGHPUT_ROUTES in turn) for
    ``seconds``; with ``events``, a writer thread of the server's process imports them meanwhile (WRITER_BATCH a
    call, the import path); with ``articles``, it ingests them (16 a call, the ingest path). The writer's rate
    is reported too."""
    stop = threading.Event()
    written = [0, 0]  # events or articles, evidence rows

    def writer() -> None:
        while not stop.is_set():
            if events is not None:
                result = store.import_events([next(events) for _ in range(WRITER_BATCH)])
                written[0] += result.stored
                written[1] += result.new_evidence
            else:
                for r in store.upsert_many([next(articles) for _ in range(16)]):
                    written[0] += 1
                    written[1] += getattr(r, "new_evidence", 0)

    thread = threading.Thread(target=writer) if store is not None else None
    if thread:
        thread.start()
    out = _in_client_process(port, plan, clients, seconds)
    if thread:
        stop.set()
        thread.join()
        out["written_per_s"] = written[0] / seconds
        out["evidence_written_per_s"] = written[1] / seconds
    return out


def _clients_beside_import(port: int, plan: list, clients: int, seconds: float, store, data: Path) -> dict:
    """Throughput of ``clients`` clients while ``tensiongraph import`` runs as a process of its own on the
    server's file (the server notices its commits), from its first commit on; the import is stopped after."""
    from bench.synthetic import write_gdelt

    run = int(time.time()) % 10**6
    path = write_gdelt(data / f"gdelt-fresh-{run}.export.CSV", 1_000_000, seed=run, first_id=2 * 10**10 + run * 10**7)
    newest = "SELECT max(rowid) FROM articles"
    before = store._query(newest)[0][0]
    tool = Path(sys.executable).parent / "tensiongraph"
    # --every 2: a commit at least every 2 s, as a live feed gives (a batch of 50,000 events may take longer than
    # the clients' window, which then held none of the import's commits: "wrote 0/s" at 10M)
    process = subprocess.Popen([str(tool), "import", "gdelt", str(path), "--db", store.path, "--no-progress",
                                "--every", "2"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        t = time.perf_counter()
        while store._query(newest)[0][0] == before and process.poll() is None:
            time.sleep(0.2)
        opened = time.perf_counter() - t  # the import's own cold start: it loads the projection too
        first = store._query(newest)[0][0]
        out = _in_client_process(port, plan, clients, seconds)
        out["written_per_s"] = (store._query(newest)[0][0] - first) / seconds
        out["import_open_s"] = opened
        out["import_exit"] = process.poll()
        out["rss_after"] = rss_bytes()
    finally:
        process.terminate()
        process.communicate(timeout=60)
        path.unlink()
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


def _mib(n: float) -> str:
    return f"{n / 2**20:,.0f} MiB"


def _load(values: list[float] | float) -> str:
    return f"{values[0] if isinstance(values, list) else values:.1f}"


def table(results: dict) -> str:
    sizes = results["sizes"]
    head = "| | " + " | ".join(human(s["size"]) for s in sizes) + " | target |"
    rows = [head, "|---" * (len(sizes) + 2) + "|"]

    def row(label, values, target=""):
        rows.append(f"| {label} | " + " | ".join(values) + f" | {target} |")

    def each(fn):
        out = []
        for s in sizes:
            try:
                out.append(fn(s))
            except (KeyError, TypeError, ZeroDivisionError):
                out.append("")
        return out

    row("evidence rows (actors, relations)", each(lambda s: f"{s['rows']:,} ({s['actors']:,}, {s['relations']:,})"))
    row("of them from a GDELT-shaped file", each(lambda s: f"{s['gdelt']['evidence']:,} ({s['gdelt']['file_rows']:,} "
                                                            f"file rows)" if "gdelt" in s else "none"))
    row("built (load average at the start)", each(lambda s: f"{s['built']} ({_load(s['build_load'])})"))
    row("text ingest: rows/s (rows per CPU-s; load)",
        each(lambda s: f"{s['text']['rows_per_s']:,.0f} ({s['text']['rows_per_cpu_s']:,.0f}; {_load(s['text']['load'])})"),
        "≥ 20,000 at 1M")
    row("GDELT import: file rows/s (per CPU-s; load)",
        each(lambda s: f"{s['gdelt']['rows_per_s']:,.0f} ({s['gdelt']['rows_per_cpu_s']:,.0f}; "
                       f"{_load(s['gdelt']['load'])})"), "≥ 50,000")
    row("GDELT import: first and last tenth of the file, rows per CPU-s",
        each(lambda s: f"{s['gdelt']['tenths'][0]['rows_per_cpu_s']:,.0f} → {s['gdelt']['tenths'][-1]['rows_per_cpu_s']:,.0f}"))
    row("ingest peak RSS", each(lambda s: _mib(s["ingest_peak_rss"])))
    row("SQLite bytes per evidence row", each(lambda s: f"{s['file_bytes'] / s['rows']:,.0f}"))
    row("serve: open the file (cold load), s", each(lambda s: f"{s['load_s']:.1f}"))
    row("serve: indexes built in the background after the load (TENSIONGRAPH_WARM_INDEXES), s; RSS then",
        each(lambda s: f"{s['indexes_s']:.1f}; {_mib(s['rss_indexed'])}" if "indexes_s" in s else "not built ahead"))
    row("serve RSS after the load / with its indexes built / at the end",
        each(lambda s: f"{_mib(s['rss_open'])} / {_mib(s['rss_warm'])} / {_mib(s['rss_end'])}"), "≤ 4 GiB at 10M")
    row("serve peak RSS", each(lambda s: _mib(s["server_peak_rss"])))
    row("serve: load average at the start / warm queries / clients",
        each(lambda s: f"{_load(s['serve_load'])} / {_load(s['warm_load'])} / {_load(s['after_write_load'])}"))
    for name in ROUTES:
        row(f"first `{name}` answer after the start (and the indexes built ahead, where they were), ms",
            each(lambda s, name=name: f"{s['cold'][name]:,.0f}"))
    for name in ROUTES:
        target = f"p50 ≤ {WARM_TARGET_MS[name]} at 10M" if name in WARM_TARGET_MS else ""

        def cell(s, name=name):
            h = s["http"][name]
            odd = {k: v for k, v in h["statuses"].items() if k != "200"}
            return (f"{h['p50']:,.1f} / {h['p99']:,.1f}" + (f" (n {h['n']})" if h["n"] < 50 else "")
                    + (f"; statuses {odd}" if odd else ""))
        row(f"HTTP `{name}` warm p50 / p99 ms", each(cell), target)
    for name, (p50, p99) in TARGETS_MS.items():
        row(f"direct {name} p50 / p99 ms", each(lambda s, name=name: f"{s['direct'][name]['p50']:.1f} / "
                                                                   f"{s['direct'][name]['p99']:.1f}"),
            f"p50 ≤ {p50}" + (f", p99 ≤ {p99}" if p99 else ""))
    for write in ("article", "import"):
        label = "one article ingested" if write == "article" else f"{WRITER_BATCH:,} GDELT events imported"
        for name in AFTER_WRITE_QUERIES:
            row(f"{name}: first query after {label}, ms",
                each(lambda s, write=write, name=name: f"{s['after_write'][write][name]:,.0f}"),
                f"≤ {AFTER_WRITE_TARGET_MS} at 10M")
    kinds = sorted({k for s in sizes for k in s.get("concurrent", {})},
                   key=lambda k: (k.split(",")[0] != "reads", k.split(",")[0], int(k.split(",")[1])))
    for kind in kinds:
        what, c = kind.split(", ")
        label = {"reads": f"{c} clients, reads alone", "import thread": f"{c} clients while a thread imports GDELT",
                 "ingest thread": f"{c} clients while a thread ingests articles",
                 "import process": f"{c} clients while `tensiongraph import` runs beside"}[what]

        def cell(s, kind=kind):
            x = s["concurrent"][kind]
            odd = {k: v for k, v in x["statuses"].items() if k != "200"}
            wrote = f"; wrote {x['written_per_s']:,.0f}/s" if "written_per_s" in x else ""
            return (f"{x['per_s']:,.1f} req/s ({x['p50']:,.0f} / {x['p99']:,.0f} ms{wrote}; load {_load(x['load'])})"
                    + (f"; statuses {odd}" if odd else ""))
        target = "≥ 150 req/s, no 5xx or 422 at 10M" if kind.startswith("import") and c == "8" else ""
        row(f"{label}: requests/s (p50 / p99)", each(cell), target)
    row("full GC collections while serving: count, longest ms (the step of the longest)",
        each(lambda s: f"{s['gc_full']['count']}, {s['gc_full']['max_ms']:,.0f} ("
                       + max(s["gc_full"]["steps"].items(), key=lambda x: x[1]["max_ms"], default=("none",))[0]
                       + ")"))
    row("longest collection of the younger generations, ms (the step)",
        each(lambda s: f"{s['gc_full']['young_max_ms']:,.0f} ({s['gc_full']['young_step']})"
             if "young_max_ms" in s["gc_full"] else "not measured"))
    row("where the longest young / full collection started (the innermost frame of the project's code)",
        each(lambda s: " / ".join(_site(s["gc_full"]["where"].get(kind)) for kind in ("young", "full"))
             if "where" in s["gc_full"] else "not measured"))
    row("unreachable objects found when the server's frozen objects were unfrozen at the end",
        each(lambda s: f"{s['gc_full']['garbage_kept']:,}" if "garbage_kept" in s["gc_full"] else "not measured"))
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


def _child(*args: str) -> dict:
    """Run this script with ``args`` in a process of its own; the JSON of its last line."""
    done = subprocess.run([sys.executable, __file__, *args], capture_output=True, text=True)
    sys.stderr.write(done.stderr)
    if done.returncode:
        raise SystemExit(f"bench/run.py {' '.join(args)} failed ({done.returncode})")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--gdelt-share", type=float, default=0.0,
                        help="share of each size's evidence rows imported from a GDELT-shaped file")
    parser.add_argument("--data", type=Path, default=OUT, help="where the SQLite and GDELT files are kept")
    parser.add_argument("--reuse", action="store_true", help="keep a size's SQLite file built by an earlier run")
    parser.add_argument("--clients", default="1,8,32")
    parser.add_argument("--client-seconds", type=float, default=20.0)
    parser.add_argument("--no-import-process", action="store_true",
                        help="skip the clients beside a tensiongraph import process")
    parser.add_argument("--articles", type=int, default=400)
    parser.add_argument("--skip-extraction", action="store_true")
    parser.add_argument("--report", action="store_true",
                        help="the table, results.json and the plot of the sizes measured earlier")
    parser.add_argument("--build", type=int, help=argparse.SUPPRESS)  # internal: build one size in this process
    parser.add_argument("--serve", type=int, help=argparse.SUPPRESS)  # internal: serve one size in this process
    parser.add_argument("--extraction-only", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    args.data.mkdir(parents=True, exist_ok=True)
    share = args.gdelt_share
    if not 0.0 <= share <= 1.0:
        parser.error(f"--gdelt-share {share}: a share between 0 and 1")
    clients = [int(c) for c in args.clients.split(",")]
    if args.build:
        print(json.dumps(run_build(args.build, share, args.data)))
        return
    if args.serve:
        print(json.dumps(run_serve(args.serve, share, args.data, args.queries, clients, args.client_seconds,
                                   not args.no_import_process)))
        return
    if args.extraction_only:
        print(json.dumps(run_extraction(args.articles)))
        return
    started = time.perf_counter()
    results: dict = {"date": time.strftime("%Y-%m-%d"), "cores": os.cpu_count(),
                     "ram_gib": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30),
                     "python": sys.version.split()[0], "sizes": []}
    common = ["--gdelt-share", str(share), "--data", str(args.data)]
    for size in (int(s) for s in args.sizes.split(",")):
        saved = args.data / f"results-{size}-gdelt{round(share * 100)}.json"
        if args.report:
            results["sizes"].append(json.loads(saved.read_text()))
            continue
        built = Path(f"{db_path(args.data, size, share)}.build.json")
        if args.reuse and built.exists() and db_path(args.data, size, share).exists():
            figures = json.loads(built.read_text())
            print(f"size {human(size)}: reusing the file built {figures['built']}", file=sys.stderr, flush=True)
        else:
            print(f"size {human(size)}: building (load {_load(load())}) ...", file=sys.stderr, flush=True)
            figures = _child("--build", str(size), *common)
            built.write_text(json.dumps(figures, indent=1))
        print(f"size {human(size)}: serving (load {_load(load())}) ...", file=sys.stderr, flush=True)
        figures.update(_child("--serve", str(size), "--queries", str(args.queries), "--clients", args.clients,
                              "--client-seconds", str(args.client_seconds), *common,
                              *(["--no-import-process"] if args.no_import_process else [])))
        figures["measured"] = time.strftime("%Y-%m-%d %H:%M")
        saved.write_text(json.dumps(figures, indent=1))
        results["sizes"].append(figures)
    if not args.skip_extraction and not args.report:
        print("extraction ...", file=sys.stderr, flush=True)
        results["extraction"] = _child("--extraction-only", "--articles", str(args.articles))
    results["total_s"] = time.perf_counter() - started
    (OUT / "results.json").write_text(json.dumps(results, indent=1))
    plot(results)
    print(f"# {results['date']}, {results['cores']} cores, {results['ram_gib']} GiB, Python {results['python']}, "
          f"{results['total_s'] / 60:.1f} min; load average now {_load(load())}\n")
    print(table(results))


if __name__ == "__main__":
    main()
