"""`wayfinder keys`: field-encryption keys (docs/key-rotation.md)."""

import typer

from models.errors import WayfinderError
from models.privacy.crypto import FieldCryptoError
from models.settings import get_settings

keys_app = typer.Typer(help="Field-encryption keys: new, status, rotate.", no_args_is_help=True)


@keys_app.command("new")
def new(kid: str | None = typer.Option(None, help="Key id (default: k<date>-<random>).")) -> None:
    """Print a new `kid:base64key` entry to put in front of WAYFINDER_FIELD_KEYS (nothing is stored)."""
    from models.privacy.crypto import new_key_entry

    typer.echo(new_key_entry(kid))


@keys_app.command("status")
def status() -> None:
    """Stored tokens per key id for each encrypted column; after a rotation only the current key shows."""
    from api.services.key_rotation import key_status
    from models.db import make_engine
    from models.migrate import upgrade
    from models.privacy.crypto import load_field_cipher

    settings = get_settings()
    try:
        cipher = load_field_cipher(home=settings.home, env=settings.env)
        engine = make_engine(settings)
        upgrade(engine)
        with engine.connect() as conn:
            counts = key_status(conn)
    except (WayfinderError, FieldCryptoError) as exc:
        _fail(exc)
    typer.echo(f"current key: {cipher.keyring.current_kid}")
    for column, per_kid in counts.items():
        shown = ", ".join(f"{kid}: {n}" for kid, n in per_kid.items()) or "no values"
        typer.echo(f"  {column}: {shown}")


@keys_app.command("rotate")
def rotate(batch: int = typer.Option(500, min=1, help="Rows per transaction.")) -> None:
    """Re-encrypt every stored field not on the current (first) key. Safe to stop and re-run."""
    from api.services.key_rotation import rotate_all
    from models.db import make_engine
    from models.migrate import upgrade
    from models.privacy.crypto import load_field_cipher

    settings = get_settings()
    try:
        cipher = load_field_cipher(home=settings.home, env=settings.env)
        engine = make_engine(settings)
        upgrade(engine)
        done = rotate_all(
            engine.begin, cipher, batch=batch, progress=lambda column, n: typer.echo(f"  {column}: {n} re-encrypted")
        )
    except (WayfinderError, FieldCryptoError) as exc:
        _fail(exc)
    total = sum(done.values())
    typer.echo(f"rotated {total} value(s) to key {cipher.keyring.current_kid}; check with `wayfinder keys status`")


def _fail(exc: Exception) -> None:
    message = exc.message if isinstance(exc, WayfinderError) else str(exc)
    typer.secho(f"error: {message}", fg=typer.colors.RED, err=True)
    raise typer.Exit(code=2)
