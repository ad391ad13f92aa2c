"""Education partners in a real Chromium: upload a program file with one bad row, read the report, edit a program."""

import csv
import io
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from models.enums import Role
from tests.web.conftest import LiveServer

HEADER = ["PROGRAM_ID", "PROVIDER_NAME", "PROVIDER_CITY", "PROVIDER_STATE", "PROGRAM_NAME", "PROGRAM_DESCRIPTION"]
HEADER += ["PROGRAM_URL", "CIP_CODE", "PROGRAM_LENGTH_WEEKS", "TOTAL_COST", "DELIVERY_FORMAT", "SCHEDULE"]
COLLEGE = ["Kent Valley College", "Kent", "WA"]


def row(pid: str, name: str, about: str, cip: str, weeks: str, cost: str, schedule: str) -> list[str]:
    url = f"https://kv.example/{pid}" if pid else ""
    return [pid, *COLLEGE, name, about, url, cip, weeks, cost, "Classroom", schedule]


ROWS = [
    row("KV-1", "Forklift Certification", "Forklift safety and operation.", "49.0208", "4", "600", "Daytime"),
    # line 3: no name (a row without an id is keyed by provider, name and place since issue 14)
    row("KV-2", "", "Missing its name.", "", "", "", ""),
    row("KV-3", "Supply Chain Basics", "Inventory control and shipping.", "52.0203", "8", "900", "Evening"),
    row("KV-4", "Welding Fabrication", "Welding processes and layout.", "48.0508", "12", "lots", "Daytime"),  # line 5
]

# Records every text the upload's status line shows, where the test can read them after the page has
# moved on (a MutationObserver sees each change, whichever htmx event made it).
RECORD_PROGRESS = """() => {
  const status = document.getElementById("upload-status");
  new MutationObserver(() => {
    const steps = JSON.parse(sessionStorage.getItem("steps") || "[]");
    steps.push(status.textContent);
    sessionStorage.setItem("steps", JSON.stringify(steps));
  }).observe(status, {childList: true, characterData: true, subtree: true});
}"""


def etpl_file() -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADER)
    writer.writerows(ROWS)
    return out.getvalue().encode()


def test_upload_with_bad_rows_shows_progress_and_a_readable_report_then_a_program_is_edited(
    live_server: LiveServer,
    page: Page,
    login: Callable[[Page, str, str], None],
    screenshot: Callable[[Page, str], Path],
) -> None:
    partner = live_server.user(role=Role.EDUCATION_PARTNER, email="data@kv.example")
    login(page, partner.email, "correct horse battery staple")
    assert page.url.endswith("/partner")
    expect(page.get_by_text("You have no programs here yet")).to_be_visible()

    page.get_by_role("button", name="Upload a program file").click()
    page.get_by_label("Program file").set_input_files(
        {"name": "programs.csv", "mimeType": "text/csv", "buffer": etpl_file()}
    )
    page.get_by_label("Format").select_option("etpl")
    page.evaluate(RECORD_PROGRESS)
    page.get_by_role("button", name="Upload").click()
    page.wait_for_url("**/partner/uploads/*", timeout=60_000)

    steps = page.evaluate("JSON.parse(sessionStorage.getItem('steps') || '[]')")
    assert steps and steps[0].startswith("Sending the file") and steps[-1].startswith("File sent"), steps
    counts = page.locator("ul.counts").inner_text()
    assert "4 records read" in counts and "2 new programs" in counts and "2 records skipped" in counts
    rows = page.locator("table.problems tbody tr")
    expect(rows).to_have_count(2)
    missing = rows.filter(has_text="Line 3")
    expect(missing).to_contain_text("PROGRAM_NAME")
    expect(missing).to_contain_text("Fill in PROGRAM_NAME; it cannot be empty.")
    cost = rows.filter(has_text="Line 5")
    expect(cost).to_contain_text("TOTAL_COST")
    expect(cost).to_contain_text("Expected a number, got 'lots'")
    expect(cost).to_contain_text("Write a plain number")
    screenshot(page, "partner-upload-report")

    page.get_by_role("button", name="See your programs").click()
    listing = page.locator("table tbody tr")
    expect(listing).to_have_count(2)
    page.get_by_role("link", name="Edit Supply Chain Basics").click()
    cost_field = page.get_by_label("Total cost to the student (USD)")
    expect(cost_field).to_have_value("900")
    cost_field.fill("-5")
    cost_field.blur()
    expect(page.locator("#err-cost_total")).to_have_text("Enter 0 or more.")
    cost_field.fill("750")
    cost_field.blur()
    expect(page.locator("#err-cost_total")).to_have_text("")
    page.get_by_label("Length in weeks").fill("6")
    screenshot(page, "partner-program-edit")
    with page.expect_navigation():
        page.get_by_role("button", name="Save changes").click()
    assert page.url.endswith("/partner?done=saved")
    expect(page.get_by_role("status")).to_have_text("Your changes were saved.")
    row = page.locator("tr", has_text="Supply Chain Basics")
    expect(row).to_contain_text("$750")
    expect(row).to_contain_text("6 weeks")


