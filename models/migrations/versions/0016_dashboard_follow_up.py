"""dashboard: caseworker labels, case-number lookup hashes, follow-ups, activity from decisions (issue 15)

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-07

- `survivor_profile.label`: a short label the caseworker chooses (optional). The service refuses one in
  which the scrubber finds a name, a phone, an e-mail, an address or an ID, so it is stored in clear and
  searched with ILIKE.
- `case_reference.lookup_hash` / `lookup_key_id`: a keyed hash (HMAC-SHA256 under a key derived from the
  field key, organization bound in) of the normalized case number, so a search by case number is one
  indexed equality and never decrypts a row. Rows stored before this revision have none; the dashboard
  fills them the first time anyone of the organization searches (models.repositories.case_references).
- `follow_up`: dates to call the person about a shared item (7, 30, 90, 180 days by default), due when the
  date has passed and no result is recorded. `reason` names why the follow-up exists ('shared' now; hires
  and retention checks later, issue 19), so one table serves both. Row-level security like every table
  naming a person; deleted with the recommendation or the profile (so erasure removes it).
- Indexes for the dashboard: a profile's items by status (its filters are EXISTS probes) and the
  organization's "Interested" answers (a partial index).
- Every review decision (a caseworker's or the person's answer) counts as activity on the profile: a trigger
  moves `survivor_profile.last_activity_at` forward, so "no activity for 30 days" and "sort by last
  activity" read one indexed column. Existing profiles get their latest decision's time.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

APP_ROLE = "wayfinder_app"
OWN_ORG = "org_id = NULLIF(current_setting('app.org_id', true), '')::int"


def upgrade() -> None:
    op.add_column("survivor_profile", sa.Column("label", sa.String(length=40), nullable=True))
    op.create_index("ix_survivor_profile_org_activity", "survivor_profile", ["org_id", "last_activity_at"])
    op.create_index("ix_recommendation_profile_status", "recommendation", ["profile_pseudonym", "status"])
    op.create_index(
        "ix_recommendation_interested",
        "recommendation",
        ["org_id"],
        postgresql_where=sa.text("status = 'shared' AND survivor_response = 'interested'"),
    )
    op.add_column("case_reference", sa.Column("lookup_hash", sa.String(length=64), nullable=True))
    op.add_column("case_reference", sa.Column("lookup_key_id", sa.String(length=32), nullable=True))
    op.create_index("ix_case_reference_lookup_hash", "case_reference", ["lookup_hash"])

    op.create_table(
        "follow_up",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("org_id", sa.Integer(), sa.ForeignKey("organization.id"), nullable=False),
        sa.Column(
            "profile_pseudonym",
            sa.String(length=32),
            sa.ForeignKey("survivor_profile.pseudonym", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column(
            "recommendation_id", sa.Integer(), sa.ForeignKey("recommendation.id", ondelete="CASCADE"), nullable=True
        ),
        sa.Column("reason", sa.String(length=20), nullable=False),
        sa.Column("offset_days", sa.Integer(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("done_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("done_by", sa.Integer(), sa.ForeignKey("app_user.id"), nullable=True),
        sa.Column("result_code", sa.String(length=30), nullable=True),
        sa.Column("created_by", sa.Integer(), sa.ForeignKey("app_user.id"), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("recommendation_id", "reason", "offset_days", name="uq_follow_up_item_reason_offset"),
    )
    op.create_index("ix_follow_up_org_id", "follow_up", ["org_id"])
    op.create_index("ix_follow_up_profile_pseudonym", "follow_up", ["profile_pseudonym"])
    op.create_index("ix_follow_up_org_due", "follow_up", ["org_id", "due_on"])
    op.execute(f"GRANT SELECT, INSERT, UPDATE, DELETE ON follow_up TO {APP_ROLE}")
    op.execute(f"GRANT USAGE, SELECT ON SEQUENCE follow_up_id_seq TO {APP_ROLE}")
    op.execute("ALTER TABLE follow_up ENABLE ROW LEVEL SECURITY")
    op.execute("ALTER TABLE follow_up FORCE ROW LEVEL SECURITY")
    op.execute(f"CREATE POLICY follow_up_own_org ON follow_up USING ({OWN_ORG}) WITH CHECK ({OWN_ORG})")

    # Invoker's rights: the decision's writer already works for the profile's organization (row-level
    # security lets the UPDATE reach that profile and no other).
    op.execute(
        """
        CREATE FUNCTION wayfinder_decision_is_activity() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            UPDATE survivor_profile p SET last_activity_at = GREATEST(p.last_activity_at, NEW.at)
            FROM recommendation r
            WHERE r.id = NEW.recommendation_id AND p.pseudonym = r.profile_pseudonym
              AND p.last_activity_at < NEW.at;
            RETURN NULL;
        END $$
        """
    )
    op.execute(
        "CREATE TRIGGER review_decision_is_activity AFTER INSERT ON review_decision "
        "FOR EACH ROW EXECUTE FUNCTION wayfinder_decision_is_activity()"
    )
    op.execute(
        "UPDATE survivor_profile p SET last_activity_at = d.at FROM ("
        "  SELECT r.profile_pseudonym, max(rd.at) AS at FROM review_decision rd "
        "  JOIN recommendation r ON r.id = rd.recommendation_id GROUP BY r.profile_pseudonym"
        ") d WHERE d.profile_pseudonym = p.pseudonym AND p.last_activity_at < d.at"
    )


def downgrade() -> None:
    op.execute("DROP TRIGGER IF EXISTS review_decision_is_activity ON review_decision")
    op.execute("DROP FUNCTION IF EXISTS wayfinder_decision_is_activity()")
    op.drop_table("follow_up")
    op.drop_index("ix_case_reference_lookup_hash", table_name="case_reference")
    op.drop_column("case_reference", "lookup_key_id")
    op.drop_column("case_reference", "lookup_hash")
    op.drop_index("ix_recommendation_interested", table_name="recommendation")
    op.drop_index("ix_recommendation_profile_status", table_name="recommendation")
    op.drop_index("ix_survivor_profile_org_activity", table_name="survivor_profile")
    op.drop_column("survivor_profile", "label")
