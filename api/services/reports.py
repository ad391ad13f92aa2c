"""Aggregate reports for an organization (requirement 15): counts only, small counts suppressed.

Primary suppression: a count of 1..4 is withheld (reported as null with `suppressed: true`); 0 is shown,
as it reveals no one. Complementary suppression: each breakdown also publishes its total, so if exactly
one cell of a breakdown is withheld, total minus the others would give it away; the smallest other
non-zero cell is then withheld too. If the total itself is under 5, every cell is withheld. Cells are
never combined across breakdowns (e.g. month x status), which keeps the tables from differencing
each other beyond what the totals allow.
"""

from typing import Any

from sqlmodel import Session

from api.services import audit
from api.services.catalog_owners import MIN_REPORTED_COUNT
from api.services.principal import Principal
from models.enums import Role
from models.repositories import reports as report_repo


def suppressed(n: int) -> bool:
    return 0 < n < MIN_REPORTED_COUNT


def suppress_breakdown(counts: dict[str, int]) -> dict[str, Any]:
    """{"total": {...}, "cells": {key: {"count": int | None, "suppressed": bool}}} with both suppressions."""
    total = sum(counts.values())
    withheld = {k for k, n in counts.items() if suppressed(n)}
    if suppressed(total):
        withheld = {k for k, n in counts.items() if n > 0}
    elif len(withheld) == 1:
        others = sorted((n, k) for k, n in counts.items() if n > 0 and k not in withheld)
        if others:
            withheld.add(others[0][1])
    cells = {k: {"count": None if k in withheld else n, "suppressed": k in withheld} for k, n in sorted(counts.items())}
    return {"total": {"count": None if suppressed(total) else total, "suppressed": suppressed(total)}, "cells": cells}


def summary(session: Session, principal: Principal) -> dict[str, Any]:
    """The organization's aggregate report: admins and caseworkers of that organization."""
    principal.require(Role.ADMIN, Role.CASEWORKER)
    conn = session.connection()
    profiles = report_repo.profile_total(conn, org_id=principal.org_id)
    report: dict[str, Any] = {
        "min_reported_count": MIN_REPORTED_COUNT,
        "profiles": {"count": None if suppressed(profiles) else profiles, "suppressed": suppressed(profiles)},
    }
    for name in report_repo.BREAKDOWN_NAMES:
        report[name] = suppress_breakdown(report_repo.breakdown(conn, name=name, org_id=principal.org_id))
    audit.log(session, principal, "report.summary", pseudonym=None, purpose="aggregate reporting")
    return report
