"""The review page without a browser (issue 15): tabs by kind, reasons by kind in the forms and at the server,
and bulk decisions answered with each card's result when JavaScript is off."""

import re

import pytest
from fastapi import FastAPI
from sqlalchemy import text
from sqlmodel import Session

from matcher.encoder import Encoder
from models.enums import Role
from models.organization import User
from models.profile import SurvivorProfile
from models.recommendation import Recommendation
from tests.catalog_factories import add_job, add_program
from tests.factories import make_profile, make_recommendation, make_user
from tests.web.page_clients import csrf, page_client

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


@pytest.fixture
def caseworker(session: Session) -> User:
    return make_user(session, role=Role.CASEWORKER)


@pytest.fixture
def profile(session: Session, caseworker: User) -> SurvivorProfile:
    return make_profile(session, org_id=caseworker.org_id, created_by=caseworker.id)


@pytest.fixture
def recs(session: Session, encoder: Encoder, caseworker: User, profile: SurvivorProfile) -> dict[str, Recommendation]:
    out = {}
    for rank, title in enumerate(("Line Cook", "Dishwasher"), start=1):
        job = add_job(session, encoder, title=title, employer_name="Harbor Diner")
        out[title] = make_recommendation(session, profile=profile, actor=caseworker, job_posting_id=job.id, rank=rank)
    program = add_program(session, encoder, name="Culinary Basics", provider_name="Green River College")
    out["Culinary Basics"] = make_recommendation(session, profile=profile, actor=caseworker, program_id=program.id)
    return out


def options_of(html: str, select_id: str) -> list[str]:
    found = re.search(rf'<select id="{select_id}"[^>]*>(.*?)</select>', html, re.S)
    assert found, select_id
    return re.findall(r'<option value="([^"]*)"', found.group(1))


def status_of(session: Session, rec_id: int) -> str:
    return str(
        session.connection()
        .execute(text("SELECT status FROM recommendation WHERE id = :i"), {"i": rec_id})
        .scalar_one()
    )


def test_review_tabs_list_jobs_and_programs_apart_with_their_counts(
    app: FastAPI, caseworker: User, profile: SurvivorProfile, recs: dict[str, Recommendation]
) -> None:
    client = page_client(app, caseworker)
    jobs = client.get(f"/cw/profiles/{profile.pseudonym}").text
    programs = client.get(f"/cw/profiles/{profile.pseudonym}?kind=program").text
    assert re.findall(r'data-title="([^"]+)"', jobs) == ["Line Cook", "Dishwasher"]
    assert re.findall(r'data-title="([^"]+)"', programs) == ["Culinary Basics"]
    tab_job = re.search(r'<a [^>]*id="tab-job"[^>]*>(.*?)</a>', jobs, re.S)
    tab_program = re.search(r'<a [^>]*id="tab-program"[^>]*>(.*?)</a>', jobs, re.S)
    assert tab_job and tab_program
    assert re.sub(r"<[^>]+>|\s+", " ", tab_job.group(1)).split() == ["Jobs", "(2)", "2", "to", "review"]
    assert re.sub(r"<[^>]+>|\s+", " ", tab_program.group(1)).split() == [
        "Training",
        "programs",
        "(1)",
        "1",
        "to",
        "review",
    ]
    assert 'aria-current="page"' in tab_job.group(0) and "aria-current" not in tab_program.group(0)
    # One heading per card, with its title.
    assert re.findall(r"<h3 id=\"rec-title-\d+\" tabindex=\"-1\">\d+\. ([^<]+) <span", jobs) == [
        "Line Cook",
        "Dishwasher",
    ]


def test_reason_lists_fit_the_kind_programs_never_offer_pay_too_low(
    app: FastAPI, caseworker: User, profile: SurvivorProfile, recs: dict[str, Recommendation]
) -> None:
    client = page_client(app, caseworker)
    jobs = client.get(f"/cw/profiles/{profile.pseudonym}").text
    programs = client.get(f"/cw/profiles/{profile.pseudonym}?kind=program").text
    job_reasons = options_of(jobs, f"reason-{recs['Line Cook'].id}")
    program_reasons = options_of(programs, f"reason-{recs['Culinary Basics'].id}")
    assert job_reasons == ["", "not_a_fit", "safety_concern", "pay_too_low", "schedule", "location",
                           "already_applied", "needs_training_first", "other"]  # fmt: skip
    assert program_reasons == ["", "not_a_fit", "safety_concern", "cost_too_high", "schedule", "location",
                               "prerequisites_not_met", "already_enrolled", "other"]  # fmt: skip
    assert options_of(programs, "bulk-reason") == program_reasons
    assert ">pay too low<" not in programs


