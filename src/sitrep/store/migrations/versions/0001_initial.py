"""initial schema: documents, reports, incidents, incident_reports, incident_history, actors, context_facts, ingest_problems

Revision ID: 0001
Revises: -
Create Date: 2025-01-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "actors",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=512), nullable=False),
        sa.Column("registry_id", sa.String(length=256), nullable=True),
        sa.Column("name", sa.String(length=512), nullable=False),
        sa.Column("kind", sa.String(length=64), nullable=True),
        sa.Column("parent", sa.String(length=512), nullable=True),
        sa.Column("umbrella", sa.String(length=512), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("key"),
    )
    op.create_table(
        "documents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("doc_key", sa.String(length=2048), nullable=False),
        sa.Column("doc_id", sa.String(length=2048), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("is_current", sa.Boolean(), nullable=False),
        sa.Column("url", sa.String(length=2048), nullable=True),
        sa.Column("outlet", sa.String(length=512), nullable=True),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("published", sa.String(length=10), nullable=True),
        sa.Column("language", sa.String(length=16), nullable=True),
        sa.Column("source_kind", sa.String(length=32), nullable=True),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("extractor_version", sa.String(length=64), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("ingested_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("superseded_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("doc_key", "revision", name="uq_documents_key_revision"),
    )
    with op.batch_alter_table("documents", schema=None) as batch_op:
        batch_op.create_index(
            "uq_documents_current",
            ["doc_key"],
            unique=True,
            sqlite_where=sa.text("is_current"),
            postgresql_where=sa.text("is_current"),
        )

    op.create_table(
        "incidents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("merged_into", sa.Integer(), nullable=True),
        sa.Column("date", sa.String(length=10), nullable=True),
        sa.Column("date_end", sa.String(length=10), nullable=True),
        sa.Column("time", sa.String(length=5), nullable=True),
        sa.Column("day_lo", sa.Integer(), nullable=True),
        sa.Column("day_hi", sa.Integer(), nullable=True),
        sa.Column("country", sa.String(length=128), nullable=True),
        sa.Column("admin1", sa.String(length=128), nullable=True),
        sa.Column("admin2", sa.String(length=128), nullable=True),
        sa.Column("place", sa.Text(), nullable=True),
        sa.Column("lat", sa.Float(), nullable=True),
        sa.Column("lon", sa.Float(), nullable=True),
        sa.Column("geo_precision", sa.Integer(), nullable=True),
        sa.Column("event_type", sa.String(length=32), nullable=True),
        sa.Column("target", sa.String(length=32), nullable=True),
        sa.Column("claimed_by", sa.String(length=512), nullable=True),
        sa.Column("actor_name", sa.String(length=512), nullable=True),
        sa.Column("attribution", sa.String(length=32), nullable=True),
        sa.Column("attributed_to", sa.String(length=512), nullable=True),
        sa.Column("killed", sa.Integer(), nullable=True),
        sa.Column("injured", sa.Integer(), nullable=True),
        sa.Column("n_reports", sa.Integer(), nullable=False),
        sa.Column("resolution", sa.JSON().with_variant(postgresql.JSONB(), "postgresql"), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["merged_into"],
            ["incidents.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("incidents", schema=None) as batch_op:
        batch_op.create_index("ix_incidents_country_admin1", ["country", "admin1"], unique=False)
        batch_op.create_index("ix_incidents_status_day", ["status", "day_lo"], unique=False)

    op.create_table(
        "ingest_problems",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "context_facts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("idx", sa.Integer(), nullable=False),
        sa.Column("extractor_version", sa.String(length=64), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("actor", sa.String(length=512), nullable=True),
        sa.Column("group_name", sa.String(length=512), nullable=True),
        sa.Column("date", sa.String(length=10), nullable=True),
        sa.Column("start", sa.String(length=10), nullable=True),
        sa.Column("end", sa.String(length=10), nullable=True),
        sa.Column("count", sa.Integer(), nullable=True),
        sa.Column("window_weeks", sa.Float(), nullable=True),
        sa.Column("window_days", sa.Integer(), nullable=True),
        sa.Column("evidence", sa.Text(), nullable=False),
        sa.Column("spans", sa.JSON().with_variant(postgresql.JSONB(), "postgresql"), nullable=False),
        sa.ForeignKeyConstraint(["document_id"], ["documents.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("document_id", "extractor_version", "idx", name="uq_context_doc_version_idx"),
    )
    with op.batch_alter_table("context_facts", schema=None) as batch_op:
        batch_op.create_index("ix_context_kind", ["kind"], unique=False)

    op.create_table(
        "incident_history",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("incident_id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("action", sa.String(length=32), nullable=False),
        sa.Column("report_id", sa.Integer(), nullable=True),
        sa.Column("detail", sa.JSON().with_variant(postgresql.JSONB(), "postgresql"), nullable=False),
        sa.ForeignKeyConstraint(
            ["incident_id"],
            ["incidents.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("incident_history", schema=None) as batch_op:
        batch_op.create_index("ix_history_incident", ["incident_id"], unique=False)

    op.create_table(
        "reports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("doc_key", sa.String(length=2048), nullable=False),
        sa.Column("idx", sa.Integer(), nullable=False),
        sa.Column("extractor_version", sa.String(length=64), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("date", sa.String(length=10), nullable=True),
        sa.Column("date_end", sa.String(length=10), nullable=True),
        sa.Column("time", sa.String(length=5), nullable=True),
        sa.Column("day_lo", sa.Integer(), nullable=True),
        sa.Column("day_hi", sa.Integer(), nullable=True),
        sa.Column("country", sa.String(length=128), nullable=True),
        sa.Column("admin1", sa.String(length=128), nullable=True),
        sa.Column("admin2", sa.String(length=128), nullable=True),
        sa.Column("place", sa.Text(), nullable=True),
        sa.Column("lat", sa.Float(), nullable=True),
        sa.Column("lon", sa.Float(), nullable=True),
        sa.Column("geo_precision", sa.Integer(), nullable=True),
        sa.Column("event_type", sa.String(length=32), nullable=False),
        sa.Column("target", sa.String(length=32), nullable=False),
        sa.Column("claimed_by", sa.String(length=512), nullable=True),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("attribution", sa.String(length=32), nullable=False),
        sa.Column("attributed_to", sa.String(length=512), nullable=True),
        sa.Column("claim_channel", sa.String(length=64), nullable=True),
        sa.Column("killed", sa.Integer(), nullable=True),
        sa.Column("injured", sa.Integer(), nullable=True),
        sa.Column("evidence", sa.Text(), nullable=False),
        sa.Column("spans", sa.JSON().with_variant(postgresql.JSONB(), "postgresql"), nullable=False),
        sa.Column("confidence", sa.Float(), nullable=False),
        sa.Column("event", sa.JSON().with_variant(postgresql.JSONB(), "postgresql"), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("deactivated_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["actor_id"],
            ["actors.id"],
        ),
        sa.ForeignKeyConstraint(["document_id"], ["documents.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("document_id", "extractor_version", "idx", name="uq_reports_doc_version_idx"),
    )
    with op.batch_alter_table("reports", schema=None) as batch_op:
        batch_op.create_index("ix_reports_block", ["country", "day_lo"], unique=False)
        batch_op.create_index("ix_reports_doc_key", ["doc_key"], unique=False)

    op.create_table(
        "incident_reports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("incident_id", sa.Integer(), nullable=False),
        sa.Column("report_id", sa.Integer(), nullable=False),
        sa.Column("score", sa.Float(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("linked_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("unlinked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("unlink_reason", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["incident_id"],
            ["incidents.id"],
        ),
        sa.ForeignKeyConstraint(["report_id"], ["reports.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("incident_reports", schema=None) as batch_op:
        batch_op.create_index("ix_links_incident", ["incident_id"], unique=False)
        batch_op.create_index(
            "uq_links_current_report",
            ["report_id"],
            unique=True,
            sqlite_where=sa.text("unlinked_at IS NULL"),
            postgresql_where=sa.text("unlinked_at IS NULL"),
        )


def downgrade() -> None:
    with op.batch_alter_table("incident_reports", schema=None) as batch_op:
        batch_op.drop_index(
            "uq_links_current_report",
            sqlite_where=sa.text("unlinked_at IS NULL"),
            postgresql_where=sa.text("unlinked_at IS NULL"),
        )
        batch_op.drop_index("ix_links_incident")

    op.drop_table("incident_reports")
    with op.batch_alter_table("reports", schema=None) as batch_op:
        batch_op.drop_index("ix_reports_doc_key")
        batch_op.drop_index("ix_reports_block")

    op.drop_table("reports")
    with op.batch_alter_table("incident_history", schema=None) as batch_op:
        batch_op.drop_index("ix_history_incident")

    op.drop_table("incident_history")
    with op.batch_alter_table("context_facts", schema=None) as batch_op:
        batch_op.drop_index("ix_context_kind")

    op.drop_table("context_facts")
    op.drop_table("ingest_problems")
    with op.batch_alter_table("incidents", schema=None) as batch_op:
        batch_op.drop_index("ix_incidents_status_day")
        batch_op.drop_index("ix_incidents_country_admin1")

    op.drop_table("incidents")
    with op.batch_alter_table("documents", schema=None) as batch_op:
        batch_op.drop_index(
            "uq_documents_current", sqlite_where=sa.text("is_current"), postgresql_where=sa.text("is_current")
        )

    op.drop_table("documents")
    op.drop_table("actors")
