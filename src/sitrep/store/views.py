"""Read-side records returned by the Store (plain dataclasses; `to_dict()` gives JSON-ready dicts)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any

INCIDENT_FIELDS = (
    "date", "date_end", "time", "country", "admin1", "admin2", "place", "lat", "lon", "geo_precision",
    "event_type", "target", "claimed_by", "actor_name", "attribution", "attributed_to", "killed", "injured",
)  # fmt: skip


def _plain(v: Any) -> Any:
    if isinstance(v, datetime):
        return v.isoformat()
    if isinstance(v, dict):
        return {k: _plain(x) for k, x in v.items()}
    if isinstance(v, list | tuple):
        return [_plain(x) for x in v]
    return v


@dataclass(slots=True)
class AddOutcome:
    """What add_result did with one document."""

    doc_key: str
    status: str  # new | unchanged | revised | reextracted | skipped
    document_id: int | None = None
    revision: int | None = None
    reports: int = 0
    incidents_new: int = 0
    incidents_merged: int = 0  # reports that joined an incident that already existed
    incident_ids: list[int] = field(default_factory=list)
    reason: str | None = None


@dataclass(slots=True)
class SourceRef:
    document_id: int
    doc_id: str
    url: str | None
    outlet: str | None
    published: str | None
    revision: int
    report_id: int
    score: float | None
    reason: str

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass(slots=True)
class IncidentView:
    id: int
    status: str
    values: dict[str, Any]
    n_reports: int
    sources: list[SourceRef]
    resolution: dict[str, Any]
    created_at: datetime | None = None
    updated_at: datetime | None = None

    def __getattr__(self, name: str) -> Any:  # incident.date, incident.admin1, ...
        try:
            return object.__getattribute__(self, "values")[name]
        except KeyError:
            raise AttributeError(name) from None

    def to_dict(self, provenance: bool = False) -> dict:
        out: dict[str, Any] = {"id": self.id, "status": self.status, **self.values, "n_reports": self.n_reports}
        out["sources"] = [s.to_dict() for s in self.sources]
        if provenance:
            out["resolution"] = self.resolution
        out["created_at"] = _plain(self.created_at)
        out["updated_at"] = _plain(self.updated_at)
        return out


@dataclass(slots=True)
class HistoryEntry:
    at: datetime
    action: str  # created | report_linked | report_unlinked | values | retired | merged
    report_id: int | None
    detail: dict[str, Any]

    def to_dict(self) -> dict:
        return {"at": _plain(self.at), "action": self.action, "report_id": self.report_id, "detail": self.detail}


@dataclass(slots=True)
class DocumentView:
    id: int
    doc_key: str
    doc_id: str
    revision: int
    is_current: bool
    url: str | None
    outlet: str | None
    title: str | None
    published: str | None
    content_hash: str
    extractor_version: str | None
    ingested_at: datetime | None
    text: str | None = None

    def to_dict(self) -> dict:
        return {k: _plain(v) for k, v in asdict(self).items()}


@dataclass(slots=True)
class ReportView:
    id: int
    document_id: int
    doc_key: str
    idx: int
    extractor_version: str
    active: bool
    incident_id: int | None
    event: dict[str, Any]  # the Event as extracted (spans, evidence included)

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass(slots=True)
class ContextFactView:
    id: int
    document_id: int
    kind: str
    actor: str | None
    group: str | None
    date: str | None
    start: str | None
    end: str | None
    count: int | None
    window_weeks: float | None
    window_days: int | None
    evidence: str
    spans: dict

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass(slots=True)
class IncidentFilters:
    since: str | None = None  # YYYY-MM-DD (incidents whose date range reaches it)
    until: str | None = None
    country: str | None = None
    admin1: str | None = None
    group: str | None = None  # claimant, actor or attributed group (case-insensitive substring)
    event_type: str | None = None
    status: str | None = "active"  # None: all
    limit: int | None = None
