from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import Page

from tests.web.conftest import LiveServer


def test_sign_in_lands_on_the_roles_start_page(
    live_server: LiveServer,
    page: Page,
    login: Callable[[Page, str, str], None],
    screenshot: Callable[[Page, str], Path],
) -> None:
    user = live_server.user(email="cw@smoke.example")
    login(page, user.email, "correct horse battery staple")
    assert page.url.endswith("/cw")
    screenshot(page, "smoke")
