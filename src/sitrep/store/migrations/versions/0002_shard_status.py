"""shard_status: per-shard progress of scale-out ingests (sitrep ingest --engine dask)

Revision ID: 0002
Revises: 0001
Create Date: 2025-02-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "shard_status",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("shard", sa.String(length=2048), nullable=False),
        sa.Column("fmt", sa.String(length=16), nullable=False),
        sa.Column("fingerprint", sa.String(length=128), nullable=False),
        sa.Column("extractor_version", sa.String(length=64), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("documents", sa.Integer(), nullable=True),
        sa.Column("reports", sa.Integer(), nullable=True),
        sa.Column("skipped", sa.Integer(), nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("worker", sa.String(length=256), nullable=True),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("shard"),
    )
    with op.batch_alter_table("shard_status", schema=None) as batch_op:
        batch_op.create_index("ix_shard_status_status", ["status"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("shard_status", schema=None) as batch_op:
        batch_op.drop_index("ix_shard_status_status")
    op.drop_table("shard_status")
