"""indexes for the web view: events by date and by last change

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-07
"""

from __future__ import annotations

from alembic import op


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index('ix_events_date_id', 'events', ['date_start', 'id'], unique=False)
    op.create_index('ix_events_last_seen', 'events', ['last_seen', 'id'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_events_last_seen', table_name='events')
    op.drop_index('ix_events_date_id', table_name='events')
