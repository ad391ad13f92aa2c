"""row-level security on survivor tables (issue 6)

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-28

- A role `wayfinder_app` (LOGIN, not superuser, no BYPASSRLS, owns nothing) with the privileges the
  request path needs. The API connects as it (DATABASE_APP_URL, or the embedded cluster's socket) and
  every request transaction also does `SET LOCAL ROLE wayfinder_app` (models.repositories.tenancy),
  so even an owner connection serves requests as the app role. Roles are cluster-wide: the role is
  created once and kept on downgrade (other databases of the cluster may use it).
- Every table holding survivor data gets ENABLE + FORCE ROW LEVEL SECURITY and one policy: rows of
  the organization bound to the transaction (`app.org_id`, set with set_config(..., true)), for reads
  (USING) and writes (WITH CHECK). With no organization bound nothing is visible and nothing can be
  written. NULLIF(..., '') because after a rolled-back SET LOCAL the setting reads '' (not NULL) and a
  bare ''::int raises.
- `wayfinder_resolve_access_code(hash)`: SECURITY DEFINER, returns only the organization of an issued
  code, so the person's request can bind it before any survivor row is read (validity is then checked
  under the policies as before).
- The survivor view becomes security_invoker, so the policies apply to reads through it.
- Append-only tables (audit_event, review_decision) get SELECT and INSERT only; their triggers stay.
"""

from collections.abc import Sequence

from alembic import op
from sqlalchemy import text

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

APP_ROLE = "wayfinder_app"
ORG = "NULLIF(current_setting('app.org_id', true), '')::int"
OWN_ORG = f"org_id = {ORG}"
# review_decision has no org_id of its own: a decision belongs to its recommendation's organization.
VIA_RECOMMENDATION = (
    f"EXISTS (SELECT 1 FROM recommendation r WHERE r.id = review_decision.recommendation_id AND r.org_id = {ORG})"  # noqa: S608 - constants only
)

# Every table holding survivor data, and who may see a row. Catalog and account tables are not here.
SURVIVOR_TABLES: dict[str, str] = {
    "survivor_profile": OWN_ORG,
    "recommendation": OWN_ORG,
    "review_decision": VIA_RECOMMENDATION,
    "access_code": OWN_ORG,
    "audit_event": OWN_ORG,  # events name pseudonyms
    "case_reference": OWN_ORG,  # 0004
    "consent": OWN_ORG,  # 0005
    "referral": OWN_ORG,  # 0005
    "follow_up": OWN_ORG,  # 0016 creates it with this policy (listed here: the one registry tests read)
    "outcome_event": OWN_ORG,  # 0019, likewise
}
APPEND_ONLY = ("audit_event", "review_decision")
READ_ONLY = ("alembic_version", "survivor_visible_recommendation")
ERASE = "erase_survivor(text, integer, integer, text, text)"


def _exists(table: str) -> bool:
    return op.get_bind().execute(text("SELECT to_regclass(:t) IS NOT NULL"), {"t": f"public.{table}"}).scalar_one()


def upgrade() -> None:
    _create_role()
    _grant()
    for table, predicate in SURVIVOR_TABLES.items():
        if not _exists(table):
            continue
        op.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
        op.execute(f"ALTER TABLE {table} FORCE ROW LEVEL SECURITY")
        op.execute(f"CREATE POLICY {table}_own_org ON {table} USING ({predicate}) WITH CHECK ({predicate})")
    op.execute("ALTER VIEW survivor_visible_recommendation SET (security_invoker = true)")
    _create_code_resolver()
    # Erasure (0005) deletes from the append-only tables through its own SECURITY DEFINER function.
    if op.get_bind().execute(text("SELECT to_regprocedure(:f) IS NOT NULL"), {"f": ERASE}).scalar_one():
        op.execute(f"GRANT EXECUTE ON FUNCTION {ERASE} TO {APP_ROLE}")


def _create_role() -> None:
    # The role name is a module constant, not input.
    op.execute(
        f"""
        DO $$ BEGIN
            IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{APP_ROLE}') THEN
                CREATE ROLE {APP_ROLE} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS NOREPLICATION;
            END IF;
            -- A non-superuser owner may switch to the role (SET LOCAL ROLE); superusers always can.
            IF NOT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
                EXECUTE format('GRANT {APP_ROLE} TO %I', current_user);
            END IF;
        END $$
        """  # noqa: S608
    )


def _grant() -> None:
    op.execute(f"GRANT USAGE ON SCHEMA public TO {APP_ROLE}")
    op.execute(f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {APP_ROLE}")
    op.execute(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {APP_ROLE}")
    for table in APPEND_ONLY:
        op.execute(f"REVOKE UPDATE, DELETE, TRUNCATE ON {table} FROM {APP_ROLE}")
    for table in READ_ONLY:
        op.execute(f"REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON {table} FROM {APP_ROLE}")


def _create_code_resolver() -> None:
    # Runs as the owner (fixed search_path, so no caller-made object shadows the table); returns no
    # more than the organization of a code the caller already holds.
    op.execute(
        """
        CREATE FUNCTION wayfinder_resolve_access_code(p_code_hash text) RETURNS integer
        LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
            SELECT org_id FROM public.access_code WHERE code_hash = p_code_hash
        $$
        """
    )
    op.execute("REVOKE ALL ON FUNCTION wayfinder_resolve_access_code(text) FROM PUBLIC")
    op.execute(f"GRANT EXECUTE ON FUNCTION wayfinder_resolve_access_code(text) TO {APP_ROLE}")


def downgrade() -> None:
    op.execute("DROP FUNCTION IF EXISTS wayfinder_resolve_access_code(text)")
    if op.get_bind().execute(text("SELECT to_regprocedure(:f) IS NOT NULL"), {"f": ERASE}).scalar_one():
        op.execute(f"REVOKE EXECUTE ON FUNCTION {ERASE} FROM {APP_ROLE}")
    op.execute("ALTER VIEW survivor_visible_recommendation RESET (security_invoker)")
    for table in SURVIVOR_TABLES:
        if not _exists(table):
            continue
        op.execute(f"DROP POLICY IF EXISTS {table}_own_org ON {table}")
        op.execute(f"ALTER TABLE {table} NO FORCE ROW LEVEL SECURITY")
        op.execute(f"ALTER TABLE {table} DISABLE ROW LEVEL SECURITY")
    op.execute(f"REVOKE ALL ON ALL TABLES IN SCHEMA public FROM {APP_ROLE}")
    op.execute(f"REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM {APP_ROLE}")
    op.execute(f"REVOKE ALL ON SCHEMA public FROM {APP_ROLE}")
