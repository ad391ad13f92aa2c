"""Employers' postings and education partners' programs, through the same ETL path as file imports.

Ownership is the source: an employer organization's postings have source "employer:<org id>", a
partner's programs "partner:<org id>". Nothing here reads profiles or recommendations except
aggregate interest counts, with counts under 5 suppressed.
"""

import dataclasses
import secrets
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any

from sqlmodel import Session

from api.resources import Resources
from api.schemas.catalog import EmployerPostingIn, PartnerProgramEdit
from api.services import audit
from api.services.principal import Principal
from etl.enrich import Enricher
from etl.errors import FieldError
from etl.normalize.jobs_csv import job_from_csv_row
from etl.screening.review import employer_view_status
from etl.submit import submit_posting
from matcher.encoder import Encoder
from models.enums import Role
from models.errors import ConflictError, NotFoundError, ValidationFailed
from models.job_posting import JobPostingIn
from models.repositories import owned_catalog
from models.repositories import recommendations as rec_repo
from models.repositories import users as user_repo

MIN_REPORTED_COUNT = 5  # smaller counts could point at one person


def employer_source(org_id: int) -> str:
    return f"employer:{org_id}"


def partner_source(org_id: int) -> str:
    return f"partner:{org_id}"


@lru_cache(maxsize=2)
def _loaded_enricher(model_name: str) -> Enricher:
    from etl.components import default_enricher

    return default_enricher(model_name)


def enricher_for(resources: Resources) -> Enricher:
    """The process's enricher (reference data loads once), with today's date for expiry checks."""
    name = (
        resources.encoder.model_name if resources.encoder else Encoder.name_for(resources.settings.resolved_model_path)
    )
    return dataclasses.replace(_loaded_enricher(name), now=datetime.now(UTC))


# --- employers ------------------------------------------------------------------------------------


def _normalized(body: EmployerPostingIn, *, source: str, source_id: str, employer_name: str) -> JobPostingIn:
    """Run the body through the jobs-CSV normalizer: the same rules as every imported posting."""
    row = {
        "id": source_id,
        "title": body.title,
        "employer": employer_name,
        "description": body.description,
        "url": body.url or "",
        "employment_type": ";".join(t.value for t in body.employment_types),
        "pay_min": "" if body.pay_min is None else str(body.pay_min),
        "pay_max": "" if body.pay_max is None else str(body.pay_max),
        "pay_unit": body.pay_unit.value if body.pay_unit else "",
        "pay_currency": body.pay_currency,
        "city": body.city or "",
        "state": body.region or "",
        "zip": body.postal_code or "",
        "country": body.country or "",
        "remote": "true" if body.is_remote else "false",
        "shifts": ";".join(s.value for s in body.shifts),
        "days": ",".join(body.days),
        "hours_per_week": "" if body.hours_per_week is None else str(body.hours_per_week),
        "work_hours": body.work_hours_text or "",
        "soc_code": body.occupation_code or "",
        "industry": body.industry or "",
        "qualifications": body.qualifications or "",
        "education": body.education_required or "",
        "experience_months": "" if body.experience_months is None else str(body.experience_months),
        "requires_citizenship": "true" if body.requires_citizenship else "false",
        "valid_through": body.valid_through.isoformat() if body.valid_through else "",
        "openings": "" if body.openings is None else str(body.openings),
        "how_to_apply": body.how_to_apply or "",
    }
    if (body.pay_min is not None or body.pay_max is not None) and body.pay_unit is None:
        raise ValidationFailed("pay_unit: give the unit of the pay (HOUR, DAY, WEEK, MONTH or YEAR).")
    try:
        return job_from_csv_row(row, source)
    except FieldError as exc:
        raise ValidationFailed(f"{exc.field}: {exc.reason}") from exc


def _employer_name(session: Session, principal: Principal) -> str:
    org = user_repo.get_org(session, principal.org_id)
    assert org is not None
    return org.name


