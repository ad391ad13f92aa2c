"""Outcome stages on the profile page and "Due this week" on the dashboard, without a browser: the form offers
only the stages of the item's kind, a refusal comes back beside its field with the typed values, a saved step
shows in the timeline, a retention check answered "still employed" records employed_90."""

import re
from datetime import UTC, datetime, timedelta

import pytest
from fastapi import FastAPI
from sqlmodel import Session

from api.deps import get_clock
from api.services import outcomes, review
from matcher.encoder import Encoder
from models.clock import FrozenClock
from models.enums import OutcomeStage
from models.privacy.tools import PrivacyTools
from tests.catalog_factories import add_job, add_program
from tests.factories import make_follow_up, make_profile, make_recommendation, make_user, principal_for
from tests.web.page_clients import csrf, page_client

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")
NOW = datetime.now(UTC)
TODAY = NOW.date()


def _shared(session: Session, encoder: Encoder, privacy: PrivacyTools, **item: int) -> tuple:  # type: ignore[type-arg]
    user = make_user(session)
    who = principal_for(user)
    profile = make_profile(session, org_id=user.org_id, label="forklift evenings")
    if not item:
        item = {"job_posting_id": add_job(session, encoder, title="Forklift Operator").id or 0}
    rec = make_recommendation(session, profile=profile, actor=user, **item)
    for action in ("approve", "share"):
        review.decide(session, who, rec.id or 0, review.Decision(action), privacy)  # type: ignore[arg-type]
    return user, who, profile, rec


def _options(html: str, select_id: str) -> list[str]:
    select = re.search(rf'<select id="{select_id}"[^>]*>(.*?)</select>', html, re.S)
    assert select, select_id
    return re.findall(r'<option value="([^"]*)"', select.group(1))


def test_the_profile_page_offers_job_stages_for_a_job_and_program_stages_for_a_program(
    app: FastAPI, session: Session, encoder: Encoder, privacy: PrivacyTools
) -> None:
    user, _, profile, job = _shared(session, encoder, privacy)
    course = make_recommendation(
        session, profile=profile, actor=user, program_id=add_program(session, encoder, name="Welding Basics").id
    )
    for action in ("approve", "share"):
        review.decide(session, principal_for(user), course.id or 0, review.Decision(action), privacy)  # type: ignore[arg-type]
    html = page_client(app, user).get(f"/cw/profiles/{profile.pseudonym}").text
    assert _options(html, f"o{job.id}-stage") == ["", *[s.value for s in outcomes.JOB_STAGES]]
    assert _options(html, f"o{course.id}-stage") == ["", "enrolled", "completed", "credential"]
    assert f'id="o{course.id}-pay_min"' not in html  # pay and hours are a job's


def test_a_refused_step_comes_back_beside_its_field_with_what_was_typed(
    app: FastAPI, session: Session, encoder: Encoder, privacy: PrivacyTools
) -> None:
    user, _, profile, rec = _shared(session, encoder, privacy)
    client = page_client(app, user)
    url = f"/cw/profiles/{profile.pseudonym}/recommendations/{rec.id}/outcomes"
    form = {
        "stage": "hired",
        "occurred_on": TODAY.isoformat(),
        "pay_min": "21",
        "pay_max": "19",
        "hours_per_week": "30",
    }
    refused = client.post(url, data={"csrf_token": csrf(client), **form})
    assert refused.status_code == 422
    html = refused.text
    p = f"o{rec.id}-"
    assert f'id="{p}error-summary" role="alert"' in html
    assert (
        f'<a href="#{p}pay_max">The highest pay (19.00) is below the lowest (21.00); swap them or fix one.</a>' in html
    )
    assert f'id="{p}pay_max-error"' in html and f'aria-describedby="{p}pay_max-error {p}hire-help"' in html
    assert f'id="{p}pay_min" name="pay_min" value="21"' in html and '<option value="hired" selected>' in html
    assert outcomes.for_profile(session, principal_for(user), profile.pseudonym) == {}
    missing = client.post(url, data={"csrf_token": csrf(client), "stage": "", "occurred_on": "31/12"})
    assert missing.status_code == 422
    assert "Choose what happened." in missing.text and "Enter the date it happened, e.g. 2026-03-31." in missing.text


def test_a_saved_hire_shows_in_the_timeline_and_its_90_day_check_records_still_employed(
    app: FastAPI, session: Session, encoder: Encoder, privacy: PrivacyTools
) -> None:
    user, who, profile, rec = _shared(session, encoder, privacy)
    clock = FrozenClock(NOW)
    app.dependency_overrides[get_clock] = lambda: clock
    client = page_client(app, user)
    url = f"/cw/profiles/{profile.pseudonym}/recommendations/{rec.id}/outcomes"
    form = {
        "stage": "hired",
        "occurred_on": TODAY.isoformat(),
        "pay_min": "18.50",
        "pay_max": "21",
        "hours_per_week": "32",
    }
    saved = client.post(url, data={"csrf_token": csrf(client), **form})
    assert (saved.status_code, saved.headers["location"]) == (
        303,
        f"/cw/profiles/{profile.pseudonym}?saved=outcome#outcomes-{rec.id}",
    )
    page = client.get(saved.headers["location"]).text
    assert '<p class="saved" role="status" id="outcome-saved">Saved.</p>' in page
    timeline = re.search(rf'<li id="o{rec.id}-stage-hired">(.*?)<form', page, re.S)
    assert timeline and " ".join(timeline.group(1).split()) == (
        f"<strong>hired (start date)</strong>: {TODAY.isoformat()} · $18.50 to $21.00 an hour · 32 hours a week"
    )
    checks = {r["offset_days"]: r for r in outcomes_checks(session, who, profile.pseudonym)}
    assert sorted(checks) == [30, 90, 180]
    clock.advance(days=91)
    offered = _options(client.get(f"/cw/profiles/{profile.pseudonym}").text, f"result-{checks[90]['id']}")
    assert offered[:3] == ["still_employed", "left_job", "reached"]
    done = client.post(
        f"/cw/follow-ups/{checks[90]['id']}/record",
        data={
            "csrf_token": csrf(client),
            "pseudonym": profile.pseudonym,
            "result": "still_employed",
            "left_reason": "",
        },
    )
    assert done.status_code == 303
    stages = {r["stage"]: r["occurred_on"] for r in outcomes.for_recommendation(session, who, rec.id or 0)}
    assert stages == {"hired": TODAY, "employed_90": TODAY + timedelta(days=90)}


