"""The incident database: documents, reports, incidents and their links, history, actors, context facts.

    from sitrep.store import open_store
    store = open_store()                      # ./sitrep.sqlite, or $SITREP_DB, or open_store("postgresql://...")
    outcome = store.add_result(doc, result, extractor_version)
    for inc in store.incidents(country="Iraq", since="2024-01-01"): ...

See docs/store.md."""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sitrep.store.repository import Store, open_store
    from sitrep.store.views import (
        AddOutcome,
        ContextFactView,
        DocumentView,
        HistoryEntry,
        IncidentFilters,
        IncidentView,
        ReportView,
        SourceRef,
    )

# Loaded on first use (PEP 562): the read-only paths import sitrep.store.urls without SQLAlchemy and the ORM.
_HOME = {"Store": "repository", "open_store": "repository"} | dict.fromkeys(
    ["AddOutcome", "ContextFactView", "DocumentView", "HistoryEntry", "IncidentFilters", "IncidentView",
     "ReportView", "SourceRef"], "views")  # fmt: skip


def __getattr__(name: str) -> object:
    if name not in _HOME:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f"sitrep.store.{_HOME[name]}"), name)
    globals()[name] = value
    return value


__all__ = [
    "AddOutcome",
    "ContextFactView",
    "DocumentView",
    "HistoryEntry",
    "IncidentFilters",
    "IncidentView",
    "ReportView",
    "SourceRef",
    "Store",
    "open_store",
]
