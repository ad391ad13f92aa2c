"""FastAPI dependencies: the request's database session and the shared resources."""

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Request
from sqlmodel import Session

from api.resources import Resources
from matcher.encoder import Encoder
from models.clock import Clock
from models.errors import DatabaseSetupError
from models.repositories import tenancy


def get_resources(request: Request) -> Resources:
    resources: Resources = request.app.state.resources
    return resources


ResourcesDep = Annotated[Resources, Depends(get_resources)]


def get_session(resources: ResourcesDep) -> Iterator[Session]:
    """One transaction per request: commit on success, roll back on any error."""
    with Session(resources.engine, expire_on_commit=False) as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise


# scope="function": commit before the response leaves. With the default ("request") the commit ran after
# it was sent, so a browser following a 303 (sign-in, new profile) could arrive before the data existed.
def get_app_session(session: Annotated[Session, Depends(get_session, scope="function")]) -> Session:
    """The request's session as the non-owner app role, no organization yet (row-level security).

    The caller's organization is bound once known (api.auth.get_principal, or the access-code lookup).
    Kept apart from get_session so tests that substitute the unit of work still take this path.
    """
    tenancy.enter_app_role(session)
    return session


SessionDep = Annotated[Session, Depends(get_app_session)]


def get_encoder(resources: ResourcesDep) -> Encoder:
    if resources.encoder is None:
        raise DatabaseSetupError("The embedding model is not loaded yet; try again shortly.")
    return resources.encoder


EncoderDep = Annotated[Encoder, Depends(get_encoder)]


def get_clock(resources: ResourcesDep) -> Clock:
    """The resources' clock (system time; a test's frozen clock)."""
    return resources.clock


ClockDep = Annotated[Clock, Depends(get_clock)]
