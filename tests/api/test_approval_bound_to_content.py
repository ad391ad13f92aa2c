"""Issue 12 item 1: an approval covers the content that was approved, and nothing else.

The employer, the partner, a re-import or a direct UPDATE can change an item after a caseworker approved
and shared it; the person must then stop seeing it at once, and the caseworker sees it as changed since
approved, with what changed, until they approve the new version and share it again.
"""

from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session

from api.resources import Resources
from api.schemas.catalog import PartnerProgramEdit
from api.services import catalog_owners, review
from api.services.matching import ProposedMatch, rank_profile
from etl.components import default_enricher
from etl.screening.review import decide
from etl.submit import submit_posting
from matcher.encoder import Encoder
from models.enums import ItemKind, Role
from models.organization import User
from models.privacy.crypto import FieldCipher
from models.privacy.tools import PrivacyTools
from models.profile import SurvivorProfile
from models.repositories import profiles as profile_repo
from models.repositories import recommendations as rec_repo
from models.settings import Settings
from tests.api.clients import signed_in
from tests.catalog_factories import add_program
from tests.factories import job_in, make_org, make_profile, make_user, principal_for

POSTING: dict[str, Any] = {
    "title": "Line Cook",
    "description": "Cook breakfast and lunch in our cafe. Food handler card required.",
    "pay_min": 19,
    "pay_max": 21,
    "pay_unit": "HOUR",
    "city": "Kent",
    "region": "WA",
    "postal_code": "98032",
    "shifts": ["day"],
    "how_to_apply": "Apply on our website.",
}
EDITED = {
    **POSTING,
    "title": "Massage Therapist Assistant",
    "description": "Assist our therapists with clients in a relaxing setting. Evening work.",
    "industry": "personal care",
}


@pytest.fixture
def resources(settings: Settings, engine: Any, encoder: Encoder, privacy: PrivacyTools) -> Resources:
    return Resources(settings=settings, engine=engine, encoder=encoder, privacy_tools=privacy)


class Flow:
    """Caseworker, employer and the person, each with their own client."""

    def __init__(self, app: FastAPI, session: Session) -> None:
        self.session = session
        self.cw = make_user(session)
        self.profile: SurvivorProfile = make_profile(session, org_id=self.cw.org_id, created_by=self.cw.id)
        self.employer: User = make_user(session, role=Role.EMPLOYER)
        self.cw_client = signed_in(app, self.cw)
        self.employer_client = signed_in(app, self.employer)
        self.person = TestClient(app)

    def post_job(self) -> int:
        response = self.employer_client.post("/employer/postings", json=POSTING)
        assert response.status_code == 201, response.text
        return int(response.json()["id"])

    def recommend(self, kind: ItemKind, item_id: int) -> int:
        match = ProposedMatch(kind=kind, item_id=item_id, rank=1, score=0.5, model_version="test")
        (rec_id,) = review.store_proposals(self.session, principal_for(self.cw), self.profile.pseudonym, [match])
        return rec_id

    def act(self, rec_id: int, action: str, expect: int = 200) -> dict[str, Any]:
        response = self.cw_client.post(f"/recommendations/{rec_id}/decisions", json={"action": action})
        assert response.status_code == expect, response.text
        return dict(response.json())

    def issue_code(self) -> None:
        response = self.cw_client.post(f"/profiles/{self.profile.pseudonym}/access-codes", json={"days": 7})
        assert response.status_code == 201, response.text
        self.person.headers["X-Access-Code"] = response.json()["code"]

    def person_sees(self) -> dict[int, str]:
        response = self.person.get("/my/opportunities")
        assert response.status_code == 200, response.text
        return {int(i["id"]): str(i["title"]) for i in response.json()["items"]}

    def caseworker_sees(self, rec_id: int) -> dict[str, Any]:
        response = self.cw_client.get(f"/profiles/{self.profile.pseudonym}/recommendations")
        assert response.status_code == 200, response.text
        (row,) = [r for r in response.json()["items"] if r["id"] == rec_id]
        return dict(row)


@pytest.fixture
def flow(app: FastAPI, session: Session) -> Flow:
    return Flow(app, session)


