"""Issue 15, the intake in headless Chromium: the scrubber's preview before saving, plain errors with a
focused summary whose links reach the fields, rows added without a cap, the saved confirmation, an empty
profile's "Find matches" explained, and axe-core with no serious or critical finding on the intake and
edit pages. Screenshots land in tests/web/screenshots/intake-*.png."""

from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.factories import make_profile
from tests.privacy import seeded
from tests.web.conftest import LiveServer
from tests.web.test_survivor_phone import serious_violations

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


@pytest.fixture
def axe_page(new_page: Callable[..., Page]) -> Page:
    # The page's strict CSP would refuse the injected axe-core script; only this test context bypasses it.
    return new_page(bypass_csp=True)


def test_the_scrubber_preview_shows_what_would_be_removed_and_saves_only_when_confirmed(
    live_server: LiveServer,
    axe_page: Page,
    login: Callable[[Page, str], None],
    screenshot: Callable[[Page, str], Path],
) -> None:
    page = axe_page
    caseworker = live_server.user(email="cw@intake-preview.example")
    login(page, caseworker.email)
    page.goto(f"{live_server.url}/cw/profiles/new")
    assert serious_violations(page) == []
    page.get_by_label("Skills (comma-separated)").fill("kitchen sanitation, forklift")
    page.get_by_label("Job title 1").fill("Line cook")
    page.get_by_label("What the work involved 1").fill(
        f"Prepped vegetables for {seeded.NAME[0]} {seeded.NAME[1]}. Call {seeded.PHONE} about shifts."
    )
    with page.expect_navigation():
        page.get_by_role("button", name="Create profile").click()

    preview = page.locator("#scrub-preview")
    expect(preview).to_be_visible()
    expect(preview).to_be_focused()
    expect(preview.get_by_role("heading")).to_have_text("Check what will be removed before saving")
    expect(preview.locator("mark")).to_have_text([f"{seeded.NAME[0]} {seeded.NAME[1]}", seeded.PHONE])
    expect(page.locator("#work_activities_0-removal mark")).to_have_count(2)  # highlighted beside the field too
    expect(page.locator("#skills-removal")).to_have_count(0)  # the taxonomy skill is not touched
    expect(page.get_by_label("What the work involved 1")).to_be_editable()
    assert serious_violations(page) == []
    screenshot(page, "intake-scrub-preview")

    with page.expect_navigation():
        page.get_by_role("button", name="Save with these removed").click()
    expect(page.locator("#saved-status")).to_have_text("Profile created and saved.")
    dl = page.locator("details dl")
    expect(dl).to_contain_text("kitchen sanitation, forklift")
    expect(dl).to_contain_text("Prepped vegetables for [NAME]. Call [PHONE] about shifts.")
    screenshot(page, "intake-saved-confirmation")


