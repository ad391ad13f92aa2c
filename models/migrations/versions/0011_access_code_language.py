"""the language a caseworker chose for an access code's page

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-07

`access_code.language` (a BCP 47 tag such as `es` or `zh-Hans`, or NULL): when the person opens their
page with the code, it is shown in this language until they pick another. Row-level security already
covers the table.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("access_code", sa.Column("language", sa.String(length=16), nullable=True))


def downgrade() -> None:
    op.drop_column("access_code", "language")
