"""Bulk loads into the FalkorDB test server (tests/bolt_server.py) over its Redis protocol, for the benches.

The Bolt layer of FalkorDB 4.16 is slow to fill a large graph with: every statement is a transaction of its own
and some byte lengths drop the connection (bench/neo4j_rss.py, ``send``). The same server also answers
``GRAPH.QUERY <graph> <statement>`` on its Redis port (sent with redis-py), where a statement of any length
runs as it is. The graph that Bolt transactions (so the store) read and write is called ``falkordb`` there
(:data:`GRAPH`); auto-commit Bolt statements go to another one (``db``), which the store never reads.

:func:`load` runs statements in order on that graph with a temporary index on actor keys: without it every
``MATCH (a:Actor {key: ...})`` of a relation scans all actors (at 50k evidence rows the relations took 16.3 s,
with it 3.5 s; actors grow with the graph, so the fill was quadratic). The index is dropped at the end, so the
graph keeps the indexes the store made (none on actor keys: see cypher/index_evidence_relation.cypher).
"""

from __future__ import annotations

from collections.abc import Iterable

import redis

GRAPH = "falkordb"  # the graph FalkorDB 4.16's Bolt transactions use (found with GRAPH.LIST after one)
ACTOR_KEY_INDEX = "FOR (a:Actor) ON (a.key)"


def load(port: int, statements: Iterable[str], graph: str = GRAPH) -> int:
    """Run ``statements`` (Cypher, without a closing ``;``) one after another on ``graph`` of the FalkorDB
    server whose Redis port is ``port``, with a temporary index on actor keys while they run; how many ran.
    An error answer raises redis.ResponseError."""
    ran = 0
    with redis.Redis(port=port) as server:
        server.execute_command("GRAPH.QUERY", graph, f"CREATE INDEX {ACTOR_KEY_INDEX}")
        try:
            for statement in statements:
                server.execute_command("GRAPH.QUERY", graph, statement)
                ran += 1
        finally:
            server.execute_command("GRAPH.QUERY", graph, f"DROP INDEX {ACTOR_KEY_INDEX}")
    return ran
