"""The columns that hold AES-GCM tokens, and the SQL that key rotation needs (docs/key-rotation.md).

One list, so `wayfinder keys status` and `wayfinder keys rotate` cannot forget a column: a test
checks it against every column whose stored values look like tokens.
"""

from dataclasses import dataclass

from sqlalchemy import Connection, text


@dataclass(frozen=True)
class EncryptedColumn:
    table: str
    column: str
    pk: str  # the row's primary key column
    row_key: str  # SQL giving the row key bound into the token's context (see models.privacy.crypto)
    kid_column: str | None = None  # a column that records the key id beside the token
    # A trigger refusing UPDATE (append-only tables): lifted inside the rotation transaction only.
    append_only_trigger: str | None = None

    @property
    def name(self) -> str:
        return f"{self.table}.{self.column}"


ENCRYPTED_COLUMNS: tuple[EncryptedColumn, ...] = (
    EncryptedColumn("survivor_profile", "safety_exclusions", pk="pseudonym", row_key="pseudonym"),
    EncryptedColumn(
        "review_decision",
        "note",
        pk="id",
        row_key="recommendation_id::text",
        append_only_trigger="review_decision_append_only",
    ),
    EncryptedColumn("case_reference", "ciphertext", pk="pseudonym", row_key="pseudonym", kid_column="key_id"),
)

# Table and column names below come from ENCRYPTED_COLUMNS only; values are bound parameters.


def count_by_key(conn: Connection, col: EncryptedColumn) -> dict[str, int]:
    """How many stored tokens each key id encrypted."""
    rows = conn.execute(
        text(
            f"SELECT split_part({col.column}, '.', 2) AS kid, count(*) FROM {col.table} "  # noqa: S608
            f"WHERE {col.column} IS NOT NULL GROUP BY 1 ORDER BY 1"
        )
    ).all()
    return {str(kid): int(n) for kid, n in rows}


def stale_batch(conn: Connection, col: EncryptedColumn, *, current_kid: str, limit: int) -> list[tuple[str, str, str]]:
    """Up to `limit` rows whose token is not on `current_kid`: (primary key, context row key, token)."""
    rows = conn.execute(
        text(
            f"SELECT {col.pk}::text AS pk, {col.row_key} AS row_key, {col.column} AS token FROM {col.table} "  # noqa: S608
            f"WHERE {col.column} IS NOT NULL AND split_part({col.column}, '.', 2) <> :kid "
            f"ORDER BY {col.table}.{col.pk} LIMIT :limit"
        ),
        {"kid": current_kid, "limit": limit},
    ).all()
    return [(str(pk), str(key), str(token)) for pk, key, token in rows]


def write_tokens(conn: Connection, col: EncryptedColumn, rows: list[tuple[str, str]], *, kid: str) -> None:
    """Store re-encrypted tokens: (primary key, token) pairs, all under key `kid`."""
    if not rows:
        return
    kid_set = f", {col.kid_column} = :kid" if col.kid_column else ""
    if col.append_only_trigger:
        conn.execute(text(f"ALTER TABLE {col.table} DISABLE TRIGGER {col.append_only_trigger}"))
    conn.execute(
        text(
            f"UPDATE {col.table} SET {col.column} = :token{kid_set} WHERE {col.pk}::text = :pk"  # noqa: S608
        ),
        [{"token": token, "pk": pk, "kid": kid} for pk, token in rows],
    )
    if col.append_only_trigger:
        conn.execute(text(f"ALTER TABLE {col.table} ENABLE TRIGGER {col.append_only_trigger}"))
