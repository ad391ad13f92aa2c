"""an approval covers the content that was approved; programs are screened (issue 12)

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-07

- `wayfinder_job_content(job_posting)` / `wayfinder_program_content(training_program)`: what a person
  would see of an item (and what the caseworker judged it on), as one JSONB object; and
  `wayfinder_content_hash(jsonb)`, its SHA-256. jsonb's text form is canonical (keys sorted, one
  spelling per value), so equal content always hashes alike.
- `recommendation.approved_content` / `approved_content_hash` / `approved_decision_id`: written by the
  `recommendation_gate` trigger, never by the application, on every approval: the snapshot of the item
  AS APPROVED, its hash, and the review_decision row that approved it. The trigger refuses any other
  write to them, refuses to share an item whose content changed since its approval, and accepts a
  re-approval (shared -> approved, or approved -> approved logged as such) of an item that changed.
- `survivor_visible_recommendation` additionally requires the current content hash to equal the approved
  one, and the snapshot to belong to the latest approval: any edit, re-import or direct UPDATE of what
  the person would see hides the item at once, until a caseworker approves the new version and shares it.
  The view stays security_invoker (0006), so row-level security still applies to reads through it.
- `training_program.screening` / `review_priority`: programs are screened like postings; a held program
  waits for staff (`wayfinder screening clear/reject`).

Recommendations already approved or shared before this migration take the item's current content as
their approved snapshot: the best record there is of what was approved.
"""

import importlib.util
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

APP_ROLE = "wayfinder_app"

