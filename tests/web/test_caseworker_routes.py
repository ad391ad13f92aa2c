"""Caseworker pages without a browser: caching headers, who may open them, and the intake's refusals."""

import re

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from matcher.encoder import Encoder
from models.enums import Role
from models.organization import User
from models.profile import SurvivorProfile
from models.recommendation import Recommendation
from tests.catalog_factories import add_job
from tests.factories import DEFAULT_PASSWORD, make_profile, make_recommendation, make_user
from tests.web.conftest import LiveServer

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def page_client(app: FastAPI, user: User) -> TestClient:
    """A browser-like client signed in through the /login form (session and CSRF cookies)."""
    client = TestClient(app, follow_redirects=False)
    response = client.post("/login", data={"email": user.email, "password": DEFAULT_PASSWORD})
    assert response.status_code == 303, response.text
    return client


def csrf(client: TestClient) -> str:
    return str(client.cookies.get("wf_csrf"))


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
        "shared with code": client.post(f"{base}/share", data={"csrf_token": csrf(client), "issue_code": "yes"}),
        "missing profile": client.get("/cw/profiles/" + "0" * 32),
        "intake refused": client.post("/cw/profiles", data={"csrf_token": csrf(client), "zip3s": "98101"}),
    }
    expected = {"missing profile": 404, "intake refused": 400}
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
    assert response.headers["location"] == f"/cw/profiles/{stored.pseudonym}"
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
