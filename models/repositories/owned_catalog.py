"""Postings and programs as their owners see them: selected by source ("employer:<org>", "partner:<org>")."""

from typing import Any

from sqlalchemy import Connection, text

from models.repositories import catalog

_POSTING_COLUMNS = (
    "id, source_id, title, description, url, employer_name, employment_types, pay_min, pay_max, pay_unit, "
    "pay_currency, city, region, zip3, is_remote, shifts, days, hours_per_week, valid_through, status, "
    "created_at, updated_at"
)
_PROGRAM_COLUMNS = (
    "id, source_id, name, provider_name, url, cip_code, credential_type, cost_total, duration_weeks, delivery, "
    "city, region, zip3, is_online, status, listed_status, created_at, updated_at"
)


def list_postings(conn: Connection, *, source: str, limit: int, offset: int) -> tuple[list[dict[str, Any]], int]:
    total = conn.execute(text("SELECT count(*) FROM job_posting WHERE source = :s"), {"s": source}).scalar_one()
    rows = conn.execute(
        text(
            f"SELECT {_POSTING_COLUMNS} FROM job_posting WHERE source = :s "  # noqa: S608
            "ORDER BY id DESC LIMIT :limit OFFSET :offset"
        ),
        {"s": source, "limit": limit, "offset": offset},
    ).all()
    return [dict(r._mapping) for r in rows], int(total)


def get_posting(conn: Connection, *, posting_id: int, source: str) -> dict[str, Any] | None:
    row = conn.execute(
        text(f"SELECT {_POSTING_COLUMNS} FROM job_posting WHERE id = :id AND source = :s"),  # noqa: S608
        {"id": posting_id, "s": source},
    ).first()
    return dict(row._mapping) if row else None


def close_posting(conn: Connection, *, posting_id: int, source: str) -> bool:
    result = (
        conn.execute(
            text(
                "UPDATE job_posting SET status = 'closed', updated_at = now() "
                "WHERE id = :id AND source = :s AND status IN ('active', 'held') RETURNING dedup_key"
            ),
            {"id": posting_id, "s": source},
        )
        .scalars()
        .all()
    )
    if result:  # another live copy of the same opening, from another source, is ranked instead
        catalog.mark_cross_source_duplicates(conn, result)
    return bool(result)


def reopen_posting(conn: Connection, *, posting_id: int, source: str) -> bool:
    """A closed opening back on offer, still in date: held again if its screening ever held it (a closed
    opening may have been under review, and reopening must not skip that), otherwise published."""
    result = (
        conn.execute(
            text(
                "UPDATE job_posting SET updated_at = now(), status = CASE WHEN EXISTS ("
                "  SELECT 1 FROM jsonb_array_elements(screening) hit WHERE hit->>'family' <> 'high_risk_sector'"
                ") THEN 'held' ELSE 'active' END "
                "WHERE id = :id AND source = :s AND status = 'closed' "
                "AND (valid_through IS NULL OR valid_through > now()) RETURNING dedup_key"
            ),
            {"id": posting_id, "s": source},
        )
        .scalars()
        .all()
    )
    if result:  # reopened: it may be the canonical copy again
        catalog.mark_cross_source_duplicates(conn, result)
    return bool(result)


def held_families(conn: Connection, *, posting_id: int, source: str) -> list[str]:
    """The screening families that hold an opening under review (none unless it is held)."""
    rows = conn.execute(
        text(
            "SELECT DISTINCT hit->>'family' FROM job_posting, jsonb_array_elements(screening) hit "
            "WHERE id = :id AND source = :s AND status = 'held' ORDER BY 1"
        ),
        {"id": posting_id, "s": source},
    )
    return [str(r[0]) for r in rows if r[0]]


def list_programs(conn: Connection, *, source: str, limit: int, offset: int) -> tuple[list[dict[str, Any]], int]:
    total = conn.execute(text("SELECT count(*) FROM training_program WHERE source = :s"), {"s": source}).scalar_one()
    rows = conn.execute(
        text(
            f"SELECT {_PROGRAM_COLUMNS} FROM training_program WHERE source = :s "  # noqa: S608
            "ORDER BY id DESC LIMIT :limit OFFSET :offset"
        ),
        {"s": source, "limit": limit, "offset": offset},
    ).all()
    return [dict(r._mapping) for r in rows], int(total)


def employer_claim(conn: Connection, *, name_key: str) -> tuple[int | None, str] | None:
    """(org_id, verification) of the employer row with this name key, if one exists."""
    row = conn.execute(text("SELECT org_id, verification FROM employer WHERE name_key = :k"), {"k": name_key}).first()
    return (row[0], str(row[1])) if row else None


def link_employer(conn: Connection, *, name: str, name_key: str, org_id: int) -> None:
    """Create the employer row for a registered organization, or link an unclaimed, unverified one."""
    conn.execute(
        text(
            "INSERT INTO employer (name, name_key, org_id, verification, created_at) "
            "VALUES (:n, :k, :org, 'unverified', now()) "
            "ON CONFLICT (name_key) DO UPDATE SET org_id = :org "
            "WHERE employer.org_id IS NULL AND employer.verification = 'unverified'"
        ),
        {"n": name, "k": name_key, "org": org_id},
    )


def get_posting_by_source_id(conn: Connection, *, source: str, source_id: str) -> int | None:
    return conn.execute(
        text("SELECT id FROM job_posting WHERE source = :s AND source_id = :sid"), {"s": source, "sid": source_id}
    ).scalar()


# Everything an owner's edit form shows: the published fields, not the derived or screening ones.
_POSTING_FORM_COLUMNS = (
    "id, source_id, title, description, url, employment_types, pay_min, pay_max, pay_unit, pay_currency, city, "
    "region, zip3, country, is_remote, shifts, days, hours_per_week, work_hours_text, occupation_code, industry, "
    "qualifications, education_required, experience_months, requires_citizenship, valid_through, openings, "
    "contact_text, status"
)


def get_posting_form(conn: Connection, *, posting_id: int, source: str) -> dict[str, Any] | None:
    """One posting's published fields, to fill its edit form."""
    row = conn.execute(
        text(f"SELECT {_POSTING_FORM_COLUMNS} FROM job_posting WHERE id = :id AND source = :s"),  # noqa: S608
        {"id": posting_id, "s": source},
    ).first()
    return dict(row._mapping) if row else None


def get_program_record(conn: Connection, *, program_id: int, source: str) -> dict[str, Any] | None:
    """One program's normalized fields (every ProgramIn column) plus id and status, to edit it."""
    from models.program import ProgramIn

    columns = ", ".join(["id", "status", *ProgramIn.model_fields])
    row = conn.execute(
        text(f"SELECT {columns} FROM training_program WHERE id = :id AND source = :s"),  # noqa: S608
        {"id": program_id, "s": source},
    ).first()
    return dict(row._mapping) if row else None
