"""Requirement 5, rotation: `wayfinder keys rotate` moves every stored token to the current key, can be re-run,
and leaves the old key unnecessary; `keys status` shows what is left on which key."""

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager

from sqlalchemy import Connection, text
from sqlmodel import Session
from typer.testing import CliRunner

from api.cli import app as cli
from api.services.key_rotation import key_status, rotate_all
from matcher.encoder import Encoder
from models.privacy.crypto import FieldCipher, Keyring, field_context, new_key_entry
from models.repositories import case_references
from models.repositories import encrypted_columns as enc
from tests.catalog_factories import add_job
from tests.factories import make_profile, make_recommendation, make_user

OLD, NEW = new_key_entry("old"), new_key_entry("new")
EXCLUSIONS = {"excluded_employers": ["Northwind Packing"], "excluded_industries": [], "excluded_zip3s": ["983"]}
NOTE = "Prefers mornings."
CASE = "HS-2026-0099"


def _seed_on_old_key(session: Session, encoder: Encoder) -> tuple[str, int]:
    """A profile whose three encrypted fields were written under the old key."""
    old = FieldCipher(Keyring.parse(OLD))
    user = make_user(session)
    profile = make_profile(session, org_id=user.org_id, created_by=user.id)
    rec = make_recommendation(session, profile=profile, actor=user, job_posting_id=add_job(session, encoder).id)
    p = profile.pseudonym
    conn = session.connection()
    token = old.encrypt_json(EXCLUSIONS, context=field_context("survivor_profile", "safety_exclusions", p))
    conn.execute(text("UPDATE survivor_profile SET safety_exclusions = :t WHERE pseudonym = :p"), {"t": token, "p": p})
    # review_decision is append-only: the seed writes its note the way 0004 and rotation do.
    note = old.encrypt(NOTE, context=field_context("review_decision", "note", str(rec.id)))
    conn.execute(text("ALTER TABLE review_decision DISABLE TRIGGER review_decision_append_only"))
    conn.execute(text("UPDATE review_decision SET note = :n WHERE recommendation_id = :r"), {"n": note, "r": rec.id})
    conn.execute(text("ALTER TABLE review_decision ENABLE TRIGGER review_decision_append_only"))
    case_references.put(session, pseudonym=p, org_id=profile.org_id, case_number=CASE, cipher=old)
    return p, rec.id or 0


def _in_savepoints(session: Session) -> Callable[[], AbstractContextManager[Connection]]:
    """Rotation's one-transaction-per-batch, as savepoints inside the test's rolled-back transaction."""

    @contextmanager
    def begin() -> Iterator[Connection]:
        with session.begin_nested():
            yield session.connection()

    return begin


def _tokens(session: Session, pseudonym: str, rec_id: int) -> list[str]:
    return list(
        session.connection()
        .execute(
            text(
                "SELECT safety_exclusions FROM survivor_profile WHERE pseudonym = :p UNION ALL "
                "SELECT note FROM review_decision WHERE recommendation_id = :r AND note IS NOT NULL UNION ALL "
                "SELECT ciphertext FROM case_reference WHERE pseudonym = :p"
            ),
            {"p": pseudonym, "r": rec_id},
        )
        .scalars()
    )


def test_rotation_moves_every_encrypted_column_to_the_new_key_and_is_rerunnable(
    session: Session, encoder: Encoder
) -> None:
    pseudonym, rec_id = _seed_on_old_key(session, encoder)
    rotating = FieldCipher(Keyring.parse(f"{NEW},{OLD}"))  # step 1: new key in front, old one kept
    assert all(t.startswith("v1.old.") for t in _tokens(session, pseudonym, rec_id))

    done = rotate_all(_in_savepoints(session), rotating, batch=1)
    assert all(n >= 1 for n in done.values()), done
    tokens = _tokens(session, pseudonym, rec_id)
    assert len(tokens) == 3 and all(t.startswith("v1.new.") for t in tokens)

    # Step 4: the old key can go; everything still reads with the new key alone.
    new_only = FieldCipher(Keyring.parse(NEW))
    exclusions, note, _ = tokens  # the case number is read back through its repository below
    assert (
        new_only.decrypt_json(exclusions, context=field_context("survivor_profile", "safety_exclusions", pseudonym))
        == EXCLUSIONS
    )
    assert new_only.decrypt(note, context=field_context("review_decision", "note", str(rec_id))) == NOTE
    assert case_references.get(session, pseudonym=pseudonym, cipher=new_only) == CASE
    key_id = (
        session.connection()
        .execute(text("SELECT key_id FROM case_reference WHERE pseudonym = :p"), {"p": pseudonym})
        .scalar_one()
    )
    assert key_id == "new"
    # The append-only trigger is back on after the rotation's update.
    enabled = (
        session.connection()
        .execute(text("SELECT tgenabled FROM pg_trigger WHERE tgname = 'review_decision_append_only'"))
        .scalar_one()
    )
    assert enabled == "O"

    assert rotate_all(_in_savepoints(session), rotating) == {c.name: 0 for c in enc.ENCRYPTED_COLUMNS}
    status = key_status(session.connection())
    assert all("old" not in per_kid for per_kid in status.values()), status
    assert all(per_kid.get("new", 0) >= 1 for per_kid in status.values()), status


def test_the_column_list_covers_every_column_holding_tokens(session: Session, encoder: Encoder) -> None:
    """A future encrypted column must be added to ENCRYPTED_COLUMNS, or rotation would skip it."""
    _seed_on_old_key(session, encoder)
    conn = session.connection()
    text_columns = conn.execute(
        text(
            "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public' "
            "AND data_type IN ('text', 'character varying')"
        )
    ).all()
    holding_tokens = {
        f"{t}.{c}"
        for t, c in text_columns
        if conn.execute(text(f'SELECT EXISTS (SELECT 1 FROM "{t}" WHERE "{c}" LIKE \'v1.old.%\')')).scalar_one()
    }
    assert holding_tokens == {c.name for c in enc.ENCRYPTED_COLUMNS}


def test_keys_new_prints_an_entry_the_keyring_accepts() -> None:
    result = CliRunner().invoke(cli, ["keys", "new", "--kid", "prod-2027"])
    assert result.exit_code == 0, result.output
    entry = result.output.strip()
    assert entry.startswith("prod-2027:")
    assert Keyring.parse(entry).current_kid == "prod-2027"
