"""The approval gate in the database: the trigger and the survivor view hold even when the service is bypassed."""

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session

from api.services.review import Decision, decide
from matcher.encoder import Encoder
from models.enums import ReasonCode, Role
from models.privacy.tools import PrivacyTools
from models.repositories import recommendations as rec_repo
from tests.catalog_factories import add_job
from tests.factories import make_profile, make_recommendation, make_user, principal_for


@pytest.fixture
def world(session: Session, encoder: Encoder) -> dict:  # type: ignore[type-arg]
    cw = make_user(session)
    other_cw = make_user(session)  # another agency
    employer = make_user(session, role=Role.EMPLOYER)
    profile = make_profile(session, org_id=cw.org_id, created_by=cw.id)
    job = add_job(session, encoder)
    rec = make_recommendation(session, profile=profile, actor=cw, job_posting_id=job.id)
    return {"cw": cw, "other": other_cw, "employer": employer, "profile": profile, "job": job, "rec": rec}


def refused(session: Session, sql: str, params: dict, match: str = "approval gate") -> None:  # type: ignore[type-arg]
    with pytest.raises(DBAPIError, match=match), session.begin_nested():
        session.connection().execute(text(sql), params)


def visible(session: Session, pseudonym: str) -> set[int]:
    return {r["id"] for r in rec_repo.visible_for_profile(session.connection(), pseudonym=pseudonym)}


def test_a_recommendation_cannot_be_created_approved_or_shared(session: Session, world: dict) -> None:  # type: ignore[type-arg]
    p, cw, job = world["profile"], world["cw"], world["job"]
    for status in ("approved", "shared"):
        refused(
            session,
            "INSERT INTO recommendation (profile_pseudonym, org_id, item_kind, job_posting_id, rank, score, features, "
            "explanation, model_version, status, status_by, created_at, updated_at) VALUES (:p, :org, 'job', "
            ":job, 1, 1, '{}', '{}', 'x', :s, :cw, now(), now())",
            {"p": p.pseudonym, "org": p.org_id, "s": status, "cw": cw.id, "job": job.id},
        )


def test_status_jumps_and_unlogged_changes_are_refused(session: Session, world: dict) -> None:  # type: ignore[type-arg]
    rec, cw = world["rec"], world["cw"]
    # proposed -> shared skips approval.
    refused(
        session,
        "UPDATE recommendation SET status = 'shared', status_by = :cw WHERE id = :id",
        {"cw": cw.id, "id": rec.id},
    )
    # proposed -> approved without a review_decision row first.
    refused(
        session,
        "UPDATE recommendation SET status = 'approved', status_by = :cw WHERE id = :id",
        {"cw": cw.id, "id": rec.id},
    )


@pytest.mark.parametrize("who", ["other", "employer"])
def test_only_a_caseworker_of_the_profiles_org_can_approve(session: Session, world: dict, who: str) -> None:  # type: ignore[type-arg]
    rec, actor = world["rec"], world[who]
    with pytest.raises(DBAPIError, match="approval gate"), session.begin_nested():
        conn = session.connection()
        rec_repo.add_decision(
            conn, recommendation_id=rec.id, from_status="proposed", to_status="approved", actor_id=actor.id
        )
        rec_repo.set_status(
            conn, recommendation_id=rec.id, from_status="proposed", to_status="approved", actor_id=actor.id
        )


def test_a_forged_share_is_invisible_and_a_real_one_is_visible(session: Session, world: dict) -> None:  # type: ignore[type-arg]
    rec, other, p = world["rec"], world["other"], world["profile"]
    conn = session.connection()
    # Someone with table access disables the trigger and forges 'shared' with an approval by another agency.
    conn.execute(text("ALTER TABLE recommendation DISABLE TRIGGER recommendation_gate"))
    rec_repo.add_decision(
        conn, recommendation_id=rec.id, from_status="proposed", to_status="approved", actor_id=other.id
    )
    rec_repo.add_decision(conn, recommendation_id=rec.id, from_status="approved", to_status="shared", actor_id=other.id)
    conn.execute(text("UPDATE recommendation SET status = 'shared' WHERE id = :id"), {"id": rec.id})
    conn.execute(text("ALTER TABLE recommendation ENABLE TRIGGER recommendation_gate"))
    assert visible(session, p.pseudonym) == set()  # the view still wants an approval by the profile's own org


def test_the_service_path_approve_then_share_is_visible_and_reject_is_not(
    session: Session,
    privacy: PrivacyTools,
    world: dict,
    encoder: Encoder,  # type: ignore[type-arg]
) -> None:
    rec, cw, p = world["rec"], world["cw"], world["profile"]
    who = principal_for(cw)
    second = make_recommendation(session, profile=p, actor=cw, job_posting_id=add_job(session, encoder).id)
    decide(session, who, rec.id, Decision("approve"), privacy)
    assert visible(session, p.pseudonym) == set()  # approved is not yet shared
    decide(session, who, rec.id, Decision("share"), privacy)
    decide(session, who, second.id, Decision("reject", ReasonCode.PAY_TOO_LOW), privacy)
    assert visible(session, p.pseudonym) == {rec.id}
    # Withdraw, re-propose: gone until approved and shared again.
    decide(session, who, rec.id, Decision("withdraw"), privacy)
    decide(session, who, rec.id, Decision("repropose"), privacy)
    assert visible(session, p.pseudonym) == set()


def test_a_shared_item_that_gets_held_leaves_the_view(
    session: Session,
    privacy: PrivacyTools,
    world: dict,  # type: ignore[type-arg]
) -> None:
    rec, cw, p, job = world["rec"], world["cw"], world["profile"], world["job"]
    who = principal_for(cw)
    decide(session, who, rec.id, Decision("approve"), privacy)
    decide(session, who, rec.id, Decision("share"), privacy)
    assert visible(session, p.pseudonym) == {rec.id}
    session.connection().execute(text("UPDATE job_posting SET status = 'held' WHERE id = :id"), {"id": job.id})
    assert visible(session, p.pseudonym) == set()


def test_review_decisions_stay_append_only(session: Session, world: dict) -> None:  # type: ignore[type-arg]
    refused(session, "UPDATE review_decision SET to_status = 'approved'", {}, match="append-only")


def test_another_organization_cannot_propose_for_a_profile(session: Session, world: dict) -> None:  # type: ignore[type-arg]
    p, other, job = world["profile"], world["other"], world["job"]
    refused(
        session,
        "INSERT INTO recommendation (profile_pseudonym, org_id, item_kind, job_posting_id, rank, score, features, "
        "explanation, model_version, status, status_by, created_at, updated_at) VALUES (:p, :org, 'job', "
        ":job, 2, 1, '{}', '{}', 'x', 'proposed', :actor, now(), now())",
        {"p": p.pseudonym, "org": p.org_id, "actor": other.id, "job": job.id},  # the gate runs before uniqueness
    )
