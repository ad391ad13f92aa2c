"""Caseworker pages without a browser: caching headers, who may open them, and the intake's refusals."""

import hashlib
import re
from datetime import UTC, datetime, timedelta

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import text
from sqlmodel import Session, select

from api.services.access import code_hash
from api.web.shown_once import IssuedResult, SharedItem, ShownOnce
from matcher.encoder import Encoder
from models.access_code import AccessCode
from models.enums import Role
from models.organization import User
from models.privacy.crypto import FieldCipher
from models.privacy.tools import PrivacyTools
from models.profile import ProfileRecord, SurvivorProfile
from models.recommendation import Recommendation
from models.repositories import profiles as profile_repo
from tests.catalog_factories import add_job
from tests.factories import DEFAULT_PASSWORD, make_profile, make_recommendation, make_user, profile_fields
from tests.web.conftest import LiveServer
from tests.web.page_clients import csrf, page_client

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


@pytest.fixture
def caseworker(session: Session) -> User:
    return make_user(session, role=Role.CASEWORKER)


@pytest.fixture
def profile(session: Session, caseworker: User) -> SurvivorProfile:
    return make_profile(session, org_id=caseworker.org_id, created_by=caseworker.id)


def test_every_caseworker_page_and_its_error_pages_are_never_cached(
    app: FastAPI, session: Session, encoder: Encoder, caseworker: User, profile: SurvivorProfile
) -> None:
    job = add_job(session, encoder, title="Forklift Operator")
    make_recommendation(session, profile=profile, actor=caseworker, job_posting_id=job.id)
    client = page_client(app, caseworker)
    base = f"/cw/profiles/{profile.pseudonym}"
    answers = {
        "dashboard": client.get("/cw"),
        "intake": client.get("/cw/profiles/new"),
        "profile": client.get(base),
        "audit": client.get(f"{base}/audit"),
        "edit intake": client.get(f"{base}/edit"),
        "edit refused": client.post(f"{base}/edit", data={"csrf_token": csrf(client), "zip3s": "98101"}),
        "share": client.post(f"{base}/share", data={"csrf_token": csrf(client), "issue_code": "yes"}),
        "shared with code": client.get(f"{base}/shared"),
        "shared, reloaded": client.get(f"{base}/shared"),
        "missing profile": client.get("/cw/profiles/" + "0" * 32),
        "intake refused": client.post("/cw/profiles", data={"csrf_token": csrf(client), "zip3s": "98101"}),
    }
    expected = {"missing profile": 404, "intake refused": 400, "edit refused": 400, "share": 303}
    for name, response in answers.items():
        assert response.status_code == expected.get(name, 200), (name, response.text[:300])
        assert response.headers["cache-control"] == "no-store", name
    assert "Forklift Operator" in answers["profile"].text
    assert re.search(r'id="access-code">[^<]+<', answers["shared with code"].text)


def test_an_employer_gets_the_not_allowed_page_on_every_caseworker_page(
    app: FastAPI, session: Session, profile: SurvivorProfile
) -> None:
    employer = make_user(session, role=Role.EMPLOYER)
    client = page_client(app, employer)
    for path in (
        "/cw",
        "/cw/profiles/new",
        f"/cw/profiles/{profile.pseudonym}",
        f"/cw/profiles/{profile.pseudonym}/audit",
        f"/cw/profiles/{profile.pseudonym}/edit",
    ):
        response = client.get(path)
        assert response.status_code == 403, path
        assert "<h1>Not allowed</h1>" in response.text, path
        assert profile.pseudonym not in response.text


def test_another_agencys_profile_looks_absent(app: FastAPI, session: Session, profile: SurvivorProfile) -> None:
    outsider = make_user(session, role=Role.CASEWORKER)
    response = page_client(app, outsider).get(f"/cw/profiles/{profile.pseudonym}")
    assert response.status_code == 404
    assert "<h1>Not found</h1>" in response.text


def test_signed_out_visitor_is_sent_to_sign_in_and_back(app: FastAPI) -> None:
    response = TestClient(app, follow_redirects=False).get("/cw/profiles/new")
    assert response.status_code == 303
    assert response.headers["location"] == "/login?next=/cw/profiles/new"


