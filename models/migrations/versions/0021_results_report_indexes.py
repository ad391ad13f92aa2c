"""results report indexes: decisions by status and day, recommendations by organization and day

Revision ID: 0021
Revises: 0019
Create Date: 2026-12-07

Issue 19. The results report (api/services/results_report.py) reads a period's worth of review decisions by
status (approved, rejected, shared, interested) and an organization's recommendations by the day they were
proposed (the funnel's first stage and the exposure of employers and providers in top-10 lists). Without these,
a 12-month report scans an agency's whole history; with them it reads only the period:

- `ix_review_decision_status_at` on review_decision (to_status, at), carrying recommendation_id so the scan
  needs no visit to the table for the period filter;
- `ix_recommendation_org_created` on recommendation (org_id, created_at).
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0021"
down_revision: str | None = "0019"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute(
        "CREATE INDEX ix_review_decision_status_at ON review_decision (to_status, at) INCLUDE (recommendation_id)"
    )
    op.create_index("ix_recommendation_org_created", "recommendation", ["org_id", "created_at"])


def downgrade() -> None:
    op.drop_index("ix_recommendation_org_created", table_name="recommendation")
    op.execute("DROP INDEX IF EXISTS ix_review_decision_status_at")
