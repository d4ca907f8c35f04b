"""Bulk loads into the FalkorDB test server (tests/bolt_server.py) over its Redis protocol, for the benches.

The Bolt layer of FalkorDB 4.16 is slow to fill a large graph with: every statement is a transaction of its own
and some byte lengths drop the connection (bench/neo4j_rss.py, ``send``). The same server also answers
``GRAPH.QUERY <graph> <statement>`` on its Redis port, where a statement of any length runs as it is. The graph
that Bolt transactions (so the store) read and write is called ``falkordb`` there (:data:`GRAPH`); auto-commit
Bolt statements go to another one (``db``), which the store never reads.

:func:`load` runs statements in order on that graph with a temporary index on actor keys: without it every
``MATCH (a:Actor {key: ...})`` of a relation scans all actors (at 50k evidence rows the relations took 16.3 s,
with it 3.5 s; actors grow with the graph, so the fill was quadratic). The index is dropped at the end, so the
graph keeps the indexes the store made (none on actor keys: see cypher/index_evidence_relation.cypher).
"""

from __future__ import annotations

import socket
from collections.abc import Iterable
from typing import Any

GRAPH = "falkordb"  # the graph FalkorDB 4.16's Bolt transactions use (found with GRAPH.LIST after one)
ACTOR_KEY_INDEX = "FOR (a:Actor) ON (a.key)"


class RedisError(Exception):
    """An error answer of the server (a RESP ``-`` line)."""


class Redis:
    """A minimal RESP2 client: one connection, one command at a time, answers as Python values.

    >>> Redis.encode("GRAPH.QUERY", "g", "RETURN 1")
    b'*3\\r\\n$11\\r\\nGRAPH.QUERY\\r\\n$1\\r\\ng\\r\\n$8\\r\\nRETURN 1\\r\\n'
    """

    def __init__(self, port: int, host: str = "127.0.0.1") -> None:
        self._socket = socket.create_connection((host, port))
        self._reader = self._socket.makefile("rb")

    def __enter__(self) -> Redis:
        return self

    def __exit__(self, *exc: object) -> None:
        self._reader.close()
        self._socket.close()

    @staticmethod
    def encode(*args: str) -> bytes:
        parts = [b"*%d\r\n" % len(args)]
        for arg in args:
            data = arg.encode()
            parts.append(b"$%d\r\n%s\r\n" % (len(data), data))
        return b"".join(parts)

    def command(self, *args: str) -> Any:
        """Send one command and read its whole answer; raise RedisError when the server answered an error."""
        self._socket.sendall(self.encode(*args))
        answer = self._read()
        if isinstance(answer, RedisError):
            raise answer
        return answer

    def _read(self) -> Any:
        line = self._reader.readline()
        if not line:
            raise ConnectionError("the server closed the connection")
        kind, rest = line[:1], line[1:-2]
        if kind == b"+":
            return rest.decode()
        if kind == b"-":
            return RedisError(rest.decode())
        if kind == b":":
            return int(rest)
        if kind == b"$":
            n = int(rest)
            return None if n < 0 else self._reader.read(n + 2)[:-2].decode()
        if kind == b"*":
            n = int(rest)
            return None if n < 0 else [self._read() for _ in range(n)]
        raise ConnectionError(f"not a RESP answer: {line[:80]!r}")


def load(port: int, statements: Iterable[str], graph: str = GRAPH) -> int:
    """Run ``statements`` (Cypher, without a closing ``;``) one after another on ``graph`` of the FalkorDB
    server whose Redis port is ``port``, with a temporary index on actor keys while they run; how many ran."""
    ran = 0
    with Redis(port) as redis:
        redis.command("GRAPH.QUERY", graph, f"CREATE INDEX {ACTOR_KEY_INDEX}")
        try:
            for statement in statements:
                redis.command("GRAPH.QUERY", graph, statement)
                ran += 1
        finally:
            redis.command("GRAPH.QUERY", graph, f"DROP INDEX {ACTOR_KEY_INDEX}")
    return ran
