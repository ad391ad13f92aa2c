"""Issue 12, through the real import path (`wayfinder import jobs|programs` and partner uploads run
run_import, which commits): staff decisions stick across re-imports, a re-import that changes what a person
would see hides a shared item, and programs are screened."""

import csv
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest
from sqlalchemy import Engine, text
from sqlmodel import Session
from typer.testing import CliRunner

from api.cli import app
from api.services import review
from api.services.matching import ProposedMatch
from api.services.review import Decision
from etl.components import default_enricher
from etl.load import ImportSummary, run_import
from etl.screening.review import decide
from matcher.encoder import Encoder
from models.enums import ItemKind
from models.job_posting import JobPostingIn
from models.privacy.tools import PrivacyTools
from models.program import ProgramIn
from models.repositories import recommendations as rec_repo
from models.settings import get_settings
from tests.factories import job_in, make_profile, make_user, principal_for, program_in

SCAM = "Start today, no interview! Training fee of $200 required. Contact us on WhatsApp only."
CLEAN = "Cook breakfast and lunch in our cafe. Food handler card required. Apply on our website."
FEE_LURE = (
    "Six-week caregiver course. Pay the $900 placement fee and your job in Dubai is guaranteed. "
    "We keep your passport until you finish. Contact us on WhatsApp only."
)


def _import(
    engine: Engine, tmp_path: Path, encoder: Encoder, items: Sequence[JobPostingIn | ProgramIn], kind: str
) -> ImportSummary:
    src = tmp_path / "input.json"
    src.write_text("[]")
    return run_import(
        engine,
        kind=kind,  # type: ignore[arg-type]
        path=src,
        fmt="test",
        source="feed",
        parsed=iter(items),
        enricher=default_enricher(encoder.model_name),
        encoder=None,
        reports_dir=tmp_path / "reports",
    )


def _status(engine: Engine, table: str, source_id: str) -> str:
    with engine.connect() as conn:
        return str(
            conn.execute(text(f"SELECT status FROM {table} WHERE source_id = :s"), {"s": source_id}).scalar_one()
        )


def _id(engine: Engine, table: str, source_id: str) -> int:
    with engine.connect() as conn:
        return int(conn.execute(text(f"SELECT id FROM {table} WHERE source_id = :s"), {"s": source_id}).scalar_one())


def test_staff_rejection_survives_a_reimport_of_changed_content(
    committing_engine: Engine, encoder: Encoder, tmp_path: Path
) -> None:
    _import(committing_engine, tmp_path, encoder, [job_in(source="feed", source_id="j1", description=SCAM)], "jobs")
    assert _status(committing_engine, "job_posting", "j1") == "held"
    with committing_engine.begin() as conn:
        decide(conn, _id(committing_engine, "job_posting", "j1"), clear=False, actor="cli:t", reason="worker fees")
    summary = _import(
        committing_engine, tmp_path, encoder, [job_in(source="feed", source_id="j1", description=CLEAN)], "jobs"
    )
    assert summary.updated == 1
    assert _status(committing_engine, "job_posting", "j1") == "rejected"


def test_held_posting_stays_held_after_a_clean_reimport(
    committing_engine: Engine, encoder: Encoder, tmp_path: Path
) -> None:
    _import(committing_engine, tmp_path, encoder, [job_in(source="feed", source_id="j2", description=SCAM)], "jobs")
    _import(committing_engine, tmp_path, encoder, [job_in(source="feed", source_id="j2", description=CLEAN)], "jobs")
    assert _status(committing_engine, "job_posting", "j2") == "held"


def test_program_upload_with_a_fee_lure_is_held(committing_engine: Engine, encoder: Encoder, tmp_path: Path) -> None:
    lure = program_in(source="feed", source_id="s1", name="Caregiver Fast Track", description=FEE_LURE, url=None)
    college = program_in(source="feed", source_id="c1")
    summary = _import(committing_engine, tmp_path, encoder, [lure, college], "programs")
    assert summary.held == 1
    assert _status(committing_engine, "training_program", "s1") == "held"
    assert _status(committing_engine, "training_program", "c1") == "active"
    with committing_engine.connect() as conn:
        hits = conn.execute(text("SELECT screening FROM training_program WHERE source_id = 's1'")).scalar_one()
    assert {h["rule_id"] for h in hits} == {
        "program.placement_fee",
        "program.guaranteed_job",
        "documents.held_by_employer",
        "contact.messaging_app_only",
    }
    # Cleaned up in the next upload: still held until staff clear it; then live.
    _import(committing_engine, tmp_path, encoder, [program_in(source="feed", source_id="s1")], "programs")
    assert _status(committing_engine, "training_program", "s1") == "held"
    with committing_engine.begin() as conn:
        cleared = decide(
            conn,
            _id(committing_engine, "training_program", "s1"),
            clear=True,
            actor="cli:t",
            reason=None,
            kind="program",
        )
    assert cleared == "active"


