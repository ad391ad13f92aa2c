"""The whole flow over the API, committing to a private database (program uploads commit on their own):
a partner uploads programs, an employer posts jobs, a caseworker creates a profile, matches, approves
some and rejects others, shares; the person's code shows exactly the approved-and-shared items, and the
profile's audit trail shows every step."""

import csv
import io
import re
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, text

from api.main import create_app
from api.resources import Resources
from api.services import accounts
from matcher.encoder import Encoder
from models.db import engine_for_url, session_scope
from models.enums import OrgKind, Role
from models.privacy.tools import PrivacyTools
from models.repositories.tenancy import APP_ROLE
from models.settings import Settings
from tests.factories import DEFAULT_PASSWORD, profile_fields

NEUTRAL = re.compile(r"traffick|survivor|victim", re.IGNORECASE)
SCAM = "Start today, no interview! Training fee of $200 required. Contact us on WhatsApp only."
PROGRAM_COLUMNS = [
    "PROGRAM_ID", "PROVIDER_NAME", "PROVIDER_TYPE", "PROVIDER_CITY", "PROVIDER_STATE", "PROVIDER_ZIP",
    "PROGRAM_NAME", "PROGRAM_DESCRIPTION", "PROGRAM_URL", "CIP_CODE", "SOC_CODES", "PROGRAM_LENGTH_WEEKS",
    "TOTAL_COST", "DELIVERY_FORMAT", "SCHEDULE",
]  # fmt: skip
COLLEGE = ["Kent Valley College", "Community College", "Kent", "WA", "98032"]
PROGRAM_ROWS = [
    [
        "P-1",
        *COLLEGE,
        "Forklift and Warehouse Safety Certificate",
        "Forklift operation, pallet jacks, inventory and warehouse safety.",
        "https://kvc.example/p1",
        "49.0208",
        "53-7051.00",
        "4",
        "600",
        "Classroom",
        "Daytime",
    ],
    [
        "P-2",
        *COLLEGE,
        "Commercial Truck Driving",
        "Class A CDL training with range and road practice.",
        "https://kvc.example/p2",
        "49.0205",
        "53-3032.00",
        "10",
        "8300",
        "Classroom",
        "Daytime",
    ],
    [
        "P-3",
        *COLLEGE,
        "Supply Chain Basics",
        "Inventory control, shipping and receiving, logistics software.",
        "https://kvc.example/p3",
        "52.0203",
        "13-1081.00",
        "8",
        "900",
        "Classroom",
        "Evening",
    ],
    # No name: refused. (A row without an id is keyed by provider, name and place since issue 14.)
    ["KVW-9", *COLLEGE, "", "Missing its name.", "", "", "", "", "", "", ""],
]


def programs_csv() -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(PROGRAM_COLUMNS)
    writer.writerows(PROGRAM_ROWS)
    return out.getvalue().encode()


JOBS = [
    ("Forklift Operator", "Drive a forklift, load and unload trucks, keep the warehouse tidy. Day shift."),
    ("Warehouse Associate", "Pick and pack orders, operate a pallet jack, inventory counts. Day shift."),
    ("Shipping and Receiving Clerk", "Receive deliveries, check inventory, prepare shipments with forklifts."),
]


@pytest.fixture(params=["owner_connection", "app_login_role"])
def flow_app(
    request: pytest.FixtureRequest,
    settings: Settings,
    committing_engine: Engine,
    encoder: Encoder,
    privacy: PrivacyTools,
) -> Iterator[TestClient]:
    """The app on its own committing database, connected as the owner (which drops to wayfinder_app per
    transaction) or, as docker-compose runs it, as the non-owner login role itself (requirement 10)."""
    engine = committing_engine
    if request.param == "app_login_role":
        engine = engine_for_url(committing_engine.url.set(username=APP_ROLE, password=None))
        with engine.connect() as conn:
            assert conn.execute(text("SELECT current_user")).scalar_one() == APP_ROLE
    resources = Resources(settings=settings, engine=engine, encoder=encoder, privacy_tools=privacy)
    app = create_app(settings, resources=resources)
    with TestClient(app) as client:
        yield client
    if engine is not committing_engine:
        engine.dispose()


