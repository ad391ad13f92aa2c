"""Issue 12, item 6 and part of 7: partner uploads are background jobs that commit in batches, show
their progress to every worker, keep memory flat, log their audit entry with the job, and a job whose
process died is marked interrupted on the next start (and resumes when run again)."""

import csv
import io
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st
from sqlalchemy import Engine, text

from api.main import create_app
from api.resources import Resources
from api.services import audit, upload_jobs
from etl.enrich import Enricher
from etl.load import SeenKeys, run_import
from etl.run_lock import RunLock, mark_stale_runs
from matcher.encoder import Encoder
from models.db import engine_for_url, session_scope
from models.enums import OrgKind, Role
from models.errors import ConflictError
from models.job_posting import JobPostingIn
from models.privacy.tools import PrivacyTools
from models.repositories import import_runs
from models.settings import Settings
from tests.factories import DEFAULT_PASSWORD, job_in, make_org, make_user

HEADER = ["PROGRAM_ID", "PROVIDER_NAME", "PROVIDER_CITY", "PROVIDER_STATE", "PROGRAM_NAME", "PROGRAM_DESCRIPTION"]
HEADER += ["PROGRAM_URL", "CIP_CODE", "PROGRAM_LENGTH_WEEKS", "TOTAL_COST", "DELIVERY_FORMAT", "SCHEDULE"]


def rest_of_row(i: int) -> list[str]:
    return [f"https://kv.example/{i}", "49.0208", "4", "600", "Classroom", "Daytime"]


def etpl(n: int, *, bad_ids: tuple[int, ...] = ()) -> bytes:
    """n programs in the WIOA ETPL layout; the rows in `bad_ids` have no program name (skipped, reported).

    (A row without an id is keyed by provider, name and place since issue 14, so it no longer fails.)"""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADER)
    for i in range(n):
        name = "" if i in bad_ids else f"Program {i}"
        writer.writerow(
            [f"KV-{i}", "Kent Valley College", "Kent", "WA", name, f"Forklift safety, part {i}.", *rest_of_row(i)]
        )
    return out.getvalue().encode()


class Gate:
    """Holds the upload worker at a point until the test opens it."""

    def __init__(self) -> None:
        self.reached, self.open = threading.Event(), threading.Event()

    def wait(self) -> None:
        self.reached.set()
        assert self.open.wait(60), "the test never opened the gate"


@pytest.fixture
def make_client(
    settings: Settings, committing_engine: Engine, privacy: PrivacyTools
) -> Iterator[Callable[[Engine], TestClient]]:
    """A real app (its own transactions, its own upload thread) over the test's private database; call it
    again with another engine for a second worker process on the same database."""
    clients: list[TestClient] = []

    def build(engine: Engine = committing_engine) -> TestClient:
        resources = Resources(settings=settings, engine=engine, encoder=None, privacy_tools=privacy)
        client = TestClient(create_app(settings, resources=resources))
        client.__enter__()
        clients.append(client)
        return client

    yield build
    assert upload_jobs.wait_idle(60)
    for client in clients:
        client.__exit__(None, None, None)


def partner_client(make_client: Callable[..., TestClient], engine: Engine, *, other: Engine | None = None) -> Any:
    with session_scope(engine) as s:
        org = make_org(s, kind=OrgKind.EDUCATION_PARTNER)
        user = make_user(s, role=Role.EDUCATION_PARTNER, org=org)
        email, org_id = user.email, org.id
    client = make_client(other) if other is not None else make_client()
    response = client.post("/auth/login", json={"email": email, "password": DEFAULT_PASSWORD})
    assert response.status_code == 200, response.text
    client.headers["X-CSRF-Token"] = response.json()["csrf_token"]
    return client, org_id, email


def wait_done(client: TestClient, url: str, timeout: float = 60) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while True:
        job: dict[str, Any] = client.get(url).json()
        if job["done"] or time.monotonic() > deadline:
            return job
        time.sleep(0.05)


