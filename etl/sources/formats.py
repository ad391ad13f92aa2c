"""The format names the CLI accepts, and the JSON-LD @types each JSON-LD format reads."""

JOB_FORMATS = ("jsonld", "usajobs", "csv")
PROGRAM_FORMATS = ("ctdl", "schemaorg", "etpl", "scorecard")

JOB_TYPES = {"JobPosting"}
SCHEMA_PROGRAM_TYPES = {"EducationalOccupationalProgram", "WorkBasedProgram", "Course"}
CTDL_TYPES = {
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
