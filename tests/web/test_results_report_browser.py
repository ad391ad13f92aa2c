"""The results report in headless Chromium (issue 19): a seeded agency's report, reached from the staff
navigation, read at desktop and phone width; axe-core finds nothing serious or critical, the charts are images
with names, and the page does not scroll sideways on a phone. Screenshots: tests/web/screenshots/results-report*.png
"""

from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import Page, expect

from matcher.encoder import Encoder
from tests.api.test_results_report import Agency
from tests.factories import principal_for
from tests.web.conftest import SCREENSHOTS, LiveServer
from tests.web.test_dashboard_browser import serious_violations
from tests.web.test_results_report_page import PERIOD_QUERY, seed

Login = Callable[[Page, str], None]
Shot = Callable[[Page, str], Path]


def _seeded_caseworker(live_server: LiveServer, encoder: Encoder) -> str:
    caseworker = live_server.user(email="cw@results.example")
    with live_server.session() as s:
        seed(Agency(s, encoder, caseworker, principal_for(caseworker)))
    return caseworker.email


def test_results_report_page_in_a_browser_has_no_serious_axe_findings(
    live_server: LiveServer, encoder: Encoder, page: Page, login: Login, screenshot: Shot
) -> None:
    email = _seeded_caseworker(live_server, encoder)
    login(page, email)
    page.get_by_role("link", name="Results").click()
    expect(page.get_by_role("heading", name="Results", level=1)).to_be_visible()
    page.goto(f"{live_server.url}/reports/results?{PERIOD_QUERY}")
    expect(page.get_by_role("img", name="Bar chart: job matches at each stage", exact=False)).to_be_visible()
    expect(page.get_by_role("img", name="Bar chart: share still employed", exact=False)).to_be_visible()
    expect(page.locator("#funnel-table tbody tr").nth(5)).to_contain_text("10")
    page.locator("details").first.evaluate("d => d.open = true")
    assert serious_violations(page) == []
    screenshot(page, "results-report")
    # Close-ups of the charts with their tables, the WIOA table and the monitors (the full page is long).
    for section, name in (
        ("#funnel-heading", "funnel"),
        ("#retention-heading", "retention"),
        ("#fairness-heading", "fairness"),
        ("#wioa-heading", "wioa"),
    ):
        page.locator(f"section:has({section})").screenshot(path=str(SCREENSHOTS / f"results-report-{name}.png"))


def test_results_report_page_on_a_phone(
    live_server: LiveServer, encoder: Encoder, new_page: Callable[..., Page], login: Login, screenshot: Shot
) -> None:
    email = _seeded_caseworker(live_server, encoder)
    page = new_page(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    login(page, email)
    page.goto(f"{live_server.url}/reports/results?{PERIOD_QUERY}")
    expect(page.get_by_role("heading", name="From match to job")).to_be_visible()
    # Wide tables scroll inside their own region; the page itself never scrolls sideways.
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    assert serious_violations(page) == []
    screenshot(page, "results-report-phone")
