"""The person's page on a phone, in every shipped language: it fits 360 and 390 px screens, passes axe-core
with no serious or critical violation, shows the chosen answer and what happens next, and links to apply.

axe-core comes from the `axe-playwright-python` wheel (no network); screenshots land in tests/web/screenshots/.
"""

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from api.web import i18n
from tests.web.axe_checks import serious_violations
from tests.web.conftest import SCREENSHOTS, LiveServer
from tests.web.test_survivor_page import FORBIDDEN, Seeded, open_list, seed, t

LANGUAGES = [lang.code for lang in i18n.SHIPPED]
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "device_scale_factor": 2}
WIDTHS = (360, 390)
CHOSEN_FILL = "rgb(27, 94, 32)"  # app.css: .answer-buttons button.chosen


def assert_fits(page: Page, width: int) -> None:
    """No sideways scrolling, and the quick exit and any code box wholly on screen with room to spare."""
    page.set_viewport_size({"width": width, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth"), width
    exit_box = page.locator("#quick-exit").bounding_box()
    assert exit_box is not None
    assert exit_box["x"] >= 8 and exit_box["x"] + exit_box["width"] <= width - 8, (width, exit_box)
    code = page.locator("#code")
    if code.count():
        box = code.bounding_box()
        assert box is not None and box["x"] >= 8 and box["x"] + box["width"] <= width - 8, (width, box)
        # The whole grouped code is visible inside the box: its text is not wider than the field.
        assert code.evaluate("el => el.scrollWidth <= el.clientWidth"), width


@pytest.fixture
def seeded(live_server: LiveServer, encoder: Any, privacy: Any) -> Seeded:
    return seed(live_server, encoder, privacy)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_each_language_on_a_phone_fits_360_and_390_px_and_passes_axe(
    live_server: LiveServer,
    new_page: Callable[..., Page],
    seeded: Seeded,
    lang: str,
    screenshot: Callable[[Page, str], Path],
) -> None:
    page = new_page(locale=lang, **PHONE)
    page.goto(f"{live_server.url}/me")
    expect(page.locator("html")).to_have_attribute("lang", lang)
    expect(page.locator("html")).to_have_attribute("dir", "ltr")
    expect(page.get_by_role("button", name=t(lang, "Show my list"))).to_be_visible()
    page.get_by_label(t(lang, "Access code")).fill(seeded.code)  # the whole code shows in the box
    for width in WIDTHS:
        assert_fits(page, width)
    screenshot(page, f"me-code-{lang}-phone")
    assert serious_violations(page) == []

    # Typed as a person might: small letters, spaces for dashes.
    page.get_by_label(t(lang, "Access code")).fill(seeded.code.lower().replace("-", " "))
    with page.expect_navigation():
        page.get_by_role("button", name=t(lang, "Show my list")).tap()
    expect(page.locator("article.opportunity")).to_have_count(2)
    expect(page.locator("h1")).to_have_text(t(lang, "Your opportunities"))
    for width in WIDTHS:
        assert_fits(page, width)
    assert serious_violations(page) == []
    forklift_id = next(iter(seeded.shared))
    expect(page.locator(".esc-hint")).to_be_hidden()  # no keyboard on a phone
    page.locator(f"#yes-{forklift_id}").tap()
    expect(page.locator(f"#yes-{forklift_id}")).to_have_attribute("aria-pressed", "true")
    expect(page.locator(f"#item-{forklift_id} .next-step")).to_contain_text(
        t(lang, "The person who gave you your code will see this and contact you about the next step.")
    )
    for width in WIDTHS:
        assert_fits(page, width)
    page.set_viewport_size({"width": 390, "height": 844})
    expect(page.locator(".esc-hint")).to_be_hidden()
    screenshot(page, f"me-list-{lang}-phone-full")  # a full-page capture can drop the touch emulation
    page.screenshot(path=str(SCREENSHOTS / f"me-list-{lang}-phone.png"))  # what the phone's screen shows
    assert serious_violations(page) == []
    assert not FORBIDDEN.search(page.content())


def test_the_esc_hint_shows_only_where_a_keyboard_is_likely(
    live_server: LiveServer, new_page: Callable[..., Page]
) -> None:
    desktop = new_page()
    desktop.goto(f"{live_server.url}/me")
    expect(desktop.locator(".esc-hint")).to_be_visible()
    phone = new_page(**PHONE)
    phone.goto(f"{live_server.url}/me")
    expect(phone.locator("#quick-exit")).to_be_visible()
    expect(phone.locator(".esc-hint")).to_be_hidden()


def test_the_chosen_answer_is_visibly_and_programmatically_selected_and_can_be_changed(
    live_server: LiveServer, page: Page, seeded: Seeded, screenshot: Callable[[Page, str], Path]
) -> None:
    open_list(page, live_server, seeded.code)
    forklift_id = next(iter(seeded.shared))
    yes, no = page.locator(f"#yes-{forklift_id}"), page.locator(f"#no-{forklift_id}")
    expect(yes).to_have_attribute("aria-pressed", "false")
    expect(no).to_have_attribute("aria-pressed", "false")
    expect(yes).not_to_have_css("background-color", CHOSEN_FILL)

    yes.click()
    expect(yes).to_have_attribute("aria-pressed", "true")
    expect(no).to_have_attribute("aria-pressed", "false")
    expect(yes).to_have_css("background-color", CHOSEN_FILL)  # filled, unlike the button not chosen
    expect(no).not_to_have_css("background-color", CHOSEN_FILL)
    expect(yes).to_contain_text("\u2713")  # and ticked, so colour is not the only sign
    expect(page.locator(f"#item-{forklift_id} .your-answer")).to_contain_text("Your answer: Interested")
    expect(page.locator(f"#item-{forklift_id} .next-step")).to_have_text(
        "The person who gave you your code will see this and contact you about the next step. "
        "You can change your answer."
    )
    screenshot(page, "me-answer-interested")

    no.click()  # changed
    expect(no).to_have_attribute("aria-pressed", "true")
    expect(yes).to_have_attribute("aria-pressed", "false")
    expect(no).to_have_css("background-color", CHOSEN_FILL)
    expect(page.locator(f"#item-{forklift_id} .next-step")).to_contain_text("Saying no is fine.")
    page.reload()  # kept on the server
    expect(page.locator(f"#no-{forklift_id}")).to_have_attribute("aria-pressed", "true")
    assert serious_violations(page) == []


def test_apply_links_are_real_links_named_for_the_employer(live_server: LiveServer, page: Page, seeded: Seeded) -> None:
    open_list(page, live_server, seeded.code)
    apply = page.get_by_role("link", name="Apply to Cascade Logistics Inc.")
    expect(apply).to_have_attribute("href", re.compile(r"^https://"))
    expect(apply).to_have_attribute("rel", "noopener noreferrer")
    expect(page.get_by_role("link", name="Sign up with Green River College")).to_have_count(1)
    text = page.locator("main").inner_text()
    assert "Apply button" not in text and "https://" not in text  # no raw addresses, no buttons that do not exist
    expect(page.locator(".employer-note").first).to_contain_text("written by the employer")
