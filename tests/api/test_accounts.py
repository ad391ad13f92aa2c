"""Accounts: Argon2id parameters, sessions (idle expiry, logout, role change), CSRF, rate limiting, tokens."""

from datetime import timedelta

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlmodel import Session

from api.services import accounts
from api.services.principal import NotAuthenticatedError
from models.columns import utcnow
from models.enums import OrgKind, Role
from tests.api.clients import signed_in, with_token
from tests.factories import DEFAULT_PASSWORD, make_org, make_user


def test_passwords_are_argon2id_with_19_mib_and_2_iterations(session: Session) -> None:
    user = make_user(session)
    assert user.password_hash.startswith("$argon2id$v=19$m=19456,t=2,p=1$")
    assert DEFAULT_PASSWORD not in user.password_hash


def test_short_passwords_are_refused_with_what_to_fix(client: TestClient, session: Session) -> None:
    body = {"organization_name": "Blue Cafe", "email": "owner@bluecafe.example", "password": "short"}
    response = client.post("/auth/register-employer", json=body)
    assert response.status_code == 422
    assert response.json()["problems"][0]["field"] == "password"


def test_login_me_logout(app: FastAPI, session: Session) -> None:
    user = make_user(session)
    client = signed_in(app, user)
    me = client.get("/auth/me")
    assert me.status_code == 200 and me.json()["user"]["role"] == "caseworker"
    assert me.headers["cache-control"] == "no-store"
    assert client.post("/auth/logout").status_code == 204
    assert client.get("/auth/me").status_code == 401


def test_wrong_password_then_rate_limited(client: TestClient, session: Session) -> None:
    user = make_user(session)
    for _ in range(accounts.MAX_FAILURES):
        response = client.post("/auth/login", json={"email": user.email, "password": "wrong password!"})
        assert response.status_code == 401
    # Even the right password is refused until the window passes.
    response = client.post("/auth/login", json={"email": user.email, "password": DEFAULT_PASSWORD})
    assert response.status_code == 429 and "wait 15 minutes" in response.json()["error"]


def test_sessions_end_after_30_idle_minutes(session: Session) -> None:
    user = make_user(session)
    signed = accounts.login(session, email=user.email, password=DEFAULT_PASSWORD)
    assert isinstance(signed, accounts.SignedIn)
    now = utcnow()
    accounts.session_principal(
        session, signed.session_token, csrf_token=None, unsafe=False, now=now + timedelta(minutes=29)
    )
    with pytest.raises(NotAuthenticatedError, match="30 minutes"):
        accounts.session_principal(
            session, signed.session_token, csrf_token=None, unsafe=False, now=now + timedelta(minutes=60)
        )


def test_writes_need_the_csrf_header(app: FastAPI, session: Session) -> None:
    client = signed_in(app, make_user(session))
    del client.headers["X-CSRF-Token"]
    response = client.post("/profiles", json={})
    assert response.status_code == 403 and "X-CSRF-Token" in response.json()["error"]


def test_a_role_change_ends_the_users_sessions(app: FastAPI, session: Session) -> None:
    admin = make_user(session, role=Role.ADMIN)
    cw = make_user(session, org=_org(session, admin.org_id))
    cw_client = signed_in(app, cw)
    assert cw_client.get("/profiles").status_code == 200
    admin_client = signed_in(app, admin)
    assert admin_client.patch(f"/admin/users/{cw.id}", json={"role": "admin"}).status_code == 200
    assert cw_client.get("/profiles").status_code == 401


def test_admins_manage_only_their_own_organization(app: FastAPI, session: Session) -> None:
    admin = make_user(session, role=Role.ADMIN)
    stranger = make_user(session)
    client = signed_in(app, admin)
    assert client.patch(f"/admin/users/{stranger.id}", json={"is_active": False}).status_code == 404
    created = client.post(
        "/admin/users", json={"email": "new@agency.example", "role": "caseworker", "password": "x" * 12}
    )
    assert created.status_code == 201 and created.json()["org_id"] == admin.org_id
    wrong_role = client.post(
        "/admin/users", json={"email": "e@agency.example", "role": "employer", "password": "x" * 12}
    )
    assert wrong_role.status_code == 422
    assert signed_in(app, stranger).get("/admin/users").status_code == 403


def test_partner_tokens_are_scoped(app: FastAPI, session: Session) -> None:
    partner = make_user(session, role=Role.EDUCATION_PARTNER)
    web = signed_in(app, partner)
    refused = web.post("/auth/tokens", json={"name": "x", "scopes": ["postings:write"]})
    assert refused.status_code == 422 and "programs:read" in refused.json()["error"]
    made = web.post("/auth/tokens", json={"name": "nightly", "scopes": ["programs:read"], "days": 30})
    assert made.status_code == 201
    token = made.json()["token"]
    bot = with_token(app, token)
    assert bot.get("/partner/programs").status_code == 200
    assert bot.post("/partner/programs/upload", files={"file": ("p.csv", b"a,b\n1,2\n")}).status_code == 403
    assert bot.get("/profiles").status_code == 403  # never caseworker functions
    assert bot.post("/auth/tokens", json={"name": "y", "scopes": ["programs:read"]}).status_code == 403
    assert web.delete(f"/auth/tokens/{made.json()['id']}").status_code == 200
    assert bot.get("/partner/programs").status_code == 401


def test_caseworkers_get_no_tokens(app: FastAPI, session: Session) -> None:
    web = signed_in(app, make_user(session))
    assert web.post("/auth/tokens", json={"name": "x", "scopes": ["programs:read"]}).status_code == 403


def test_employer_registration_refuses_a_verified_name(client: TestClient, session: Session) -> None:
    from sqlalchemy import text

    session.connection().execute(
        text(
            "INSERT INTO employer (name, name_key, verification, created_at) "
            "VALUES ('Cascade Logistics', 'cascade logistics', 'verified', now())"
        )
    )
    body = {"organization_name": "Cascade Logistics", "email": "boss@cascade.example", "password": "y" * 14}
    assert client.post("/auth/register-employer", json=body).status_code == 409
    body["organization_name"] = "Blue Door Cafe"
    made = client.post("/auth/register-employer", json=body)
    assert made.status_code == 201 and made.json()["role"] == "employer"


def _org(session: Session, org_id: int):  # type: ignore[no-untyped-def]
    from models.organization import Organization

    return session.get(Organization, org_id)


def test_org_kinds_fix_the_roles(session: Session) -> None:
    from models.errors import ValidationFailed

    with pytest.raises(ValidationFailed):
        accounts.create_org_with_user(
            session,
            org_name="Acme",
            kind=OrgKind.EMPLOYER,
            email="a@acme.example",
            role=Role.CASEWORKER,
            password="z" * 12,
        )
    make_org(session)
