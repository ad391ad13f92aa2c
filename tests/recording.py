"""An app whose encoder records every text it embeds (fixtures `recording_encoder`, `recording_app`,
registered in tests/conftest.py): what was embedded, and that nothing was."""

from collections.abc import Sequence

import pytest
from fastapi import FastAPI
from sqlalchemy import Engine
from sqlmodel import Session

from matcher.encoder import Encoder, Vectors
from models.privacy.tools import PrivacyTools
from models.settings import Settings


class RecordingEncoder(Encoder):
    """The real encoder, keeping a copy of every text it is asked to embed."""

    def __init__(self, inner: Encoder) -> None:  # no super().__init__: the model is already loaded
        self._inner = inner
        self.batch_size = inner.batch_size
        self.model_name = inner.model_name
        self.dimension = inner.dimension
        self.seen: list[str] = []

    def encode(self, texts: Sequence[str]) -> Vectors:
        self.seen.extend(texts)
        return self._inner.encode(texts)


@pytest.fixture
def recording_encoder(encoder: Encoder) -> RecordingEncoder:
    return RecordingEncoder(encoder)


@pytest.fixture
def recording_app(
    settings: Settings, engine: Engine, session: Session, privacy: PrivacyTools, recording_encoder: RecordingEncoder
) -> FastAPI:
    """Like the `app` fixture, with its own matcher over the recording encoder."""
    from api.deps import get_session
    from api.main import create_app
    from api.resources import Resources

    resources = Resources(settings=settings, engine=engine, encoder=recording_encoder, privacy_tools=privacy)
    application = create_app(settings, resources=resources)
    application.dependency_overrides[get_session] = lambda: session
    return application
