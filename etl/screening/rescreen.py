"""Re-run the current rules over stored postings, so a rule change reaches postings whose content
did not change (an import only screens what is new or edited).

What happens to each posting:
- rejected, closed or expired: status never changes (a staff rejection is never undone); hits are refreshed.
- held: stays held whatever the rules say now: only staff move a posting out of held (issue 12). One that no
  rule holds any more is listed as clearable, so staff can clear it with `wayfinder screening clear ID`.
- active and never cleared by staff: held when a rule now holds it, so it leaves every ranked list at once.
- active and cleared by staff: stays cleared unless a rule family fires that was not present when staff
  cleared it (`job_posting.cleared_families`).
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection

from etl.screening.result import Family, ScreeningResult
from models.enums import PostingStatus
from models.job_posting import JobPostingIn
from models.repositories import screening as repo

BATCH = 1000
Screener = Callable[[JobPostingIn, bool], ScreeningResult]  # (posting, employer_verified)

# Family names of the first screener, and what each became: a clearance given under an old name
# covers the families its rules were split into, so renaming is not a "new family".
LEGACY_FAMILIES: dict[str, frozenset[str]] = {
    "hours_movement": frozenset({Family.EXCESSIVE_OVERTIME, Family.RESTRICTION_OF_MOVEMENT, Family.ISOLATION}),
    "pay_above_market": frozenset({Family.DECEPTION}),
    "cash_or_withheld_pay": frozenset({Family.CASH_PAY, Family.WITHHOLDING_OF_WAGES}),
    "travel_visa": frozenset({Family.TRAVEL_VISA, Family.DECEPTION, Family.ISOLATION}),
    "housing_transport": frozenset({Family.HOUSING_TRANSPORT, Family.ABUSIVE_CONDITIONS}),
    "worker_fees": frozenset({Family.WORKER_FEES, Family.DEBT_BONDAGE}),
}
UNCHANGING = frozenset({PostingStatus.REJECTED, PostingStatus.CLOSED, PostingStatus.EXPIRED})


@dataclass(frozen=True)
class Change:
    """One posting whose status the re-screen changed."""

    posting_id: int
    source: str
    source_id: str
    title: str
    before: str
    after: str
    why: str


@dataclass
class RescreenReport:
    examined: int = 0
    newly_held: int = 0  # active -> held
    clearable: list[Change] = field(default_factory=list)  # held, but no rule holds it now: for staff to clear
    kept_cleared: int = 0  # staff-cleared, a rule fires, but no family staff had not seen
    status_kept: int = 0  # rejected / closed / expired: only hits refreshed
    hits_changed: int = 0  # stored hits differ from the new ones
    changes: list[Change] = field(default_factory=list)


def covered(cleared: Iterable[str]) -> set[str]:
    """The families a clearance covers, old family names mapped to their successors."""
    out: set[str] = set()
    for name in cleared:
        out.add(name)
        out.update(LEGACY_FAMILIES.get(name, ()))
    return out


CLEARABLE = "no rule holds it any more: staff may clear it"


def next_status(status: str, result: ScreeningResult, cleared: list[str] | None) -> tuple[str, str]:
    """The status a posting should have under the current rules, and why (plain words)."""
    if status in UNCHANGING:
        return status, ""
    if status == PostingStatus.HELD:
        # Never released here: a hold is lifted by a person (issue 12, "staff decisions stick").
        return status, "" if result.hold else CLEARABLE
    if status != PostingStatus.ACTIVE or not result.hold:
        return status, ""
    if cleared is None:
        return PostingStatus.HELD.value, "newly flagged: " + ", ".join(sorted(result.hold_families))
    new = sorted(set(result.hold_families) - covered(cleared))
    if new:
        return PostingStatus.HELD.value, "cleared by staff, but a new rule family fires: " + ", ".join(new)
    return status, ""


def _fields(row: dict[str, Any]) -> dict[str, Any]:
    return {name: row[name] for name in JobPostingIn.model_fields}


def rescreen(conn: Connection, screener: Screener, *, dry_run: bool = False, batch: int = BATCH) -> RescreenReport:
    """Screen every stored posting again with `screener`; store hits, priority and status unless `dry_run`."""
    report = RescreenReport()
    columns = list(JobPostingIn.model_fields)
    after_id = 0
    while True:
        rows = repo.postings_to_rescreen(conn, columns, after_id=after_id, limit=batch)
        if not rows:
            return report
        after_id = int(rows[-1]["id"])
        updates: list[dict[str, Any]] = []
        for row in rows:
            report.examined += 1
            posting = JobPostingIn.model_validate(_fields(row))
            result = screener(posting, bool(row["employer_verified"]))
            hits = [hit.to_dict() for hit in result.hits]
            status = str(row["status"])
            new_status, why = next_status(status, result, row["cleared_families"])
            if status in UNCHANGING:
                report.status_kept += 1
            elif status == PostingStatus.ACTIVE and result.hold and new_status == status:
                report.kept_cleared += 1
            if hits != row["screening"]:
                report.hits_changed += 1
            change = Change(int(row["id"]), posting.source, posting.source_id, posting.title, status, new_status, why)
            if new_status != status:
                report.newly_held += 1  # the only move a re-screen makes: active -> held
                report.changes.append(change)
            elif why == CLEARABLE:
                report.clearable.append(change)
            if hits != row["screening"] or new_status != status or result.priority != row["review_priority"]:
                updates.append(
                    {
                        "id": row["id"],
                        "screening": hits,
                        "priority": result.priority,
                        "from_status": status,
                        "to_status": new_status,
                    }
                )
        if not dry_run:
            repo.apply_rescreen(conn, updates)
