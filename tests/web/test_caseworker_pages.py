"""Caseworker pages in a real browser: inline intake errors, the role wall, keyboard use and a phone's width."""

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from matcher.encoder import Encoder
from models.enums import Role
from models.organization import User
from tests.catalog_factories import add_job
from tests.factories import make_profile, make_recommendation
from tests.web.conftest import LiveServer

Login = Callable[[Page, str], None]
Shot = Callable[[Page, str], Path]
PHONE = {"width": 390, "height": 844}
EXPLANATION = {
    "matched_skills": [
        {"label": "operate forklift", "profile_evidence": "forklift", "item_evidence": "Drive a forklift daily."}
    ],
    "missing_skills": ["inventory software"],
    "pay": "Pays $19.50/hour to $22.00/hour; above the wanted $17.00/hour.",
    "schedule": "Schedule shifts: day.",
    "location": "Location: WA, ZIP 980xx.",
    "lines": [],
    "employer_verified": True,
}


@dataclass
class Casebook:
    caseworker: User
    pseudonym: str
    title: str


@pytest.fixture
def casebook(live_server: LiveServer, encoder: Encoder) -> Casebook:
    """A caseworker with one profile and one proposed, explained job match (committed for the server)."""
    caseworker = live_server.user(email="cw@pages.example")
    title = "Forklift Operator"
    with live_server.session() as s:
        job = add_job(s, encoder, title=title, employer_name="North Dock Supply")
        profile = make_profile(s, org_id=caseworker.org_id, created_by=caseworker.id)
        make_recommendation(s, profile=profile, actor=caseworker, job_posting_id=job.id, explanation=EXPLANATION)
        pseudonym = profile.pseudonym
    return Casebook(caseworker, pseudonym, title)


def no_horizontal_scroll(page: Page) -> bool:
    width: int = page.evaluate("document.scrollingElement.scrollWidth")
    return width <= PHONE["width"]


def test_intake_error_is_shown_beside_the_field_and_keeps_what_was_typed(
    live_server: LiveServer, page: Page, login: Login, screenshot: Shot
) -> None:
    login(page, live_server.user().email)
    page.goto(f"{live_server.url}/cw/profiles/new")
    page.get_by_label("Skills (comma-separated)").fill("forklift, inventory")
    page.get_by_label("What the work involved 1").fill("Stocked shelves on the night shift.")
    page.get_by_label("State (two letters)").fill("WA")
    zips = page.get_by_label("3-digit ZIP areas they can reach (comma-separated)")
    zips.fill("98101")
    with page.expect_navigation():
        page.get_by_role("button", name="Create profile").click()

    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(page.locator("#error-summary a[href='#zip3s']")).to_contain_text("never a full ZIP code")
    expect(zips).to_have_attribute("aria-invalid", "true")
    error = page.locator("#zip3s-error")
    expect(error).to_contain_text("never a full ZIP code")
    # Beside the field: the message is tied to it for screen readers and sits right under it.
    expect(zips).to_have_attribute("aria-describedby", "zip3s-error")
    field_box, error_box = zips.bounding_box(), error.bounding_box()
    assert field_box and error_box
    assert 0 <= error_box["y"] - (field_box["y"] + field_box["height"]) < 40
    expect(zips).to_have_value("98101")
    expect(page.get_by_label("Skills (comma-separated)")).to_have_value("forklift, inventory")
    expect(page.get_by_label("What the work involved 1")).to_have_value("Stocked shelves on the night shift.")
    expect(page.get_by_label("State (two letters)")).to_have_value("WA")
    screenshot(page, "cw-intake-error")


def test_an_employer_who_opens_a_caseworker_page_gets_not_allowed(
    live_server: LiveServer, page: Page, login: Login, screenshot: Shot
) -> None:
    employer = live_server.user(role=Role.EMPLOYER, email="hr@pages.example")
    login(page, employer.email)
    response = page.goto(f"{live_server.url}/cw")
    assert response is not None and response.status == 403
    expect(page.get_by_role("heading", name="Not allowed")).to_be_visible()
    expect(page.get_by_role("link", name="New intake")).to_have_count(0)
    screenshot(page, "cw-employer-not-allowed")


def test_main_actions_are_reached_with_tab_have_visible_labels_and_work_with_the_keyboard(
    live_server: LiveServer, casebook: Casebook, page: Page, login: Login, screenshot: Shot
) -> None:
    login(page, casebook.caseworker.email)
    page.goto(f"{live_server.url}/cw/profiles/{casebook.pseudonym}")

    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to content")
    expect(skip).to_be_focused()
    box = skip.bounding_box()
    assert box and box["x"] >= 0 and box["y"] >= 0, "the skip link must show when focused"

    wanted = {"Find matches", f"Approve {casebook.title}", f"Reject {casebook.title}", "Share approved items"}
    reached: set[str] = set()
    for _ in range(80):
        page.keyboard.press("Tab")
        name = page.evaluate(
            "(() => { const e = document.activeElement;"
            " return e && e.tagName === 'BUTTON' ? (e.getAttribute('aria-label') || e.innerText).trim() : ''; })()"
        )
        if name in wanted:
            reached.add(name)
            button = page.locator(":focus")
            expect(button).to_be_visible()
            assert button.inner_text().strip(), f"{name} has no visible text"
        if reached == wanted:
            break
    assert reached == wanted

    # Every form control of the review card has a visible label of its own.
    card = page.locator(f'article.match[data-title="{casebook.title}"]')
    # (the note sits with the full explanation, so it shows once the card is expanded)
    card.locator("summary").click()
    for label in ("Reason to reject", "Note for the team (optional, kept with Approve or Reject)"):
        expect(card.get_by_text(label, exact=True)).to_be_visible()
        expect(card.get_by_label(label)).to_be_visible()
    expect(card.get_by_label(f"Select {casebook.title}")).to_be_visible()

    card.get_by_role("button", name=f"Approve {casebook.title}").focus()
    page.keyboard.press("Enter")
    expect(card).to_have_attribute("data-status", "approved")
    screenshot(page, "cw-keyboard-approved")


def test_caseworker_pages_fit_a_390px_phone_without_sideways_scrolling(
    live_server: LiveServer, casebook: Casebook, new_page: Callable[..., Page], login: Login, screenshot: Shot
) -> None:
    phone = new_page(viewport=PHONE)
    login(phone, casebook.caseworker.email)
    base = f"{live_server.url}/cw/profiles/{casebook.pseudonym}"
    for name, url in [
        ("dashboard", f"{live_server.url}/cw"),
        ("intake", f"{live_server.url}/cw/profiles/new"),
        ("profile", base),
        ("audit", f"{base}/audit"),
    ]:
        phone.goto(url)
        screenshot(phone, f"cw-phone-{name}")
        assert no_horizontal_scroll(phone), f"{name} scrolls sideways at 390px"
