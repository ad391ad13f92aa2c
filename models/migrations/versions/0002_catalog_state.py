"""catalog change counter; indexes for pending embeddings

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = {"job_posting": "job", "training_program": "program"}


def upgrade() -> None:
    op.create_table(
        "catalog_state",
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("kind"),
    )
    op.execute("INSERT INTO catalog_state (kind, version) VALUES ('job', 0), ('program', 0)")
    # Statement-level: one bump per import chunk or edit, not per row.
    op.execute(
        """
        CREATE FUNCTION wayfinder_bump_catalog() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            UPDATE catalog_state SET version = version + 1 WHERE kind = TG_ARGV[0];
            RETURN NULL;
        END $$
        """
    )
    for table in TABLES:
        op.create_index(f"ix_{table}_text_hash", table, ["text_hash"])
        # The embedding phase asks "which texts still wait?" batch after batch: keep that cheap.
        op.execute(
            f"CREATE INDEX ix_{table}_embedding_pending ON {table} (text_hash) "
            "WHERE embedding_hash IS DISTINCT FROM text_hash"
        )
    for table, kind in TABLES.items():
        op.execute(
            f"CREATE TRIGGER {table}_bump_catalog AFTER INSERT OR UPDATE OR DELETE ON {table} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION wayfinder_bump_catalog('{kind}')"
        )


def downgrade() -> None:
    for table in TABLES:
        op.execute(f"DROP TRIGGER IF EXISTS {table}_bump_catalog ON {table}")
        op.execute(f"DROP INDEX IF EXISTS ix_{table}_embedding_pending")
        op.drop_index(f"ix_{table}_text_hash", table_name=table)
    op.execute("DROP FUNCTION IF EXISTS wayfinder_bump_catalog()")
    op.drop_table("catalog_state")
