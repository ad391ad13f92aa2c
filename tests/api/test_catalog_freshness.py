"""Issue 18: after each kind of catalog write the next match reflects it, by applying the rows written since
the index's watermark (no full reload); an expired posting leaves without any write; a promoted ranker is
picked up from the stamp in PostgreSQL."""

from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np
import pytest
from sqlalchemy import text
from sqlmodel import Session

from api.resources import Resources
from api.services.matching import get_matcher, rank_profile
from matcher.embedding_text import item_text, text_hash
from matcher.encoder import Encoder
from matcher.features import FEATURE_NAMES
from matcher.model_store import promote
from matcher.reranker import DecisionReranker
from matcher.types import ProfileQuery
from models.enums import ItemKind
from models.organization import Organization
from models.privacy.crypto import FieldCipher
from models.profile import ProfileRecord
from models.repositories import candidates as candidate_repo
from models.repositories import owned_catalog, screening
from models.repositories import profiles as profile_repo
from models.settings import Settings
from tests.catalog_factories import add_job

FORKLIFT = {"title": "Forklift Operator", "description": "Drive a forklift and load trucks in our warehouse."}


@pytest.fixture
def resources(settings: Settings, engine, encoder: Encoder, tmp_path: Path) -> Resources:  # type: ignore[no-untyped-def]
    own = settings.model_copy(update={"home": tmp_path})  # its own rankers folder
    return Resources(settings=own, engine=engine, encoder=encoder)


def _profile(session: Session, cipher: FieldCipher) -> ProfileRecord:
    org = Organization(name="Agency", kind="agency")
    session.add(org)
    session.flush()
    fields = {
        "skills": ["forklift"],
        "work_history": [{"title": "warehouse", "activities": "loaded trucks and drove a forklift"}],
        "region": "WA",
        "pay_floor_hourly": 18.0,
    }
    return profile_repo.create(session, org_id=org.id or 0, created_by=None, fields=fields, cipher=cipher)


def _titles(session: Session, resources: Resources, profile: ProfileRecord) -> dict[int, str]:
    query = ProfileQuery.from_profile(profile, profile_id=profile.pseudonym)
    ranked = get_matcher(resources).rank(session.connection(), query, "job", 10)
    return {int(m.candidate.item_id): m.candidate.title for m in ranked}


def _ranked(session: Session, resources: Resources, profile: ProfileRecord) -> list[int]:
    return [m.item_id for m in rank_profile(session, resources, profile, ItemKind.JOB, top_k=10)]


def test_the_next_match_after_each_kind_of_write_reflects_it_without_a_full_reload(
    session: Session, resources: Resources, encoder: Encoder, field_cipher: FieldCipher
) -> None:
    first = add_job(session, encoder, source="employer", pay_min_hourly=22.0, pay_max_hourly=24.0, **FORKLIFT)
    profile = _profile(session, field_cipher)
    assert _ranked(session, resources, profile) == [first.id]
    matcher = get_matcher(resources)
    assert matcher.full_builds["job"] == 1
    conn = session.connection()

    # post
    posted = add_job(session, encoder, source="employer", pay_min_hourly=25.0, pay_max_hourly=26.0, **FORKLIFT)
    assert set(_ranked(session, resources, profile)) == {first.id, posted.id}

    # edit: the pay drops under the person's floor, then the text changes to something else entirely
    conn.execute(
        text("UPDATE job_posting SET pay_min_hourly = 12, pay_max_hourly = 13 WHERE id = :id"), {"id": posted.id}
    )
    assert _ranked(session, resources, profile) == [first.id]
    barista = encoder.encode_one(item_text("Barista", "Make espresso drinks.")).tolist()
    # As an import writes it: the new text's hash, then its embedding (a row whose vector is not its present
    # text's is left out of ranking until it is embedded again).
    barista_hash = text_hash(item_text("Barista", "Make espresso drinks."), encoder.model_name)
    conn.execute(
        text(
            "UPDATE job_posting SET pay_min_hourly = 25, pay_max_hourly = 26, title = 'Barista', "
            "description = 'Make espresso drinks.', embedding = :e, text_hash = :h, embedding_hash = :h "
            "WHERE id = :id"
        ),
        {"id": posted.id, "e": str(barista), "h": barista_hash},
    )
    assert _titles(session, resources, profile) == {first.id: "Forklift Operator", posted.id: "Barista"}

    # close
    assert owned_catalog.close_posting(conn, posting_id=first.id, source="employer")
    assert first.id not in _ranked(session, resources, profile)

    # hold, then clear
    third = add_job(session, encoder, source="employer", pay_min_hourly=22.0, pay_max_hourly=24.0, **FORKLIFT)
    assert third.id in _ranked(session, resources, profile)
    assert screening.set_status(conn, third.id or 0, from_status="active", to_status="held")
    assert third.id not in _ranked(session, resources, profile)
    assert screening.set_status(conn, third.id or 0, from_status="held", to_status="active")
    assert third.id in _ranked(session, resources, profile)

    assert matcher.full_builds["job"] == 1  # every write above was applied row by row


def test_an_expired_posting_disappears_without_any_write(
    session: Session, resources: Resources, encoder: Encoder, field_cipher: FieldCipher
) -> None:
    soon = datetime.now(UTC) + timedelta(minutes=10)
    expiring = add_job(session, encoder, valid_through=soon, pay_min_hourly=22.0, **FORKLIFT)
    lasting = add_job(session, encoder, pay_min_hourly=22.0, **FORKLIFT)
    profile = _profile(session, field_cipher)
    assert set(_ranked(session, resources, profile)) == {expiring.id, lasting.id}
    version = candidate_repo.catalog_states(session.connection())["job"][0]
    matcher = get_matcher(resources)
    matcher.clock = lambda: soon.timestamp() + 1  # eleven minutes on; nothing written meanwhile
    assert _ranked(session, resources, profile) == [lasting.id]
    assert candidate_repo.catalog_states(session.connection())["job"][0] == version
    assert matcher.full_builds["job"] == 1


def test_a_ranker_promoted_elsewhere_is_used_at_the_next_request(
    session: Session, resources: Resources, encoder: Encoder, field_cipher: FieldCipher
) -> None:
    add_job(session, encoder, pay_min_hourly=22.0, **FORKLIFT)
    profile = _profile(session, field_cipher)
    before = rank_profile(session, resources, profile, ItemKind.JOB)
    # Another process (`wayfinder ranker retrain`) writes a new model and moves the stamp.
    rng = np.random.default_rng(0)
    features = rng.normal(size=(80, len(FEATURE_NAMES)))
    model = DecisionReranker().fit(features, (features[:, 0] > 0).astype(int))
    promoted = promote(model, resources.settings.rankers_dir)
    assert promoted != before[0].model_version
    assert rank_profile(session, resources, profile, ItemKind.JOB)[0].model_version == before[0].model_version
    candidate_repo.bump_ranker(session.connection())
    assert rank_profile(session, resources, profile, ItemKind.JOB)[0].model_version == promoted