def test_item6_upload_opens_a_job_page_that_shows_progress_then_the_report(
    live_server: LiveServer,
    page: Page,
    login: Callable[[Page, str, str], None],
    screenshot: Callable[[Page, str], Path],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The upload answers at once with its job page; the page's status region reports progress in words
    while the import is held part-way, then the page turns into the report without a reload by hand."""
    import etl.normalize.pipeline as pipeline
    from api.services import upload_jobs

    release = threading.Event()
    real_parse = pipeline.parse_programs

    def held_after_first_batch(path: Path, fmt: str, source: str) -> Iterator[Any]:
        for n, item in enumerate(real_parse(path, fmt, source)):
            if n == 2:
                assert release.wait(60)
            yield item

    monkeypatch.setattr(pipeline, "parse_programs", held_after_first_batch)
    monkeypatch.setattr(upload_jobs, "UPLOAD_BATCH_ROWS", 2)
    partner = live_server.user(role=Role.EDUCATION_PARTNER)
    login(page, partner.email, "correct horse battery staple")
    page.goto(f"{live_server.url}/partner/upload")
    page.get_by_label("Program file").set_input_files(
        {"name": "programs.csv", "mimeType": "text/csv", "buffer": etpl_file()}
    )
    page.get_by_role("button", name="Upload").click()
    try:
        page.wait_for_url("**/partner/uploads/*", timeout=20_000)
        expect(page.get_by_role("heading", level=1)).to_have_text("Upload in progress")
        status = page.get_by_role("status")
        expect(status).to_have_attribute("aria-live", "polite")
        expect(status).to_have_text("Importing your programs: 2 records read, 1 imported, 1 skipped so far.")
        screenshot(page, "partner-upload-in-progress")
    finally:
        release.set()
    expect(page.get_by_role("heading", level=1)).to_have_text("Upload report", timeout=20_000)
    expect(page.get_by_role("status")).to_have_text("Finished: 4 records read, 2 imported, 2 skipped.")
    expect(page.locator("table.problems tbody tr")).to_have_count(2)
    expect(page.get_by_text("File: programs.csv.")).to_be_visible()
    screenshot(page, "partner-upload-job-report")


def test_an_unreadable_file_is_refused_in_place_and_nothing_is_imported(
    live_server: LiveServer, page: Page, login: Callable[[Page, str, str], None]
) -> None:
    partner = live_server.user(role=Role.EDUCATION_PARTNER)
    login(page, partner.email, "correct horse battery staple")
    page.goto(f"{live_server.url}/partner/upload")
    page.get_by_label("Program file").set_input_files(
        {"name": "programs.json", "mimeType": "application/json", "buffer": b"{not json"}
    )
    page.get_by_role("button", name="Upload").click()
    expect(page.locator("#upload-error")).to_be_visible()
    assert page.url.endswith("/partner/upload")
    page.goto(f"{live_server.url}/partner")
    expect(page.get_by_text("You have no programs here yet")).to_be_visible()


def test_an_employer_cannot_open_the_partner_pages(
    live_server: LiveServer, page: Page, login: Callable[[Page, str, str], None]
) -> None:
    employer = live_server.user(role=Role.EMPLOYER)
    login(page, employer.email, "correct horse battery staple")
    response = page.goto(f"{live_server.url}/partner/upload")
    assert response is not None and response.status == 403
    expect(page.get_by_role("heading", level=1)).to_have_text("Not allowed")
