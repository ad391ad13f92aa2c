"""Requirement 4: free text is scrubbed of personal data before it is stored or embedded.

Seeded through the API (work history, a review note), then looked for where it could end up: the raw
database rows, the decrypted note, and every text the encoder was handed.
"""

from fastapi import FastAPI
from sqlalchemy import text
from sqlmodel import Session

from matcher.encoder import Encoder
from models.privacy.tools import PrivacyTools
from tests.api.clients import signed_in
from tests.catalog_factories import add_job
from tests.factories import make_user, profile_fields
from tests.privacy import seeded
from tests.recording import RecordingEncoder


def test_req4_seeded_pii_is_scrubbed_before_store_and_embed(
    recording_app: FastAPI, session: Session, encoder: Encoder, recording_encoder: RecordingEncoder
) -> None:
    add_job(session, encoder, title="Kitchen Helper", description="Wash dishes and prep vegetables.")
    client = signed_in(recording_app, make_user(session))
    body = profile_fields(
        work_history=[{"title": seeded.WORK_TITLE, "activities": seeded.WORK_ACTIVITIES}],
        goals=["call Maria Lopez at 713-555-0142"],
    )
    created = client.post("/profiles", json=body)
    assert created.status_code == 201, created.text
    p = created.json()["pseudonym"]
    assert seeded.found_in(created.text) == []
    work = created.json()["work_history"][0]
    # Scrubbed, not emptied: the work itself is still there for matching.
    assert "[NAME]" in work["title"] and "Kitchen helper" in work["title"]
    assert "Washed dishes" in work["activities"] and "[ADDRESS]" in work["activities"]

    matches = client.post(f"/profiles/{p}/matches", params={"kind": "job", "top_k": 5})
    assert matches.status_code == 200 and matches.json()
    rec_id = matches.json()[0]["id"]
    decided = client.post(f"/recommendations/{rec_id}/decisions", json={"action": "approve", "note": seeded.NOTE})
    assert decided.status_code == 200, decided.text
    note = decided.json()["last_note"]
    assert note and "Talked it through" in note and seeded.found_in(note) == []

    # Stored: the raw rows, every column as text.
    conn = session.connection()
    raw = " ".join(
        conn.execute(text(sql), {"p": p}).scalar_one()
        for sql in (
            "SELECT row_to_json(t)::text FROM survivor_profile t WHERE pseudonym = :p",
            "SELECT coalesce(json_agg(d)::text, '') FROM review_decision d JOIN recommendation r "
            "ON r.id = d.recommendation_id WHERE r.profile_pseudonym = :p",
            "SELECT coalesce(json_agg(a)::text, '') FROM audit_event a WHERE a.pseudonym = :p",
        )
    )
    assert seeded.found_in(raw) == []
    # Embedded: everything the encoder saw, which did include the scrubbed work history.
    assert any("Washed dishes" in t for t in recording_encoder.seen)
    assert seeded.found_in(" ".join(recording_encoder.seen)) == []


def test_req4_note_history_is_scrubbed(app: FastAPI, session: Session, encoder: Encoder) -> None:
    from tests.factories import make_profile, make_recommendation

    cw = make_user(session)
    profile = make_profile(session, org_id=cw.org_id, created_by=cw.id)
    rec = make_recommendation(session, profile=profile, actor=cw, job_posting_id=add_job(session, encoder).id)
    client = signed_in(app, cw)
    r = client.post(
        f"/recommendations/{rec.id}/decisions",
        json={"action": "reject", "reason_code": "not_a_fit", "note": seeded.NOTE},
    )
    assert r.status_code == 200, r.text
    history = client.get(f"/recommendations/{rec.id}/history").json()["items"]
    assert history[-1]["note"].startswith("Talked it through") and seeded.found_in(r.text + str(history)) == []


def test_req4_the_app_cannot_run_without_a_scrubber(privacy: PrivacyTools) -> None:
    """No degraded mode: resources without privacy tools refuse, rather than store unscrubbed text."""
    import pytest

    from api.resources import Resources

    bare = Resources(settings=None, engine=None, encoder=None)  # type: ignore[arg-type]
    with pytest.raises(RuntimeError, match="scrubber and field cipher are not loaded"):
        bare.privacy
    assert Resources(settings=None, engine=None, privacy_tools=privacy).privacy is privacy  # type: ignore[arg-type]


def test_req4_preview_text_is_scrubbed_before_embedding(
    recording_app: FastAPI, session: Session, encoder: Encoder, recording_encoder: RecordingEncoder
) -> None:
    """`/matches/preview` stores nothing, but what it embeds is scrubbed all the same."""
    add_job(session, encoder, title="Kitchen Helper", description="Wash dishes and prep vegetables.")
    body = {
        "skills": ["dishwashing"],
        "work_history": [{"title": seeded.WORK_TITLE, "activities": seeded.WORK_ACTIVITIES}],
        "interests": ["kitchens near Hope House"],
    }
    response = signed_in(recording_app, make_user(session)).post("/matches/preview", json=body)
    assert response.status_code == 200 and response.json()
    assert any("Washed dishes" in t for t in recording_encoder.seen)
    assert seeded.found_in(" ".join(recording_encoder.seen)) == []
