"""Audit events for every read or change of survivor data, and a profile's trail for its caseworkers.

One page view is one event per person shown. A page is built from several services, and each read service
logs the read it makes (the JSON API calls them one per request); on a page, `one_view_per_record` (opened
by the page route class for every GET) keeps the first read of each pseudonym and drops the later reads
of the same page, noting the page's route in the event. Changes are never folded: each one is logged.
"""

import csv
import io
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlmodel import Session

from api.services.principal import Principal
from etl.errors import spreadsheet_cell
from models.enums import Role
from models.errors import NotFoundError, ValidationFailed
from models.repositories import audit as audit_repo
from models.repositories import profiles as profile_repo

CASE_WORK = "case management"
SELF_SERVICE = "person viewing shared opportunities"
ACCESS_CODE_ROLE = "access_code"
# Actions that only read: on a page, one of these per person is the page's view of that person.
READ_SUFFIXES = (".view", ".list", ".history")
MAX_ACTION = 60  # audit_event.action
EXPORT_MAX = 10_000  # rows in one CSV export; a longer trail is exported in date ranges
EXPORT_COLUMNS = ("id", "at_utc", "who", "role", "action", "purpose", "detail")


@dataclass
class PageView:
    """One GET of a page: its route and the pseudonyms whose view is already logged."""

    page: str
    logged: set[str] = field(default_factory=set)


_page_view: ContextVar[PageView | None] = ContextVar("audit_page_view", default=None)


@contextmanager
def one_view_per_record(page: str) -> Iterator[None]:
    """Within the block (one page request), log one read event per pseudonym, naming `page`."""
    token = _page_view.set(PageView(page))
    try:
        yield
    finally:
        _page_view.reset(token)


def _page_detail(
    pseudonym: str | None, action: str, detail: dict[str, Any] | None
) -> tuple[bool, dict[str, Any] | None]:
    """Whether to write the event (False: this page already logged its view of this person), and its detail."""
    view = _page_view.get()
    if view is not None and pseudonym is not None and action.endswith(READ_SUFFIXES):
        if pseudonym in view.logged:
            return False, detail
        view.logged.add(pseudonym)
        return True, {**(detail or {}), "page": view.page}
    return True, detail


def log(
    session: Session,
    principal: Principal | None,
    action: str,
    *,
    pseudonym: str | None,
    org_id: int | None = None,
    purpose: str = CASE_WORK,
    detail: dict[str, Any] | None = None,
) -> None:
    """Append one event; `principal` None means the person themselves, through an access code."""
    write, detail = _page_detail(pseudonym, action, detail)
    if not write:
        return  # this page already logged its view of this person
    audit_repo.record(
        session.connection(),
        action=action,
        actor_user_id=principal.user_id if principal else None,
        actor_role=principal.role.value if principal else ACCESS_CODE_ROLE,
        org_id=principal.org_id if principal else org_id,
        pseudonym=pseudonym,
        purpose=purpose,
        detail=detail,
    )


def log_many(
    session: Session,
    principal: Principal,
    action: str,
    *,
    pseudonyms: Sequence[str],
    purpose: str = CASE_WORK,
    detail: dict[str, Any] | None = None,
) -> None:
    """One event per pseudonym, exactly as `log` would write them one by one, in one INSERT statement."""
    events: list[tuple[str, dict[str, Any]]] = []
    for pseudonym in pseudonyms:
        write, event_detail = _page_detail(pseudonym, action, detail)
        if write:
            events.append((pseudonym, event_detail or {}))
    audit_repo.record_many(
        session.connection(),
        action=action,
        actor_user_id=principal.user_id,
        actor_role=principal.role.value,
        org_id=principal.org_id,
        purpose=purpose,
        events=events,
    )


