"""`wayfinder demo`'s accounts and profile: one sign-in per role, one profile with matches, never in production."""

import pytest
from sqlalchemy import Engine, text
from typer.testing import CliRunner

from api.cli import app as cli_app
from api.cli_demo import DEMO_ACCOUNTS, DemoRefused, ensure_accounts, ensure_profile, refuse_outside_development
from api.resources import Resources
from api.services import accounts
from matcher.encoder import Encoder
from models.db import session_scope
from models.enums import Role
from models.privacy.tools import PrivacyTools
from models.settings import DEV_SECRET, Settings
from tests.catalog_factories import add_job


def test_every_role_gets_a_demo_account_that_signs_in_with_its_printed_password(committing_engine: Engine) -> None:
    first = ensure_accounts(committing_engine)
    again = ensure_accounts(committing_engine)

    assert {a.role for a in DEMO_ACCOUNTS} == set(Role)
    assert set(first.values()) == {"created"}
    assert set(again.values()) == {"already there, password unchanged"}
    with session_scope(committing_engine) as session:
        for account in DEMO_ACCOUNTS:
            signed_in = accounts.login(session, email=account.email, password=account.password)
            assert isinstance(signed_in, accounts.SignedIn), account.email
            assert signed_in.user.role == account.role


def test_demo_profile_is_created_once_with_ranked_jobs_waiting(
    committing_engine: Engine, settings: Settings, encoder: Encoder, privacy: PrivacyTools
) -> None:
    with session_scope(committing_engine) as session:
        add_job(session, encoder, title="Forklift Operator", description="Drive a forklift and count inventory.")
    ensure_accounts(committing_engine)
    resources = Resources(settings=settings, engine=committing_engine, encoder=encoder, privacy_tools=privacy)

    assert ensure_profile(resources).endswith(", 1 jobs waiting for review")
    assert ensure_profile(resources).startswith("already there: ")
    with committing_engine.connect() as conn:
        profiles = conn.execute(text("SELECT count(*) FROM survivor_profile")).scalar()
        proposed = conn.execute(text("SELECT count(*) FROM recommendation WHERE status = 'proposed'")).scalar()
    assert (profiles, proposed) == (1, 1)


def test_demo_accounts_are_refused_outside_development() -> None:
    production = Settings(_env_file=None, env="production", secret_key="x" * 40)
    with pytest.raises(DemoRefused, match="development"):
        refuse_outside_development(production)
    refuse_outside_development(Settings(_env_file=None, secret_key=DEV_SECRET))


def test_demo_command_in_production_stops_before_changing_anything(monkeypatch: pytest.MonkeyPatch) -> None:
    from models.settings import get_settings

    monkeypatch.setenv("WAYFINDER_ENV", "production")
    monkeypatch.setenv("WAYFINDER_SECRET_KEY", "y" * 40)
    get_settings.cache_clear()
    try:
        result = CliRunner().invoke(cli_app, ["demo"])
    finally:
        get_settings.cache_clear()
    assert result.exit_code == 2
    assert "refused because WAYFINDER_ENV is 'production'" in result.output
