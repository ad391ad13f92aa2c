"""The web pages: server-rendered Jinja2 templates with htmx, served beside the JSON API.

Each `api/web/routes_<area>.py` module exposes a `router` built with `templating.page_router()`;
`mount_web` includes every one of them, the static files and the page error handlers.
"""

import importlib
import pkgutil

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from api.web.errors import install_page_error_handlers
from api.web.templating import WEB_DIR


def route_modules() -> list[str]:
    return sorted(m.name for m in pkgutil.iter_modules(__path__) if m.name.startswith("routes_"))


def mount_web(app: FastAPI) -> None:
    """Add the pages to `app` (after the JSON API's error handlers, which these wrap)."""
    install_page_error_handlers(app)
    app.mount("/static", StaticFiles(directory=str(WEB_DIR / "static")), name="static")
    for name in route_modules():
        app.include_router(importlib.import_module(f"{__name__}.{name}").router)