@dataclass(frozen=True)
class TrailQuery:
    """The trail's filters as the caseworker chose them: one action, and a range of whole UTC days."""

    action: str | None = None
    date_from: date | None = None
    date_to: date | None = None

    @classmethod
    def parse(cls, action: str = "", date_from: str = "", date_to: str = "") -> "TrailQuery":
        """From the page's query string; a date that is not YYYY-MM-DD or a reversed range is refused."""
        action = action.strip()
        if len(action) > MAX_ACTION:
            raise ValidationFailed(f"An action name is at most {MAX_ACTION} characters.")
        start, end = _day(date_from, "From"), _day(date_to, "To")
        if start and end and start > end:
            raise ValidationFailed("The 'From' date is after the 'To' date; swap them or change one.")
        return cls(action or None, start, end)

    def as_filter(self) -> audit_repo.TrailFilter:
        return audit_repo.TrailFilter(
            action=self.action,
            since=datetime.combine(self.date_from, time(), UTC) if self.date_from else None,
            # "To" includes that whole day: events before the next midnight (UTC).
            before=datetime.combine(self.date_to + timedelta(days=1), time(), UTC) if self.date_to else None,
        )

    def params(self) -> dict[str, str]:
        """The filters as query parameters (links keep them: the page's state is in its URL)."""
        values = {
            "action": self.action or "",
            "from": self.date_from.isoformat() if self.date_from else "",
            "to": self.date_to.isoformat() if self.date_to else "",
        }
        return {k: v for k, v in values.items() if v}

    def detail(self) -> dict[str, str]:
        return self.params()


def _day(value: str, label: str) -> date | None:
    value = value.strip()
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ValidationFailed(f"'{label}' must be a date like 2026-12-07.") from None


@dataclass(frozen=True)
class TrailPage:
    events: list[dict[str, Any]]
    total: int
    actions: list[str]


def _check_profile(session: Session, principal: Principal, pseudonym: str) -> None:
    principal.require(Role.CASEWORKER)
    if profile_repo.get_in_org(session, pseudonym=pseudonym, org_id=principal.org_id) is None:
        raise NotFoundError(f"No profile {pseudonym} in your organization.")


def who(event: dict[str, Any]) -> str | None:
    """The staff member by display name (else e-mail); None when no staff member acted (the person, a job)."""
    name = event.get("actor_name") or event.get("actor_email")
    return str(name) if name else None


def profile_trail(
    session: Session,
    principal: Principal,
    pseudonym: str,
    *,
    limit: int,
    offset: int,
    query: TrailQuery | None = None,
) -> TrailPage:
    """One profile's events of the caseworker's organization, newest first, filtered (reading it is logged)."""
    _check_profile(session, principal, pseudonym)
    query = query or TrailQuery()
    log(session, principal, "audit.view", pseudonym=pseudonym, detail=query.detail() or None)
    conn = session.connection()
    rows, total = audit_repo.trail(
        conn, pseudonym=pseudonym, org_id=principal.org_id, limit=limit, offset=offset, filters=query.as_filter()
    )
    actions = audit_repo.trail_actions(conn, pseudonym=pseudonym, org_id=principal.org_id)
    return TrailPage([{**r, "who": who(r)} for r in rows], total, actions)


def export_trail(session: Session, principal: Principal, pseudonym: str, query: TrailQuery) -> str:
    """The filtered trail as CSV, newest first; the export is itself an event (with its filters and size).

    Cells a spreadsheet would run as a formula (= + - @ tab CR first) get a leading apostrophe: details and
    display names are typed by people, and the file is meant to be opened in a spreadsheet."""
    _check_profile(session, principal, pseudonym)
    conn = session.connection()
    rows, total = audit_repo.trail(
        conn, pseudonym=pseudonym, org_id=principal.org_id, limit=EXPORT_MAX, offset=0, filters=query.as_filter()
    )
    if total > EXPORT_MAX:
        raise ValidationFailed(
            f"This view has {total} events; an export holds at most {EXPORT_MAX}. Choose a shorter date range."
        )
    log(session, principal, "audit.export", pseudonym=pseudonym, detail={**query.detail(), "rows": len(rows)})
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(EXPORT_COLUMNS)
    for r in rows:
        actor = who(r) or ("the person (access code)" if r["actor_role"] == ACCESS_CODE_ROLE else "")
        detail = ", ".join(f"{k}={v}" for k, v in sorted((r["detail"] or {}).items()))
        cells = [str(r["id"]), r["at"].astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S"), actor]
        cells += [r["actor_role"] or "", r["action"], r["purpose"] or "", detail]
        writer.writerow([spreadsheet_cell(c) for c in cells])
    return out.getvalue()
