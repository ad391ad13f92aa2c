"""The stand-in bulk of bench/match_scale.py's catalog, made in SQL from a few thousand imported rows.

Each copy is a new row with its seed's text and a JITTERED vector, normalize(v + sigma * gaussian), as in
bench/pg_retrieval.py: one text posted in many towns. Exact duplicate vectors would be pathological for an
HNSW graph (ties everywhere) and unlike a real catalog. Every copy also draws its own area (zip3 from a
Zipf-skewed list of real three-digit areas, with the state it belongs to), a remote share without an area,
pay (or none), an end date (none, past: expired by the clock, or ahead), a status (a few held or closed) and
an industry, so the profile's filters pass a realistic, uneven share of rows.

Plain SQL on a connection (INSERT ... SELECT over generate_series, in chunks): no project code is needed
except the tables, so tests/bench/test_scale_catalog.py checks what it writes on a few hundred rows.
"""

import random
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import Connection, text

# Three-digit ZIP areas by state (real ranges; gaps inside a range do not matter here).
STATE_RANGES: dict[str, tuple[int, int]] = {
    "WA": (980, 994),
    "OR": (970, 979),
    "CA": (900, 961),
    "AZ": (850, 865),
    "TX": (750, 799),
    "IL": (600, 629),
    "NY": (100, 149),
    "FL": (320, 349),
    "GA": (300, 319),
    "PA": (150, 196),
    "OH": (430, 458),
    "MI": (480, 499),
    "NC": (270, 289),
    "MN": (550, 567),
    "CO": (800, 816),
    "MA": (10, 27),
}
INDUSTRIES = [
    "Warehousing and Storage",
    "Food Services",
    "Health Care",
    "Retail Trade",
    "Construction",
    "Accommodation",
    "Administrative and Support Services",
    "Manufacturing",
    "Transportation",
    "Educational Services",
    "Security Services",
    "Finance and Insurance",
]
# How many copies one INSERT writes: one statement (and one change-log entry per row) at a time, so a
# million rows print progress and no transaction holds the whole load.
CHUNK = 50_000
SLOTS = 10_000


@dataclass(frozen=True)
class Mix:
    """Shares the copies draw; the defaults are what the bench's output states."""

    sigma: float = 0.02  # jitter: mean cosine of a copy to its seed about 0.93 at 384 dimensions
    remote: float = 0.06  # remote postings (online programs): no area
    no_pay: float = 0.35  # postings publishing no pay
    no_end: float = 0.20  # no end date
    expired: float = 0.10  # end date already past (expired by the clock: a filter, not a status)
    held: float = 0.03
    closed: float = 0.05
    zipf: float = 1.0  # area weight 1 / rank**zipf


def areas(seed: int = 11) -> list[tuple[str, str]]:
    """(zip3, state) pairs, in a fixed shuffled order: the first is the largest under the Zipf weights."""
    out = [(f"{z:03d}", state) for state, (lo, hi) in STATE_RANGES.items() for z in range(lo, hi + 1)]
    random.Random(seed).shuffle(out)
    return out


def area_weights(n: int, zipf: float) -> list[float]:
    raw = [1.0 / (rank**zipf) for rank in range(1, n + 1)]
    total = sum(raw)
    return [w / total for w in raw]


def area_slots(n: int, zipf: float, slots: int = SLOTS) -> list[int]:
    """A lookup table of 1-based area numbers, each repeated in proportion to its weight (at least once):
    a uniform draw of a slot is a Zipf-skewed draw of an area, cheap inside SQL."""
    weights = area_weights(n, zipf)
    # The table's length is about `slots` (rounding); SQL reads its length, so nothing is cut off.
    return [i + 1 for i, w in enumerate(weights) for _ in range(max(1, round(w * slots)))]


def _columns(conn: Connection, table: str) -> list[str]:
    return [
        str(c)
        for c in conn.execute(
            text(
                "SELECT column_name FROM information_schema.columns WHERE table_name = :t "
                "AND column_name <> 'id' AND is_generated = 'NEVER' ORDER BY ordinal_position"
            ),
            {"t": table},
        ).scalars()
    ]


def _params(mix: Mix, seed_ids: list[int]) -> dict[str, object]:
    pairs = areas()
    return {
        "seed_ids": seed_ids,
        "nseed": len(seed_ids),
        "zips": [z for z, _ in pairs],
        "states": [s for _, s in pairs],
        "slots": area_slots(len(pairs), mix.zipf),
        "industries": INDUSTRIES,
        "sigma": mix.sigma,
        "remote": mix.remote,
        "no_pay": mix.no_pay,
        "no_end": mix.no_end,
        "expired": mix.expired,
        "held": mix.held,
        "closed": mix.closed,
    }


