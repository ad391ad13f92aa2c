"""`wayfinder users create` against a private database."""

from typing import Any

import typer
from sqlalchemy import Engine, text
from typer.testing import CliRunner

from api.cli_users import users_app


def test_users_create_makes_the_org_and_an_argon2_user(committing_engine: Engine, monkeypatch: Any) -> None:
    monkeypatch.setenv("DATABASE_URL", committing_engine.url.render_as_string(hide_password=False))
    monkeypatch.setenv("WAYFINDER_NEW_USER_PASSWORD", "a long enough password")
    from models.settings import get_settings

    get_settings.cache_clear()
    app = typer.Typer()
    app.add_typer(users_app, name="users")
    args = ["users", "create", "--org", "Harbor", "--role", "admin", "--email", "a@harbor.example"]
    try:
        result = CliRunner().invoke(app, args)
        assert result.exit_code == 0, result.output
        again = CliRunner().invoke(app, args)
        assert again.exit_code == 2 and "already has an account" in again.output
    finally:
        get_settings.cache_clear()
    with committing_engine.connect() as conn:
        row = conn.execute(
            text("SELECT u.role, o.kind, u.password_hash FROM app_user u JOIN organization o ON o.id = u.org_id")
        ).one()
    assert row[0] == "admin" and row[1] == "agency" and row[2].startswith("$argon2id$v=19$m=19456,t=2,p=1$")