def test_item1_employer_edit_hides_a_shared_posting_until_reapproved(flow: Flow) -> None:
    job = flow.post_job()
    rec = flow.recommend(ItemKind.JOB, job)
    flow.act(rec, "approve")
    flow.act(rec, "share")
    flow.issue_code()
    assert flow.person_sees() == {rec: "Line Cook"}
    answered = flow.person.post(f"/my/opportunities/{rec}/answer", json={"answer": "interested"})
    assert answered.status_code == 200, answered.text

    response = flow.employer_client.put(f"/employer/postings/{job}", json=EDITED)
    assert response.status_code == 200, response.text

    assert flow.person_sees() == {}  # at once: the person never sees an unapproved version
    seen = flow.caseworker_sees(rec)
    assert seen["status"] == "shared" and seen["changed_since_approved"] is True
    changes = {c["field"]: (c["approved"], c["now"]) for c in seen["changes"]}
    assert changes["title"] == ("Line Cook", "Massage Therapist Assistant")
    assert changes["industry"] == (None, "personal care")
    assert changes["description"][1] == EDITED["description"]
    assert "pay_min" not in changes  # unchanged fields are not listed

    # Sharing again without looking is refused; approving this version and sharing shows it.
    assert "approve this version" in flow.act(rec, "share", expect=409)["error"]
    approved = flow.act(rec, "approve")
    assert (approved["status"], approved["changed_since_approved"], approved["changes"]) == ("approved", False, [])
    assert flow.person_sees() == {}
    flow.act(rec, "share")
    assert flow.person_sees() == {rec: "Massage Therapist Assistant"}
    # The answer was about the old version: the person answers the new one afresh.
    (item,) = flow.person.get("/my/opportunities").json()["items"]
    assert item["your_answer"] is None


def test_item1_an_edit_that_changes_nothing_keeps_it_visible_and_reapproval_is_refused(flow: Flow) -> None:
    job = flow.post_job()
    rec = flow.recommend(ItemKind.JOB, job)
    flow.act(rec, "approve")
    flow.act(rec, "share")
    flow.issue_code()
    assert flow.employer_client.put(f"/employer/postings/{job}", json=POSTING).status_code == 200
    assert flow.person_sees() == {rec: "Line Cook"}
    assert flow.caseworker_sees(rec)["changed_since_approved"] is False
    assert "nothing new to approve" in flow.act(rec, "approve", expect=409)["error"]


def test_item1_an_approved_item_that_changed_before_sharing_must_be_approved_again(flow: Flow) -> None:
    job = flow.post_job()
    rec = flow.recommend(ItemKind.JOB, job)
    flow.act(rec, "approve")
    assert flow.employer_client.put(f"/employer/postings/{job}", json=EDITED).status_code == 200
    assert flow.act(rec, "share", expect=409)["error"].startswith("This job changed since it was approved")
    # Share-all skips it instead of failing the batch.
    response = flow.cw_client.post(f"/profiles/{flow.profile.pseudonym}/share")
    assert response.status_code == 200 and response.json() == []
    flow.act(rec, "approve")  # approved -> approved: the new version
    flow.act(rec, "share")
    flow.issue_code()
    assert flow.person_sees() == {rec: "Massage Therapist Assistant"}


def test_item1_reimport_with_changed_content_hides_it(flow: Flow, session: Session, encoder: Encoder) -> None:
    conn = session.connection()
    record = job_in(source="feed", source_id="r-1", title="Dishwasher")
    enricher = default_enricher(encoder.model_name)
    posting = submit_posting(conn, record, enricher, None)
    rec = flow.recommend(ItemKind.JOB, posting.posting_id)
    flow.act(rec, "approve")
    flow.act(rec, "share")
    flow.issue_code()
    assert flow.person_sees() == {rec: "Dishwasher"}
    # The same file again changes nothing; a new pay range in the feed hides the item.
    submit_posting(conn, job_in(source="feed", source_id="r-1", title="Dishwasher"), enricher, None)
    assert flow.person_sees() == {rec: "Dishwasher"}
    submit_posting(conn, job_in(source="feed", source_id="r-1", title="Dishwasher", pay_min=12.0), enricher, None)
    assert flow.person_sees() == {}
    changes = flow.caseworker_sees(rec)["changes"]
    assert changes == [{"field": "pay_min", "approved": 19.5, "now": 12.0}]


def test_item1_partner_program_edit_hides_a_shared_program(
    flow: Flow, session: Session, encoder: Encoder, resources: Resources
) -> None:
    partner = make_user(session, role=Role.EDUCATION_PARTNER)
    program = add_program(session, encoder, source=catalog_owners.partner_source(partner.org_id))
    rec = flow.recommend(ItemKind.PROGRAM, int(program.id or 0))
    flow.act(rec, "approve")
    flow.act(rec, "share")
    flow.issue_code()
    assert flow.person_sees() == {rec: "Certified Nursing Assistant"}
    body = PartnerProgramEdit(
        name="Certified Nursing Assistant",
        description=program.description,
        cost_total=4800.0,
        duration_weeks=10.0,
        delivery="in_person",
        shifts=["evening"],
        city="Auburn",
        region="WA",
        skills=[],
    )
    catalog_owners.edit_program(session, resources, principal_for(partner), int(program.id or 0), body)
    assert flow.person_sees() == {}
    changes = {c["field"]: (c["approved"], c["now"]) for c in flow.caseworker_sees(rec)["changes"]}
    assert changes["cost_total"] == (1800.0, 4800.0)


