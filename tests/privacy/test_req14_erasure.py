"""Requirement 14: erasure removes every row of a survivor except an audit entry recording the erasure
(GDPR Art. 17).

The tables are found from the catalog, not listed here: any table with a pseudonym column, and every
row of every table read as text, so a table added later is checked without editing this test.
"""

import hashlib
from datetime import timedelta

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import text
from sqlmodel import Session

from matcher.encoder import Encoder
from models.columns import utcnow
from models.enums import Role
from models.organization import User
from tests.api.clients import signed_in
from tests.catalog_factories import add_job
from tests.factories import make_profile, make_user, profile_fields

CASE_NUMBER = "HS-2026-0417"


@pytest.fixture
def caseworker(session: Session) -> User:
    return make_user(session)


@pytest.fixture
def cw(app: FastAPI, caseworker: User) -> TestClient:
    return signed_in(app, caseworker)


def public_tables(session: Session) -> list[str]:
    return list(
        session.execute(
            text(
                "SELECT table_name FROM information_schema.tables "
                "WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name"
            )
        ).scalars()
    )


def pseudonym_columns(session: Session) -> list[tuple[str, str]]:
    """(table, column) for every column of a base table whose name says it holds a pseudonym."""
    rows = session.execute(
        text(
            "SELECT c.table_name, c.column_name FROM information_schema.columns c "
            "JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name "
            "WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE' AND c.column_name LIKE '%pseudonym%' "
            "ORDER BY 1, 2"
        )
    ).all()
    return [(r.table_name, r.column_name) for r in rows]


def rows_mentioning(session: Session, needle: str) -> dict[str, int]:
    """Rows per table whose text form (every column, JSON included) contains `needle`."""
    found = {}
    for table in public_tables(session):
        n = session.execute(
            text(f'SELECT count(*) FROM "{table}" t WHERE strpos(t::text, :needle) > 0'),
            {"needle": needle},
        ).scalar_one()
        if n:
            found[table] = n
    return found


def seed_every_kind_of_row(session: Session, encoder: Encoder, app: FastAPI, cw: TestClient) -> str:
    """A profile with recommendations, decisions, an outcome, an access code the person used, an answer,
    a consent, a referral, a case number and audit events; returns its pseudonym."""
    add_job(session, encoder)
    add_job(session, encoder, title="Forklift Operator", employer_name="Rainier Freight")
    created = cw.post("/profiles", json=profile_fields(case_number=CASE_NUMBER))
    assert created.status_code == 201, created.text
    p = created.json()["pseudonym"]
    assert cw.get(f"/profiles/{p}").status_code == 200

    matched = cw.post(f"/profiles/{p}/matches", params={"kind": "job", "top_k": 5})
    assert matched.status_code == 200 and len(matched.json()) >= 2, matched.text
    keep, drop = (r["id"] for r in matched.json()[:2])
    assert cw.post(f"/recommendations/{keep}/decisions", json={"action": "approve"}).status_code == 200
    rejected = cw.post(
        f"/recommendations/{drop}/decisions", json={"action": "reject", "reason_code": "not_a_fit", "note": "too far"}
    )
    assert rejected.status_code == 200, rejected.text
    assert cw.post(f"/profiles/{p}/share").status_code == 200
    assert cw.post(f"/recommendations/{keep}/outcome", json={"outcome": "applied"}).status_code == 200
    assert cw.get(f"/recommendations/{keep}/history").status_code == 200

    code = cw.post(f"/profiles/{p}/access-codes", json={"days": 7})
    assert code.status_code == 201, code.text
    person = TestClient(app, headers={"X-Access-Code": code.json()["code"]})
    assert person.get("/my/opportunities").status_code == 200
    assert person.post(f"/my/opportunities/{keep}/answer", json={"answer": "interested"}).status_code == 200

    expires = (utcnow() + timedelta(days=30)).isoformat()
    consent = {"recipient_name": "Rainier Freight", "purpose": "referral", "scope": "skills_summary"}
    assert cw.post(f"/profiles/{p}/consents", json={**consent, "expires_at": expires}).status_code == 201
    referral = cw.post(
        f"/profiles/{p}/referrals", json={"recipient_name": "Rainier Freight", "recommendation_id": keep}
    )
    assert referral.status_code == 201, referral.text
    assert cw.get(f"/profiles/{p}/audit").status_code == 200
    return p


