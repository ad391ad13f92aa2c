"""One populated world per test: organization A's caseworker, admin, profile, shared recommendation and access
code; an employer, an education partner (each with a session and a scoped API token); another agency."""

from dataclasses import dataclass

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlmodel import Session

from matcher.encoder import Encoder
from models.enums import Role
from models.organization import Organization, User
from models.profile import SurvivorProfile
from models.recommendation import Recommendation
from tests.api.clients import signed_in, with_token
from tests.catalog_factories import add_job
from tests.factories import make_profile, make_recommendation, make_user


@dataclass
class World:
    caseworker: User
    admin: User
    employer: User
    partner: User
    stranger: User  # a caseworker of another agency
    profile: SurvivorProfile
    recommendation: Recommendation
    code: str
    code_id: int
    employer_token: str
    partner_token: str


@pytest.fixture
def world(app: FastAPI, session: Session, encoder: Encoder) -> World:
    caseworker = make_user(session)
    admin = make_user(session, org=session.get(Organization, caseworker.org_id), role=Role.ADMIN)
    employer = make_user(session, role=Role.EMPLOYER)
    partner = make_user(session, role=Role.EDUCATION_PARTNER)
    stranger = make_user(session)
    profile = make_profile(session, org_id=caseworker.org_id, created_by=caseworker.id)
    rec = make_recommendation(session, profile=profile, actor=caseworker, job_posting_id=add_job(session, encoder).id)
    cw = signed_in(app, caseworker)
    assert cw.post(f"/recommendations/{rec.id}/decisions", json={"action": "approve"}).status_code == 200
    assert cw.post(f"/profiles/{profile.pseudonym}/share").status_code == 200
    issued = cw.post(f"/profiles/{profile.pseudonym}/access-codes", json={"days": 7}).json()
    tokens = {}
    for user, scopes in (
        (employer, ["postings:read", "postings:write"]),
        (partner, ["programs:read", "programs:write"]),
    ):
        created = signed_in(app, user).post("/auth/tokens", json={"name": "ci", "scopes": scopes, "days": 30})
        assert created.status_code == 201, created.text
        tokens[user.id] = created.json()["token"]
    return World(
        caseworker=caseworker,
        admin=admin,
        employer=employer,
        partner=partner,
        stranger=stranger,
        profile=profile,
        recommendation=rec,
        code=issued["code"],
        code_id=issued["id"],
        employer_token=tokens[employer.id],
        partner_token=tokens[partner.id],
    )


def survivor_client(app: FastAPI, code: str) -> TestClient:
    client = TestClient(app)
    client.headers["X-Access-Code"] = code
    return client


def token_client(app: FastAPI, token: str) -> TestClient:
    return with_token(app, token)
