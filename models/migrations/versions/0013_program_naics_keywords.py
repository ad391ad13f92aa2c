"""training programs keep NAICS codes and keywords as published

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-07

Credential Engine CTDL resources carry `ceterms:naics` / `ceterms:industryType` and `ceterms:keyword`; they
were dropped on import. Two text[] columns keep them (empty for rows imported before this revision until their
next import). They are not part of what a person sees, so the approval snapshot (0008) is unchanged.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column(
        "training_program", sa.Column("naics_codes", sa.ARRAY(sa.String()), server_default="{}", nullable=False)
    )
    op.add_column("training_program", sa.Column("keywords", sa.ARRAY(sa.String()), server_default="{}", nullable=False))


def downgrade() -> None:
    op.drop_column("training_program", "keywords")
    op.drop_column("training_program", "naics_codes")
