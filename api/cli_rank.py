"""`wayfinder rank` (batch ranking to a TREC run) and `wayfinder eval` (the evaluation suite)."""

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
    sets: str = typer.Option(
        "onet,esco,titles,caseworker", help="Comma-separated sets: onet, esco, titles, caseworker."
    ),
    model_path: Path | None = typer.Option(
        None, help="Encoder directory the matcher uses (default: the configured one); baselines keep MiniLM."
    ),
    queries: int = typer.Option(300, min=20, help="Queries per set for onet, esco and titles."),
    seed: int = typer.Option(2026, help="Seed of every set."),
    learned_fusion: bool = typer.Option(
        False, help="Also fit a logistic fusion of the matcher's features on training occupations and report it."
    ),
) -> None:
    """Evaluation suite: nDCG@10, MAP@100 and Recall@20 per set for five baselines and the matcher."""
    from matcher.encoder import Encoder
    from matcher.evaluation.run import SET_NAMES, run_eval
    from models.settings import bundled_model_path

    settings = get_settings()
    names = [n.strip() for n in sets.split(",") if n.strip()]
    unknown = [n for n in names if n not in SET_NAMES]
    if unknown or not names:
        # Before any model loads: a typo should not cost the seconds of loading an encoder.
        console.print(
            f"[red]error:[/red] unknown set(s) {', '.join(unknown) or '(none given)'}; "
            f"choose from {', '.join(SET_NAMES)}"
        )
        raise typer.Exit(code=2)
    folder = out or settings.reports_dir / "eval"
    path = model_path or settings.resolved_model_path
    try:
        bare = Encoder(bundled_model_path())
        ours = bare if path.resolve() == bundled_model_path().resolve() else Encoder(path)
        run_eval(
            sets=names,
            encoder=bare,
            matcher_encoder=ours,
            n_queries=queries,
            seed=seed,
            out_dir=folder,
            cache_dir=settings.reports_dir / "eval_cache",
            learned_fusion=learned_fusion,
            log=lambda text: console.print(text, markup=False, highlight=False),
        )
    except (ValueError, FileNotFoundError) as exc:
        console.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(code=2) from None
    console.print(f"qrels, TREC runs and eval_table.md in {folder}")
