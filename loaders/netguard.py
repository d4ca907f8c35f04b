"""Where the fetcher may connect, decided at connect time: the address that is checked is the address that is
connected to (no second DNS lookup to rebind), and every byte of a fetch, headers included, is read before
one deadline.

:class:`GuardedBackend` is an httpcore network backend: it resolves the host once, refuses the connection
when any answer is not a public address (unless the host *and* port are allow-listed), connects to the
checked address, and wraps the stream so that no read or write goes past the fetch's deadline.

Allow-list entries are ``host:port`` (``"127.0.0.1:8080"``, ``"[::1]:8080"``, ``"intranet.example:8443"``);
a bare host allows only ports 80 and 443.

>>> allowed("127.0.0.1", 8080, parse_allow(["127.0.0.1:8080", "wiki.internal"]))
True
>>> allowed("127.0.0.1", 9090, parse_allow(["127.0.0.1:8080"]))
False
>>> allowed("wiki.internal", 443, parse_allow(["wiki.internal"])), allowed("wiki.internal", 22, parse_allow(["wiki.internal"]))
(True, False)
>>> [is_public(ip) for ip in ("93.184.216.34", "10.0.0.1", "::ffff:127.0.0.1", "2002:7f00:1::", "64:ff9b::a00:1")]
[True, False, False, False, False]
"""

from __future__ import annotations

import ipaddress
import socket
import time
from collections.abc import Callable, Iterable

import httpcore

from graph.errors import InvalidInput

# IPv6 ranges that carry an IPv4 address inside (RFC 4291 IPv4-compatible and -mapped, 6to4, NAT64 well-known
# and local-use prefixes, Teredo): a public-looking IPv6 address that reaches an IPv4 host, refused outright.
EMBEDDED_IPV4 = tuple(ipaddress.ip_network(n) for n in (
    "::/96", "::ffff:0:0/96", "2002::/16", "64:ff9b::/96", "64:ff9b:1::/48", "2001::/32"))
DEFAULT_PORTS = frozenset({80, 443})

Resolver = Callable[[str, int], Iterable[str]]


def is_public(address: str) -> bool:
    """A global unicast address that does not embed an IPv4 address."""
    addr = ipaddress.ip_address(address.split("%", 1)[0])
    if addr.version == 6 and any(addr in net for net in EMBEDDED_IPV4):
        return False
    return addr.is_global and not addr.is_multicast


def parse_allow(entries: Iterable[str]) -> frozenset[tuple[str, int | None]]:
    """``host:port`` entries as (host, port); a bare host as (host, None), which means ports 80 and 443."""
    out = set()
    for entry in entries:
        entry = entry.strip().lower()
        if not entry:
            continue
        if entry.startswith("["):  # [v6]:port or [v6]
            host, _, rest = entry[1:].partition("]")
            port = rest.removeprefix(":")
        elif entry.count(":") == 1:
            host, port = entry.split(":")
        else:  # a bare host name, IPv4 or unbracketed IPv6 address
            host, port = entry, ""
        if port and not port.isdigit():
            raise InvalidInput(f"fetch allow-list entry {entry!r}: the port must be a number")
        out.add((host, int(port) if port else None))
    return frozenset(out)


def allowed(host: str, port: int, allow: frozenset[tuple[str, int | None]]) -> bool:
    host = host.lower().strip("[]")
    return (host, port) in allow or ((host, None) in allow and port in DEFAULT_PORTS)


def system_resolver(host: str, port: int) -> list[str]:
    return [str(info[4][0]) for info in socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)]


def checked_address(host: str, port: int, allow: frozenset[tuple[str, int | None]],
                    resolve: Resolver = system_resolver) -> str:
    """The one address to connect to for ``host:port``: resolved once, every answer checked. The refusal
    names the host, never the address it resolved to (that would make the fetcher a DNS and port probe)."""
    try:
        addresses = list(dict.fromkeys(resolve(host, port)))
    except (OSError, UnicodeError) as exc:
        raise InvalidInput(f"host {host!r} does not resolve ({type(exc).__name__})") from None
    if not addresses:
        raise InvalidInput(f"host {host!r} does not resolve")
    if not allowed(host, port, allow) and not all(is_public(a) for a in addresses):
        raise InvalidInput(f"host {host!r} (port {port}) is not a public address; refused")
    return addresses[0]


class DeadlineStream(httpcore.NetworkStream):
    """A stream whose reads and writes all end by one deadline: a server that drips its headers or body a
    byte at a time is cut off when the fetch's time is up, not when one read waits too long."""

    def __init__(self, inner: httpcore.NetworkStream, deadline: float) -> None:
        self.inner, self.deadline = inner, deadline

    def _left(self, timeout: float | None, error: type[Exception]) -> float:
        left = self.deadline - time.monotonic()
        if left <= 0:
            raise error("the fetch's deadline passed")
        return left if timeout is None else min(timeout, left)

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self.inner.read(max_bytes, self._left(timeout, httpcore.ReadTimeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self.inner.write(buffer, self._left(timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        self.inner.close()

    def start_tls(self, ssl_context, server_hostname: str | None = None,
                  timeout: float | None = None) -> httpcore.NetworkStream:
        tls = self.inner.start_tls(ssl_context, server_hostname, self._left(timeout, httpcore.ConnectTimeout))
        return DeadlineStream(tls, self.deadline)

    def get_extra_info(self, info: str):
        return self.inner.get_extra_info(info)


class GuardedBackend(httpcore.NetworkBackend):
    """httpcore's own sync backend, connecting only to checked addresses and only before the deadline.
    TLS still verifies the certificate against the URL's host name (httpcore passes it to start_tls)."""

    def __init__(self, allow: frozenset[tuple[str, int | None]], deadline: float,
                 resolve: Resolver = system_resolver) -> None:
        self.allow, self.deadline, self.resolve = allow, deadline, resolve
        self.inner = httpcore.SyncBackend()

    def connect_tcp(self, host: str, port: int, timeout: float | None = None, local_address: str | None = None,
                    socket_options=None) -> httpcore.NetworkStream:
        address = checked_address(host, port, self.allow, self.resolve)
        left = self.deadline - time.monotonic()
        if left <= 0:
            raise httpcore.ConnectTimeout("the fetch's deadline passed")
        stream = self.inner.connect_tcp(address, port, min(timeout or left, left), local_address, socket_options)
        return DeadlineStream(stream, self.deadline)

    def connect_unix_socket(self, path: str, timeout: float | None = None, socket_options=None):
        raise InvalidInput("fetching over a Unix socket is not allowed")

    def sleep(self, seconds: float) -> None:
        time.sleep(seconds)
