"""An employer's posting goes through enrichment and screening on create and on every edit."""

from sqlalchemy import text
from sqlmodel import Session

from etl.components import default_enricher
from etl.submit import submit_posting
from matcher.encoder import Encoder
from tests.factories import job_in

SCAM = "Start today, no interview! Training fee of $200 required. Contact us on WhatsApp only."
CLEAN = "Cook breakfast and lunch in our cafe. Food handler card required. Apply on our website."


def test_a_red_flag_posting_is_held_and_the_employer_sees_only_under_review(session: Session, encoder: Encoder) -> None:
    conn = session.connection()
    enricher = default_enricher(encoder.model_name)
    first = submit_posting(conn, job_in(source="employer:1", source_id="e-1", description=SCAM), enricher, encoder)
    assert first.status == "held" and first.employer_status == "under review" and first.changed
    # The employer edits the text: it is screened again and goes live.
    edited = submit_posting(conn, job_in(source="employer:1", source_id="e-1", description=CLEAN), enricher, encoder)
    assert edited.posting_id == first.posting_id
    assert (edited.status, edited.employer_status) == ("active", "live")
    # Saving the same content again changes nothing.
    same = submit_posting(conn, job_in(source="employer:1", source_id="e-1", description=CLEAN), enricher, encoder)
    assert not same.changed
    embedded = conn.execute(
        text("SELECT embedding IS NOT NULL AND embedding_hash = text_hash FROM job_posting WHERE id = :id"),
        {"id": first.posting_id},
    ).scalar_one()
    assert embedded
