"""Requirement 10: PostgreSQL row-level security, forced, the app as a non-owner role, the organization
set per transaction.

Rows are made as the owner (the test's transaction); each check then switches that transaction to the
app role exactly as a request does (api.deps.get_app_session, api.auth.get_principal).
"""

import importlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Connection, Engine, text
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session

from matcher.encoder import Encoder
from models.repositories.tenancy import APP_ROLE, bind_org, enter_app_role, leave_app_role
from tests.catalog_factories import add_job
from tests.factories import make_profile, make_recommendation, make_user

MIGRATION = importlib.import_module("models.migrations.versions.0006_row_level_security")
REFUSED = "row-level security"


@dataclass
class Tenant:
    org_id: int
    user_id: int
    pseudonym: str
    recommendation_id: int
    access_code_id: int


def _tenant(session: Session, job_id: int, code_hash: str) -> Tenant:
    """One agency with a row in every survivor table: a profile, a recommendation and its decision, an access
    code, an audit event, a case number, a consent and a referral."""
    user = make_user(session)
    profile = make_profile(session, org_id=user.org_id, created_by=user.id)
    rec = make_recommendation(session, profile=profile, actor=user, job_posting_id=job_id)
    conn = session.connection()
    params = {"p": profile.pseudonym, "o": user.org_id, "u": user.id, "h": code_hash}
    code_id = conn.execute(
        text(
            "INSERT INTO access_code (code_hash, profile_pseudonym, org_id, issued_by, created_at, expires_at) "
            "VALUES (:h, :p, :o, :u, now(), now() + interval '1 day') RETURNING id"
        ),
        params,
    ).scalar_one()
    conn.execute(
        text("INSERT INTO audit_event (at, org_id, pseudonym, action, detail) VALUES (now(), :o, :p, 'test', '{}')"),
        params,
    )
    conn.execute(
        text(
            "INSERT INTO case_reference (pseudonym, org_id, ciphertext, key_id, created_at, updated_at) "
            "VALUES (:p, :o, 'token', 'k', now(), now())"
        ),
        params,
    )
    if conn.execute(text("SELECT to_regclass('consent') IS NOT NULL AND to_regclass('referral') IS NOT NULL")).scalar():
        consent_id = conn.execute(
            text(
                "INSERT INTO consent (profile_pseudonym, org_id, recipient, purpose, scope, granted_at, expires_at) "
                "VALUES (:p, :o, 'Harbor Clinic', 'referral', 'matches', now(), now() + interval '30 days') "
                "RETURNING id"
            ),
            params,
        ).scalar_one()
        conn.execute(
            text(
                "INSERT INTO referral (profile_pseudonym, org_id, consent_id, recipient, purpose, created_at) "
                "VALUES (:p, :o, :c, 'Harbor Clinic', 'referral', now())"
            ),
            {**params, "c": consent_id},
        )
    if conn.execute(text("SELECT to_regclass('follow_up') IS NOT NULL")).scalar():
        conn.execute(
            text(
                "INSERT INTO follow_up (org_id, profile_pseudonym, recommendation_id, reason, offset_days, due_on, "
                "created_at) VALUES (:o, :p, :r, 'shared', 7, current_date + 7, now())"
            ),
            {**params, "r": rec.id},
        )
    if conn.execute(text("SELECT to_regclass('outcome_event') IS NOT NULL")).scalar():
        conn.execute(
            text(
                "INSERT INTO outcome_event (org_id, profile_pseudonym, recommendation_id, stage, occurred_on, "
                "recorded_at) VALUES (:o, :p, :r, 'applied', current_date, now())"
            ),
            {**params, "r": rec.id},
        )
    return Tenant(user.org_id, user.id or 0, profile.pseudonym, rec.id or 0, code_id)


@pytest.fixture
def tenants(session: Session, encoder: Encoder) -> Iterator[tuple[Tenant, Tenant]]:
    job = add_job(session, encoder)
    yield _tenant(session, job.id or 0, "a" * 64), _tenant(session, job.id or 0, "b" * 64)
    leave_app_role(session)


