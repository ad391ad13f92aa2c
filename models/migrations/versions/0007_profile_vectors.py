"""profile vectors stored with the profile

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-29

`survivor_profile.parts_embedding` joins `embedding`: the two vectors ranking reads (the whole profile
text, and the mean of its parts), computed at intake so matching a stored profile never waits for the
model. Existing profiles get theirs at their next ranking. Row-level security already covers the table.
"""

from collections.abc import Sequence

import pgvector.sqlalchemy
import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column(
        "survivor_profile", sa.Column("parts_embedding", pgvector.sqlalchemy.vector.VECTOR(dim=384), nullable=True)
    )


def downgrade() -> None:
    op.drop_column("survivor_profile", "parts_embedding")
