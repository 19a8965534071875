"""alerts: who holds a delivery claim (host, pid, process start time)

A dispatcher on the same host takes over the delivery of a dead holder at once (storage/claim_holder.py)
instead of waiting for the claim's lease to run out.

Revision ID: 0004_alert_claim_holder
Revises: 0003_article_published_precision
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004_alert_claim_holder"
down_revision = "0003_article_published_precision"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # batch mode: SQLite cannot ALTER most things in place (adding nullable columns it can; kept uniform).
    with op.batch_alter_table("alerts", schema=None) as batch_op:
        batch_op.add_column(sa.Column("claimed_host", sa.String(length=255), nullable=True))
        batch_op.add_column(sa.Column("claimed_pid", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("claimed_started", sa.Float(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("alerts", schema=None) as batch_op:
        batch_op.drop_column("claimed_started")
        batch_op.drop_column("claimed_pid")
        batch_op.drop_column("claimed_host")