def test_intake_refuses_a_five_digit_zip_and_stores_nothing(app: FastAPI, session: Session, caseworker: User) -> None:
    client = page_client(app, caseworker)
    form = {"csrf_token": csrf(client), "skills": "forklift, inventory", "region": "WA", "zip3s": "98101"}
    response = client.post("/cw/profiles", data=form)
    assert response.status_code == 400
    assert re.search(r'<small class="field-error" id="zip3s-error">[^<]*never a full ZIP code', response.text), (
        response.text
    )
    assert 'value="forklift, inventory"' in response.text
    assert session.exec(select(SurvivorProfile).where(SurvivorProfile.org_id == caseworker.org_id)).first() is None


def test_intake_creates_the_profile_and_opens_it(app: FastAPI, session: Session, caseworker: User) -> None:
    client = page_client(app, caseworker)
    form = {"csrf_token": csrf(client), "skills": "forklift, inventory", "region": "wa", "zip3s": "980, 981"}
    response = client.post("/cw/profiles", data=form)
    assert response.status_code == 303
    stored = session.exec(select(SurvivorProfile).where(SurvivorProfile.org_id == caseworker.org_id)).one()
    assert response.headers["location"] == f"/cw/profiles/{stored.pseudonym}?saved=created"
    assert (stored.skills, stored.region, stored.zip3s) == (["forklift", "inventory"], "WA", ["980", "981"])


def test_a_form_post_without_the_csrf_token_is_refused(app: FastAPI, session: Session, caseworker: User) -> None:
    response = page_client(app, caseworker).post("/cw/profiles", data={"skills": "forklift"})
    assert response.status_code == 403
    assert session.exec(select(SurvivorProfile).where(SurvivorProfile.org_id == caseworker.org_id)).first() is None


def test_reject_without_a_reason_code_changes_nothing(
    app: FastAPI, session: Session, encoder: Encoder, caseworker: User, profile: SurvivorProfile
) -> None:
    job = add_job(session, encoder, title="Forklift Operator")
    rec = make_recommendation(session, profile=profile, actor=caseworker, job_posting_id=job.id)
    client = page_client(app, caseworker)
    url = f"/cw/profiles/{profile.pseudonym}/recommendations/{rec.id}/decision"
    response = client.post(url, data={"csrf_token": csrf(client), "action": "reject"})
    assert response.status_code in (400, 422)
    session.expire_all()
    assert session.exec(select(Recommendation).where(Recommendation.id == rec.id)).one().status == "proposed"


def test_a_page_route_that_bypasses_render_is_still_never_cached() -> None:
    from fastapi.responses import PlainTextResponse

    from api.web.templating import page_router

    router = page_router()

    @router.get("/bare")
    def bare() -> PlainTextResponse:
        return PlainTextResponse("survivor data would be here")

    app = FastAPI()
    app.include_router(router)
    response = TestClient(app).get("/bare")
    assert response.status_code == 200
    assert response.headers["cache-control"] == "no-store"
    assert response.headers["content-security-policy"].startswith("default-src 'self'")


def test_a_write_is_committed_before_its_redirect_reaches_the_browser(live_server: LiveServer) -> None:
    """A slow commit must delay the 303, not the data: the next request has to find the new session."""
    import time

    import httpx
    from sqlalchemy import event
    from sqlalchemy.orm import Session as OrmSession

    user = live_server.user()

    def slow_commit(_session: OrmSession) -> None:
        time.sleep(0.5)

    event.listen(OrmSession, "before_commit", slow_commit)
    try:
        with httpx.Client(base_url=live_server.url, follow_redirects=False) as browser:
            signed_in = browser.post("/login", data={"email": user.email, "password": DEFAULT_PASSWORD})
            assert signed_in.status_code == 303
            dashboard = browser.get("/cw")
    finally:
        event.remove(OrmSession, "before_commit", slow_commit)
    assert dashboard.status_code == 200, dashboard.headers.get("location")


