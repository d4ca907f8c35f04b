"""How ``tensiongraph serve`` runs the app under uvicorn: with a deadline for a request's headers and one for
its body, and a cap on open connections, so that slow or idle clients (slowloris, thousands of idle
sockets) cannot use up the server's file descriptors or keep ``/health`` from answering.

uvicorn bounds only the idle time between two requests of a kept-alive connection; this protocol (uvicorn's
own h11 one) adds the rest:

- a connection over ``max_connections`` is closed as soon as it is accepted;
- a request whose headers are not complete ``header_seconds`` after its first byte (or after the
  connection opened) is dropped, as is one whose body is not complete ``body_seconds`` after its headers.
"""

from __future__ import annotations

import asyncio
import logging

import h11
import uvicorn
from uvicorn.protocols.http.h11_impl import H11Protocol

log = logging.getLogger("tensiongraph.server")


class GuardedH11Protocol(H11Protocol):
    header_seconds: float = 10.0
    body_seconds: float = 30.0
    max_connections: int = 1000

    _timer: asyncio.TimerHandle | None = None
    _waiting_for: str | None = None  # "headers" or "body"

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        if len(self.connections) > self.max_connections:
            log.warning("over %d open connections: closing a new one", self.max_connections)
            transport.abort()
            return
        self._expect("headers")

    def data_received(self, data: bytes) -> None:
        if self._waiting_for is None and self.conn.their_state is h11.IDLE:
            self._expect("headers")  # the first byte of a next request on a kept-alive connection
        super().data_received(data)
        state = self.conn.their_state
        if state is h11.SEND_BODY and self._waiting_for == "headers":
            self._expect("body")
        elif state is not h11.IDLE and state is not h11.SEND_BODY:
            self._settled()

    def connection_lost(self, exc: Exception | None) -> None:
        self._settled()
        super().connection_lost(exc)

    def _expect(self, what: str) -> None:
        self._settled()
        self._waiting_for = what
        seconds = self.header_seconds if what == "headers" else self.body_seconds
        self._timer = self.loop.call_later(seconds, self._too_slow)

    def _settled(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
        self._timer, self._waiting_for = None, None

    def _too_slow(self) -> None:
        what = self._waiting_for
        self._timer, self._waiting_for = None, None
        if self.conn.their_state is h11.IDLE and what == "headers" and self.cycle is not None \
                and not self.cycle.response_complete:
            return  # a response is still being written: not the client's delay
        log.info("closing a connection from %s: %s not received in time", self.client, what)
        if self.cycle is not None:
            self.cycle.disconnected = True
        self.transport.abort()


def guarded_protocol(header_seconds: float, body_seconds: float, max_connections: int) -> type[GuardedH11Protocol]:
    return type("GuardedH11", (GuardedH11Protocol,), {"header_seconds": header_seconds,
                                                      "body_seconds": body_seconds,
                                                      "max_connections": max_connections})


def server_config(app, settings, host: str, port: int, log_level: str = "info") -> uvicorn.Config:
    """The uvicorn configuration ``serve`` runs with (the limits come from the settings)."""
    return uvicorn.Config(app, host=host, port=port, log_level=log_level,
                          http=guarded_protocol(settings.header_timeout, settings.body_timeout,
                                                settings.max_connections),
                          timeout_keep_alive=5, backlog=min(2048, settings.max_connections))
