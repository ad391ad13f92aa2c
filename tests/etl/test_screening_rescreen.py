"""`wayfinder screening rescreen`: current rules over stored postings, staff decisions respected."""

import json
from typing import Any

import typer
from sqlalchemy import Engine, text
from sqlmodel import Session
from typer.testing import CliRunner

from api.resources import Resources
from api.services.matching import rank_profile
from etl.screening import RuleHit, ScreeningResult, screen
from etl.screening.rescreen import rescreen
from etl.screening.result import Family
from etl.screening.review import decide
from etl.screening.screener import decide as hold_decision
from matcher.encoder import Encoder
from models.enums import ItemKind
from models.job_posting import JobPosting, JobPostingIn
from models.organization import Organization
from models.privacy.crypto import FieldCipher
from models.repositories import profiles as profile_repo
from models.settings import Settings
from tests.catalog_factories import add_job

# The issue-16 posting the first screener let through to a ranked list.
MASSAGE = (
    "Massage therapist, no license needed. Housing above the business provided. "
    "Do not leave the premises without a manager. Relaxing spa, Swedish and deep tissue massage."
)
FEE = "Housekeeper for hotel rooms. Recruitment fee $300 paid to our agent."


def current_rules(posting: JobPostingIn, employer_verified: bool) -> ScreeningResult:
    return screen(posting, None, employer_verified=employer_verified)


def rules_with_a_new_family(posting: JobPostingIn, employer_verified: bool) -> ScreeningResult:
    """The current rules plus a rule of a family the posting never had (as after a rule change)."""
    result = current_rules(posting, employer_verified)
    new = RuleHit("documents.new_rule", Family.DOCUMENT_RETENTION, "new rule", "title", posting.title, 0, 1)
    hits = [*result.hits, new]
    hold, priority = hold_decision(hits)
    return ScreeningResult(hits=hits, hold=hold, priority=priority)


def held_job(session: Session, encoder: Encoder, **fields: Any) -> JobPosting:
    """A posting as an import stores it when the screener holds it."""
    job = add_job(session, encoder, **fields)
    result = screen(JobPostingIn.model_validate({name: getattr(job, name) for name in JobPostingIn.model_fields}))
    assert result.hold
    job.status, job.screening, job.review_priority = "held", [h.to_dict() for h in result.hits], result.priority
    session.add(job)
    session.flush()
    return job


def status_of(session: Session, job_id: int | None) -> str:
    return str(
        session.connection().execute(text("SELECT status FROM job_posting WHERE id = :i"), {"i": job_id}).scalar()
    )


def test_rescreen_holds_a_newly_flagged_posting_and_drops_it_from_the_ranked_list(
    session: Session, encoder: Encoder, settings: Settings, engine: Engine, field_cipher: FieldCipher
) -> None:
    # Stored as the first screener left it: active, no hits.
    job = add_job(session, encoder, title="Massage Therapist", description=MASSAGE, occupation_code="31-9011")
    clean = add_job(session, encoder, title="Spa Receptionist", description="Greet clients and book appointments.")
    assert job.status == "active"
    org = Organization(name="Agency", kind="agency")
    session.add(org)
    session.flush()
    fields = {"work_history": [{"title": "massage therapist", "activities": "swedish and deep tissue massage"}]}
    profile = profile_repo.create(session, org_id=org.id or 0, created_by=None, fields=fields, cipher=field_cipher)
    resources = Resources(settings=settings, engine=engine, encoder=encoder)
    assert job.id in [m.item_id for m in rank_profile(session, resources, profile, ItemKind.JOB)]

    report = rescreen(session.connection(), current_rules)

    [change] = report.changes
    assert (change.posting_id, change.before, change.after) == (job.id, "active", "held")
    assert change.why.startswith("newly flagged: ") and "commercial_sex" in change.why
    assert status_of(session, job.id) == "held"
    assert status_of(session, clean.id) == "active"
    session.expire_all()
    ranked = [m.item_id for m in rank_profile(session, resources, profile, ItemKind.JOB)]
    assert job.id not in ranked
    stored = session.connection().execute(text("SELECT screening FROM job_posting WHERE id = :i"), {"i": job.id})
    assert "sex_trade.no_license_needed" in {hit["rule_id"] for hit in stored.scalar_one()}


