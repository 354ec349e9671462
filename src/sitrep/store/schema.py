"""SQLAlchemy 2 table definitions. The migrations under ``migrations/versions`` create exactly these
(tests/store/test_migrations.py compares the two); change both together and add a new revision."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy import (
    text as sql_text,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

JSONType = JSON().with_variant(JSONB(), "postgresql")


class Base(DeclarativeBase):
    pass


class DocumentRow(Base):
    """One revision of one document. The natural key is (doc_key, revision); doc_key is the URL when the
    source gave one, else the document id. Only one revision per doc_key is current."""

    __tablename__ = "documents"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    doc_key: Mapped[str] = mapped_column(String(2048))
    doc_id: Mapped[str] = mapped_column(String(2048))
    revision: Mapped[int] = mapped_column(Integer)
    is_current: Mapped[bool] = mapped_column(Boolean)
    url: Mapped[str | None] = mapped_column(String(2048))
    outlet: Mapped[str | None] = mapped_column(String(512))
    title: Mapped[str | None] = mapped_column(Text)
    published: Mapped[str | None] = mapped_column(String(10))
    language: Mapped[str | None] = mapped_column(String(16))
    source_kind: Mapped[str | None] = mapped_column(String(32))
    content_hash: Mapped[str] = mapped_column(String(64))
    extractor_version: Mapped[str | None] = mapped_column(String(64))  # whose reports are active
    text: Mapped[str] = mapped_column(Text)
    ingested_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    superseded_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    __table_args__ = (
        UniqueConstraint("doc_key", "revision", name="uq_documents_key_revision"),
        Index(
            "uq_documents_current",
            "doc_key",
            unique=True,
            sqlite_where=sql_text("is_current"),
            postgresql_where=sql_text("is_current"),
        ),
    )


class ActorRow(Base):
    __tablename__ = "actors"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(512), unique=True)  # registry id, else "name:<folded name>"
    registry_id: Mapped[str | None] = mapped_column(String(256))
    name: Mapped[str] = mapped_column(String(512))
    kind: Mapped[str | None] = mapped_column(String(64))
    parent: Mapped[str | None] = mapped_column(String(512))
    umbrella: Mapped[str | None] = mapped_column(String(512))


class ReportRow(Base):
    """One extracted event of one document revision, by one extractor version."""

    __tablename__ = "reports"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    doc_key: Mapped[str] = mapped_column(String(2048))
    idx: Mapped[int] = mapped_column(Integer)
    extractor_version: Mapped[str] = mapped_column(String(64))
    active: Mapped[bool] = mapped_column(Boolean)
    date: Mapped[str | None] = mapped_column(String(10))
    date_end: Mapped[str | None] = mapped_column(String(10))
    time: Mapped[str | None] = mapped_column(String(5))
    day_lo: Mapped[int | None] = mapped_column(Integer)
    day_hi: Mapped[int | None] = mapped_column(Integer)
    country: Mapped[str | None] = mapped_column(String(128))
    admin1: Mapped[str | None] = mapped_column(String(128))
    admin2: Mapped[str | None] = mapped_column(String(128))
    place: Mapped[str | None] = mapped_column(Text)
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    geo_precision: Mapped[int | None] = mapped_column(Integer)
    event_type: Mapped[str] = mapped_column(String(32))
    target: Mapped[str] = mapped_column(String(32))
    claimed_by: Mapped[str | None] = mapped_column(String(512))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("actors.id"))
    attribution: Mapped[str] = mapped_column(String(32))
    attributed_to: Mapped[str | None] = mapped_column(String(512))
    claim_channel: Mapped[str | None] = mapped_column(String(64))
    killed: Mapped[int | None] = mapped_column(Integer)
    injured: Mapped[int | None] = mapped_column(Integer)
    evidence: Mapped[str] = mapped_column(Text)
    spans: Mapped[dict] = mapped_column(JSONType)
    confidence: Mapped[float] = mapped_column(Float)
    event: Mapped[dict] = mapped_column(JSONType)  # the full Event as the extractor wrote it
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    deactivated_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    __table_args__ = (
        UniqueConstraint("document_id", "extractor_version", "idx", name="uq_reports_doc_version_idx"),
        Index("ix_reports_block", "country", "day_lo"),
        Index("ix_reports_doc_key", "doc_key"),
    )


class IncidentRow(Base):
    """The canonical event. `values` provenance lives in `resolution` (field -> report, rule, alternatives)."""

    __tablename__ = "incidents"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    status: Mapped[str] = mapped_column(String(16))  # active | retired (no reports left) | merged
    merged_into: Mapped[int | None] = mapped_column(ForeignKey("incidents.id"))
    date: Mapped[str | None] = mapped_column(String(10))
    date_end: Mapped[str | None] = mapped_column(String(10))
    time: Mapped[str | None] = mapped_column(String(5))
    day_lo: Mapped[int | None] = mapped_column(Integer)
    day_hi: Mapped[int | None] = mapped_column(Integer)
    country: Mapped[str | None] = mapped_column(String(128))
    admin1: Mapped[str | None] = mapped_column(String(128))
    admin2: Mapped[str | None] = mapped_column(String(128))
    place: Mapped[str | None] = mapped_column(Text)
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    geo_precision: Mapped[int | None] = mapped_column(Integer)
    event_type: Mapped[str | None] = mapped_column(String(32))
    target: Mapped[str | None] = mapped_column(String(32))
    claimed_by: Mapped[str | None] = mapped_column(String(512))
    actor_name: Mapped[str | None] = mapped_column(String(512))
    attribution: Mapped[str | None] = mapped_column(String(32))
    attributed_to: Mapped[str | None] = mapped_column(String(512))
    killed: Mapped[int | None] = mapped_column(Integer)
    injured: Mapped[int | None] = mapped_column(Integer)
    n_reports: Mapped[int] = mapped_column(Integer)
    resolution: Mapped[dict] = mapped_column(JSONType)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    __table_args__ = (
        Index("ix_incidents_status_day", "status", "day_lo"),
        Index("ix_incidents_country_admin1", "country", "admin1"),
        # the API's group, place and governorate filters list these columns' distinct values from the index
        Index("ix_incidents_actor_name", "actor_name"),
        Index("ix_incidents_claimed_by", "claimed_by"),
        Index("ix_incidents_attributed_to", "attributed_to"),
        Index("ix_incidents_place", "place"),
        Index("ix_incidents_admin1", "admin1"),
    )


class LinkRow(Base):
    """incident <-> report. A link is current while unlinked_at is NULL; one current link per report."""

    __tablename__ = "incident_reports"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    incident_id: Mapped[int] = mapped_column(ForeignKey("incidents.id"))
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id", ondelete="CASCADE"))
    score: Mapped[float | None] = mapped_column(Float)
    reason: Mapped[str] = mapped_column(Text)
    linked_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    unlinked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    unlink_reason: Mapped[str | None] = mapped_column(Text)
    __table_args__ = (
        Index(
            "uq_links_current_report",
            "report_id",
            unique=True,
            sqlite_where=sql_text("unlinked_at IS NULL"),
            postgresql_where=sql_text("unlinked_at IS NULL"),
        ),
        Index("ix_links_incident", "incident_id"),
    )


class HistoryRow(Base):
    """What happened to an incident, when: created, report_linked, report_unlinked, values, retired, merged."""

    __tablename__ = "incident_history"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    incident_id: Mapped[int] = mapped_column(ForeignKey("incidents.id"))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    action: Mapped[str] = mapped_column(String(32))
    report_id: Mapped[int | None] = mapped_column(Integer)
    detail: Mapped[dict] = mapped_column(JSONType)
    __table_args__ = (Index("ix_history_incident", "incident_id"),)


class ContextFactRow(Base):
    __tablename__ = "context_facts"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    idx: Mapped[int] = mapped_column(Integer)
    extractor_version: Mapped[str] = mapped_column(String(64))
    active: Mapped[bool] = mapped_column(Boolean)
    kind: Mapped[str] = mapped_column(String(32))
    actor: Mapped[str | None] = mapped_column(String(512))
    group_name: Mapped[str | None] = mapped_column(String(512))
    date: Mapped[str | None] = mapped_column(String(10))
    start: Mapped[str | None] = mapped_column(String(10))
    end: Mapped[str | None] = mapped_column(String(10))
    count: Mapped[int | None] = mapped_column(Integer)
    window_weeks: Mapped[float | None] = mapped_column(Float)
    window_days: Mapped[int | None] = mapped_column(Integer)
    evidence: Mapped[str] = mapped_column(Text)
    spans: Mapped[dict] = mapped_column(JSONType)
    __table_args__ = (
        UniqueConstraint("document_id", "extractor_version", "idx", name="uq_context_doc_version_idx"),
        Index("ix_context_kind", "kind"),
    )


class ProblemRow(Base):
    """An input that was skipped, and why (kept so that nothing is silently lost)."""

    __tablename__ = "ingest_problems"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source: Mapped[str] = mapped_column(Text)
    reason: Mapped[str] = mapped_column(Text)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class ShardRow(Base):
    """One input shard of a scale-out ingest (`sitrep ingest --engine dask`): pending | running | done | failed.

    A shard's documents and its `done` mark are committed in one transaction, so a shard is either fully
    stored or not at all; a run skips shards that are done with the same fingerprint and extractor version."""

    __tablename__ = "shard_status"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    shard: Mapped[str] = mapped_column(String(2048), unique=True)  # the shard's path as given (shared storage)
    fmt: Mapped[str] = mapped_column(String(16))  # jsonl | parquet | warc
    fingerprint: Mapped[str] = mapped_column(String(128))  # size and mtime of the file
    extractor_version: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(16))
    attempts: Mapped[int] = mapped_column(Integer)
    documents: Mapped[int | None] = mapped_column(Integer)
    reports: Mapped[int | None] = mapped_column(Integer)
    skipped: Mapped[int | None] = mapped_column(Integer)
    error: Mapped[str | None] = mapped_column(Text)
    worker: Mapped[str | None] = mapped_column(String(256))
    started_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    __table_args__ = (Index("ix_shard_status_status", "status"),)
