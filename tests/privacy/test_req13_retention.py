"""Requirement 13: inactive profiles and expired consents are purged on schedule (GDPR Art. 5(1)(e)).

The clock is frozen: every test passes `NOW` to the purge and dates its rows relative to it.
"""

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import typer
from sqlalchemy import Engine, text
from sqlmodel import Session
from typer.testing import CliRunner

from api.cli_privacy import purge
from api.services.retention import purge_expired
from models.columns import utcnow
from models.consent import Consent
from models.db import session_scope
from models.organization import User
from models.profile import SurvivorProfile
from models.repositories import audit as audit_repo
from models.repositories import consents as consent_repo
from models.settings import Settings
from tests.factories import make_profile, make_user

NOW = datetime(2031, 3, 14, 9, 0, tzinfo=UTC)


@pytest.fixture
def caseworker(session: Session) -> User:
    return make_user(session)


def idle_profile(session: Session, caseworker: User, *, idle_days: int, now: datetime = NOW) -> SurvivorProfile:
    profile = make_profile(session, org_id=caseworker.org_id, created_by=caseworker.id)
    profile.created_at = profile.last_activity_at = now - timedelta(days=idle_days)
    session.add(profile)
    session.flush()
    return profile


def consent(
    session: Session,
    profile: SurvivorProfile,
    caseworker: User,
    *,
    expired_days_ago: int,
    withdrawn_days_ago: int | None = None,
) -> Consent:
    """A consent that expired `expired_days_ago` days before NOW (negative: still running)."""
    expires = NOW - timedelta(days=expired_days_ago)
    row = consent_repo.create(
        session,
        pseudonym=profile.pseudonym,
        org_id=profile.org_id,
        recipient="cascade logistics",
        purpose="referral",
        scope="skills_summary",
        granted_at=expires - timedelta(days=90),
        expires_at=expires,
        recorded_by=caseworker.id,
    )
    if withdrawn_days_ago is not None:
        consent_repo.withdraw(session, row, now=NOW - timedelta(days=withdrawn_days_ago), by=caseworker.id)
    return row


def profiles_left(session: Session, *profiles: SurvivorProfile) -> set[str]:
    rows = session.execute(
        text("SELECT pseudonym FROM survivor_profile WHERE pseudonym = ANY(:p)"), {"p": [p.pseudonym for p in profiles]}
    ).scalars()
    return set(rows)


def consents_left(session: Session, *consents: Consent) -> set[int]:
    rows = session.execute(text("SELECT id FROM consent WHERE id = ANY(:ids)"), {"ids": [c.id for c in consents]})
    return set(rows.scalars())


def test_req13_profile_idle_past_retention_is_purged_and_one_idle_just_under_is_kept(
    session: Session, settings: Settings, caseworker: User
) -> None:
    assert settings.profile_retention_days == 365
    stale = idle_profile(session, caseworker, idle_days=366)
    recent = idle_profile(session, caseworker, idle_days=364)

    report = purge_expired(session, NOW, settings)

    assert report.profiles_erased == 1
    assert report.rows["survivor_profile"] == 1
    assert profiles_left(session, stale, recent) == {recent.pseudonym}
    erasures = session.execute(
        text("SELECT actor_role, purpose, pseudonym FROM audit_event WHERE action = 'profile.erase'")
    ).all()
    assert [tuple(r) for r in erasures] == [("system", "retention", None)]


def test_req13_profile_used_again_recently_is_kept(session: Session, settings: Settings, caseworker: User) -> None:
    # Not edited for 400 days, but the person opened their opportunities 10 days ago: still in use.
    returning = idle_profile(session, caseworker, idle_days=400)
    session.execute(
        text(
            "INSERT INTO audit_event (at, actor_role, org_id, pseudonym, action, purpose, detail) "
            "VALUES (:at, 'access_code', :org, :p, 'opportunities.view', 'person viewing shared opportunities', '{}')"
        ),
        {"at": NOW - timedelta(days=10), "org": returning.org_id, "p": returning.pseudonym},
    )
    # Edited again 3 days ago after a long pause.
    edited = idle_profile(session, caseworker, idle_days=3)
    edited.created_at = NOW - timedelta(days=900)
    session.add(edited)
    session.flush()

    report = purge_expired(session, NOW, settings)

    assert report.profiles_erased == 0
    assert profiles_left(session, returning, edited) == {returning.pseudonym, edited.pseudonym}