def survivor_tables(conn: Connection) -> list[str]:
    """The migration's list, as present in this database."""
    return [t for t in MIGRATION.SURVIVOR_TABLES if conn.execute(text("SELECT to_regclass(:t)"), {"t": t}).scalar()]


def rows_of(conn: Connection, org_id: int) -> dict[str, int]:
    """How many rows of `org_id` this transaction can see, per survivor table."""
    counts = {}
    for table in survivor_tables(conn):
        where = (
            "recommendation_id IN (SELECT id FROM recommendation WHERE org_id = :o)"
            if table == "review_decision"
            else "org_id = :o"
        )
        counts[table] = conn.execute(text(f"SELECT count(*) FROM {table} WHERE {where}"), {"o": org_id}).scalar_one()
    return counts


def refused(conn: Connection, sql: str, params: dict[str, Any]) -> bool:
    """True when the statement is refused by a policy (in a savepoint, so the test goes on)."""
    try:
        with conn.begin_nested():
            conn.execute(text(sql), params)
    except DBAPIError as exc:
        assert REFUSED in str(exc.orig), exc
        return True
    return False


def changed(conn: Connection, sql: str, params: dict[str, Any]) -> int:
    return conn.execute(text(sql), params).rowcount


def test_req10_no_org_set_sees_no_rows_and_cannot_write(session: Session, tenants: tuple[Tenant, Tenant]) -> None:
    a, _ = tenants
    conn = session.connection()
    as_owner = rows_of(conn, a.org_id)
    assert all(n >= 1 for n in as_owner.values()), sorted(as_owner.items())

    enter_app_role(session)  # what every request does first; no organization bound yet

    assert rows_of(conn, a.org_id) == dict.fromkeys(as_owner, 0)
    assert conn.execute(text("SELECT count(*) FROM survivor_visible_recommendation")).scalar_one() == 0
    p = {"p": a.pseudonym, "o": a.org_id, "u": a.user_id, "r": a.recommendation_id}
    assert refused(
        conn,
        "INSERT INTO survivor_profile (pseudonym, org_id, work_history, remote_ok, "
        "created_at, updated_at, last_activity_at) VALUES ('x1', :o, '[]', true, now(), now(), now())",
        p,
    )
    assert refused(
        conn,
        "INSERT INTO audit_event (at, org_id, pseudonym, action, detail) VALUES (now(), :o, :p, 'forged', '{}')",
        p,
    )
    assert refused(
        conn,
        "INSERT INTO review_decision (recommendation_id, to_status, actor_user_id, at) "
        "VALUES (:r, 'approved', :u, now())",
        p,
    )
    assert changed(conn, "UPDATE survivor_profile SET region = 'OR' WHERE pseudonym = :p", p) == 0
    assert changed(conn, "DELETE FROM access_code WHERE org_id = :o", p) == 0
    assert changed(conn, "DELETE FROM case_reference WHERE pseudonym = :p", p) == 0

    leave_app_role(session)
    assert rows_of(conn, a.org_id) == as_owner  # nothing was changed behind the refusals


def test_req10_other_org_cannot_read(session: Session, tenants: tuple[Tenant, Tenant]) -> None:
    a, b = tenants
    conn = session.connection()
    enter_app_role(session)
    bind_org(session, b.org_id)

    assert set(rows_of(conn, a.org_id).values()) == {0}
    assert all(n >= 1 for n in rows_of(conn, b.org_id).values())
    p = {"p": a.pseudonym, "r": a.recommendation_id, "c": a.access_code_id}
    assert conn.execute(text("SELECT count(*) FROM survivor_profile WHERE pseudonym = :p"), p).scalar_one() == 0
    assert conn.execute(text("SELECT count(*) FROM recommendation WHERE id = :r"), p).scalar_one() == 0
    assert conn.execute(text("SELECT count(*) FROM review_decision WHERE recommendation_id = :r"), p).scalar_one() == 0
    assert conn.execute(text("SELECT count(*) FROM access_code WHERE id = :c"), p).scalar_one() == 0
    assert conn.execute(text("SELECT count(*) FROM audit_event WHERE pseudonym = :p"), p).scalar_one() == 0
    # The survivor view runs with the caller's rights (security_invoker), so the policies apply through it.
    view_rows = conn.execute(
        text("SELECT count(*) FROM survivor_visible_recommendation WHERE org_id <> :o"), {"o": b.org_id}
    ).scalar_one()
    assert view_rows == 0


