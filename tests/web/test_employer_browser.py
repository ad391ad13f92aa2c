"""Employers in a real Chromium: post an opening with inline validation, see review status; no caseworker pages."""

from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import Page, expect

from models.enums import Role
from tests.factories import DEFAULT_PASSWORD
from tests.web.conftest import LiveServer
from tests.web.test_survivor_phone import serious_violations

CLEAN = "Cook breakfast and lunch in our cafe. Food handler card required. Apply on our website."
SCAM = "Start today, no interview! Training fee of $200 required. Contact us on WhatsApp only."


def fill_opening(page: Page, title: str, description: str) -> None:
    page.get_by_label("Job title").fill(title)
    page.get_by_label("What the job is").fill(description)
    page.get_by_label("Full time").check()
    page.get_by_label("From", exact=True).fill("19")
    page.get_by_label("To", exact=True).fill("22")
    page.get_by_label("Per", exact=True).select_option("HOUR")
    page.get_by_label("City", exact=True).fill("Tacoma")
    page.get_by_label("State", exact=True).fill("WA")


def test_an_employer_posts_with_inline_checks_and_sees_each_openings_review_status(
    live_server: LiveServer,
    page: Page,
    login: Callable[[Page, str, str], None],
    screenshot: Callable[[Page, str], Path],
) -> None:
    employer = live_server.user(role=Role.EMPLOYER, email="hr@cafe.example")
    login(page, employer.email, DEFAULT_PASSWORD)
    assert page.url.endswith("/employer")

    page.get_by_role("button", name="Post a new opening").click()
    fill_opening(page, "Line Cook", CLEAN)
    zip_field = page.get_by_label("ZIP code")
    zip_field.fill("981")
    zip_field.blur()
    expect(page.locator("#err-postal_code")).to_contain_text("Give a 5-digit ZIP code")
    screenshot(page, "employer-inline-error")
    zip_field.fill("98402")
    zip_field.blur()
    expect(page.locator("#err-postal_code")).to_have_text("")
    with page.expect_navigation():
        page.get_by_role("button", name="Post opening").click()
    assert "/employer?done=posted&opening=" in page.url
    expect(page.locator("#posted-status")).to_contain_text("“Line Cook” is published.")
    expect(page.locator("tr", has_text="Line Cook")).to_contain_text("published")

    page.get_by_role("button", name="Post a new opening").click()
    fill_opening(page, "Packer", SCAM)
    with page.expect_navigation():
        page.get_by_role("button", name="Post opening").click()
    held = page.locator("tr", has_text="Packer")
    expect(held).to_contain_text("under review")
    status = page.locator("#posted-status")
    expect(status).to_contain_text("“Packer” is saved and held for review.")
    expect(status.locator("#review-categories li").first).to_be_visible()
    expect(status).to_contain_text("within 2 working days")
    expect(status).to_contain_text("postings@wayfinder.example")
    screenshot(page, "employer-held-status")
    assert "fee" not in held.inner_text().lower()  # which check held it is never shown to the employer
    screenshot(page, "employer-openings")
    assert serious_violations(page) == []

    # Closing asks first; a closed opening can be reopened.
    page.get_by_role("link", name="Close Line Cook").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Close “Line Cook”?")
    assert serious_violations(page) == []
    screenshot(page, "employer-close-confirm")
    with page.expect_navigation():
        page.get_by_role("button", name="Yes, close it").click()
    expect(page.locator("tr", has_text="Line Cook")).to_contain_text("closed")
    with page.expect_navigation():
        page.get_by_role("button", name="Reopen Line Cook").click()
    expect(page.locator("tr", has_text="Line Cook")).to_contain_text("published")


def test_an_employer_cannot_reach_a_caseworker_page(
    live_server: LiveServer,
    page: Page,
    login: Callable[[Page, str, str], None],
    screenshot: Callable[[Page, str], Path],
) -> None:
    employer = live_server.user(role=Role.EMPLOYER)
    login(page, employer.email, DEFAULT_PASSWORD)
    expect(page.get_by_role("link", name="Dashboard")).to_have_count(0)
    for path in ("/cw", "/cw/profiles/new"):
        response = page.goto(f"{live_server.url}{path}")
        assert response is not None and response.status == 403, path
        expect(page.get_by_role("heading", level=1)).to_have_text("Not allowed")
    screenshot(page, "employer-cw-not-allowed")
