"""drop the generated full-text columns nothing reads

Revision ID: 0025
Revises: 0024
Create Date: 2026-12-07

Issue 14 (import speed). `search_tsv` (a stored tsvector of title and description, with a GIN index) was
added in 0001 for a PostgreSQL lexical signal, but the matcher's lexical signal is its own BM25 index
(matcher/lexical.py), and no query has ever read the column. Computing it and updating its GIN index cost
PostgreSQL about 30-40 us of the ~100-140 us it spends per imported posting (measured with the import
bench; docs/import-speed.md), on every insert and every changed update. If retrieval moves into PostgreSQL
(issue 18) and chooses core full-text search, it comes back as an expression index built CONCURRENTLY.
The downgrade puts the columns and indexes back as 0001 made them.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0025"
down_revision: str | None = "0024"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = {"job_posting": "title", "training_program": "name"}


def upgrade() -> None:
    for table in TABLES:
        op.execute(f"DROP INDEX IF EXISTS ix_{table}_search_tsv")
        op.execute(f"ALTER TABLE {table} DROP COLUMN IF EXISTS search_tsv")


def downgrade() -> None:
    for table, name in TABLES.items():
        op.execute(
            f"ALTER TABLE {table} ADD COLUMN search_tsv tsvector GENERATED ALWAYS AS ("
            f"setweight(to_tsvector('english', coalesce({name}, '')), 'A') || "
            "setweight(to_tsvector('english', coalesce(description, '')), 'B')) STORED"
        )
        op.execute(f"CREATE INDEX ix_{table}_search_tsv ON {table} USING gin (search_tsv)")
