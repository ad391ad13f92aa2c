"""outcomes: what happened after an item was shared (applied ... hired, still employed, left; enrolled ...)

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-07

Issue 19. `recommendation.outcome` held one word (the latest); results for an agency need each step with its
date, and a hire needs its start date, published hourly pay range and hours:

- `outcome_event`: one row per step a caseworker records for a shared item (models.enums.OutcomeStage):
  applied, interview, offer, hired (start date = `occurred_on`, `pay_min`/`pay_max` per hour as the posting
  published them, `hours_per_week`), employed_30 / employed_90 / employed_180 (still employed that many days
  after the start), left (`reason_code`), enrolled / completed / credential for programs. One row per item
  and stage: a correction replaces the row (audited), it does not stack. Row-level security like every table
  naming a person; deleted with the recommendation or the profile (so erasure removes it).
- `organization.follow_up_days`: the agency's own follow-up days (NULL: the site setting, 7/30/90/180).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0019"
down_revision: str | None = "0018"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

APP_ROLE = "wayfinder_app"
OWN_ORG = "org_id = NULLIF(current_setting('app.org_id', true), '')::int"


def upgrade() -> None:
    op.create_table(
        "outcome_event",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("org_id", sa.Integer(), sa.ForeignKey("organization.id"), nullable=False),
        sa.Column(
            "profile_pseudonym",
            sa.String(length=32),
            sa.ForeignKey("survivor_profile.pseudonym", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column(
            "recommendation_id",
            sa.Integer(),
            sa.ForeignKey("recommendation.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("stage", sa.String(length=20), nullable=False),
        sa.Column("occurred_on", sa.Date(), nullable=False),
        sa.Column("pay_min", sa.Numeric(8, 2), nullable=True),
        sa.Column("pay_max", sa.Numeric(8, 2), nullable=True),
        sa.Column("hours_per_week", sa.SmallInteger(), nullable=True),
        sa.Column("reason_code", sa.String(length=30), nullable=True),
        sa.Column("recorded_by", sa.Integer(), sa.ForeignKey("app_user.id"), nullable=True),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("recommendation_id", "stage", name="uq_outcome_event_item_stage"),
        sa.CheckConstraint("pay_min IS NULL OR pay_min >= 0", name="ck_outcome_event_pay_min"),
        sa.CheckConstraint("pay_max IS NULL OR pay_min IS NULL OR pay_max >= pay_min", name="ck_outcome_event_pay"),
        sa.CheckConstraint("hours_per_week IS NULL OR hours_per_week BETWEEN 1 AND 100", name="ck_outcome_event_hours"),
    )
    op.create_index("ix_outcome_event_org_stage", "outcome_event", ["org_id", "stage", "occurred_on"])
    op.create_index("ix_outcome_event_profile_pseudonym", "outcome_event", ["profile_pseudonym"])
    op.execute(f"GRANT SELECT, INSERT, UPDATE, DELETE ON outcome_event TO {APP_ROLE}")
    op.execute(f"GRANT USAGE, SELECT ON SEQUENCE outcome_event_id_seq TO {APP_ROLE}")
    op.execute("ALTER TABLE outcome_event ENABLE ROW LEVEL SECURITY")
    op.execute("ALTER TABLE outcome_event FORCE ROW LEVEL SECURITY")
    op.execute(f"CREATE POLICY outcome_event_own_org ON outcome_event USING ({OWN_ORG}) WITH CHECK ({OWN_ORG})")
    op.add_column("organization", sa.Column("follow_up_days", postgresql.ARRAY(sa.Integer()), nullable=True))


def downgrade() -> None:
    op.drop_column("organization", "follow_up_days")
    op.drop_table("outcome_event")
