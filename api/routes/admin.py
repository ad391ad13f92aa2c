"""Organization admins manage their own organization's users."""

from fastapi import APIRouter, Depends, status

from api.auth import PrincipalDep, no_store
from api.deps import SessionDep
from api.schemas.accounts import UserCreateIn, UserOut, UserUpdateIn
from api.schemas.common import Page, PageDep
from api.schemas.outcomes import FollowUpDaysIn, FollowUpDaysOut
from api.services import accounts, follow_ups
from models.enums import Role

router = APIRouter(
    prefix="/admin",
    tags=["administration"],
    dependencies=[Depends(no_store)],
    responses={401: {"description": "Not signed in."}, 403: {"description": "Not an admin."}},
)


@router.post(
    "/users",
    response_model=UserOut,
    status_code=status.HTTP_201_CREATED,
    responses={409: {"description": "That e-mail already has an account."}},
)
def create_user(body: UserCreateIn, principal: PrincipalDep, session: SessionDep) -> UserOut:
    """Add a user to your organization."""
    user = accounts.create_user(session, principal, email=body.email, role=body.role, password=body.password)
    return UserOut.model_validate(user, from_attributes=True)


@router.get("/users", response_model=Page[UserOut])
def list_users(principal: PrincipalDep, session: SessionDep, page: PageDep) -> Page[UserOut]:
    """Your organization's users."""
    rows, total = accounts.list_users(session, principal, limit=page.limit, offset=page.offset)
    items = [UserOut.model_validate(u, from_attributes=True) for u in rows]
    return Page(items=items, total=total, limit=page.limit, offset=page.offset)


@router.patch("/users/{user_id}", response_model=UserOut, responses={404: {"description": "Not in your organization."}})
def update_user(user_id: int, body: UserUpdateIn, principal: PrincipalDep, session: SessionDep) -> UserOut:
    """Change a user's role or disable them; their sessions and tokens end at once."""
    user = accounts.update_user(session, principal, user_id, role=body.role, is_active=body.is_active)
    return UserOut.model_validate(user, from_attributes=True)


@router.get("/follow-up-days", response_model=FollowUpDaysOut)
def follow_up_days(principal: PrincipalDep, session: SessionDep) -> FollowUpDaysOut:
    """The days after a share when your agency's follow-ups fall due (its own, or the site setting)."""
    principal.require(Role.ADMIN)
    days, own = follow_ups.days_for_org(session, principal)
    return FollowUpDaysOut(days=days, own=own)


@router.put("/follow-up-days", response_model=FollowUpDaysOut, responses={422: {"description": "Days out of range."}})
def set_follow_up_days(body: FollowUpDaysIn, principal: PrincipalDep, session: SessionDep) -> FollowUpDaysOut:
    """Set your agency's own follow-up days (1 to 12 days, each 1..3650); null returns to the site setting.
    Items already shared keep their follow-ups."""
    follow_ups.set_days_for_org(session, principal, body.days)
    days, own = follow_ups.days_for_org(session, principal)
    return FollowUpDaysOut(days=days, own=own)
