"""request state in PostgreSQL (open pages, shown-once results); catalog change log; ranker stamp

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-07

Several worker processes serve one site (issue 18), so nothing a later request needs may live in one
process's memory:

- `page_ref`: the person's open access-code pages and the caseworker's shown-once result (a new code), under
  the SHA-256 of a random reference (the browser holds the reference; a database reader cannot use a hash as a
  cookie). The payload is an AES-GCM token of the field cipher bound to the row, never the code in clear.
  Rows expire (`expires_at`); reads ignore expired rows and every write deletes them.
- `catalog_change`: which catalog rows each change counter value touched, so a worker's in-memory index
  loads only rows changed since its watermark instead of every live row. The statement trigger that bumps
  `catalog_state` also writes the log; its row lock on `catalog_state` serializes writers of one kind, so
  counter values commit in order and a watermark never skips a change committed late.
- `catalog_state` gains `log_floor` (log rows up to it were pruned: an index older than that rebuilds) and a
  `ranker` row, bumped when `wayfinder ranker retrain` promotes a model, so every worker reloads it.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0018"
down_revision: str | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

APP_ROLE = "wayfinder_app"
TABLES = {"job_posting": "job", "training_program": "program"}


def upgrade() -> None:
    op.create_table(
        "page_ref",
        sa.Column("ref_hash", sa.String(length=64), nullable=False),
        sa.Column("purpose", sa.String(length=20), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("ref_hash"),
    )
    op.create_index("ix_page_ref_expires_at", "page_ref", ["expires_at"])
    op.execute(f"GRANT SELECT, INSERT, UPDATE, DELETE ON page_ref TO {APP_ROLE}")

    op.create_table(
        "catalog_change",
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("version", sa.BigInteger(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.PrimaryKeyConstraint("kind", "version", "item_id"),
    )
    op.execute(f"GRANT SELECT, INSERT, DELETE ON catalog_change TO {APP_ROLE}")
    op.add_column("catalog_state", sa.Column("log_floor", sa.BigInteger(), server_default="0", nullable=False))
    op.execute("INSERT INTO catalog_state (kind, version) VALUES ('ranker', 0) ON CONFLICT DO NOTHING")
    # A canonical posting's change reloads its duplicates too (their liveness reads the canonical row).
    op.create_index("ix_job_posting_duplicate_of_id", "job_posting", ["duplicate_of_id"])

    # Log rows older than a day are pruned (every 256th change); an index that slept longer rebuilds once.
    op.execute(
        """
        CREATE FUNCTION wayfinder_log_catalog() RETURNS trigger LANGUAGE plpgsql AS $$
        DECLARE v bigint;
        BEGIN
            UPDATE catalog_state SET version = version + 1 WHERE kind = TG_ARGV[0] RETURNING version INTO v;
            INSERT INTO catalog_change (kind, version, item_id) SELECT TG_ARGV[0], v, id FROM changed_rows;
            IF v % 256 = 0 THEN
                WITH gone AS (
                    DELETE FROM catalog_change
                    WHERE kind = TG_ARGV[0] AND changed_at < now() - interval '1 day'
                    RETURNING version
                )
                UPDATE catalog_state SET log_floor = greatest(log_floor, (SELECT max(version) FROM gone))
                WHERE kind = TG_ARGV[0] AND EXISTS (SELECT 1 FROM gone);
            END IF;
            RETURN NULL;
        END $$
        """
    )
    for table, kind in TABLES.items():
        op.execute(f"DROP TRIGGER IF EXISTS {table}_bump_catalog ON {table}")
        for event, rows in (("INSERT", "NEW"), ("UPDATE", "NEW"), ("DELETE", "OLD")):
            op.execute(
                f"CREATE TRIGGER {table}_log_{event.lower()} AFTER {event} ON {table} "
                f"REFERENCING {rows} TABLE AS changed_rows "
                f"FOR EACH STATEMENT EXECUTE FUNCTION wayfinder_log_catalog('{kind}')"
            )


def downgrade() -> None:
    for table, kind in TABLES.items():
        for event in ("insert", "update", "delete"):
            op.execute(f"DROP TRIGGER IF EXISTS {table}_log_{event} ON {table}")
        op.execute(
            f"CREATE TRIGGER {table}_bump_catalog AFTER INSERT OR UPDATE OR DELETE ON {table} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION wayfinder_bump_catalog('{kind}')"
        )
    op.execute("DROP FUNCTION IF EXISTS wayfinder_log_catalog()")
    op.drop_index("ix_job_posting_duplicate_of_id", table_name="job_posting")
    op.execute("DELETE FROM catalog_state WHERE kind = 'ranker'")
    op.drop_column("catalog_state", "log_floor")
    op.drop_table("catalog_change")
    op.drop_index("ix_page_ref_expires_at", table_name="page_ref")
    op.drop_table("page_ref")
