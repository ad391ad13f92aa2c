"""`wayfinder ranker ...`: the learned re-ranker's versions."""

from collections import Counter

import typer

from etl.cli import console
from models.settings import get_settings

ranker_app = typer.Typer(help="The re-ranker learned from caseworker decisions.", no_args_is_help=True)


@ranker_app.command("retrain")
def retrain_command() -> None:
    """Train on every approve/reject decision, graded by what happened next (hired > applied > interested >
    approved > rejected); replace the current model only if it wins on held-out ones."""
    from matcher.reranker import Grade, grade
    from matcher.retrain import retrain
    from models.db import make_engine
    from models.migrate import upgrade
    from models.repositories.decisions import graded_verdicts

    settings = get_settings()
    engine = make_engine(settings)
    upgrade(engine)
    with engine.connect() as conn:
        verdicts = graded_verdicts(conn)
    report = retrain(verdicts, settings.rankers_dir)
    if report.promoted:
        from models.repositories.candidates import bump_ranker

        with engine.begin() as conn:
            bump_ranker(conn)  # every serving worker reloads the model at its next request
    # How many examples of each grade, highest first (docs/outcomes.md).
    grades = Counter(grade(v[2], v[4], v[5]) for v in verdicts)
    counted = ", ".join(f"{grades[g]} {g.name.lower()}" for g in sorted(Grade, reverse=True) if grades[g])
    console.print(f"{len(verdicts)} decisions ({counted}); {report.reason}")
    if report.candidate:
        console.print(f"held-out: current {report.current_version} {report.current}; candidate {report.candidate}")
    console.print(
        f"current model: {'promoted ' + str(report.candidate_version) if report.promoted else report.current_version}"
    )


@ranker_app.command("status")
def status_command() -> None:
    """Show the current model version and the stored versions."""
    from matcher.model_store import current_model

    folder = get_settings().rankers_dir
    console.print(f"current: {current_model(folder).version}")
    for path in sorted(folder.glob("*.json")):
        console.print(f"  stored: {path.stem}")
