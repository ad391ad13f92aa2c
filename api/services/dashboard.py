"""The caseworker's start page: their organization's profiles with how many items wait for review."""

from dataclasses import dataclass, field

from sqlmodel import Session

from api.services import profiles
from api.services.principal import Principal
from models.privacy.tools import PrivacyTools
from models.profile import ProfileRecord
from models.repositories import review_counts


@dataclass(frozen=True)
class ProfileSummary:
    profile: ProfileRecord
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def pending(self) -> int:
        """Ranked items nobody has decided on yet."""
        return self.counts.get("proposed", 0)


def caseworker_dashboard(
    session: Session, principal: Principal, privacy: PrivacyTools, *, limit: int, offset: int
) -> tuple[list[ProfileSummary], int]:
    """Profiles (most recently edited first) with their recommendation counts; listing is audited per profile."""
    rows, total = profiles.list_profiles(session, principal, privacy, limit=limit, offset=offset)
    counts = review_counts.status_counts(
        session.connection(), org_id=principal.org_id, pseudonyms=[r.pseudonym for r in rows]
    )
    return [ProfileSummary(r, counts.get(r.pseudonym, {})) for r in rows], total
