"""Memory of ``tensiongraph serve --store neo4j`` as the graph grows (issue 13, part 4).

For each size: a FalkorDB Bolt server of the test suite (tests/bolt_server.py) is filled with the synthetic
graph (bench/synthetic.py). ``--fill script`` (the default) writes it to an embedded store first and sends
that store's ``export --format cypher`` statements over Bolt, as a user moving to Neo4j would (a bulk load:
minutes at 1M rows); ``--fill upsert`` writes it through the Neo4j store's own upsert (147 s for 2k rows). Then ``tensiongraph
serve --store neo4j`` is started as a process of its own and asked the routes that Cypher answers (search,
an actor, relations, relations under a provenance filter, paths, a dyad's tension) for a spread of actors.
Printed per size: the server's RSS after start, after those routes, its peak (VmHWM), and then after
/tension/top (answered in the database too since issue 13 part 4's second half; it built the in-memory
projection before, hence its own column). No timings are
asserted anywhere; figures go to bench/README.md with the machine's load.

    python bench/neo4j_rss.py --sizes 10000 1000000
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.synthetic import articles  # noqa: E402
from tests.bolt_server import BoltServer, free_port, skip_goodbye  # noqa: E402


def status(pid: int, field: str) -> int:
    """A figure of /proc/<pid>/status in bytes (VmRSS, VmHWM)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) * 1024
    raise KeyError(field)


def write_synthetic(store, size: int, batch: int) -> set[str]:
    """The synthetic graph of ``size`` evidence rows through ``store.upsert_many``, ``batch`` articles at a time;
    the actor keys it holds (for the queries)."""
    keys: set[str] = set()
    held: list = []
    for extraction in articles(size):
        keys.update(a.key for a in extraction.actors)
        held.append(extraction)
        if len(held) == batch:
            store.upsert_many(held)
            held = []
    store.upsert_many(held)
    return keys


def fill(uri: str, size: int) -> tuple[list[str], float]:
    """The synthetic graph of ``size`` evidence rows, written through the Neo4j store; the actor keys of the
    graph (for the queries) and the seconds it took."""
    from graph.neo4j_store import Neo4jStore

    start = time.perf_counter()
    with Neo4jStore(uri, "neo4j", "", database="tensiongraph") as store:
        keys = write_synthetic(store, size, 200)
    return sorted(keys), time.perf_counter() - start


def fill_by_script(uri: str, size: int, workdir: Path) -> tuple[list[str], float]:
    """The synthetic graph of ``size`` evidence rows, written to an embedded store and loaded from its Cypher
    export (graph.dump.cypher_script, the statements of ``tensiongraph export --format cypher``); the actor keys
    and the seconds it took (both steps)."""
    from neo4j import GraphDatabase

    from graph import dump
    from graph.embedded import EmbeddedStore
    from graph.neo4j_store import Neo4jStore
    from graph.snapshot import gc_paused

    start = time.perf_counter()
    with EmbeddedStore(workdir / f"fill-{size}.db") as store, gc_paused():
        keys = write_synthetic(store, size, 500)
        built = time.perf_counter() - start
        with Neo4jStore(uri, "neo4j", "", database="tensiongraph") as schema:
            schema._ready()  # the store's indexes, before the data (opening a store alone creates none)
        longest = padded = 0
        with GraphDatabase.driver(uri, auth=("neo4j", "")) as driver:
            for statement in dump.cypher_script(store):
                longest = max(longest, len(statement))
                if statement.startswith("// schema"):  # Neo4j's constraints; FalkorDB has none
                    continue
                # the server starts empty: evidence is created, not merged (a MERGE looks through every report
                # of its relation, quadratic in a busy pair's reports: 100k rows took over 11 minutes)
                statement = statement.replace("MERGE (e:Evidence", "CREATE (e:Evidence").removesuffix(";")
                padded += send(driver, statement)
    seconds = time.perf_counter() - start
    print(f"  filled {size:,} rows: embedded store {built:.0f} s, Cypher script over Bolt {seconds - built:.0f} s "
          f"(longest statement {longest:,} characters, {padded} sent again one space longer)", flush=True)
    return sorted(keys), seconds


