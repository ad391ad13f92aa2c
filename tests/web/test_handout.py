"""The printable handout: issued with a new code in the person's language, printed to PDF by Chromium on
one page, with the code and the address, and a QR code of the address only."""

import io
from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import Page, expect
from pypdf import PdfReader

from api.services import access
from api.web.handout import qr_data_uri
from models.enums import Role
from tests.factories import make_profile
from tests.web.conftest import LiveServer
from tests.web.test_survivor_page import FORBIDDEN, t
from tests.web.test_survivor_phone import serious_violations

SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"


def test_the_handout_prints_on_one_page_in_the_persons_language_with_the_code_and_a_qr_of_the_address_only(
    live_server: LiveServer, page: Page, login: Callable[[Page, str], None], screenshot: Callable[[Page, str], Path]
) -> None:
    caseworker = live_server.user(role=Role.CASEWORKER)
    with live_server.session() as s:
        profile = make_profile(s, org_id=caseworker.org_id, created_by=caseworker.id)
    login(page, caseworker.email)
    page.goto(f"{live_server.url}/cw/profiles/{profile.pseudonym}")
    page.locator("#code-language").select_option("es")
    with page.expect_navigation():
        page.get_by_role("button", name="Issue a new code").click()

    code = page.locator("#access-code").inner_text().strip()
    assert access.code_hash(code)  # a real, grouped code
    handout = page.locator("#handout")
    expect(handout).to_have_attribute("lang", "es")
    expect(handout.locator(".handout-code")).to_have_text(code)
    address = f"{live_server.url}/me"
    expect(handout.locator(".handout-address")).to_have_text(address)
    expect(handout).to_contain_text(t("es", "Type this code:"))
    qr = handout.locator(".handout-qr img")
    assert qr.get_attribute("src") == qr_data_uri(address)  # the address, and nothing else
    html = handout.inner_html()
    assert not FORBIDDEN.search(html) and code.replace("-", "") not in (qr.get_attribute("src") or "")
    assert serious_violations(page) == []
    screenshot(page, "handout-screen-es")

    pdf = page.pdf(format="Letter", print_background=False)
    SCREENSHOTS.mkdir(exist_ok=True)
    (SCREENSHOTS / "handout-es.pdf").write_bytes(pdf)
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 1
    text = reader.pages[0].extract_text()
    assert code in text.splitlines(), text
    assert "Escriba este código" in text
    assert address in text.replace("\n", "")
    assert "Access codes" not in text and "Sign out" not in text  # only the handout is printed
    page.emulate_media(media="print")
    screenshot(page, "handout-print-es")
