"""The caseworker's start page: find a person fast (search, filters, sort, pages) and see who said "Interested".

Search takes one box: a case number (whole, any case, spaces and dashes ignored: matched by lookup hash,
never by decrypting), a friendly reference (`P-7KQM-2D4X`), or part of a label or a skill. Case numbers are
decrypted only for the rows on the page. Each profile shown is audited as listed.

The label is the caseworker's own short name for a profile on this page. It must not identify the person:
the scrubber checks it, and a label in which it finds a name, a phone, an e-mail, an address or an ID is
refused with what was found, never silently changed.
"""

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sqlmodel import Session

from api.services import audit, follow_ups
from api.services.principal import Principal
from api.services.profiles import load_for_caseworker
from models.clock import SYSTEM_CLOCK, Clock
from models.enums import Role
from models.errors import ValidationFailed
from models.privacy.tools import PrivacyTools
from models.references import friendly_reference, pseudonym_prefix
from models.repositories import case_references
from models.repositories import dashboard as repo
from models.repositories.dashboard import PAGE_SIZE, Filter, InterestedAnswer, Query, Row, Sort

if TYPE_CHECKING:
    from models.privacy.scrub import Scrubber

QUEUE_SIZE = 10
MAX_SEARCH = 100
MAX_LABEL = 40
# What the scrubber's findings are called in the refusal (message ids; the page translates them).
FOUND_KINDS = {
    "PERSON": "a name",
    "PHONE_NUMBER": "a phone number",
    "EMAIL_ADDRESS": "an e-mail address",
    "SOCIAL_HANDLE": "a social media handle",
    "STREET_ADDRESS": "a street address",
    "LOCATION": "a place",
    "SHELTER": "a shelter or program name",
    "DATE_OF_BIRTH": "a date of birth",
    "URL": "a web address",
}
ID_KIND = "an ID number"
# spaCy reads a lone first name ("Maria") as a name only in a sentence; the label is checked in one too.
_LABEL_FRAME = "{} called."


@dataclass(frozen=True)
class Request:
    """The dashboard's state, all of it in the URL query (bookmarks, back and forward keep it)."""

    q: str = ""
    filters: frozenset[Filter] = frozenset()
    sort: Sort = Sort.ACTIVITY
    descending: bool = True
    page: int = 1
    queue_page: int = 1


@dataclass(frozen=True)
class ProfileRow:
    row: Row
    case_number: str | None

    @property
    def pseudonym(self) -> str:
        return self.row.pseudonym

    @property
    def friendly(self) -> str:
        return friendly_reference(self.row.pseudonym)

    @property
    def reference(self) -> str:
        """What the caseworker reads first: their label, else the case number, else the friendly reference."""
        return self.row.label or self.case_number or self.friendly


@dataclass(frozen=True)
class QueueRow:
    answer: InterestedAnswer
    case_number: str | None

    @property
    def reference(self) -> str:
        return self.answer.label or self.case_number or friendly_reference(self.answer.pseudonym)


@dataclass(frozen=True)
class DueRow:
    """A follow-up on the "Due this week" list: open, overdue or due within 7 days."""

    follow_up: dict[str, Any]
    case_number: str | None

    @property
    def pseudonym(self) -> str:
        return str(self.follow_up["profile_pseudonym"])

    @property
    def reference(self) -> str:
        return self.follow_up["label"] or self.case_number or friendly_reference(self.pseudonym)


@dataclass(frozen=True)
class Page:
    rows: list[ProfileRow]
    total: int
    page: int
    pages: int
    request: Request
    queue: list[QueueRow] = field(default_factory=list)
    queue_total: int = 0
    queue_page: int = 1
    queue_pages: int = 1
    due: list[DueRow] = field(default_factory=list)


def _pages(total: int, size: int) -> int:
    return max(1, math.ceil(total / size))