def test_req10_other_org_cannot_write(session: Session, tenants: tuple[Tenant, Tenant]) -> None:
    a, b = tenants
    conn = session.connection()
    before = rows_of(conn, a.org_id)
    enter_app_role(session)
    bind_org(session, b.org_id)
    p = {"p": a.pseudonym, "o": a.org_id, "u": b.user_id, "r": a.recommendation_id, "pb": b.pseudonym}

    # Inserts naming the other organization fail WITH CHECK.
    assert refused(
        conn,
        "INSERT INTO survivor_profile (pseudonym, org_id, work_history, remote_ok, "
        "created_at, updated_at, last_activity_at) VALUES ('x2', :o, '[]', true, now(), now(), now())",
        p,
    )
    assert refused(
        conn,
        "INSERT INTO access_code (code_hash, profile_pseudonym, org_id, issued_by, created_at, "
        "expires_at) VALUES (repeat('c', 64), :p, :o, :u, now(), now() + interval '1 day')",
        p,
    )
    assert refused(
        conn,
        "INSERT INTO audit_event (at, org_id, pseudonym, action, detail) VALUES (now(), :o, :p, 'forged', '{}')",
        p,
    )
    assert refused(
        conn,
        "INSERT INTO review_decision (recommendation_id, to_status, actor_user_id, at) "
        "VALUES (:r, 'approved', :u, now())",
        p,
    )
    assert refused(
        conn,
        "INSERT INTO case_reference (pseudonym, org_id, ciphertext, key_id, created_at, "
        "updated_at) VALUES ('x3', :o, 't', 'k', now(), now())",
        p,
    )
    # Moving one's own row into the other organization fails WITH CHECK too.
    assert refused(conn, "UPDATE access_code SET org_id = :o WHERE profile_pseudonym = :pb", p)
    # Updates and deletes of the other organization's rows find nothing to change.
    assert changed(conn, "UPDATE survivor_profile SET region = 'OR' WHERE pseudonym = :p", p) == 0
    assert changed(conn, "UPDATE recommendation SET outcome = 'hired' WHERE id = :r", p) == 0
    assert changed(conn, "UPDATE access_code SET revoked_at = now() WHERE org_id = :o", p) == 0
    assert changed(conn, "DELETE FROM access_code WHERE org_id = :o", p) == 0
    assert changed(conn, "DELETE FROM case_reference WHERE pseudonym = :p", p) == 0
    assert changed(conn, "DELETE FROM survivor_profile WHERE pseudonym = :p", p) == 0

    leave_app_role(session)
    assert rows_of(conn, a.org_id) == before
    assert conn.execute(text("SELECT region FROM survivor_profile WHERE pseudonym = :p"), p).scalar_one() == "WA"
    assert conn.execute(text("SELECT revoked_at FROM access_code WHERE org_id = :o"), p).scalar_one() is None