def test_item6_upload_returns_at_once_with_a_job_page(
    make_client: Callable[..., TestClient], committing_engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    gate = Gate()
    real_work = upload_jobs.work
    monkeypatch.setattr(upload_jobs, "work", lambda resources, job: (gate.wait(), real_work(resources, job)))
    client, _, _ = partner_client(make_client, committing_engine)

    started = time.monotonic()
    answer = client.post("/partner/programs/upload", files={"file": ("kv.csv", etpl(5, bad_ids=(2,)))})
    assert answer.status_code == 202, answer.text
    job = answer.json()
    assert time.monotonic() - started < 5
    assert (job["status"], job["done"], job["read"], job["file_name"]) == ("queued", False, 0, "kv.csv")
    assert answer.headers["location"] == job["status_url"] == f"/partner/programs/uploads/{job['id']}"
    assert gate.reached.wait(10)

    page = client.get(f"/partner/uploads/{job['id']}")
    assert page.status_code == 200
    assert "<h1>Upload in progress</h1>" in page.text
    assert 'role="status" aria-live="polite"' in page.text
    assert f'hx-get="/partner/uploads/{job["id"]}/progress" hx-trigger="every 2s"' in page.text

    gate.open.set()
    done = wait_done(client, job["status_url"])
    assert (done["status"], done["read"], done["inserted"], done["errors"]) == ("finished", 5, 4, 1)
    assert done["problems"] == [{"location": "line 4", "field": "program_name", "reason": "missing"}]
    report = client.get(f"/partner/uploads/{job['id']}")
    assert "<h1>Upload report</h1>" in report.text and "hx-trigger" not in report.text
    assert "Finished: 5 records read, 4 imported, 1 skipped." in report.text
    progress = client.get(f"/partner/uploads/{job['id']}/progress")
    assert progress.headers["hx-refresh"] == "true"


def test_item6_job_progress_visible_to_another_worker(
    make_client: Callable[..., TestClient],
    committing_engine: Engine,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Worker A imports in batches of 2 and stops after the first; worker B (its own engine and pool, as
    another process would have) reads the committed progress."""
    import etl.normalize.pipeline as pipeline

    gate = Gate()
    real_parse = pipeline.parse_programs

    def paused(path: Path, fmt: str, source: str) -> Iterator[Any]:
        for n, item in enumerate(real_parse(path, fmt, source)):
            if n == 2:
                gate.wait()
            yield item

    monkeypatch.setattr(pipeline, "parse_programs", paused)
    monkeypatch.setattr(upload_jobs, "UPLOAD_BATCH_ROWS", 2)
    other = engine_for_url(committing_engine.url)
    try:
        a, _, email = partner_client(make_client, committing_engine)
        b = make_client(other)
        login = b.post("/auth/login", json={"email": email, "password": DEFAULT_PASSWORD})
        assert login.status_code == 200
        job = a.post("/partner/programs/upload", files={"file": ("kv.csv", etpl(5))}, data={"format": "etpl"}).json()
        assert gate.reached.wait(20)
        seen = b.get(job["status_url"]).json()
        assert (seen["status"], seen["read"], seen["inserted"], seen["done"]) == ("running", 2, 2, False)
        assert (
            "Importing your programs: 2 records read, 2 imported, 0 skipped so far."
            in b.get(f"/partner/uploads/{job['id']}/progress").text
        )
        gate.open.set()
        final = wait_done(b, job["status_url"])
        assert (final["status"], final["read"], final["inserted"]) == ("finished", 5, 5)
    finally:
        gate.open.set()
        other.dispose()


def _run(engine: Engine, tmp_path: Path, items: Iterator[Any], **kwargs: Any) -> Any:
    src = tmp_path / "input.json"
    src.write_text("[]")
    return run_import(
        engine,
        kind="jobs",
        path=src,
        fmt="test",
        source="test",
        parsed=items,
        enricher=Enricher(model_name="m"),
        encoder=kwargs.pop("encoder", None),
        reports_dir=tmp_path / "reports",
        **kwargs,
    )


def test_item6_import_commits_in_batches(committing_engine: Engine, tmp_path: Path) -> None:
    """A failure in the third batch keeps the two committed before it, and the run's counts say so."""
    broken = JobPostingIn.model_construct(**{**job_in(source_id="j4").model_dump(), "zip3": "98001"})
    records = [job_in(source_id=f"j{i}") for i in range(4)] + [broken]
    with pytest.raises(Exception, match="value too long"):
        _run(committing_engine, tmp_path, iter(records), batch_rows=2)
    with committing_engine.connect() as conn:
        stored = set(conn.execute(text("SELECT source_id FROM job_posting")).scalars())
        status, counts = conn.execute(text("SELECT status, counts FROM import_run")).one()
    assert stored == {"j0", "j1", "j2", "j3"}
    assert status == "failed"
    assert (counts["read"], counts["inserted"]) == (5, 4)


def test_item6_no_transaction_waits_while_texts_are_embedded(
    committing_engine: Engine, encoder: Encoder, tmp_path: Path
) -> None:
    """While the model runs, no connection of this database is idle inside a transaction."""
    observer = engine_for_url(committing_engine.url)
    seen: list[int] = []

    class Watching:
        batch_size, model_name, dimension = 2, encoder.model_name, encoder.dimension

        def encode(self, texts: list[str], **_: object) -> Any:
            with observer.connect() as conn:
                seen.append(
                    conn.execute(
                        text(
                            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                            "AND state LIKE 'idle in transaction%' AND pid <> pg_backend_pid()"
                        )
                    ).scalar_one()
                )
            return encoder.encode(texts)

    try:
        result = _run(
            committing_engine, tmp_path, iter([job_in(source_id=f"e{i}") for i in range(3)]), encoder=Watching()
        )
    finally:
        observer.dispose()
    assert result.embedded == 1  # one distinct text
    assert seen == [0]


@given(st.lists(st.lists(st.text(min_size=1, max_size=4), max_size=8), max_size=8))
@hsettings(max_examples=200, deadline=None)
def test_item6_seen_identifiers_report_every_repeat_across_batches(batches: list[list[str]]) -> None:
    """SeenKeys (12 bytes a record) reports exactly what a dict of every id would: each id of a batch
    seen in an earlier batch, with the record number that last held it."""
    seen, model, number = SeenKeys(), dict[str, int](), 0
    for batch in batches:
        latest: dict[str, int] = {}
        for source_id in batch:
            number += 1
            latest[source_id] = number
        expected = {k: model[k] for k in latest if k in model}
        assert seen.replace(latest) == expected
        model.update(latest)
    assert len(seen.keys) == len(model) and list(seen.keys) == sorted(seen.keys)


def test_item7_stale_import_run_is_marked_interrupted_at_start(
    settings: Settings, committing_engine: Engine, privacy: PrivacyTools
) -> None:
    """A run whose process is gone (its lock connection ended) is marked interrupted when the app starts;
    one still held by a live process elsewhere is left alone."""
    with committing_engine.begin() as conn:
        args = {"kind": "jobs", "source": "cli", "fmt": "csv", "path": "/data/jobs.csv", "file_hash": "0" * 64}
        dead = import_runs.create_run(conn, **args, status="embedding", counts={"read": 7})
        alive = import_runs.create_run(conn, **args, status="running", counts={})
    elsewhere = engine_for_url(committing_engine.url)
    holder = RunLock.acquire(elsewhere, alive)
    assert holder is not None
    try:
        resources = Resources(settings=settings, engine=committing_engine, encoder=None, privacy_tools=privacy)
        with TestClient(create_app(settings, resources=resources)):
            pass  # the lifespan ran: a fresh start
        with committing_engine.connect() as conn:
            rows = dict(conn.execute(text("SELECT id, status FROM import_run")).all())  # type: ignore[arg-type]
            message = conn.execute(text("SELECT message FROM import_run WHERE id = :i"), {"i": dead}).scalar_one()
        assert rows == {dead: "interrupted", alive: "running"}
        assert message.startswith("This import stopped when the process working on it ended")
        holder.conn.invalidate()  # the other process dies: its connection, and so its lock, end
        # The server ends that backend (and frees its lock) a moment after the socket closes.
        deadline, marked = time.monotonic() + 10, list[int]()
        while time.monotonic() < deadline:
            marked = mark_stale_runs(committing_engine)
            if marked:
                break
            time.sleep(0.05)
        assert marked == [alive]
    finally:
        elsewhere.dispose()


def test_item7_interrupted_import_resumes_when_run_again(committing_engine: Engine, tmp_path: Path) -> None:
    jobs = [job_in(source_id=f"r{i}") for i in range(5)]

    def stops_after(n: int) -> Iterator[Any]:
        for i, job in enumerate(jobs):
            if i == n:
                raise KeyboardInterrupt  # the process is stopped part-way
            yield job

    with pytest.raises(KeyboardInterrupt):
        _run(committing_engine, tmp_path, stops_after(3), batch_rows=2)
    with committing_engine.connect() as conn:
        assert conn.execute(text("SELECT status FROM import_run")).scalar_one() == "interrupted"
    again = _run(committing_engine, tmp_path, iter([j.model_copy() for j in jobs]), batch_rows=2)
    assert (again.inserted, again.unchanged) == (3, 2)


def test_upload_audit_entry_in_same_transaction(
    make_client: Callable[..., TestClient], committing_engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    gate = Gate()
    real_work = upload_jobs.work
    monkeypatch.setattr(upload_jobs, "work", lambda resources, job: (gate.wait(), real_work(resources, job)))
    client, org_id, _ = partner_client(make_client, committing_engine)
    job = client.post("/partner/programs/upload", files={"file": ("kv.csv", etpl(2))}).json()
    assert gate.reached.wait(10)  # the job is queued and not yet touched by its worker
    with committing_engine.connect() as conn:
        run_tx = conn.execute(text("SELECT xmin::text FROM import_run WHERE id = :i"), {"i": job["id"]}).scalar_one()
        audit_tx, detail = conn.execute(
            text("SELECT xmin::text, detail FROM audit_event WHERE action = 'programs.upload' AND org_id = :o"),
            {"o": org_id},
        ).one()
    assert audit_tx == run_tx  # written by one transaction: the request's
    assert detail == {"import_run_id": job["id"], "bytes": len(etpl(2)), "format": "etpl"}
    gate.open.set()
    assert wait_done(client, job["status_url"])["status"] == "finished"

    # When the audit entry cannot be written, the upload leaves nothing: no job, no programs, no file.
    def refuse(*_: Any, **__: Any) -> None:
        raise ConflictError("The audit trail refused the entry.")

    monkeypatch.setattr(audit, "log", refuse)
    refused = client.post("/partner/programs/upload", files={"file": ("kv2.csv", etpl(3))})
    assert refused.status_code == 409
    assert upload_jobs.wait_idle(10)
    with committing_engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM import_run")).scalar_one() == 1
        assert conn.execute(text("SELECT count(*) FROM training_program")).scalar_one() == 2
    assert [p.name for p in upload_jobs.uploads_dir(client.app.state.resources).iterdir()] == []


def test_item6_a_file_that_breaks_in_the_job_fails_in_plain_words_naming_the_partners_file(
    make_client: Callable[..., TestClient], committing_engine: Engine
) -> None:
    """A JSON document is only sniffed in the request; when its body turns out broken the job fails with a
    message that names the partner's own file, never the server's spooled copy."""
    client, _, _ = partner_client(make_client, committing_engine)
    broken = b'{"@context": "https://credreg.net/ctdl/schema/context/json", "@graph": [{"@type": "ceterms:Certificate",'
    answer = client.post("/partner/programs/upload", files={"file": ("our-programs.json", broken)})
    assert answer.status_code == 202, answer.text
    job = wait_done(client, answer.json()["status_url"])
    assert job["status"] == "failed"
    assert job["message"].startswith("Nothing was imported: our-programs.json: invalid JSON at line 1")
    assert "upload-" not in job["message"] and str(upload_jobs.MAX_UPLOAD_BYTES) not in job["message"]
    page = client.get(f"/partner/uploads/{job['id']}").text
    assert 'id="job-message" role="alert"' in page and "Upload the file again" in page


def test_an_upload_is_seen_only_by_its_own_organization(
    make_client: Callable[..., TestClient], committing_engine: Engine
) -> None:
    owner, _, _ = partner_client(make_client, committing_engine)
    stranger, _, _ = partner_client(make_client, committing_engine)
    job = owner.post("/partner/programs/upload", files={"file": ("kv.csv", etpl(2))}).json()
    assert wait_done(owner, job["status_url"])["status"] == "finished"
    for url in (job["status_url"], f"/partner/uploads/{job['id']}", f"/partner/uploads/{job['id']}/progress"):
        refused = stranger.get(url)
        assert refused.status_code == 404, url
        assert "kv.csv" not in refused.text