def caseworker_dashboard(
    session: Session, principal: Principal, privacy: PrivacyTools, request: Request, *, clock: Clock = SYSTEM_CLOCK
) -> Page:
    principal.require(Role.CASEWORKER)
    conn = session.connection()
    q = request.q.strip()[:MAX_SEARCH]
    found: list[str] = []
    if q:
        # Case numbers stored before lookup hashes existed get theirs now, once (migration 0016).
        while case_references.has_missing_lookups(conn, org_id=principal.org_id):
            case_references.index_lookups(conn, org_id=principal.org_id, cipher=privacy.cipher, missing_only=True)
        found = case_references.find(conn, org_id=principal.org_id, case_number=q, cipher=privacy.cipher)
    query = Query(
        text=q,
        pseudonyms=tuple(found),
        pseudonym_prefix=pseudonym_prefix(q) if q else None,
        filters=request.filters,
        sort=request.sort,
        descending=request.descending,
    )
    now = clock.now()
    page = max(request.page, 1)
    rows, total = repo.search(
        conn, org_id=principal.org_id, query=query, now=now, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE
    )
    pages = _pages(total, PAGE_SIZE)
    if page > pages:  # an old bookmark past the end: show the last page rather than an empty one
        page = pages
        rows, total = repo.search(
            conn, org_id=principal.org_id, query=query, now=now, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE
        )
    queue_page = max(request.queue_page, 1)
    answers, queue_total = repo.interested_answers(
        conn, org_id=principal.org_id, limit=QUEUE_SIZE, offset=(queue_page - 1) * QUEUE_SIZE
    )
    due = follow_ups.due_this_week(session, principal, clock=clock)
    shown = list(
        dict.fromkeys(
            [r.pseudonym for r in rows] + [a.pseudonym for a in answers] + [d["profile_pseudonym"] for d in due]
        )
    )
    numbers = case_references.get_many(session, pseudonyms=shown, cipher=privacy.cipher)
    # One event per person listed (their own trail shows it), written in one statement.
    audit.log_many(session, principal, "profile.list", pseudonyms=shown, detail={"view": "dashboard"})
    return Page(
        rows=[ProfileRow(r, numbers.get(r.pseudonym)) for r in rows],
        total=total,
        page=page,
        pages=pages,
        request=request,
        queue=[QueueRow(a, numbers.get(a.pseudonym)) for a in answers],
        queue_total=queue_total,
        queue_page=queue_page,
        queue_pages=_pages(queue_total, QUEUE_SIZE),
        due=[DueRow(d, numbers.get(d["profile_pseudonym"])) for d in due],
    )


@dataclass(frozen=True)
class Finding:
    kind: str  # message id from FOUND_KINDS
    text: str  # the part of the label it is about (shown back to the caseworker who typed it)


class LabelRefused(ValidationFailed):
    """A label in which the scrubber found personal data; `findings` says what and where."""

    def __init__(self, findings: list[Finding]) -> None:
        described = ", ".join(f"{f.kind} (“{f.text}”)" for f in findings)
        super().__init__(
            f"The label was not saved: it seems to hold {described}. A label must not identify the person; "
            "use words such as “Tuesday group 3” or “forklift, evenings”."
        )
        self.findings = findings


def label_findings(label: str, scrubber: "Scrubber") -> list[Finding]:
    """What the scrubber finds in the label, alone and inside a short sentence (spans within the label)."""
    spans: set[tuple[str, int, int]] = set(scrubber.scrub(label).found)
    start = _LABEL_FRAME.index("{}")
    for entity, a, b in scrubber.scrub(_LABEL_FRAME.format(label)).found:
        a, b = max(a - start, 0), min(b - start, len(label))
        if a < b:
            spans.add((entity, a, b))
    findings: dict[tuple[str, str], Finding] = {}
    for entity, a, b in sorted(spans, key=lambda s: (s[1], s[2])):
        kind = FOUND_KINDS.get(entity, ID_KIND)
        piece = label[a:b].strip(" .")
        findings.setdefault((kind, piece), Finding(kind, piece))
    return list(findings.values())


def set_label(session: Session, principal: Principal, pseudonym: str, label: str, privacy: PrivacyTools) -> str | None:
    """Save (or, when blank, remove) the profile's label; refused with what the scrubber found in it."""
    profile = load_for_caseworker(session, principal, pseudonym)
    clean = " ".join(label.split())
    if len(clean) > MAX_LABEL:
        raise ValidationFailed(f"A label can be at most {MAX_LABEL} characters; this one has {len(clean)}.")
    if clean:
        findings = label_findings(clean, privacy.scrubber)
        if findings:
            raise LabelRefused(findings)
    profile.label = clean or None
    session.add(profile)
    session.flush()
    audit.log(session, principal, "profile.label", pseudonym=pseudonym, detail={"set": bool(clean)})
    return profile.label
