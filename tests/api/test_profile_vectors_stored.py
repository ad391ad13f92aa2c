"""A profile is embedded when it is saved; ranking it reads the stored vectors instead of calling the model,
and gives the same list as embedding it on the spot."""

from fastapi import FastAPI
from sqlalchemy import text
from sqlmodel import Session

from api.services.matching import get_matcher
from matcher.encoder import Encoder
from matcher.types import ProfileQuery
from models.profile import SurvivorProfile
from models.repositories import profile_vectors as vectors_repo
from models.repositories import profiles as profiles_repo
from tests.api.clients import signed_in
from tests.catalog_factories import add_job
from tests.factories import make_user, profile_fields
from tests.recording import RecordingEncoder

HISTORY = [
    {"title": "Line cook", "activities": "Cooked breakfast for 60 guests and kept the walk-in fridge stocked."},
    {"title": "Dishwasher", "activities": "Washed dishes and pans during the dinner rush."},
]


def _stored(session: Session, pseudonym: str) -> tuple[str | None, bool, bool]:
    row = (
        session.connection()
        .execute(
            text(
                "SELECT embedding_hash, embedding IS NOT NULL, parts_embedding IS NOT NULL "
                "FROM survivor_profile WHERE pseudonym = :p"
            ),
            {"p": pseudonym},
        )
        .one()
    )
    return row[0], row[1], row[2]


def test_saving_a_profile_embeds_it_and_ranking_then_needs_no_model_call(
    recording_app: FastAPI, session: Session, encoder: Encoder, recording_encoder: RecordingEncoder
) -> None:
    add_job(session, encoder, title="Prep Cook", description="Prep vegetables and cook breakfast.")
    client = signed_in(recording_app, make_user(session))
    created = client.post("/profiles", json=profile_fields(skills=["food safety"], work_history=HISTORY))
    assert created.status_code == 201, created.text
    pseudonym = created.json()["pseudonym"]
    key, whole, parts = _stored(session, pseudonym)
    assert key is not None and whole and parts  # several parts: their mean is stored too
    assert any("Cooked breakfast" in t for t in recording_encoder.seen)

    recording_encoder.seen.clear()
    get_matcher(recording_app.state.resources).profile_vectors.clear()  # not this process's cache: the row
    matched = client.post(f"/profiles/{pseudonym}/matches", params={"kind": "job", "top_k": 5})
    assert matched.status_code == 200 and matched.json()
    assert recording_encoder.seen == []

    # An edit makes the stored vectors stale; the saved edit embeds the new text.
    edited = client.put(
        f"/profiles/{pseudonym}", json=profile_fields(skills=[], interests=[], work_history=HISTORY[:1])
    )
    assert edited.status_code == 200, edited.text
    new_key, _, parts_after = _stored(session, pseudonym)
    assert new_key not in (None, key) and not parts_after  # one part now: no separate mean


def test_stored_vectors_rank_exactly_like_embedding_on_the_spot(
    app: FastAPI, session: Session, encoder: Encoder
) -> None:
    for title, description in (
        ("Prep Cook", "Prep vegetables and cook breakfast."),
        ("Dishwasher", "Wash dishes and pans."),
        ("Warehouse Associate", "Pick and pack orders."),
    ):
        add_job(session, encoder, title=title, description=description)
    client = signed_in(app, make_user(session))
    pseudonym = client.post("/profiles", json=profile_fields(work_history=HISTORY)).json()["pseudonym"]
    resources = app.state.resources
    matcher = get_matcher(resources)
    row = session.get(SurvivorProfile, pseudonym)
    assert row is not None
    query = ProfileQuery.from_profile(profiles_repo.record(session, row, cipher=resources.privacy.cipher))
    stored = vectors_repo.load(session, pseudonym)
    assert stored is not None and stored.vectors.shape[0] == 2
    conn = session.connection()
    on_the_spot = matcher.rank(conn, query, "job", 3)  # embeds every part (this process's cache path)
    from_store = matcher.rank(conn, query, "job", 3, profile_vec=stored.vectors)
    assert len(on_the_spot) == 3
    assert [m.candidate.item_id for m in from_store] == [m.candidate.item_id for m in on_the_spot]
    assert [round(m.score, 5) for m in from_store] == [round(m.score, 5) for m in on_the_spot]