# Per-row draws in a subquery whose select list is volatile: PostgreSQL does not pull such a subquery up, so
# each random() runs once per row and the area's zip3 and state come from the same draw.
_DRAWS = """
    SELECT d.*, (CAST(:slots AS int[]))[1 + floor(d.ua * cardinality(CAST(:slots AS int[])))::int] AS area
    FROM (
        SELECT g, g % CAST(:nseed AS bigint) AS k, random() AS ua, random() AS ur, random() AS up, random() AS up2,
               random() AS ue, random() AS us, random() AS ui
        FROM generate_series(CAST(:lo AS bigint), CAST(:hi AS bigint)) g
    ) d
"""
_SEEDS = "SELECT row_number() OVER (ORDER BY id) - 1 AS k, * FROM {table} WHERE id = ANY(:seed_ids)"
# normalize(v + sigma * gaussian), one fresh gaussian per row (the subquery reads d.g, so it is re-run per row).
_JITTER = (
    "l2_normalize(p.embedding + (SELECT CAST(array_agg(random_normal(0, :sigma)) AS vector) "
    "FROM generate_series(1, vector_dims(p.embedding) + 0 * d.g)))"
)
_STATUS = "CASE WHEN d.us < :held THEN 'held' WHEN d.us < :held + :closed THEN 'closed' ELSE 'active' END"
_IS_REMOTE = "d.ur < :remote"
_ZIP3 = "CASE WHEN d.ur < :remote THEN NULL ELSE (CAST(:zips AS text[]))[d.area] END"
_STATE = "CASE WHEN d.ur < :remote THEN NULL ELSE (CAST(:states AS text[]))[d.area] END"
_PAY = "round(CAST(15 + 25 * d.up2 AS numeric), 2)"
_END = (
    "CASE WHEN d.ue < :no_end THEN NULL "
    "WHEN d.ue < :no_end + :expired THEN now() - (1 + 60 * d.ue) * interval '1 day' "
    "ELSE now() + (30 + 365 * d.ue) * interval '1 day' END"
)

JOB_OVERRIDES: dict[str, str] = {
    "source_id": "p.source_id || '-c' || d.g",
    "dedup_key": "md5(p.dedup_key || '-c' || d.g)",
    "embedding": _JITTER,
    "status": _STATUS,
    "is_remote": _IS_REMOTE,
    "zip3": _ZIP3,
    "region": _STATE,
    "city": "CASE WHEN d.ur < :remote THEN NULL ELSE 'Town ' || (CAST(:zips AS text[]))[d.area] END",
    "pay_min": f"CASE WHEN d.up < :no_pay THEN NULL ELSE {_PAY} END",
    "pay_max": f"CASE WHEN d.up < :no_pay THEN NULL ELSE {_PAY} + (d.g % 5) END",
    "pay_min_hourly": f"CASE WHEN d.up < :no_pay THEN NULL ELSE {_PAY} END",
    "pay_max_hourly": f"CASE WHEN d.up < :no_pay THEN NULL ELSE {_PAY} + (d.g % 5) END",
    "pay_unit": "CASE WHEN d.up < :no_pay THEN NULL ELSE 'HOUR' END",
    "pay_currency": "CASE WHEN d.up < :no_pay THEN NULL ELSE 'USD' END",
    "valid_through": _END,
    "industry": "(CAST(:industries AS text[]))[1 + floor(d.ui * cardinality(CAST(:industries AS text[])))::int]",
    "duplicate_of_id": "NULL",
}
PROGRAM_OVERRIDES: dict[str, str] = {
    "source_id": "p.source_id || '-c' || d.g",
    "embedding": _JITTER,
    "status": _STATUS,
    "is_online": _IS_REMOTE,
    "delivery": "CASE WHEN d.ur < :remote THEN 'online' ELSE p.delivery END",
    "zip3": _ZIP3,
    "region": _STATE,
    "city": "CASE WHEN d.ur < :remote THEN NULL ELSE 'Town ' || (CAST(:zips AS text[]))[d.area] END",
}


def copy_rows(
    conn: Connection,
    table: str,
    seed_ids: list[int],
    count: int,
    *,
    mix: Mix = Mix(),
    start: int = 1,
    chunk: int = CHUNK,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Insert `count` stand-in copies of the rows `seed_ids` of `table` (job_posting or training_program),
    numbered from `start` (a copy's source_id ends in '-c<n>'); returns the rows written. Commits nothing:
    the caller's transaction (or autocommit) decides."""
    if count <= 0 or not seed_ids:
        return 0
    overrides = JOB_OVERRIDES if table == "job_posting" else PROGRAM_OVERRIDES
    columns = _columns(conn, table)
    select = ", ".join(overrides.get(c, f"p.{c}") for c in columns)
    sql = text(
        f"INSERT INTO {table} ({', '.join(columns)}) "  # table and column names from the catalog
        f"SELECT {select} FROM ({_DRAWS}) d JOIN ({_SEEDS.format(table=table)}) p ON p.k = d.k"
    )
    params = _params(mix, sorted(seed_ids))
    written = 0
    for lo in range(start, start + count, chunk):
        hi = min(start + count - 1, lo + chunk - 1)
        written += int(conn.execute(sql, {**params, "lo": lo, "hi": hi}).rowcount or 0)
        if progress is not None:
            progress(written)
    return written
