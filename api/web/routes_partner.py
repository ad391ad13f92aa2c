"""Education partners' pages: their programs, uploading a program file, the upload's report, editing one program.

The upload is one multipart POST that answers at once: the file is spooled and its import queued as a
background job (api.services.upload_jobs) through the same importer as `wayfinder import programs`.
The job page polls its progress (htmx; without JavaScript the page refreshes itself) and, once the
job stopped, shows the report: valid records landed, invalid ones listed (line, column, what's wrong,
how to fix). With JavaScript, /static/partner_upload.js shows the bytes sent while the file goes up.
"""

from collections.abc import Mapping
from typing import Annotated, Any

from fastapi import File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, Response
from pydantic import ValidationError
from starlette.datastructures import FormData

from api.deps import ResourcesDep, SessionDep
from api.schemas.catalog import PartnerProgramEdit
from api.services import catalog_owners, upload_jobs
from api.web.form_fields import filled_fields
from api.web.i18n import N_, gettext, number
from api.web.partner_report import explain
from api.web.routes_employer import DAY_LABELS, SHIFT_LABELS, friendly_errors
from api.web.security import PagePrincipalDep
from api.web.templating import is_htmx, page_router, redirect, render
from models.enums import Delivery, PostingStatus, Role
from models.errors import ValidationFailed, WayfinderError

router = page_router(prefix="/partner", tags=["partner pages"])

# Labels are message ids, translated where they are shown.
FORMATS = {
    "auto": N_("Find out from the file"),
    "etpl": N_("WIOA Eligible Training Provider List (CSV)"),
    "ctdl": N_("Credential Engine CTDL (JSON-LD)"),
    "schemaorg": N_("schema.org EducationalOccupationalProgram (JSON-LD)"),
    "scorecard": N_("College Scorecard field of study (CSV)"),
}
DELIVERY_LABELS = {
    Delivery.IN_PERSON.value: N_("In person"),
    Delivery.ONLINE.value: N_("Online"),
    Delivery.HYBRID.value: N_("Both"),
}
TEXT_FIELDS = ("name", "description", "cost_total", "duration_weeks", "delivery", "city", "region")
LIST_FIELDS = ("shifts", "days")
FORM_FIELDS = frozenset((*TEXT_FIELDS, *LIST_FIELDS, "skills"))
# A program's status as the list shows it (the stored words, "held" read as the review it waits for).
STATUS_NAMES = {
    PostingStatus.ACTIVE.value: N_("active"),
    PostingStatus.HELD.value: N_("under review"),
    PostingStatus.REJECTED.value: N_("rejected"),
    PostingStatus.CLOSED.value: N_("closed"),
    PostingStatus.EXPIRED.value: N_("expired"),
}
# How a delimited upload's values were separated (etl.sources.csv_rows.DELIMITERS), in the page's words.
DELIMITER_NAMES = {
    "comma": N_("commas"),
    "tab": N_("tabs"),
    "pipe": N_("pipes (|)"),
    "semicolon": N_("semicolons"),
}
COUNT_WORDS = {
    "read": N_("records read"),
    "inserted": N_("new programs"),
    "updated": N_("programs changed"),
    "unchanged": N_("programs unchanged"),
    "errors": N_("records skipped"),
}


def program_data(form: FormData) -> dict[str, Any]:
    """The form as PartnerProgramEdit's fields: blanks left out, skills split on commas."""
    data = filled_fields(form, text=TEXT_FIELDS, lists=LIST_FIELDS)
    skills = form.get("skills")
    data["skills"] = [s.strip() for s in skills.split(",") if s.strip()] if isinstance(skills, str) else []
    return data


def check_program(data: dict[str, Any]) -> tuple[PartnerProgramEdit | None, dict[str, str]]:
    """The body if every check passes (skills are words the taxonomy knows); else a message per field."""
    try:
        body = PartnerProgramEdit.model_validate(data)
    except ValidationError as exc:
        errors = friendly_errors(exc, FORM_FIELDS)
        if "name" in errors and "name" not in data:
            errors["name"] = gettext("Give the program's name.")
        return None, errors
    try:
        catalog_owners.resolve_skills(body.skills)
    except ValidationFailed as exc:
        return None, {"skills": exc.message.partition(": ")[2] or exc.message}
    return body, {}


def _shown(value: Any) -> Any:
    return f"{value:g}" if isinstance(value, float) else value


def form_values(row: Mapping[str, Any]) -> dict[str, Any]:
    """What the edit form shows for a stored program (900.0 shows as 900)."""
    return {
        **{name: _shown(row.get(name)) for name in (*TEXT_FIELDS, *LIST_FIELDS)},
        "skills": ", ".join(row.get("skill_labels") or []),
    }


def _form_context(program: Mapping[str, Any], values: Mapping[str, Any], errors: Mapping[str, str]) -> dict[str, Any]:
    return {
        "program": program,
        "values": values,
        "errors": errors,
        "deliveries": DELIVERY_LABELS,
        "shifts": SHIFT_LABELS,
        "days": DAY_LABELS,
    }


@router.get("")
def programs_page(request: Request, principal: PagePrincipalDep, session: SessionDep, done: str = "") -> Response:
    """The partner's programs, newest first."""
    rows, total = catalog_owners.list_programs(session, principal, limit=200, offset=0)
    notice = gettext(N_("Your changes were saved.")) if done == "saved" else None
    context = {
        "programs": rows,
        "total": total,
        "notice": notice,
        "deliveries": DELIVERY_LABELS,
        "status_names": STATUS_NAMES,
    }
    return render(request, "partner/programs.html", context, principal=principal)


