"""encrypted sensitive fields (issue 6: minimization and encryption)

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-28

- survivor_profile: the three plaintext exclusion arrays become one AES-GCM token, `safety_exclusions`.
- review_decision.note: same column, now holds a token.
- case_reference: the agency's case number, encrypted, apart from the profile (org_id for row-level security).

The key is outside the database, so existing plaintext is encrypted here in Python with the configured
keyring (models.privacy.crypto: WAYFINDER_FIELD_KEYS or the key file). An empty database needs no key;
one holding exclusions or notes needs it, and the migration stops with the key error otherwise.
Downgrade decrypts the same way.
"""

from collections.abc import Callable, Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

from models.privacy.crypto import FieldCipher, field_context

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

EXCLUSIONS = ("excluded_employers", "excluded_industries", "excluded_zip3s")


def _cipher() -> FieldCipher:
    from models.privacy.crypto import load_field_cipher
    from models.settings import get_settings

    settings = get_settings()
    return load_field_cipher(home=settings.home, env=settings.env)


def _note_context(recommendation_id: int) -> str:
    return field_context("review_decision", "note", str(recommendation_id))


def upgrade() -> None:
    conn = op.get_bind()
    op.add_column("survivor_profile", sa.Column("safety_exclusions", sa.Text(), nullable=True))
    profiles = conn.execute(sa.text(f"SELECT pseudonym, {', '.join(EXCLUSIONS)} FROM survivor_profile")).all()  # noqa: S608
    notes = conn.execute(
        sa.text("SELECT id, recommendation_id, note FROM review_decision WHERE note IS NOT NULL")
    ).all()
    cipher = _cipher() if profiles or notes else None
    for pseudonym, employers, industries, zip3s in profiles:
        assert cipher is not None
        value = {"excluded_employers": employers, "excluded_industries": industries, "excluded_zip3s": zip3s}
        token = cipher.encrypt_json(value, context=field_context("survivor_profile", "safety_exclusions", pseudonym))
        conn.execute(
            sa.text("UPDATE survivor_profile SET safety_exclusions = :t WHERE pseudonym = :p"),
            {"t": token, "p": pseudonym},
        )
    for name in EXCLUSIONS:
        op.drop_column("survivor_profile", name)
    _rewrite_notes(notes, lambda rid, note: cipher.encrypt(note, context=_note_context(rid)) if cipher else note)

    op.create_table(
        "case_reference",
        sa.Column("pseudonym", sa.String(length=32), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("ciphertext", sa.Text(), nullable=False),
        sa.Column("key_id", sa.String(length=32), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["pseudonym"], ["survivor_profile.pseudonym"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["org_id"], ["organization.id"]),
        sa.PrimaryKeyConstraint("pseudonym"),
    )
    op.create_index(op.f("ix_case_reference_org_id"), "case_reference", ["org_id"], unique=False)


def _rewrite_notes(rows: Sequence[Any], convert: Callable[[int, str], str]) -> None:
    """review_decision is append-only (a trigger refuses UPDATE); the migration, as owner, lifts it briefly."""
    if not rows:
        return
    conn = op.get_bind()
    op.execute("ALTER TABLE review_decision DISABLE TRIGGER review_decision_append_only")
    for row_id, rec_id, note in rows:
        conn.execute(
            sa.text("UPDATE review_decision SET note = :n WHERE id = :id"),
            {"n": convert(rec_id, note), "id": row_id},
        )
    op.execute("ALTER TABLE review_decision ENABLE TRIGGER review_decision_append_only")


def downgrade() -> None:
    conn = op.get_bind()
    op.drop_index(op.f("ix_case_reference_org_id"), table_name="case_reference")
    op.drop_table("case_reference")  # case numbers are not kept in clear anywhere: they go with the table
    for name in EXCLUSIONS:
        op.add_column("survivor_profile", sa.Column(name, sa.ARRAY(sa.String()), server_default="{}", nullable=False))
    profiles = conn.execute(
        sa.text("SELECT pseudonym, safety_exclusions FROM survivor_profile WHERE safety_exclusions IS NOT NULL")
    ).all()
    notes = conn.execute(
        sa.text("SELECT id, recommendation_id, note FROM review_decision WHERE note IS NOT NULL")
    ).all()
    cipher = _cipher() if profiles or notes else None
    for pseudonym, token in profiles:
        assert cipher is not None
        value = cipher.decrypt_json(token, context=field_context("survivor_profile", "safety_exclusions", pseudonym))
        conn.execute(
            sa.text(
                "UPDATE survivor_profile SET excluded_employers = :e, excluded_industries = :i, excluded_zip3s = :z "
                "WHERE pseudonym = :p"
            ),
            {
                "e": value.get("excluded_employers", []),
                "i": value.get("excluded_industries", []),
                "z": value.get("excluded_zip3s", []),
                "p": pseudonym,
            },
        )
    op.drop_column("survivor_profile", "safety_exclusions")
    _rewrite_notes(notes, lambda rid, note: cipher.decrypt(note, context=_note_context(rid)) if cipher else note)
