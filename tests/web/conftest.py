"""Browser tests: the real app served by uvicorn on a free localhost port, driven by Debian's Chromium.

The app runs over a private database cloned per test (`committing_engine`), so what one request
commits the next one sees. Chromium is /usr/bin/chromium (apt package `chromium`); playwright is
never allowed to download a browser, and every request to anything but the test server is aborted
unless a test stubs it with `page.route`.

Fixtures for page tests:
- `live_server`: `.url`, `.engine`, `.session()` (a committing unit of work) and `.user(...)`.
- `browser` (one Chromium per run), `page` (a fresh context per test, 1280x900).
- `new_page()`: another fresh context (a second person), `login(page, email, password)`,
  `screenshot(page, name)` -> the PNG's path under tests/web/screenshots/.
"""

import os
import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from playwright.sync_api import Browser, Page, Route, sync_playwright
from sqlalchemy import Engine
from sqlmodel import Session

from api.main import create_app
from api.resources import Resources
from matcher.encoder import Encoder
from models.db import session_scope
from models.enums import OrgKind, Role
from models.organization import Organization, User
from models.privacy.tools import PrivacyTools
from models.settings import Settings
from tests.factories import DEFAULT_PASSWORD, make_org, make_user

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"
KIND_FOR_ROLE = {
    Role.CASEWORKER: OrgKind.AGENCY,
    Role.ADMIN: OrgKind.AGENCY,
    Role.EMPLOYER: OrgKind.EMPLOYER,
    Role.EDUCATION_PARTNER: OrgKind.EDUCATION_PARTNER,
}

# Belt and braces: playwright must never fetch a browser of its own.
os.environ.setdefault("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if Path(str(item.fspath)).parent == Path(__file__).parent:
            item.add_marker(pytest.mark.browser)


@dataclass
class LiveServer:
    url: str
    engine: Engine
    # The server's resources: a test may put a models.clock.FrozenClock in `.clock` and move it.
    resources: Resources | None = None

    def session(self) -> AbstractContextManager[Session]:
        """A unit of work on the server's database that commits on exit (the server then sees it)."""
        return session_scope(self.engine)

    def user(
        self,
        *,
        role: Role = Role.CASEWORKER,
        org: Organization | None = None,
        org_name: str | None = None,
        email: str | None = None,
        password: str = DEFAULT_PASSWORD,
    ) -> User:
        """A committed user (in `org`, or a new organization of the right kind); sign in with `password`."""
        with self.session() as s:
            if org is None:
                overrides: dict[str, Any] = {"kind": KIND_FOR_ROLE[role]}
                if org_name:
                    overrides["name"] = org_name
                org = make_org(s, **overrides)
            fields: dict[str, Any] = {"role": role, "org": org, "password": password}
            if email:
                fields["email"] = email
            return make_user(s, **fields)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@pytest.fixture
def live_server(
    settings: Settings, committing_engine: Engine, encoder: Encoder, privacy: PrivacyTools
) -> Iterator[LiveServer]:
    resources = Resources(settings=settings, engine=committing_engine, encoder=encoder, privacy_tools=privacy)
    port = _free_port()
    config = uvicorn.Config(
        create_app(settings, resources=resources), host="127.0.0.1", port=port, log_level="warning", lifespan="on"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name="live-server", daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the live server did not start")
        time.sleep(0.02)
    yield LiveServer(url=f"http://127.0.0.1:{port}", engine=committing_engine, resources=resources)
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(f"{CHROMIUM} is missing: apt-get install -y chromium (.ci/run does this)")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def _local_only(route: Route) -> None:
    if route.request.url.startswith(("http://127.0.0.1:", "data:", "about:")):
        route.continue_()
    else:
        route.abort()


@pytest.fixture
def new_page(browser: Browser) -> Iterator[Callable[..., Page]]:
    """Open pages in fresh browser contexts (no shared cookies): `new_page(viewport={...})`."""
    contexts = []

    def open_page(**context_options: Any) -> Page:
        context_options.setdefault("viewport", {"width": 1280, "height": 900})
        context = browser.new_context(**context_options)
        context.set_default_timeout(15_000)
        context.route("**/*", _local_only)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page: Callable[..., Page]) -> Page:
    return new_page()


@pytest.fixture
def login(live_server: LiveServer) -> Callable[[Page, str, str], None]:
    def sign_in(page: Page, email: str, password: str = DEFAULT_PASSWORD) -> None:
        page.goto(f"{live_server.url}/login")
        page.get_by_label("E-mail").fill(email)
        page.get_by_label("Password").fill(password)
        with page.expect_navigation():
            page.get_by_role("button", name="Sign in").click()
        assert "/login" not in page.url, page.locator("#login-error").all_inner_texts()

    return sign_in


@pytest.fixture
def screenshot() -> Callable[[Page, str], Path]:
    def take(page: Page, name: str) -> Path:
        SCREENSHOTS.mkdir(exist_ok=True)
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take
