"""Issue 12, item 7 (weak passwords): common, breached and trivial passwords are refused with a clear message
everywhere a password is set: the admin API, employer self-registration and `wayfinder users create`."""

from typing import Any

import pytest
import typer
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine, text
from sqlmodel import Session
from typer.testing import CliRunner

from api.services import accounts, passwords
from models.enums import OrgKind, Role
from tests.api.clients import signed_in
from tests.factories import make_user

LISTED = "This password is on a list of common or breached passwords."
TRIVIAL = ["aaaaaaaaaaaa", "111111111111", "abcdefghijkl", "123456789012", "qwertyuiopas", "abababababab"]


def test_item7_common_passwords_are_refused(app: FastAPI, session: Session) -> None:
    admin = signed_in(app, make_user(session, role=Role.ADMIN))
    for password in ("password1234", "qwertyuiop12", "1q2w3e4r5t6y", "1qaz2wsx3edc"):
        refused = admin.post(
            "/admin/users", json={"email": "new@agency.example", "role": "caseworker", "password": password}
        )
        assert refused.status_code == 422, password
        assert refused.json()["error"].startswith(LISTED), refused.json()
    count = session.connection().execute(text("SELECT count(*) FROM app_user WHERE email = 'new@agency.example'"))
    assert count.scalar_one() == 0


def test_item7_trivial_passwords_are_refused(app: FastAPI, client: TestClient, session: Session) -> None:
    admin = signed_in(app, make_user(session, role=Role.ADMIN))
    for password in TRIVIAL:
        body = {"email": "new@agency.example", "role": "caseworker", "password": password}
        refused = admin.post("/admin/users", json=body)
        assert refused.status_code == 422, password
        assert refused.json()["error"].endswith(passwords.ADVICE), refused.json()
    # Self-registration (its own limit is five an hour, so two of them).
    for n, password in enumerate(TRIVIAL[:2]):
        body = {"organization_name": f"Blue Cafe {n}", "email": f"owner{n}@bluecafe.example", "password": password}
        refused = client.post("/auth/register-employer", json=body)
        assert refused.status_code == 422 and refused.json()["error"].endswith(passwords.ADVICE), password
    assert (
        passwords.problem("aaaaaaaaaaaa") == f"This password repeats too few different characters. {passwords.ADVICE}"
    )


def test_item7_breached_password_with_digits_added_is_refused() -> None:
    for password in ("Winter2026!!", "iloveyou2020!", "!!sunshine2024"):
        assert passwords.problem(password) == (
            f"This password is a common or breached password with numbers or symbols added. {passwords.ADVICE}"
        )


def test_item7_words_from_the_users_own_email_or_organization_are_refused(session: Session) -> None:
    with pytest.raises(passwords.WeakPasswordError, match="too easy to guess"):
        accounts.create_org_with_user(
            session,
            org_name="Harbor Services",
            kind=OrgKind.AGENCY,
            email="maria@harborservices.example",
            role=Role.ADMIN,
            password="harborservices1",
        )
    assert passwords.problem("harborservices1") is None  # the same password is fine for anyone else


def test_item7_passphrases_and_generated_passwords_pass() -> None:
    for password in (
        "correct horse battery staple",
        "quiet harbor lantern seven",
        "Tr0ub4dor&3xyz-plum",
        "kx9#Vq2!mR7wZp4s",
        "mi casa es su casa verde 17",
    ):
        assert passwords.problem(password) is None, password


@settings(max_examples=50, deadline=None)
@given(
    listed=st.sampled_from(sorted(p for p in passwords.common_passwords() if len(p) >= 4 and p.isalpha())),
    digits=st.text(alphabet="0123456789!?.", min_size=0, max_size=8),
    upper=st.booleans(),
)
def test_item7_any_listed_password_with_digits_added_is_refused(listed: str, digits: str, upper: bool) -> None:
    """Property: a password from the list, in any case, with digits or symbols after it, is refused."""
    candidate = (listed.upper() if upper else listed) + digits
    assert passwords.problem(candidate) is not None


@settings(max_examples=50, deadline=None)
@given(chars=st.lists(st.characters(codec="utf-8"), min_size=1, max_size=4), length=st.integers(12, 64))
def test_item7_a_few_characters_repeated_is_refused(chars: list[str], length: int) -> None:
    candidate = ("".join(chars) * length)[:length]
    assert passwords.problem(candidate) is not None


def test_item7_cli_refuses_a_common_password(committing_engine: Engine, monkeypatch: Any) -> None:
    from api.cli_users import users_app
    from models.settings import get_settings

    monkeypatch.setenv("DATABASE_URL", committing_engine.url.render_as_string(hide_password=False))
    monkeypatch.setenv("WAYFINDER_NEW_USER_PASSWORD", "111111111111")
    get_settings.cache_clear()
    app = typer.Typer()
    app.add_typer(users_app, name="users")
    try:
        result = CliRunner().invoke(
            app, ["users", "create", "--org", "Harbor", "--role", "admin", "--email", "a@harbor.example"]
        )
    finally:
        get_settings.cache_clear()
    assert result.exit_code == 2
    assert "error: This password repeats too few different characters." in result.output
    with committing_engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM app_user")).scalar_one() == 0
