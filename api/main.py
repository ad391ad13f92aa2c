"""The FastAPI application: `create_app()` builds it; the lifespan loads engine and model once."""

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from api.access_log import install_access_log_filter
from api.errors import ContainUnexpected, install_error_handlers, install_outage_handler
from api.resources import Resources, load_resources, warm_up_in_background
from api.routes import (
    admin,
    auth,
    caseworker,
    catalog_owners,
    consent,
    docs,
    erasure,
    health,
    matches,
    opportunities,
    outcomes,
    reports,
)
from api.security_headers import SecurityHeaders
from api.web import mount_web
from models.settings import Settings, get_settings


def recover_uploads(resources: Resources) -> None:
    """Uploads whose process died are marked interrupted (issue 12); never a reason not to start."""
    from api.services.upload_jobs import recover_at_start

    try:
        recover_at_start(resources)
    except Exception as exc:  # the next start tries again; the type only (a message can quote data)
        logging.getLogger("wayfinder.uploads").warning("stale upload check failed: %s", type(exc).__name__)


def start_reembed(resources: Resources) -> None:
    """A model change re-embeds the catalog while the service serves (api/services/reembed.py, issue 13)."""
    from api.services.reembed import reembed_in_background

    reembed_in_background(resources)


def create_app(settings: Settings | None = None, *, resources: Resources | None = None) -> FastAPI:
    """Build the app; tests pass ready-made `resources` so nothing is loaded twice."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.resources = resources or load_resources(settings or get_settings())
        recover_uploads(app.state.resources)
        if resources is None:
            start_reembed(app.state.resources)
            warm_up_in_background(app.state.resources)
        yield
        if resources is None:
            app.state.resources.engine.dispose()

    app = FastAPI(
        title="Wayfinder",
        version="0.1.0",
        description="Ranked, explained job and training matches; a caseworker approves each one.",
        lifespan=lifespan,
        docs_url=None,  # FastAPI's own pages load Swagger UI/ReDoc from a CDN; api/routes/docs.py serves ours
        redoc_url=None,
    )
    if resources is not None:
        app.state.resources = resources  # usable without running the lifespan (ASGITransport)
    app.add_middleware(ContainUnexpected)  # inside SecurityHeaders, so a 500 gets the same headers
    app.add_middleware(SecurityHeaders)
    install_error_handlers(app)
    install_access_log_filter()
    install_outage_handler(app)  # database down: 503 with Retry-After, never a 500
    app.include_router(health.router)
    app.include_router(docs.router)
    app.include_router(matches.router)
    app.include_router(auth.router)
    app.include_router(admin.router)
    app.include_router(caseworker.router)
    app.include_router(outcomes.router)
    app.include_router(consent.router)
    app.include_router(erasure.router)
    app.include_router(reports.router)
    app.include_router(opportunities.router)
    app.include_router(catalog_owners.employer_router)
    app.include_router(catalog_owners.partner_router)
    mount_web(app)  # pages after the API, so page paths never shadow API routes
    return app


def served_app() -> FastAPI:
    """The app of one worker process of `wayfinder serve --workers N` (settings from the environment)."""
    return create_app(get_settings())
