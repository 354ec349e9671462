from __future__ import annotations

import pytest
from analysis.fixture_db import build_db


@pytest.fixture(scope="session")
def fixture_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    return build_db(tmp_path_factory.mktemp("analysis") / "fixture.sqlite")


@pytest.fixture
def store(fixture_url: str):  # noqa: ANN201
    from sitrep.store import open_store

    s = open_store(fixture_url)
    yield s
    s.close()
