"""Fixtures: a local HTTP server (see tests/local_server.py)."""

from tests.local_server import hang_fixture, server  # noqa: F401 - fixtures, registered by import
