from fastapi.testclient import TestClient
from sqlmodel import Session

from matcher.encoder import Encoder
from tests.catalog_factories import add_job


def test_preview_ranks_live_jobs_with_explanations(client: TestClient, session: Session, encoder: Encoder) -> None:
    good = add_job(session, encoder, title="Line Cook", description="Cook meals on the grill; food safety.")
    held = add_job(session, encoder, title="Line Cook", description="Cook meals; pay in cash.", status="held")
    res = client.post(
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


def test_identifying_fields_are_refused(client: TestClient) -> None:
    res = client.post("/matches/preview", json={"skills": [], "name": "Maria", "phone": "555-0100"})
    assert res.status_code == 422
    body = res.json()
    assert {p["field"] for p in body["problems"]} == {"name", "phone"}
    assert "Maria" not in res.text and "555-0100" not in res.text


def test_fine_location_is_refused(client: TestClient) -> None:
    res = client.post("/matches/preview", json={"constraints": {"zip3s": ["98101"]}})
    assert res.status_code == 422
    assert res.json()["problems"][0]["field"] == "constraints.zip3s.0"
