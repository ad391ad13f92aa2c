"""COPY rows into a staging table, then one INSERT .. ON CONFLICT: the fast path for imports."""

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from psycopg import sql
from sqlalchemy import Connection


@dataclass(frozen=True)
class UpsertSpec:
    """How one catalog table is upserted from staged rows."""

    table: str
    columns: Sequence[tuple[str, str]]  # (name, PostgreSQL type) of the staged values
    key: Sequence[str]  # natural key: the ON CONFLICT target
    # Extra INSERT columns computed in SQL from the staging row `s`, e.g. a joined foreign key.
    computed: Sequence[tuple[str, str]] = ()
    joins: str = ""
    # Columns whose value on update is an SQL expression over the stored row and EXCLUDED instead of the
    # staged value, e.g. a status that only staff may change.
    on_update: Sequence[tuple[str, str]] = ()


@dataclass(frozen=True)
class UpsertCounts:
    inserted: int
    updated: int
    unchanged: int


def copy_upsert(conn: Connection, spec: UpsertSpec, rows: Sequence[Sequence[Any]]) -> UpsertCounts:
    """Insert new rows and update rows whose content_hash changed; unchanged rows are not touched."""
    if not rows:
        return UpsertCounts(0, 0, 0)
    raw = conn.connection.dbapi_connection
    assert raw is not None
    names = [name for name, _ in spec.columns]
    # text[] values are staged as ready-made array literals (cast back in the INSERT): psycopg's list dumper is
    # pure Python and was about half of the COPY's cost, while the same few lists (employment types, shifts,
    # days, hiring paths) come back row after row and are formatted once (issue 14).
    arrays = [i for i, (_, pg_type) in enumerate(spec.columns) if pg_type == "text[]"]
    staged_types = ["text" if pg_type == "text[]" else pg_type for _, pg_type in spec.columns]
    stage = sql.Identifier(f"stage_{spec.table}")
    with raw.cursor() as cur:  # type: ignore[attr-defined]
        cur.execute(
            sql.SQL("CREATE TEMP TABLE {} ({}) ON COMMIT DROP").format(
                stage,
                sql.SQL(", ").join(
                    sql.SQL("{} {}").format(sql.Identifier(n), sql.SQL(t))
                    for n, t in zip(names, staged_types, strict=True)
                ),
            )
        )
        copy_stmt = sql.SQL("COPY {} ({}) FROM STDIN").format(stage, sql.SQL(", ").join(map(sql.Identifier, names)))
        with cur.copy(copy_stmt) as copy:
            copy.set_types(staged_types)
            if arrays:
                for row in rows:
                    values = list(row)
                    for i in arrays:
                        values[i] = array_literal(values[i])
                    copy.write_row(values)
            else:
                for row in rows:
                    copy.write_row(row)
        target_cols = [n for n in names if n not in _STAGE_ONLY] + [n for n, _ in spec.computed]
        array_names = {names[i] for i in arrays}
        select_cols: list[sql.Composable] = [
            sql.SQL("CAST(s.{} AS text[])" if n in array_names else "s.{}").format(sql.Identifier(n))
            for n in names
            if n not in _STAGE_ONLY
        ]
        select_cols += [sql.SQL(expr) for _, expr in spec.computed]
        updatable = [n for n in target_cols if n not in spec.key]
        overrides = dict(spec.on_update)
        cur.execute(
            sql.SQL(
                "INSERT INTO {table} ({cols}, created_at, updated_at) "
                "SELECT {select}, now(), now() FROM {stage} s {joins} "
                "ON CONFLICT ({key}) DO UPDATE SET {sets}, updated_at = now() "
                "WHERE {table}.content_hash IS DISTINCT FROM EXCLUDED.content_hash "
                "RETURNING (xmax = 0)"
            ).format(
                table=sql.Identifier(spec.table),
                cols=sql.SQL(", ").join(map(sql.Identifier, target_cols)),
                select=sql.SQL(", ").join(select_cols),
                stage=stage,
                joins=sql.SQL(spec.joins),
                key=sql.SQL(", ").join(map(sql.Identifier, spec.key)),
                sets=sql.SQL(", ").join(
                    sql.SQL("{} = {}").format(
                        sql.Identifier(n),
                        sql.SQL(overrides[n]) if n in overrides else sql.SQL("EXCLUDED.{}").format(sql.Identifier(n)),
                    )
                    for n in updatable
                ),
            )
        )
        flags = [bool(r[0]) for r in cur.fetchall()]
        cur.execute(sql.SQL("DROP TABLE {}").format(stage))
    inserted = sum(flags)
    return UpsertCounts(inserted=inserted, updated=len(flags) - inserted, unchanged=len(rows) - len(flags))


def array_literal(values: Sequence[str | None] | None) -> str | None:
    """PostgreSQL's text form of a text[] value: every element double-quoted with backslash escapes, so commas,
    braces, quotes, spaces and the word NULL inside an element stay text; a None element is NULL."""
    return None if values is None else _literal(tuple(values))


@lru_cache(maxsize=4096)  # distinct lists kept; a file of all-distinct skill lists only cycles the cache
def _literal(values: tuple[str | None, ...]) -> str:
    return (
        "{"
        + ",".join("NULL" if v is None else '"' + v.replace("\\", "\\\\").replace('"', '\\"') + '"' for v in values)
        + "}"
    )


# Staged only to compute joins (e.g. the employer's name key); not a column of the target table.
_STAGE_ONLY = frozenset({"org_name_key"})
