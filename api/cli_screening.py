"""`wayfinder screening ...` and `wayfinder employers ...`: staff review of held postings."""

import getpass

import typer
from rich.markup import escape

from etl.cli import console
from models.errors import WayfinderError
from models.settings import get_settings

screening_app = typer.Typer(help="Review postings and programs held by the safety screener.", no_args_is_help=True)
employers_app = typer.Typer(help="Employer verification.", no_args_is_help=True)


def _engine():  # type: ignore[no-untyped-def]
    from models.db import make_engine
    from models.migrate import upgrade

    engine = make_engine(get_settings())
    upgrade(engine)
    return engine


@screening_app.command("queue")
def queue(
    limit: int = typer.Option(20, min=1, max=200, help="Postings to show."),
    offset: int = typer.Option(0, min=0, help="Skip this many (for paging)."),
) -> None:
    """Held postings, most urgent first, with the words that fired highlighted in context."""
    from etl.screening.review import evidence_in_context
    from models.repositories import screening as repo

    with _engine().connect() as conn:
        total = repo.count_held(conn)
        rows = repo.held_postings(conn, limit=limit, offset=offset)
    console.print(f"{total} posting(s) held for review; showing {len(rows)} from {offset + 1}")
    for row in rows:
        flag = "" if row["employer_verification"] == "verified" else "  [yellow](employer not verified)[/yellow]"
        console.print(
            f"\n[bold]#{row['id']}[/bold] {escape(row['title'])} - {escape(row['employer_name'])}{flag}"
            f"  [dim]{escape(row['source'])}:{escape(row['source_id'])}, priority {row['review_priority']}[/dim]"
        )
        for hit in row["screening"]:
            ev = evidence_in_context(row, hit)
            before, after = (" ".join(t.split()) for t in (ev.before, ev.after))
            # A weak signal held the posting only together with another one: say so.
            weak = " [dim](weak signal)[/dim]" if hit.get("weak") else ""
            console.print(
                f"  - {escape(ev.indicator)}{weak} [dim]({ev.field})[/dim]: ...{escape(before)} "
                f"[bold red]{escape(ev.evidence)}[/bold red] {escape(after)}..."
            )
    if total > offset + len(rows):
        console.print(f"\nmore: wayfinder screening queue --offset {offset + len(rows)}")
    _program_queue(limit=limit, offset=offset)


def _program_queue(*, limit: int, offset: int) -> None:
    """Held training programs (fee-charging sham schools are a known lure), after the postings."""
    from etl.screening.review import evidence_in_context
    from models.repositories import screening as repo

    with _engine().connect() as conn:
        total = repo.count_held_programs(conn)
        rows = repo.held_programs(conn, limit=limit, offset=offset)
    console.print(f"\n{total} program(s) held for review; showing {len(rows)} from {offset + 1}")
    for row in rows:
        console.print(
            f"\n[bold]program #{row['id']}[/bold] {escape(row['name'])} - {escape(row['provider_name'])}"
            f"  [dim]{escape(row['source'])}:{escape(row['source_id'])}, priority {row['review_priority']}[/dim]"
        )
        for hit in row["screening"]:
            ev = evidence_in_context(row, hit)
            before, after = (" ".join(t.split()) for t in (ev.before, ev.after))
            console.print(
                f"  - {escape(ev.indicator)} [dim]({ev.field})[/dim]: ...{escape(before)} "
                f"[bold red]{escape(ev.evidence)}[/bold red] {escape(after)}..."
            )
    if rows:
        console.print("\nclear or reject a program with: wayfinder screening clear ID --program")


def _decide(item_id: int, *, clear: bool, reason: str | None, program: bool) -> None:
    from etl.screening.review import ItemKind, decide

    kind: ItemKind = "program" if program else "posting"
    try:
        with _engine().begin() as conn:
            status = decide(conn, item_id, clear=clear, actor=f"cli:{getpass.getuser()}", reason=reason, kind=kind)
    except WayfinderError as exc:
        console.print(f"[red]error:[/red] {exc.message}")
        raise typer.Exit(code=2) from None
    console.print(f"{kind} {item_id} is now {status}")


PROGRAM_OPTION = typer.Option(False, "--program", help="The id is a training program's, not a posting's.")


