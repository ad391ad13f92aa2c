"""The interactive API docs render from this site's own files under their strict policy (requirement 19)."""

from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import Page

from tests.web.conftest import LiveServer


def test_api_docs_render_offline_under_the_content_security_policy(
    live_server: LiveServer, page: Page, screenshot: Callable[[Page, str], Path]
) -> None:
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("requestfailed", lambda r: problems.append(f"failed: {r.url}"))
    page.goto(f"{live_server.url}/docs")
    # The title comes from /openapi.json, so it shows only if the vendored bundle ran and fetched it.
    page.locator(".swagger-ui .info .title").filter(has_text="Wayfinder").wait_for(timeout=15_000)
    assert page.locator(".opblock").count() > 20
    assert problems == []
    screenshot(page, "api-docs")
