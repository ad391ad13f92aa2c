"""One populated world per test: organization A's caseworker, admin, profile, shared recommendation and access
code; an employer, an education partner (each with a session and a scoped API token); another agency."""

from dataclasses import dataclass

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlmodel import Session

from matcher.encoder import Encoder
from models.enums import Role
from models.import_run import ImportRun
from models.organization import Organization, User
from models.profile import SurvivorProfile
from models.recommendation import Recommendation
from tests.api.clients import signed_in, with_token
from tests.catalog_factories import add_job, add_program
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
    employer_token_id: int


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
    tokens, token_ids = {}, {}
    for user, scopes in (
        (employer, ["postings:read", "postings:write"]),
        (partner, ["programs:read", "programs:write"]),
    ):
        created = signed_in(app, user).post("/auth/tokens", json={"name": "ci", "scopes": scopes, "days": 30})
        assert created.status_code == 201, created.text
        tokens[user.id] = created.json()["token"]
        token_ids[user.id] = created.json()["id"]
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
        employer_token_id=token_ids[employer.id],
    )


def survivor_client(app: FastAPI, code: str) -> TestClient:
    client = TestClient(app)
    client.headers["X-Access-Code"] = code
    return client


def token_client(app: FastAPI, token: str) -> TestClient:
    return with_token(app, token)


@dataclass
class AttackWorld:
    """`world` (organization A) plus organization B's people, and the id of one object of A's per path
    parameter, so every route with a path can be aimed at somebody else's record."""

    a: World
    stranger_admin: User  # organization B's admin
    employer_b: User  # another employer
    survivor_b_code: str  # an access code of organization B's profile
    ids: dict[str, object]  # path parameter -> an object of organization A (or of A's employer)


def _shared_code(app: FastAPI, session: Session, encoder: Encoder, caseworker: User) -> str:
    """A profile of the caseworker's organization with one approved, shared job, and an access code."""
    profile = make_profile(session, org_id=caseworker.org_id, created_by=caseworker.id)
    rec = make_recommendation(session, profile=profile, actor=caseworker, job_posting_id=add_job(session, encoder).id)
    cw = signed_in(app, caseworker)
    assert cw.post(f"/recommendations/{rec.id}/decisions", json={"action": "approve"}).status_code == 200
    assert cw.post(f"/profiles/{profile.pseudonym}/share").status_code == 200
    issued = cw.post(f"/profiles/{profile.pseudonym}/access-codes", json={"days": 7})
    assert issued.status_code == 201, issued.text
    code: str = issued.json()["code"]
    return code


@pytest.fixture
def attack_world(app: FastAPI, session: Session, encoder: Encoder, world: World) -> AttackWorld:
    from datetime import timedelta

    from models.columns import utcnow

    cw = signed_in(app, world.caseworker)
    consent = cw.post(
        f"/profiles/{world.profile.pseudonym}/consents",
        json={
            "recipient_name": "Harbor Clinic",
            "purpose": "referral",
            "scope": "referral_fact_only",
            "expires_at": (utcnow() + timedelta(days=30)).isoformat(),
        },
    )
    assert consent.status_code == 201, consent.text
    posting = signed_in(app, world.employer).post(
        "/employer/postings", json={"title": "Warehouse Lead", "description": "Lead a small crew. Day shift."}
    )
    assert posting.status_code == 201, posting.text
    stranger_admin = make_user(session, org=session.get(Organization, world.stranger.org_id), role=Role.ADMIN)
    # The partner's upload, as an import run records it (the real import commits on its own engine).
    upload = ImportRun(
        kind="programs", source=f"partner:{world.partner.org_id}", format="etpl", path="p.csv", file_hash="0" * 64
    )
    session.add(upload)
    session.flush()
    program = add_program(session, encoder, source=f"partner:{world.partner.org_id}")
    survivor_b_code = _shared_code(app, session, encoder, world.stranger)
    return AttackWorld(
        a=world,
        stranger_admin=stranger_admin,
        employer_b=make_user(session, role=Role.EMPLOYER),
        survivor_b_code=survivor_b_code,
        ids={
            "pseudonym": world.profile.pseudonym,
            "recommendation_id": world.recommendation.id,
            "opportunity_id": world.recommendation.id,
            "code_id": world.code_id,
            "consent_id": consent.json()["id"],
            "user_id": world.caseworker.id,
            "posting_id": posting.json()["id"],
            "token_id": world.employer_token_id,
            "run_id": upload.id,
            "program_id": program.id,
            "stage": "applied",
        },
    )