def test_item1_a_direct_update_of_the_item_hides_it_and_the_snapshot_cannot_be_forged(
    flow: Flow, session: Session
) -> None:
    job = flow.post_job()
    rec = flow.recommend(ItemKind.JOB, job)
    flow.act(rec, "approve")
    flow.act(rec, "share")
    flow.issue_code()
    conn = session.connection()
    conn.execute(text("UPDATE job_posting SET contact_text = 'Text 555-0100 on WhatsApp' WHERE id = :id"), {"id": job})
    assert flow.person_sees() == {}
    # Nobody but the gate writes what was approved: copying the new hash in is refused.
    with pytest.raises(DBAPIError, match="recorded by the database"), session.begin_nested():
        session.connection().execute(
            text(
                "UPDATE recommendation SET approved_content_hash = "
                "wayfinder_content_hash(wayfinder_item_content(job_posting_id, program_id)) WHERE id = :id"
            ),
            {"id": rec},
        )
    # Nor can a shared item be re-shared around the service while it differs from what was approved.
    with pytest.raises(DBAPIError, match="changed since it was approved"), session.begin_nested():
        c = session.connection()
        rec_repo.add_decision(c, recommendation_id=rec, from_status="shared", to_status="approved", actor_id=flow.cw.id)
        c.execute(
            text("UPDATE recommendation SET status = 'approved', status_by = :a WHERE id = :id"),
            {"a": flow.cw.id, "id": rec},
        )
        rec_repo.add_decision(c, recommendation_id=rec, from_status="approved", to_status="shared", actor_id=flow.cw.id)
        c.execute(text("UPDATE job_posting SET contact_text = 'Call 555-0199' WHERE id = :id"), {"id": job})
        c.execute(
            text("UPDATE recommendation SET status = 'shared', status_by = :a WHERE id = :id"),
            {"a": flow.cw.id, "id": rec},
        )
    assert flow.person_sees() == {}


FEE_LURE = (
    "Hands-on patient care course. A $900 placement fee holds your job abroad; your job is guaranteed. "
    "Message us on WhatsApp only."
)


def test_program_edit_with_a_fee_lure_is_held_and_never_ranked_until_cleared(
    session: Session, encoder: Encoder, resources: Resources, field_cipher: FieldCipher
) -> None:
    partner = make_user(session, role=Role.EDUCATION_PARTNER)
    program = add_program(session, encoder, source=catalog_owners.partner_source(partner.org_id), url=None)
    program_id = int(program.id or 0)
    org = make_org(session)
    fields = {"work_history": [{"title": "nursing aide", "activities": "patient care, vital signs"}]}
    profile = profile_repo.create(session, org_id=org.id or 0, created_by=None, fields=fields, cipher=field_cipher)

    def ranked() -> list[int]:
        return [m.item_id for m in rank_profile(session, resources, profile, ItemKind.PROGRAM)]

    assert program_id in ranked()
    body = PartnerProgramEdit(name=program.name, description=FEE_LURE, cost_total=1800.0, city="Auburn", region="WA")
    out = catalog_owners.edit_program(session, resources, principal_for(partner), program_id, body)
    assert out["status"] == "held"
    assert program_id not in ranked()
    # The partner cleans it up: still held (only staff release it); staff clear it: ranked again.
    clean = body.model_copy(update={"description": "Hands-on patient care course. Apply at the front office."})
    assert catalog_owners.edit_program(session, resources, principal_for(partner), program_id, clean)["status"] == (
        "held"
    )
    assert program_id not in ranked()
    assert decide(session.connection(), program_id, clear=True, actor="t", reason=None, kind="program") == "active"
    assert program_id in ranked()


def test_a_shared_posting_that_stops_being_open_to_the_public_leaves_the_persons_page(
    flow: Flow, session: Session, encoder: Encoder
) -> None:
    conn = session.connection()
    enricher = default_enricher(encoder.model_name)
    posting = submit_posting(conn, job_in(source="usajobs", source_id="u-1", title="Clerk"), enricher, None)
    rec = flow.recommend(ItemKind.JOB, posting.posting_id)
    flow.act(rec, "approve")
    flow.act(rec, "share")
    flow.issue_code()
    assert flow.person_sees() == {rec: "Clerk"}
    # The feed now says only current federal employees may apply: the person could not apply.
    closed = job_in(source="usajobs", source_id="u-1", title="Clerk", open_to_public=False)
    submit_posting(conn, closed, enricher, None)
    assert flow.person_sees() == {}
    assert flow.caseworker_sees(rec)["changes"] == [{"field": "open_to_public", "approved": True, "now": False}]
