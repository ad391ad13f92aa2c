"""review workflow: sessions, API tokens, login attempts, access codes; the approval gate

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-29

The survivor-facing read path goes through the view `survivor_visible_recommendation`, which holds
only recommendations that are shared AND whose latest review verdict is an approval by a caseworker
of the profile's organization. The trigger `recommendation_gate` refuses, below any route:
- a recommendation created in any status but `proposed`, or for another organization's profile, or by
  anyone but a caseworker of the profile's organization;
- a status change not in the lifecycle (e.g. proposed -> shared), or not logged first in review_decision;
- any status change by someone who is not an active caseworker of the profile's organization.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TRANSITIONS = (
    ("proposed", "approved"),
    ("proposed", "rejected"),
    ("approved", "shared"),
    ("approved", "rejected"),
    ("approved", "withdrawn"),
    ("shared", "withdrawn"),
    ("rejected", "proposed"),
    ("withdrawn", "proposed"),
)


def upgrade() -> None:
    op.create_table(
        "user_session",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("csrf_hash", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["user_id"], ["app_user.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_user_session_token_hash"), "user_session", ["token_hash"], unique=True)
    op.create_index(op.f("ix_user_session_user_id"), "user_session", ["user_id"], unique=False)
    op.create_table(
        "api_token",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("scopes", sa.ARRAY(sa.String()), server_default="{}", nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_used_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["user_id"], ["app_user.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_api_token_token_hash"), "api_token", ["token_hash"], unique=True)
    op.create_index(op.f("ix_api_token_user_id"), "api_token", ["user_id"], unique=False)
    op.create_table(
        "login_attempt",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key_hash", sa.String(length=64), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_login_attempt_key_hash"), "login_attempt", ["key_hash"], unique=False)
    op.create_table(
        "access_code",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code_hash", sa.String(length=64), nullable=False),
        sa.Column("profile_pseudonym", sa.String(length=32), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("issued_by", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_used_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["issued_by"], ["app_user.id"]),
        sa.ForeignKeyConstraint(["org_id"], ["organization.id"]),
        sa.ForeignKeyConstraint(["profile_pseudonym"], ["survivor_profile.pseudonym"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_access_code_code_hash"), "access_code", ["code_hash"], unique=True)
    op.create_index(op.f("ix_access_code_org_id"), "access_code", ["org_id"], unique=False)
    op.create_index(op.f("ix_access_code_profile_pseudonym"), "access_code", ["profile_pseudonym"], unique=False)
    op.add_column("recommendation", sa.Column("status_by", sa.Integer(), nullable=True))
    op.add_column("recommendation", sa.Column("status_at", sa.DateTime(timezone=True), nullable=True))
    op.create_foreign_key("recommendation_status_by_fkey", "recommendation", "app_user", ["status_by"], ["id"])
    op.add_column("review_decision", sa.Column("actor_role", sa.String(length=30), nullable=True))
    op.add_column("review_decision", sa.Column("actor_org_id", sa.Integer(), nullable=True))
    op.create_foreign_key(
        "review_decision_actor_org_id_fkey", "review_decision", "organization", ["actor_org_id"], ["id"]
    )
    _stamp_decision_actor()
    _create_gate()
    _create_survivor_view()


def _stamp_decision_actor() -> None:
    # The actor's role and organization at the time of the decision, taken from app_user (never from
    # the application), so a later role change neither forges nor retracts an approval.
    op.execute(
        """
        CREATE FUNCTION wayfinder_stamp_decision_actor() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            SELECT role, org_id INTO NEW.actor_role, NEW.actor_org_id FROM app_user WHERE id = NEW.actor_user_id;
            IF NEW.actor_user_id IS NULL THEN
                NEW.actor_role := NULL;
                NEW.actor_org_id := NULL;
            END IF;
            RETURN NEW;
        END $$
        """
    )
    op.execute(
        "CREATE TRIGGER review_decision_actor BEFORE INSERT ON review_decision "
        "FOR EACH ROW EXECUTE FUNCTION wayfinder_stamp_decision_actor()"
    )


def _create_gate() -> None:
    allowed = " OR ".join(f"(OLD.status = '{a}' AND NEW.status = '{b}')" for a, b in TRANSITIONS)
    # The only interpolation is the fixed TRANSITIONS table.
    op.execute(
        f"""
        CREATE FUNCTION wayfinder_recommendation_gate() RETURNS trigger LANGUAGE plpgsql AS $$
        DECLARE
            profile_org integer;
            last_from text;
            last_to text;
            last_actor integer;
        BEGIN
            SELECT org_id INTO profile_org FROM survivor_profile WHERE pseudonym = NEW.profile_pseudonym;
            IF NEW.org_id IS DISTINCT FROM profile_org THEN
                RAISE EXCEPTION 'approval gate: a recommendation belongs to its profile''s organization'
                    USING ERRCODE = 'insufficient_privilege';
            END IF;
            IF TG_OP = 'UPDATE' THEN
                IF NEW.profile_pseudonym <> OLD.profile_pseudonym OR NEW.item_kind <> OLD.item_kind
                   OR NEW.job_posting_id IS DISTINCT FROM OLD.job_posting_id
                   OR NEW.program_id IS DISTINCT FROM OLD.program_id THEN
                    RAISE EXCEPTION 'approval gate: a recommendation''s profile and item never change'
                        USING ERRCODE = 'insufficient_privilege';
                END IF;
                IF NEW.status = OLD.status THEN
                    -- Not a transition: who changed the status last, and when, stay as they were.
                    NEW.status_by := OLD.status_by;
                    NEW.status_at := OLD.status_at;
                    IF NEW.survivor_response IS DISTINCT FROM OLD.survivor_response AND NEW.status <> 'shared' THEN
                        RAISE EXCEPTION 'approval gate: only a shared recommendation takes a response'
                            USING ERRCODE = 'check_violation';
                    END IF;
                    RETURN NEW;
                END IF;
                IF NOT ({allowed}) THEN
                    RAISE EXCEPTION 'approval gate: % -> % is not a step of the review lifecycle', OLD.status, NEW.status
                        USING ERRCODE = 'check_violation';
                END IF;
                SELECT from_status, to_status, actor_user_id INTO last_from, last_to, last_actor
                    FROM review_decision WHERE recommendation_id = NEW.id ORDER BY id DESC LIMIT 1;
                IF NOT FOUND OR last_to <> NEW.status OR last_from IS DISTINCT FROM OLD.status
                   OR last_actor IS DISTINCT FROM NEW.status_by THEN
                    RAISE EXCEPTION 'approval gate: % -> % must be logged in review_decision by the same person first',
                        OLD.status, NEW.status USING ERRCODE = 'insufficient_privilege';
                END IF;
                IF NEW.status = 'proposed' THEN
                    NEW.survivor_response := NULL;  -- a re-proposed item starts over
                END IF;
            ELSIF NEW.status <> 'proposed' THEN
                RAISE EXCEPTION 'approval gate: a recommendation starts as proposed, not %', NEW.status
                    USING ERRCODE = 'insufficient_privilege';
            END IF;
            IF NOT EXISTS (
                SELECT 1 FROM app_user u
                WHERE u.id = NEW.status_by AND u.role = 'caseworker' AND u.is_active AND u.org_id = profile_org
            ) THEN
                RAISE EXCEPTION 'approval gate: only a caseworker of the profile''s organization may set %', NEW.status
                    USING ERRCODE = 'insufficient_privilege';
            END IF;
            NEW.status_at := coalesce(NEW.status_at, now());
            RETURN NEW;
        END $$
        """  # noqa: S608
    )
    op.execute(
        "CREATE TRIGGER recommendation_gate BEFORE INSERT OR UPDATE ON recommendation "
        "FOR EACH ROW EXECUTE FUNCTION wayfinder_recommendation_gate()"
    )


def _create_survivor_view() -> None:
    # The only relation the survivor read path selects from. Shared AND the latest verdict is an
    # approval by a caseworker of the profile's organization AND the item is still live; columns are
    # what the person needs to decide, never scores, features, explanations or notes.
    op.execute(
        """
        CREATE VIEW survivor_visible_recommendation AS
        SELECT r.id, r.profile_pseudonym, r.org_id, r.item_kind, r.job_posting_id, r.program_id,
               r.survivor_response, verdict.actor_user_id AS approved_by, verdict.at AS approved_at,
               r.status_at AS shared_at,
               coalesce(j.title, p.name) AS title,
               coalesce(j.employer_name, p.provider_name) AS organization,
               j.pay_min, j.pay_max, j.pay_unit, j.pay_currency, j.employment_types,
               j.hours_per_week, j.work_hours_text, j.contact_text,
               p.cost_total, p.duration_weeks, p.delivery, p.start_date,
               coalesce(j.city, p.city) AS city, coalesce(j.region, p.region) AS region,
               coalesce(j.is_remote, p.is_online) AS is_remote,
               coalesce(j.shifts, p.shifts) AS shifts, coalesce(j.days, p.days) AS days,
               coalesce(j.url, p.url) AS url
        FROM recommendation r
        JOIN survivor_profile sp ON sp.pseudonym = r.profile_pseudonym AND sp.org_id = r.org_id
        JOIN LATERAL (
            SELECT d.id, d.to_status, d.actor_user_id, d.actor_role, d.actor_org_id, d.at FROM review_decision d
            WHERE d.recommendation_id = r.id AND d.to_status IN ('proposed', 'approved', 'rejected', 'withdrawn')
            ORDER BY d.id DESC LIMIT 1
        ) verdict ON verdict.to_status = 'approved' AND verdict.actor_role = 'caseworker'
                 AND verdict.actor_org_id = sp.org_id
        LEFT JOIN job_posting j ON j.id = r.job_posting_id
        LEFT JOIN training_program p ON p.id = r.program_id
        WHERE r.status = 'shared'
          AND coalesce(j.status, p.status) = 'active'
          AND EXISTS (
              SELECT 1 FROM review_decision s
              WHERE s.recommendation_id = r.id AND s.to_status = 'shared' AND s.id > verdict.id
          )
        """
    )


def downgrade() -> None:
    op.execute("DROP VIEW IF EXISTS survivor_visible_recommendation")
    op.execute("DROP TRIGGER IF EXISTS recommendation_gate ON recommendation")
    op.execute("DROP FUNCTION IF EXISTS wayfinder_recommendation_gate()")
    op.execute("DROP TRIGGER IF EXISTS review_decision_actor ON review_decision")
    op.execute("DROP FUNCTION IF EXISTS wayfinder_stamp_decision_actor()")
    op.drop_constraint("review_decision_actor_org_id_fkey", "review_decision", type_="foreignkey")
    op.drop_column("review_decision", "actor_org_id")
    op.drop_column("review_decision", "actor_role")
    op.drop_constraint("recommendation_status_by_fkey", "recommendation", type_="foreignkey")
    op.drop_column("recommendation", "status_at")
    op.drop_column("recommendation", "status_by")
    op.drop_index(op.f("ix_access_code_profile_pseudonym"), table_name="access_code")
    op.drop_index(op.f("ix_access_code_org_id"), table_name="access_code")
    op.drop_index(op.f("ix_access_code_code_hash"), table_name="access_code")
    op.drop_table("access_code")
    op.drop_index(op.f("ix_login_attempt_key_hash"), table_name="login_attempt")
    op.drop_table("login_attempt")
    op.drop_index(op.f("ix_api_token_user_id"), table_name="api_token")
    op.drop_index(op.f("ix_api_token_token_hash"), table_name="api_token")
    op.drop_table("api_token")
    op.drop_index(op.f("ix_user_session_user_id"), table_name="user_session")
    op.drop_index(op.f("ix_user_session_token_hash"), table_name="user_session")
    op.drop_table("user_session")