def wait_for_upload(client: TestClient, status_url: str, timeout: float = 120.0) -> dict[str, Any]:
    """Poll an upload's job until it stopped (it runs in the app's background thread)."""
    deadline = time.monotonic() + timeout
    while True:
        job: dict[str, Any] = client.get(status_url).json()
        if job["done"] or time.monotonic() > deadline:
            return job
        time.sleep(0.1)


def sign_in(client: TestClient, email: str) -> TestClient:
    fresh = TestClient(client.app)
    response = fresh.post("/auth/login", json={"email": email, "password": DEFAULT_PASSWORD})
    assert response.status_code == 200, response.text
    fresh.headers["X-CSRF-Token"] = response.json()["csrf_token"]
    return fresh


def job_body(title: str, description: str, **extra: object) -> dict[str, object]:
    return {
        "title": title,
        "description": description,
        "employment_types": ["FULL_TIME"],
        "pay_min": 20,
        "pay_max": 23,
        "pay_unit": "HOUR",
        "city": "Kent",
        "region": "WA",
        "postal_code": "98032",
        "shifts": ["day"],
        "how_to_apply": "Apply on our website or call the front desk.",
        "url": "https://northsound.example/jobs",
        **extra,
    }


@pytest.mark.slow
def test_the_whole_flow(flow_app: TestClient, committing_engine: Engine, tmp_path: Path) -> None:
    with session_scope(committing_engine) as s:
        accounts.create_org_with_user(
            s,
            org_name="Harbor Services",
            kind=OrgKind.AGENCY,
            email="cw@harbor.example",
            role=Role.CASEWORKER,
            password=DEFAULT_PASSWORD,
        )
        accounts.create_org_with_user(
            s,
            org_name="Kent Valley Workforce",
            kind=OrgKind.EDUCATION_PARTNER,
            email="data@kvw.example",
            role=Role.EDUCATION_PARTNER,
            password=DEFAULT_PASSWORD,
        )

    # 1. The education partner uploads programs; the bad record is reported with what to fix.
    partner = sign_in(flow_app, "data@kvw.example")
    upload = partner.post(
        "/partner/programs/upload", files={"file": ("etpl.csv", programs_csv())}, data={"format": "etpl"}
    )
    assert upload.status_code == 202, upload.text
    summary = wait_for_upload(partner, upload.json()["status_url"])
    assert (summary["status"], summary["inserted"], summary["errors"]) == ("finished", 3, 1)
    assert summary["problems"][0]["field"]
    assert partner.get("/partner/programs").json()["total"] == 3

    # 2. An employer registers and posts openings; the one with red flags is held ("under review").
    register = flow_app.post(
        "/auth/register-employer",
        json={
            "organization_name": "Northsound Freight",
            "email": "hr@northsound.example",
            "password": DEFAULT_PASSWORD,
        },
    )
    assert register.status_code == 201
    employer = sign_in(flow_app, "hr@northsound.example")
    posted = [employer.post("/employer/postings", json=job_body(t, d)) for t, d in JOBS]
    assert all(p.status_code == 201 for p in posted), [p.text for p in posted]
    assert {p.json()["review_status"] for p in posted} == {"live"}
    scam = employer.post("/employer/postings", json=job_body("Packer", SCAM))
    assert scam.json()["review_status"] == "under review"
    assert "screening" not in scam.text and "fee" not in scam.json()["review_status"]
    job_ids = {p.json()["id"] for p in posted}

    # 3. The caseworker creates a profile and runs matching for jobs and programs.
    cw = sign_in(flow_app, "cw@harbor.example")
    created = cw.post("/profiles", json=profile_fields())
    assert created.status_code == 201, created.text
    pseudonym = created.json()["pseudonym"]
    jobs = cw.post(f"/profiles/{pseudonym}/matches", params={"kind": "job", "top_k": 10}).json()
    programs = cw.post(f"/profiles/{pseudonym}/matches", params={"kind": "program", "top_k": 10}).json()
    assert {j["item_id"] for j in jobs} == job_ids  # the held posting is never proposed
    assert all(j["status"] == "proposed" and j["explanation"] for j in jobs)
    assert programs

    # 4. Approve some, reject one with a reason, share.
    approve = [jobs[0]["id"], jobs[1]["id"], programs[0]["id"]]
    reject = jobs[2]["id"]
    for rec_id in approve:
        r = cw.post(f"/recommendations/{rec_id}/decisions", json={"action": "approve", "note": "talked it through"})
        assert r.status_code == 200 and r.json()["status"] == "approved"
    missing_reason = cw.post(f"/recommendations/{reject}/decisions", json={"action": "reject"})
    assert missing_reason.status_code == 422 and "reason code" in missing_reason.json()["error"]
    rejected = cw.post(f"/recommendations/{reject}/decisions", json={"action": "reject", "reason_code": "schedule"})
    assert rejected.json()["status"] == "rejected"
    shared = cw.post(f"/profiles/{pseudonym}/share")
    assert sorted(r["id"] for r in shared.json()) == sorted(approve)

    # Matching again does not bring the rejected item back.
    again = cw.post(f"/profiles/{pseudonym}/matches", params={"kind": "job", "top_k": 10}).json()
    assert reject not in {j["id"] for j in again}

    # 5. The person opens their list with the code: exactly the approved-and-shared items, nothing internal.
    code = cw.post(f"/profiles/{pseudonym}/access-codes", json={"days": 7}).json()["code"]
    person = TestClient(flow_app.app)
    seen = person.get("/my/opportunities", headers={"X-Access-Code": code})
    assert seen.status_code == 200 and seen.headers["cache-control"] == "no-store"
    body = seen.json()
    assert sorted(i["id"] for i in body["items"]) == sorted(approve)
    assert not NEUTRAL.search(seen.text)
    for leaked in ("score", "explanation", "features", "talked it through", pseudonym, "rank"):
        assert leaked not in seen.text
    job_item = next(i for i in body["items"] if i["kind"] == "job")
    assert job_item["pay"] == "$20-$23 an hour" and job_item["place"] == "Kent, WA" and job_item["how_to_apply"]
    answer = person.post(
        f"/my/opportunities/{job_item['id']}/answer", json={"answer": "interested"}, headers={"X-Access-Code": code}
    )
    assert answer.status_code == 200 and answer.json()["your_answer"] == "interested"
    assert (
        person.post(
            f"/my/opportunities/{reject}/answer", json={"answer": "interested"}, headers={"X-Access-Code": code}
        ).status_code
        == 404
    )
    bad = person.get("/my/opportunities", headers={"X-Access-Code": "AAAA-BBBB-CCCC-DDDD-EEEE-FFFF-GGGG-HHHH"})
    assert bad.status_code == 404 and not NEUTRAL.search(bad.text)

    # 6. The employer sees aggregate counts only (under 5 is not shown), never anything about the person.
    mine = employer.get("/employer/postings")
    assert mine.status_code == 200
    assert all(p["interested"] is None for p in mine.json()["items"])
    assert pseudonym not in mine.text and "profile" not in mine.text

    # 7. The audit trail shows every step, with no personal data.
    trail = cw.get(f"/profiles/{pseudonym}/audit", params={"limit": 100}).json()
    actions = [e["action"] for e in trail["items"]]
    for step in (
        "profile.create",
        "recommendation.match",
        "recommendation.approve",
        "recommendation.reject",
        "recommendation.share",
        "access_code.issue",
        "opportunities.view",
        "opportunities.respond",
    ):
        assert step in actions, step
    assert actions.count("recommendation.approve") == 3
    assert actions[-1] == "profile.create" and actions[0] == "audit.view"  # newest first
    oldest_first = actions[::-1]
    assert (
        oldest_first.index("profile.create")
        < oldest_first.index("recommendation.match")
        < oldest_first.index("recommendation.share")
    )
    assert next(e for e in trail["items"] if e["action"] == "opportunities.view")["actor_role"] == "access_code"
    history = cw.get(f"/recommendations/{job_item['id']}/history").json()["items"]
    assert [h["to_status"] for h in history] == ["proposed", "approved", "shared", "interested"]
