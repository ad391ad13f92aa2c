"""SQLModel tables and schemas. Importing this package registers every table on the metadata."""

from models.access_code import AccessCode
from models.account import ApiToken, LoginAttempt, UserSession
from models.audit import AuditEvent
from models.case_reference import CaseReference
from models.catalog_state import CatalogChange, CatalogState, EmbeddingModel
from models.consent import Consent, Referral
from models.employer import Employer
from models.follow_up import FollowUp
from models.import_run import ImportRun
from models.job_posting import JobPosting, JobPostingIn
from models.organization import Organization, User
from models.outcome import OutcomeEvent
from models.page_ref import PageRef
from models.profile import SurvivorProfile
from models.program import ProgramIn, TrainingProgram, TrainingProvider
from models.recommendation import Recommendation, ReviewDecision

__all__ = [
    "AccessCode",
    "ApiToken",
    "AuditEvent",
    "CaseReference",
    "CatalogChange",
    "CatalogState",
    "Consent",
    "EmbeddingModel",
    "Employer",
    "FollowUp",
    "ImportRun",
    "JobPosting",
    "JobPostingIn",
    "LoginAttempt",
    "Organization",
    "OutcomeEvent",
    "PageRef",
    "ProgramIn",
    "Recommendation",
    "Referral",
    "ReviewDecision",
    "SurvivorProfile",
    "TrainingProgram",
    "TrainingProvider",
    "User",
    "UserSession",
]
