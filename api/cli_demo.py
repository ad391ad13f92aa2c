"""`wayfinder demo`: the sample catalog, one demo account per role and one demo profile, so a newcomer
can walk the whole flow in a browser (`make run`).

The demo passwords are published (printed, and in docs/web-pages.md): the command refuses to create
the accounts unless the settings say development.
"""

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from etl.cli import ImportContext, console, run_file_import
from models.enums import ItemKind, OrgKind, Role
from models.errors import ConflictError, WayfinderError
from models.privacy.tools import PrivacyUnavailableError, load_privacy_tools
from models.settings import Settings, get_settings

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from api.resources import Resources

SAMPLE_DIR = Path(__file__).resolve().parent.parent / "sample_data"
DEMO_ENV = "development"


@dataclass(frozen=True)
class DemoAccount:
    role: Role
    org: str
    kind: OrgKind
    email: str
    password: str
    start: str  # the page this role lands on
    name: str | None = None  # shown to colleagues in the audit trail


DEMO_ACCOUNTS = (
    DemoAccount(
        Role.CASEWORKER,
        "Harbor Services (demo)",
        OrgKind.AGENCY,
        "caseworker@demo.example.org",
        "demo-caseworker-pw",
        "/cw",
        "Sam Rivera (demo)",
    ),
    DemoAccount(
        Role.ADMIN,
        "Harbor Services (demo)",
        OrgKind.AGENCY,
        "admin@demo.example.org",
        "demo-admin-pw-2026",
        "/account",
        "Alex Chen (demo)",
    ),
    DemoAccount(
        Role.EMPLOYER,
        "Cascade Logistics (demo)",
        OrgKind.EMPLOYER,
        "employer@demo.example.org",
        "demo-employer-pw",
        "/employer",
    ),
    DemoAccount(
        Role.EDUCATION_PARTNER,
        "Kent Valley College (demo)",
        OrgKind.EDUCATION_PARTNER,
        "partner@demo.example.org",
        "demo-partner-pw-2026",
        "/partner",
    ),
)
# What an intake might record for someone looking for warehouse work near Tacoma: skills, no identity.
DEMO_PROFILE = {
    "skills": ["forklift", "inventory", "pallet jack", "customer service"],
    "interests": ["logistics", "warehouse"],
    "goals": ["steady hours", "a certificate"],
    "work_history": [{"title": "warehouse helper", "activities": "Loaded trucks, counted stock and drove a forklift."}],
    "education_level": "high_school",
    "region": "WA",
    "zip3s": ["980", "983", "984"],
    "shifts": ["day", "evening"],
    "pay_floor_hourly": 18.0,
    "remote_ok": False,
}


class DemoRefused(WayfinderError):
    status_code = 409


def refuse_outside_development(settings: Settings) -> None:
    if settings.env != DEMO_ENV:
        raise DemoRefused(
            f"Demo accounts have published passwords: refused because WAYFINDER_ENV is {settings.env!r} "
            "(they are created only in development). Use `wayfinder demo --no-accounts` for the sample catalog alone."
        )


def import_catalog(ctx: ImportContext, data_dir: Path) -> None:
    for kind in ("jobs", "programs"):
        folder = data_dir / kind
        files = sorted(p for p in folder.glob("*") if p.is_file() and not p.name.startswith("."))
        if not files:
            console.print(f"[yellow]no sample {kind} under {folder}[/yellow]")
        for path in files:
            run_file_import(ctx, kind, path, "auto", None)


def ensure_accounts(engine: "Engine") -> dict[Role, str]:
    """Create each demo account unless its e-mail exists (then it is left as it is); returns what happened."""
    from api.services import accounts
    from models.db import session_scope

    state: dict[Role, str] = {}
    with session_scope(engine) as session:
        for account in DEMO_ACCOUNTS:
            try:
                with session.begin_nested():
                    accounts.create_org_with_user(
                        session,
                        org_name=account.org,
                        kind=account.kind,
                        email=account.email,
                        role=account.role,
                        password=account.password,
                        display_name=account.name,
                    )
                state[account.role] = "created"
            except ConflictError:
                state[account.role] = "already there, password unchanged"
    return state


def ensure_profile(resources: "Resources") -> str:
    """One demo profile for the demo caseworker, with ranked jobs waiting for review; kept if one exists."""
    from api.schemas.profiles import ProfileIn
    from api.services import accounts, profiles, review
    from models.db import session_scope
    from models.repositories import tenancy
    from models.repositories.users import find_user_by_email

    privacy = resources.privacy
    caseworker_email = next(a.email for a in DEMO_ACCOUNTS if a.role is Role.CASEWORKER)
    with session_scope(resources.engine) as session:
        user = find_user_by_email(session, caseworker_email)
        if user is None:
            return "no demo caseworker"
        # As a request would: the app role under row-level security, bound to the caseworker's organization.
        tenancy.enter_app_role(session)
        tenancy.bind_org(session, user.org_id)
        principal = accounts.principal_of(user)
        existing, total = profiles.list_profiles(session, principal, privacy, limit=1, offset=0)
        if total:
            return f"already there: {existing[0].pseudonym[:8]}"
        profile = profiles.create_profile(session, principal, ProfileIn.model_validate(DEMO_PROFILE), privacy)
        ranked = review.run_matching(session, resources, principal, profile.pseudonym, kind=ItemKind.JOB, top_k=10)
        return f"created: {profile.pseudonym[:8]}, {len(ranked)} jobs waiting for review"


def print_sign_in(settings: Settings, accounts_state: dict[Role, str], profile_state: str) -> None:
    base = f"http://{settings.host}:{settings.port}"
    console.print()
    console.rule("[bold yellow]DEMO ACCOUNTS: development only, passwords are published[/bold yellow]")
    console.print(f"Sign in at [bold]{base}/login[/bold] with one of these (after `wayfinder serve` starts):")
    for account in DEMO_ACCOUNTS:
        role = account.role.value.replace("_", " ")
        console.print(
            f"  {role:<18} {account.email:<30} password: {account.password:<22} "
            f"-> {base}{account.start}  ({accounts_state.get(account.role, '?')})",
            highlight=False,
        )
    console.print(f"  demo profile: {profile_state}")
    console.print(f"The person's page: {base}/me (enter the access code a caseworker issues when sharing).")
    console.print("Never use these accounts or passwords for real people's data.")
    console.rule()


def demo(
    data_dir: Path = typer.Option(SAMPLE_DIR, help="Folder with jobs/ and programs/ sample files."),
    with_accounts: bool = typer.Option(
        True, "--accounts/--no-accounts", help="Also create the demo accounts and demo profile (development only)."
    ),
) -> None:
    """Migrate, import every sample job and program file, then create demo accounts for each role and
    one demo profile, and print where to sign in (re-running changes nothing)."""
    settings = get_settings()
    try:
        if with_accounts:
            refuse_outside_development(settings)
        ctx = ImportContext.open()
        import_catalog(ctx, data_dir)
        if with_accounts:
            from api.resources import Resources

            accounts_state = ensure_accounts(ctx.engine)
            privacy = load_privacy_tools(
                home=settings.home, env=settings.env, place_names_file=settings.place_names_file
            )
            resources = Resources(settings=settings, engine=ctx.engine, encoder=ctx.encoder, privacy_tools=privacy)
            print_sign_in(settings, accounts_state, ensure_profile(resources))
    except (WayfinderError, PrivacyUnavailableError) as exc:
        console.print(f"[red]error:[/red] {getattr(exc, 'message', exc)}")
        raise typer.Exit(code=2) from None
