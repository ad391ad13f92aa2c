"""Accessibility as a test: axe-core runs on every page of every role, with zero serious or critical findings.

The pages are read from the app's router (every GET route kept out of the OpenAPI schema: the web pages
and the API docs), so a new page fails `test_every_page_route_is_checked_or_skipped_with_a_reason` until it
is listed in PAGES (with the roles that see it) or in SKIPPED (with why). Each role signs in once per
module: staff through /login, the person by typing their access code on /me; one server and one seeded
database serve every page of the module. Error pages (not found, not allowed, a refused sign-in) are
checked too. A screenshot of each page lands in tests/web/screenshots/axe-*.png.

Known findings on pages this module's author does not own are marked xfail(strict=True) with the rule id
(KNOWN), so the lead fixes them after merging and the mark then has to go.
"""

import re
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
import uvicorn
from fastapi.routing import APIRoute, iter_route_contexts
from playwright.sync_api import Browser, BrowserContext, Page
from sqlalchemy import Engine, text

from api.main import create_app
from api.resources import Resources
from api.services import access, review
from api.services.matching import ProposedMatch
from api.services.review import Decision
from matcher.encoder import Encoder
from models.db import engine_for_url, session_scope
from models.enums import ItemKind, OrgKind, Role
from models.privacy.tools import PrivacyTools
from models.settings import Settings
from tests.catalog_factories import add_job, add_program
from tests.factories import DEFAULT_PASSWORD, make_org, make_profile, make_user, principal_for
from tests.web.axe_checks import serious_violations
from tests.web.conftest import SCREENSHOTS, _free_port, _local_only
from tests.web.test_partner_pages import etpl_file

ANYONE, ADMIN, CASEWORKER, EMPLOYER, PARTNER, PERSON = "anyone", "admin", "caseworker", "employer", "partner", "person"
STAFF = (ADMIN, CASEWORKER, EMPLOYER, PARTNER)


@dataclass(frozen=True)
class Visit:
    """One page as one role sees it: `url` is filled from the seeded ids ({p}, {posting}, {program}, {run})."""

    role: str
    url: str
    name: str
    status: int = 200
    before: str = ""  # a step that puts the page in the state checked ("share": a share just made)


# Every GET page route -> the visits that check it.
PAGES: dict[str, list[Visit]] = {
    "/login": [Visit(ANYONE, "/login", "login"), Visit(ANYONE, "/login", "login-refused", 401, before="bad-login")],
    "/account": [Visit(role, "/account", f"account-{role}") for role in STAFF],
    "/docs": [Visit(ANYONE, "/docs", "api-docs")],
    "/cw": [Visit(CASEWORKER, "/cw", "cw-dashboard")],
    "/cw/profiles/new": [Visit(CASEWORKER, "/cw/profiles/new", "cw-intake")],
    "/cw/profiles/{pseudonym}": [
        Visit(CASEWORKER, "/cw/profiles/{p}", "cw-profile"),
        Visit(CASEWORKER, "/cw/profiles/{p}?kind=program", "cw-profile-programs"),
        Visit(CASEWORKER, "/cw/profiles/" + "0" * 32, "error-not-found", 404),
        Visit(EMPLOYER, "/cw/profiles/{p}", "error-not-allowed", 403),
    ],
    "/cw/profiles/{pseudonym}/edit": [Visit(CASEWORKER, "/cw/profiles/{p}/edit", "cw-edit")],
    "/cw/profiles/{pseudonym}/label": [Visit(CASEWORKER, "/cw/profiles/{p}/label", "cw-label")],
    "/cw/profiles/{pseudonym}/shared": [
        Visit(CASEWORKER, "/cw/profiles/{p}/shared", "cw-shared", before="share"),
        Visit(CASEWORKER, "/cw/profiles/{p}/shared", "cw-shared-reloaded"),
    ],
    "/cw/profiles/{pseudonym}/audit": [
        Visit(CASEWORKER, "/cw/profiles/{p}/audit", "cw-audit"),
        Visit(CASEWORKER, "/cw/profiles/{p}/audit?from=2026-12-08&to=2026-12-01", "cw-audit-refused", 422),
    ],
    "/employer": [Visit(EMPLOYER, "/employer", "employer-openings")],
    "/employer/openings/new": [Visit(EMPLOYER, "/employer/openings/new", "employer-new")],
    "/employer/openings/{posting_id}/duplicate": [
        Visit(EMPLOYER, "/employer/openings/{posting}/duplicate", "employer-duplicate")
    ],
    "/employer/openings/{posting_id}/edit": [Visit(EMPLOYER, "/employer/openings/{posting}/edit", "employer-edit")],
    "/employer/openings/{posting_id}/close": [Visit(EMPLOYER, "/employer/openings/{posting}/close", "employer-close")],
    "/partner": [Visit(PARTNER, "/partner", "partner-programs")],
    "/partner/upload": [Visit(PARTNER, "/partner/upload", "partner-upload")],
    "/partner/uploads/{run_id}": [Visit(PARTNER, "/partner/uploads/{run}", "partner-upload-report")],
    "/partner/programs/{program_id}/edit": [Visit(PARTNER, "/partner/programs/{program}/edit", "partner-program-edit")],
    "/me": [Visit(ANYONE, "/me", "me-code"), Visit(PERSON, "/me", "me-list")],
    "/me/leave": [Visit(ANYONE, "/me/leave", "me-closed")],
    "/reports/results": [
        Visit(CASEWORKER, "/reports/results", "reports-results"),
        Visit(ADMIN, "/reports/results", "reports-results-admin"),
        Visit(CASEWORKER, "/reports/results?from=2026-12-08&to=2026-12-01", "reports-results-refused", 422),
    ],
}
SKIPPED: dict[str, str] = {
    "/": "answers only a redirect to /login",
    "/me/exit": "the quick exit: a redirect to a neutral site outside this app",
    "/partner/uploads/{run_id}/progress": "an htmx fragment polled into /partner/uploads/{run_id}, checked there",
    "/cw/profiles/{pseudonym}/audit.csv": "a CSV download, not a page",
    "/reports/results.csv": "a CSV download, not a page",
}
# Findings on pages owned by other branches of issue 15 (visit name -> rule ids); fixed by the lead.
KNOWN: dict[str, str] = {}