@router.get("/upload")
def upload_page(request: Request, principal: PagePrincipalDep) -> Response:
    principal.require(Role.EDUCATION_PARTNER, scope="programs:write")
    return render(request, "partner/upload.html", {"formats": FORMATS, "chosen": "auto"}, principal=principal)


@router.post("/upload")
def upload(
    request: Request,
    principal: PagePrincipalDep,
    session: SessionDep,
    resources: ResourcesDep,
    file: Annotated[UploadFile | None, File()] = None,
    format: Annotated[str, Form()] = "auto",
) -> Response:
    """Queue the file's import and go to its job page at once. A file that cannot be read at all changes nothing."""
    principal.require(Role.EDUCATION_PARTNER, scope="programs:write")
    try:
        run_id = upload_jobs.start_upload(
            session,
            resources,
            principal,
            filename=(file.filename if file else "") or "",
            stream=file.file if file is not None else None,
            fmt=format,
        )
    except WayfinderError as exc:
        context = {"formats": FORMATS, "chosen": format, "error": exc.message.removeprefix("file: ")}
        # htmx swaps only 2xx answers; the form selects <main> from this page either way.
        status = 200 if is_htmx(request) else exc.status_code
        return render(request, "partner/upload.html", context, principal=principal, status_code=status)
    return redirect(request, f"/partner/uploads/{run_id}")


def _job_context(job: upload_jobs.UploadStatus) -> dict[str, Any]:
    problems = [explain(p["location"], p["field"], p["reason"], format=job.format) for p in job.problems]
    counts = [(word, job.counts.get(key, 0)) for key, word in COUNT_WORDS.items()]
    return {
        "job": job,
        "problems": problems,
        "counts": counts,
        "format_name": FORMATS.get(job.format),
        "progress_words": progress_words(job),
        "delimiter_names": DELIMITER_NAMES,
    }


def progress_words(job: upload_jobs.UploadStatus) -> str:
    """The job's state in one plain sentence (the page's live status region reads it out)."""
    read, imported, skipped = job.counts.get("read", 0), job.imported, job.counts.get("errors", 0)
    counts = {"read": number(read), "imported": number(imported), "skipped": number(skipped)}
    if job.status == "queued":
        return gettext("Queued: the import starts in a moment, after any other upload being imported.")
    if job.status == "running":
        return (
            gettext(
                "Importing your programs: %(read)s records read, %(imported)s imported, %(skipped)s skipped so far."
            )
            % counts
        )
    if job.status == "embedding":
        return gettext(
            "Preparing your programs for matching (%(embedded)s done): "
            "%(read)s records read, %(imported)s imported, %(skipped)s skipped."
        ) % {**counts, "embedded": number(job.counts.get("embedded", 0))}
    if job.status == "finished":
        return gettext("Finished: %(read)s records read, %(imported)s imported, %(skipped)s skipped.") % counts
    if job.status == "failed":
        return gettext("Stopped on a problem after %(read)s records read and %(imported)s imported.") % counts
    return (
        gettext("Stopped before the end (the service restarted) after %(read)s records read and %(imported)s imported.")
        % counts
    )


@router.get("/uploads/{run_id}")
def upload_report_page(request: Request, run_id: int, principal: PagePrincipalDep, session: SessionDep) -> Response:
    """An upload's job page: progress while it runs, then what it did and each skipped record with how to fix it."""
    job = upload_jobs.upload_status(session, principal, run_id)
    return render(request, "partner/report.html", _job_context(job), principal=principal)


@router.get("/uploads/{run_id}/progress", response_class=HTMLResponse)
def upload_progress(request: Request, run_id: int, principal: PagePrincipalDep, session: SessionDep) -> Response:
    """htmx polling: the status sentence while the job runs; once it stopped, reload the page for its report."""
    job = upload_jobs.upload_status(session, principal, run_id, with_problems=False)
    response = render(request, "partner/job_progress.html", _job_context(job), principal=principal)
    if job.done:
        response.headers["HX-Refresh"] = "true"
    return response


@router.get("/programs/{program_id}/edit")
def edit_program_page(request: Request, program_id: int, principal: PagePrincipalDep, session: SessionDep) -> Response:
    principal.require(Role.EDUCATION_PARTNER, scope="programs:write")
    row = catalog_owners.program_for_edit(session, principal, program_id)
    return render(request, "partner/program_form.html", _form_context(row, form_values(row), {}), principal=principal)


@router.post("/programs/check", response_class=HTMLResponse)
async def check_field(request: Request, principal: PagePrincipalDep) -> Response:
    """htmx: the message for the field just left (empty when it is fine)."""
    principal.require(Role.EDUCATION_PARTNER, scope="programs:write")
    field = request.headers.get("hx-trigger-name", "")
    _, errors = check_program(program_data(await request.form()))
    return render(request, "employer/field_error.html", {"field": field, "message": errors.get(field, "")})


@router.post("/programs/{program_id}/edit")
async def save_program(
    request: Request, program_id: int, principal: PagePrincipalDep, session: SessionDep, resources: ResourcesDep
) -> Response:
    """Save the program, or show the form again with what was typed and what to fix."""
    principal.require(Role.EDUCATION_PARTNER, scope="programs:write")
    row = catalog_owners.program_for_edit(session, principal, program_id)
    data = program_data(await request.form())
    body, errors = check_program(data)
    if body is None:
        context = _form_context(row, {**data, "skills": ", ".join(data["skills"])}, errors)
        return render(request, "partner/program_form.html", context, principal=principal, status_code=422)
    catalog_owners.edit_program(session, resources, principal, program_id, body)
    return redirect(request, "/partner?done=saved")
