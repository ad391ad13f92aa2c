"""Accounts: CSRF, admins, API tokens, employer registration. Passwords (requirement 16) and sessions
(requirement 17) are proved in tests/security/test_req16_passwords.py and test_req17_sessions.py."""

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlmodel import Session

from api.services import accounts
from models.enums import OrgKind, Role
from tests.api.clients import signed_in, with_token
from tests.factories import make_org, make_user


def test_writes_need_the_csrf_header(app: FastAPI, session: Session) -> None:
    client = signed_in(app, make_user(session))
    del client.headers["X-CSRF-Token"]
    response = client.post("/profiles", json={})
    assert response.status_code == 403 and "X-CSRF-Token" in response.json()["error"]


def test_admins_manage_only_their_own_organization(app: FastAPI, session: Session) -> None:
    admin = make_user(session, role=Role.ADMIN)
    stranger = make_user(session)
    client = signed_in(app, admin)
    assert client.patch(f"/admin/users/{stranger.id}", json={"is_active": False}).status_code == 404
    created = client.post(
        "/admin/users",
        json={"email": "new@agency.example", "role": "caseworker", "password": "quiet harbor lantern seven"},
    )
    assert created.status_code == 201 and created.json()["org_id"] == admin.org_id
    wrong_role = client.post(
        "/admin/users", json={"email": "e@agency.example", "role": "employer", "password": "quiet harbor lantern seven"}
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
    body = {
        "organization_name": "Cascade Logistics",
        "email": "boss@cascade.example",
        "password": "blue door cafe kettle moss",
    }
    assert client.post("/auth/register-employer", json=body).status_code == 409
    body["organization_name"] = "Blue Door Cafe"
    made = client.post("/auth/register-employer", json=body)
    assert made.status_code == 201 and made.json()["role"] == "employer"


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
