"""`wayfinder import jobs|programs PATH`: the same pipeline the upload endpoints use."""

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn, TimeRemainingColumn

from etl.sources.formats import JOB_FORMATS, PROGRAM_FORMATS
from models.errors import WayfinderError
from models.settings import get_settings

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from etl.enrich import Enricher
    from etl.errors import RecordError
    from etl.load import ImportSummary, Parsed
    from etl.sources.csv_rows import ColumnMapping
    from matcher.encoder import Encoder

import_app = typer.Typer(help="Import job postings and training programs.", no_args_is_help=True)
console = Console(stderr=True, soft_wrap=True)  # whole lines: easy to grep and copy

COLUMNS_HELP = "TOML file naming the file's header for each of our fields (docs/formats/columns.md)."
WORKERS_HELP = "Processes that normalize and enrich records; 0: every core (up to 8) when there are 2 or more, else 1."
JOB_CHOICES = ("auto", *JOB_FORMATS)
PROGRAM_CHOICES = ("auto", *PROGRAM_FORMATS)


@dataclass
class ImportContext:
    """Engine, encoder and enrichment data, loaded once for any number of files."""

    engine: "Engine"
    encoder: "Encoder | None"
    enricher: "Enricher"
    reports_dir: Path

    @classmethod
    def open(cls, *, embed: bool = True) -> "ImportContext":
        from etl.components import default_enricher
        from matcher.encoder import Encoder
        from models.db import make_engine
        from models.migrate import upgrade

        settings = get_settings()
        engine = make_engine(settings)
        upgrade(engine)  # a fresh data folder needs nothing else set up
        from etl.run_lock import mark_stale_runs

        mark_stale_runs(engine)  # runs whose process died stay "running"/"embedding" otherwise
        encoder = Encoder(settings.resolved_model_path, batch_size=settings.embed_batch_size) if embed else None
        model_name = encoder.model_name if encoder else Encoder.name_for(settings.resolved_model_path)
        return cls(engine, encoder, default_enricher(model_name), settings.reports_dir)


def describe_delimited(path: Path, fmt: str, columns: "ColumnMapping | None") -> str | None:
    """How a delimited file is read (delimiter, encoding, column profile), said before the import runs."""
    from etl.detect import inspect_delimited

    info = inspect_delimited(path, fmt, columns)
    return None if info is None else f"{path.name}: read as {info.describe()}"


def _run_with_progress(
    ctx: ImportContext,
    kind: Literal["jobs", "programs"],
    path: Path,
    fmt: str,
    source: str,
    parsed: "Iterable[Parsed | RecordError]",
) -> "ImportSummary":
    from etl.load import run_import

    with Progress(
        TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(), console=console
    ) as bar:
        tasks: dict[str, TaskID] = {}

        def progress(phase: str, done: int, total: int | None) -> None:
            if phase not in tasks:
                tasks[phase] = bar.add_task(f"{phase:>7} {path.name}", total=total)
            bar.update(tasks[phase], completed=done, total=total)

        return run_import(
            ctx.engine,
            kind=kind,
            path=path,
            fmt=fmt,
            source=source,
            parsed=parsed,
            enricher=ctx.enricher,
            encoder=ctx.encoder,
            reports_dir=ctx.reports_dir,
            progress=progress,
            pipelined=True,
        )


