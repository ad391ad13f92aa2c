"""Heavy, process-wide resources built once in the lifespan and handed out by dependencies."""

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine

from matcher.encoder import Encoder
from models.settings import Settings


@dataclass
class Resources:
    settings: Settings
    engine: Engine
    encoder: Encoder | None = None  # None until loaded; /healthz says so
    matcher: Any = None  # api.services.matching.Matcher, built on first use


def load_resources(settings: Settings) -> Resources:
    from models.db import make_engine

    engine = make_engine(settings)
    encoder = Encoder(settings.resolved_model_path, batch_size=settings.embed_batch_size)
    return Resources(settings=settings, engine=engine, encoder=encoder)