@pytest.fixture
def sealed_profile(session: Session, caseworker: User, privacy: PrivacyTools) -> ProfileRecord:
    """A profile stored as the service stores it: safety exclusions sealed, case number kept apart."""
    fields = profile_fields(
        days=["mon", "tue"],
        work_authorized=True,
        pay_floor_hourly=17.5,
        excluded_employers=["Night Owl Staffing"],
        excluded_zip3s=["982"],
        case_number="CASE-77",
    )
    return profile_repo.create(
        session, org_id=caseworker.org_id, created_by=caseworker.id, fields=fields, cipher=privacy.cipher
    )


def edit_form(client: TestClient, **overrides: str) -> dict[str, str | list[str]]:
    """What the edit page posts for `sealed_profile` as stored, with `overrides` typed over it."""
    form: dict[str, str | list[str]] = {
        "csrf_token": csrf(client),
        "skills": "forklift, inventory",
        "interests": "logistics",
        "goals": "steady hours",
        "education_level": "high_school",
        "work_title_0": "warehouse helper",
        "work_activities_0": "loaded trucks and drove a forklift",
        "days": ["mon", "tue"],
        "pay_floor_hourly": "17.5",
        "work_authorized": "yes",
        "region": "WA",
        "zip3s": "980",
        "remote_ok": "yes",
        "excluded_employers": "Night Owl Staffing",
        "excluded_zip3s": "982",
        "case_number": "CASE-77",
    }
    form.update(overrides)
    return form


def stored(session: Session, privacy: PrivacyTools, pseudonym: str) -> ProfileRecord:
    session.expire_all()
    row = session.exec(select(SurvivorProfile).where(SurvivorProfile.pseudonym == pseudonym)).one()
    return profile_repo.record(session, row, cipher=privacy.cipher)


def test_edit_intake_is_filled_from_the_stored_profile_with_exclusions_only_there(
    app: FastAPI, caseworker: User, sealed_profile: ProfileRecord
) -> None:
    client = page_client(app, caseworker)
    base = f"/cw/profiles/{sealed_profile.pseudonym}"
    page = client.get(f"{base}/edit")
    assert page.status_code == 200
    assert page.headers["cache-control"] == "no-store"
    html = page.text
    for expected in (
        'id="skills" name="skills" type="text" value="forklift, inventory"',
        'id="work_title_0" name="work_title_0" type="text" value="warehouse helper"',
        ">loaded trucks and drove a forklift</textarea>",
        'id="pay_floor_hourly" name="pay_floor_hourly" type="text" inputmode="decimal" value="17.5"',
        'id="days-mon" name="days" value="mon" checked',
        '<option value="yes" selected>Yes</option>',
        '<option value="high_school" selected>',
        'id="excluded_employers" name="excluded_employers" type="text" value="Night Owl Staffing"',
        'id="excluded_zip3s" name="excluded_zip3s" type="text" value="982"',
        'id="case_number" name="case_number" type="text" value="CASE-77"',
        f'action="{base}/edit"',
    ):
        assert expected in html, expected
    assert 'id="days-wed" name="days" value="wed" checked' not in html
    profile_page = client.get(base)
    assert f'href="{base}/edit"' in profile_page.text
    assert "Night Owl Staffing" not in profile_page.text


def test_saving_the_edited_intake_replaces_the_profile_re_embeds_it_and_returns_to_it(
    app: FastAPI, session: Session, privacy: PrivacyTools, caseworker: User, sealed_profile: ProfileRecord
) -> None:
    client = page_client(app, caseworker)
    base = f"/cw/profiles/{sealed_profile.pseudonym}"
    response = client.post(
        f"{base}/edit", data=edit_form(client, pay_floor_hourly="21", excluded_employers="Night Owl Staffing, Red Door")
    )
    assert response.status_code == 303, response.text
    assert response.headers["location"] == f"{base}?saved=updated"
    after = stored(session, privacy, sealed_profile.pseudonym)
    assert after.pay_floor_hourly == 21.0
    assert after.excluded_employers == ["Night Owl Staffing", "Red Door"]
    # Untouched fields survive the whole-form replace.
    assert (after.skills, after.days, after.case_number) == (["forklift", "inventory"], ["mon", "tue"], "CASE-77")
    row = session.exec(select(SurvivorProfile).where(SurvivorProfile.pseudonym == sealed_profile.pseudonym)).one()
    assert row.embedding is not None  # saved with its vectors, as a new intake is
    assert "$21.00 an hour" in client.get(base).text


