"""`wayfinder reembed`: bring every stored vector to the configured model (after WAYFINDER_MODEL_PATH changed)."""

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn, TimeRemainingColumn

from etl.cli import console
from models.errors import WayfinderError
from models.settings import get_settings


def reembed_command() -> None:
    """Re-hash and re-embed jobs, programs and stored profiles with the configured model.

    Batches are committed as they go: stopped half-way (Ctrl+C, a kill), the next run carries on where this
    one stopped. A server start does the same on its own; this command waits for it if it is under way."""
    from api.services.matching import Matcher
    from api.services.reembed import reembed
    from matcher.encoder import Encoder
    from models.db import make_engine
    from models.migrate import upgrade
    from models.privacy.crypto import FieldCryptoError, load_field_cipher

    settings = get_settings()
    try:
        engine = make_engine(settings)
        upgrade(engine)
    except WayfinderError as exc:
        console.print(f"[red]error:[/red] {exc.message}")
        raise typer.Exit(code=2) from None
    try:
        cipher = load_field_cipher(home=settings.home, env=settings.env)
    except FieldCryptoError as exc:
        cipher = None
        console.print(f"[yellow]stored profiles left for their next ranking (no field key: {exc})[/yellow]")
    matcher = Matcher(Encoder(settings.resolved_model_path, batch_size=settings.embed_batch_size), settings.rankers_dir)
    with Progress(
        TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(), console=console
    ) as bar:
        tasks: dict[str, TaskID] = {}

        def progress(phase: str, done: int, total: int) -> None:
            if phase not in tasks:
                tasks[phase] = bar.add_task(f"{phase:>26}", total=total)
            bar.update(tasks[phase], completed=done, total=total)

        try:
            report = reembed(engine, matcher, cipher=cipher, wait=True, progress=progress)
        except WayfinderError as exc:
            console.print(f"[red]error:[/red] {exc.message}")
            raise typer.Exit(code=2) from None
    if not report.ran:
        console.print(f"every stored vector is already {report.model_name}'s; nothing to do")
        return
    embedded = ", ".join(f"{report.embedded[t]:,} {t} texts" for t in report.embedded)
    console.print(
        f"re-embedded with {report.model_name} (before: {report.previous or 'not recorded'}) in "
        f"{report.seconds:.0f} s: {embedded}; {report.profiles:,} stored profiles"
    )
