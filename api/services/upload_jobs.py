"""Partner uploads as background jobs.

The request only checks the file's kind, spools it to disk under WAYFINDER_HOME/uploads (never the
whole file in memory) and creates the job, an `import_run` row in status queued, together with its
audit entry in the request's own transaction: both or neither. When that transaction commits, the
job goes to this process's upload thread, which locks it (etl.run_lock: its liveness, visible to
every worker), imports it in committed batches (etl.load.run_import) and saves progress with each.
A job whose process dies stays open until the next start marks it interrupted; uploading the same
file again resumes it (rows are keyed on (source, id) and content hashes: unchanged rows are skipped).
"""

import hashlib
import logging
import queue
import secrets
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from sqlalchemy import event
from sqlmodel import Session

from api.resources import Resources
from api.services import audit
from api.services.catalog_owners import enricher_for, partner_source
from api.services.principal import Principal
from etl.errors import FileFormatError
from etl.run_lock import RunLock, mark_stale_runs
from etl.sources.formats import PROGRAM_FORMATS
from models.enums import Role
from models.errors import NotFoundError, ValidationFailed
from models.repositories import import_runs

log = logging.getLogger("wayfinder.uploads")

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
UPLOAD_SUFFIXES = {".csv", ".json", ".jsonld", ".jsonl"}
CSV_FORMATS = {"etpl", "scorecard"}
# Small enough that enrichment never forks a process pool inside the server (etl.parallel.MIN_PARALLEL),
# large enough that a 60,000-row file is about 30 commits.
UPLOAD_BATCH_ROWS = 2000
SPOOL_CHUNK = 1 << 20
ORPHAN_AGE_S = 3600  # a spooled file no open job names, older than this, is left from a crashed request


def uploads_dir(resources: Resources) -> Path:
    return resources.settings.home.resolve() / "uploads"


@dataclass(frozen=True)
class UploadJob:
    run_id: int
    path: Path
    fmt: str
    source: str
    file_name: str


def _spool(stream: BinaryIO, path: Path) -> tuple[int, str]:
    """Copy the upload to `path` a chunk at a time; (size, sha256). Refuses files over the limit."""
    digest, size = hashlib.sha256(), 0
    with path.open("wb") as out:
        path.chmod(0o600)
        while block := stream.read(SPOOL_CHUNK):
            size += len(block)
            if size > MAX_UPLOAD_BYTES:
                raise ValidationFailed(
                    f"file: larger than {MAX_UPLOAD_BYTES // (1024 * 1024)} MB; split it into parts."
                )
            digest.update(block)
            out.write(block)
    if size == 0:
        raise ValidationFailed("file: the upload is empty; choose the program file again.")
    return size, digest.hexdigest()


def _plain(message: str, path: Path, file_name: str) -> str:
    """A message about the spooled copy, naming the partner's own file instead of the server's path."""
    # File errors name the file without its folder (issue 12 item 7); older messages named the whole path.
    own = file_name or "the file"
    return message.replace(str(path), own).replace(path.name, own)


def _preflight(path: Path, fmt: str, source: str) -> None:
    """Refuse at once a file that cannot be read at all: its kind from the first kilobytes and, for CSV,
    its header and first row (cheap). A JSON document's body is checked by the job."""
    from etl.normalize.pipeline import parse_programs

    records = parse_programs(path, fmt, source)
    if fmt in CSV_FORMATS:
        next(iter(records), None)


def start_upload(
    session: Session,
    resources: Resources,
    principal: Principal,
    *,
    filename: str,
    stream: BinaryIO | None,
    fmt: str,
) -> int:
    """Spool the file, queue its job and log the upload, all or nothing; returns the job's id at once."""
    from etl.detect import detect_format, inspect_delimited

    principal.require(Role.EDUCATION_PARTNER, scope="programs:write")
    if fmt != "auto" and fmt not in PROGRAM_FORMATS:
        raise ValidationFailed(f"format: use auto or one of {', '.join(PROGRAM_FORMATS)}.")
    if stream is None:
        raise ValidationFailed("file: the upload is empty; choose the program file again.")
    folder = uploads_dir(resources)
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    suffix = Path(filename or "").suffix.lower()
    suffix = suffix if suffix in UPLOAD_SUFFIXES else ".txt"
    display = Path(filename or "").name[:255] or f"programs{suffix}"
    # A random name: the job id is not known until the row is written, after the file is checked.
    path = folder / f"upload-{secrets.token_hex(10)}{suffix}"
    source = partner_source(principal.org_id)
    try:
        size, file_hash = _spool(stream, path)
        try:
            fmt = detect_format(path, "programs") if fmt == "auto" else fmt
            _preflight(path, fmt, source)
            # What was sniffed is kept with the job for its report ("never change what a person typed
            # without showing them"): the spooled file is removed once the job is done.
            sniffed = inspect_delimited(path, fmt)
        except FileFormatError as exc:
            raise FileFormatError(_plain(exc.message, path, display)) from None
        run_id = import_runs.create_run(
            session.connection(),
            kind="programs",
            source=source,
            fmt=fmt,
            path=str(path),
            file_hash=file_hash,
            status="queued",
            counts={},
            file_name=display,
            read_as=sniffed.as_record() if sniffed is not None else None,
        )
        audit.log(
            session,
            principal,
            "programs.upload",
            pseudonym=None,
            purpose="partner upload",
            detail={"import_run_id": run_id, "bytes": size, "format": fmt},
        )
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    job = UploadJob(run_id=run_id, path=path, fmt=fmt, source=source, file_name=display)
    # The worker may only see the job once the row (and its audit entry) are committed; a rolled-back
    # request leaves neither, and its spooled copy is removed.
    event.listen(session, "after_commit", lambda _s: submit(resources, job), once=True)
    event.listen(session, "after_rollback", lambda _s: path.unlink(missing_ok=True), once=True)
    return run_id


