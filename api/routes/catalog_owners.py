"""Employers' own openings and education partners' own programs (session or scoped API token)."""

from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Response, UploadFile, status

from api.auth import PrincipalDep
from api.deps import ResourcesDep, SessionDep
from api.schemas.catalog import EmployerPostingIn, PostingOut, ProgramOut, RecordProblem, UploadJob
from api.schemas.common import Page, PageDep
from api.services import catalog_owners, upload_jobs

ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"description": "Not signed in."},
    403: {"description": "Wrong role, or the API token lacks the scope."},
    404: {"description": "Not your organization's."},
}
employer_router = APIRouter(prefix="/employer", tags=["employers"], responses=ERRORS)
partner_router = APIRouter(prefix="/partner", tags=["education partners"], responses=ERRORS)


@employer_router.post("/postings", response_model=PostingOut, status_code=status.HTTP_201_CREATED)
def create_posting(
    body: EmployerPostingIn, principal: PrincipalDep, session: SessionDep, resources: ResourcesDep
) -> PostingOut:
    """Post an opening. It is checked like every imported posting; some are held for a staff review first."""
    return PostingOut.model_validate(catalog_owners.create_posting(session, resources, principal, body))


@employer_router.get("/postings", response_model=Page[PostingOut])
def list_postings(principal: PrincipalDep, session: SessionDep, page: PageDep) -> Page[PostingOut]:
    """Your openings with their review status and interest counts."""
    rows, total = catalog_owners.list_postings(session, principal, limit=page.limit, offset=page.offset)
    return Page(items=[PostingOut.model_validate(r) for r in rows], total=total, limit=page.limit, offset=page.offset)


@employer_router.get("/postings/{posting_id}", response_model=PostingOut)
def get_posting(posting_id: int, principal: PrincipalDep, session: SessionDep) -> PostingOut:
    """One of your openings."""
    return PostingOut.model_validate(catalog_owners.get_posting(session, principal, posting_id))


@employer_router.put("/postings/{posting_id}", response_model=PostingOut)
def edit_posting(
    posting_id: int, body: EmployerPostingIn, principal: PrincipalDep, session: SessionDep, resources: ResourcesDep
) -> PostingOut:
    """Replace an opening's content; it is checked again."""
    return PostingOut.model_validate(catalog_owners.edit_posting(session, resources, principal, posting_id, body))


@employer_router.post("/postings/{posting_id}/close", response_model=PostingOut)
def close_posting(posting_id: int, principal: PrincipalDep, session: SessionDep) -> PostingOut:
    """Close an opening: it leaves every list at once."""
    return PostingOut.model_validate(catalog_owners.close_posting(session, principal, posting_id))


@employer_router.post(
    "/postings/{posting_id}/duplicate", response_model=PostingOut, status_code=status.HTTP_201_CREATED
)
def duplicate_posting(
    posting_id: int, principal: PrincipalDep, session: SessionDep, resources: ResourcesDep
) -> PostingOut:
    """Post a copy of one of your openings (any status, closed or expired included) as a new opening with
    its own id and source_id. It is checked like every new opening; a last day to apply that has passed is
    left out of the copy."""
    return PostingOut.model_validate(catalog_owners.duplicate_posting(session, resources, principal, posting_id))


@partner_router.post("/programs/upload", response_model=UploadJob, status_code=status.HTTP_202_ACCEPTED)
def upload_programs(
    file: Annotated[UploadFile, File(description="CTDL or schema.org JSON-LD, WIOA ETPL CSV, or Scorecard CSV.")],
    principal: PrincipalDep,
    session: SessionDep,
    resources: ResourcesDep,
    response: Response,
    format: Annotated[str, Form(description="auto, ctdl, schemaorg, etpl or scorecard.")] = "auto",
) -> UploadJob:
    """Upload your programs: answered at once with the upload's job; its progress and report are at
    `status_url`. Bad records are skipped and listed with what to fix, the rest are imported. A file
    that cannot be read at all is refused here (422) and changes nothing."""
    run_id = upload_jobs.start_upload(
        session, resources, principal, filename=file.filename or "", stream=file.file, fmt=format
    )
    response.headers["Location"] = job_url(run_id)
    return job_out(upload_jobs.upload_status(session, principal, run_id))


@partner_router.get("/programs/uploads/{run_id}", response_model=UploadJob)
def upload_job(run_id: int, principal: PrincipalDep, session: SessionDep) -> UploadJob:
    """One of your uploads: its progress so far and, once done, the skipped records."""
    return job_out(upload_jobs.upload_status(session, principal, run_id))


def job_url(run_id: int) -> str:
    return f"/partner/programs/uploads/{run_id}"


def job_out(job: upload_jobs.UploadStatus) -> UploadJob:
    return UploadJob(
        id=job.run_id,
        status=job.status,
        done=job.done,
        status_url=job_url(job.run_id),
        file_name=job.file_name,
        format=job.format,
        message=job.message,
        problems=[RecordProblem(**p) for p in job.problems[:100]],
        **{k: job.counts.get(k, 0) for k in ("read", "inserted", "updated", "unchanged", "errors", "embedded")},
    )


@partner_router.get("/programs", response_model=Page[ProgramOut])
def list_programs(principal: PrincipalDep, session: SessionDep, page: PageDep) -> Page[ProgramOut]:
    """Your programs."""
    rows, total = catalog_owners.list_programs(session, principal, limit=page.limit, offset=page.offset)
    return Page(items=[ProgramOut.model_validate(r) for r in rows], total=total, limit=page.limit, offset=page.offset)
