"""The whole flow in a real browser: a caseworker's intake, matches, two approvals and a rejection, sharing (the
code shown once, on the page the share redirects to), and the person's own page (opened with the access code in
a separate browser) showing exactly the two.

The person's page (/me) keeps this contract: a form with an "Access code" field (`name="code"`) and a
submit button; after submitting, each opportunity is an `<article class="opportunity">`.
"""

import re
from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import Locator, Page, expect

from matcher.encoder import Encoder
from tests.catalog_factories import add_job
from tests.web.conftest import LiveServer

WAREHOUSE_JOBS = [
    ("Forklift Operator", "North Dock Supply", "Drive a forklift, load and unload trucks, keep inventory counts."),
    ("Inventory Clerk", "Valley Parts Depot", "Count inventory, receive shipments, scan and shelve stock."),
    ("Shipping Associate", "Harbor Freight Lines", "Pack orders, operate a pallet jack, load outbound trucks."),
]


def seed_jobs(live_server: LiveServer, encoder: Encoder) -> None:
    with live_server.session() as s:
        for title, employer, description in WAREHOUSE_JOBS:
            add_job(s, encoder, title=title, employer_name=employer, description=description)


def match_card(page: Page, title: str) -> Locator:
    return page.locator(f'article.match[data-title="{title}"]')


def test_intake_to_the_persons_page_shows_exactly_the_two_approved_jobs(
    live_server: LiveServer,
    encoder: Encoder,
    page: Page,
    new_page: Callable[..., Page],
    login: Callable[[Page, str], None],
    screenshot: Callable[[Page, str], Path],
) -> None:
    seed_jobs(live_server, encoder)
    caseworker = live_server.user(email="cw@flow.example")
    shots: list[Path] = []

    login(page, caseworker.email)
    expect(page.get_by_role("heading", name="Profiles", exact=True)).to_be_visible()
    shots.append(screenshot(page, "flow-01-dashboard"))

    page.get_by_role("link", name="New intake").first.click()
    page.get_by_label("Skills (comma-separated)").fill("forklift, inventory, pallet jack")
    page.get_by_label("Fields of interest (comma-separated)").fill("logistics")
    page.get_by_label("Job title 1").fill("warehouse helper")
    page.get_by_label("What the work involved 1").fill("Loaded trucks and drove a forklift on the day shift.")
    page.get_by_label("State (two letters)").fill("WA")
    page.get_by_label("3-digit ZIP areas they can reach (comma-separated)").fill("980")
    page.get_by_label("Lowest hourly pay ($)").fill("17")
    shots.append(screenshot(page, "flow-02-intake"))
    with page.expect_navigation():
        page.get_by_role("button", name="Create profile").click()
    assert re.search(r"/cw/profiles/[0-9a-f]{32}\?saved=created$", page.url), page.url
    shots.append(screenshot(page, "flow-03-profile"))

    page.get_by_label("Rank").select_option("job")
    with page.expect_navigation():
        page.get_by_role("button", name="Find matches").click()
    for title, _, _ in WAREHOUSE_JOBS:
        expect(match_card(page, title)).to_have_attribute("data-status", "proposed")
    # The explanation is on the card: the skills it matched, with the posting's own words.
    expect(match_card(page, "Forklift Operator")).to_contain_text("Matched skills")
    shots.append(screenshot(page, "flow-04-matches"))

    approved, rejected = ["Forklift Operator", "Inventory Clerk"], "Shipping Associate"
    for title in approved:
        page.get_by_role("button", name=f"Approve {title}").click()
        expect(match_card(page, title)).to_have_attribute("data-status", "approved")
    card = match_card(page, rejected)
    card.get_by_label("Reason to reject").select_option("schedule")
    card.get_by_role("button", name=f"Reject {rejected}").click()
    expect(match_card(page, rejected)).to_have_attribute("data-status", "rejected")
    expect(match_card(page, rejected)).to_contain_text("Reason: schedule")
    shots.append(screenshot(page, "flow-05-decided"))

    expect(page.get_by_label("Also issue a new access code")).to_be_checked()
    with page.expect_navigation():
        page.get_by_role("button", name="Share approved items").click()
    expect(page.locator("#shared-items li")).to_have_count(2)
    expect(page.get_by_text("in person")).to_be_visible()
    code = page.locator("#access-code").inner_text().strip()
    assert code
    assert page.url.endswith("/shared") and code not in page.url  # the POST redirected; the code is in no URL
    shots.append(screenshot(page, "flow-06-shared-code"))
    page.reload()  # a GET: nothing is shared or issued again, and the code is not shown twice
    expect(page.get_by_role("heading", name="Already shown")).to_be_visible()
    expect(page.locator("#access-code")).to_have_count(0)

    person = new_page()
    person.goto(f"{live_server.url}/me")
    person.get_by_label("Access code").fill(code)
    shots.append(screenshot(person, "flow-07-person-code"))
    with person.expect_navigation():
        person.locator("form:has(#code)").get_by_role("button").first.click()
    opportunities = person.locator("article.opportunity")
    expect(opportunities).to_have_count(2)
    shown = opportunities.all_inner_texts()
    for title in approved:
        assert sum(title in text for text in shown) == 1, shown
    assert not any(rejected in text for text in shown), shown
    shots.append(screenshot(person, "flow-08-person-opportunities"))

    assert all(path.stat().st_size > 0 for path in shots)