def outcomes_checks(session: Session, who, pseudonym: str) -> list[dict]:  # type: ignore[no-untyped-def,type-arg]
    from api.services import follow_ups

    return [r for r in follow_ups.for_profile(session, who, pseudonym) if r["reason"] == "hired"]


def test_a_shared_items_follow_up_does_not_offer_still_employed(
    app: FastAPI, session: Session, encoder: Encoder, privacy: PrivacyTools
) -> None:
    user, who, profile, _ = _shared(session, encoder, privacy)
    html = page_client(app, user).get(f"/cw/profiles/{profile.pseudonym}").text
    first = outcomes_shared_check(session, who, profile.pseudonym)
    assert "still_employed" not in _options(html, f"result-{first}")
    assert f'id="left-reason-{first}"' not in html


def outcomes_shared_check(session: Session, who, pseudonym: str) -> int:  # type: ignore[no-untyped-def]
    from api.services import follow_ups

    return int(next(r["id"] for r in follow_ups.for_profile(session, who, pseudonym) if r["reason"] == "shared"))


def test_the_dashboard_lists_follow_ups_due_this_week_with_links_to_their_profiles(
    app: FastAPI, session: Session
) -> None:
    user = make_user(session)
    p = make_profile(session, org_id=user.org_id, label="tuesday group")
    overdue = make_follow_up(session, profile=p, due_on=TODAY - timedelta(days=2))
    make_follow_up(session, profile=p, offset_days=30, due_on=TODAY + timedelta(days=9))
    soon = make_follow_up(session, profile=p, offset_days=90, reason="hired", due_on=TODAY + timedelta(days=6))
    app.dependency_overrides[get_clock] = lambda: FrozenClock(NOW)
    html = page_client(app, user).get("/cw").text
    table = re.search(r'<table id="due-table">(.*?)</table>', html, re.S)
    assert table
    rows = [
        " ".join(re.sub(r"<[^>]+>", " ", r).split()) for r in re.findall(r"<tr>(.*?)</tr>", table.group(1), re.S)[1:]
    ]
    assert rows == [
        f"{(TODAY - timedelta(days=2)).isoformat()} overdue tuesday group item 7 days after sharing",
        f"{(TODAY + timedelta(days=6)).isoformat()} tuesday group item 90 days after the start: still employed?",
    ]
    assert f'href="/cw/profiles/{p.pseudonym}#follow-up-{overdue.id}"' in html
    assert f'href="/cw/profiles/{p.pseudonym}#follow-up-{soon.id}"' in html


def test_a_stage_removed_from_the_page_leaves_the_timeline(
    app: FastAPI, session: Session, encoder: Encoder, privacy: PrivacyTools
) -> None:
    user, who, profile, rec = _shared(session, encoder, privacy)
    outcomes.record_stage(session, who, rec.id or 0, OutcomeStage.APPLIED, TODAY)
    client = page_client(app, user)
    gone = client.post(
        f"/cw/profiles/{profile.pseudonym}/recommendations/{rec.id}/outcomes/applied/remove",
        data={"csrf_token": csrf(client)},
    )
    assert gone.status_code == 303
    assert outcomes.for_recommendation(session, who, rec.id or 0) == []


def test_an_admin_sets_the_agencys_follow_up_days_on_the_account_page(app: FastAPI, session: Session) -> None:
    from models.enums import Role

    admin = make_user(session, role=Role.ADMIN)
    client = page_client(app, admin)
    page = client.get("/account").text
    assert "these days: 7, 30, 90, 180 (the site setting)." in page
    refused = client.post("/account/follow-up-days", data={"csrf_token": csrf(client), "days": "7, 0"})
    assert refused.status_code == 422
    assert (
        'id="follow-up-days-error" role="alert">Follow-up days need one to 12 whole days between 1 and 3650'
        in refused.text
    )
    assert 'name="days" value="7, 0"' in refused.text
    saved = client.post("/account/follow-up-days", data={"csrf_token": csrf(client), "days": "60, 14"})
    assert (saved.status_code, saved.headers["location"]) == (303, "/account?saved=follow_up_days#follow-up-days")
    page = client.get(saved.headers["location"]).text
    assert '<p class="saved" role="status">Saved.</p>' in page
    assert "these days: 14, 60 (your agency's own)." in page and 'value="14, 60"' in page
    # A caseworker sees no such form, and cannot post it.
    cw = page_client(app, make_user(session))
    assert 'id="follow-up-days"' not in cw.get("/account").text
    assert cw.post("/account/follow-up-days", data={"csrf_token": csrf(cw), "days": "7"}).status_code == 403