@dataclass
class World:
    url: str
    ids: dict[str, Any] = field(default_factory=dict)
    states: dict[str, Any] = field(default_factory=dict)  # role -> playwright storage state
    emails: dict[str, str] = field(default_factory=dict)


def page_route_paths() -> set[str]:
    """Every GET route of the app that the OpenAPI schema leaves out: the web pages and the API docs."""
    app = create_app()
    return {
        str(context.path)
        for context in iter_route_contexts(app.routes)
        if isinstance(context.original_route, APIRoute)
        and "GET" in (context.original_route.methods or ())
        and not context.original_route.include_in_schema
    }


def test_every_page_route_is_checked_or_skipped_with_a_reason() -> None:
    routes = page_route_paths()
    assert routes - PAGES.keys() - SKIPPED.keys() == set(), "a page nobody checks: add it to PAGES or SKIPPED"
    assert (PAGES.keys() | SKIPPED.keys()) - routes == set(), "listed, but no such route any more"
    assert PAGES.keys().isdisjoint(SKIPPED.keys())
    assert all(reason.strip() for reason in SKIPPED.values())
    roles = {visit.role for visits in PAGES.values() for visit in visits}
    assert roles == {ANYONE, *STAFF, PERSON}  # every role is signed in and walked


@pytest.fixture(scope="module")
def world(
    settings: Settings,
    engine: Engine,
    template_database: str,
    encoder: Encoder,
    privacy: PrivacyTools,
    browser: Browser,
) -> Iterator[World]:
    """One server over one private database for the module, with every role signed in once."""
    name = "wf_axe_every_page"
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        conn.execute(text(f'CREATE DATABASE "{name}" TEMPLATE {template_database}'))
    private = engine_for_url(engine.url.set(database=name))
    resources = Resources(settings=settings, engine=private, encoder=encoder, privacy_tools=privacy)
    server = uvicorn.Server(
        uvicorn.Config(
            create_app(settings, resources=resources),
            host="127.0.0.1",
            port=_free_port(),
            log_level="warning",
            lifespan="on",
        )
    )
    thread = threading.Thread(target=server.run, name="axe-server", daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "the server did not start"
        time.sleep(0.02)
    world = World(url=f"http://127.0.0.1:{server.config.port}")
    try:
        _seed(world, private, encoder, privacy)
        _sign_in_everyone(world, browser)
        yield world
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        private.dispose()
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))


def _seed(world: World, engine: Engine, encoder: Encoder, privacy: PrivacyTools) -> None:
    """An agency with a profile that has a job approved and shared and a program approved, a code, and the
    admin, employer and partner accounts; the employer's opening and the partner's upload come later."""
    with session_scope(engine) as s:
        agency = make_org(s, name="Harbor Services", kind=OrgKind.AGENCY)
        cw = make_user(s, org=agency, role=Role.CASEWORKER, display_name="Dana Reyes")
        admin = make_user(s, org=agency, role=Role.ADMIN, display_name="Alex Chen")
        employer = make_user(s, role=Role.EMPLOYER)
        partner = make_user(s, role=Role.EDUCATION_PARTNER)
        profile = make_profile(s, org_id=agency.id, created_by=cw.id)
        job = add_job(s, encoder, title="Forklift Operator", employer_name="Cascade Logistics Inc.")
        program = add_program(s, encoder)
        principal = principal_for(cw)
        matches = [
            ProposedMatch(kind=ItemKind.JOB, item_id=job.id or 0, rank=1, score=0.6, model_version="test"),
            ProposedMatch(kind=ItemKind.PROGRAM, item_id=program.id or 0, rank=2, score=0.5, model_version="test"),
        ]
        rec_ids = review.store_proposals(s, principal, profile.pseudonym, matches)
        for rec_id in rec_ids:
            review.decide(s, principal, rec_id, Decision("approve"), privacy)
        # The job is shared now; the program waits, so the "share" visit has something to share.
        review.decide(s, principal, rec_ids[0], Decision("share"), privacy)
        _, code = access.issue_code(s, principal, profile.pseudonym, days=7)
        world.ids.update(p=profile.pseudonym, code=code)
        world.emails.update(
            {CASEWORKER: cw.email, ADMIN: admin.email, EMPLOYER: employer.email, PARTNER: partner.email}
        )


