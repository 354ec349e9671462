"""incidents: indexes on the group, place and governorate columns (the API's text filters)

The web API lists the distinct values of these columns by walking their indexes (a few probes per value) and
then filters incidents by the matching values, instead of testing a substring against every row.

Revision ID: 0003
Revises: 0002
Create Date: 2025-03-01
"""

from __future__ import annotations

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

INDEXES = {
    "ix_incidents_actor_name": "actor_name",
    "ix_incidents_claimed_by": "claimed_by",
    "ix_incidents_attributed_to": "attributed_to",
    "ix_incidents_place": "place",
    "ix_incidents_admin1": "admin1",
}


def upgrade() -> None:
    for name, column in INDEXES.items():
        op.create_index(name, "incidents", [column], unique=False)


def downgrade() -> None:
    for name in INDEXES:
        op.drop_index(name, table_name="incidents")
