"""Issue 12 item 1 in a real browser: a caseworker approves and shares an employer's opening; the employer
edits it on their own page; the person's page drops it at once; the caseworker's card says "changed since
approved" with the old and new values; approving this version and sharing again shows the new version."""

from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import Page, expect

from api.services import review
from api.services.matching import ProposedMatch
from models.enums import ItemKind, Role
from tests.factories import make_profile, principal_for
from tests.web.conftest import LiveServer
from tests.web.test_employer_browser import CLEAN, fill_opening

NEW_TITLE = "Massage Therapist Assistant"
NEW_DESCRIPTION = "Assist our therapists with clients in a relaxing setting. Evening work, tips in cash."


def open_my_page(person: Page, url: str, code: str) -> None:
    person.goto(f"{url}/me")
    person.get_by_label("Access code").fill(code)
    with person.expect_navigation():
        person.locator("form:has(#code)").get_by_role("button").first.click()


def test_item1_employer_edit_in_the_browser_hides_the_opening_until_the_caseworker_approves_it_again(
    live_server: LiveServer,
    page: Page,
    new_page: Callable[..., Page],
    login: Callable[[Page, str], None],
    screenshot: Callable[[Page, str], Path],
) -> None:
    employer_page = new_page()
    employer = live_server.user(role=Role.EMPLOYER, email="hr@diner.example")
    login(employer_page, employer.email)
    employer_page.get_by_role("button", name="Post a new opening").click()
    fill_opening(employer_page, "Line Cook", CLEAN)
    employer_page.get_by_label("ZIP code").fill("98402")
    with employer_page.expect_navigation():
        employer_page.get_by_role("button", name="Post opening").click()
    expect(employer_page.locator("tr", has_text="Line Cook")).to_contain_text("published")

    caseworker = live_server.user(email="cw@agency.example")
    with live_server.session() as s:
        from sqlalchemy import text

        job_id = s.connection().execute(text("SELECT id FROM job_posting WHERE title = 'Line Cook'")).scalar_one()
        profile = make_profile(s, org_id=caseworker.org_id, created_by=caseworker.id)
        match = ProposedMatch(kind=ItemKind.JOB, item_id=int(job_id), rank=1, score=0.5, model_version="t")
        review.store_proposals(s, principal_for(caseworker), profile.pseudonym, [match])
        pseudonym = profile.pseudonym

    login(page, caseworker.email)
    page.goto(f"{live_server.url}/cw/profiles/{pseudonym}")
    card = page.locator("article.match").first
    page.get_by_role("button", name="Approve Line Cook").click()
    expect(card).to_have_attribute("data-status", "approved")
    with page.expect_navigation():
        page.get_by_role("button", name="Share approved items").click()
    code = page.locator("#access-code").inner_text().strip()

    person = new_page()
    open_my_page(person, live_server.url, code)
    expect(person.locator("article.opportunity")).to_have_count(1)
    expect(person.locator("article.opportunity")).to_contain_text("Line Cook")

    # The employer edits the opening on their own page.
    employer_page.goto(f"{live_server.url}/employer")
    employer_page.get_by_role("link", name="Edit Line Cook").click()
    employer_page.get_by_label("Job title").fill(NEW_TITLE)
    employer_page.get_by_label("What the job is").fill(NEW_DESCRIPTION)
    with employer_page.expect_navigation():
        employer_page.get_by_role("button", name="Save changes").click()

    # The person's page no longer shows it: not the old version, not the new one.
    person.reload()
    expect(person.locator("article.opportunity")).to_have_count(0)
    assert NEW_TITLE not in person.content() and "Line Cook" not in person.content()

    # The caseworker sees what changed.
    page.goto(f"{live_server.url}/cw/profiles/{pseudonym}")
    card = page.locator("article.match").first
    expect(card).to_have_attribute("data-changed", "yes")
    expect(card).to_contain_text("changed since approved")
    title_row = card.locator("section.changed-since-approved tr", has_text="Title")
    expect(title_row.locator("td").nth(0)).to_have_text("Line Cook")
    expect(title_row.locator("td").nth(1)).to_have_text(NEW_TITLE)
    expect(card.locator("section.changed-since-approved tr", has_text="Description")).to_contain_text(NEW_DESCRIPTION)
    screenshot(page, "changed-since-approved")

    # Approve this version, share again: the person sees the new version.
    card.get_by_role("button", name=f"Approve this version of {NEW_TITLE}").click()
    expect(card).to_have_attribute("data-status", "approved")
    expect(card.locator("section.changed-since-approved")).to_have_count(0)
    page.get_by_label("Also issue a new access code").uncheck()
    with page.expect_navigation():
        page.get_by_role("button", name="Share approved items").click()
    person.reload()
    expect(person.locator("article.opportunity")).to_have_count(1)
    expect(person.locator("article.opportunity")).to_contain_text(NEW_TITLE)
