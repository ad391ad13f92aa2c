"""Staff review of held postings: the evidence in context, and the clear / reject decision."""

from dataclasses import dataclass
from typing import Any, Literal

from sqlalchemy import Connection

from models.errors import ConflictError, NotFoundError, ValidationFailed
from models.repositories import screening as repo

CONTEXT_CHARS = 60

# What an employer is told about its posting: never which rule fired (that would teach evasion).
EMPLOYER_STATUS = {
    "active": "live",
    "held": "under review",
    "rejected": "not accepted",
    "closed": "closed",
    "expired": "expired",
}


@dataclass(frozen=True)
class EvidenceView:
    indicator: str
    family: str
    field: str
    before: str
    evidence: str
    after: str


def evidence_in_context(posting: dict[str, Any], hit: dict[str, Any]) -> EvidenceView:
    """The words that fired, with the text around them, so staff judge them in context."""
    value = posting.get(str(hit.get("field")))
    source = value if isinstance(value, str) else str(hit.get("evidence", ""))
    start, end = int(hit.get("start", 0)), int(hit.get("end", 0))
    if not isinstance(value, str) or source[start:end] != hit.get("evidence"):
        start, end, source = 0, len(str(hit.get("evidence", ""))), str(hit.get("evidence", ""))
    return EvidenceView(
        indicator=str(hit.get("indicator", "")),
        family=str(hit.get("family", "")),
        field=str(hit.get("field", "")),
        before=source[max(0, start - CONTEXT_CHARS) : start],
        evidence=source[start:end],
        after=source[end : end + CONTEXT_CHARS],
    )


ItemKind = Literal["posting", "program"]
_TABLE: dict[str, repo.ScreenedTable] = {"posting": "job_posting", "program": "training_program"}
_NAME = {"posting": "job posting", "program": "training program"}


def decide(
    conn: Connection, posting_id: int, *, clear: bool, actor: str, reason: str | None, kind: ItemKind = "posting"
) -> str:
    """Clear a held posting or program (it becomes live) or reject it with a reason; returns the new status."""
    if not clear and not (reason and reason.strip()):
        raise ValidationFailed(f"Rejecting a {kind} needs a reason (e.g. 'fees charged to workers').")
    table = _TABLE[kind]
    current = repo.posting_status(conn, posting_id, table=table)
    if current is None:
        raise NotFoundError(f"No {_NAME[kind]} with id {posting_id}.")
    if current != "held":
        raise ConflictError(
            f"{kind.capitalize()} {posting_id} is {current}, not held; only held {kind}s are reviewed here."
        )
    new_status = "active" if clear else "rejected"
    if not repo.set_status(conn, posting_id, from_status="held", to_status=new_status, table=table):
        raise ConflictError(f"{kind.capitalize()} {posting_id} changed while it was being reviewed; look again.")
    if clear and kind == "posting":
        # A later re-screen keeps this clearance unless a rule family outside these fires.
        repo.record_cleared_families(conn, posting_id)
    repo.record_staff_event(
        conn,
        action=f"{kind}.clear" if clear else f"{kind}.reject",
        actor=actor,
        detail={f"{kind}_id": posting_id, "reason": reason or ""},
    )
    return new_status


def employer_view_status(status: str) -> str:
    """The status wording an employer sees for its own posting."""
    return EMPLOYER_STATUS.get(status, "under review")
