"""A Bolt server on 127.0.0.1 that refuses every login the way Neo4j refuses a wrong password (FAILURE
``Neo.ClientError.Security.Unauthorized``). FalkorDB, the project's test Bolt server, has no users, so the
wrong-password path of the Neo4j store is tested against this: the real driver, a real socket, the real
Bolt handshake and message framing (Bolt 5.0, PackStream)."""

from __future__ import annotations

import socket
import threading

MAGIC = b"\x60\x60\xb0\x17"
BOLT_5_0 = b"\x00\x00\x00\x05"


def _string(text: str) -> bytes:
    data = text.encode()
    return (bytes([0x80 | len(data)]) if len(data) < 16 else b"\xd0" + bytes([len(data)])) + data


def failure(code: str, message: str) -> bytes:
    """A chunked FAILURE message {code, message}."""
    body = b"\xb1\x7f\xa2" + _string("code") + _string(code) + _string("message") + _string(message)
    return len(body).to_bytes(2, "big") + body + b"\x00\x00"


class RefusingBoltServer:
    def __init__(self) -> None:
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        self.logins = 0
        self.thread = threading.Thread(target=self._serve, daemon=True)

    @property
    def uri(self) -> str:
        return f"bolt://127.0.0.1:{self.port}"

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            threading.Thread(target=self._refuse, args=(conn,), daemon=True).start()

    def _refuse(self, conn: socket.socket) -> None:
        with conn:
            conn.settimeout(5)
            try:
                if conn.recv(20)[:4] != MAGIC:
                    return
                conn.sendall(BOLT_5_0)
                conn.recv(65536)  # HELLO (with the credentials)
                self.logins += 1
                conn.sendall(failure("Neo.ClientError.Security.Unauthorized",
                                     "The client is unauthorized due to authentication failure."))
                conn.recv(65536)  # the driver says GOODBYE or hangs up
            except OSError:
                pass

    def __enter__(self) -> RefusingBoltServer:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.sock.close()


class PasswordChangingProxy(RefusingBoltServer):
    """A proxy to a real Bolt server (FalkorDB) that lets every login through until :meth:`change_password`;
    from then on the connections it carried are dropped and each new login is refused as above: the
    password changed (or the user was revoked) while a service kept the store open."""

    def __init__(self, target_port: int) -> None:
        super().__init__()
        self.target_port = target_port
        self.changed = False
        self._open: list[socket.socket] = []

    def change_password(self) -> None:
        self.changed = True
        for s in self._open:
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    def _refuse(self, conn: socket.socket) -> None:
        if self.changed:
            super()._refuse(conn)
            return
        server = socket.create_connection(("127.0.0.1", self.target_port))
        self._open += [conn, server]
        threading.Thread(target=_pump, args=(server, conn), daemon=True).start()
        _pump(conn, server)


def _pump(src: socket.socket, dst: socket.socket) -> None:
    try:
        while data := src.recv(65536):
            dst.sendall(data)
    except OSError:
        pass
    for s in (src, dst):
        try:
            s.close()
        except OSError:
            pass
