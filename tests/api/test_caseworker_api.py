"""Caseworker endpoints: minimized intake, role and organization checks on every endpoint, clear 4xx."""

import pytest
from fastapi import FastAPI
from sqlmodel import Session

from matcher.encoder import Encoder
from models.enums import Role
from tests.api.clients import signed_in
from tests.catalog_factories import add_job
from tests.factories import make_profile, make_recommendation, make_user, profile_fields


@pytest.mark.parametrize("smuggled", ["name", "phone", "date_of_birth", "address", "immigration_status", "story"])
def test_the_intake_refuses_fields_it_does_not_know(app: FastAPI, session: Session, smuggled: str) -> None:
    client = signed_in(app, make_user(session))
    response = client.post("/profiles", json=profile_fields(**{smuggled: "Jane Q Doe"}))
    assert response.status_code == 422
    assert response.json()["problems"] == [{"field": smuggled, "reason": "Extra inputs are not permitted"}]
    assert "Jane" not in response.text  # submitted values are never echoed


@pytest.mark.parametrize("zip3s", [["98101"], ["98"], ["abc"]])
def test_location_is_three_digit_zip_only(app: FastAPI, session: Session, zip3s: list[str]) -> None:
    client = signed_in(app, make_user(session))
    response = client.post("/profiles", json=profile_fields(zip3s=zip3s))
    assert response.status_code == 422 and response.json()["problems"][0]["field"].startswith("zip3s")


def test_another_organizations_records_answer_404(app: FastAPI, session: Session, encoder: Encoder) -> None:
    owner, stranger = make_user(session), make_user(session)
    profile = make_profile(session, org_id=owner.org_id, created_by=owner.id)
    rec = make_recommendation(session, profile=profile, actor=owner, job_posting_id=add_job(session, encoder).id)
    client = signed_in(app, stranger)
    p = profile.pseudonym
    for method, url, body in [
        ("GET", f"/profiles/{p}", None),
        ("PUT", f"/profiles/{p}", profile_fields()),
        ("POST", f"/profiles/{p}/matches", None),
        ("GET", f"/profiles/{p}/recommendations", None),
        ("POST", f"/profiles/{p}/share", None),
        ("GET", f"/profiles/{p}/audit", None),
        ("POST", f"/profiles/{p}/access-codes", {"days": 3}),
        ("GET", f"/profiles/{p}/access-codes", None),
        ("POST", f"/recommendations/{rec.id}/decisions", {"action": "approve"}),
        ("POST", f"/recommendations/{rec.id}/outcome", {"outcome": "hired"}),
        ("GET", f"/recommendations/{rec.id}/history", None),
    ]:
        response = client.request(method, url, json=body)
        assert response.status_code == 404, (method, url, response.text)
        assert p not in response.text or "No profile" in response.text


def test_other_roles_get_403_on_caseworker_endpoints(app: FastAPI, session: Session) -> None:
    owner = make_user(session)
    profile = make_profile(session, org_id=owner.org_id)
    for role in (Role.EMPLOYER, Role.EDUCATION_PARTNER, Role.ADMIN):
        client = signed_in(app, make_user(session, role=role))
        assert client.get(f"/profiles/{profile.pseudonym}").status_code == 403
        assert client.get("/profiles").status_code == 403
        assert client.post("/profiles", json=profile_fields()).status_code == 403


def test_caseworkers_cannot_use_employer_or_partner_endpoints(app: FastAPI, session: Session) -> None:
    client = signed_in(app, make_user(session))
    assert client.get("/employer/postings").status_code == 403
    assert client.get("/partner/programs").status_code == 403


def test_profile_edit_and_audit_trail(app: FastAPI, session: Session) -> None:
    user = make_user(session, display_name="Dana Reyes")
    client = signed_in(app, user)
    p = client.post("/profiles", json=profile_fields()).json()["pseudonym"]
    edited = client.put(f"/profiles/{p}", json=profile_fields(pay_floor_hourly=21.5, region="wa"))
    assert edited.status_code == 200 and edited.json()["region"] == "WA"
    assert client.get(f"/profiles/{p}").headers["cache-control"] == "no-store"
    trail = client.get(f"/profiles/{p}/audit").json()
    # Newest first.
    assert [e["action"] for e in trail["items"]] == ["audit.view", "profile.view", "profile.update", "profile.create"]
    assert trail["items"][2]["detail"] == {"fields": ["pay_floor_hourly"]}
    assert {e["who"] for e in trail["items"]} == {"Dana Reyes"}
    updates = client.get(f"/profiles/{p}/audit", params={"action": "profile.update"}).json()
    assert [e["action"] for e in updates["items"]] == ["profile.update"]
    reversed_range = client.get(f"/profiles/{p}/audit", params={"from": "2026-12-08", "to": "2026-12-01"})
    assert reversed_range.status_code == 422 and "'from' is after 'to'" in reversed_range.text


def test_lists_paginate_with_a_maximum(app: FastAPI, session: Session) -> None:
    cw = make_user(session)
    for _ in range(3):
        make_profile(session, org_id=cw.org_id)
    client = signed_in(app, cw)
    page = client.get("/profiles", params={"limit": 2, "offset": 1}).json()
    assert (len(page["items"]), page["total"], page["limit"], page["offset"]) == (2, 3, 2, 1)
    too_many = client.get("/profiles", params={"limit": 1000})
    assert too_many.status_code == 422 and too_many.json()["problems"][0]["field"] == "limit"


def test_employers_cannot_see_or_edit_another_employers_posting(app: FastAPI, session: Session) -> None:
    owner, other = make_user(session, role=Role.EMPLOYER), make_user(session, role=Role.EMPLOYER)
    body = {"title": "Line Cook", "description": "Cook in our cafe.", "pay_min": 19, "pay_unit": "HOUR"}
    posted = signed_in(app, owner).post("/employer/postings", json=body)
    assert posted.status_code == 201, posted.text
    intruder = signed_in(app, other)
    posting_id = posted.json()["id"]
    assert intruder.get(f"/employer/postings/{posting_id}").status_code == 404
    assert intruder.put(f"/employer/postings/{posting_id}", json=body).status_code == 404
    assert intruder.post(f"/employer/postings/{posting_id}/close").status_code == 404
    no_unit = signed_in(app, owner).post("/employer/postings", json={**body, "pay_unit": None})
    assert no_unit.status_code == 422 and "pay_unit" in no_unit.json()["error"]


def test_every_schema_field_is_described(app: FastAPI) -> None:
    schemas = app.openapi()["components"]["schemas"]
    undescribed = [
        f"{name}.{field}"
        for name, schema in schemas.items()
        if name not in {"HTTPValidationError", "ValidationError"}
        for field, spec in schema.get("properties", {}).items()
        if "description" not in spec
    ]
    assert undescribed == []
