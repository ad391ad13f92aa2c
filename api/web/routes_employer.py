"""Employers' pages: their openings with review status, post / edit / close, inline validation.

Every action is a plain form POST answered by a redirect (or the form again, with its errors); htmx
only adds checking a field as it is left. The checks are the JSON API's: the EmployerPostingIn schema,
then the same normalizer every imported posting goes through. An employer sees its own openings and
aggregate interest counts, never anything about a person, nor which screening check held an opening.
"""

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse, Response
from pydantic import ValidationError
from starlette.datastructures import FormData

from api.deps import ResourcesDep, SessionDep
from api.schemas.catalog import EmployerPostingIn
from api.services import catalog_owners
from api.services.principal import Principal
from api.web.form_fields import filled_fields
from api.web.i18n import N_, gettext
from api.web.me_view import pay_text
from api.web.security import PagePrincipalDep
from api.web.templating import page_router, redirect, render
from models.enums import EmploymentType, PayUnit, Role, Shift
from models.errors import ValidationFailed

router = page_router(prefix="/employer", tags=["employer pages"])

# The service's status words, in the words the page uses ("live" reads as jargon to an employer). They are
# message ids: the page translates them where it shows them (and keeps the English word for its CSS class).
STATUS_WORDS = {"live": N_("published")}
STATUS_NAMES = (N_("under review"), N_("not accepted"), N_("closed"), N_("expired"))  # marked for extraction
STATUS_HELP = {
    "published": N_("People can be matched with it."),
    "under review": N_("Our team checks some openings before anyone sees them; nothing to do for now."),
    "not accepted": N_("Our team did not accept it; contact us if you think this is a mistake."),
    "closed": N_("You closed it."),
    "expired": N_("Its last day to apply has passed."),
}
EMPLOYMENT_TYPE_LABELS = {
    EmploymentType.FULL_TIME: N_("Full time"),
    EmploymentType.PART_TIME: N_("Part time"),
    EmploymentType.TEMPORARY: N_("Temporary"),
    EmploymentType.CONTRACTOR: N_("Contractor"),
    EmploymentType.INTERN: N_("Internship"),
    EmploymentType.PER_DIEM: N_("Per diem"),
    EmploymentType.VOLUNTEER: N_("Volunteer"),
    EmploymentType.OTHER: N_("Other"),
}
PAY_UNIT_LABELS = {
    PayUnit.HOUR: N_("an hour"),
    PayUnit.DAY: N_("a day"),
    PayUnit.WEEK: N_("a week"),
    PayUnit.MONTH: N_("a month"),
    PayUnit.YEAR: N_("a year"),
}
SHIFT_LABELS = {
    Shift.DAY: N_("Day"),
    Shift.EVENING: N_("Evening"),
    Shift.NIGHT: N_("Night"),
    Shift.WEEKEND: N_("Weekend"),
    Shift.FLEXIBLE: N_("Flexible"),
}
DAY_LABELS = {
    "mon": N_("Mon"),
    "tue": N_("Tue"),
    "wed": N_("Wed"),
    "thu": N_("Thu"),
    "fri": N_("Fri"),
    "sat": N_("Sat"),
    "sun": N_("Sun"),
}

TEXT_FIELDS = (
    "title",
    "description",
    "pay_min",
    "pay_max",
    "pay_unit",
    "city",
    "region",
    "postal_code",
    "hours_per_week",
    "qualifications",
    "how_to_apply",
    "url",
    "valid_through",
    "openings",
)
LIST_FIELDS = ("employment_types", "shifts", "days")
BOOL_FIELDS = ("is_remote",)
FORM_FIELDS = frozenset((*TEXT_FIELDS, *LIST_FIELDS, *BOOL_FIELDS))
# Published fields the form does not show: an edit keeps them as they are.
KEPT_ON_EDIT = (
    "pay_currency",
    "country",
    "work_hours_text",
    "industry",
    "education_required",
    "experience_months",
    "requires_citizenship",
)
# The normalizer names fields after the jobs-CSV columns; the form after the schema.
NORMALIZER_FIELDS = {
    "state": "region",
    "zip": "postal_code",
    "employment_type": "employment_types",
    "work_hours": "work_hours_text",
    "soc_code": "occupation_code",
    "education": "education_required",
}
# Clearer words than pydantic's for the checks people trip over.
FRIENDLY = {
    ("title", "string_too_short"): N_("Give the job's title (at least 2 characters)."),
    ("title", "missing"): N_("Give the job's title."),
    ("postal_code", "string_pattern_mismatch"): N_("Give a 5-digit ZIP code, e.g. 98101."),
    ("url", "string_pattern_mismatch"): N_("Give a web address starting with http:// or https://."),
}
# What a held opening's review is about, in broad categories: never the rule, the words or the evidence.
REVIEW_CATEGORIES = {
    "worker_fees": N_("fees, costs or deductions for workers"),
    "housing_transport": N_("fees, costs or deductions for workers"),
    "cash_or_withheld_pay": N_("how and when pay is given"),
    "pay_above_market": N_("how and when pay is given"),
    "document_retention": N_("workers' documents and personal details"),
    "personal_data_early": N_("workers' documents and personal details"),
    "travel_visa": N_("travel, visas or moving for the job"),
    "hours_movement": N_("travel, visas or moving for the job"),
    "employer_identity": N_("who the employer is and how to reach them"),
    "messaging_contact": N_("who the employer is and how to reach them"),
    "urgency_no_interview": N_("how people are hired"),
}
NUMBER_ERRORS = frozenset({"float_parsing", "int_parsing", "float_type", "int_type", "int_from_float"})


