"""The person's own page: opened with an access code sent in a header (never in the URL)."""

from typing import Annotated

from fastapi import APIRouter, Depends, Header

from api.auth import no_store
from api.deps import SessionDep
from api.schemas.common import PageDep
from api.schemas.opportunities import AnswerIn, OpportunityList, OpportunityOut
from api.services import access

router = APIRouter(
    prefix="/my",
    tags=["opportunities"],
    dependencies=[Depends(no_store)],
    responses={404: {"description": "The code does not work (wrong, expired or revoked)."}},
)
CodeHeader = Annotated[str, Header(alias="X-Access-Code", description="The code you were given.")]


@router.get("/opportunities", response_model=OpportunityList)
def my_opportunities(code: CodeHeader, session: SessionDep, page: PageDep) -> OpportunityList:
    """Opportunities picked and checked for you."""
    items = [access.present(i) for i in access.opportunities(session, code)]
    shown = [OpportunityOut.model_validate(i) for i in items[page.offset : page.offset + page.limit]]
    return OpportunityList(items=shown, total=len(items), limit=page.limit, offset=page.offset)


@router.post("/opportunities/{opportunity_id}/answer", response_model=OpportunityOut)
def answer(opportunity_id: int, body: AnswerIn, code: CodeHeader, session: SessionDep) -> OpportunityOut:
    """Say whether you are interested; you can change your answer."""
    return OpportunityOut.model_validate(access.present(access.respond(session, code, opportunity_id, body.answer)))
