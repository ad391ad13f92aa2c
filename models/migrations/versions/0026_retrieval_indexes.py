"""indexes for the database candidate stage (HNSW, full text, area)

Revision ID: 0026
Revises: 0025
Create Date: 2026-12-08

Issue 18. Above WAYFINDER_MEMORY_INDEX_MAX items a kind's candidates come from PostgreSQL
(models/repositories/retrieval.py, docs/retrieval.md) instead of a whole-catalog index in every worker:
- HNSW over `embedding::halfvec(384)` (cosine): half the memory of a `vector` index, and the query keeps the
  best rows by the full-precision distance anyway. m 16, ef_construction 128: the settings that met the
  recall goal at 1M postings (docs/scaling.md, "Retrieval at a million postings: measured").
- A GIN over the same full-text expression the lexical query ranks with (core `ts_rank_cd`; the production
  image has no BM25 extension).
- Area: zip3, and remote rows, so a restrictive area filter is an index scan and an exact sort, not a graph
  walk that has to skip most of what it visits; and statistics on the normalized region expression.

Every index is PARTIAL on the rows retrieval can return (`status = 'active' AND embedding IS NOT NULL`), and
each query repeats that predicate so the planner may use them. Why partial: an import writes rows first and
embeds them in a later step (issue 14's import speed), and held or closed rows are never candidates; neither
pays for index upkeep (the GIN's to_tsvector over the description was 30-40 us of the ~100-140 us
PostgreSQL spent per imported posting when 0001's stored column carried it, docs/import-speed.md).

The build: `upgrade` runs the whole chain in one transaction (models/migrate.py), so these are plain
CREATE INDEX statements (they block catalog writes, never reads, while they build) with
maintenance_work_mem raised for this transaction only: the HNSW build is about 10x slower when its graph
does not fit (docs/scaling.md). On a large existing catalog, build them first with CREATE INDEX
CONCURRENTLY under the same names (docs/retrieval.md gives the statements); IF NOT EXISTS keeps them.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0026"
down_revision: str | None = "0025"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

HELD = "status = 'active' AND embedding IS NOT NULL"
# The text each kind is searched by; models/repositories/retrieval.py writes the same expression.
SEARCH_TEXT = {
    "job_posting": "coalesce(title, '') || ' ' || coalesce(description, '')",
    "training_program": "coalesce(name, '') || ' ' || coalesce(description, '')",
}
REMOTE = {"job_posting": "is_remote", "training_program": "(is_online OR delivery = 'online')"}
# The region as the area filter compares it (models/repositories/retrieval.py _REGION, the same expression):
# statistics on it let the planner estimate a region filter from the data instead of guessing 0.5% of rows,
# and so choose between the HNSW walk and an exact sort of the rows the filter leaves.
REGION = "upper(btrim(coalesce(region, ''), E' \\t\\n\\r\\f\\x0b'))"


def index_statements(table: str) -> dict[str, str]:
    """Index name -> its CREATE statement body (after CREATE INDEX [CONCURRENTLY] IF NOT EXISTS name)."""
    return {
        f"ix_{table}_retrieval_hnsw": (
            f"ON {table} USING hnsw ((embedding::halfvec(384)) halfvec_cosine_ops) "
            f"WITH (m = 16, ef_construction = 128) WHERE {HELD}"
        ),
        f"ix_{table}_retrieval_text": (
            f"ON {table} USING gin (to_tsvector('english', {SEARCH_TEXT[table]})) WHERE {HELD}"
        ),
        f"ix_{table}_retrieval_zip3": f"ON {table} (zip3) WHERE {HELD}",
        f"ix_{table}_retrieval_remote": f"ON {table} (id) WHERE {REMOTE[table]} AND {HELD}",
    }


def upgrade() -> None:
    # For this transaction only (SET LOCAL): the HNSW graph of a large catalog is built in memory when it fits.
    op.execute("SET LOCAL maintenance_work_mem = '1GB'")
    # A server of one's own (DATABASE_URL) may carry a pgvector older than 0.7, which has no halfvec: the
    # service still runs there (in memory; the database path needs 0.8 and refuses to start without it), so
    # the vector index is left out rather than failing the migration. After upgrading pgvector, create it
    # with the statement in docs/retrieval.md.
    has_halfvec = op.get_bind().exec_driver_sql("SELECT to_regtype('halfvec') IS NOT NULL").scalar()
    for table in SEARCH_TEXT:
        for name, body in index_statements(table).items():
            if name.endswith("_hnsw") and not has_halfvec:
                continue
            op.execute(f"CREATE INDEX IF NOT EXISTS {name} {body}")
        op.execute(f"CREATE STATISTICS IF NOT EXISTS st_{table}_retrieval_region ON ({REGION}) FROM {table}")


def downgrade() -> None:
    for table in SEARCH_TEXT:
        for name in index_statements(table):
            op.execute(f"DROP INDEX IF EXISTS {name}")
        op.execute(f"DROP STATISTICS IF EXISTS st_{table}_retrieval_region")
