"""How long the Neo4j store's reads take on FalkorDB as the graph grows: quadratic or linear.

For each size, a FalkorDB Bolt server (tests/bolt_server.py) is filled with the synthetic graph the way
bench/neo4j_rss.py fills it (the embedded store's Cypher export; its ``fill_by_script``). With ``--keep DIR``
the filled server's RDB file stays in ``DIR/falkordb-<size>`` and the next run starts from it, so the same
graph is timed before and after a change to the statements. Then the store's reads that walk every relation
or every piece of evidence are timed, each once (the ranking, relations under a window or a provenance, the
newest evidence, a dyad's tension, a subgraph and paths under a provenance), with FalkorDB's query timeout set
to ``--timeout`` seconds. A read the store refuses or that times out is printed as such. No timings are
asserted anywhere; figures go to bench/README.md with the machine's load.

    python bench/neo4j_statements.py --sizes 2000 8000 32000 --keep /tmp/tg-falkordb
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import socket
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.neo4j_rss import fill_by_script  # noqa: E402
from tests.bolt_server import BoltServer, skip_goodbye  # noqa: E402


def redis(port: int, *args: str) -> bytes:
    """One command to the server's redis port (RESP, as redis-cli sends it); the raw answer."""
    message = f"*{len(args)}\r\n" + "".join(f"${len(a.encode())}\r\n{a}\r\n" for a in args)
    with socket.create_connection(("127.0.0.1", port), timeout=30) as s:
        s.sendall(message.encode())
        return s.recv(1 << 16)


def server_for(size: int, keep: Path) -> tuple[BoltServer, float | None]:
    """A FalkorDB server holding the synthetic graph of ``size`` rows: from ``keep``'s RDB file when an earlier
    run left one, else filled now (the seconds the fill took, None when loaded)."""
    folder = keep / f"falkordb-{size}"
    loaded = (folder / "dump.rdb").exists()
    folder.mkdir(parents=True, exist_ok=True)
    # saved once, after the fill: FalkorDB 4.16 wrote an RDB file it could not load again (out of memory
    # "allocating 670702092943360 bytes" in RdbLoadRelationMatrices) when a server loaded from one saved again
    server = BoltServer(folder, durable=not loaded).start(timeout=600)
    if loaded:
        return server, None
    _, seconds = fill_by_script(server.uri, size, folder)
    return server, seconds


def timed(call: Callable[[], object]) -> str:
    start = time.perf_counter()
    try:
        call()
    except Exception as exc:  # a refusal or a timeout is a result too
        return f"{type(exc).__name__} after {time.perf_counter() - start:.2f} s: {str(exc)[:100]}"
    return f"{time.perf_counter() - start:.2f} s"


def measure(server: BoltServer, timeout: float) -> None:
    from graph.neo4j_store import Neo4jStore
    from graph.store import RelationFilter

    redis(server.port, "GRAPH.CONFIG", "SET", "TIMEOUT_DEFAULT", str(int(timeout * 1000)))
    redis(server.port, "GRAPH.CONFIG", "SET", "TIMEOUT_MAX", str(int(timeout * 1000)))
    with Neo4jStore(server.uri, "neo4j", "", database="tensiongraph") as store:
        stats = store.stats()
        newest = store.relations(RelationFilter(), limit=1, evidence_limit=0).items[0]
        a, b = newest.source, newest.target
        print(f"  {stats.evidence:,} evidence rows, {sum(stats.relations.values()):,} relations, "
              f"{sum(stats.actors.values()):,} actors; load {os.getloadavg()[0]:.2f}", flush=True)
        reads: dict[str, Callable[[], object]] = {
            "rank_dyads (tension_top)": lambda: store.rank_dyads(limit=10),
            "rank_dyads, last year": lambda: store.rank_dyads(since=dt.date(2024, 1, 1), limit=10),
            "relations, provenance text": lambda: store.relations(RelationFilter(provenance="text"), limit=50),
            "relations, since 2024-01-01": lambda: store.relations(RelationFilter(since="2024-01-01"), limit=50),
            "relations, no filter": lambda: store.relations(RelationFilter(), limit=50),
            f"tension {a}-{b}": lambda: store.tension(a, b),
            f"subgraph {a}, provenance text": lambda: store.subgraph(a, depth=1, provenance="text"),
            f"paths {a}-{b}, provenance text": lambda: store.paths(a, b, max_hops=2, provenance="text"),
        }
        for name, call in reads.items():
            print(f"  {name:<40} {timed(call)}  (load {os.getloadavg()[0]:.2f})", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[2000, 8000, 32000])
    parser.add_argument("--keep", type=Path, help="keep the filled servers' RDB files here and start from them")
    parser.add_argument("--timeout", type=float, default=300.0, help="FalkorDB's query timeout, seconds")
    args = parser.parse_args()
    skip_goodbye()
    print(f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores", flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        keep = args.keep or Path(tmp)
        for size in args.sizes:
            server, seconds = server_for(size, keep)
            try:
                how = f"filled in {seconds:.0f} s" if seconds is not None else "loaded"
                print(f"{size:,} rows ({how})", flush=True)
                measure(server, args.timeout)
            finally:
                server.stop()
    print(f"load average {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
