"""Requirement 5: notes, safety exclusions and case numbers are encrypted in the application (AES-GCM), with
the key outside the database; a raw read shows no plaintext, while the right caseworker still sees them."""

import base64

import pytest
from fastapi import FastAPI
from sqlalchemy import text
from sqlmodel import Session

from matcher.encoder import Encoder
from models.privacy.crypto import DecryptionError
from models.privacy.tools import PrivacyTools
from models.repositories import profiles as profile_repo
from tests.api.clients import signed_in
from tests.catalog_factories import add_job
from tests.factories import make_user, profile_fields

EMPLOYER = "Northwind Packing"
INDUSTRY = "Massage parlors"
ZIP3 = "983"
CASE_NUMBER = "HS-2026-0099"
NOTE = "Prefers mornings; check bus route 150 before sharing."
SECRETS = [EMPLOYER, INDUSTRY, CASE_NUMBER, NOTE, "bus route"]


def _raw_dump(session: Session, pseudonym: str) -> str:
    """Every row of the person's, every column, as the database itself returns it."""
    conn = session.connection()
    parts = [
        conn.execute(text(sql), {"p": pseudonym}).scalar_one()
        for sql in (
            "SELECT row_to_json(t)::text FROM survivor_profile t WHERE pseudonym = :p",
            "SELECT coalesce(json_agg(c)::text, '') FROM case_reference c WHERE pseudonym = :p",
            "SELECT coalesce(json_agg(r)::text, '') FROM recommendation r WHERE profile_pseudonym = :p",
            "SELECT coalesce(json_agg(d)::text, '') FROM review_decision d JOIN recommendation r "
            "ON r.id = d.recommendation_id WHERE r.profile_pseudonym = :p",
            "SELECT coalesce(json_agg(a)::text, '') FROM audit_event a WHERE a.pseudonym = :p",
        )
    ]
    return "\n".join(parts)


def test_req5_raw_database_read_shows_no_plaintext(
    app: FastAPI, session: Session, encoder: Encoder, privacy: PrivacyTools
) -> None:
    excluded_job = add_job(session, encoder, employer_name="Northwind Packing LLC", title="Forklift Operator")
    fine_job = add_job(session, encoder, employer_name="Cascade Logistics", title="Forklift Operator")
    owner = make_user(session)
    client = signed_in(app, owner)
    body = profile_fields(
        excluded_employers=[EMPLOYER], excluded_industries=[INDUSTRY], excluded_zip3s=[ZIP3], case_number=CASE_NUMBER
    )
    created = client.post("/profiles", json=body)
    assert created.status_code == 201, created.text
    p = created.json()["pseudonym"]
    matches = client.post(f"/profiles/{p}/matches", params={"kind": "job", "top_k": 20}).json()
    ids = {m["item_id"] for m in matches}
    # Decrypted for ranking: the excluded employer's posting is never proposed, the other one is.
    assert excluded_job.id not in ids and fine_job.id in ids
    rec_id = next(m["id"] for m in matches if m["item_id"] == fine_job.id)
    assert (
        client.post(f"/recommendations/{rec_id}/decisions", json={"action": "approve", "note": NOTE}).status_code == 200
    )

    raw = _raw_dump(session, p)
    assert [s for s in SECRETS if s.lower() in raw.lower()] == []
    assert '"excluded_zip3s"' not in raw and f'"{ZIP3}"' not in raw
    tokens = (
        session.connection()
        .execute(
            text(
                "SELECT safety_exclusions FROM survivor_profile WHERE pseudonym = :p UNION ALL "
                "SELECT ciphertext FROM case_reference WHERE pseudonym = :p UNION ALL "
                "SELECT d.note FROM review_decision d WHERE d.recommendation_id = :r AND d.note IS NOT NULL"
            ),
            {"p": p, "r": rec_id},
        )
        .scalars()
        .all()
    )
    assert len(tokens) == 3 and all(t.startswith(f"v1.{privacy.cipher.keyring.current_kid}.") for t in tokens)
    # The key is not in the database: neither its bytes in base64 nor anything but its id.
    key_b64 = base64.b64encode(privacy.cipher.keyring.key(privacy.cipher.keyring.current_kid)).decode()
    assert key_b64 not in raw

    # The right caseworker still reads them in clear.
    shown = client.get(f"/profiles/{p}").json()
    assert (shown["excluded_employers"], shown["excluded_industries"], shown["excluded_zip3s"]) == (
        [EMPLOYER],
        [INDUSTRY],
        [ZIP3],
    )
    assert shown["case_number"] == CASE_NUMBER
    recs = client.get(f"/profiles/{p}/recommendations", params={"status": "approved"}).json()["items"]
    assert [r["last_note"] for r in recs] == [NOTE]
    assert client.get(f"/recommendations/{rec_id}/history").json()["items"][-1]["note"] == NOTE
    # Anyone else gets nothing.
    assert signed_in(app, make_user(session)).get(f"/profiles/{p}").status_code == 404


def test_req5_a_ciphertext_moved_to_another_person_does_not_decrypt(
    app: FastAPI, session: Session, privacy: PrivacyTools
) -> None:
    """Each token is bound to its row: pasting one person's exclusions onto another's row fails loudly."""
    owner = make_user(session)
    client = signed_in(app, owner)
    a = client.post("/profiles", json=profile_fields(excluded_employers=[EMPLOYER])).json()["pseudonym"]
    b = client.post("/profiles", json=profile_fields()).json()["pseudonym"]
    conn = session.connection()
    conn.execute(
        text(
            "UPDATE survivor_profile SET safety_exclusions = "
            "(SELECT safety_exclusions FROM survivor_profile WHERE pseudonym = :a) WHERE pseudonym = :b"
        ),
        {"a": a, "b": b},
    )
    row = profile_repo.get_in_org(session, pseudonym=b, org_id=owner.org_id)
    assert row is not None
    session.refresh(row)
    with pytest.raises(DecryptionError):
        profile_repo.record(session, row, cipher=privacy.cipher)