@screening_app.command("clear")
def clear(
    posting_id: int = typer.Argument(..., help="Posting (or, with --program, program) id from the queue."),
    program: bool = PROGRAM_OPTION,
) -> None:
    """Clear a held posting or program: it becomes live and can be matched."""
    _decide(posting_id, clear=True, reason=None, program=program)


@screening_app.command("reject")
def reject(
    posting_id: int = typer.Argument(..., help="Posting (or, with --program, program) id from the queue."),
    reason: str = typer.Option(..., help="Why it is not accepted (kept in the audit log)."),
    program: bool = PROGRAM_OPTION,
) -> None:
    """Reject a held posting or program: it is never matched."""
    _decide(posting_id, clear=False, reason=reason, program=program)


@screening_app.command("rescreen")
def rescreen(
    dry_run: bool = typer.Option(False, "--dry-run", help="Report what would change; store nothing."),
    show: int = typer.Option(50, min=0, help="List at most this many changed postings."),
) -> None:
    """Run the current rules over every stored posting and report what changed.

    Newly flagged postings are held at once (out of every ranked list); postings staff cleared stay
    cleared unless a rule family fires that was not there when they were cleared; rejections stay.
    """
    from etl.components import CachedWages
    from etl.screening import ScreeningResult, screen
    from etl.screening.rescreen import rescreen as run_rescreen
    from matcher.wages import load_wages
    from models.job_posting import JobPostingIn
    from models.repositories import screening as repo

    wages = CachedWages(load_wages())

    def screener(posting: JobPostingIn, employer_verified: bool) -> ScreeningResult:
        return screen(posting, wages, employer_verified=employer_verified)

    try:
        with _engine().begin() as conn:
            report = run_rescreen(conn, screener, dry_run=dry_run)
            if not dry_run:
                detail = {
                    "examined": report.examined,
                    "newly_held": report.newly_held,
                    "clearable": len(report.clearable),
                }
                repo.record_staff_event(
                    conn, action="posting.rescreen", actor=f"cli:{getpass.getuser()}", detail=detail
                )
    except WayfinderError as exc:
        console.print(f"[red]error:[/red] {exc.message}")
        raise typer.Exit(code=2) from None
    verb = "would change" if dry_run else "changed"
    console.print(f"{report.examined} posting(s) screened again; hits {verb} on {report.hits_changed}.")
    console.print(f"  {report.newly_held} newly held")
    console.print(f"  {len(report.clearable)} held that no rule holds now (staff may clear them)")
    console.print(f"  {report.kept_cleared} kept as staff cleared them")
    console.print(f"  {report.status_kept} rejected, closed or expired: left as they were")
    for change in report.changes[:show]:
        console.print(
            f"  #{change.posting_id} {escape(change.title)} [dim]{escape(change.source)}:{escape(change.source_id)}"
            f"[/dim] {change.before} -> [bold]{change.after}[/bold]: {escape(change.why)}"
        )
    if len(report.changes) > show:
        console.print(f"  ... and {len(report.changes) - show} more")
    for change in report.clearable[:show]:
        console.print(
            f"  #{change.posting_id} {escape(change.title)} [dim]{escape(change.source)}:{escape(change.source_id)}"
            f"[/dim] held: {escape(change.why)} (wayfinder screening clear {change.posting_id})"
        )


@employers_app.command("verify")
def verify(
    name: str = typer.Argument(..., help="Employer name (or part of it)."),
    legal_name: str = typer.Option(..., help="Registered legal name, as checked."),
) -> None:
    """Mark an employer verified once staff checked legal name, address and tax ID."""
    from matcher.constraints import normalize_name
    from models.repositories import screening as repo

    with _engine().begin() as conn:
        found = repo.find_employers(conn, normalize_name(name))
        if len(found) != 1:
            listing = "; ".join(f"{n} ({v})" for _, n, v in found) or "none"
            console.print(f"[red]error:[/red] {len(found)} employers match {name!r}: {listing}. Be more specific.")
            raise typer.Exit(code=2)
        employer_id, employer_name, _ = found[0]
        repo.verify_employer(conn, employer_id, legal_name=legal_name)
        repo.record_staff_event(
            conn, action="employer.verify", actor=f"cli:{getpass.getuser()}", detail={"employer_id": employer_id}
        )
    console.print(f"{employer_name} is verified")
