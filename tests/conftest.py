"""Shared test fixtures. Data under ../shared is optional: tests that need it skip cleanly."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("SITREP_SHARED", REPO.parent / "shared"))
SEEDS_DIR = SHARED / "corpus"
SEEDS_GOLD = SEEDS_DIR / "seeds.gold.jsonl"
DEV_CORPUS = REPO / "corpus" / "dev"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not SHARED.is_dir():
        pytest.skip("../shared is not present")
    return SHARED


@pytest.fixture(scope="session")
def seeds_gold() -> Path:
    if not SEEDS_GOLD.is_file():
        pytest.skip("../shared/corpus/seeds.gold.jsonl is not present")
    return SEEDS_GOLD


def pytest_report_header(config: pytest.Config) -> list[str]:
    """Say which databases the store tests use (only a root conftest may add to the header)."""
    from tests.store.pg import header_lines

    return header_lines()
