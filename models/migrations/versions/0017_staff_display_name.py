"""staff members' display names, so the audit trail names who acted

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-07

`app_user.display_name`: the name a staff member is known by to colleagues ("Dana Reyes"). Staff data, not
survivor data: it is shown only to users of the same organization (the audit trail, the account page). It
is never written into `audit_event`, which keeps only the user's id: the trail joins the name when it is
read, so the append-only log holds no names at all. Accounts without one are shown by their e-mail.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0017"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("app_user", sa.Column("display_name", sa.String(length=100), nullable=True))


def downgrade() -> None:
    op.drop_column("app_user", "display_name")