def test_edit_refuses_a_five_digit_zip_beside_the_field_and_changes_nothing(
    app: FastAPI, session: Session, privacy: PrivacyTools, caseworker: User, sealed_profile: ProfileRecord
) -> None:
    client = page_client(app, caseworker)
    url = f"/cw/profiles/{sealed_profile.pseudonym}/edit"
    response = client.post(url, data=edit_form(client, zip3s="98101", pay_floor_hourly="30"))
    assert response.status_code == 400
    assert re.search(r'<small class="field-error" id="zip3s-error">[^<]*never a full ZIP code', response.text)
    assert 'value="98101"' in response.text and 'value="30"' in response.text  # as typed
    after = stored(session, privacy, sealed_profile.pseudonym)
    assert (after.zip3s, after.pay_floor_hourly) == (["980"], 17.5)


def test_another_agency_cannot_open_or_save_an_intake_it_does_not_hold(
    app: FastAPI, session: Session, privacy: PrivacyTools, sealed_profile: ProfileRecord
) -> None:
    outsider = page_client(app, make_user(session, role=Role.CASEWORKER))
    url = f"/cw/profiles/{sealed_profile.pseudonym}/edit"
    opened = outsider.get(url)
    assert opened.status_code == 404
    assert "<h1>Not found</h1>" in opened.text and "Night Owl Staffing" not in opened.text
    for changes in ({"pay_floor_hourly": "40"}, {"zip3s": "98101"}):  # a valid and an invalid form alike
        saved = outsider.post(url, data=edit_form(outsider, **changes))
        assert saved.status_code == 404, changes
        assert "<h1>Not found</h1>" in saved.text
    assert stored(session, privacy, sealed_profile.pseudonym).pay_floor_hourly == 17.5


def code_hashes(session: Session, pseudonym: str) -> list[str]:
    return list(session.exec(select(AccessCode.code_hash).where(AccessCode.profile_pseudonym == pseudonym)).all())


@pytest.mark.parametrize(
    ("action", "form"), [("share", {"issue_code": "yes", "days": "7"}), ("access-codes", {"days": "7"})]
)
def test_a_new_code_is_shown_once_after_a_redirect_and_a_reload_issues_none(
    app: FastAPI, session: Session, caseworker: User, profile: SurvivorProfile, action: str, form: dict[str, str]
) -> None:
    client = page_client(app, caseworker)
    base = f"/cw/profiles/{profile.pseudonym}"
    posted = client.post(f"{base}/{action}", data={"csrf_token": csrf(client), **form})
    assert posted.status_code == 303
    assert posted.headers["location"] == f"{base}/shared"
    cookie = posted.headers["set-cookie"]
    for attribute in ("HttpOnly", "SameSite=strict", f"Path={base}/shared", "Max-Age=300"):
        assert attribute in cookie, cookie
    issued = code_hashes(session, profile.pseudonym)
    assert len(issued) == 1

    shown = client.get(posted.headers["location"])
    assert shown.status_code == 200
    match = re.search(r'id="access-code">([^<]+)<', shown.text)
    assert match, shown.text
    code = match.group(1).strip()
    assert code_hash(code) == issued[0]
    assert code not in cookie and code not in posted.headers["location"]

    reloaded = client.get(f"{base}/shared")
    assert reloaded.status_code == 200
    assert "<h1>Already shown</h1>" in reloaded.text
    assert 'id="access-code"' not in reloaded.text and code not in reloaded.text
    assert code_hashes(session, profile.pseudonym) == issued


