"""Outcomes in a real browser (issue 19): the caseworker records a hire on the profile page (a refusal first,
shown beside its field and in a focused summary), the clock moves 90 days, the dashboard's "Due this week"
lists the retention check, and the caseworker records it as "still employed", which writes employed_90; the
results report then counts that hire and its 90-day retention (four colleagues' hires are seeded so the count
reaches 5, under which the report withholds it). axe-core finds nothing serious or critical.
Screenshots: tests/web/screenshots/outcome-*.png
"""

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from playwright.sync_api import Page, expect

from api.services import review
from matcher.encoder import Encoder
from models.clock import FrozenClock
from models.privacy.tools import PrivacyTools
from tests.catalog_factories import add_job
from tests.factories import make_outcome, make_profile, make_recommendation, principal_for
from tests.web.axe_checks import serious_violations
from tests.web.conftest import LiveServer

Login = Callable[[Page, str], None]
Shot = Callable[[Page, str], Path]


def test_caseworker_records_a_hire_and_its_90_day_check_in_the_browser(
    live_server: LiveServer,
    page: Page,
    login: Login,
    screenshot: Shot,
    encoder: Encoder,
    privacy: PrivacyTools,
) -> None:
    caseworker = live_server.user(email="cw@outcomes.example")
    with live_server.session() as s:
        who = principal_for(caseworker)
        profile = make_profile(s, org_id=caseworker.org_id, created_by=caseworker.id, label="forklift evenings")
        job = add_job(s, encoder, title="Forklift Operator", employer_name="Harbor Freight Co")
        rec = make_recommendation(s, profile=profile, actor=caseworker, job_posting_id=job.id)
        for action in ("approve", "share"):
            review.decide(s, who, rec.id or 0, review.Decision(action), privacy)  # type: ignore[arg-type]
        pseudonym, rec_id = profile.pseudonym, rec.id
        today = datetime.now(UTC).date()
        for n in range(4):  # other people's hires, kept 90 days: with this one, 5 (the report shows 5 and up)
            other = make_profile(s, org_id=caseworker.org_id, created_by=caseworker.id, label=f"placed {n}")
            item = make_recommendation(s, profile=other, actor=caseworker, job_posting_id=job.id)
            for action in ("approve", "share"):
                review.decide(s, who, item.id or 0, review.Decision(action), privacy)  # type: ignore[arg-type]
            make_outcome(s, recommendation=item, stage="hired", occurred_on=today, hours_per_week=40)
            make_outcome(s, recommendation=item, stage="employed_90", occurred_on=today + timedelta(days=90))
    assert live_server.resources is not None
    clock = FrozenClock(datetime.now(UTC))
    live_server.resources.clock = clock
    start = clock.now().date()
    p = f"#o{rec_id}-"

    login(page, caseworker.email)
    page.goto(f"{live_server.url}/cw/profiles/{pseudonym}#outcomes")
    expect(page.get_by_role("heading", name="What happened next")).to_be_visible()

    # By keyboard: Tab walks the form in reading order; the pay range is typed the wrong way round first.
    stage = page.locator(f"{p}stage")
    stage.focus()
    stage.select_option("hired")
    order: list[str] = []
    while len(order) < 4:  # (a date input takes a Tab per part: month, day, year)
        page.keyboard.press("Tab")
        focused = page.evaluate("document.activeElement.id")
        if not order or order[-1] != focused:
            order.append(focused)
    assert order == [f"o{rec_id}-occurred_on", f"o{rec_id}-pay_min", f"o{rec_id}-pay_max", f"o{rec_id}-hours_per_week"]
    page.locator(f"{p}pay_min").fill("23")
    page.locator(f"{p}pay_max").fill("19.50")
    page.locator(f"{p}hours_per_week").fill("32")
    with page.expect_navigation():
        page.locator(f"{p}hours_per_week").press("Enter")
    summary = page.locator(f"{p}error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("The highest pay (19.50) is below the lowest (23.00); swap them or fix one.")
    expect(page.locator(f"{p}pay_max")).to_have_attribute("aria-invalid", "true")
    expect(page.locator(f"{p}pay_min")).to_have_value("23")  # what was typed is kept
    assert serious_violations(page) == []
    screenshot(page, "outcome-hire-refused")

    page.locator(f"{p}pay_min").fill("19.50")
    page.locator(f"{p}pay_max").fill("23")
    with page.expect_navigation():
        page.locator(f"{p}record").click()
    expect(page.locator("#outcome-saved")).to_have_text("Saved.")
    expect(page.locator(f"{p}stage-hired")).to_contain_text(
        f"hired (start date): {start.isoformat()} · $19.50 to $23.00 an hour · 32 hours a week"
    )
    expect(page.locator("#follow-ups")).to_contain_text("90 days after the start: still employed?")
    assert serious_violations(page) == []
    screenshot(page, "outcome-hired")

    # Ninety-one days later the retention check is on the dashboard's "Due this week".
    clock.advance(days=91)
    page.goto(f"{live_server.url}/cw")
    due = page.locator("#due-table tbody tr", has_text="90 days after the start")
    expect(due).to_contain_text("forklift evenings")
    assert serious_violations(page) == []
    screenshot(page, "outcome-dashboard-due")
    with page.expect_navigation():
        due.get_by_role("link", name="forklift evenings").click()
    check_id = page.url.rsplit("#follow-up-", 1)[1]
    page.locator(f"#result-{check_id}").select_option("still_employed")
    with page.expect_navigation():
        page.locator(f"#record-{check_id}").click()
    expect(page.get_by_role("status").filter(has_text="Follow-up saved.")).to_be_visible()
    expect(page.locator(f"{p}stage-employed_90")).to_contain_text(
        f"still employed at 90 days: {(start + timedelta(days=90)).isoformat()}"
    )
    expect(page.locator(f"#follow-up-{check_id}")).to_contain_text("still employed")
    assert serious_violations(page) == []
    screenshot(page, "outcome-still-employed-90")

    with live_server.session() as s:
        stages = (
            s.connection()
            .exec_driver_sql(
                "SELECT stage, occurred_on FROM outcome_event WHERE recommendation_id = %s ORDER BY stage", (rec_id,)
            )
            .all()
        )
    assert [tuple(r) for r in stages] == [("employed_90", start + timedelta(days=90)), ("hired", start)]

    # The results report counts the hire and its 90-day retention (period: the 365 days ending "today").
    page.goto(f"{live_server.url}/reports/results")
    hires = page.locator("#placement-table tbody tr", has_text="Hires that started in the period")
    expect(hires.locator("td").first).to_have_text("5")
    kept = page.locator("#retention-table tbody tr").first
    expect(kept.locator("th")).to_have_text("90")
    expect(kept.locator("td").nth(0)).to_have_text("5")
    expect(kept.locator("td").nth(1)).to_contain_text("100")
    assert serious_violations(page) == []
    screenshot(page, "outcome-results-report")
