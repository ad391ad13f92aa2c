"""Closed vocabularies shared by tables, schemas, the ETL and the matcher."""

from enum import StrEnum


class OrgKind(StrEnum):
    AGENCY = "agency"
    EMPLOYER = "employer"
    EDUCATION_PARTNER = "education_partner"


class Role(StrEnum):
    ADMIN = "admin"
    CASEWORKER = "caseworker"
    EMPLOYER = "employer"
    EDUCATION_PARTNER = "education_partner"


class PostingStatus(StrEnum):
    """Lifecycle of a job posting or program; only ACTIVE items reach a ranked list."""

    ACTIVE = "active"
    HELD = "held"  # tripped a screening rule; waits for staff
    REJECTED = "rejected"  # staff judged it unsafe
    CLOSED = "closed"  # closed by its employer or partner
    EXPIRED = "expired"  # validThrough / application close date passed


class EmploymentType(StrEnum):
    FULL_TIME = "FULL_TIME"
    PART_TIME = "PART_TIME"
    CONTRACTOR = "CONTRACTOR"
    TEMPORARY = "TEMPORARY"
    INTERN = "INTERN"
    VOLUNTEER = "VOLUNTEER"
    PER_DIEM = "PER_DIEM"
    OTHER = "OTHER"


class PayUnit(StrEnum):
    HOUR = "HOUR"
    DAY = "DAY"
    WEEK = "WEEK"
    MONTH = "MONTH"
    YEAR = "YEAR"


class Shift(StrEnum):
    DAY = "day"
    EVENING = "evening"
    NIGHT = "night"
    WEEKEND = "weekend"
    FLEXIBLE = "flexible"


class Delivery(StrEnum):
    IN_PERSON = "in_person"
    ONLINE = "online"
    HYBRID = "hybrid"


class EducationLevel(StrEnum):
    NONE = "none"
    PRIMARY = "primary"
    SECONDARY_PARTIAL = "secondary_partial"
    HIGH_SCHOOL = "high_school"  # diploma or equivalency
    POSTSECONDARY_CERTIFICATE = "postsecondary_certificate"
    SOME_COLLEGE = "some_college"
    ASSOCIATE = "associate"
    BACHELOR = "bachelor"
    GRADUATE = "graduate"


class ItemKind(StrEnum):
    JOB = "job"
    PROGRAM = "program"


class RecommendationStatus(StrEnum):
    """proposed -> approved | rejected; approved -> shared -> responded."""

    PROPOSED = "proposed"
    APPROVED = "approved"
    REJECTED = "rejected"
    SHARED = "shared"
    WITHDRAWN = "withdrawn"


class ReasonCode(StrEnum):
    GOOD_FIT = "good_fit"
    NOT_A_FIT = "not_a_fit"
    SAFETY_CONCERN = "safety_concern"
    PAY_TOO_LOW = "pay_too_low"
    SCHEDULE = "schedule"
    LOCATION = "location"
    ALREADY_APPLIED = "already_applied"
    NEEDS_TRAINING_FIRST = "needs_training_first"
    OTHER = "other"
    # Reasons that only a training program can have (review.REASONS_BY_KIND says which kind takes which).
    COST_TOO_HIGH = "cost_too_high"
    PREREQUISITES_NOT_MET = "prerequisites_not_met"
    ALREADY_ENROLLED = "already_enrolled"


class SurvivorResponse(StrEnum):
    INTERESTED = "interested"
    NOT_FOR_ME = "not_for_me"


class Outcome(StrEnum):
    APPLIED = "applied"
    INTERVIEWED = "interviewed"
    HIRED = "hired"
    LEFT = "left"


class VerificationStatus(StrEnum):
    UNVERIFIED = "unverified"
    VERIFIED = "verified"
    SUSPENDED = "suspended"


class OutcomeStage(StrEnum):
    """A step recorded after an item was shared (table outcome_event, migration 0019)."""

    APPLIED = "applied"
    INTERVIEW = "interview"
    OFFER = "offer"
    HIRED = "hired"  # occurred_on is the start date; pay range and hours recorded with it
    EMPLOYED_30 = "employed_30"  # still employed 30 days after the start
    EMPLOYED_90 = "employed_90"
    EMPLOYED_180 = "employed_180"
    LEFT = "left"  # with a reason code
    ENROLLED = "enrolled"  # programs
    COMPLETED = "completed"
    CREDENTIAL = "credential"  # credential earned


class LeftReason(StrEnum):
    """Why a person left a job they were hired into (outcome stage `left`): a code, never free text."""

    LAID_OFF = "laid_off"
    QUIT_FOUND_BETTER = "quit_found_better"  # left for a better job
    QUIT_CONDITIONS = "quit_conditions"  # pay, hours or treatment at work
    QUIT_PERSONAL = "quit_personal"  # health, family, transport, ...
    FIRED = "fired"
    CONTRACT_ENDED = "contract_ended"  # the job was temporary or seasonal
    UNSAFE = "unsafe"  # the workplace was not safe for the person
    OTHER = "other"
