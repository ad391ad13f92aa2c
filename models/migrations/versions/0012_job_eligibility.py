"""who may apply to a job posting, telework apart from remote, clearance, schedule and offering type

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-07

`job_posting` gains the eligibility a source publishes (USAJOBS `HiringPath`, `WhoMayApply`,
`SecurityClearance`, `TeleworkEligible`, `PositionSchedule`, `PositionOfferingType`). `open_to_public`
defaults to true so rows imported before this revision keep ranking until their next import re-derives it.
Nothing here describes a person: the person's citizenship is never stored.

`wayfinder_job_content` (0008) gains `open_to_public`: a posting that stops being open to the public after a
caseworker approved it (a re-import now reads its USAJOBS hiring path) must leave the person's page at once,
because the person could not apply; the caseworker then sees "open to the public: yes -> no". Approved
snapshots get the key with the value the posting had (true for every row: the column was just added with
that default), so nothing approved before this revision is hidden by the revision itself. The other new
fields are not added: the person's page does not show them, and telework vs remote already reaches the
content through `is_remote`.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


# 0008's JOB_CONTENT, frozen here (a migration must not change when a later one edits its list).
JOB_CONTENT_0008 = (
    "title",
    "employer_name",
    "description",
    "industry",
    "qualifications",
    "education_required",
    "experience_months",
    "requires_work_authorization",
    "requires_citizenship",
    "pay_min",
    "pay_max",
    "pay_unit",
    "pay_currency",
    "employment_types",
    "hours_per_week",
    "work_hours_text",
    "shifts",
    "days",
    "city",
    "region",
    "is_remote",
    "url",
    "contact_text",
)
JOB_CONTENT = (*JOB_CONTENT_0008, "open_to_public")


def _job_content_function(fields: Sequence[str]) -> str:
    build = "jsonb_build_object(" + ", ".join(f"'{f}', j.{f}" for f in fields) + ")"
    # Field names are the constants above, not input. Same signature: the views that use it keep working.
    return f"CREATE OR REPLACE FUNCTION wayfinder_job_content(j job_posting) RETURNS jsonb LANGUAGE sql STABLE AS $$ SELECT {build} $$"


def _rewrite_snapshots(expression: str) -> None:
    # The gate trigger refuses writes to the approved columns; it is off for this one statement (as in 0008).
    op.execute("ALTER TABLE recommendation DISABLE TRIGGER recommendation_gate")
    op.execute(
        f"UPDATE recommendation SET approved_content = {expression}, "  # noqa: S608 - constant expressions
        f"approved_content_hash = wayfinder_content_hash({expression}) "
        "WHERE approved_content IS NOT NULL AND job_posting_id IS NOT NULL"
    )
    op.execute("ALTER TABLE recommendation ENABLE TRIGGER recommendation_gate")


def upgrade() -> None:
    op.add_column(
        "job_posting", sa.Column("telework_eligible", sa.Boolean(), nullable=False, server_default=sa.false())
    )
    op.add_column("job_posting", sa.Column("security_clearance", sa.String(length=200), nullable=True))
    op.add_column("job_posting", sa.Column("hiring_paths", sa.ARRAY(sa.String()), server_default="{}", nullable=False))
    op.add_column("job_posting", sa.Column("who_may_apply", sa.String(length=500), nullable=True))
    op.add_column("job_posting", sa.Column("open_to_public", sa.Boolean(), nullable=False, server_default=sa.true()))
    op.add_column("job_posting", sa.Column("schedule_text", sa.String(length=200), nullable=True))
    op.add_column("job_posting", sa.Column("offering_type", sa.String(length=300), nullable=True))
    op.execute(_job_content_function(JOB_CONTENT))
    _rewrite_snapshots("approved_content || jsonb_build_object('open_to_public', true)")


def downgrade() -> None:
    op.execute(_job_content_function(JOB_CONTENT_0008))
    _rewrite_snapshots("approved_content - 'open_to_public'")
    for column in (
        "offering_type",
        "schedule_text",
        "open_to_public",
        "who_may_apply",
        "hiring_paths",
        "security_clearance",
        "telework_eligible",
    ):
        op.drop_column("job_posting", column)
