"""Fixtures: the invented incident database (see tests/analysis/fixture_db.py)."""

from analysis.fixture_db import fixture_url, store  # noqa: F401 - fixtures, registered by import
