"""articles: the precision of `published` (a record may give only the month or year it was published)

`published` holds the period's first day; `published_precision` says whether it is that day ('day' or NULL),
its month ('month') or its year ('year'). History uses the period for matching undated reports and for the
age of their contacts (storage/history.py `publication`).

Revision ID: 0003_article_published_precision
Revises: 0002
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003_article_published_precision"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("articles") as batch:
        batch.add_column(sa.Column("published_precision", sa.String(length=8), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("articles") as batch:
        batch.drop_column("published_precision")
