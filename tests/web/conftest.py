"""Fixtures for the web tests: a seeded SQLite database (invented articles, real extractor), the app, a client,
and a live server on 127.0.0.1 for the browser tests."""

from __future__ import annotations

import socket
import threading
import time
from pathlib import Path

import pytest

from tests.web import seed_articles

TOKEN = "test-token-123"
CHROMIUM = Path("/usr/bin/chromium")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "browser: end-to-end tests in headless Chromium (skip without /usr/bin/chromium)")


@pytest.fixture(scope="session")
def seeded_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    from sitrep.store import open_store

    path = tmp_path_factory.mktemp("webdb") / "seeded.sqlite"
    url = f"sqlite:///{path}"
    store = open_store(url)
    try:
        seed_articles.seed(store)
    finally:
        store.close()
    return url


@pytest.fixture()
def db_url(seeded_url: str, tmp_path: Path) -> str:
    """A private copy of the seeded database (tests that write don't disturb the others)."""
    import shutil

    src = Path(seeded_url.removeprefix("sqlite:///"))
    dst = tmp_path / "db.sqlite"
    shutil.copy(src, dst)
    return f"sqlite:///{dst}"


@pytest.fixture(scope="session")
def app(seeded_url: str):  # noqa: ANN201
    from sitrep.web import create_app

    return create_app(seeded_url, token=TOKEN)


@pytest.fixture(scope="session")
def client(app):  # noqa: ANN001, ANN201
    from fastapi.testclient import TestClient

    with TestClient(app) as c:
        yield c


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LiveServer:
    def __init__(self, app) -> None:  # noqa: ANN001
        import uvicorn

        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning"))
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> LiveServer:
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if time.monotonic() > deadline:
                raise RuntimeError("the test server did not start")
            time.sleep(0.05)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)
