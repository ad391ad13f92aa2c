"""The dashboard in a real browser (issue 15, "Finding a person"): search by case number, label and skill,
each filter, sort, pagination with the state in the address (back and forward keep it), the "Interested"
queue newest first, a label refused with what was found highlighted, a follow-up recorded; axe-core finds
nothing serious or critical on the dashboard and the label page. Screenshots: tests/web/screenshots/dashboard-*.png
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import Page, expect

from api.services import review
from matcher.encoder import Encoder
from models.organization import User
from models.privacy.tools import PrivacyTools
from models.repositories import case_references
from models.repositories import recommendations as rec_repo
from tests.catalog_factories import add_job
from tests.factories import make_follow_up, make_profile, make_recommendation, principal_for
from tests.web.axe_checks import serious_violations
from tests.web.conftest import LiveServer

Login = Callable[[Page, str], None]
Shot = Callable[[Page, str], Path]
NOW = datetime.now(UTC)
FILLERS = 30


@dataclass
class Agency:
    caseworker: User
    due_pseudonym: str


@pytest.fixture
def agency(live_server: LiveServer, encoder: Encoder, privacy: PrivacyTools) -> Agency:
    """Profiles a caseworker can tell apart by label: one per filter, fillers for pages, a neighbour agency."""
    caseworker = live_server.user(email="cw@dashboard.example")
    neighbour = live_server.user(email="cw@elsewhere.example")
    with live_server.session() as s:
        who = principal_for(caseworker)

        def profile(label: str, owner: User = caseworker, **kw: Any) -> Any:
            return make_profile(s, org_id=owner.org_id, created_by=owner.id, label=label, **kw)

        def item(p: Any, title: str, owner: User = caseworker) -> Any:
            job = add_job(s, encoder, title=title)
            return make_recommendation(s, profile=p, actor=owner, job_posting_id=job.id)

        def share(rec: Any) -> None:
            for action in ("approve", "share"):
                review.decide(s, who, rec.id, review.Decision(action), privacy)  # type: ignore[arg-type]

        def interested(rec: Any) -> None:
            rec_repo.add_decision(
                s.connection(), recommendation_id=rec.id, from_status="shared", to_status="interested", actor_id=None
            )
            rec_repo.set_response(s.connection(), recommendation_id=rec.id, response="interested")

        for i in range(FILLERS):
            profile(f"filler {i:02d}", skills=["bookkeeping"], created_at=NOW - timedelta(days=2, minutes=i))
        item(profile("review one", skills=["welding"]), "Welder Helper")
        share(item(profile("shared one", skills=["forklift"]), "Forklift Operator"))
        first = item(profile("interested early", skills=["cooking"]), "Line Cook")
        share(first)
        interested(first)
        later = item(profile("interested late", skills=["cashier"]), "Cashier")
        share(later)
        interested(later)
        due = profile("due one", skills=["driving"])
        make_follow_up(s, profile=due, due_on=NOW.date() - timedelta(days=1))
        profile("quiet one", skills=["childcare"], last_activity_at=NOW - timedelta(days=45))
        numbered = make_profile(s, org_id=caseworker.org_id, skills=["welding"])
        case_references.put(
            s, pseudonym=numbered.pseudonym, org_id=caseworker.org_id, case_number="HS-2026-0417", cipher=privacy.cipher
        )
        # The neighbour agency has a profile that would match every search and filter above.
        theirs = profile("review one", neighbour, skills=["welding", "bookkeeping"])
        item(theirs, "Welder Helper", neighbour)
        case_references.put(
            s, pseudonym=theirs.pseudonym, org_id=neighbour.org_id, case_number="HS-2026-0417", cipher=privacy.cipher
        )
        due_pseudonym = due.pseudonym
    return Agency(caseworker, due_pseudonym)


def shown(page: Page) -> list[str]:
    """The profile references in the table, in order."""
    return [t.strip() for t in page.locator("#profiles-table tbody tr td:first-child > a").all_inner_texts()]


def search(
    page: Page, q: str = "", filters: tuple[str, ...] = (), sort: str | None = None, order: str | None = None
) -> None:
    page.fill("#dashboard-q", q)
    for box in page.locator("#dashboard-search input[type=checkbox]").all():
        box.set_checked(box.get_attribute("value") in filters)
    if sort:
        page.select_option("#dashboard-sort", sort)
    if order:
        page.select_option("#dashboard-dir", order)
    with page.expect_navigation():
        page.click("#dashboard-apply")


def test_dashboard_search_filters_sort_pages_and_interested_queue_in_the_browser(
    live_server: LiveServer, page: Page, login: Login, screenshot: Shot, agency: Agency
) -> None:
    login(page, agency.caseworker.email)
    page.goto(f"{live_server.url}/cw")
    expect(page.locator("#dashboard-count")).to_have_text(f"{FILLERS + 7} profiles match. Page 1 of 2.")
    # The queue: newest "Interested" answer first.
    queue = page.locator("#interested-table tbody tr td:first-child").all_inner_texts()
    assert queue == ["interested late", "interested early"]
    assert serious_violations(page) == []
    screenshot(page, "dashboard-overview")

    # Search: a whole case number, typed loosely; part of a label; a skill. Never the neighbour's profile.
    search(page, "hs 2026 0417")
    assert shown(page) == ["HS-2026-0417"]
    screenshot(page, "dashboard-search-case-number")
    search(page, "INTERESTED")
    assert sorted(shown(page)) == ["interested early", "interested late"]
    search(page, "weld")
    assert sorted(shown(page)) == ["HS-2026-0417", "review one"]

    # Each filter on its own returns exactly its profiles.
    expected = {
        "needs_review": ["review one"],
        "shared": ["interested early", "interested late", "shared one"],
        "interested": ["interested early", "interested late"],
        "follow_up_due": ["due one"],
        "inactive": ["quiet one"],
    }
    for name, refs in expected.items():
        search(page, filters=(name,))
        assert sorted(shown(page)) == refs, name
        assert parse_qs(urlparse(page.url).query)["filter"] == [name]
    search(page, filters=("shared", "interested"))
    assert sorted(shown(page)) == ["interested early", "interested late"]
    assert serious_violations(page) == []
    screenshot(page, "dashboard-filter-shared-and-interested")

    # Sort by label A-Z, then Z-A; the numbered profile without a label comes after the labelled ones.
    search(page, sort="label", order="asc")
    assert shown(page)[:3] == ["due one", "filler 00", "filler 01"]
    search(page, sort="label", order="desc")
    assert shown(page)[:3] == ["shared one", "review one", "quiet one"]
    search(page, sort="review", order="desc")
    assert shown(page)[0] == "review one"

    # Pages: 25 a page, links keep the sort; back and forward restore the page and the form.
    search(page, sort="label", order="asc")
    first_page = shown(page)
    assert len(first_page) == 25
    nav = page.get_by_role("navigation", name="Pages of profiles")
    expect(nav.locator("[aria-current=page]")).to_have_text("Page 1")
    with page.expect_navigation():
        nav.get_by_role("link", name="Next page").click()
    assert parse_qs(urlparse(page.url).query) == {"sort": ["label"], "dir": ["asc"], "page": ["2"]}
    second_page = shown(page)
    assert len(second_page) == FILLERS + 7 - 25 and not set(first_page) & set(second_page)
    assert second_page[-1] == "HS-2026-0417"  # unlabelled: shown by case number, after every label
    expect(nav.locator("[aria-current=page]")).to_have_text("Page 2")
    screenshot(page, "dashboard-page-2")
    page.go_back()
    assert shown(page) == first_page
    expect(page.locator("#dashboard-sort")).to_have_value("label")
    page.go_forward()
    assert shown(page) == second_page


def test_dashboard_label_refused_then_saved_and_follow_up_recorded_in_the_browser(
    live_server: LiveServer, page: Page, login: Login, screenshot: Shot, agency: Agency
) -> None:
    login(page, agency.caseworker.email)
    page.goto(f"{live_server.url}/cw/profiles/{agency.due_pseudonym}/label")
    page.fill("#label-input", "Maria Lopez, evenings")
    with page.expect_navigation():
        page.click("#save-label")
    alert = page.locator("#label-refused")
    expect(alert).to_contain_text("a name")
    expect(alert.locator("mark.found")).to_have_text("Maria Lopez")
    expect(page.locator("#label-input")).to_have_value("Maria Lopez, evenings")
    assert serious_violations(page) == []
    screenshot(page, "dashboard-label-refused")
    page.fill("#label-input", "evenings, driving")
    with page.expect_navigation():
        page.click("#save-label")
    expect(page.locator("p.saved[role=status]")).to_have_text("Label saved.")  # the page has a second live region
    expect(page.locator("h1")).to_have_text("Profile evenings, driving")

    section = page.locator("#follow-ups")
    expect(section).to_contain_text("due")
    section.scroll_into_view_if_needed()
    screenshot(page, "dashboard-follow-up-due")
    section.get_by_label("Result").first.select_option("reached")
    with page.expect_navigation():
        section.get_by_role("button", name="Mark done").first.click()
    expect(page.locator("p.saved[role=status]")).to_have_text("Follow-up saved.")
    expect(page.locator("#follow-ups")).to_contain_text("reached the person")
    assert serious_violations(page, "#follow-ups") == []
    screenshot(page, "dashboard-follow-up-recorded")
    page.goto(f"{live_server.url}/cw?filter=follow_up_due")
    expect(page.locator("#dashboard-count")).to_have_text("0 profiles match.")