def test_errors_are_plain_the_summary_is_focused_and_its_links_reach_the_fields(
    live_server: LiveServer,
    axe_page: Page,
    login: Callable[[Page, str], None],
    screenshot: Callable[[Page, str], Path],
) -> None:
    page = axe_page
    caseworker = live_server.user(email="cw@intake-errors.example")
    login(page, caseworker.email)
    page.goto(f"{live_server.url}/cw/profiles/new")
    with page.expect_navigation():
        page.get_by_role("button", name="Create profile").click()
    summary = page.locator("#error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_have_attribute("role", "alert")
    expect(summary.get_by_role("link")).to_have_text(
        ["Add at least one skill, past job or interest: with none, there is nothing to match the person on."]
    )

    page.get_by_label("Skills (comma-separated)").fill("forklift")
    page.get_by_label("State (two letters)").fill("Washington")
    page.get_by_label("Most hours a week").fill("150")
    with page.expect_navigation():
        page.get_by_role("button", name="Create profile").click()
    expect(summary).to_be_focused()
    links = summary.get_by_role("link")
    expect(links).to_have_text(
        [
            "Enter the most hours a week as a number from 0 to 100, for example 30.",
            "Enter the state as two letters, for example WA.",
        ]
    )
    expect(page.locator("#region-error")).to_have_text("Enter the state as two letters, for example WA.")
    expect(page.get_by_label("State (two letters)")).to_have_value("Washington")  # what was typed stays
    body = page.locator("main").inner_text()
    assert "should" not in body and "pattern" not in body
    assert serious_violations(page) == []
    screenshot(page, "intake-error-summary")
    links.nth(1).click()
    expect(page.get_by_label("State (two letters)")).to_be_focused()


def test_any_number_of_rows_languages_fixed_hours_and_education_are_saved_and_shown(
    live_server: LiveServer,
    page: Page,
    login: Callable[[Page, str], None],
    screenshot: Callable[[Page, str], Path],
) -> None:
    caseworker = live_server.user(email="cw@intake-rows.example")
    login(page, caseworker.email)
    page.goto(f"{live_server.url}/cw/profiles/new")
    titles = ["cook", "dishwasher", "housekeeper", "cashier"]
    for i, title in enumerate(titles):
        if i:
            with page.expect_navigation():
                page.get_by_role("button", name="Add another job").click()
        page.get_by_label(f"Job title {i + 1}").fill(title)
    page.get_by_label("Kind 1").select_option("language_class")
    page.get_by_label("Subject 1").fill("English")
    page.get_by_label("Status 1").select_option("in_progress")
    page.get_by_label("Language 1").select_option("es")
    page.get_by_label("Level 1").select_option("fluent")
    with page.expect_navigation():
        page.get_by_role("button", name="Add another language").click()
    page.get_by_label("Language 2").select_option("en")
    page.get_by_label("Level 2").select_option("basic")
    page.get_by_label("Day 1").select_option("mon")
    page.get_by_label("From 1 (24-hour, e.g. 15:00)").fill("15:00")
    page.get_by_label("To 1 (24-hour, e.g. 18:00)").fill("18:00")
    page.get_by_label("public transit").check()
    page.get_by_label("Longest trip to work").fill("45")
    page.get_by_label("In", exact=True).select_option("minutes")
    expect(page.get_by_label("Job title 4")).to_have_value("cashier")
    screenshot(page, "intake-rows")
    with page.expect_navigation():
        page.get_by_role("button", name="Create profile").click()

    expect(page.locator("#saved-status")).to_have_text("Profile created and saved.")
    expect(page.locator("#profile-languages")).to_have_text("Spanish: fluent; English: basic")
    expect(page.locator("#profile-fixed-hours")).to_have_text("Mon 15:00\u201318:00")
    expect(page.locator("#profile-education")).to_have_text("language class: English (in progress)")
    expect(page.locator("#profile-travel")).to_contain_text("public transit; at most 45 minutes")
    expect(page.locator("details dl")).to_contain_text("cook; dishwasher; housekeeper; cashier")
    screenshot(page, "intake-profile-new-fields")


def test_an_empty_profile_explains_instead_of_finding_matches_and_the_edit_page_passes_axe(
    live_server: LiveServer,
    axe_page: Page,
    login: Callable[[Page, str], None],
    screenshot: Callable[[Page, str], Path],
) -> None:
    page = axe_page
    caseworker = live_server.user(email="cw@intake-empty.example")
    with live_server.session() as s:
        pseudonym = make_profile(
            s, org_id=caseworker.org_id, skills=["[NAME]"], interests=[], work_history=[]
        ).pseudonym
    login(page, caseworker.email)
    page.goto(f"{live_server.url}/cw/profiles/{pseudonym}")
    expect(page.locator("#nothing-to-match")).to_contain_text("nothing to match on")
    expect(page.get_by_role("button", name="Find matches")).to_have_count(0)
    screenshot(page, "intake-empty-profile")
    with page.expect_navigation():
        page.get_by_role("link", name="Edit the intake and add at least one.").click()
    expect(page.locator("#dropped-placeholders")).to_be_visible()
    expect(page.get_by_label("Skills (comma-separated)")).to_have_value("")  # "[NAME]" is not offered back
    assert serious_violations(page) == []
    screenshot(page, "intake-edit-placeholder-dropped")