def _number(value: Any) -> str:
    """1.0 -> '1', 0.5 -> '0.5': limits read as people write them."""
    return f"{value:g}" if isinstance(value, float) else str(value)


def friendly_errors(exc: ValidationError, fields: frozenset[str]) -> dict[str, str]:
    """One message per form field, in words a non-developer can act on."""
    errors: dict[str, str] = {}
    for err in exc.errors():
        field = str(err["loc"][0]) if err["loc"] else ""
        if field not in fields or field in errors:
            continue
        kind = str(err["type"])
        ctx = err.get("ctx") or {}
        if (field, kind) in FRIENDLY:
            message = gettext(FRIENDLY[(field, kind)])
        elif kind in NUMBER_ERRORS:
            message = (
                gettext("Enter a number, e.g. 18.50.") if kind.startswith("float") else gettext("Enter a whole number.")
            )
        elif kind == "greater_than_equal":
            message = gettext("Enter %(limit)s or more.") % {"limit": _number(ctx.get("ge"))}
        elif kind == "greater_than":
            message = gettext("Enter more than %(limit)s.") % {"limit": _number(ctx.get("gt"))}
        elif kind == "less_than_equal":
            message = gettext("Enter %(limit)s or less.") % {"limit": _number(ctx.get("le"))}
        elif kind == "string_too_long":
            message = gettext("Shorten this to %(limit)s characters or fewer.") % {"limit": ctx.get("max_length")}
        elif kind in ("date_from_datetime_parsing", "date_parsing"):
            message = gettext("Enter a date, e.g. 2027-03-31.")
        else:
            message = str(err["msg"])  # pydantic's own words: rare checks the form cannot trip by typing
        errors[field] = message
    return errors


def posting_data(form: FormData) -> dict[str, Any]:
    """The form as the schema's fields: blanks left out (the schema's defaults), boxes as lists/booleans."""
    data = filled_fields(form, text=TEXT_FIELDS, lists=LIST_FIELDS)
    for name in BOOL_FIELDS:
        data[name] = form.get(name) in ("on", "true", "1")
    return data


def check_posting(
    session: SessionDep, principal: Principal, data: dict[str, Any]
) -> tuple[EmployerPostingIn | None, dict[str, str]]:
    """The body if every check passes; otherwise a message per field (schema first, then the normalizer)."""
    errors: dict[str, str] = {}
    try:
        body = EmployerPostingIn.model_validate(data)
    except ValidationError as exc:
        errors = friendly_errors(exc, FORM_FIELDS | frozenset(KEPT_ON_EDIT))
        # Check the rest too, so a field left as it is still shows its own normalizer error.
        rest = {k: v for k, v in data.items() if k not in errors}
        rest.setdefault("title", "Opening")
        try:
            body = EmployerPostingIn.model_validate(rest)
        except ValidationError:
            return None, errors
    try:
        catalog_owners.check_posting(session, principal, body)
    except ValidationFailed as exc:
        field, _, message = exc.message.partition(": ")
        errors.setdefault(NORMALIZER_FIELDS.get(field, field), message or exc.message)
    return (None, errors) if errors else (body, {})