def run_file_import(
    ctx: ImportContext,
    kind: Literal["jobs", "programs"],
    path: Path,
    fmt: str,
    source: str | None,
    columns: "ColumnMapping | None" = None,
    workers: int = 0,
) -> None:
    """Parse, upsert and embed one file, with a progress bar, and print what changed.

    `workers`: processes that normalize and enrich (etl.parallel.ParallelStager); 0 chooses by the cores."""
    from etl.detect import detect_format
    from etl.normalize.pipeline import parse_jobs, parse_programs
    from etl.parallel import ParallelStager, import_workers

    fmt = detect_format(path, kind) if fmt == "auto" and not columns else fmt
    if fmt == "auto":  # a mapping is for a layout detection does not know: the kind's CSV format
        fmt = "csv" if kind == "jobs" else "etpl"
    source = source or ("usajobs" if fmt == "usajobs" else path.stem)
    how = describe_delimited(path, fmt, columns)
    if how:
        console.print(how)
    workers = workers or import_workers()
    stager: ParallelStager | None = None
    parsed: Iterable[Parsed | RecordError]
    if workers > 1:  # started before the progress bar's thread: see ParallelStager
        stager = ParallelStager(
            kind, path, fmt, source, ctx.enricher, workers=workers, columns=columns, engine=ctx.engine
        )
        parsed = stager
    else:
        parsed = (
            parse_jobs(path, fmt, source, columns=columns)
            if kind == "jobs"
            else parse_programs(path, fmt, source, columns=columns)
        )
    try:
        summary = _run_with_progress(ctx, kind, path, fmt, source, parsed)
    finally:
        if stager is not None:
            stager.close()
    console.print(
        f"{path.name} ({fmt}, source {source!r}): read {summary.read}, inserted {summary.inserted}, "
        f"updated {summary.updated}, unchanged {summary.unchanged}, errors {summary.errors}"
        + (f", held for review {summary.held}" if kind == "jobs" else "")
        + (f", stored closed as their list marks them {summary.closed}" if summary.closed else "")
        + f", embedded {summary.embedded}"
    )
    if summary.error_report:
        dropped = f", {summary.values_dropped} value(s) left out of imported records" if summary.values_dropped else ""
        console.print(f"[yellow]{summary.errors} record(s) skipped{dropped}; see {summary.error_report}[/yellow]")


def import_files(
    kind: Literal["jobs", "programs"],
    paths: list[Path],
    fmt: str,
    source: str | None,
    *,
    embed: bool = True,
    columns_file: Path | None = None,
    workers: int = 0,
) -> None:
    """Import files one after another; a domain error ends the command with its message and exit code 2."""
    from etl.sources.csv_rows import load_column_mapping

    try:
        columns = load_column_mapping(columns_file) if columns_file else None
        ctx = ImportContext.open(embed=embed)
        for path in paths:
            run_file_import(ctx, kind, path, fmt, source, columns, workers)
    except WayfinderError as exc:
        console.print(f"[red]error:[/red] {exc.message}")
        raise typer.Exit(code=2) from None


def _check(fmt: str, allowed: tuple[str, ...]) -> str:
    if fmt not in allowed:
        raise typer.BadParameter(f"{fmt!r} is not a format here; use one of: {', '.join(allowed)}")
    return fmt


@import_app.command("jobs")
def import_jobs(
    path: Path = typer.Argument(..., exists=True, dir_okay=False, readable=True, help="File to import."),
    fmt: str = typer.Option("auto", "--format", help="auto, jsonld, csv or usajobs."),
    source: str | None = typer.Option(None, help="Source name (natural key with the id); default: file name."),
    no_embed: bool = typer.Option(False, "--no-embed", help="Skip embedding (run an import later to finish)."),
    columns: Path | None = typer.Option(None, "--columns", help=COLUMNS_HELP, dir_okay=False),
    workers: int = typer.Option(0, "--workers", min=0, help=WORKERS_HELP),
) -> None:
    """Import job postings (schema.org JobPosting JSON-LD / JSON Lines, USAJOBS JSON, delimited jobs files)."""
    import_files(
        "jobs", [path], _check(fmt, JOB_CHOICES), source, embed=not no_embed, columns_file=columns, workers=workers
    )


@import_app.command("programs")
def import_programs(
    path: Path = typer.Argument(..., exists=True, dir_okay=False, readable=True, help="File to import."),
    fmt: str = typer.Option("auto", "--format", help="auto, ctdl, schemaorg, etpl or scorecard."),
    source: str | None = typer.Option(None, help="Source name (natural key with the id); default: file name."),
    no_embed: bool = typer.Option(False, "--no-embed", help="Skip embedding (run an import later to finish)."),
    columns: Path | None = typer.Option(None, "--columns", help=COLUMNS_HELP, dir_okay=False),
    workers: int = typer.Option(0, "--workers", min=0, help=WORKERS_HELP),
) -> None:
    """Import training programs (CTDL JSON-LD, schema.org programs, WIOA ETPL CSV, College Scorecard CSV)."""
    import_files(
        "programs",
        [path],
        _check(fmt, PROGRAM_CHOICES),
        source,
        embed=not no_embed,
        columns_file=columns,
        workers=workers,
    )
