"""the web view: events.period (the timeline's month) and indexes by date, by last change, for the chart

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('events', sa.Column('period', sa.String(length=7), nullable=True))
    op.execute("UPDATE events SET period = substr(date, 1, 7) WHERE date IS NOT NULL")
    op.create_index('ix_events_timeline', 'events', ['country_a', 'country_b', 'background', 'period', 'status', 'level'], unique=False)
    op.create_index('ix_events_date_id', 'events', ['date_start', 'id'], unique=False)
    op.create_index('ix_events_last_seen', 'events', ['last_seen', 'id'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_events_timeline', table_name='events')
    op.drop_index('ix_events_last_seen', table_name='events')
    op.drop_index('ix_events_date_id', table_name='events')
    with op.batch_alter_table('events') as batch:
        batch.drop_column('period')
