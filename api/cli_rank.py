"""`wayfinder rank` (batch ranking to a TREC run) and `wayfinder eval` (the development benchmark)."""

import json
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from etl.cli import console
from models.errors import WayfinderError
from models.settings import get_settings

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from api.services.matching import Matcher


def rank(
    profiles: Path = typer.Option(..., exists=True, dir_okay=False, help="JSON Lines, one profile a line."),
    kind: Literal["jobs", "programs"] = typer.Option("jobs", help="Rank jobs or programs."),
    top: int = typer.Option(100, min=1, max=1000, help="Items per profile."),
    out: Path = typer.Option(..., help="TREC run file to write: qid Q0 docid rank score tag."),
    tag: str = typer.Option("wayfinder", help="Run tag (last TREC column)."),
) -> None:
    """Rank the imported catalog for each profile; docid is the item's source identifier."""
    from api.services.matching import Matcher
    from matcher.encoder import Encoder
    from matcher.types import ProfileQuery
    from models.db import make_engine
    from models.migrate import upgrade

    settings = get_settings()
    lines = profiles.read_text(encoding="utf-8").splitlines()
    try:
        engine = make_engine(settings)
        upgrade(engine)
    except WayfinderError as exc:
        console.print(f"[red]error:[/red] {exc.message}")
        raise typer.Exit(code=2) from None
    matcher = Matcher(Encoder(settings.resolved_model_path, batch_size=settings.embed_batch_size), settings.rankers_dir)
    _reembed_if_needed(engine, matcher)
    item_kind = "job" if kind == "jobs" else "program"
    failed, written = 0, 0
    with (
        engine.connect() as conn,
        out.open("w", encoding="utf-8") as fh,
        Progress(TextColumn("rank"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(), console=console) as bar,
    ):
        index = matcher.index(conn, item_kind)
        if not index.size:
            console.print(
                f"[yellow]no live {kind} in the catalog; import some first (wayfinder import {kind} ...)[/yellow]"
            )
        task = bar.add_task("rank", total=len(lines))
        for number, line in enumerate(lines, start=1):
            bar.advance(task)
            if not line.strip():
                continue
            try:
                query = ProfileQuery.from_json(json.loads(line))
            except (ValueError, TypeError, KeyError) as exc:
                failed += 1
                console.print(f"[red]{profiles.name} line {number}: skipped: {exc}[/red]")
                continue
            matches = matcher.rank(conn, query, item_kind, top)
            # trec_eval orders by score, not by the rank column: write scores that fall with rank,
            # so the diversified order is the order that gets evaluated.
            for position, match in enumerate(matches, start=1):
                docid = match.candidate.source_id.replace(" ", "_")
                fh.write(f"{query.id} Q0 {docid} {position} {len(matches) - position + 1} {tag}\n")
            written += 1
    console.print(f"ranked {written} profile(s) into {out}" + (f"; {failed} line(s) skipped" if failed else ""))
    if failed:
        raise typer.Exit(code=1)


def _reembed_if_needed(engine: "Engine", matcher: "Matcher") -> None:
    """A catalog embedded with another model is re-embedded first (issue 13): the matcher ranks only rows of
    its own model, so without this the ranked lists would be empty (see `wayfinder reembed`)."""
    from api.services.reembed import is_current, reembed

    if is_current(engine, matcher.encoder.model_name):
        return
    console.print(f"re-embedding the catalog with {matcher.encoder.model_name} first (wayfinder reembed)")
    try:
        reembed(engine, matcher, cipher=None, wait=True)
    except WayfinderError as exc:
        console.print(f"[red]error:[/red] {exc.message}")
        raise typer.Exit(code=2) from None


def evaluate(
    out: Path | None = typer.Option(None, help="Folder for qrels, TREC runs and the table (default: reports/eval)."),
    queries: int = typer.Option(400, min=20, help="Benchmark profiles to build."),
    seed: int = typer.Option(2026, help="Benchmark seed."),
) -> None:
    """Development benchmark from O*NET: nDCG@10, MAP and Recall@20 for baselines and our matcher."""
    from matcher.evaluation.run import run_eval

    folder = out or get_settings().reports_dir / "eval"
    run_eval(n_queries=queries, seed=seed, out_dir=folder)
    console.print(f"qrels, TREC runs and eval_table.md in {folder}")
