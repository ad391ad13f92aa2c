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


def test_users_create_keeps_the_display_name_the_audit_trail_shows(committing_engine: Engine, monkeypatch: Any) -> None:
    monkeypatch.setenv("DATABASE_URL", committing_engine.url.render_as_string(hide_password=False))
    monkeypatch.setenv("WAYFINDER_NEW_USER_PASSWORD", "a long enough password")
    from models.settings import get_settings

    get_settings.cache_clear()
    app = typer.Typer()
    app.add_typer(users_app, name="users")
    base = ["users", "create", "--org", "Harbor", "--role", "caseworker"]
    try:
        named = CliRunner().invoke(app, [*base, "--email", "dana@harbor.example", "--name", "  Dana Reyes "])
        assert named.exit_code == 0, named.output
        unnamed = CliRunner().invoke(app, [*base, "--email", "sam@harbor.example"])
        assert unnamed.exit_code == 0, unnamed.output
        too_long = CliRunner().invoke(app, [*base, "--email", "x@harbor.example", "--name", "x" * 101])
        assert too_long.exit_code == 2 and "A display name is 1 to 100 characters" in too_long.output
    finally:
        get_settings.cache_clear()
    with committing_engine.connect() as conn:
        rows = conn.execute(text("SELECT email, display_name FROM app_user ORDER BY id")).all()
    assert [tuple(r) for r in rows] == [("dana@harbor.example", "Dana Reyes"), ("sam@harbor.example", None)]