def test_req13_profile_only_listed_or_viewed_by_staff_is_still_purged_but_a_change_keeps_it(
    session: Session, settings: Settings, caseworker: User
) -> None:
    """The dashboard audits every profile it lists; those events (and staff views) kept idle profiles forever."""
    listed, viewed, changed = (idle_profile(session, caseworker, idle_days=400) for _ in range(3))
    staff_role = caseworker.role.value

    def event(profile: SurvivorProfile, action: str, days_ago: int) -> None:
        session.execute(
            text(
                "INSERT INTO audit_event (at, actor_user_id, actor_role, org_id, pseudonym, action, purpose, detail) "
                "VALUES (:at, :user, :role, :org, :p, :action, 'case management', '{}')"
            ),
            {
                "at": NOW - timedelta(days=days_ago),
                "user": caseworker.id,
                "role": staff_role,
                "org": profile.org_id,
                "p": profile.pseudonym,
                "action": action,
            },
        )

    for days_ago in (1, 30, 200):  # listed on the dashboard every so often, up to yesterday
        event(listed, "profile.list", days_ago)
    for action in ("profile.view", "recommendation.list", "recommendation.history", "audit.view", "audit.export"):
        event(viewed, action, 5)
    event(changed, "profile.list", 2)
    event(changed, "recommendation.approve", 20)  # a decision is activity

    report = purge_expired(session, NOW, settings)

    assert profiles_left(session, listed, viewed, changed) == {changed.pseudonym}
    assert report.profiles_erased == 2


def test_req13_lapsed_consents_past_retention_are_deleted_live_ones_kept(
    session: Session, settings: Settings, caseworker: User
) -> None:
    assert settings.consent_retention_days == 30
    profile = idle_profile(session, caseworker, idle_days=1)
    expired_long_ago = consent(session, profile, caseworker, expired_days_ago=31)
    withdrawn_long_ago = consent(session, profile, caseworker, expired_days_ago=-200, withdrawn_days_ago=31)
    expired_lately = consent(session, profile, caseworker, expired_days_ago=29)
    withdrawn_lately = consent(session, profile, caseworker, expired_days_ago=-200, withdrawn_days_ago=2)
    live = consent(session, profile, caseworker, expired_days_ago=-60)
    referral = consent_repo.add_referral(
        session,
        pseudonym=profile.pseudonym,
        org_id=profile.org_id,
        consent_id=expired_long_ago.id or 0,
        recommendation_id=None,
        recipient="cascade logistics",
        purpose="referral",
        created_by=caseworker.id,
    )

    report = purge_expired(session, NOW, settings)

    assert report.consents_deleted == 2
    everything = (expired_long_ago, withdrawn_long_ago, expired_lately, withdrawn_lately, live)
    assert consents_left(session, *everything) == {expired_lately.id, withdrawn_lately.id, live.id}
    # The referral outlives its consent record: that it happened stays on file, without the consent.
    kept = session.execute(text("SELECT consent_id FROM referral WHERE id = :id"), {"id": referral.id}).one()
    assert kept.consent_id is None
    assert profiles_left(session, profile) == {profile.pseudonym}


def test_req13_purge_reaches_every_organization_and_no_further(
    session: Session, settings: Settings, caseworker: User
) -> None:
    other_caseworker = make_user(session)
    mine = idle_profile(session, caseworker, idle_days=500)
    theirs = idle_profile(session, other_caseworker, idle_days=500)
    kept = idle_profile(session, other_caseworker, idle_days=5)

    report = purge_expired(session, NOW, settings)

    assert report.profiles_erased == 2
    assert profiles_left(session, mine, theirs, kept) == {kept.pseudonym}
    orgs = session.execute(text("SELECT org_id FROM audit_event WHERE action = 'profile.erase' ORDER BY org_id"))
    assert list(orgs.scalars()) == sorted([caseworker.org_id, other_caseworker.org_id])


