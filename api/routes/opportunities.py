"""The person's own page: opened with an access code sent in a header (never in the URL)."""

from typing import Annotated

from fastapi import APIRouter, Depends, Header, Request
from fastapi.responses import JSONResponse

from api.auth import no_store
from api.client_address import client_address
from api.deps import SessionDep
from api.schemas.common import PageDep
from api.schemas.opportunities import AnswerIn, OpportunityList, OpportunityOut
from api.services import access

router = APIRouter(
    prefix="/my",
    tags=["opportunities"],
    dependencies=[Depends(no_store)],
    responses={
        404: {"description": "The code does not work (wrong, expired or revoked)."},
        429: {"description": "Too many codes that do not work were tried from this address."},
    },
)
CodeHeader = Annotated[str, Header(alias="X-Access-Code", description="The code you were given.")]


def _refused(refused: access.CodeRefused) -> JSONResponse:
    # Returned, not raised: the request's transaction commits, so the failed guess is counted.
    return JSONResponse(
        status_code=refused.status_code,
        content={"error": refused.message},
        headers={"Cache-Control": "no-store", "Pragma": "no-cache"},
    )


@router.get("/opportunities", response_model=OpportunityList)
def my_opportunities(
    code: CodeHeader, session: SessionDep, page: PageDep, request: Request
) -> OpportunityList | JSONResponse:
    """Opportunities picked and checked for you."""
    try:
        found = access.opportunities(session, code, client=client_address(request))
    except access.CodeRefused as refused:
        return _refused(refused)
    items = [access.present(i) for i in found]
    shown = [OpportunityOut.model_validate(i) for i in items[page.offset : page.offset + page.limit]]
    return OpportunityList(items=shown, total=len(items), limit=page.limit, offset=page.offset)


@router.post("/opportunities/{opportunity_id}/answer", response_model=OpportunityOut)
def answer(
    opportunity_id: int, body: AnswerIn, code: CodeHeader, session: SessionDep, request: Request
) -> OpportunityOut | JSONResponse:
    """Say whether you are interested; you can change your answer."""
    try:
        item = access.respond(session, code, opportunity_id, body.answer, client=client_address(request))
    except access.CodeRefused as refused:
        return _refused(refused)
    return OpportunityOut.model_validate(access.present(item))
