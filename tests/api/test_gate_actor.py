"""Every recommendation has a caseworker behind it: the gate refuses one created without an actor."""

import pytest
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session

from matcher.encoder import Encoder
from models.profile import SurvivorProfile
from models.recommendation import Recommendation
from tests.catalog_factories import add_job
from tests.factories import make_org


def test_a_proposal_without_an_actor_is_refused(session: Session, encoder: Encoder) -> None:
    org = make_org(session)
    profile = SurvivorProfile(org_id=org.id)
    session.add(profile)
    session.flush()
    job = add_job(session, encoder)
    session.add(
        Recommendation(
            profile_pseudonym=profile.pseudonym,
            org_id=org.id,
            item_kind="job",
            job_posting_id=job.id,
            rank=1,
            score=0.0,
            model_version="default",
            status="proposed",
        )
    )
    with pytest.raises(DBAPIError, match="only a caseworker of the profile's organization"):
        session.flush()
