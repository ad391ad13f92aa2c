"""axe-core in the browser tests: one definition of what a test refuses (serious and critical findings)."""

from typing import Any

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page


def serious_violations(page: Page, context: str | None = None) -> list[dict[str, Any]]:
    """axe-core's serious and critical findings on the page as it is now, optionally inside `context` (a CSS
    selector): rule id, impact, first targets."""
    results = Axe().run(page, context=context)
    return [
        {"id": v["id"], "impact": v["impact"], "targets": [n["target"] for n in v["nodes"][:3]]}
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]
