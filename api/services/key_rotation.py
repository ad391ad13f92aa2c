"""Re-encrypt stored fields under the current key (docs/key-rotation.md, step 2), and report progress.

Operator work, not a request: it runs per organization so row-level security applies to it like to
the app (a superuser connection sees everything anyway), in short transactions of `batch` rows, and
can be stopped and re-run at any point: a token already on the current key is never touched.
"""

from collections.abc import Callable
from contextlib import AbstractContextManager

from sqlalchemy import Connection

from models.privacy.crypto import FieldCipher, field_context
from models.repositories import case_references, tenancy
from models.repositories import encrypted_columns as enc

Begin = Callable[[], AbstractContextManager[Connection]]  # one transaction per call (engine.begin)
Progress = Callable[[str, int], None]
LOOKUPS = "case_reference.lookup_hash"


def key_status(conn: Connection) -> dict[str, dict[str, int]]:
    """Tokens per key id for every encrypted column, summed over organizations."""
    status: dict[str, dict[str, int]] = {c.name: {} for c in enc.ENCRYPTED_COLUMNS}
    for org_id in tenancy.organization_ids(conn):
        tenancy.bind_connection(conn, org_id)
        for col in enc.ENCRYPTED_COLUMNS:
            for kid, n in enc.count_by_key(conn, col).items():
                status[col.name][kid] = status[col.name].get(kid, 0) + n
        # A superuser sees every row under any binding: count once, not once per organization.
        if tenancy.bypasses_row_security(conn):
            break
    return status


def rotate_all(
    begin: Begin, cipher: FieldCipher, *, batch: int = 500, progress: Progress | None = None
) -> dict[str, int]:
    """Re-encrypt every token not on the cipher's current key; returns rows rewritten per column."""
    kid = cipher.keyring.current_kid
    with begin() as conn:
        org_ids = tenancy.organization_ids(conn)
    done = {c.name: 0 for c in enc.ENCRYPTED_COLUMNS}
    for org_id in org_ids:
        for col in enc.ENCRYPTED_COLUMNS:
            while True:
                with begin() as conn:
                    tenancy.bind_connection(conn, org_id)
                    stale = enc.stale_batch(conn, col, current_kid=kid, limit=batch)
                    fresh = [
                        (pk, cipher.rotate(token, context=field_context(col.table, col.column, row_key)))
                        for pk, row_key, token in stale
                    ]
                    enc.write_tokens(conn, col, fresh, kid=kid)
                if not stale:
                    break
                done[col.name] += len(stale)
                if progress is not None:
                    progress(col.name, done[col.name])
        # Case-number lookup hashes are keyed too: rehash them, so the old key can be retired.
        while True:
            with begin() as conn:
                tenancy.bind_connection(conn, org_id)
                n = case_references.index_lookups(conn, org_id=org_id, cipher=cipher, missing_only=False, limit=batch)
            if not n:
                break
            done[LOOKUPS] = done.get(LOOKUPS, 0) + n
            if progress is not None:
                progress(LOOKUPS, done[LOOKUPS])
    return done
