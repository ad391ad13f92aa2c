"""who may apply to a job posting, telework apart from remote, clearance, schedule and offering type

Revision ID: 0013
Revises: 0011
Create Date: 2026-12-07

`job_posting` gains the eligibility a source publishes (USAJOBS `HiringPath`, `WhoMayApply`,
`SecurityClearance`, `TeleworkEligible`, `PositionSchedule`, `PositionOfferingType`). `open_to_public`
defaults to true so rows imported before this revision keep ranking until their next import re-derives it.
Nothing here describes a person: the person's citizenship is never stored.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


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


def downgrade() -> None:
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
