"""import runs as background jobs (issue 12, items 6 and 7)

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-07

A partner upload is now a job worked in the background, so `import_run` carries what its page shows
while it runs: the uploaded file's own name, a plain-words message (why it failed or stopped), and
when it last moved. Statuses: queued, running, embedding, finished, failed, interrupted. Counts are
updated in the same transaction as each batch of rows, so any connection reads progress that matches
what is committed. Columns only: the app role's table grants (0006) cover them.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("import_run", sa.Column("file_name", sa.String(length=255), nullable=True))
    op.add_column("import_run", sa.Column("message", sa.String(length=1000), nullable=True))
    op.add_column("import_run", sa.Column("updated_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    op.drop_column("import_run", "updated_at")
    op.drop_column("import_run", "message")
    op.drop_column("import_run", "file_name")
