"""Held postings: staff see the evidence, clear or reject; held ones never reach a ranked list."""

import pytest
from sqlalchemy import text
from sqlmodel import Session

from api.resources import Resources
from api.services.matching import rank_profile
from etl.components import default_enricher
from etl.screening.review import decide, employer_view_status, evidence_in_context
from matcher.encoder import Encoder
from models.enums import ItemKind
from models.errors import ConflictError, NotFoundError, ValidationFailed
from models.organization import Organization
from models.privacy.crypto import FieldCipher
from models.repositories import profiles as profile_repo
from models.repositories.screening import held_postings
from models.settings import Settings
from tests.catalog_factories import add_job

RED_FLAG = "Housekeeper wanted. Start today, no interview. Recruitment fee $300. Contact us on WhatsApp only."


def _held_job(session: Session, encoder: Encoder):  # type: ignore[no-untyped-def]
    record_fields = {"title": "Hotel Housekeeper", "description": RED_FLAG, "employer_name": "Sunrise Staffing"}
    job = add_job(session, encoder, **record_fields)
    # What the import pipeline stores: status and hits from the real screener.
    from tests.factories import job_in

    derived = default_enricher(encoder.model_name).job(job_in(**record_fields))
    job.status, job.screening, job.review_priority = derived["status"], derived["screening"], derived["review_priority"]
    session.add(job)
    session.flush()
    return job


def test_queue_shows_held_postings_with_evidence_in_context(session: Session, encoder: Encoder) -> None:
    job = _held_job(session, encoder)
    assert job.status == "held"
    [row] = [r for r in held_postings(session.connection(), limit=50) if r["id"] == job.id]
    views = [evidence_in_context(row, hit) for hit in row["screening"]]
    families = {v.family for v in views}
    assert {"worker_fees", "messaging_contact", "urgency_no_interview"} <= families
    fee = next(v for v in views if v.family == "worker_fees")
    assert "fee" in fee.evidence.lower() and fee.before.endswith("interview. ")


def test_clear_makes_it_live_and_reject_needs_a_reason(session: Session, encoder: Encoder) -> None:
    conn = session.connection()
    job = _held_job(session, encoder)
    with pytest.raises(ValidationFailed, match="needs a reason"):
        decide(conn, job.id, clear=False, actor="t", reason=" ")
    assert decide(conn, job.id, clear=True, actor="staff@agency", reason=None) == "active"
    with pytest.raises(ConflictError, match="not held"):
        decide(conn, job.id, clear=True, actor="t", reason=None)
    with pytest.raises(NotFoundError):
        decide(conn, 10**9, clear=True, actor="t", reason=None)
    event = conn.execute(text("SELECT action, purpose, detail FROM audit_event ORDER BY id DESC LIMIT 1")).one()
    assert event[0] == "posting.clear" and event[1] == "staff@agency" and event[2]["posting_id"] == job.id


def test_held_posting_is_never_ranked_until_cleared(
    session: Session, encoder: Encoder, settings: Settings, engine, field_cipher: FieldCipher
) -> None:  # type: ignore[no-untyped-def]
    resources = Resources(settings=settings, engine=engine, encoder=encoder)
    job = _held_job(session, encoder)
    org = Organization(name="Agency", kind="agency")
    session.add(org)
    session.flush()
    fields = {"work_history": [{"title": "housekeeper", "activities": "cleaned hotel rooms"}]}
    profile = profile_repo.create(session, org_id=org.id or 0, created_by=None, fields=fields, cipher=field_cipher)
    assert job.id not in [m.item_id for m in rank_profile(session, resources, profile, ItemKind.JOB)]
    decide(session.connection(), job.id, clear=True, actor="t", reason=None)
    assert job.id in [m.item_id for m in rank_profile(session, resources, profile, ItemKind.JOB)]


def test_employers_are_told_under_review_not_which_rule() -> None:
    assert employer_view_status("held") == "under review"
    assert employer_view_status("rejected") == "not accepted"
    assert employer_view_status("active") == "live"
