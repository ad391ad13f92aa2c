"""programs keep the status their list publishes; an import run keeps how its file was read

Revision ID: 0023
Revises: 0021
Create Date: 2026-12-07

Issue 14. A state list that marks a program "Suspend" still lists it: the program is imported and stored as
not live (status closed, never ranked) with the list's own word in `training_program.listed_status`, so
staff see why, instead of the row being refused. `import_run.read_as` keeps what was sniffed from an
uploaded delimited file (delimiter, encoding, which header fed which field), shown in the upload's report:
the spooled file is gone by the time the report is read. Neither is part of what a person sees, so the
approval snapshot (0008) is unchanged.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision: str = "0023"
down_revision: str | None = "0021"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("training_program", sa.Column("listed_status", sa.String(length=60), nullable=True))
    op.add_column("import_run", sa.Column("read_as", JSONB(), nullable=True))


def downgrade() -> None:
    op.drop_column("import_run", "read_as")
    op.drop_column("training_program", "listed_status")