def test_item1_reimport_with_changed_content_hides_a_shared_item(
    committing_engine: Engine, encoder: Encoder, tmp_path: Path, privacy: PrivacyTools
) -> None:
    _import(committing_engine, tmp_path, encoder, [job_in(source="feed", source_id="j3", title="Dishwasher")], "jobs")
    job_id = _id(committing_engine, "job_posting", "j3")
    with Session(committing_engine) as session:
        cw = make_user(session)
        profile = make_profile(session, org_id=cw.org_id, created_by=cw.id)
        me = principal_for(cw)
        match = ProposedMatch(kind=ItemKind.JOB, item_id=job_id, rank=1, score=0.5, model_version="t")
        (rec_id,) = review.store_proposals(session, me, profile.pseudonym, [match])
        review.decide(session, me, rec_id, Decision("approve"), privacy)
        review.decide(session, me, rec_id, Decision("share"), privacy)
        session.commit()
        pseudonym = profile.pseudonym

    def visible() -> list[str]:
        with committing_engine.connect() as conn:
            return [r["title"] for r in rec_repo.visible_for_profile(conn, pseudonym=pseudonym)]

    assert visible() == ["Dishwasher"]
    _import(committing_engine, tmp_path, encoder, [job_in(source="feed", source_id="j3", title="Dishwasher")], "jobs")
    assert visible() == ["Dishwasher"]  # the same content again: still the approved version
    changed = job_in(source="feed", source_id="j3", title="Dishwasher", url="https://jobs.example.org/apply-elsewhere")
    _import(committing_engine, tmp_path, encoder, [changed], "jobs")
    assert _status(committing_engine, "job_posting", "j3") == "active"  # hidden by the changed content alone
    assert visible() == []


PROGRAM_COLUMNS = [
    "PROGRAM_ID", "PROVIDER_NAME", "PROVIDER_TYPE", "PROVIDER_CITY", "PROVIDER_STATE", "PROVIDER_ZIP",
    "PROGRAM_NAME", "PROGRAM_DESCRIPTION", "PROGRAM_URL", "CIP_CODE", "SOC_CODES", "PROGRAM_LENGTH_WEEKS",
    "TOTAL_COST", "DELIVERY_FORMAT", "SCHEDULE",
]  # fmt: skip
SCHOOL = ["Bright Future Academy", "Private school", "Kent", "WA", "98032"]


@pytest.fixture
def cli_env(committing_engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Engine]:
    """The CLI pointed at a private database (as a deployment's DATABASE_URL would)."""
    monkeypatch.setenv("DATABASE_URL", committing_engine.url.render_as_string(hide_password=False))
    monkeypatch.setenv("WAYFINDER_HOME", str(tmp_path))
    get_settings.cache_clear()
    yield committing_engine
    get_settings.cache_clear()


def _cli(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, " ".join(result.output.split())


def test_program_import_fee_lure_is_held_and_the_staff_queue_covers_programs(cli_env: Engine, tmp_path: Path) -> None:
    path = tmp_path / "programs.csv"
    with path.open("w", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(PROGRAM_COLUMNS)
        writer.writerow(["L-1", *SCHOOL, "Caregiver Fast Track", FEE_LURE, "", "51.2601", "31-1122.00", "6", "900",
                         "Classroom", "Daytime"])  # fmt: skip
    code, out = _cli("import", "programs", str(path), "--format", "etpl", "--no-embed")
    assert code == 0, out
    program_id = _id(cli_env, "training_program", "L-1")
    assert _status(cli_env, "training_program", "L-1") == "held"
    code, out = _cli("screening", "queue")
    assert code == 0, out
    assert f"program #{program_id} Caregiver Fast Track - Bright Future Academy" in out
    assert "placement fee" in out and "keep your passport" in out
    # Without --program the id is a posting's: none such, so nothing is cleared by mistake.
    code, out = _cli("screening", "clear", str(program_id))
    assert code == 2 and f"No job posting with id {program_id}" in out
    code, out = _cli("screening", "reject", str(program_id), "--program", "--reason", "placement fee, passport kept")
    assert (code, out) == (0, f"program {program_id} is now rejected")
    assert _status(cli_env, "training_program", "L-1") == "rejected"
    with cli_env.connect() as conn:
        action = conn.execute(text("SELECT action FROM audit_event ORDER BY id DESC LIMIT 1")).scalar_one()
    assert action == "program.reject"
