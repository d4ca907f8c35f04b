"""A TCP proxy on 127.0.0.1 that drops the connection once, at the moment the client sends a given bytes
pattern for the n-th time: a network fault in the middle of a Bolt transaction, at a chosen statement."""

from __future__ import annotations

import socket
import threading


class FlakyProxy:
    def __init__(self, target_port: int, trigger: bytes, nth: int = 1) -> None:
        self.target_port, self.trigger, self.nth = target_port, trigger, nth
        self.seen, self.dropped = 0, False
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        self._lock = threading.Lock()
        threading.Thread(target=self._accept, daemon=True).start()

    @property
    def uri(self) -> str:
        return f"bolt://127.0.0.1:{self.port}"

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.sock.accept()
            except OSError:
                return
            server = socket.create_connection(("127.0.0.1", self.target_port))
            threading.Thread(target=self._pump, args=(client, server, True), daemon=True).start()
            threading.Thread(target=self._pump, args=(server, client, False), daemon=True).start()

    def _pump(self, src: socket.socket, dst: socket.socket, from_client: bool) -> None:
        try:
            while data := src.recv(65536):
                if from_client and self._fire(data):
                    for s in (src, dst):
                        s.shutdown(socket.SHUT_RDWR)
                        s.close()
                    return
                dst.sendall(data)
        except OSError:
            pass
        for s in (src, dst):
            try:
                s.close()
            except OSError:
                pass

    def _fire(self, data: bytes) -> bool:
        with self._lock:
            if self.dropped or self.trigger not in data:
                return False
            self.seen += 1
            if self.seen == self.nth:
                self.dropped = True
                return True
            return False

    def close(self) -> None:
        self.sock.close()
