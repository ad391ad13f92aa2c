"""The format names the CLI accepts, and the JSON-LD @types each JSON-LD format reads."""

import re
from typing import Any

JOB_FORMATS = ("jsonld", "usajobs", "csv")
PROGRAM_FORMATS = ("ctdl", "schemaorg", "etpl", "scorecard")

JOB_TYPES = {"JobPosting"}
SCHEMA_PROGRAM_TYPES = {"EducationalOccupationalProgram", "WorkBasedProgram", "Course"}
CTDL_TYPES = {
    "LearningOpportunityProfile",
    "LearningProgram",
    "Course",
    "Certificate",
    "Certification",
    "CertificateOfCompletion",
    "AssociateDegree",
    "AssociateOfAppliedScienceDegree",
    "AssociateOfArtsDegree",
    "AssociateOfScienceDegree",
    "BachelorDegree",
    "Degree",
    "Diploma",
    "ApprenticeshipCertificate",
    "JourneymanCertificate",
    "MasterCertificate",
    "BasicTechnicalCertificate",
    "License",
    "Badge",
    "DigitalBadge",
    "OpenBadge",
    "MicroCredential",
    "GeneralEducationDevelopment",
    "SecondarySchoolDiploma",
    "ProficiencyDiploma",
    "Credential",
}

# Every CTDL credential class ends in one of these words (ceterms:MasterDegree, ceterms:DoctoralDegree,
# ceterms:PreApprenticeshipCertificate, ceterms:ProfessionalDoctorate, ceterms:QualityAssuranceCredential, ...);
# the registry adds subclasses over time, so a name is matched by its ending, not only by the list above.
_CTDL_CREDENTIAL_NAME = re.compile(
    r"(Degree|Certificate|Certification|Diploma|Badge|Credential|Doctorate|License|Development)$"
)
# Shape of a JobPosting published without @type (Open Skills / skills-ml and state job-bank exports): a title
# and at least one field only a posting has.
JOB_POSTING_SHAPE = frozenset(
    {
        "hiringOrganization",
        "datePosted",
        "validThrough",
        "dateExpires",
        "baseSalary",
        "employmentType",
        "jobLocation",
        "jobDescription",
        "jobLocationType",
    }
)


def is_ctdl_resource(node: dict[str, Any], type_names: list[str]) -> bool:
    """A CTDL credential subclass whose name is not in CTDL_TYPES (only ceterms: names count)."""
    raw = node.get("@type")
    prefixed = [t for t in (raw if isinstance(raw, list) else [raw]) if isinstance(t, str) and t.startswith("ceterms:")]
    return any(_CTDL_CREDENTIAL_NAME.search(t.rsplit(":", 1)[-1]) for t in prefixed)


def looks_like_job_posting(node: dict[str, Any], type_names: list[str]) -> bool:
    """A node with no @type at all whose fields are a JobPosting's (a title and a posting-only field)."""
    if type_names or not isinstance(node.get("title"), str):
        return False
    return not JOB_POSTING_SHAPE.isdisjoint(node)
