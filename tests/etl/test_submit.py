"""An employer's posting goes through enrichment and screening on create and on every edit; staff decisions
on held postings stick (issue 12): an edit or a re-import never moves a posting out of held or rejected."""

from sqlalchemy import text
from sqlmodel import Session

from etl.components import default_enricher
from etl.screening.review import decide
from etl.submit import submit_posting
from matcher.encoder import Encoder
from tests.factories import job_in

SCAM = "Start today, no interview! Training fee of $200 required. Contact us on WhatsApp only."
CLEAN = "Cook breakfast and lunch in our cafe. Food handler card required. Apply on our website."
CLEANER = "Cook breakfast, lunch and dinner in our cafe. Food handler card required. Apply on our website."


def screening_of(session: Session, posting_id: int) -> list[str]:
    hits = (
        session.connection()
        .execute(text("SELECT screening FROM job_posting WHERE id = :id"), {"id": posting_id})
        .scalar_one()
    )
    return sorted({h["rule_id"] for h in hits})


def test_a_red_flag_posting_is_held_and_the_employer_sees_only_under_review(session: Session, encoder: Encoder) -> None:
    conn = session.connection()
    enricher = default_enricher(encoder.model_name)
    first = submit_posting(conn, job_in(source="employer:1", source_id="e-1", description=SCAM), enricher, encoder)
    assert first.status == "held" and first.employer_status == "under review" and first.changed
    # Saving the same content again changes nothing.
    same = submit_posting(conn, job_in(source="employer:1", source_id="e-1", description=SCAM), enricher, encoder)
    assert not same.changed
    embedded = conn.execute(
        text("SELECT embedding IS NOT NULL AND embedding_hash = text_hash FROM job_posting WHERE id = :id"),
        {"id": first.posting_id},
    ).scalar_one()
    assert embedded


def test_held_posting_stays_held_after_a_clean_edit(session: Session, encoder: Encoder) -> None:
    conn = session.connection()
    enricher = default_enricher(encoder.model_name)
    first = submit_posting(conn, job_in(source="employer:1", source_id="e-2", description=SCAM), enricher, encoder)
    assert first.status == "held" and screening_of(session, first.posting_id) != []
    # The employer removes the red flags: the edit is screened again (no hits now), but only staff release it.
    edited = submit_posting(conn, job_in(source="employer:1", source_id="e-2", description=CLEAN), enricher, encoder)
    assert edited.posting_id == first.posting_id and edited.changed
    assert (edited.status, edited.employer_status) == ("held", "under review")
    assert screening_of(session, first.posting_id) == []
    # Staff clear it: live. A later clean edit keeps it live; one with a red flag holds it again.
    assert decide(conn, first.posting_id, clear=True, actor="cli:staff", reason=None) == "active"
    live = submit_posting(conn, job_in(source="employer:1", source_id="e-2", description=CLEANER), enricher, encoder)
    assert (live.status, live.employer_status) == ("active", "live")
    again = submit_posting(conn, job_in(source="employer:1", source_id="e-2", description=SCAM), enricher, encoder)
    assert (again.status, again.employer_status) == ("held", "under review")


def test_staff_rejection_survives_a_reimport(session: Session, encoder: Encoder) -> None:
    conn = session.connection()
    enricher = default_enricher(encoder.model_name)
    first = submit_posting(conn, job_in(source="feed", source_id="f-1", description=SCAM), enricher, None)
    assert decide(conn, first.posting_id, clear=False, actor="cli:staff", reason="fees charged to workers") == (
        "rejected"
    )
    # The feed publishes a cleaned-up text under the same id: the content is updated, the rejection stays.
    reimported = submit_posting(conn, job_in(source="feed", source_id="f-1", description=CLEAN), enricher, None)
    assert reimported.changed and reimported.posting_id == first.posting_id
    assert (reimported.status, reimported.employer_status) == ("rejected", "not accepted")
    description = conn.execute(
        text("SELECT description FROM job_posting WHERE id = :id"), {"id": first.posting_id}
    ).scalar_one()
    assert description == CLEAN


def test_a_closed_posting_reopens_on_reimport_but_is_screened(session: Session, encoder: Encoder) -> None:
    """Closing is the owner's act, not a staff decision: a feed that republishes reopens it, screened."""
    conn = session.connection()
    enricher = default_enricher(encoder.model_name)
    first = submit_posting(conn, job_in(source="feed", source_id="f-2", description=CLEAN), enricher, None)
    conn.execute(text("UPDATE job_posting SET status = 'closed' WHERE id = :id"), {"id": first.posting_id})
    again = submit_posting(conn, job_in(source="feed", source_id="f-2", description=SCAM), enricher, None)
    assert again.status == "held"
