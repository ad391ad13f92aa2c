"""Requirement 7: sharing with a named recipient needs an unexpired, revocable consent record; service
never depends on consent (VAWA 34 U.S.C. 12291(b)(2); GDPR 7(3))."""

import re
from datetime import timedelta
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import text
from sqlmodel import Session

from matcher.encoder import Encoder
from models.columns import utcnow
from models.organization import User
from models.profile import SurvivorProfile
from models.repositories import consents as consent_repo
from tests.api.clients import signed_in
from tests.catalog_factories import add_job
from tests.factories import make_profile, make_user

RECIPIENT = {"recipient_name": "Cascade Logistics"}


@pytest.fixture
def caseworker(session: Session) -> User:
    return make_user(session)


@pytest.fixture
def profile(session: Session, caseworker: User) -> SurvivorProfile:
    return make_profile(session, org_id=caseworker.org_id, created_by=caseworker.id)


@pytest.fixture
def cw(app: FastAPI, caseworker: User) -> TestClient:
    return signed_in(app, caseworker)


def consent_body(days: int = 30, **overrides: object) -> dict[str, object]:
    body: dict[str, object] = {
        **RECIPIENT,
        "purpose": "referral",
        "scope": "skills_summary",
        "expires_at": (utcnow() + timedelta(days=days)).isoformat(),
    }
    body.update(overrides)
    return body


def test_req7_sharing_with_named_recipient_needs_unexpired_consent(
    session: Session, cw: TestClient, profile: SurvivorProfile, caseworker: User
) -> None:
    referrals = f"/profiles/{profile.pseudonym}/referrals"
    without = cw.post(referrals, json=RECIPIENT)
    assert without.status_code == 409
    assert "No consent in force" in without.json()["error"]

    # Expired: recorded directly, since the API refuses an expiry in the past.
    consent_repo.create(
        session,
        pseudonym=profile.pseudonym,
        org_id=profile.org_id,
        recipient="cascade logistics",
        purpose="referral",
        scope="skills_summary",
        granted_at=utcnow() - timedelta(days=60),
        expires_at=utcnow() - timedelta(days=1),
        recorded_by=caseworker.id,
    )
    assert cw.post(referrals, json=RECIPIENT).status_code == 409

    given = cw.post(f"/profiles/{profile.pseudonym}/consents", json=consent_body())
    assert given.status_code == 201, given.text
    assert given.json()["recipient"] == "cascade logistics"
    assert given.json()["in_force"] is True

    # The consent names one recipient and one purpose: neither another employer nor another purpose is covered.
    assert cw.post(referrals, json={"recipient_name": "Other Staffing Co"}).status_code == 409
    assert cw.post(referrals, json={**RECIPIENT, "purpose": "employment_verification"}).status_code == 409

    made = cw.post(referrals, json={"recipient_name": "  CASCADE   logistics "})
    assert made.status_code == 201, made.text
    assert made.json()["consent_id"] == given.json()["id"]
    # What is stored is only that a referral happened: no profile fields travel with it.
    assert set(made.json()) == {"id", "recipient", "purpose", "consent_id", "recommendation_id", "created_at"}


def test_req7_consent_must_expire_within_a_year(cw: TestClient, profile: SurvivorProfile) -> None:
    url = f"/profiles/{profile.pseudonym}/consents"
    assert cw.post(url, json=consent_body(days=400)).status_code == 422
    no_expiry = consent_body()
    del no_expiry["expires_at"]
    assert cw.post(url, json=no_expiry).status_code == 422
    assert cw.post(url, json=consent_body(days=-1)).status_code == 422


def test_req7_withdrawn_consent_blocks_referral(cw: TestClient, profile: SurvivorProfile) -> None:
    given = cw.post(f"/profiles/{profile.pseudonym}/consents", json=consent_body()).json()
    referrals = f"/profiles/{profile.pseudonym}/referrals"
    assert cw.post(referrals, json=RECIPIENT).status_code == 201

    withdrawn = cw.delete(f"/profiles/{profile.pseudonym}/consents/{given['id']}")
    assert withdrawn.status_code == 200
    assert withdrawn.json()["withdrawn_at"] is not None

    refused = cw.post(referrals, json=RECIPIENT)
    assert refused.status_code == 409
    assert "withdrawn" in refused.json()["error"]


