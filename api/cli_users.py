"""`wayfinder users create`: bootstrap organizations and their first users (e.g. an agency's admin)."""

import os

import typer

from models.enums import OrgKind, Role
from models.errors import WayfinderError
from models.settings import get_settings

users_app = typer.Typer(help="Organizations and user accounts.", no_args_is_help=True)
PASSWORD_ENV = "WAYFINDER_NEW_USER_PASSWORD"  # noqa: S105 - a variable name, not a secret


@users_app.command("create")
def create(
    org: str = typer.Option(..., "--org", help="Organization name (created if it does not exist)."),
    kind: OrgKind = typer.Option(OrgKind.AGENCY, "--kind", help="agency, employer or education_partner."),
    role: Role = typer.Option(..., "--role", help="admin, caseworker, employer or education_partner."),
    email: str = typer.Option(..., "--email", help="Sign-in e-mail."),
    name: str | None = typer.Option(None, "--name", help="Name shown to colleagues (audit trail); staff only."),
) -> None:
    """Create a user (and the organization if needed). The password is read from
    WAYFINDER_NEW_USER_PASSWORD or asked for (never passed on the command line)."""
    from api.services import accounts
    from models.db import make_engine, session_scope
    from models.migrate import upgrade

    password = os.environ.get(PASSWORD_ENV) or typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    try:
        engine = make_engine(get_settings())
        upgrade(engine)
        with session_scope(engine) as session:
            organization, user = accounts.create_org_with_user(
                session, org_name=org, kind=kind, email=email, role=role, password=password, display_name=name
            )
            typer.echo(
                f"user {user.id} ({user.email}, {user.role}) in organization {organization.id} ({organization.name})"
            )
    except WayfinderError as exc:
        typer.secho(f"error: {exc.message}", fg=typer.colors.RED, err=True)
        raise typer.Exit(code=2) from None