def test_sharing_without_a_code_lists_what_was_shared_once(
    app: FastAPI, session: Session, encoder: Encoder, caseworker: User, profile: SurvivorProfile
) -> None:
    job = add_job(session, encoder, title="Forklift Operator", employer_name="North Dock Supply")
    rec = make_recommendation(session, profile=profile, actor=caseworker, job_posting_id=job.id)
    client = page_client(app, caseworker)
    base = f"/cw/profiles/{profile.pseudonym}"
    approve = {"csrf_token": csrf(client), "action": "approve"}
    assert client.post(f"{base}/recommendations/{rec.id}/decision", data=approve).status_code == 303
    assert client.post(f"{base}/share", data={"csrf_token": csrf(client)}).status_code == 303
    shown = client.get(f"{base}/shared")
    assert "<h1>Shared 1 item</h1>" in shown.text
    assert "<li>Forklift Operator · North Dock Supply</li>" in shown.text
    assert 'id="access-code"' not in shown.text
    assert code_hashes(session, profile.pseudonym) == []


def test_another_agency_gets_not_found_on_the_share_result_page(
    app: FastAPI, session: Session, caseworker: User, profile: SurvivorProfile
) -> None:
    owner = page_client(app, caseworker)
    base = f"/cw/profiles/{profile.pseudonym}"
    owner.post(f"{base}/access-codes", data={"csrf_token": csrf(owner)})
    outsider = page_client(app, make_user(session, role=Role.CASEWORKER))
    outsider.cookies.set("wf_result", str(owner.cookies.get("wf_result")), path=f"{base}/shared")
    response = outsider.get(f"{base}/shared")
    assert response.status_code == 404
    assert 'id="access-code"' not in response.text


def result_for(user_id: int) -> IssuedResult:
    return IssuedResult(user_id=user_id, pseudonym="a" * 32, shared=None, code="ABCD-EFGH", code_expires_at=None)


def test_a_kept_result_is_given_once_only_to_its_caseworker_and_only_while_fresh(
    session: Session, field_cipher: FieldCipher
) -> None:
    now = [datetime(2026, 12, 7, 12, 0, tzinfo=UTC)]
    store = ShownOnce(session, field_cipher, clock=lambda: now[0], ttl_seconds=300)
    ref = store.put(result_for(1))
    assert store.take(ref, user_id=2, pseudonym="a" * 32) is None
    assert store.take(ref, user_id=1, pseudonym="a" * 32) is None  # a wrong reader used it up
    shared = IssuedResult(1, "a" * 32, [SharedItem("Cook", "Harbor")], "ABCD-EFGH", now[0], "es")
    ref = store.put(shared)
    assert store.take(ref, user_id=1, pseudonym="a" * 32) == shared
    assert store.take(ref, user_id=1, pseudonym="a" * 32) is None
    stale = store.put(result_for(1))
    now[0] += timedelta(seconds=301)
    assert store.take(stale, user_id=1, pseudonym="a" * 32) is None
    assert len(store) == 0


def test_a_kept_code_is_stored_encrypted_under_a_hash_of_its_reference(
    session: Session, field_cipher: FieldCipher
) -> None:
    ref = ShownOnce(session, field_cipher).put(result_for(1))
    rows = session.connection().execute(text("SELECT ref_hash, payload FROM page_ref")).all()
    assert [r[0] for r in rows] == [hashlib.sha256(ref.encode()).hexdigest()]
    assert "ABCD" not in rows[0][1] and ref not in rows[0][1]


def test_an_intake_with_more_past_jobs_than_the_blank_form_keeps_every_one_when_saved(
    app: FastAPI, session: Session, privacy: PrivacyTools, caseworker: User
) -> None:
    jobs = [{"title": f"job {i}", "activities": f"task {i}"} for i in range(5)]
    record = profile_repo.create(
        session,
        org_id=caseworker.org_id,
        created_by=caseworker.id,
        fields=profile_fields(work_history=jobs),
        cipher=privacy.cipher,
    )
    client = page_client(app, caseworker)
    url = f"/cw/profiles/{record.pseudonym}/edit"
    assert 'name="work_title_4" type="text" value="job 4"' in client.get(url).text
    rows = {
        f"work_{part}_{i}": f"{'job' if part == 'title' else 'task'} {i}"
        for i in range(5)
        for part in ("title", "activities")
    }
    form = {"csrf_token": csrf(client), "skills": "forklift", "region": "WA", "zip3s": "980", **rows}
    assert client.post(url, data=form).status_code == 303
    assert [w["title"] for w in stored(session, privacy, record.pseudonym).work_history] == [
        f"job {i}" for i in range(5)
    ]
