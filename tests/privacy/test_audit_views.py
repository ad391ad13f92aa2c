"""Requirement 11: every view of a survivor record writes an audit row (who, pseudonym, action, purpose, UTC
time, no personal data). That the application cannot alter those rows is proven by
tests/models/test_migrations.py::test_audit_log_refuses_update_and_delete; the whole flow's trail by
tests/api/test_whole_flow.py. This test covers each read endpoint on its own."""

from datetime import UTC, datetime, timedelta

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import text
from sqlmodel import Session

from matcher.encoder import Encoder
from tests.api.clients import signed_in
from tests.catalog_factories import add_job
from tests.factories import make_user, profile_fields
from tests.privacy import seeded

# (method, path template, expected action); {p} = pseudonym, {r} = recommendation id.
READS = [
    ("GET", "/profiles/{p}", "profile.view"),
    ("GET", "/profiles", "profile.list"),
    ("GET", "/profiles/{p}/recommendations", "recommendation.list"),
    ("GET", "/recommendations/{r}/history", "recommendation.history"),
    ("GET", "/profiles/{p}/audit", "audit.view"),
    ("GET", "/profiles/{p}/access-codes", "access_code.list"),
    ("POST", "/profiles/{p}/matches", "recommendation.match"),
    ("GET", "/my/opportunities", "opportunities.view"),
]


@pytest.mark.parametrize(("method", "path", "action"), READS, ids=[r[2] for r in READS])
def test_req11_every_profile_view_is_audited(
    app: FastAPI, session: Session, encoder: Encoder, method: str, path: str, action: str
) -> None:
    job = add_job(session, encoder)
    user = make_user(session)
    cw = signed_in(app, user)
    body = profile_fields(work_history=[{"title": seeded.WORK_TITLE, "activities": seeded.WORK_ACTIVITIES}])
    p = cw.post("/profiles", json=body).json()["pseudonym"]
    r = next(m["id"] for m in cw.post(f"/profiles/{p}/matches").json() if m["item_id"] == job.id)
    cw.post(f"/recommendations/{r}/decisions", json={"action": "approve"})
    cw.post(f"/profiles/{p}/share")
    code = cw.post(f"/profiles/{p}/access-codes", json={"days": 1}).json()["code"]
    conn = session.connection()
    last = conn.execute(text("SELECT coalesce(max(id), 0) FROM audit_event")).scalar_one()

    client = TestClient(app, headers={"X-Access-Code": code}) if path.startswith("/my/") else cw
    response = client.request(method, path.format(p=p, r=r))
    assert response.status_code == 200, response.text

    rows = conn.execute(
        text("SELECT * FROM audit_event WHERE id > :last AND action = :a AND pseudonym = :p"),
        {"last": last, "a": action, "p": p},
    ).all()
    assert len(rows) == 1
    row = rows[0]
    if path.startswith("/my/"):
        assert row.actor_user_id is None and row.actor_role == "access_code" and row.org_id == user.org_id
    else:
        assert row.actor_user_id == user.id and row.actor_role == "caseworker" and row.org_id == user.org_id
    assert row.purpose
    assert row.at.utcoffset() == timedelta(0) and abs(datetime.now(UTC) - row.at) < timedelta(minutes=5)
    assert seeded.found_in(str(row._mapping)) == [] and code not in str(row._mapping)