def test_req7_withdrawing_is_as_easy_as_giving(cw: TestClient, profile: SurvivorProfile) -> None:
    # Giving: one request. Withdrawing: one request, no body, no reason asked.
    given = cw.post(f"/profiles/{profile.pseudonym}/consents", json=consent_body())
    assert given.status_code == 201
    withdrawn = cw.delete(f"/profiles/{profile.pseudonym}/consents/{given.json()['id']}")
    assert withdrawn.status_code == 200
    assert withdrawn.json()["in_force"] is False
    listed = cw.get(f"/profiles/{profile.pseudonym}/consents").json()
    assert [(c["id"], c["in_force"]) for c in listed] == [(given.json()["id"], False)]


def test_req7_consent_is_only_for_the_profiles_own_organization(
    app: FastAPI, session: Session, profile: SurvivorProfile, cw: TestClient
) -> None:
    given = cw.post(f"/profiles/{profile.pseudonym}/consents", json=consent_body()).json()
    stranger = signed_in(app, make_user(session))  # a caseworker of another agency
    assert stranger.post(f"/profiles/{profile.pseudonym}/consents", json=consent_body()).status_code == 404
    assert stranger.delete(f"/profiles/{profile.pseudonym}/consents/{given['id']}").status_code == 404
    assert stranger.post(f"/profiles/{profile.pseudonym}/referrals", json=RECIPIENT).status_code == 404


def test_req7_service_never_depends_on_consent(
    session: Session, encoder: Encoder, cw: TestClient, app: FastAPI, profile: SurvivorProfile
) -> None:
    add_job(session, encoder)
    matched = cw.post(f"/profiles/{profile.pseudonym}/matches", params={"kind": "job", "top_k": 5})
    assert matched.status_code == 200 and matched.json(), matched.text
    rec_id = matched.json()[0]["id"]
    approved = cw.post(f"/recommendations/{rec_id}/decisions", json={"action": "approve"})
    assert approved.status_code == 200, approved.text
    assert cw.post(f"/profiles/{profile.pseudonym}/share").status_code == 200
    code = cw.post(f"/profiles/{profile.pseudonym}/access-codes", json={"days": 7})
    assert code.status_code == 201, code.text

    seen = TestClient(app).get("/my/opportunities", headers={"X-Access-Code": code.json()["code"]})
    assert seen.status_code == 200, seen.text
    assert rec_id in [item["id"] for item in seen.json()["items"]]
    consents = session.execute(
        text("SELECT count(*) FROM consent WHERE profile_pseudonym = :p"), {"p": profile.pseudonym}
    ).scalar_one()
    assert consents == 0


# The modules that match, review and share with the person; none of them may read consent.
SERVICE_PATH = [
    "matcher",
    "api/services/matching.py",
    "api/services/review.py",
    "api/services/access.py",
    "api/services/profiles.py",
    "api/routes/caseworker.py",
    "api/routes/opportunities.py",
    "api/routes/matches.py",
    "models/repositories/candidates.py",
    "models/repositories/recommendations.py",
    "models/repositories/decisions.py",
    "models/repositories/access_codes.py",
    "models/repositories/profiles.py",
]
READS_CONSENT = re.compile(
    r"models\.consent\b|repositories import consents|repositories\.consents|services import consent\b"
    r"|services\.consent\b|\b(?:FROM|JOIN)\s+consent\b",
    re.IGNORECASE,
)


def test_req7_matching_review_and_sharing_code_never_reads_consent(repo_root: Path) -> None:
    files = [
        path
        for entry in SERVICE_PATH
        for path in ((repo_root / entry).rglob("*.py") if (repo_root / entry).is_dir() else [repo_root / entry])
    ]
    assert len(files) > len(SERVICE_PATH)  # the matcher package contributes several modules
    offenders = [str(f.relative_to(repo_root)) for f in files if READS_CONSENT.search(f.read_text())]
    assert offenders == []
