"""consent records, retention and erasure (issue 6)

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-28

- consent: a named recipient, a purpose, a scope, an expiry (always) and a withdrawal time.
- referral: that a referral to a named recipient happened, under which consent.
- erase_survivor(): the one way rows of the append-only tables (audit_event, review_decision) can be
  deleted. It is SECURITY DEFINER with a fixed search_path, so it works the same when the application
  connects as a non-owner role under row-level security (0006). The append-only trigger now lets a
  DELETE through only when the PL/pgSQL call stack shows it comes from erase_survivor: a setting the
  application could set itself would not do. UPDATE stays refused always.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ERASE_SIGNATURE = "erase_survivor(text, integer, integer, text, text)"


def upgrade() -> None:
    op.create_table(
        "consent",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("profile_pseudonym", sa.String(length=32), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("recipient", sa.String(length=120), nullable=False),
        sa.Column("purpose", sa.String(length=40), nullable=False),
        sa.Column("scope", sa.String(length=40), nullable=False),
        sa.Column("granted_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("withdrawn_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("recorded_by", sa.Integer(), nullable=True),
        sa.Column("withdrawn_by", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["profile_pseudonym"], ["survivor_profile.pseudonym"]),
        sa.ForeignKeyConstraint(["org_id"], ["organization.id"]),
        sa.ForeignKeyConstraint(["recorded_by"], ["app_user.id"]),
        sa.ForeignKeyConstraint(["withdrawn_by"], ["app_user.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.CheckConstraint("expires_at > granted_at", name="ck_consent_expires"),
    )
    op.create_index(op.f("ix_consent_profile_pseudonym"), "consent", ["profile_pseudonym"], unique=False)
    op.create_index(op.f("ix_consent_org_id"), "consent", ["org_id"], unique=False)
    op.create_table(
        "referral",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("profile_pseudonym", sa.String(length=32), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("consent_id", sa.Integer(), nullable=True),
        sa.Column("recommendation_id", sa.Integer(), nullable=True),
        sa.Column("recipient", sa.String(length=120), nullable=False),
        sa.Column("purpose", sa.String(length=40), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["profile_pseudonym"], ["survivor_profile.pseudonym"]),
        sa.ForeignKeyConstraint(["org_id"], ["organization.id"]),
        sa.ForeignKeyConstraint(["consent_id"], ["consent.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["recommendation_id"], ["recommendation.id"]),
        sa.ForeignKeyConstraint(["created_by"], ["app_user.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_referral_profile_pseudonym"), "referral", ["profile_pseudonym"], unique=False)
    op.create_index(op.f("ix_referral_org_id"), "referral", ["org_id"], unique=False)
    _refuse_change_unless_erasing()
    _create_erase_function()


def _refuse_change_unless_erasing() -> None:
    op.execute(
        """
        CREATE OR REPLACE FUNCTION wayfinder_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
        DECLARE
            stack text;
        BEGIN
            IF TG_OP = 'DELETE' THEN
                GET DIAGNOSTICS stack = PG_CONTEXT;
                IF stack LIKE '%function erase_survivor(%' THEN
                    RETURN OLD;
                END IF;
            END IF;
            RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP
                USING ERRCODE = 'insufficient_privilege';
        END $$
        """
    )


def _create_erase_function() -> None:
    # The erasure entry keeps no pseudonym, only its SHA-256: a random 128-bit pseudonym cannot be
    # recovered from it, yet after a backup is restored the operator can find and erase again a
    # profile the backup brought back (see docs/operations.md).
    op.execute(
        """
        CREATE FUNCTION erase_survivor(
            p_pseudonym text, p_org_id integer, p_actor_user_id integer, p_actor_role text, p_reason text
        )
        RETURNS jsonb LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
        DECLARE
            rows jsonb := '{}'::jsonb;
            n integer;
            current_org integer := NULLIF(current_setting('app.org_id', true), '')::integer;
        BEGIN
            IF current_org IS NOT NULL AND current_org <> p_org_id THEN
                RAISE EXCEPTION 'erase_survivor: organization % is not the current one', p_org_id
                    USING ERRCODE = 'insufficient_privilege';
            END IF;
            -- Row-level security (0006) filters on app.org_id; the scheduled purge has none set.
            PERFORM set_config('app.org_id', p_org_id::text, true);
            IF NOT EXISTS (SELECT 1 FROM survivor_profile WHERE pseudonym = p_pseudonym AND org_id = p_org_id) THEN
                PERFORM set_config('app.org_id', coalesce(current_org::text, ''), true);
                RETURN NULL;
            END IF;
            DELETE FROM referral WHERE profile_pseudonym = p_pseudonym;
            GET DIAGNOSTICS n = ROW_COUNT; rows := rows || jsonb_build_object('referral', n);
            DELETE FROM consent WHERE profile_pseudonym = p_pseudonym;
            GET DIAGNOSTICS n = ROW_COUNT; rows := rows || jsonb_build_object('consent', n);
            DELETE FROM access_code WHERE profile_pseudonym = p_pseudonym;
            GET DIAGNOSTICS n = ROW_COUNT; rows := rows || jsonb_build_object('access_code', n);
            DELETE FROM review_decision WHERE recommendation_id IN
                (SELECT id FROM recommendation WHERE profile_pseudonym = p_pseudonym);
            GET DIAGNOSTICS n = ROW_COUNT; rows := rows || jsonb_build_object('review_decision', n);
            DELETE FROM recommendation WHERE profile_pseudonym = p_pseudonym;
            GET DIAGNOSTICS n = ROW_COUNT; rows := rows || jsonb_build_object('recommendation', n);
            DELETE FROM case_reference WHERE pseudonym = p_pseudonym;
            GET DIAGNOSTICS n = ROW_COUNT; rows := rows || jsonb_build_object('case_reference', n);
            DELETE FROM audit_event WHERE pseudonym = p_pseudonym;
            GET DIAGNOSTICS n = ROW_COUNT; rows := rows || jsonb_build_object('audit_event', n);
            DELETE FROM survivor_profile WHERE pseudonym = p_pseudonym;
            GET DIAGNOSTICS n = ROW_COUNT; rows := rows || jsonb_build_object('survivor_profile', n);
            INSERT INTO audit_event (at, actor_user_id, actor_role, org_id, pseudonym, action, purpose, detail)
            VALUES (now(), p_actor_user_id, p_actor_role, p_org_id, NULL, 'profile.erase', p_reason,
                    jsonb_build_object('pseudonym_sha256', encode(sha256(convert_to(p_pseudonym, 'UTF8')), 'hex'),
                                       'rows', rows));
            -- Back to what the caller had, so a purge can erase profiles of several organizations in turn.
            PERFORM set_config('app.org_id', coalesce(current_org::text, ''), true);
            RETURN rows;
        END $$
        """
    )
    # Only the owner and roles granted EXECUTE (0006 grants the application role) may call it.
    op.execute(f"REVOKE ALL ON FUNCTION {ERASE_SIGNATURE} FROM PUBLIC")


def downgrade() -> None:
    op.execute(f"DROP FUNCTION IF EXISTS {ERASE_SIGNATURE}")
    op.execute(
        """
        CREATE OR REPLACE FUNCTION wayfinder_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP
                USING ERRCODE = 'insufficient_privilege';
        END $$
        """
    )
    op.drop_index(op.f("ix_referral_org_id"), table_name="referral")
    op.drop_index(op.f("ix_referral_profile_pseudonym"), table_name="referral")
    op.drop_table("referral")
    op.drop_index(op.f("ix_consent_org_id"), table_name="consent")
    op.drop_index(op.f("ix_consent_profile_pseudonym"), table_name="consent")
    op.drop_table("consent")