def test_req10_rls_is_forced_and_app_role_is_not_owner(session: Session) -> None:
    conn = session.connection()
    tables = survivor_tables(conn)
    assert {
        "survivor_profile",
        "recommendation",
        "review_decision",
        "access_code",
        "audit_event",
        "case_reference",
        "consent",
        "referral",
    } <= set(tables)
    flags = conn.execute(
        text(
            "SELECT relname, relrowsecurity, relforcerowsecurity FROM pg_class "
            "WHERE relnamespace = 'public'::regnamespace AND relname = ANY(:t)"
        ),
        {"t": tables},
    ).all()
    assert sorted(flags) == sorted((t, True, True) for t in tables)
    policies = conn.execute(
        text("SELECT tablename, qual, with_check FROM pg_policies WHERE schemaname = 'public' AND tablename = ANY(:t)"),
        {"t": tables},
    ).all()
    assert sorted(p.tablename for p in policies) == sorted(tables)  # one policy each, for reads and writes
    for policy in policies:
        assert "NULLIF(current_setting('app.org_id'::text, true), ''::text)" in policy.qual
        assert policy.qual == policy.with_check

    role = conn.execute(
        text("SELECT rolsuper, rolbypassrls, rolcanlogin FROM pg_roles WHERE rolname = :r"), {"r": APP_ROLE}
    ).one()
    assert role == (False, False, True)
    owned = conn.execute(
        text("SELECT count(*) FROM pg_class WHERE relowner = (SELECT oid FROM pg_roles WHERE rolname = :r)"),
        {"r": APP_ROLE},
    ).scalar_one()
    assert owned == 0
    # Append-only tables stay append-only for the app: no UPDATE or DELETE privilege at all.
    for table in MIGRATION.APPEND_ONLY:
        for privilege in ("UPDATE", "DELETE"):
            assert not conn.execute(
                text("SELECT has_table_privilege(:r, :t, :p)"), {"r": APP_ROLE, "t": table, "p": privilege}
            ).scalar_one()


def test_req10_every_table_naming_a_person_is_covered(session: Session) -> None:
    """A new table holding a pseudonym or an organization's survivor rows must be added to migration 0006."""
    conn = session.connection()
    naming = set(
        conn.execute(
            text(
                "SELECT DISTINCT table_name FROM information_schema.columns WHERE table_schema = 'public' "
                "AND column_name IN ('pseudonym', 'profile_pseudonym', 'recommendation_id') "
                "AND table_name <> 'survivor_visible_recommendation'"
            )
        ).scalars()
    )
    assert naming <= set(survivor_tables(conn)), naming - set(survivor_tables(conn))


def test_req10_setting_after_rollback_reads_empty_not_error(engine: Engine) -> None:
    with engine.connect() as conn:
        with conn.begin() as tx:
            conn.execute(text("SELECT set_config('app.org_id', '42', true)"))
            assert conn.execute(text("SELECT current_setting('app.org_id', true)")).scalar_one() == "42"
            tx.rollback()
        with conn.begin() as tx:
            # Rolled back, the setting exists in this session but is empty: a bare cast would raise.
            assert conn.execute(text("SELECT current_setting('app.org_id', true)")).scalar_one() == ""
            with pytest.raises(DBAPIError, match="invalid input syntax for type integer"), conn.begin_nested():
                conn.execute(text("SELECT current_setting('app.org_id', true)::int"))
            # The policies' NULLIF form reads it as "no organization": no error, no rows.
            conn.execute(text("SELECT set_config('role', :r, true)"), {"r": APP_ROLE})
            assert conn.execute(text("SELECT count(*) FROM survivor_profile")).scalar_one() == 0
            assert conn.execute(text("SELECT count(*) FROM review_decision")).scalar_one() == 0
            tx.rollback()


def test_req10_request_transactions_run_as_the_app_role(session: Session) -> None:
    from api.deps import get_app_session

    conn = session.connection()
    assert conn.execute(text("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")).scalar_one()
    get_app_session(session)
    assert conn.execute(text("SELECT current_user, current_setting('app.org_id', true)")).one() == (APP_ROLE, "")
    leave_app_role(session)


# Tables that carry an organization but no survivor data, and why row-level security would be wrong there.
NOT_SURVIVOR_DATA = {
    "app_user": "accounts: sign-in finds the user by e-mail before any organization is known",
    "employer": "catalog: an employer's public identity, read by every ranking",
    "training_provider": "catalog: a provider's public identity, read by every ranking",
}


