"""A real HTTP server on 127.0.0.1 with pages that misbehave the ways the open web does."""

from __future__ import annotations

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

ARTICLE = b"""<!doctype html><html><head><title>Ruritania arms Borduria</title>
<meta property="article:published_time" content="2024-03-02"></head><body>
<nav>Home | World | Sport</nav><article><h1>Ruritania arms Borduria</h1>
<p>Ruritania delivered artillery to Borduria on Monday, officials in both capitals said.</p>
<p>Azerbaijan accused Armenia of shelling its positions near the border during the night.</p>
</article><footer>Subscribe to our newsletter</footer></body></html>"""


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args) -> None:  # keep test output clean
        pass

    def _send(self, status: int, ctype: str, body: bytes, extra: dict | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for k, v in (extra or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)

    def _stream(self, chunk: bytes, pause: float, seconds: float = 20.0) -> None:
        """Send ``chunk`` again and again without a Content-Length until the client hangs up."""
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Connection", "close")
        self.end_headers()
        end = time.monotonic() + seconds
        try:
            while time.monotonic() < end:
                self.wfile.write(chunk)
                self.wfile.flush()
                time.sleep(pause)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def _drip_headers(self, pause: float) -> None:
        """A status line and headers sent one byte at a time (each read of the client gets a byte in time)."""
        head = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nX-Padding: " + b"p" * 200 + b"\r\n\r\n"
        try:
            for byte in head:
                self.wfile.write(bytes([byte]))
                self.wfile.flush()
                time.sleep(pause)
            self.wfile.write(ARTICLE)
        except (BrokenPipeError, ConnectionResetError):
            pass
        self.close_connection = True

    def _feed(self, links: list[str]) -> None:
        items = "".join(f"<item><title>Entry {i}</title><link>{link}</link></item>" for i, link in enumerate(links))
        body = f'<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>{items}</channel></rss>'
        self._send(200, "application/rss+xml", body.encode())

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        path = self.path
        server: WebServer = self.server.owner  # type: ignore[attr-defined]
        server.hits += 1
        if path.startswith("/article.html"):
            self._send(200, "text/html; charset=utf-8", ARTICLE)
        elif path == "/slow":
            time.sleep(3)
            self._send(200, "text/html", ARTICLE)
        elif path == "/drip":
            self._stream(b"<p>a", pause=0.05)
        elif path == "/endless":
            self._stream(b"<p>" + b"x" * 65536, pause=0)
        elif path == "/huge":  # says ten gigabytes, sends a few bytes
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(10 * 1024**3))
            self.end_headers()
            self.wfile.write(b"<p>start")
        elif path == "/loop":
            self._send(302, "text/html", b"", {"Location": "/loop"})
        elif path == "/image.png":
            self._send(200, "image/png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
        elif path == "/to-loopback":  # a public-looking host that redirects to the server's own address
            self._send(302, "text/html", b"", {"Location": f"http://127.0.0.1:{server.port}/article.html"})
        elif path == "/gone":
            self._send(404, "text/html", b"not here")
        elif path == "/feed.xml":
            self._send(200, "application/rss+xml", server.feed)
        elif path == "/self-feed.xml":  # every entry links to the feed itself
            self._feed([server.url("/self-feed.xml")] * 3)
        elif path.startswith("/many-feed.xml"):  # 80 entries, each its own page
            self._feed([server.url(f"/article.html?n={i}") for i in range(80)])
        elif path == "/drip-headers":
            self._drip_headers(pause=0.3)
        elif path.startswith("/redirect-to-port-"):  # to the same host on another port
            self._send(302, "text/html", b"", {"Location": f"http://127.0.0.1:{path.rsplit('-', 1)[1]}/article.html"})
        else:
            self._send(404, "text/plain", b"no such page")


class WebServer:
    def __init__(self, feed: bytes = b"") -> None:
        self.feed = feed
        self.hits = 0  # requests answered, for tests that count outbound fetches
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self.httpd.daemon_threads = True
        self.httpd.owner = self  # type: ignore[attr-defined]
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def url(self, path: str, host: str = "127.0.0.1") -> str:
        return f"http://{host}:{self.port}{path}"

    def __enter__(self) -> WebServer:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