def test_req14_erasure_leaves_only_the_erasure_audit_entry(
    session: Session, encoder: Encoder, app: FastAPI, cw: TestClient, caseworker: User
) -> None:
    p = seed_every_kind_of_row(session, encoder, app, cw)
    neighbour = make_profile(session, org_id=caseworker.org_id, created_by=caseworker.id)
    columns = pseudonym_columns(session)
    assert {t for t, _ in columns} >= {"survivor_profile", "recommendation", "access_code", "consent", "referral"}
    for table, column in columns:
        n = session.execute(text(f'SELECT count(*) FROM "{table}" WHERE "{column}" = :p'), {"p": p}).scalar_one()
        assert n > 0, f"{table}.{column} holds no row for the seeded profile: seed one so erasure is tested on it"
    before = rows_mentioning(session, p)
    assert before["audit_event"] > 5 and "review_decision" not in before  # decisions reach it via recommendation
    decisions = session.execute(
        text(
            "SELECT count(*) FROM review_decision d JOIN recommendation r ON r.id = d.recommendation_id "
            "WHERE r.profile_pseudonym = :p"
        ),
        {"p": p},
    ).scalar_one()
    assert decisions >= 5
    erasures_before = session.execute(text("SELECT count(*) FROM audit_event WHERE action = 'profile.erase'"))
    assert erasures_before.scalar_one() == 0

    erased = cw.delete(f"/profiles/{p}")

    assert erased.status_code == 200, erased.text
    assert erased.json()["erased"] is True
    assert erased.json()["rows"]["survivor_profile"] == 1
    assert erased.json()["rows"]["review_decision"] == decisions
    assert erased.headers["Cache-Control"].startswith("no-store")
    assert rows_mentioning(session, p) == {}
    assert rows_mentioning(session, CASE_NUMBER) == {}
    orphans = session.execute(
        text(
            "SELECT count(*) FROM review_decision d "
            "LEFT JOIN recommendation r ON r.id = d.recommendation_id WHERE r.id IS NULL"
        )
    ).scalar_one()
    assert orphans == 0

    entry = session.execute(
        text(
            "SELECT actor_user_id, actor_role, org_id, pseudonym, purpose, detail FROM audit_event "
            "WHERE action = 'profile.erase'"
        )
    ).one()
    assert (entry.actor_user_id, entry.actor_role, entry.org_id) == (caseworker.id, "caseworker", caseworker.org_id)
    assert entry.pseudonym is None and entry.purpose == "erasure request"
    # Only a one-way hash (to re-erase a profile a restored backup brings back) and row counts.
    assert set(entry.detail) == {"pseudonym_sha256", "rows"}
    assert entry.detail["pseudonym_sha256"] == hashlib.sha256(p.encode()).hexdigest()
    assert all(isinstance(n, int) for n in entry.detail["rows"].values())

    # The organization's other profile is untouched.
    assert cw.get(f"/profiles/{neighbour.pseudonym}").status_code == 200


def test_req14_erasing_twice_answers_404_and_logs_nothing_more(
    session: Session, cw: TestClient, caseworker: User
) -> None:
    p = make_profile(session, org_id=caseworker.org_id, created_by=caseworker.id).pseudonym
    assert cw.delete(f"/profiles/{p}").status_code == 200
    again = cw.delete(f"/profiles/{p}")
    assert again.status_code == 404
    assert "No profile" in again.json()["error"]
    assert cw.get(f"/profiles/{p}").status_code == 404
    count = session.execute(text("SELECT count(*) FROM audit_event WHERE action = 'profile.erase'")).scalar_one()
    assert count == 1


def test_req14_only_the_profiles_own_caseworkers_can_erase(
    app: FastAPI, session: Session, cw: TestClient, caseworker: User
) -> None:
    p = make_profile(session, org_id=caseworker.org_id, created_by=caseworker.id).pseudonym
    stranger = signed_in(app, make_user(session))  # a caseworker of another agency
    assert stranger.delete(f"/profiles/{p}").status_code == 404
    employer = signed_in(app, make_user(session, role=Role.EMPLOYER))
    assert employer.delete(f"/profiles/{p}").status_code in (403, 404)
    admin = signed_in(app, make_user(session, role=Role.ADMIN, org_id=caseworker.org_id))
    assert admin.delete(f"/profiles/{p}").status_code == 403
    assert TestClient(app).delete(f"/profiles/{p}").status_code == 401

    assert cw.get(f"/profiles/{p}").status_code == 200  # still there
    erasures = session.execute(text("SELECT count(*) FROM audit_event WHERE action = 'profile.erase'")).scalar_one()
    assert erasures == 0
