"""Editing an intake in a real browser: from the profile page to the form, a changed pay floor, and back."""

from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import Page, expect

from models.references import friendly_reference
from tests.factories import make_profile
from tests.web.conftest import LiveServer


def test_a_changed_pay_floor_is_saved_and_shown_on_the_profile_page(
    live_server: LiveServer,
    page: Page,
    login: Callable[[Page, str], None],
    screenshot: Callable[[Page, str], Path],
) -> None:
    caseworker = live_server.user(email="cw@edit.example")
    with live_server.session() as s:
        pseudonym = make_profile(s, org_id=caseworker.org_id, created_by=caseworker.id, pay_floor_hourly=17.0).pseudonym
    login(page, caseworker.email)
    page.goto(f"{live_server.url}/cw/profiles/{pseudonym}")
    expect(page.locator("details dl")).to_contain_text("$17.00 an hour", use_inner_text=False)

    with page.expect_navigation():
        page.get_by_role("link", name="Edit intake").click()
    expect(page.get_by_role("heading", name="Edit intake")).to_be_visible()
    expect(page).to_have_title(f"Edit intake {friendly_reference(pseudonym)} · Wayfinder")
    pay = page.get_by_label("Lowest hourly pay ($)")
    expect(pay).to_have_value("17")
    expect(page.get_by_label("Skills (comma-separated)")).to_have_value("forklift, inventory")
    pay.fill("19.5")
    screenshot(page, "cw-edit-intake")
    with page.expect_navigation():
        page.get_by_role("button", name="Save changes").click()

    assert page.url == f"{live_server.url}/cw/profiles/{pseudonym}?saved=updated"
    expect(page.locator("#saved-status")).to_have_text("Profile saved.")
    expect(page.locator("details dl")).to_contain_text("$19.50 an hour")
