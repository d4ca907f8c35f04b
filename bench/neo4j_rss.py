"""Memory of ``tensiongraph serve --store neo4j`` as the graph grows (issue 13, part 4).

For each size: a FalkorDB Bolt server of the test suite (tests/bolt_server.py) is filled with the synthetic
graph (bench/synthetic.py). ``--fill redis`` (the default) and ``--fill script`` write it to an embedded store
first and load that store's ``export --format cypher`` statements, as a user moving to Neo4j would: ``redis``
runs them over the server's Redis protocol with a temporary index on actor keys (bench/falkordb_redis.py: the
load of 200k rows 92-112 s, of 1M 944 s), ``script`` sends them over Bolt one transaction each (200k rows 259 s,
and quadratic: every relation's actors are found by scanning all actors). Both give the same graph and the same
answers (every node and relationship at 2k rows, but the embedded write's ``ingested_at``; every answer below
at 2k and 200k rows). Either way the loaded graph is checked against what the export wrote (actors, articles,
evidence), read back over Bolt. ``--fill upsert`` writes it through the Neo4j store's own upsert (147 s for 2k
rows). Then ``tensiongraph serve --store neo4j`` is started as a process of its own and asked the routes that
Cypher answers (search, an actor, relations, relations under a provenance filter, paths, a dyad's tension) for
a spread of actors. Printed per size: the server's RSS after start, after
those routes, its peak (VmHWM), and then after /tension/top (answered in the database too since issue 13 part
4's second half; it built the in-memory projection before, hence its own column). With ``--answers DIR`` every
answer is kept in ``DIR/answers-<fill>-<size>.json``, to compare two fills of one size. No timings are asserted
anywhere; figures go to bench/README.md with the machine's load.

    python bench/neo4j_rss.py --sizes 10000 1000000
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import falkordb_redis  # noqa: E402
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


def fill_by_script(uri: str, size: int, workdir: Path, redis_port: int | None = None) -> tuple[list[str], float]:
    """The synthetic graph of ``size`` evidence rows, written to an embedded store and loaded from its Cypher
    export (graph.dump.cypher_script, the statements of ``tensiongraph export --format cypher``): over Bolt, or
    over the Redis protocol of the server whose Redis port is ``redis_port``; the actor keys and the seconds it
    took (both steps)."""
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
        counts = dump.Counts()
        if redis_port is None:
            how = send_over_bolt(uri, script(store, counts))
        else:
            falkordb_redis.load(redis_port, script(store, counts))
            how = "over the Redis protocol"
    seconds = time.perf_counter() - start
    check(uri, counts)
    print(f"  filled {size:,} rows: embedded store {built:.0f} s, Cypher script {how} {seconds - built:.0f} s "
          f"({counts.actors:,} actors, {counts.articles:,} articles, {counts.relations:,} relations, "
          f"{counts.evidence:,} evidence)", flush=True)
    return sorted(keys), seconds


def script(store, counts) -> Iterator[str]:
    """The export's statements for an empty FalkorDB graph, without their closing ``;``."""
    from graph import dump

    for statement in dump.cypher_script(store, counts=counts):
        if statement.startswith("// schema"):  # Neo4j's constraints; FalkorDB has none
            continue
        # the server starts empty: evidence is created, not merged (a MERGE looks through every report of its
        # relation, quadratic in a busy pair's reports: 100k rows took over 11 minutes)
        yield statement.replace("MERGE (e:Evidence", "CREATE (e:Evidence").removesuffix(";")


def send_over_bolt(uri: str, statements: Iterator[str]) -> str:
    """Send each statement over Bolt (see ``send``); how it went, for the fill's line."""
    from neo4j import GraphDatabase

    longest = padded = 0
    with GraphDatabase.driver(uri, auth=("neo4j", "")) as driver:
        for statement in statements:
            longest = max(longest, len(statement))
            padded += send(driver, statement)
    return f"over Bolt (longest statement {longest:,} characters, {padded} sent again one space longer)"


def check(uri: str, counts) -> None:
    """Raise when the graph that Bolt transactions (so the store) read holds other numbers of actors, articles
    or evidence than the export wrote: the statements went to another graph, or some did not run."""
    from neo4j import GraphDatabase

    labels = {"actors": "Actor", "articles": "Article", "evidence": "Evidence"}

    def count(tx) -> dict[str, int]:
        return {name: tx.run(f"MATCH (n:{label}) RETURN count(n) AS n").single()["n"] for name, label in labels.items()}

    with GraphDatabase.driver(uri, auth=("neo4j", "")) as driver, driver.session(database="tensiongraph") as s:
        found = s.execute_read(count)
    wrote = {name: getattr(counts, name) for name in labels}
    if found != wrote:
        raise RuntimeError(f"the server's graph holds {found}, the export wrote {wrote}")


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


def ask(base: str, keys: list[str], answers: dict[str, object]) -> int:
    """The Cypher-answered routes for a spread of actors; how many requests were answered 200 (the others are
    printed: route, status, the start of the answer). Each answer goes into ``answers`` under its path and query."""
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
            answers[r.url.raw_path.decode()] = r.json() if r.status_code == 200 else r.status_code
            if r.status_code != 200:
                print(f"  {path} {params}: {r.status_code} {r.text[:160]}", flush=True)
    return ok


def measure(size: int, workdir: Path, how: str, answers: dict[str, object]) -> dict:
    folder = workdir / f"falkordb-{size}"
    folder.mkdir()
    server = BoltServer(folder).start()
    try:
        try:
            if how == "upsert":
                keys, seconds = fill(server.uri, size)
            else:
                keys, seconds = fill_by_script(server.uri, size, folder, server.port if how == "redis" else None)
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
            answered = ask(base, keys, answers)
            after = status(serve.pid, "VmRSS")
            peak = status(serve.pid, "VmHWM")
            ranked = httpx.get(f"{base}/tension/top", params={"limit": 10}, timeout=600)
            projected = status(serve.pid, "VmRSS")
            top = ranked.status_code
            answers[ranked.url.raw_path.decode()] = ranked.json() if top == 200 else top
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
    parser.add_argument("--fill", choices=["redis", "script", "upsert"], default="redis",
                        help="how the graph gets into the server (see the module's docstring)")
    parser.add_argument("--answers", type=Path, help="a folder to keep every answer in, as JSON")
    args = parser.parse_args()
    skip_goodbye()
    mib = 1024 * 1024
    print(f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")
    print("evidence rows | actors | fill s | routes 200 | RSS started | RSS after routes | peak | RSS after /tension/top")
    with tempfile.TemporaryDirectory() as tmp:
        for size in args.sizes:
            answers: dict[str, object] = {}
            r = measure(size, Path(tmp), args.fill, answers)
            if args.answers:
                args.answers.mkdir(parents=True, exist_ok=True)
                out = args.answers / f"answers-{args.fill}-{size}.json"
                out.write_text(json.dumps(answers, indent=1, sort_keys=True))
            print(f"{r['size']:>13,} | {r['actors']:>6,} | {r['fill_s']:>6.0f} | {r['answered']:>10} | "
                  f"{r['started'] / mib:>8.1f} MiB | {r['after'] / mib:>13.1f} MiB | {r['peak'] / mib:>6.1f} MiB | "
                  f"{r['projected'] / mib:.1f} MiB ({r['top_status']})", flush=True)
    print(f"load average {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
