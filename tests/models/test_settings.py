from pathlib import Path

import pytest
from pydantic import ValidationError

from models.db import normalize_url
from models.settings import DEV_SECRET, SHIPPED_ENCODER, Settings, bundled_model_path, shipped_model_path


def test_database_url_is_read_without_prefix(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgresql://u:p@db:5432/wayfinder")
    assert Settings(_env_file=None).database_url == "postgresql://u:p@db:5432/wayfinder"  # type: ignore[call-arg]


def test_other_settings_take_the_wayfinder_prefix(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("WAYFINDER_HOME", str(tmp_path))
    monkeypatch.setenv("WAYFINDER_EMBED_BATCH_SIZE", "32")
    monkeypatch.setenv("HOME", "/should/not/be/used")
    s = Settings(_env_file=None)  # type: ignore[call-arg]
    assert s.home == tmp_path
    assert s.embed_batch_size == 32
    assert s.pgdata == tmp_path.resolve() / "pgdata"


def test_dotenv_file_is_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DATABASE_URL", raising=False)
    env = tmp_path / ".env"
    env.write_text("WAYFINDER_PORT=9123\nDATABASE_URL=postgresql://x@y/z\n")
    s = Settings(_env_file=env)  # type: ignore[call-arg]
    assert s.port == 9123
    assert s.database_url == "postgresql://x@y/z"


def test_defaults_use_embedded_database_and_the_shipped_fine_tuned_encoder(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.delenv("WAYFINDER_MODEL_PATH", raising=False)
    s = Settings(_env_file=None)  # type: ignore[call-arg]
    assert s.database_url is None
    assert s.home == Path(".wayfinder")
    assert s.resolved_model_path == shipped_model_path()
    assert s.resolved_model_path.name == SHIPPED_ENCODER
    assert (s.resolved_model_path / "config.json").is_file()


def test_the_bundled_model_is_the_fallback_where_the_shipped_encoder_is_absent(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("WAYFINDER_MODEL_PATH", raising=False)
    monkeypatch.setattr("models.settings.shipped_model_path", lambda: None)
    s = Settings(_env_file=None)  # type: ignore[call-arg]
    assert s.resolved_model_path == bundled_model_path()
    assert (s.resolved_model_path / "config.json").is_file()


def test_model_path_is_a_setting(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("WAYFINDER_MODEL_PATH", str(tmp_path))
    assert Settings(_env_file=None).resolved_model_path == tmp_path  # type: ignore[call-arg]


def test_production_refuses_the_development_secret() -> None:
    with pytest.raises(ValidationError, match="WAYFINDER_SECRET_KEY must be set"):
        Settings(_env_file=None, env="production")  # type: ignore[call-arg]
    ok = Settings(_env_file=None, env="production", secret_key="x" * 40)  # type: ignore[call-arg]
    assert ok.secret_key != DEV_SECRET


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("postgres://u@h/db", "postgresql+psycopg://u@h/db"),
        ("postgresql://u@h/db", "postgresql+psycopg://u@h/db"),
        ("postgresql+psycopg2://u@h/db", "postgresql+psycopg://u@h/db"),
        ("postgresql+psycopg://u@h/db", "postgresql+psycopg://u@h/db"),
    ],
)
def test_urls_are_normalized_to_psycopg3(given: str, expected: str) -> None:
    assert normalize_url(given) == expected
