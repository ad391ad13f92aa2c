"""`wayfinder demo`: the sample catalog, one demo account per role and one demo profile, so a newcomer
can walk the whole flow in a browser (`make run`). `--history` adds a year of synthetic casework for the
demo agency (api/demo_history.py, docs/demo-history.md).

The demo passwords are published (printed, and in docs/web-pages.md): the command refuses to create
the accounts unless the settings say development.
"""

import secrets
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

    from api.demo_history import HistoryOptions
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


# The demo caseworker's colleagues in the history (`--history`): several caseworkers, so the report can
# compare them. Nobody signs in as them: their passwords are random and never shown.
HISTORY_COLLEAGUES = (
    ("caseworker2@demo.example.org", "Robin Okafor (demo)"),
    ("caseworker3@demo.example.org", "Dana Whitfield (demo)"),
    ("caseworker4@demo.example.org", "Kai Morales (demo)"),
)
DEFAULT_HISTORY_PEOPLE = 300
DEFAULT_HISTORY_SEED = 2026


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


def ensure_colleagues(engine: "Engine") -> None:
    """The demo caseworker's colleagues (created once; kept as they are on a second run)."""
    from api.services import accounts
    from models.db import session_scope

    agency = next(a for a in DEMO_ACCOUNTS if a.role is Role.CASEWORKER)
    with session_scope(engine) as session:
        for email, name in HISTORY_COLLEAGUES:
            try:
                with session.begin_nested():
                    accounts.create_org_with_user(
                        session,
                        org_name=agency.org,
                        kind=agency.kind,
                        email=email,
                        role=Role.CASEWORKER,
                        password=secrets.token_urlsafe(32),
                        display_name=name,
                    )
            except ConflictError:
                pass  # there from an earlier run


def ensure_history(resources: "Resources", options: "HistoryOptions") -> str:
    """A year of synthetic casework for the demo agency, once; says what it wrote or found."""
    from api.demo_history import generate
    from api.services import accounts
    from models.clock import SYSTEM_CLOCK
    from models.db import session_scope
    from models.repositories import tenancy
    from models.repositories.users import find_user_by_email, get_org

    ensure_colleagues(resources.engine)
    emails = [next(a.email for a in DEMO_ACCOUNTS if a.role is Role.CASEWORKER), *(e for e, _ in HISTORY_COLLEAGUES)]
    with session_scope(resources.engine) as session:
        users = [u for u in (find_user_by_email(session, e) for e in emails) if u is not None]
        if not users:
            return "no demo caseworker"
        org = get_org(session, users[0].org_id)
        days = (org.follow_up_days if org is not None else None) or resources.settings.follow_up_days
        principals = [accounts.principal_of(u) for u in users]
        # As a request would: the app role under row-level security, bound to the agency.
        tenancy.enter_app_role(session)
        tenancy.bind_org(session, users[0].org_id)
        console.print(f"Demo history: {options.people} people over {options.days} days (seed {options.seed})...")
        summary = generate(
            session,
            resources,
            principals,
            options,
            share_follow_up_days=days,
            clock=SYSTEM_CLOCK,
            progress=lambda line: console.print(f"  {line}", highlight=False),
        )
    if summary.already_there:
        when = summary.generated_at.date().isoformat() if summary.generated_at else "earlier"
        return (
            f"already there (written {when}: seed {summary.options.get('seed')}, {summary.options.get('people')} "
            "people); nothing added"
        )
    c = summary.counts
    return (
        f"{c.get('people', 0)} people from {summary.first_day} to {summary.last_day}: {c.get('proposed', 0)} proposed, "
        f"{c.get('approved', 0)} approved, {c.get('rejected', 0)} rejected, {c.get('shared', 0)} shared, "
        f"{c.get('stage.hired', 0)} hired, {c.get('stage.credential', 0)} credentials, "
        f"{c.get('follow_up.recorded', 0)} follow-ups recorded ({summary.seconds:.1f} s)"
    )


def print_sign_in(
    settings: Settings, accounts_state: dict[Role, str], profile_state: str, history_state: str | None = None
) -> None:
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
    if history_state is not None:
        console.print(f"  demo history: {history_state}", highlight=False)
    console.print(f"The person's page: {base}/me (enter the access code a caseworker issues when sharing).")
    console.print("Never use these accounts or passwords for real people's data.")
    console.rule()


def demo(
    data_dir: Path = typer.Option(SAMPLE_DIR, help="Folder with jobs/ and programs/ sample files."),
    with_accounts: bool = typer.Option(
        True, "--accounts/--no-accounts", help="Also create the demo accounts and demo profile (development only)."
    ),
    history: bool = typer.Option(
        False, "--history", help="Also add a year of synthetic casework for the demo agency (once; development only)."
    ),
    seed: int = typer.Option(DEFAULT_HISTORY_SEED, help="With --history: the seed (same seed, same year)."),
    people: int = typer.Option(DEFAULT_HISTORY_PEOPLE, min=1, max=5000, help="With --history: how many people."),
) -> None:
    """Migrate, import every sample job and program file, then create demo accounts for each role and
    one demo profile, and print where to sign in (re-running changes nothing)."""
    settings = get_settings()
    try:
        if history and not with_accounts:
            raise DemoRefused("--history needs the demo agency and its caseworkers: drop --no-accounts.")
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
            profile_state = ensure_profile(resources)
            history_state = None
            if history:
                from api.demo_history import HistoryOptions

                history_state = ensure_history(resources, HistoryOptions(seed=seed, people=people))
            print_sign_in(settings, accounts_state, profile_state, history_state)
    except (WayfinderError, PrivacyUnavailableError) as exc:
        console.print(f"[red]error:[/red] {getattr(exc, 'message', exc)}")
        raise typer.Exit(code=2) from None