# --- the worker ------------------------------------------------------------------------------------


class UploadWorker:
    """One daemon thread per process, working its queued uploads in order. A daemon: a stopping server
    does not wait for a long import; the job's lock goes with the process and the next start marks it
    interrupted."""

    def __init__(self) -> None:
        self.jobs: queue.Queue[tuple[Resources, UploadJob, RunLock]] = queue.Queue()
        self._thread: threading.Thread | None = None
        self._start = threading.Lock()

    def submit(self, resources: Resources, job: UploadJob) -> None:
        lock = RunLock.acquire(resources.engine, job.run_id)
        if lock is None:  # another process claimed it: nothing for this one to do
            return
        self.jobs.put((resources, job, lock))
        with self._start:
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._loop, name="wayfinder-uploads", daemon=True)
                self._thread.start()

    def _loop(self) -> None:
        while True:
            resources, job, lock = self.jobs.get()
            try:
                work(resources, job)
            except Exception as exc:  # the run row says why; the log names the type, never the text
                log.error("upload job %s stopped: %s", job.run_id, type(exc).__name__)
            finally:
                lock.release()
                job.path.unlink(missing_ok=True)
                self.jobs.task_done()


_worker = UploadWorker()


def submit(resources: Resources, job: UploadJob) -> None:
    """Hand a committed job to this process's upload thread. Runs after the request's commit, so it must
    not fail the request: a job it could not take stays queued and the next start marks it interrupted."""
    try:
        _worker.submit(resources, job)
    except Exception as exc:
        log.error("upload job %s could not be started: %s", job.run_id, type(exc).__name__)


def wait_idle(timeout: float = 60.0) -> bool:
    """Tests and the bench: True once every submitted job is done."""
    deadline = time.monotonic() + timeout
    while _worker.jobs.unfinished_tasks:
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def work(resources: Resources, job: UploadJob) -> None:
    """Run one claimed job through the importer (the code path `bench/upload_memory.py` measures)."""
    from etl.load import run_import
    from etl.normalize.pipeline import parse_programs

    engine = resources.engine
    with engine.begin() as conn:
        if not import_runs.claim(conn, job.run_id):
            return  # not queued any more (marked interrupted meanwhile)
    run_import(
        engine,
        kind="programs",
        path=job.path,
        fmt=job.fmt,
        source=job.source,
        parsed=parse_programs(job.path, job.fmt, job.source),
        enricher=enricher_for(resources),
        encoder=resources.encoder,
        reports_dir=resources.settings.reports_dir,
        run_id=job.run_id,
        batch_rows=UPLOAD_BATCH_ROWS,
        file_name=job.file_name,
    )


def recover_at_start(resources: Resources) -> list[int]:
    """At start-up: mark jobs whose process died as interrupted and remove spooled files nobody needs."""
    folder = uploads_dir(resources)
    marked = mark_stale_runs(resources.engine, remove_under=folder)
    if folder.is_dir():
        with resources.engine.connect() as conn:
            wanted = import_runs.open_paths(conn)
        now = time.time()
        for path in folder.iterdir():
            if str(path) not in wanted and now - path.stat().st_mtime > ORPHAN_AGE_S:
                path.unlink(missing_ok=True)
    return marked


# --- what the job page shows ----------------------------------------------------------------------


@dataclass(frozen=True)
class UploadStatus:
    """One upload as its owner sees it: where it is, its counts so far, and (when done) its skipped records."""

    run_id: int
    status: str
    format: str
    file_name: str
    message: str | None
    counts: Mapping[str, int]
    problems: list[dict[str, str]]
    # How a delimited file was read (etl.sources.csv_rows.CsvInfo.as_record); None for JSON formats.
    read_as: Mapping[str, Any] | None = None

    @property
    def done(self) -> bool:
        return self.status in ("finished", "failed", "interrupted")

    @property
    def imported(self) -> int:
        return sum(int(self.counts.get(k, 0)) for k in ("inserted", "updated", "unchanged"))


def upload_status(session: Session, principal: Principal, run_id: int, *, with_problems: bool = True) -> UploadStatus:
    """One of your uploads, in whatever state; the skipped records once it has stopped."""
    import csv

    principal.require(Role.EDUCATION_PARTNER, scope="programs:read")
    run = import_runs.get_run(session.connection(), run_id=run_id, source=partner_source(principal.org_id))
    if run is None:
        raise NotFoundError(f"Your organization has no upload {run_id}.")
    status = str(run["status"])
    problems: list[dict[str, str]] = []
    report = Path(run["error_report"]) if run["error_report"] else None
    if with_problems and status in ("finished", "failed", "interrupted") and report is not None and report.is_file():
        with report.open(newline="", encoding="utf-8") as fh:
            # The file column names the upload's spooled copy: meaningless to the partner.
            problems = [
                {"location": r["location"], "field": r["field"], "reason": r["reason"]} for r in csv.DictReader(fh)
            ]
    counts: dict[str, Any] = dict(run["counts"] or {})
    return UploadStatus(
        run_id=run_id,
        status=status,
        format=str(run["format"]),
        file_name=str(run["file_name"] or ""),
        message=run["message"],
        counts={k: int(v) for k, v in counts.items()},
        problems=problems,
        read_as=run.get("read_as"),
    )