def test_a_program_rejected_as_pay_too_low_by_hand_is_refused_with_a_plain_message(
    app: FastAPI, session: Session, caseworker: User, profile: SurvivorProfile, recs: dict[str, Recommendation]
) -> None:
    client = page_client(app, caseworker)
    rec = recs["Culinary Basics"]
    response = client.post(
        f"/cw/profiles/{profile.pseudonym}/recommendations/{rec.id}/decision",
        data={"csrf_token": csrf(client), "action": "reject", "reason_code": "pay_too_low"},
    )
    assert response.status_code == 422
    assert "&#34;pay too low&#34; is not a reason for a training program." in response.text
    assert status_of(session, rec.id) == "proposed"


def test_approve_pressed_with_a_reject_reason_picked_in_the_same_row_approves_as_a_good_fit(
    app: FastAPI, session: Session, caseworker: User, profile: SurvivorProfile, recs: dict[str, Recommendation]
) -> None:
    client = page_client(app, caseworker)
    rec = recs["Line Cook"]
    response = client.post(
        f"/cw/profiles/{profile.pseudonym}/recommendations/{rec.id}/decision",
        data={"csrf_token": csrf(client), "action": "approve", "reason_code": "schedule"},
    )
    assert response.status_code == 303
    assert response.headers["location"] == f"/cw/profiles/{profile.pseudonym}?kind=job#rec-{rec.id}"
    reason = session.connection().execute(
        text("SELECT reason_code FROM review_decision WHERE recommendation_id = :i AND to_status = 'approved'"),
        {"i": rec.id},
    )
    assert reason.scalar_one() == "good_fit"


def test_bulk_decision_without_javascript_answers_the_page_with_each_cards_result(
    app: FastAPI,
    session: Session,
    encoder: Encoder,
    caseworker: User,
    profile: SurvivorProfile,
    recs: dict[str, Recommendation],
) -> None:
    client = page_client(app, caseworker)
    other = make_profile(session, org_id=caseworker.org_id, created_by=caseworker.id)
    foreign = make_recommendation(session, profile=other, actor=caseworker, job_posting_id=add_job(session, encoder).id)
    ids = [recs["Line Cook"].id, recs["Dishwasher"].id, foreign.id]
    response = client.post(
        f"/cw/profiles/{profile.pseudonym}/decisions",
        data={"csrf_token": csrf(client), "bulk_action": "approve", "kind": "job", "ids": [str(i) for i in ids]},
    )
    assert response.status_code == 200
    result = re.search(r'<section id="bulk-result".*?</section>', response.text, re.S)
    assert result
    lines = [re.sub(r"\s+", " ", li) for li in re.findall(r"<li [^>]*>(.*?)</li>", result.group(0), re.S)]
    assert lines == [
        "Approved: Line Cook at Harbor Diner",
        "Approved: Dishwasher at Harbor Diner",
        f"Not decided: Item {foreign.id}. No item {foreign.id} on this profile.",
    ]
    assert "Approved 2 of the selected items. 1 could not be decided: see below." in result.group(0)
    assert [status_of(session, i) for i in ids] == ["approved", "approved", "proposed"]


def test_bulk_reject_without_a_reason_is_refused_before_any_card_changes(
    app: FastAPI, session: Session, caseworker: User, profile: SurvivorProfile, recs: dict[str, Recommendation]
) -> None:
    client = page_client(app, caseworker)
    response = client.post(
        f"/cw/profiles/{profile.pseudonym}/decisions",
        data={"csrf_token": csrf(client), "bulk_action": "reject", "ids": [str(recs["Line Cook"].id)]},
    )
    assert response.status_code == 422
    assert "Choose a reason to reject the selected items." in response.text
    assert status_of(session, recs["Line Cook"].id) == "proposed"
