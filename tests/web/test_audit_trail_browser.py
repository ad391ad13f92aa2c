"""The audit trail in Chromium: named staff and roles, newest first, filtering by action and day with the
state in the address, the CSV export of the filtered view (audited itself), and no serious axe finding."""

from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import Page, expect

from api.services import access
from models.enums import Role
from tests.factories import make_org, make_profile, make_user, principal_for
from tests.web.conftest import LiveServer
from tests.web.test_axe_every_page import serious_violations

Login = Callable[[Page, str], None]
Shot = Callable[[Page, str], Path]


def test_a_caseworker_filters_the_trail_and_exports_what_they_see(
    live_server: LiveServer, page: Page, login: Login, screenshot: Shot
) -> None:
    with live_server.session() as s:
        org = make_org(s)
        dana = make_user(s, org=org, role=Role.CASEWORKER, display_name="Dana Reyes")
        sam = make_user(s, org=org, role=Role.CASEWORKER, display_name="Sam Okafor")
        profile = make_profile(s, org_id=org.id, created_by=dana.id)
        access.issue_code(s, principal_for(sam), profile.pseudonym, days=3)
        email, p = dana.email, profile.pseudonym

    login(page, email)
    base = f"{live_server.url}/cw/profiles/{p}"
    page.goto(base)
    page.goto(f"{base}/audit")
    rows = page.locator("#audit tbody tr")
    expect(rows.first).to_contain_text("Dana Reyes")
    expect(rows.first).to_contain_text("audit.view")  # newest first: this very view
    expect(rows.nth(1)).to_contain_text("profile.view")
    expect(page.locator("#audit")).to_contain_text("Sam Okafor")
    expect(page.locator("#audit")).not_to_contain_text("user ")
    screenshot(page, "cw-audit-trail")
    assert serious_violations(page) == []

    page.get_by_label("Action").select_option("access_code.issue")
    with page.expect_navigation():
        page.get_by_role("button", name="Apply filters").click()
    assert "action=access_code.issue" in page.url
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Sam Okafor")
    expect(rows.first).to_contain_text("caseworker")
    expect(page.get_by_label("Action")).to_have_value("access_code.issue")  # the form shows the URL's state
    screenshot(page, "cw-audit-filtered")

    with page.expect_download() as download:
        page.get_by_role("button", name="Export this view (CSV)").click()
    exported = Path(download.value.path()).read_text(encoding="utf-8")
    lines = exported.strip().splitlines()
    assert lines[0] == "id,at_utc,who,role,action,purpose,detail"
    assert len(lines) == 2 and ",Sam Okafor,caseworker,access_code.issue," in lines[1]

    page.get_by_role("button", name="Clear filters").click()
    page.get_by_label("Action").select_option("audit.export")
    with page.expect_navigation():
        page.get_by_role("button", name="Apply filters").click()
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Dana Reyes")
    expect(rows.first).to_contain_text("action=access_code.issue, rows=1")

    page.get_by_label("From (UTC day)").fill("2026-12-08")
    page.get_by_label("To (UTC day, included)").fill("2026-12-01")
    with page.expect_navigation():
        page.get_by_role("button", name="Apply filters").click()
    expect(page.locator("#filter-error")).to_contain_text("The 'From' date is after the 'To' date")
    screenshot(page, "cw-audit-refused-range")
    assert serious_violations(page) == []