def _posting_out(row: dict[str, Any], interested: int) -> dict[str, Any]:
    return {
        **row,
        "review_status": employer_view_status(str(row["status"])),
        "interested": interested if interested >= MIN_REPORTED_COUNT else None,
    }


def _with_counts(session: Session, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    counts = rec_repo.interest_counts(session.connection(), job_ids=[int(r["id"]) for r in rows])
    return [_posting_out(r, counts.get(int(r["id"]), 0)) for r in rows]


def _get_own_posting(session: Session, principal: Principal, posting_id: int) -> dict[str, Any]:
    row = owned_catalog.get_posting(
        session.connection(), posting_id=posting_id, source=employer_source(principal.org_id)
    )
    if row is None:
        raise NotFoundError(f"Your organization has no posting {posting_id}.")
    return row


def create_posting(
    session: Session, resources: Resources, principal: Principal, body: EmployerPostingIn
) -> dict[str, Any]:
    """Normalize, enrich, screen, store and embed a new opening; a red flag holds it for staff review."""
    principal.require(Role.EMPLOYER, scope="postings:write")
    source = employer_source(principal.org_id)
    source_id = body.source_id or secrets.token_hex(8)
    conn = session.connection()
    if body.source_id and owned_catalog.get_posting_by_source_id(conn, source=source, source_id=source_id):
        raise ConflictError(f"You already have a posting with source_id {source_id!r}; edit it with PUT instead.")
    record = _normalized(body, source=source, source_id=source_id, employer_name=_employer_name(session, principal))
    submitted = submit_posting(conn, record, enricher_for(resources), resources.encoder)
    audit.log(
        session,
        principal,
        "posting.create",
        pseudonym=None,
        purpose="employer posting",
        detail={"posting_id": submitted.posting_id},
    )
    return _with_counts(session, [_get_own_posting(session, principal, submitted.posting_id)])[0]


def edit_posting(
    session: Session, resources: Resources, principal: Principal, posting_id: int, body: EmployerPostingIn
) -> dict[str, Any]:
    """Replace an opening's content; it is screened again, and a change can hold it for review."""
    principal.require(Role.EMPLOYER, scope="postings:write")
    current = _get_own_posting(session, principal, posting_id)
    if current["status"] in ("closed", "rejected"):
        raise ConflictError(
            f"Posting {posting_id} is {employer_view_status(str(current['status']))}; post a new opening instead."
        )
    if body.source_id and body.source_id != current["source_id"]:
        raise ValidationFailed("source_id cannot change; leave it out or send the posting's current source_id.")
    record = _normalized(
        body,
        source=employer_source(principal.org_id),
        source_id=str(current["source_id"]),
        employer_name=_employer_name(session, principal),
    )
    submit_posting(session.connection(), record, enricher_for(resources), resources.encoder)
    audit.log(
        session,
        principal,
        "posting.edit",
        pseudonym=None,
        purpose="employer posting",
        detail={"posting_id": posting_id},
    )
    return _with_counts(session, [_get_own_posting(session, principal, posting_id)])[0]


def close_posting(session: Session, principal: Principal, posting_id: int) -> dict[str, Any]:
    principal.require(Role.EMPLOYER, scope="postings:write")
    current = _get_own_posting(session, principal, posting_id)
    if not owned_catalog.close_posting(
        session.connection(), posting_id=posting_id, source=employer_source(principal.org_id)
    ):
        raise ConflictError(f"Posting {posting_id} is {employer_view_status(str(current['status']))} already.")
    audit.log(
        session,
        principal,
        "posting.close",
        pseudonym=None,
        purpose="employer posting",
        detail={"posting_id": posting_id},
    )
    return _with_counts(session, [_get_own_posting(session, principal, posting_id)])[0]


def reopen_posting(session: Session, principal: Principal, posting_id: int) -> dict[str, Any]:
    """Offer a closed opening again (held for review again if screening had held it)."""
    principal.require(Role.EMPLOYER, scope="postings:write")
    current = _get_own_posting(session, principal, posting_id)
    if not owned_catalog.reopen_posting(
        session.connection(), posting_id=posting_id, source=employer_source(principal.org_id)
    ):
        raise ConflictError(
            f"Posting {posting_id} is {employer_view_status(str(current['status']))}: only a closed opening whose "
            "last day to apply has not passed can be reopened; post a new opening instead."
        )
    audit.log(
        session,
        principal,
        "posting.reopen",
        pseudonym=None,
        purpose="employer posting",
        detail={"posting_id": posting_id},
    )
    return _with_counts(session, [_get_own_posting(session, principal, posting_id)])[0]


def duplicate_fields(session: Session, principal: Principal, posting_id: int) -> dict[str, Any]:
    """One of your openings' content as the fields of a new opening, to post again as a copy.

    No source_id, so the copy gets its own; the stored first 3 ZIP digits stand for the ZIP (as an edit
    resends them); a last day to apply that has passed is left out, since a copy of an expired opening
    is the usual reason to duplicate one. The copy is then screened like any new opening.
    """
    row = posting_for_edit(session, principal, posting_id)
    fields: dict[str, Any] = {
        name: row[name]
        for name in EmployerPostingIn.model_fields
        if name in row and name != "source_id" and row[name] not in (None, "", [])
    }
    if row.get("contact_text"):
        fields["how_to_apply"] = row["contact_text"]
    if row.get("zip3"):
        fields["postal_code"] = f"{row['zip3']}00"
    valid = row.get("valid_through")
    valid_day = valid.date() if isinstance(valid, datetime) else valid
    if valid_day is None or valid_day < datetime.now(UTC).date():
        fields.pop("valid_through", None)
    else:
        fields["valid_through"] = valid_day
    return fields


def duplicate_posting(session: Session, resources: Resources, principal: Principal, posting_id: int) -> dict[str, Any]:
    """Post a copy of one of your openings as a new opening (new id and source_id, screened afresh)."""
    principal.require(Role.EMPLOYER, scope="postings:write")
    body = EmployerPostingIn.model_validate(duplicate_fields(session, principal, posting_id))
    return create_posting(session, resources, principal, body)


def review_families(session: Session, principal: Principal, posting_id: int) -> list[str]:
    """Which kinds of concern hold the employer's own opening (screening families, not rules or evidence):
    the page turns them into broad categories so the employer knows what the review is about."""
    principal.require(Role.EMPLOYER, scope="postings:read")
    _get_own_posting(session, principal, posting_id)
    families = owned_catalog.held_families(
        session.connection(), posting_id=posting_id, source=employer_source(principal.org_id)
    )
    return [f for f in families if f != "high_risk_sector"]


def get_posting(session: Session, principal: Principal, posting_id: int) -> dict[str, Any]:
    principal.require(Role.EMPLOYER, scope="postings:read")
    return _with_counts(session, [_get_own_posting(session, principal, posting_id)])[0]


def list_postings(
    session: Session, principal: Principal, *, limit: int, offset: int
) -> tuple[list[dict[str, Any]], int]:
    principal.require(Role.EMPLOYER, scope="postings:read")
    rows, total = owned_catalog.list_postings(
        session.connection(), source=employer_source(principal.org_id), limit=limit, offset=offset
    )
    return _with_counts(session, rows), total


# --- education partners ---------------------------------------------------------------------------


def list_programs(
    session: Session, principal: Principal, *, limit: int, offset: int
) -> tuple[list[dict[str, Any]], int]:
    principal.require(Role.EDUCATION_PARTNER, scope="programs:read")
    return owned_catalog.list_programs(
        session.connection(), source=partner_source(principal.org_id), limit=limit, offset=offset
    )


# --- what the web forms need ----------------------------------------------------------------------


def check_posting(session: Session, principal: Principal, body: EmployerPostingIn) -> None:
    """Run an opening through the normalizer without storing it: the form's inline validation."""
    principal.require(Role.EMPLOYER, scope="postings:write")
    _normalized(body, source=employer_source(principal.org_id), source_id="check", employer_name="check")


def posting_for_edit(session: Session, principal: Principal, posting_id: int) -> dict[str, Any]:
    """One of your openings with every published field, to fill its edit form."""
    principal.require(Role.EMPLOYER, scope="postings:read")
    row = owned_catalog.get_posting_form(
        session.connection(), posting_id=posting_id, source=employer_source(principal.org_id)
    )
    if row is None:
        raise NotFoundError(f"Your organization has no posting {posting_id}.")
    return {**row, "review_status": employer_view_status(str(row["status"]))}


def _own_program(session: Session, principal: Principal, program_id: int) -> dict[str, Any]:
    row = owned_catalog.get_program_record(
        session.connection(), program_id=program_id, source=partner_source(principal.org_id)
    )
    if row is None:
        raise NotFoundError(f"Your organization has no program {program_id}.")
    return row


def program_for_edit(session: Session, principal: Principal, program_id: int) -> dict[str, Any]:
    """One of your programs, its skills given as words, to fill its edit form."""
    from matcher.taxonomy import load_taxonomy

    principal.require(Role.EDUCATION_PARTNER, scope="programs:read")
    row = _own_program(session, principal, program_id)
    taxonomy = load_taxonomy()
    return {**row, "skill_labels": [taxonomy.label(s) for s in row["skills"] or []]}


def resolve_skills(typed: list[str]) -> list[str]:
    """Typed skills -> taxonomy ids; refuses (422) the ones the taxonomy does not know."""
    from matcher.taxonomy import load_taxonomy

    taxonomy = load_taxonomy()
    ids, unknown = [], []
    for word in typed:
        skill_id = taxonomy.resolve(word)
        if skill_id is None:
            unknown.append(word)
        else:
            ids.append(skill_id)
    if unknown:
        raise ValidationFailed(f"skills: not a skill we know: {', '.join(unknown)}. Try a shorter or more common word.")
    return list(dict.fromkeys(ids))


def edit_program(
    session: Session, resources: Resources, principal: Principal, program_id: int, body: PartnerProgramEdit
) -> dict[str, Any]:
    """Change one of your programs; skills left empty are found again from the description."""
    from etl.normalize.location import region_code
    from etl.normalize.text import html_to_text
    from etl.submit import submit_program
    from models.program import ProgramIn

    principal.require(Role.EDUCATION_PARTNER, scope="programs:write")
    current = _own_program(session, principal, program_id)
    # A held program may be edited; it stays held until staff clear it (etl.staging.staff_decisions_stick).
    if current["status"] not in ("active", "held"):
        raise ConflictError(f"Program {program_id} is {current['status']}; upload it again to reopen it.")
    record = ProgramIn.model_validate({k: v for k, v in current.items() if k in ProgramIn.model_fields})
    online = body.delivery == "online"
    changes = {
        "name": body.name,
        "description": html_to_text(body.description),
        "cost_total": body.cost_total,
        "duration_weeks": body.duration_weeks,
        "delivery": body.delivery.value if body.delivery else None,
        "is_online": online,
        "shifts": [s.value for s in body.shifts],
        "days": list(body.days),
        "city": None if online else body.city,
        "region": region_code(body.region),
        "skills": resolve_skills(body.skills),
    }
    record = ProgramIn.model_validate({**record.model_dump(), **changes})
    submit_program(session.connection(), record, enricher_for(resources), resources.encoder)
    audit.log(
        session,
        principal,
        "program.edit",
        pseudonym=None,
        purpose="partner program",
        detail={"program_id": program_id},
    )
    return _own_program(session, principal, program_id)
