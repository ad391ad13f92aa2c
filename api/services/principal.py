"""Who is asking: the signed-in user (web session) or a partner's scoped API token.

Every service function takes a Principal and checks role, scope and organization itself, so a
route cannot forget to: another role gets 403, another organization's record answers 404.
"""

from dataclasses import dataclass, field
from typing import Literal

from models.enums import Role
from models.errors import PermissionDeniedError, WayfinderError


class NotAuthenticatedError(WayfinderError):
    status_code = 401


class TooManyAttemptsError(WayfinderError):
    status_code = 429


# What each scope lets a token do; a token never reaches caseworker or admin functions.
SCOPES_BY_ROLE: dict[Role, frozenset[str]] = {
    Role.EMPLOYER: frozenset({"postings:read", "postings:write"}),
    Role.EDUCATION_PARTNER: frozenset({"programs:read", "programs:write"}),
}


@dataclass(frozen=True)
class Principal:
    user_id: int
    org_id: int
    role: Role
    via: Literal["session", "token"] = "session"
    scopes: frozenset[str] = field(default_factory=frozenset)
    session_id: int | None = None

    def require(self, *roles: Role, scope: str | None = None) -> None:
        """Refuse (403) unless the role is one of `roles`; tokens also need `scope` (and a scope at all)."""
        if self.role not in roles:
            allowed = ", ".join(sorted(r.value for r in roles))
            raise PermissionDeniedError(f"This needs the role {allowed}; you are signed in as {self.role.value}.")
        if self.via == "token" and (scope is None or scope not in self.scopes):
            raise PermissionDeniedError(
                "This API token cannot do this: sign in on the web, or use a token with the "
                f"{scope or 'web-only'} scope."
            )
