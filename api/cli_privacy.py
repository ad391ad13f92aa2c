"""`wayfinder purge`: the scheduled retention run (requirement 13; schedule in docs/operations.md)."""

import typer

from models.errors import WayfinderError
from models.settings import get_settings


def purge(
    dry_run: bool = typer.Option(False, "--dry-run", help="Count what would be removed; change nothing."),
) -> None:
    """Erase profiles idle longer than WAYFINDER_PROFILE_RETENTION_DAYS and delete consents that lapsed
    more than WAYFINDER_CONSENT_RETENTION_DAYS ago. Run it daily (cron or a systemd timer)."""
    from api.services import guess_limits
    from api.services.retention import purge_expired
    from models.columns import utcnow
    from models.db import make_engine, session_scope
    from models.migrate import upgrade

    settings = get_settings()
    forgotten = 0
    try:
        engine = make_engine(settings)
        upgrade(engine)
        # One transaction: a failure part-way erases nothing, and the next run starts over.
        with session_scope(engine) as session:
            report = purge_expired(session, utcnow(), settings, dry_run=dry_run)
            if dry_run:
                session.rollback()
            else:  # guess-limit counts older than any window that reads them (docs/guess-limits.md)
                forgotten = guess_limits.forget_old(session, utcnow())
    except WayfinderError as exc:
        typer.secho(f"error: {exc.message}", fg=typer.colors.RED, err=True)
        raise typer.Exit(code=2) from None
    verb = "would erase" if dry_run else "erased"
    typer.echo(
        f"{verb} {report.profiles_erased} profile(s) inactive since {report.cutoff_profiles:%Y-%m-%d}; "
        f"{'would delete' if dry_run else 'deleted'} {report.consents_deleted} consent(s) lapsed before "
        f"{report.cutoff_consents:%Y-%m-%d}"
    )
    if report.rows:
        typer.echo("rows removed: " + ", ".join(f"{table} {n}" for table, n in sorted(report.rows.items())))
    if not dry_run:
        typer.echo(f"forgot {forgotten} guess-limit record(s) older than {guess_limits.KEEP.days} days")