# Fields of a posting / program whose change means the caseworker has not approved what is now shown.
# Everything the survivor view exposes, plus the text the caseworker judged it on (description, industry,
# requirements). Dates that only move (date_posted, valid_through), counts and derived fields are left out.
JOB_CONTENT = (
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
PROGRAM_CONTENT = (
    "name",
    "provider_name",
    "description",
    "credential_type",
    "prerequisites",
    "cost_total",
    "cost_tuition",
    "financial_aid",
    "duration_weeks",
    "duration_hours",
    "delivery",
    "start_date",
    "shifts",
    "days",
    "city",
    "region",
    "is_online",
    "url",
)

TRANSITIONS = (
    ("proposed", "approved"),
    ("proposed", "rejected"),
    ("approved", "shared"),
    ("approved", "rejected"),
    ("approved", "withdrawn"),
    ("shared", "withdrawn"),
    ("shared", "approved"),  # re-approval of an item that changed since it was approved
    ("rejected", "proposed"),
    ("withdrawn", "proposed"),
)

_ITEM_CONTENT = (
    "CASE WHEN {r}.job_posting_id IS NOT NULL THEN wayfinder_job_content({j}) ELSE wayfinder_program_content({p}) END"
)


def _build(alias: str, fields: Sequence[str]) -> str:
    return "jsonb_build_object(" + ", ".join(f"'{f}', {alias}.{f}" for f in fields) + ")"


def upgrade() -> None:
    op.add_column("recommendation", sa.Column("approved_content", postgresql.JSONB(), nullable=True))
    op.add_column("recommendation", sa.Column("approved_content_hash", sa.String(length=64), nullable=True))
    op.add_column("recommendation", sa.Column("approved_decision_id", sa.Integer(), nullable=True))
    op.add_column(
        "training_program",
        sa.Column("screening", postgresql.JSONB(), nullable=False, server_default=sa.text("'[]'::jsonb")),
    )
    op.add_column(
        "training_program", sa.Column("review_priority", sa.Integer(), nullable=False, server_default=sa.text("0"))
    )
    _create_content_functions()
    _backfill()
    op.execute("DROP VIEW survivor_visible_recommendation")
    op.execute("DROP TRIGGER recommendation_gate ON recommendation")
    op.execute("DROP FUNCTION wayfinder_recommendation_gate()")
    _create_gate()
    _create_survivor_view()
    _secure_view()


def _create_content_functions() -> None:
    # Field names are the module constants above, not input. SQL functions: inlined into the view.
    op.execute(
        f"CREATE FUNCTION wayfinder_job_content(j job_posting) RETURNS jsonb LANGUAGE sql STABLE AS $$ "
        f"SELECT {_build('j', JOB_CONTENT)} $$"
    )
    op.execute(
        f"CREATE FUNCTION wayfinder_program_content(p training_program) RETURNS jsonb LANGUAGE sql STABLE AS $$ "
        f"SELECT {_build('p', PROGRAM_CONTENT)} $$"
    )
    op.execute(
        "CREATE FUNCTION wayfinder_content_hash(c jsonb) RETURNS text LANGUAGE sql IMMUTABLE STRICT AS $$ "
        "SELECT encode(sha256(convert_to(c::text, 'UTF8')), 'hex') $$"
    )
    op.execute(
        """
        CREATE FUNCTION wayfinder_item_content(p_job integer, p_program integer) RETURNS jsonb
        LANGUAGE sql STABLE AS $$
            SELECT CASE WHEN p_job IS NOT NULL
                THEN (SELECT wayfinder_job_content(j) FROM job_posting j WHERE j.id = p_job)
                ELSE (SELECT wayfinder_program_content(p) FROM training_program p WHERE p.id = p_program) END
        $$
        """
    )


def _backfill() -> None:
    # The gate trigger is disabled for the one statement: it would refuse writes to the approved columns.
    op.execute("ALTER TABLE recommendation DISABLE TRIGGER recommendation_gate")
    op.execute(
        """
        UPDATE recommendation r SET
            approved_content = wayfinder_item_content(r.job_posting_id, r.program_id),
            approved_content_hash = wayfinder_content_hash(wayfinder_item_content(r.job_posting_id, r.program_id)),
            approved_decision_id = (
                SELECT d.id FROM review_decision d
                WHERE d.recommendation_id = r.id AND d.to_status = 'approved' ORDER BY d.id DESC LIMIT 1
            )
        WHERE r.status IN ('approved', 'shared')
        """
    )
    op.execute("ALTER TABLE recommendation ENABLE TRIGGER recommendation_gate")


def _create_gate() -> None:
    allowed = " OR ".join(f"(OLD.status = '{a}' AND NEW.status = '{b}')" for a, b in TRANSITIONS)
    # The only interpolation is the fixed TRANSITIONS table. 0003's gate, plus: the approved-content
    # columns are the database's to write; an approval snapshots the item; a changed item cannot be shared.
    op.execute(
        f"""
        CREATE FUNCTION wayfinder_recommendation_gate() RETURNS trigger LANGUAGE plpgsql AS $$
        DECLARE
            profile_org integer;
            last_id integer;
            last_from text;
            last_to text;
            last_actor integer;
            reapproval boolean := false;
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
                IF NEW.approved_content IS DISTINCT FROM OLD.approved_content
                   OR NEW.approved_content_hash IS DISTINCT FROM OLD.approved_content_hash
                   OR NEW.approved_decision_id IS DISTINCT FROM OLD.approved_decision_id THEN
                    RAISE EXCEPTION 'approval gate: what was approved is recorded by the database, on approval'
                        USING ERRCODE = 'insufficient_privilege';
                END IF;
                SELECT id, from_status, to_status, actor_user_id INTO last_id, last_from, last_to, last_actor
                    FROM review_decision WHERE recommendation_id = NEW.id ORDER BY id DESC LIMIT 1;
                -- Approving again an approved item that changed: logged approved -> approved, not yet applied.
                reapproval := NEW.status = 'approved' AND OLD.status = 'approved' AND FOUND
                    AND last_from = 'approved' AND last_to = 'approved' AND last_actor = NEW.status_by
                    AND last_id IS DISTINCT FROM OLD.approved_decision_id;
                IF NEW.status = OLD.status AND NOT reapproval THEN
                    -- Not a transition: who changed the status last, and when, stay as they were.
                    NEW.status_by := OLD.status_by;
                    NEW.status_at := OLD.status_at;
                    IF NEW.survivor_response IS DISTINCT FROM OLD.survivor_response AND NEW.status <> 'shared' THEN
                        RAISE EXCEPTION 'approval gate: only a shared recommendation takes a response'
                            USING ERRCODE = 'check_violation';
                    END IF;
                    RETURN NEW;
                END IF;
                IF NOT reapproval AND NOT ({allowed}) THEN
                    RAISE EXCEPTION 'approval gate: % -> % is not a step of the review lifecycle', OLD.status, NEW.status
                        USING ERRCODE = 'check_violation';
                END IF;
                IF NOT FOUND OR last_to <> NEW.status OR last_from IS DISTINCT FROM OLD.status
                   OR last_actor IS DISTINCT FROM NEW.status_by THEN
                    RAISE EXCEPTION 'approval gate: % -> % must be logged in review_decision by the same person first',
                        OLD.status, NEW.status USING ERRCODE = 'insufficient_privilege';
                END IF;
                IF NEW.status = 'proposed' OR (OLD.status = 'shared' AND NEW.status = 'approved') THEN
                    -- A re-proposed item starts over; an answer was about the version the person saw.
                    NEW.survivor_response := NULL;
                END IF;
                IF NEW.status = 'approved' THEN
                    -- The approval covers this content and nothing else.
                    NEW.approved_content := wayfinder_item_content(NEW.job_posting_id, NEW.program_id);
                    NEW.approved_content_hash := wayfinder_content_hash(NEW.approved_content);
                    NEW.approved_decision_id := last_id;
                ELSIF NEW.status = 'shared' AND NEW.approved_content_hash IS DISTINCT FROM
                      wayfinder_content_hash(wayfinder_item_content(NEW.job_posting_id, NEW.program_id)) THEN
                    RAISE EXCEPTION 'approval gate: the item changed since it was approved; approve this version first'
                        USING ERRCODE = 'check_violation';
                END IF;
            ELSIF NEW.status <> 'proposed' THEN
                RAISE EXCEPTION 'approval gate: a recommendation starts as proposed, not %', NEW.status
                    USING ERRCODE = 'insufficient_privilege';
            ELSIF NEW.approved_content IS NOT NULL OR NEW.approved_content_hash IS NOT NULL
                  OR NEW.approved_decision_id IS NOT NULL THEN
                RAISE EXCEPTION 'approval gate: what was approved is recorded by the database, on approval'
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
    # 0003's view, plus: the item's content now is the content approved by the latest approval.
    content = _ITEM_CONTENT.format(r="r", j="j", p="p")
    op.execute(
        f"""
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
          AND r.approved_decision_id = verdict.id
          AND r.approved_content_hash = wayfinder_content_hash({content})
          AND EXISTS (
              SELECT 1 FROM review_decision s
              WHERE s.recommendation_id = r.id AND s.to_status = 'shared' AND s.id > verdict.id
          )
        """  # noqa: S608 - constants only
    )


def _secure_view() -> None:
    # As 0006 left it: invoker's rights (row-level security applies) and read-only for the app role.
    op.execute("ALTER VIEW survivor_visible_recommendation SET (security_invoker = true)")
    # 0006 created the role; a new view has no grants, so the app role gets SELECT and nothing else.
    op.execute(f"GRANT SELECT ON survivor_visible_recommendation TO {APP_ROLE}")


def _revision(name: str) -> ModuleType:
    path = next(Path(__file__).parent.glob(f"{name}_*.py"))
    spec = importlib.util.spec_from_file_location(f"wayfinder_migration_{name}", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def downgrade() -> None:
    op.execute("DROP VIEW survivor_visible_recommendation")
    op.execute("DROP TRIGGER recommendation_gate ON recommendation")
    op.execute("DROP FUNCTION wayfinder_recommendation_gate()")
    review_0003 = _revision("0003")
    review_0003._create_gate()
    review_0003._create_survivor_view()
    _secure_view()
    for name in ("wayfinder_item_content(integer, integer)", "wayfinder_content_hash(jsonb)"):
        op.execute(f"DROP FUNCTION {name}")
    op.execute("DROP FUNCTION wayfinder_job_content(job_posting)")
    op.execute("DROP FUNCTION wayfinder_program_content(training_program)")
    op.drop_column("training_program", "review_priority")
    op.drop_column("training_program", "screening")
    op.drop_column("recommendation", "approved_decision_id")
    op.drop_column("recommendation", "approved_content_hash")
    op.drop_column("recommendation", "approved_content")
