"""intake fields: education apart from jobs, languages with level, transport and travel limit, fixed hours

Revision ID: 0015
Revises: 0013
Create Date: 2026-12-07

`survivor_profile` gains what matching needs and the intake lacked (issue 15): education and training
entries (kind, subject, status; never a school's name), languages spoken with a level, how the person can
travel and how far, and windows per day the person cannot work (e.g. childcare). None names or locates the
person; the subject text is scrubbed like work history. Row-level security already covers the table, and
rows written before this revision read as "nothing recorded".
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0015"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_JSON_LISTS = ("education", "languages", "fixed_hours")


def upgrade() -> None:
    for name in _JSON_LISTS:
        op.add_column(
            "survivor_profile",
            sa.Column(name, postgresql.JSONB(), nullable=False, server_default=sa.text("'[]'::jsonb")),
        )
    op.add_column(
        "survivor_profile",
        sa.Column("transport", sa.ARRAY(sa.String()), nullable=False, server_default="{}"),
    )
    op.add_column("survivor_profile", sa.Column("travel_limit", sa.Float(), nullable=True))
    op.add_column("survivor_profile", sa.Column("travel_limit_unit", sa.String(length=10), nullable=True))


def downgrade() -> None:
    for name in ("travel_limit_unit", "travel_limit", "transport", *_JSON_LISTS):
        op.drop_column("survivor_profile", name)