def _context(browser: Browser, state: Any = None) -> BrowserContext:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, storage_state=state)
    context.set_default_timeout(20_000)
    context.route("**/*", _local_only)
    return context


def _csrf(context: BrowserContext) -> str:
    return next(c["value"] for c in context.cookies() if c["name"] == "wf_csrf")


def _sign_in_everyone(world: World, browser: Browser) -> None:
    for role in STAFF:
        context = _context(browser)
        page = context.new_page()
        page.goto(f"{world.url}/login")
        page.get_by_label("E-mail").fill(world.emails[role])
        page.get_by_label("Password").fill(DEFAULT_PASSWORD)
        with page.expect_navigation():
            page.get_by_role("button", name="Sign in").click()
        assert "/login" not in page.url, role
        if role == EMPLOYER:
            _post_an_opening(world, context)
        if role == PARTNER:
            _upload_programs(world, page)
        world.states[role] = context.storage_state()
        context.close()
    context = _context(browser)
    page = context.new_page()
    page.goto(f"{world.url}/me")
    page.get_by_label("Access code").fill(world.ids["code"])
    with page.expect_navigation():
        page.get_by_role("button", name="Show my list").click()
    assert page.locator("article.opportunity").count() == 1
    world.states[PERSON] = context.storage_state()
    context.close()


def _post_an_opening(world: World, context: BrowserContext) -> None:
    form = {
        "csrf_token": _csrf(context),
        "title": "Line Cook",
        "description": "Cook breakfast and lunch in our cafe. Food handler card required. Apply on our website.",
        "employment_types": "FULL_TIME",
        "pay_min": "19",
        "pay_max": "22",
        "pay_unit": "HOUR",
        "city": "Tacoma",
        "region": "WA",
        "postal_code": "98402",
        "shifts": "day",
    }
    posted = context.request.post(f"{world.url}/employer/openings/new", form=form, max_redirects=0)
    assert posted.status == 303, posted.text()
    listing = context.request.get(f"{world.url}/employer").text()
    found = re.search(r'<tr id="opening-(\d+)">', listing)
    assert found, listing
    world.ids["posting"] = int(found.group(1))


def _upload_programs(world: World, page: Page) -> None:
    page.goto(f"{world.url}/partner/upload")
    page.get_by_label("Program file").set_input_files(
        {"name": "programs.csv", "mimeType": "text/csv", "buffer": etpl_file()}
    )
    page.get_by_label("Format").select_option("etpl")
    page.get_by_role("button", name="Upload").click()
    page.wait_for_url("**/partner/uploads/*", timeout=60_000)
    world.ids["run"] = int(page.url.rstrip("/").rsplit("/", 1)[1])
    page.locator("ul.counts").wait_for(timeout=60_000)  # the report: the import has finished
    page.goto(f"{world.url}/partner")
    edit = page.locator('a[href^="/partner/programs/"][href$="/edit"]').first.get_attribute("href")
    assert edit, page.content()
    world.ids["program"] = int(edit.split("/")[3])


def _params() -> list[Any]:
    params = []
    for route, visits in PAGES.items():
        for visit in visits:
            marks = []
            if visit.name in KNOWN:
                marks.append(pytest.mark.xfail(strict=True, reason=f"{route}: axe {KNOWN[visit.name]}"))
            params.append(pytest.param(visit, id=visit.name, marks=marks))
    return params


@pytest.mark.parametrize("visit", _params())
def test_axe_finds_nothing_serious_on_every_page_of_every_role(world: World, browser: Browser, visit: Visit) -> None:
    context = _context(browser, world.states.get(visit.role))
    try:
        page = context.new_page()
        if visit.before == "share":
            shared = context.request.post(
                f"{world.url}/cw/profiles/{world.ids['p']}/share",
                form={"csrf_token": _csrf(context), "issue_code": "yes", "days": "7"},
                max_redirects=0,
            )
            assert shared.status == 303, shared.text()  # the context's request shares its cookies
        if visit.before == "bad-login":
            page.goto(f"{world.url}/login")
            page.get_by_label("E-mail").fill(world.emails[CASEWORKER])
            page.get_by_label("Password").fill("not the password at all")
            with page.expect_navigation() as refused:
                page.get_by_role("button", name="Sign in").click()
            status = refused.value.status if refused.value else 0
        else:
            response = page.goto(world.url + visit.url.format(**world.ids))
            status = response.status if response else 0
        assert status == visit.status, (visit.name, page.url)
        if visit.url == "/docs":
            page.locator(".swagger-ui .info .title").filter(has_text="Wayfinder").wait_for()
        SCREENSHOTS.mkdir(exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"axe-{visit.name}.png"), full_page=True)
        assert serious_violations(page) == [], visit.name
    finally:
        context.close()