def form_values(row: Mapping[str, Any]) -> dict[str, Any]:
    """What the edit form shows for a stored opening."""
    valid = row.get("valid_through")
    return {
        **{name: row.get(name) for name in FORM_FIELDS if name in row},
        "how_to_apply": row.get("contact_text"),
        "postal_code": "",
        "valid_through": valid.date().isoformat() if isinstance(valid, datetime) else valid,
    }


def _context(values: Mapping[str, Any], errors: Mapping[str, str], **extra: Any) -> dict[str, Any]:
    return {
        "values": values,
        "errors": errors,
        "employment_types": EMPLOYMENT_TYPE_LABELS,
        "pay_units": PAY_UNIT_LABELS,
        "shifts": SHIFT_LABELS,
        "days": DAY_LABELS,
        "today": date.today().isoformat(),
        **extra,
    }


def _status(row: Mapping[str, Any]) -> str:
    status = str(row["review_status"])
    return STATUS_WORDS.get(status, status)


def _opening(row: Mapping[str, Any]) -> dict[str, Any]:
    """A listed opening with its status word and its pay as people read it: "$19.50-$21.00 an hour"
    (with an en dash, from Babel)."""
    pay = pay_text(row.get("pay_min"), row.get("pay_max"), row.get("pay_unit"), row.get("pay_currency"))
    return {**row, "status_word": _status(row), "pay_text": pay}


def _posted_status(
    session: SessionDep, principal: Principal, settings: Any, opening: Mapping[str, Any]
) -> dict[str, Any]:
    """What the employer is told right after posting: published, or held with what the review is about."""
    status: dict[str, Any] = {"title": opening["title"], "word": opening["status_word"], "categories": []}
    if opening["status_word"] == "under review":
        families = catalog_owners.review_families(session, principal, int(opening["id"]))
        categories = dict.fromkeys(gettext(REVIEW_CATEGORIES[f]) for f in families if f in REVIEW_CATEGORIES)
        status.update(
            categories=list(categories),
            review_days=settings.employer_review_days,
            contact=settings.employer_review_contact,
        )
    return status


@router.get("")
def openings_page(
    request: Request,
    principal: PagePrincipalDep,
    session: SessionDep,
    resources: ResourcesDep,
    done: str = "",
    opening: int | None = None,
) -> Response:
    """The employer's openings with their review status and interest counts; after posting, where it stands."""
    rows, total = catalog_owners.list_postings(session, principal, limit=100, offset=0)
    openings = [_opening(r) for r in rows]
    notices = {
        "saved": N_("Your changes were saved."),
        "closed": N_("Opening closed. You can reopen it while its last day to apply has not passed."),
        "reopened": N_("Opening reopened."),
    }
    posted = None
    if done == "posted" and opening is not None:
        just_posted = next((o for o in openings if o["id"] == opening), None)
        if just_posted is not None:
            posted = _posted_status(session, principal, resources.settings, just_posted)
    notice = gettext(notices[done]) if done in notices else None
    return render(
        request,
        "employer/openings.html",
        {"openings": openings, "total": total, "status_help": STATUS_HELP, "notice": notice, "posted": posted},
        principal=principal,
    )


@router.get("/openings/new")
def new_opening_page(request: Request, principal: PagePrincipalDep) -> Response:
    principal.require(Role.EMPLOYER, scope="postings:write")
    return render(request, "employer/opening_form.html", _context({}, {}, opening=None), principal=principal)


@router.post("/openings/new")
async def post_opening(
    request: Request, principal: PagePrincipalDep, session: SessionDep, resources: ResourcesDep
) -> Response:
    """Create the opening, or show the form again with what was typed and what to fix."""
    principal.require(Role.EMPLOYER, scope="postings:write")
    form = await request.form()
    data = posting_data(form)
    source = _duplicated(session, principal, form.get("duplicate_of"))
    if source is not None:
        # A copy keeps the original's fields the form does not show (and its ZIP area when left empty).
        copied = catalog_owners.duplicate_fields(session, principal, int(source["id"]))
        data = {**{k: copied[k] for k in (*KEPT_ON_EDIT, "postal_code") if k in copied}, **data}
    body, errors = check_posting(session, principal, data)
    if body is None:
        context = _context(data, errors, opening=None, duplicate_of=source)
        return render(request, "employer/opening_form.html", context, principal=principal, status_code=422)
    created = catalog_owners.create_posting(session, resources, principal, body)
    return redirect(request, f"/employer?done=posted&opening={created['id']}")


