"""Heavy, process-wide resources built once in the lifespan and handed out by dependencies."""

import logging
import threading
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Engine

from matcher.encoder import Encoder
from models.clock import Clock, SystemClock
from models.privacy.tools import PrivacyTools, load_privacy_tools
from models.settings import Settings

log = logging.getLogger("wayfinder.api")


@dataclass
class Resources:
    settings: Settings
    engine: Engine
    encoder: Encoder | None = None  # None until loaded; /healthz says so
    matcher: Any = None  # api.services.matching.Matcher, built on first use
    # PII scrubber and field cipher; None only in tests that never touch free text or encrypted fields.
    privacy_tools: PrivacyTools | None = None
    # What "now" is for follow-ups and activity filters; tests put a models.clock.FrozenClock here.
    clock: Clock = field(default_factory=SystemClock)

    @property
    def privacy(self) -> PrivacyTools:
        if self.privacy_tools is None:
            raise RuntimeError("The scrubber and field cipher are not loaded (Resources.privacy_tools).")
        return self.privacy_tools


def check_retrieval_at_start(engine: Engine, settings: Settings) -> None:
    """WAYFINDER_RETRIEVAL=database on a server whose pgvector cannot serve it stops start-up, with the reason
    (DatabaseSetupError); `auto` finds out at the first match and stays in memory."""
    if settings.retrieval == "database":
        from api.services.matching import check_database_retrieval

        with engine.connect() as conn:
            check_database_retrieval(conn, settings.retrieval)


def load_resources(settings: Settings) -> Resources:
    """Privacy tools first: without them the service refuses to start (PrivacyUnavailableError)."""
    from models.db import make_app_engine

    privacy = load_privacy_tools(home=settings.home, env=settings.env, place_names_file=settings.place_names_file)
    engine = make_app_engine(settings)
    check_retrieval_at_start(engine, settings)
    encoder = Encoder(settings.resolved_model_path, batch_size=settings.embed_batch_size)
    return Resources(settings=settings, engine=engine, encoder=encoder, privacy_tools=privacy)


def warm_up_in_background(resources: Resources) -> threading.Thread:
    """Build the matcher's catalog indexes now, so the first caseworker does not wait for them.

    /healthz answers meanwhile; a request that needs an index before it is ready builds or waits
    for it under the matcher's lock, so nothing is built twice.
    """

    def warm() -> None:
        from api.services.matching import get_matcher

        try:
            matcher = get_matcher(resources)
            with resources.engine.connect() as conn:
                matcher.warm_up(conn)
        except Exception as exc:  # warming is an optimisation; a real request reports real errors
            # The type only: an exception's message can quote a row (privacy requirement 12).
            log.warning("catalog index warm-up failed (%s); indexes will be built on first use", type(exc).__name__)

    thread = threading.Thread(target=warm, name="wayfinder-warm-up", daemon=True)
    thread.start()
    return thread
