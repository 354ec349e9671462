"""The incident database: documents, reports, incidents and their links, history, actors, context facts.

    from sitrep.store import open_store
    store = open_store()                      # ./sitrep.sqlite, or $SITREP_DB, or open_store("postgresql://...")
    outcome = store.add_result(doc, result, extractor_version)
    for inc in store.incidents(country="Iraq", since="2024-01-01"): ...

See docs/store.md."""

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
