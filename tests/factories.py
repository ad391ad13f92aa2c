"""Factories with keyword overrides: valid by default, any field can be set by the test."""

import itertools
from typing import TYPE_CHECKING, Any

from models.job_posting import JobPostingIn
from models.program import ProgramIn

if TYPE_CHECKING:
    from sqlmodel import Session

    from api.services.principal import Principal
    from models.follow_up import FollowUp
    from models.organization import Organization, User
    from models.outcome import OutcomeEvent
    from models.profile import SurvivorProfile
    from models.recommendation import Recommendation

_seq = itertools.count(1)


def job_in(**overrides: Any) -> JobPostingIn:
    n = next(_seq)
    fields: dict[str, Any] = {
        "source": "test",
        "source_id": f"job-{n}",
        "title": "Warehouse Associate",
        "description": "Pick and pack orders, load trucks, operate a pallet jack. Day shift.",
        "employer_name": "Cascade Logistics Inc.",
        "employment_types": ["FULL_TIME"],
        "pay_min": 19.5,
        "pay_max": 22.0,
        "pay_unit": "HOUR",
        "pay_currency": "USD",
        "pay_min_hourly": 19.5,
        "pay_max_hourly": 22.0,
        "city": "Kent",
        "region": "WA",
        "zip3": "980",
        "country": "US",
        "shifts": ["day"],
        "occupation_code": "53-7065",
    }
    fields.update(overrides)
    return JobPostingIn(**fields)


def program_in(**overrides: Any) -> ProgramIn:
    n = next(_seq)
    fields: dict[str, Any] = {
        "source": "test",
        "source_id": f"prog-{n}",
        "name": "Certified Nursing Assistant",
        "description": "Patient care skills, vital signs, infection control. Prepares for the state exam.",
        "provider_name": "Green River College",
        "provider_type": "community college",
        "cip_code": "51.3902",
        "target_soc_codes": ["31-1131"],
        "cost_total": 1800.0,
        "duration_weeks": 10.0,
        "delivery": "in_person",
        "shifts": ["evening"],
        "city": "Auburn",
        "region": "WA",
        "zip3": "980",
    }
    fields.update(overrides)
    return ProgramIn(**fields)


# --- accounts, profiles and recommendations (stored; pass the test's session) ---------------------

DEFAULT_PASSWORD = "correct horse battery staple"
_password_hashes: dict[str, str] = {}


def password_hash(password: str = DEFAULT_PASSWORD) -> str:
    """Argon2id hash with the production parameters, computed once per password per test run."""
    from api.services.accounts import hash_password

    if password not in _password_hashes:
        _password_hashes[password] = hash_password(password)
    return _password_hashes[password]


def make_org(session: "Session", **overrides: Any) -> "Organization":
    from models.enums import OrgKind
    from models.organization import Organization

    n = next(_seq)
    fields: dict[str, Any] = {"name": f"Agency {n}", "kind": OrgKind.AGENCY}
    fields.update(overrides)
    org = Organization(**fields)
    session.add(org)
    session.flush()
    return org


def make_user(session: "Session", *, org: "Organization | None" = None, **overrides: Any) -> "User":
    """A user (caseworker of a new agency unless told otherwise); `password` sets the password."""
    from models.enums import OrgKind, Role
    from models.organization import User

    role = Role(overrides.pop("role", Role.CASEWORKER))
    if org is None:
        kind = {Role.EMPLOYER: OrgKind.EMPLOYER, Role.EDUCATION_PARTNER: OrgKind.EDUCATION_PARTNER}.get(
            role, OrgKind.AGENCY
        )
        org = make_org(session, kind=kind)
    n = next(_seq)
    fields: dict[str, Any] = {
        "email": f"user{n}@example.org",
        "role": role,
        "org_id": org.id,
        "password_hash": password_hash(overrides.pop("password", DEFAULT_PASSWORD)),
    }
    fields.update(overrides)
    user = User(**fields)
    session.add(user)
    session.flush()
    return user


def principal_for(user: "User") -> "Principal":
    from api.services.accounts import principal_of

    return principal_of(user)


def profile_fields(**overrides: Any) -> dict[str, Any]:
    """A valid intake body (JSON-ready)."""
    fields: dict[str, Any] = {
        "skills": ["forklift", "inventory"],
        "work_history": [{"title": "warehouse helper", "activities": "loaded trucks and drove a forklift"}],
        "education_level": "high_school",
        "interests": ["logistics"],
        "goals": ["steady hours"],
        "region": "WA",
        "zip3s": ["980"],
        "pay_floor_hourly": 17.0,
    }
    fields.update(overrides)
    return fields


def make_profile(
    session: "Session", *, org_id: int, created_by: int | None = None, **overrides: Any
) -> "SurvivorProfile":
    from models.profile import SurvivorProfile

    profile = SurvivorProfile(org_id=org_id, created_by=created_by, **profile_fields(**overrides))
    session.add(profile)
    session.flush()
    return profile


def make_recommendation(
    session: "Session",
    *,
    profile: "SurvivorProfile",
    actor: "User",
    job_posting_id: int | None = None,
    program_id: int | None = None,
    **overrides: Any,
) -> "Recommendation":
    """A `proposed` recommendation with its first decision row, as matching stores it."""
    from models.recommendation import Recommendation, ReviewDecision

    fields: dict[str, Any] = {
        "profile_pseudonym": profile.pseudonym,
        "org_id": profile.org_id,
        "item_kind": "job" if job_posting_id is not None else "program",
        "job_posting_id": job_posting_id,
        "program_id": program_id,
        "rank": 1,
        "score": 0.5,
        "features": {},
        "explanation": {},
        "model_version": "test",
        "status_by": actor.id,
    }
    fields.update(overrides)
    rec = Recommendation(**fields)
    session.add(rec)
    session.flush()
    session.add(ReviewDecision(recommendation_id=rec.id, to_status="proposed", actor_user_id=actor.id))
    session.flush()
    return rec


def make_follow_up(
    session: "Session", *, profile: "SurvivorProfile", recommendation: "Recommendation | None" = None, **overrides: Any
) -> "FollowUp":
    """An open follow-up of a shared item, due in 7 days unless `due_on` (or anything else) is given."""
    from datetime import timedelta

    from models.columns import utcnow
    from models.follow_up import FollowUp

    fields: dict[str, Any] = {
        "org_id": profile.org_id,
        "profile_pseudonym": profile.pseudonym,
        "recommendation_id": recommendation.id if recommendation else None,
        "reason": "shared",
        "offset_days": 7,
        "due_on": utcnow().date() + timedelta(days=7),
    }
    fields.update(overrides)
    row = FollowUp(**fields)
    session.add(row)
    session.flush()
    return row


def make_outcome(
    session: "Session", *, recommendation: "Recommendation", stage: str = "applied", **overrides: Any
) -> "OutcomeEvent":
    """One recorded outcome stage of an item (today unless `occurred_on`, or anything else, is given)."""
    from models.columns import utcnow
    from models.outcome import OutcomeEvent

    fields: dict[str, Any] = {
        "org_id": recommendation.org_id,
        "profile_pseudonym": recommendation.profile_pseudonym,
        "recommendation_id": recommendation.id,
        "stage": stage,
        "occurred_on": utcnow().date(),
    }
    fields.update(overrides)
    row = OutcomeEvent(**fields)
    session.add(row)
    session.flush()
    return row