def send(driver, statement: str) -> int:
    """Run one statement of the script on FalkorDB; how many times it had to be sent again, a space longer.

    FalkorDB 4.16's Bolt layer drops the connection (the driver: "Failed to read from defunct connection ...
    OSError('No data')"; the server lives on, logs nothing and takes new connections) on a message of certain
    byte lengths, whatever it says: measured with ``WITH '<a * n>' AS x RETURN 1``, a statement of exactly
    81,864 or 73,672 characters fails in a transaction (BEGIN, RUN, PULL: what ``execute_query`` sends) and
    81,871 as an auto-commit RUN, while 81,863 and 81,865 pass; the length, not the content, decides (likely its
    read buffer of 4,096-byte pieces, whose reads do not cross a piece's end). The statement that stopped the 100k
    fill was one of them (#276 of the script, 81,864 characters, 200 evidence rows; any part of it passes). A
    dropped statement ran nothing (checked with a CREATE of that length: no node), so it is sent again with a
    trailing space, which moves it off the bad length. An unmanaged transaction per statement, not
    ``execute_query``, whose managed transaction retries the same bytes until it gives up.
    """
    from neo4j.exceptions import ServiceUnavailable, SessionExpired

    for again in range(5):
        try:
            with driver.session(database="tensiongraph") as session:
                # an explicit transaction, as the store's own reads and writes are: FalkorDB 4.16 puts what an
                # auto-commit RUN writes in another graph than transactions see (the 100k run filled that one,
                # and the server answered 404 for every actor)
                tx = session.begin_transaction()
                tx.run(statement + " " * again).consume()
                tx.commit()
            return again
        except (ServiceUnavailable, SessionExpired):
            if again == 4:
                raise
    return 0


def ask(base: str, keys: list[str]) -> int:
    """The Cypher-answered routes for a spread of actors; how many requests were answered 200 (the others are
    printed: route, status, the start of the answer)."""
    states = [k for k in keys if len(k) == 3][:12] or keys[:12]
    others = [k for k in keys if len(k) != 3][:8]
    ok = 0
    with httpx.Client(base_url=base, timeout=120) as client:
        urls = [("/actors", {"q": "minister"}), ("/actors", {"q": "Iran"}), ("/relations", {"limit": 50}),
                ("/relations", {"provenance": "text", "limit": 50})]
        for a, b in zip(states, states[1:], strict=False):
            urls += [(f"/actors/{a}", {}), (f"/actors/{a}/relations", {"limit": 50}),
                     ("/paths", {"from": a, "to": b, "k": 3, "max_hops": 3}), ("/tension", {"a": a, "b": b})]
        urls += [(f"/actors/{k}", {}) for k in others]
        for path, params in urls:
            try:
                r = client.get(path, params=params)
            except httpx.HTTPError as exc:
                print(f"  {path} {params}: {type(exc).__name__}", flush=True)
                continue
            ok += r.status_code == 200
            if r.status_code != 200:
                print(f"  {path} {params}: {r.status_code} {r.text[:160]}", flush=True)
    return ok


def measure(size: int, workdir: Path, how: str) -> dict:
    folder = workdir / f"falkordb-{size}"
    folder.mkdir()
    server = BoltServer(folder).start()
    try:
        try:
            keys, seconds = fill(server.uri, size) if how == "upsert" else fill_by_script(server.uri, size, folder)
        except Exception:
            print(f"  the fill failed; the server's log ends:\n{server.log.read_text(errors='replace')[-3000:]}",
                  flush=True)
            raise
        port = free_port()
        env = {**os.environ, "NEO4J_URI": server.uri, "NEO4J_USER": "neo4j", "NEO4J_PASSWORD": "",
               "NEO4J_DATABASE": "tensiongraph"}
        serve = subprocess.Popen([sys.executable, "-m", "api.cli", "serve", "--store", "neo4j", "--port", str(port)],
                                 cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        base = f"http://127.0.0.1:{port}"
        try:
            for _ in range(200):
                try:
                    if httpx.get(f"{base}/health", timeout=2).status_code == 200:
                        break
                except httpx.HTTPError:
                    time.sleep(0.2)
            started = status(serve.pid, "VmRSS")
            answered = ask(base, keys)
            after = status(serve.pid, "VmRSS")
            peak = status(serve.pid, "VmHWM")
            top = httpx.get(f"{base}/tension/top", params={"limit": 10}, timeout=600).status_code
            projected = status(serve.pid, "VmRSS")
        finally:
            serve.terminate()
            serve.wait(timeout=30)
    finally:
        server.stop()
    return {"size": size, "actors": len(keys), "fill_s": seconds, "answered": answered, "started": started,
            "after": after, "peak": peak, "top_status": top, "projected": projected}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 1_000_000])
    parser.add_argument("--fill", choices=["script", "upsert"], default="script",
                        help="how the graph gets into the server (see the module's docstring)")
    args = parser.parse_args()
    skip_goodbye()
    mib = 1024 * 1024
    print(f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")
    print("evidence rows | actors | fill s | routes 200 | RSS started | RSS after routes | peak | RSS after /tension/top")
    with tempfile.TemporaryDirectory() as tmp:
        for size in args.sizes:
            r = measure(size, Path(tmp), args.fill)
            print(f"{r['size']:>13,} | {r['actors']:>6,} | {r['fill_s']:>6.0f} | {r['answered']:>10} | "
                  f"{r['started'] / mib:>8.1f} MiB | {r['after'] / mib:>13.1f} MiB | {r['peak'] / mib:>6.1f} MiB | "
                  f"{r['projected'] / mib:.1f} MiB ({r['top_status']})", flush=True)
    print(f"load average {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
