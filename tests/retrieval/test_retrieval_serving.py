"""Issue 18: the database path in the served matcher: writes show at the next match without a reload, `auto`
switches at the threshold, a drawn sample (catalog above its size) still ranks through full-text candidates,
an old pgvector keeps `auto` in memory and refuses a forced `database`, and /healthz says which is used."""

import logging
from pathlib import Path

import numpy as np
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, text
from sqlmodel import Session

from api.resources import Resources, check_retrieval_at_start
from api.services.database_retrieval import ReferenceSample, sample_is_stale
from api.services.matching import Matcher, get_matcher, rank_profile
from matcher.catalog_index import CatalogRow, LiveIndex
from matcher.encoder import Encoder
from matcher.types import Candidate, Constraints, ProfileQuery, WorkItem
from models.enums import ItemKind
from models.errors import DatabaseSetupError
from models.organization import Organization
from models.privacy.crypto import FieldCipher
from models.repositories import candidates as candidate_repo
from models.repositories import pgvector_support
from models.repositories import profiles as profile_repo
from models.repositories import retrieval as retrieval_repo
from models.settings import Settings
from tests.catalog_factories import add_job, add_program
from tests.retrieval.catalog import Posting, insert, random_postings, unit

DIM = 384


def _query(**constraints: object) -> ProfileQuery:
    return ProfileQuery(
        id="p",
        skills=("forklift",),
        work_history=(WorkItem(activities="drove a forklift and loaded trucks", title="warehouse"),),
        constraints=Constraints(**constraints),  # type: ignore[arg-type]
    )


def _database_matcher(encoder: Encoder, tmp_path: Path, **kwargs: object) -> Matcher:
    matcher = Matcher(encoder, tmp_path, retrieval="database")
    retrieval = matcher.database_retrieval("job")
    retrieval.refresh_in_background = False  # a background connection cannot see this test's rows
    for key, value in kwargs.items():
        setattr(retrieval, key, value)
    return matcher


def test_a_write_shows_at_the_next_database_match_without_a_reload(
    session: Session, encoder: Encoder, tmp_path: Path
) -> None:
    rng = np.random.default_rng(5)
    centers = rng.standard_normal((6, DIM))
    conn = session.connection()
    insert(conn, random_postings(rng, 60, centers), encoder.model_name)
    matcher = _database_matcher(encoder, tmp_path)
    target = unit(centers[0] + 0.01 * rng.standard_normal(DIM))
    before = [m.candidate.item_id for m in matcher.rank(conn, _query(), "job", 10, profile_vec=target)]
    (posted,) = insert(conn, [Posting("Forklift Operator", "Drive a forklift.", target)], encoder.model_name)
    first = matcher.rank(conn, _query(), "job", 10, profile_vec=target)[0]
    assert first.candidate.item_id == posted
    conn.execute(text("UPDATE job_posting SET status = 'closed' WHERE id = :id"), {"id": posted})
    after = [m.candidate.item_id for m in matcher.rank(conn, _query(), "job", 10, profile_vec=target)]
    assert after == before
    assert matcher.database["job"].samples_read == 1  # the complete sample applied the two writes row by row
    assert "job" not in matcher.full_builds


def test_a_drawn_sample_ranks_with_full_text_candidates_and_estimated_statistics(
    session: Session, encoder: Encoder, tmp_path: Path
) -> None:
    rng = np.random.default_rng(7)
    centers = rng.standard_normal((6, DIM))
    conn = session.connection()
    insert(conn, random_postings(rng, 150, centers), encoder.model_name)
    # Far from every semantic query below, found only by its words.
    (lexical_only,) = insert(
        conn,
        [Posting("Forklift Operator", "forklift forklift trucks warehouse", unit(-centers.sum(axis=0)))],
        encoder.model_name,
    )
    matcher = _database_matcher(encoder, tmp_path, sample_size=40)
    ranked = matcher.rank(conn, _query(), "job", 200, profile_vec=unit(centers[1]))
    sample = matcher.database["job"].sample
    assert sample is not None and not sample.complete and sample.index.size <= 40
    assert lexical_only in {m.candidate.item_id for m in ranked}
    found = retrieval_repo.lexical_ids(conn, "job", Constraints(), "forklift trucks", 5, 0.0)
    assert found[0] == lexical_only  # ts_rank_cd puts the item with the most matching words first


