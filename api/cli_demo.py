"""`wayfinder demo`: load the sample catalog so a newcomer sees real-looking matches."""

from pathlib import Path

import typer

from etl.cli import ImportContext, console, run_file_import
from models.errors import WayfinderError

SAMPLE_DIR = Path(__file__).resolve().parent.parent / "sample_data"


def demo(
    data_dir: Path = typer.Option(SAMPLE_DIR, help="Folder with jobs/ and programs/ sample files."),
) -> None:
    """Migrate, then import every sample job and program file (re-running changes nothing)."""
    try:
        ctx = ImportContext.open()
        for kind in ("jobs", "programs"):
            folder = data_dir / kind
            files = sorted(p for p in folder.glob("*") if p.is_file() and not p.name.startswith("."))
            if not files:
                console.print(f"[yellow]no sample {kind} under {folder}[/yellow]")
            for path in files:
                run_file_import(ctx, kind, path, "auto", None)
    except WayfinderError as exc:
        console.print(f"[red]error:[/red] {exc.message}")
        raise typer.Exit(code=2) from None
