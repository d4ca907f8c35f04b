"""A real headless Chromium (Debian's `chromium`, driven by Playwright without downloading any browser) against
real `tensiongraph serve` processes.

Every page a test opens is watched: a request to any host but 127.0.0.1 is blocked and fails the test, and so
does a console error or an uncaught exception (tests that provoke an error answer list what they expect).
A failing test leaves a screenshot under the session's temporary folder (its path is printed)."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest

from tests.conftest import EXAMPLES, ROOT

EXE = str(Path(sys.executable).with_name("tensiongraph"))
CHROMIUM_ARGS = ["--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage"]
LOCAL = {"127.0.0.1"}


def chromium_path() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if path is None:
        message = "headless Chromium is missing: apt-get install -y chromium (.ci/run does it)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """`tensiongraph serve` in a subprocess on a free port, stopped by stop()."""

    def __init__(self, *args: str, env: dict | None = None, log: Path) -> None:
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log = log.open("w")
        self.proc = subprocess.Popen([EXE, "serve", "--port", str(self.port), *args], stdout=self.log,
                                     stderr=subprocess.STDOUT, env={**os.environ, **(env or {})})
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                httpx.get(f"{self.base}/health", timeout=1)
                return
            except httpx.TransportError:
                if self.proc.poll() is not None:
                    break
                time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"tensiongraph serve did not start: {log.read_text()[-2000:]}")

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        self.log.close()


@pytest.fixture(scope="session")
def examples_db(tmp_path_factory) -> Path:
    """The examples ingested by the real command, as a user does after the quick start."""
    db = tmp_path_factory.mktemp("web") / "examples.db"
    done = subprocess.run([EXE, "ingest", str(EXAMPLES), "--db", str(db), "--no-progress"], capture_output=True,
                          text=True, cwd=ROOT, timeout=300)
    assert done.returncode == 0, done.stderr
    return db


@pytest.fixture(scope="session")
def served(examples_db, tmp_path_factory):
    server = Server("--db", str(examples_db), log=tmp_path_factory.mktemp("logs") / "serve.log")
    yield server.base
    server.stop()


@pytest.fixture(scope="session")
def hub_served(tmp_path_factory):
    """A server whose actor HUB has 300 neighbours (bench/hub.py): the capped neighbourhood."""
    from bench.hub import hub_extractions
    from graph.embedded import EmbeddedStore

    db = tmp_path_factory.mktemp("hub") / "hub.db"
    with EmbeddedStore(db) as store:
        store.upsert_many(list(hub_extractions(300)))
    server = Server("--db", str(db), log=tmp_path_factory.mktemp("logs") / "hub.log")
    yield server.base
    server.stop()


@pytest.fixture(scope="session")
def reported_served(tmp_path_factory):
    """A small graph whose edges differ in how often they were reported: LTU accuses BLR in three articles,
    threatens POL in one (the examples report every edge once)."""
    from graph.embedded import EmbeddedStore
    from tests.conftest import make_extraction

    db = tmp_path_factory.mktemp("reported") / "reported.db"
    with EmbeddedStore(db) as store:
        for i, day in enumerate(("2024-03-01", "2024-04-01", "2024-05-01")):
            store.upsert(make_extraction(f"r{i}", day, [("LTU", "ACCUSES", "BLR", 0.9)]))
        store.upsert(make_extraction("r3", "2024-06-01", [("LTU", "THREATENS", "POL", 0.9)]))
    server = Server("--db", str(db), log=tmp_path_factory.mktemp("logs") / "reported.log")
    yield server.base
    server.stop()


@pytest.fixture(scope="session")
def keyed_served(examples_db, tmp_path_factory):
    """The examples behind a read key (TENSIONGRAPH_READ_KEY_REQUIRED)."""
    env = {"TENSIONGRAPH_READ_KEY_REQUIRED": "true", "TENSIONGRAPH_API_KEY": "s3cret-key"}
    server = Server("--db", str(examples_db), env=env, log=tmp_path_factory.mktemp("logs") / "keyed.log")
    yield server.base
    server.stop()


@pytest.fixture(scope="session")
def unavailable_served(tmp_path_factory):
    """A server whose store (Neo4j on a closed local port) cannot be reached: every data route answers 503."""
    env = {"NEO4J_URI": f"bolt://127.0.0.1:{free_port()}", "TENSIONGRAPH_NEO4J_TIMEOUT": "1"}
    server = Server("--store", "neo4j", env=env, log=tmp_path_factory.mktemp("logs") / "503.log")
    yield server.base
    server.stop()


@pytest.fixture(scope="session")
def browser_context(tmp_path_factory):
    from playwright.sync_api import sync_playwright

    executable = chromium_path()
    with sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("chromium-profile")), executable_path=executable, headless=True,
            args=CHROMIUM_ARGS, viewport={"width": 1440, "height": 900}, timeout=60_000)
        context.set_default_timeout(15_000)
        yield context
        context.close()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call":
        item.failed_call = report.failed
    return report


class Watched:
    """A page with what it did: console errors, uncaught exceptions, requests that left 127.0.0.1."""

    def __init__(self, page) -> None:
        self.page, self.errors, self.external, self.expected = page, [], [], []
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda exc: self.errors.append(f"uncaught: {exc}"))
        page.route("**/*", self._route)

    def _route(self, route) -> None:
        if urlsplit(route.request.url).hostname in LOCAL:
            route.continue_()
        else:
            self.external.append(route.request.url)
            route.abort()

    def expect_errors(self, *fragments: str) -> None:
        """Console errors containing one of these fragments are expected (the browser logs 4xx/5xx answers)."""
        self.expected.extend(fragments)

    def unexpected_errors(self) -> list[str]:
        return [e for e in self.errors if not any(f in e for f in self.expected)]


@pytest.fixture()
def watched(browser_context, request, tmp_path_factory):
    page = browser_context.new_page()
    w = Watched(page)
    yield w
    try:
        if getattr(request.node, "failed_call", False):
            shots = tmp_path_factory.getbasetemp() / "screenshots"
            shots.mkdir(exist_ok=True)
            path = shots / f"{request.node.name}.png"
            page.screenshot(path=str(path), full_page=True)
            print(f"\nscreenshot of the failed page: {path}")
        assert not w.external, f"requests left 127.0.0.1: {w.external}"
        assert not w.unexpected_errors(), f"console errors: {w.unexpected_errors()}"
    finally:
        page.close()
