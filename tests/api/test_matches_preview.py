import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlmodel import Session

from matcher.encoder import Encoder
from models.enums import Role
from tests.api.clients import signed_in
from tests.catalog_factories import add_job
from tests.factories import make_user


@pytest.fixture
def cw(app: FastAPI, session: Session) -> TestClient:
    return signed_in(app, make_user(session))


def test_preview_ranks_live_jobs_with_explanations(cw: TestClient, session: Session, encoder: Encoder) -> None:
    good = add_job(session, encoder, title="Line Cook", description="Cook meals on the grill; food safety.")
    held = add_job(session, encoder, title="Line Cook", description="Cook meals; pay in cash.", status="held")
    res = cw.post(
        "/matches/preview?kind=job&top_k=5",
        json={
            "skills": ["food safety"],
            "work_history": [{"activities": "cooked meals for 40 people"}],
            "constraints": {"region": "WA"},
        },
    )
    assert res.status_code == 200, res.text
    body = res.json()
    ids = [m["item_id"] for m in body]
    assert ids[0] == good.id and held.id not in ids
    assert body[0]["explanation"]["lines"]
    assert body[0]["rank"] == 1 and body[0]["organization"] == good.employer_name


def test_identifying_fields_are_refused(cw: TestClient) -> None:
    res = cw.post("/matches/preview", json={"skills": [], "name": "Maria", "phone": "555-0100"})
    assert res.status_code == 422
    body = res.json()
    assert {p["field"] for p in body["problems"]} == {"name", "phone"}
    assert "Maria" not in res.text and "555-0100" not in res.text


def test_fine_location_is_refused(cw: TestClient) -> None:
    res = cw.post("/matches/preview", json={"constraints": {"zip3s": ["98101"]}})
    assert res.status_code == 422
    assert res.json()["problems"][0]["field"] == "constraints.zip3s.0"


def test_only_caseworkers_may_preview(app: FastAPI, client: TestClient, session: Session) -> None:
    """Each call runs the embedding model: not something to offer anyone who can reach the service."""
    assert client.post("/matches/preview", json={"skills": ["forklift"]}).status_code == 401
    employer = signed_in(app, make_user(session, role=Role.EMPLOYER))
    assert employer.post("/matches/preview", json={"skills": ["forklift"]}).status_code == 403
