"""The matching service over the real database: only live, safe items; explained; re-checked."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import Session

from api.resources import Resources
from api.services.matching import rank_profile
from matcher.encoder import Encoder
from models.enums import ItemKind
from models.organization import Organization
from models.privacy.crypto import FieldCipher
from models.profile import ProfileRecord
from models.repositories import profiles as profile_repo
from models.settings import Settings
from tests.catalog_factories import add_job, add_program


@pytest.fixture
def resources(settings: Settings, engine, encoder: Encoder) -> Resources:  # type: ignore[no-untyped-def]
    return Resources(settings=settings, engine=engine, encoder=encoder)


@pytest.fixture
def cipher(field_cipher: FieldCipher) -> FieldCipher:
    return field_cipher


def _profile(session: Session, cipher: FieldCipher, **fields: object) -> ProfileRecord:
    """Stored the way the API stores it (exclusions sealed), read back decrypted as ranking reads it."""
    org = Organization(name="Agency", kind="agency")
    session.add(org)
    session.flush()
    base: dict[str, object] = {
        "skills": ["forklift"],
        "work_history": [{"title": "warehouse", "activities": "loaded trucks and drove a forklift"}],
        "region": "WA",
    }
    return profile_repo.create(session, org_id=org.id or 0, created_by=None, fields={**base, **fields}, cipher=cipher)


def test_held_expired_closed_and_duplicate_postings_never_come_back(
    session: Session, resources: Resources, encoder: Encoder, cipher: FieldCipher
) -> None:
    text = {"title": "Forklift Operator", "description": "Drive a forklift and load trucks in our warehouse."}
    good = add_job(session, encoder, **text)
    held = add_job(session, encoder, status="held", **text)
    closed = add_job(session, encoder, status="closed", **text)
    expired = add_job(session, encoder, valid_through=datetime.now(UTC) - timedelta(days=1), **text)
    dup = add_job(session, encoder, duplicate_of_id=good.id, source="other", **text)
    add_job(session, encoder, title="Barista", description="Make espresso drinks.")
    matches = rank_profile(session, resources, _profile(session, cipher), ItemKind.JOB, top_k=10)
    ids = [m.item_id for m in matches]
    assert good.id in ids
    assert not {held.id, closed.id, expired.id, dup.id} & set(ids)
    assert ids[0] == good.id


def test_a_posting_held_after_the_index_was_built_is_not_returned(
    session: Session, resources: Resources, encoder: Encoder, cipher: FieldCipher
) -> None:
    job = add_job(session, encoder, title="Forklift Operator", description="Forklift work, load trucks.")
    other = add_job(session, encoder, title="Forklift Driver", description="Forklift work.", status="held")
    profile = _profile(session, cipher)
    assert [m.item_id for m in rank_profile(session, resources, profile, ItemKind.JOB)] == [job.id]
    # Swap the two statuses without bumping the change counter, as if this process had not seen the
    # change yet: its index is stale. The database re-check of the ranked items catches it.
    conn = session.connection()
    conn.exec_driver_sql("ALTER TABLE job_posting DISABLE TRIGGER job_posting_log_update")
    conn.exec_driver_sql(
        f"UPDATE job_posting SET status = CASE WHEN id = {job.id} THEN 'held' ELSE 'active' END "
        f"WHERE id IN ({job.id}, {other.id})"
    )
    assert rank_profile(session, resources, profile, ItemKind.JOB) == []


def test_safety_exclusions_and_pay_floor_are_hard_constraints(
    session: Session, resources: Resources, encoder: Encoder, cipher: FieldCipher
) -> None:
    excluded = add_job(session, encoder, employer_name="Northwind Packing LLC", title="Forklift Operator")
    low_pay = add_job(session, encoder, employer_name="Other Co", pay_min_hourly=12.0, pay_max_hourly=13.0)
    fine = add_job(session, encoder, employer_name="Cascade Logistics", pay_min_hourly=21.0, pay_max_hourly=23.0)
    profile = _profile(session, cipher, excluded_employers=["northwind packing"], pay_floor_hourly=18.0)
    ids = [m.item_id for m in rank_profile(session, resources, profile, ItemKind.JOB)]
    assert fine.id in ids
    assert excluded.id not in ids and low_pay.id not in ids


def test_matches_carry_explanations_and_employer_verification(
    session: Session, resources: Resources, encoder: Encoder, cipher: FieldCipher
) -> None:
    add_job(session, encoder, title="Forklift Operator", description="Operate a forklift; load trucks.", skills=[])
    [match] = rank_profile(session, resources, _profile(session, cipher), ItemKind.JOB)
    assert match.explanation["employer_verified"] is False
    assert "Employer not yet verified by staff." in match.explanation["lines"]
    assert match.features and match.model_version


def test_programs_rank_too(session: Session, resources: Resources, encoder: Encoder, cipher: FieldCipher) -> None:
    cna = add_program(session, encoder)
    add_program(session, encoder, name="Welding", description="Weld steel.", status="closed")
    matches = rank_profile(session, resources, _profile(session, cipher), ItemKind.PROGRAM)
    assert [m.item_id for m in matches] == [cna.id]


def test_a_job_with_a_skill_gap_comes_with_training_that_closes_it(
    session: Session, resources: Resources, encoder: Encoder, cipher: FieldCipher
) -> None:
    job = add_job(
        session,
        encoder,
        title="Certified Nursing Assistant",
        description="Patient care; take vital signs.",
        occupation_code="31-1131",
        skills=["wf:patient-care", "wf:vital-signs"],
    )
    cna = add_program(session, encoder, target_soc_codes=["31-1131"], skills=["wf:vital-signs"], region="WA")
    add_program(session, encoder, name="Welding", description="Weld steel.", target_soc_codes=["51-4121"], skills=[])
    far = add_program(session, encoder, target_soc_codes=["31-1131"], skills=["wf:vital-signs"], region="OR")
    org = Organization(name="Agency", kind="agency")
    session.add(org)
    session.flush()
    fields = {"region": "WA", "skills": ["wf:patient-care"], "work_history": [{"activities": "cared for my aunt"}]}
    profile = profile_repo.create(session, org_id=org.id or 0, created_by=None, fields=fields, cipher=cipher)
    [match] = [m for m in rank_profile(session, resources, profile, ItemKind.JOB) if m.item_id == job.id]
    routes = match.explanation["pathways"]
    assert [r["program_id"] for r in routes] == [cna.id]  # the Oregon one breaks the area constraint
    assert routes[0]["closes_share"] == 1.0 and routes[0]["targets_this_occupation"] is True
    assert far.id not in [r["program_id"] for r in routes]


def test_a_stored_posting_not_open_to_the_public_is_never_ranked(
    session: Session, resources: Resources, encoder: Encoder, cipher: FieldCipher
) -> None:
    text = {"title": "Forklift Operator", "description": "Drive a forklift and load trucks in our warehouse."}
    public = add_job(session, encoder, **text)
    internal = add_job(session, encoder, open_to_public=False, hiring_paths=["fed-internal-search"], **text)
    ids = [m.item_id for m in rank_profile(session, resources, _profile(session, cipher), ItemKind.JOB, top_k=10)]
    assert public.id in ids
    assert internal.id not in ids