def _duplicated(session: SessionDep, principal: Principal, posting_id: object) -> dict[str, Any] | None:
    """The employer's own opening that a new one copies (from the form's hidden field), if any."""
    if not isinstance(posting_id, str) or not posting_id.isdigit():
        return None
    return catalog_owners.posting_for_edit(session, principal, int(posting_id))


@router.get("/openings/{posting_id}/duplicate")
def duplicate_opening_page(
    request: Request, posting_id: int, principal: PagePrincipalDep, session: SessionDep
) -> Response:
    """A new opening's form filled in from one of the employer's openings (any status): posting it goes
    through the same checks as any new opening and makes a new opening; the original is left as it is."""
    principal.require(Role.EMPLOYER, scope="postings:write")
    source = catalog_owners.posting_for_edit(session, principal, posting_id)
    copied = catalog_owners.duplicate_fields(session, principal, posting_id)
    values = {**copied, "postal_code": ""}  # the form shows the kept ZIP area as help, as an edit does
    if isinstance(values.get("valid_through"), date):
        values["valid_through"] = values["valid_through"].isoformat()
    context = _context(values, {}, opening=None, duplicate_of=source)
    return render(request, "employer/opening_form.html", context, principal=principal)


@router.post("/openings/check", response_class=HTMLResponse)
async def check_field(request: Request, principal: PagePrincipalDep, session: SessionDep) -> Response:
    """htmx: the message for the field just typed in or left (empty when it is fine)."""
    principal.require(Role.EMPLOYER, scope="postings:write")
    field = request.headers.get("hx-trigger-name", "")
    _, errors = check_posting(session, principal, posting_data(await request.form()))
    return render(request, "employer/field_error.html", {"field": field, "message": errors.get(field, "")})


@router.get("/openings/{posting_id}/edit")
def edit_opening_page(request: Request, posting_id: int, principal: PagePrincipalDep, session: SessionDep) -> Response:
    principal.require(Role.EMPLOYER, scope="postings:write")
    row = catalog_owners.posting_for_edit(session, principal, posting_id)
    opening = {**row, "status_word": STATUS_WORDS.get(row["review_status"], row["review_status"])}
    context = _context(form_values(row), {}, opening=opening, status_help=STATUS_HELP)
    return render(request, "employer/opening_form.html", context, principal=principal)


@router.post("/openings/{posting_id}/edit")
async def save_opening(
    request: Request, posting_id: int, principal: PagePrincipalDep, session: SessionDep, resources: ResourcesDep
) -> Response:
    """Save an edit (screened again); fields the form does not show are kept as they were."""
    principal.require(Role.EMPLOYER, scope="postings:write")
    row = catalog_owners.posting_for_edit(session, principal, posting_id)
    data = posting_data(await request.form())
    kept = {k: row[k] for k in KEPT_ON_EDIT if row.get(k) not in (None, "", [])}
    if "postal_code" not in data and row.get("zip3"):
        # Only the first 3 digits were stored; resending them as a ZIP keeps the same area.
        kept["postal_code"] = f"{row['zip3']}00"
    body, errors = check_posting(session, principal, {**kept, **data})
    if body is None:
        opening = {**row, "status_word": STATUS_WORDS.get(row["review_status"], row["review_status"])}
        context = _context(data, errors, opening=opening, status_help=STATUS_HELP)
        return render(request, "employer/opening_form.html", context, principal=principal, status_code=422)
    catalog_owners.edit_posting(session, resources, principal, posting_id, body)
    return redirect(request, "/employer?done=saved")


@router.get("/openings/{posting_id}/close")
def confirm_close_page(request: Request, posting_id: int, principal: PagePrincipalDep, session: SessionDep) -> Response:
    """Ask before closing: what closing does, and that it can be undone."""
    opening = _opening(catalog_owners.get_posting(session, principal, posting_id))
    return render(request, "employer/close_confirm.html", {"opening": opening}, principal=principal)


@router.post("/openings/{posting_id}/close")
def close_opening(request: Request, posting_id: int, principal: PagePrincipalDep, session: SessionDep) -> Response:
    catalog_owners.close_posting(session, principal, posting_id)
    return redirect(request, "/employer?done=closed")


@router.post("/openings/{posting_id}/reopen")
def reopen_opening(request: Request, posting_id: int, principal: PagePrincipalDep, session: SessionDep) -> Response:
    catalog_owners.reopen_posting(session, principal, posting_id)
    return redirect(request, "/employer?done=reopened")
