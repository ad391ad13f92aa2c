"""which encoder the stored vectors belong to

Revision ID: 0024
Revises: 0023
Create Date: 2026-12-07

Issue 13. A model change (WAYFINDER_MODEL_PATH) re-embeds the catalog and stored profiles; this row says which
model the vectors are made with and whether that re-embed finished, so a start-up only has to read one row
to know there is nothing to do, and a re-embed stopped half-way is carried on by the next start or
`wayfinder reembed`. No row yet (a database from before this revision): the first start checks every row
against its model once and records it.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0024"
down_revision: str | None = "0023"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

APP_ROLE = "wayfinder_app"


def upgrade() -> None:
    op.create_table(
        "embedding_model",
        sa.Column("scope", sa.String(length=20), primary_key=True),
        sa.Column("model_name", sa.String(length=200), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
    )
    # Each serving worker may run the start-up re-embed (as the app login role when one is configured).
    op.execute(f"GRANT SELECT, INSERT, UPDATE ON embedding_model TO {APP_ROLE}")


def downgrade() -> None:
    op.drop_table("embedding_model")