def test_rescreen_keeps_a_staff_clearance_unless_a_new_family_fires(session: Session, encoder: Encoder) -> None:
    conn = session.connection()
    job = held_job(session, encoder, title="Hotel Housekeeper", description=FEE)
    decide(conn, job.id or 0, clear=True, actor="staff@agency", reason=None)
    cleared = conn.execute(text("SELECT cleared_families FROM job_posting WHERE id = :i"), {"i": job.id}).scalar()
    assert cleared == ["worker_fees"]

    same_rules = rescreen(conn, current_rules)
    assert same_rules.changes == []
    assert status_of(session, job.id) == "active"

    after_rule_change = rescreen(conn, rules_with_a_new_family)
    [change] = after_rule_change.changes
    assert (change.posting_id, change.after) == (job.id, "held")
    assert change.why == "cleared by staff, but a new rule family fires: document_retention"
    assert status_of(session, job.id) == "held"


def test_rescreen_maps_old_family_names_so_a_rename_is_not_a_new_family(session: Session, encoder: Encoder) -> None:
    job = add_job(session, encoder, title="Farm Crew", description="Crews work 7 days a week during harvest.")
    conn = session.connection()
    conn.execute(text("UPDATE job_posting SET cleared_families = '{hours_movement}' WHERE id = :i"), {"i": job.id})
    report = rescreen(conn, current_rules)
    assert [c.posting_id for c in report.changes] == []
    assert status_of(session, job.id) == "active"


def test_rescreen_never_undoes_a_staff_rejection(session: Session, encoder: Encoder) -> None:
    conn = session.connection()
    job = held_job(session, encoder, title="Hotel Housekeeper", description=FEE)
    decide(conn, job.id or 0, clear=False, actor="staff@agency", reason="fees charged to workers")
    # Even if the rules stopped seeing anything wrong, the rejection stands.
    conn.execute(text("UPDATE job_posting SET description = 'Clean rooms.' WHERE id = :i"), {"i": job.id})
    report = rescreen(conn, current_rules)
    assert report.changes == []
    assert status_of(session, job.id) == "rejected"


def test_rescreen_lists_a_held_posting_no_rule_holds_for_staff_but_keeps_it_held(
    session: Session, encoder: Encoder
) -> None:
    """Held by an old rule that misread "money in the cash register" as cash pay: only staff lift a hold."""
    job = add_job(
        session, encoder, title="Cashier", description="Count the money in the cash register at each shift change."
    )
    conn = session.connection()
    old_hit = {"rule_id": "pay.cash_or_crypto", "family": "cash_or_withheld_pay", "field": "description"}
    conn.execute(
        text("UPDATE job_posting SET status = 'held', screening = CAST(:s AS jsonb) WHERE id = :i"),
        {"s": json.dumps([old_hit]), "i": job.id},
    )
    report = rescreen(conn, current_rules)
    assert report.changes == []
    [listed] = report.clearable
    assert (listed.posting_id, listed.before, listed.after, listed.why) == (
        job.id,
        "held",
        "held",
        "no rule holds it any more: staff may clear it",
    )
    row = conn.execute(text("SELECT status, screening FROM job_posting WHERE id = :i"), {"i": job.id}).one()
    assert (row[0], row[1]) == ("held", [])


def test_rescreen_dry_run_stores_nothing(session: Session, encoder: Encoder) -> None:
    job = add_job(session, encoder, title="Massage Therapist", description=MASSAGE)
    report = rescreen(session.connection(), current_rules, dry_run=True)
    assert [(c.posting_id, c.after) for c in report.changes] == [(job.id, "held")]
    assert status_of(session, job.id) == "active"


def test_rescreen_command_reports_what_changed(committing_engine: Engine, encoder: Encoder, monkeypatch: Any) -> None:
    from api.cli_screening import screening_app
    from models.settings import get_settings

    with Session(committing_engine) as setup:
        job = add_job(setup, encoder, title="Massage Therapist", description=MASSAGE)
        job_id = job.id
        setup.commit()
    monkeypatch.setenv("DATABASE_URL", committing_engine.url.render_as_string(hide_password=False))
    get_settings.cache_clear()
    app = typer.Typer()
    app.add_typer(screening_app, name="screening")
    try:
        result = CliRunner().invoke(app, ["screening", "rescreen"])
    finally:
        get_settings.cache_clear()
    assert result.exit_code == 0, result.output
    assert "1 newly held" in result.output
    assert f"#{job_id} Massage Therapist" in result.output and "active -> held" in result.output
    with committing_engine.connect() as conn:
        assert conn.execute(text("SELECT status FROM job_posting WHERE id = :i"), {"i": job_id}).scalar() == "held"
        action = conn.execute(text("SELECT action FROM audit_event ORDER BY id DESC LIMIT 1")).scalar()
    assert action == "posting.rescreen"