def test_req13_dry_run_counts_and_changes_nothing(session: Session, settings: Settings, caseworker: User) -> None:
    stale = idle_profile(session, caseworker, idle_days=366)
    lapsed = consent(session, idle_profile(session, caseworker, idle_days=1), caseworker, expired_days_ago=45)
    events_before = session.execute(text("SELECT count(*) FROM audit_event")).scalar_one()

    report = purge_expired(session, NOW, settings, dry_run=True)

    assert (report.dry_run, report.profiles_erased, report.consents_deleted) == (True, 1, 1)
    assert profiles_left(session, stale) == {stale.pseudonym}
    assert consents_left(session, lapsed) == {lapsed.id}
    assert session.execute(text("SELECT count(*) FROM audit_event")).scalar_one() == events_before


def test_req13_dry_run_counts_what_the_real_run_removes(session: Session, settings: Settings, caseworker: User) -> None:
    # A lapsed consent of a profile being erased goes with the profile: counted once, not twice.
    stale = idle_profile(session, caseworker, idle_days=400)
    consent(session, stale, caseworker, expired_days_ago=60)
    consent(session, idle_profile(session, caseworker, idle_days=1), caseworker, expired_days_ago=60)

    planned = purge_expired(session, NOW, settings, dry_run=True)
    done = purge_expired(session, NOW, settings)

    assert (
        (planned.profiles_erased, planned.consents_deleted) == (done.profiles_erased, done.consents_deleted) == (1, 1)
    )
    assert done.rows["consent"] == 1


def test_req13_purge_command_prints_the_counts(committing_engine: Engine, monkeypatch: Any) -> None:
    # The command reads the real clock, so rows are dated relative to it.
    now = utcnow()
    with session_scope(committing_engine) as session:
        caseworker = make_user(session)
        stale = idle_profile(session, caseworker, idle_days=400, now=now)
        fresh = idle_profile(session, caseworker, idle_days=2, now=now)
        consent_repo.create(
            session,
            pseudonym=fresh.pseudonym,
            org_id=fresh.org_id,
            recipient="cascade logistics",
            purpose="referral",
            scope="skills_summary",
            granted_at=now - timedelta(days=200),
            expires_at=now - timedelta(days=100),
            recorded_by=caseworker.id,
        )
        audit_repo.record(
            session.connection(),
            action="profile.view",
            actor_user_id=caseworker.id,
            actor_role="caseworker",
            org_id=caseworker.org_id,
            pseudonym=fresh.pseudonym,
            purpose="case management",
        )
        stale_pseudonym, fresh_pseudonym = stale.pseudonym, fresh.pseudonym

    monkeypatch.setenv("DATABASE_URL", committing_engine.url.render_as_string(hide_password=False))
    from models.settings import get_settings

    get_settings.cache_clear()
    app = typer.Typer()
    app.command("purge")(purge)
    app.command("other")(lambda: None)  # a second command keeps typer from collapsing to a bare callback
    try:
        dry = CliRunner().invoke(app, ["purge", "--dry-run"])
        assert dry.exit_code == 0, dry.output
        assert "would erase 1 profile(s)" in dry.output and "would delete 1 consent(s)" in dry.output
        done = CliRunner().invoke(app, ["purge"])
        assert done.exit_code == 0, done.output
        assert "erased 1 profile(s)" in done.output and "deleted 1 consent(s)" in done.output
        assert "survivor_profile 1" in done.output
        again = CliRunner().invoke(app, ["purge"])
        assert "erased 0 profile(s)" in again.output and "deleted 0 consent(s)" in again.output
    finally:
        get_settings.cache_clear()

    with committing_engine.connect() as conn:
        left = conn.execute(text("SELECT pseudonym FROM survivor_profile")).scalars().all()
        consents = conn.execute(text("SELECT count(*) FROM consent")).scalar_one()
    assert left == [fresh_pseudonym] and stale_pseudonym not in left
    assert consents == 0
