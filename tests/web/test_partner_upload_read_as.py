"""Issue 14: a partner's upload report shows how the file was read (delimiter, encoding, which column filled
which field), and a program the state's list marks suspended is listed closed with the list's own word.

The file is New Jersey's standardized ETPL layout from the conformance corpus (tests/fixtures/conformance/etpl).
"""

from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import Page, expect

from models.enums import Role
from tests.web.conftest import LiveServer
from tests.web.test_survivor_phone import serious_violations

NJ_FILE = Path(__file__).resolve().parents[1] / "fixtures" / "conformance" / "etpl" / "nj_standardized_etpl.csv"


def test_upload_report_shows_what_was_sniffed_and_a_suspended_program_is_listed_closed(
    live_server: LiveServer,
    page: Page,
    login: Callable[[Page, str, str], None],
    screenshot: Callable[[Page, str], Path],
) -> None:
    partner = live_server.user(role=Role.EDUCATION_PARTNER, email="etpl@nj.example")
    login(page, partner.email, "correct horse battery staple")
    page.goto(f"{live_server.url}/partner/upload")
    page.get_by_label("Program file").set_input_files(
        {"name": "standardized_etpl.csv", "mimeType": "text/csv", "buffer": NJ_FILE.read_bytes()}
    )
    page.get_by_role("button", name="Upload").click()
    page.wait_for_url("**/partner/uploads/*", timeout=60_000)
    expect(page.get_by_role("heading", level=1)).to_have_text("Upload report", timeout=60_000)

    read_as = page.locator("#read-as")
    expect(read_as).to_contain_text("Values separated by commas; characters read as UTF-8.")
    expect(read_as).to_contain_text("The columns were recognised as the layout “New Jersey standardized ETPL”.")
    used = {
        row.locator("th").inner_text(): row.locator("td").inner_text()
        for row in page.locator("#columns-used tbody tr").all()
    }
    # The layout's own surprises, shown: `name` is the provider, `officialname` the program.
    assert used["officialname"] == "program_name" and used["name"] == "provider_name"
    assert used["statusname"] == "program_status" and used["totalcost"] == "total_cost"
    assert used["booksmaterialscost"] == "books_supplies" and used["totalclockhours"] == "program_length_hours"
    not_read = page.locator("#columns-not-read")
    expect(not_read).to_contain_text(
        "Columns not read (Wayfinder has no field for them): providerid, approvingagencyid,"
    )
    expect(not_read).to_contain_text("providerstatusname")
    expect(page.locator("ul.counts")).to_contain_text("3 new programs")
    assert serious_violations(page) == []
    screenshot(page, "partner-upload-read-as")

    page.get_by_role("button", name="See your programs").click()
    suspended = page.locator("tr", has_text="Edible Leaves 101")
    expect(suspended.locator(".badge")).to_have_text("closed")
    expect(suspended).to_contain_text("Your list says: Suspend")
    expect(suspended.get_by_role("link", name="Edit Edible Leaves 101")).to_have_count(0)
    approved = page.locator("tr", has_text="Tree Identification Class")
    expect(approved).to_contain_text("Your list says: Approved")
    assert serious_violations(page) == []
    screenshot(page, "partner-programs-listed-status")