def test_req10_every_table_with_a_person_or_an_organization_forces_row_level_security(session: Session) -> None:
    """Found from the catalog, not from the migration's own list: a new table keyed by a pseudonym or an
    organization is either forced under row-level security or named above with its reason."""
    conn = session.connection()
    rows = conn.execute(
        text(
            "SELECT c.relname, c.relrowsecurity, c.relforcerowsecurity, c.relkind, "
            "coalesce(c.reloptions, '{}') AS options "
            "FROM pg_class c WHERE c.relnamespace = 'public'::regnamespace AND c.relname IN ("
            "  SELECT table_name FROM information_schema.columns WHERE table_schema = 'public' "
            "  AND column_name IN ('pseudonym', 'profile_pseudonym', 'org_id', 'recommendation_id'))"
        )
    ).all()
    tables = {r.relname: r for r in rows if r.relkind in ("r", "p")}
    views = {r.relname: r for r in rows if r.relkind == "v"}
    assert {"survivor_profile", "recommendation", "access_code", "audit_event"} <= set(tables)

    unforced = sorted(n for n, r in tables.items() if not (r.relrowsecurity and r.relforcerowsecurity))
    assert unforced == sorted(NOT_SURVIVOR_DATA), unforced
    # A view over survivor tables must run with the caller's rights, or it would read past the policies.
    assert [n for n, r in views.items() if "security_invoker=true" not in r.options] == []


def test_req10_every_route_reaches_the_database_as_the_app_role(repo_root: Path) -> None:
    """docker-compose connects as the database owner (it runs the migrations), so the app role must come from
    each request's own transaction: no route may take the raw session without api.deps.get_app_session."""
    from fastapi.routing import APIRoute, iter_route_contexts

    from api.deps import get_app_session, get_session
    from api.main import create_app

    compose = (repo_root / "docker-compose.yml").read_text()
    assert "DATABASE_URL: postgresql://wayfinder:" in compose  # the owner, as the docstring says

    def raw_session_paths(dependant: Any, parent: Any) -> list[str]:
        found = []
        for dep in dependant.dependencies:
            if dep.call is get_session and parent is not get_app_session:
                found.append(getattr(parent, "__name__", str(parent)))
            found += raw_session_paths(dep, dep.call)
        return found

    routes, raw = 0, []
    for context in iter_route_contexts(create_app().routes):
        route = context.original_route
        if isinstance(route, APIRoute):
            routes += 1
            raw += [f"{context.path}: {p}" for p in raw_session_paths(route.dependant, route.endpoint)]
    assert routes > 50
    assert raw == []


def test_req10_the_app_login_role_cannot_leave_row_level_security(
    committing_engine: Engine, tenants_committed: str
) -> None:
    """Connected as wayfinder_app itself (WAYFINDER_APP_DATABASE_URL, as docker-compose runs the API), there is
    no owner role to go back to: RESET ROLE changes nothing and no organization means no rows."""
    from models.db import engine_for_url

    app_engine = engine_for_url(committing_engine.url.set(username=APP_ROLE, password=None))
    try:
        with app_engine.connect() as conn:
            conn.execute(text("RESET ROLE"))
            assert conn.execute(text("SELECT current_user")).scalar_one() == APP_ROLE
            assert conn.execute(text("SELECT count(*) FROM survivor_profile")).scalar_one() == 0
            with pytest.raises(DBAPIError):
                conn.execute(text("ALTER TABLE survivor_profile NO FORCE ROW LEVEL SECURITY"))
    finally:
        app_engine.dispose()
    with committing_engine.connect() as owner:
        assert owner.execute(text("SELECT count(*) FROM survivor_profile")).scalar_one() == 1


@pytest.fixture
def tenants_committed(committing_engine: Engine) -> str:
    """One committed profile in a private database (another connection must be able to see it)."""
    from models.db import session_scope

    with session_scope(committing_engine) as s:
        user = make_user(s)
        return make_profile(s, org_id=user.org_id, created_by=user.id).pseudonym


def test_req10_serve_gives_the_app_login_role_its_password(session: Session) -> None:
    from models.repositories.tenancy import set_app_role_password

    conn = session.connection()
    set_app_role_password(conn, "it's a long 'quoted' password")
    stored = conn.execute(text("SELECT rolpassword FROM pg_authid WHERE rolname = :r"), {"r": APP_ROLE}).scalar_one()
    assert stored is not None and stored.startswith("SCRAM-SHA-256$")  # hashed by the server, quoting survived
