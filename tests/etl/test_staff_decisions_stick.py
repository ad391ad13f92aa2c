"""Issue 12, through the real import path (`wayfinder import jobs|programs` and partner uploads run
run_import, which commits): staff decisions stick across re-imports, a re-import that changes what a person
would see hides a shared item, and programs are screened."""

from collections.abc import Sequence
from pathlib import Path

from sqlalchemy import Engine, text
from sqlmodel import Session

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
            conn.execute(text(f"SELECT status FROM {table} WHERE source_id = :s"), {"s": source_id}).scalar_one()  # noqa: S608
        )


def _id(engine: Engine, table: str, source_id: str) -> int:
    with engine.connect() as conn:
        return int(conn.execute(text(f"SELECT id FROM {table} WHERE source_id = :s"), {"s": source_id}).scalar_one())  # noqa: S608


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
