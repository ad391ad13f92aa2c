"""A caseworker's decision that the server refuses is shown, not silently dropped.

htmx 2 swaps no 4xx/5xx answer by default; the staff pages' htmx-config swaps them, and the error answers to
htmx requests are retargeted to the page's alert area (api/web/errors.py)."""

from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import Page, expect

from api.services import review
from api.services.matching import ProposedMatch
from matcher.encoder import Encoder
from models.enums import ItemKind
from models.privacy.tools import PrivacyTools
from tests.catalog_factories import add_job
from tests.factories import make_profile, principal_for
from tests.web.conftest import LiveServer


def test_a_refused_decision_is_announced_in_the_alert_area(
    live_server: LiveServer,
    page: Page,
    login: Callable[[Page, str], None],
    screenshot: Callable[[Page, str], Path],
    encoder: Encoder,
    privacy: PrivacyTools,
) -> None:
    caseworker = live_server.user(email="cw@agency.example")
    with live_server.session() as s:
        job = add_job(s, encoder, title="Dishwasher")
        profile = make_profile(s, org_id=caseworker.org_id, created_by=caseworker.id)
        match = ProposedMatch(kind=ItemKind.JOB, item_id=int(job.id or 0), rank=1, score=0.5, model_version="t")
        [rec_id] = review.store_proposals(s, principal_for(caseworker), profile.pseudonym, [match])
        pseudonym = profile.pseudonym

    login(page, caseworker.email)
    page.goto(f"{live_server.url}/cw/profiles/{pseudonym}")
    # Meanwhile the same recommendation is approved elsewhere (another tab, a colleague).
    with live_server.session() as s:
        review.decide(s, principal_for(caseworker), rec_id, review.Decision("approve", None, None), privacy)

    page.get_by_role("button", name="Approve Dishwasher").click()
    alert = page.locator("#alerts")
    expect(alert).to_contain_text("there is nothing new to approve")
    expect(page.locator("article.match")).to_have_count(1)  # the card was not replaced by the error
    screenshot(page, "cw-refused-decision-alert")
