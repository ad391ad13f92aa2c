"""Retention and erasure (requirements 13 and 14).

`erase_profile` removes every row about one person (a caseworker's request, or the purge); the database
function `erase_survivor` does the deleting and leaves exactly one audit entry, which keeps only the
SHA-256 of the pseudonym. `purge_expired` takes the clock as a parameter, so tests freeze it; the
`wayfinder purge` command runs it on a schedule (docs/operations.md).
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlmodel import Session

from api.services import audit
from api.services.principal import Principal
from api.services.profiles import load_for_caseworker
from models.errors import NotFoundError
from models.repositories import consents as consent_repo
from models.repositories import erasure as erasure_repo
from models.repositories.tenancy import bind_org, enter_app_role, leave_app_role, organization_ids
from models.settings import Settings

SYSTEM_ROLE = "system"  # the scheduled purge acts as no user
# Audit actions that only read, which keep no profile alive when staff do them: listing on the dashboard,
# opening a profile, its matches or its trail, exporting the trail. Changes and decisions are activity, and
# so is every event of the person themselves (opening their shared opportunities with an access code).
STAFF_READS = (*audit.READ_SUFFIXES, ".export")


@dataclass
class PurgeReport:
    cutoff_profiles: datetime
    cutoff_consents: datetime
    dry_run: bool
    profiles_erased: int = 0
    consents_deleted: int = 0
    rows: dict[str, int] = field(default_factory=dict)


def erase_profile(session: Session, principal: Principal, pseudonym: str) -> dict[str, Any]:
    """Erase one person at a caseworker's request (GDPR 17); 404 if not in the caseworker's organization."""
    profile = load_for_caseworker(session, principal, pseudonym)
    rows = erasure_repo.erase(
        session.connection(),
        pseudonym=pseudonym,
        org_id=profile.org_id,
        actor_user_id=principal.user_id,
        actor_role=principal.role.value,
        reason="erasure request",
    )
    if rows is None:
        raise NotFoundError(f"No profile {pseudonym} in your organization.")
    session.expunge_all()  # the ORM must not flush stale objects for rows the database just deleted
    return rows


def purge_expired(session: Session, now: datetime, settings: Settings, *, dry_run: bool = False) -> PurgeReport:
    """Erase profiles idle longer than the retention period and delete long-lapsed consents, as of `now`.

    Runs as the application role with one organization bound at a time, so row-level security holds
    the purge to exactly the rows the request path could reach, whichever role the command connects as.
    """
    report = PurgeReport(
        cutoff_profiles=now - timedelta(days=settings.profile_retention_days),
        cutoff_consents=now - timedelta(days=settings.consent_retention_days),
        dry_run=dry_run,
    )
    conn = session.connection()
    enter_app_role(session)
    for org_id in organization_ids(conn):
        bind_org(session, org_id)
        inactive = erasure_repo.inactive_profiles(
            conn,
            org_id=org_id,
            cutoff=report.cutoff_profiles,
            staff_reads=STAFF_READS,
            person_role=audit.ACCESS_CODE_ROLE,
        )
        for pseudonym in inactive:
            report.profiles_erased += 1
            if dry_run:
                continue
            rows = erasure_repo.erase(
                conn,
                pseudonym=pseudonym,
                org_id=org_id,
                actor_user_id=None,
                actor_role=SYSTEM_ROLE,
                reason="retention",
            )
            for table, n in (rows or {}).items():
                report.rows[table] = report.rows.get(table, 0) + int(n)
        report.consents_deleted += consent_repo.purge_lapsed(
            session, org_id=org_id, cutoff=report.cutoff_consents, dry_run=dry_run, sparing=inactive
        )
    # Both settings are transaction-local; an error rolls them back with everything else.
    leave_app_role(session)
    session.expunge_all()  # the ORM must not flush stale objects for rows the database just deleted
    return report