def test_auto_moves_a_kind_to_the_database_above_the_threshold(
    session: Session, encoder: Encoder, tmp_path: Path
) -> None:
    rng = np.random.default_rng(9)
    centers = rng.standard_normal((3, DIM))
    conn = session.connection()
    held = retrieval_repo.held_count(conn, "job")
    insert(conn, random_postings(rng, 3, centers), encoder.model_name)
    matcher = Matcher(encoder, tmp_path, retrieval="auto", memory_index_max=held + 3)
    matcher.rank(conn, _query(), "job", 5, profile_vec=unit(centers[0]))
    assert matcher.retrieval_state()["job"] == "memory" and "job" in matcher.full_builds
    insert(conn, random_postings(rng, 1, centers), encoder.model_name)
    matcher.database_retrieval("job").refresh_in_background = False
    matcher.rank(conn, _query(), "job", 5, profile_vec=unit(centers[0]))
    assert matcher.retrieval_state() == {"job": "database", "program": "auto (chosen at the first match)"}
    assert "job" not in matcher._indexes  # the whole-catalog index is let go


def test_an_old_pgvector_keeps_auto_in_memory_and_refuses_a_forced_database(
    session: Session,
    engine: Engine,
    encoder: Encoder,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    monkeypatch.setattr(pgvector_support, "pgvector_version", lambda conn: (0, 6, 2))
    conn = session.connection()
    auto = Matcher(encoder, tmp_path, retrieval="auto", memory_index_max=0)
    with caplog.at_level(logging.WARNING, logger="wayfinder.matching"):
        auto.rank(conn, _query(), "job", 5, profile_vec=unit(np.ones(DIM)))
        auto.rank(conn, _query(), "job", 5, profile_vec=unit(np.ones(DIM)))
    assert [r.getMessage() for r in caplog.records if "pgvector" in r.getMessage()] == [
        "pgvector older than 0.8 (no iterative index scans): every catalog is ranked in memory whatever its "
        "size (WAYFINDER_RETRIEVAL=auto)"
    ]
    assert auto.retrieval_state()["job"] == "memory (pgvector < 0.8)"
    with pytest.raises(DatabaseSetupError, match=r"this server has pgvector 0\.6\.2"):
        check_retrieval_at_start(engine, Settings(_env_file=None, retrieval="database"))  # type: ignore[call-arg, arg-type]
    check_retrieval_at_start(engine, Settings(_env_file=None, retrieval="auto"))  # type: ignore[call-arg, arg-type]
    forced = Matcher(encoder, tmp_path, retrieval="database")
    with pytest.raises(DatabaseSetupError, match=r"needs pgvector 0\.8 or newer.*this server has pgvector 0\.6\.2"):
        forced.rank(conn, _query(), "job", 5, profile_vec=unit(np.ones(DIM)))


def test_the_server_in_use_supports_iterative_scans(session: Session) -> None:
    version = retrieval_repo.pgvector_version(session.connection())
    assert version is not None and version >= (0, 8, 0)
    assert retrieval_repo.supports_iterative_scans(version)
    assert not retrieval_repo.supports_iterative_scans((0, 7, 4))


def test_a_drawn_sample_is_stale_after_an_hour_or_five_per_cent_of_its_size_in_writes() -> None:
    rows = [
        CatalogRow(candidate=Candidate(item_id=i, kind="job", source_id=str(i), title="t"), vector=np.zeros(DIM))
        for i in range(200)
    ]
    sample = ReferenceSample(index=LiveIndex.build("job", rows, version=100), complete=False, loaded_at=0.0)
    assert not sample_is_stale(sample, 110, 10.0)  # 10 writes: 5% of 200 rows
    assert sample_is_stale(sample, 111, 10.0)
    assert sample_is_stale(sample, 100, 3601.0)


def test_healthz_says_where_candidates_come_from(client: TestClient, encoder: Encoder, tmp_path: Path) -> None:
    resources = client.app.state.resources  # type: ignore[attr-defined]
    # The default (docs/retrieval.md: the database path is opt-in until it meets its goals at scale).
    assert client.get("/healthz").json()["retrieval"] == {"job": "memory", "program": "memory"}
    resources.matcher = Matcher(encoder, tmp_path, retrieval="auto")
    assert client.get("/healthz").json()["retrieval"] == {
        "job": "auto (chosen at the first match)",
        "program": "auto (chosen at the first match)",
    }
    resources.matcher = Matcher(encoder, tmp_path, retrieval="database")
    resources.matcher._iterative_scans = True
    assert client.get("/healthz").json()["retrieval"] == {"job": "database", "program": "database"}


def test_load_rows_reads_a_catalog_in_id_order(session: Session, encoder: Encoder) -> None:
    rng = np.random.default_rng(1)
    ids = insert(session.connection(), random_postings(rng, 5, rng.standard_normal((2, DIM))), encoder.model_name)
    rows = candidate_repo.load_rows(session.connection(), "job", model_name=encoder.model_name)
    got = [int(r.candidate.item_id) for r in rows]
    assert got == sorted(got) and set(ids) <= set(got)


def test_warm_up_reads_the_sample_not_the_catalog_of_a_database_kind(
    session: Session, encoder: Encoder, tmp_path: Path
) -> None:
    rng = np.random.default_rng(3)
    insert(session.connection(), random_postings(rng, 5, rng.standard_normal((2, DIM))), encoder.model_name)
    matcher = Matcher(encoder, tmp_path, retrieval="auto", memory_index_max=0)
    matcher.warm_up(session.connection())
    assert "job" not in matcher._indexes and "job" not in matcher.full_builds
    sample = matcher.database["job"].sample
    assert sample is not None and sample.complete and sample.index.size >= 5


def test_the_served_call_gives_the_same_proposals_from_either_source(
    session: Session, engine: Engine, settings: Settings, encoder: Encoder, field_cipher: FieldCipher, tmp_path: Path
) -> None:
    org = Organization(name="Agency", kind="agency")
    session.add(org)
    session.flush()
    add_job(session, encoder, title="Forklift Operator", description="Drive a forklift in our warehouse.")
    add_job(session, encoder, title="Line Cook", description="Prep and cook in a busy kitchen.")
    add_job(
        session,
        encoder,
        title="Certified Nursing Assistant",
        description="Patient care; take vital signs.",
        occupation_code="31-1131",
        skills=["wf:patient-care", "wf:vital-signs"],
    )
    cna = add_program(session, encoder, target_soc_codes=["31-1131"], skills=["wf:vital-signs"], region="WA")
    fields = {"region": "WA", "skills": ["wf:patient-care"], "work_history": [{"activities": "cared for my aunt"}]}
    profile = profile_repo.create(session, org_id=org.id or 0, created_by=None, fields=fields, cipher=field_cipher)
    proposals = {}
    for source in ("memory", "database"):
        own = settings.model_copy(update={"home": tmp_path / source, "retrieval": source})
        resources = Resources(settings=own, engine=engine, encoder=encoder)
        proposals[source] = rank_profile(session, resources, profile, ItemKind.JOB)
        assert get_matcher(resources).retrieval_state()["job"] == source
    memory, database = proposals["memory"], proposals["database"]
    assert [p.item_id for p in database] == [p.item_id for p in memory] and len(memory) == 3
    assert [p.score for p in database] == pytest.approx([p.score for p in memory], abs=1e-5)
    # employer verification and pathways ride along unchanged
    assert [p.explanation.get("employer_verified") for p in database] == [False, False, False]
    assert [p.explanation.get("pathways") for p in database] == [p.explanation.get("pathways") for p in memory]
    routes = [r["program_id"] for p in database for r in p.explanation.get("pathways", [])]
    assert routes == [cna.id]


def test_programs_rank_the_same_from_either_source(
    session: Session, engine: Engine, settings: Settings, encoder: Encoder, field_cipher: FieldCipher, tmp_path: Path
) -> None:
    org = Organization(name="Agency", kind="agency")
    session.add(org)
    session.flush()
    cna = add_program(session, encoder, name="CNA Training", description="Patient care and vital signs.", region="WA")
    add_program(session, encoder, name="Forklift Certification", description="Forklift safety.", region="OR")
    online = add_program(
        session, encoder, name="Online Bookkeeping", description="Ledgers and payroll.", is_online=True
    )
    add_program(session, encoder, name="Welding", description="Weld steel.", status="closed")
    fields = {"region": "WA", "skills": ["wf:patient-care"], "work_history": [{"activities": "cared for my aunt"}]}
    profile = profile_repo.create(session, org_id=org.id or 0, created_by=None, fields=fields, cipher=field_cipher)
    ranked = {}
    for source in ("memory", "database"):
        own = settings.model_copy(update={"home": tmp_path / source, "retrieval": source})
        ranked[source] = rank_profile(
            session, Resources(settings=own, engine=engine, encoder=encoder), profile, ItemKind.PROGRAM
        )
    assert [p.item_id for p in ranked["database"]] == [p.item_id for p in ranked["memory"]]
    assert [p.score for p in ranked["database"]] == pytest.approx([p.score for p in ranked["memory"]], abs=1e-5)
    # the Oregon one breaks the area, the closed one is not live; the online one passes (remote accepted)
    assert {p.item_id for p in ranked["database"]} == {cna.id, online.id}
