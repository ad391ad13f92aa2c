"""Which organization a transaction works for: the row-level security policies read it (migration 0006).

Every request transaction runs as the non-owner role `wayfinder_app` (even on an owner connection)
and starts with no organization, so survivor tables show nothing until the caller is known. Both
settings are transaction-local (set_config(..., true)): they end with the commit or rollback and
never leak to the next user of a pooled connection.
"""

from sqlalchemy import Connection, text
from sqlmodel import Session

APP_ROLE = "wayfinder_app"


def enter_app_role(session: Session) -> None:
    """Run the rest of this transaction as the app role, with no organization bound yet."""
    session.connection().execute(
        text("SELECT set_config('role', :role, true), set_config('app.org_id', '', true)"), {"role": APP_ROLE}
    )


def bind_org(session: Session, org_id: int) -> None:
    """Let the rest of this transaction read and write the rows of `org_id` (and only those)."""
    bind_connection(session.connection(), org_id)


def bind_connection(conn: Connection, org_id: int) -> None:
    """bind_org for code that works on a Connection (operator commands run per organization)."""
    conn.execute(text("SELECT set_config('app.org_id', :org, true)"), {"org": str(org_id)})


def organization_ids(conn: Connection) -> list[int]:
    """Every organization (the table has no row-level security): operator commands loop over them, so
    they work the same whether the database role bypasses row-level security or not."""
    return [int(i) for i in conn.execute(text("SELECT id FROM organization ORDER BY id")).scalars()]


def leave_app_role(session: Session) -> None:
    """Back to the connection's own role with no organization (tests sharing one transaction)."""
    session.connection().execute(text("SELECT set_config('role', 'none', true), set_config('app.org_id', '', true)"))


def access_code_org(session: Session, *, code_hash: str) -> int | None:
    """The organization of an issued access code (any state), read before one is bound: SECURITY DEFINER."""
    org_id: int | None = (
        session.connection().execute(text("SELECT wayfinder_resolve_access_code(:h)"), {"h": code_hash}).scalar()
    )
    return org_id


def bypasses_row_security(conn: Connection) -> bool:
    """True for a superuser or BYPASSRLS connection role (it sees every organization's rows at once)."""
    query = text("SELECT rolsuper OR rolbypassrls FROM pg_roles WHERE rolname = current_user")
    return bool(conn.execute(query).scalar_one())


def set_app_role_password(conn: Connection, password: str) -> None:
    """Give the app login role its password (as the owner, after migrating). ALTER ROLE takes no bound
    parameters, so the value travels as a transaction-local setting and is quoted by format(%L)."""
    conn.execute(text("SELECT set_config('wayfinder.app_password', :pw, true)"), {"pw": password})
    conn.execute(
        text(
            "DO $$ BEGIN EXECUTE format('ALTER ROLE %I PASSWORD %L', '"
            + APP_ROLE
            + "', current_setting('wayfinder.app_password')); END $$"
        )
    )
