"""The service refuses to start without its privacy tools, rather than store unscrubbed or unencrypted data."""

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from models.privacy import scrub
from models.privacy.crypto import ENV_KEY_FILE, ENV_KEYS
from models.privacy.tools import PrivacyUnavailableError
from models.settings import Settings


def _settings(home: Path, env: str) -> Settings:
    return Settings(_env_file=None, home=home, env=env, secret_key="s" * 40, database_url=None)  # type: ignore[call-arg]


def test_production_refuses_to_start_without_a_field_key(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(ENV_KEYS, raising=False)
    monkeypatch.delenv(ENV_KEY_FILE, raising=False)
    app = create_app(_settings(tmp_path, "production"))
    with pytest.raises(PrivacyUnavailableError, match=rf"Refusing to start.*{ENV_KEYS}"), TestClient(app):
        pass
    assert not (tmp_path / "field-keys").exists()  # a key is never made up outside development


def test_a_missing_scrubber_model_stops_start_up_in_every_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(ENV_KEYS, raising=False)
    monkeypatch.delenv(ENV_KEY_FILE, raising=False)
    monkeypatch.setattr(scrub, "SPACY_MODEL", "en_model_that_is_not_installed")
    for env in ("development", "production"):
        if env == "production":
            monkeypatch.setenv(ENV_KEYS, "k1:" + "A" * 43 + "=")
        app = create_app(_settings(tmp_path / env, env))
        with pytest.raises(PrivacyUnavailableError, match=r"scrubber could not load.*unscrubbed"), TestClient(app):
            pass
    # Development made its own key file on the way (and only there).
    assert (tmp_path / "development" / "field-keys").exists()
