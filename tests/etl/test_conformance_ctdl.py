"""CTDL conformance: real Credential Engine files (tests/fixtures/conformance/ctdl/SOURCES.md) import through
the same pipeline as `wayfinder import programs` and the field values in expected.json arrive."""

import json
from pathlib import Path

import pytest
from sqlalchemy import Engine

from etl.normalize import parse_programs
from models.program import ProgramIn
from tests.etl.conformance_corpus import CORPUS, check_file, enricher, import_file, import_like_cli

CTDL = CORPUS / "ctdl"


def test_ctdl_learning_program_graph_imports_program_and_courses_with_costs_durations_and_codes(
    committing_engine: Engine, tmp_path: Path
) -> None:
    result = import_file(committing_engine, "ctdl", "ingest_examples_learning_program_graph.json", tmp_path, enricher())
    assert check_file(result) == []
    program = result.rows["ce-bada0d68-f026-441d-80c1-cdabace4e525"]
    # Organization and its address are a separate @graph node named by a bare URL; language maps throughout.
    assert (program["provider_name"], program["city"], program["region"]) == ("Example University", "Exampleton", "NE")
    assert (program["cost_total"], program["duration_weeks"], program["delivery"]) == (4485.0, 39.0, "hybrid")
    course = result.rows["ce-9eb5105c-c5a5-4cf5-b6e8-e228400b9f34"]
    assert course["target_soc_codes"] == ["15-1131", "15-1251"]
    assert "High-school level of mathematics knowledge" in course["prerequisites"]  # entryCondition, en-US list


def test_ctdl_bachelor_degree_graph_keeps_the_credential_class(committing_engine: Engine, tmp_path: Path) -> None:
    result = import_file(committing_engine, "ctdl", "ingest_examples_bachelor_degree_graph.json", tmp_path, enricher())
    assert check_file(result) == []
    degree = result.rows["ce-8669d5c6-566b-4409-9fff-f09753605d13"]
    assert (degree["credential_type"], degree["provider_name"]) == ("Bachelor Degree", "Example University")


def test_ctdl_certification_takes_the_owners_address_and_keeps_naics_and_keywords(
    committing_engine: Engine, tmp_path: Path
) -> None:
    result = import_file(committing_engine, "ctdl", "registry_spec_certification_import.json", tmp_path, enricher())
    assert check_file(result) == []
    cert = result.rows["ce-28E50037-D306-4F1E-AA9D-22A0E716B7A7"]
    # offeredBy names the university only; the address is on the ownedBy organization node.
    assert (cert["provider_name"], cert["city"], cert["region"]) == (
        "Indiana University Bloomington",
        "Big Rapids",
        "MI",
    )
    assert cert["naics_codes"] == ["622", "62231"]
    assert "Medical Terminology" in cert["keywords"]


def test_ctdl_learning_opportunity_profiles_are_read_and_each_refusal_is_reported(
    committing_engine: Engine, tmp_path: Path
) -> None:
    # Before: "no LearningProgram or ... nodes found" for the whole file. Now each profile is read; these two
    # name only an accrediting / regulating body, never who offers them, so each is refused with that reason.
    result = import_file(
        committing_engine, "ctdl", "registry_spec_learning_opportunity_imports.json", tmp_path, enricher()
    )
    assert check_file(result) == []
    assert (result.summary.read, result.imported, result.summary.errors) == (2, 0, 2)
    assert {r["field"] for r in result.report} == {"ceterms:ownedBy"}


def test_ctdl_learning_opportunity_profile_from_a_state_registry_resolves_its_provider_and_costs(
    committing_engine: Engine, tmp_path: Path
) -> None:
    result = import_file(committing_engine, "ctdl", "nj_dol_sandbox_eldt_graph.json", tmp_path, enricher())
    assert check_file(result) == []
    eldt = result.rows["ce-58ea4f49-08ab-493d-b88d-cf36d507e536"]
    assert (eldt["cost_total"], eldt["cost_tuition"]) == (4409.0, 3600.0)  # AggregateCost wins, Tuition kept
    assert (eldt["city"], eldt["region"], eldt["duration_weeks"], eldt["shifts"]) == (
        "Bloomfield",
        "NJ",
        10.0,
        ["evening"],
    )


def test_ctdl_organization_named_by_url_but_missing_from_the_file_is_refused_naming_it(
    committing_engine: Engine, tmp_path: Path
) -> None:
    doc = json.loads((CTDL / "ingest_examples_learning_program_graph.json").read_text())
    doc["@graph"] = [n for n in doc["@graph"] if n["@type"] != "ceterms:Organization"]  # as the repository publishes it
    path = tmp_path / "program_without_org.json"
    path.write_text(json.dumps(doc))
    _, summary = import_like_cli(committing_engine, path, "programs", tmp_path / "reports", enricher())
    assert (summary.read, summary.errors) == (4, 4)
    reason = summary.problems[0].reason
    assert "Organization/1/Organization-1.json is not in this file" in reason


# Every credential class of CTDL, as Credential Engine's own validation code lists them (CredentialRegistry
# and Registry_Assistant sources), plus the learning-opportunity classes.
CREDENTIAL_CLASSES = [
    "ApprenticeshipCertificate", "AssociateDegree", "AssociateOfAppliedArtsDegree", "AssociateOfAppliedScienceDegree",
    "AssociateOfArtsDegree", "AssociateOfScienceDegree", "BachelorDegree", "BachelorOfArtsDegree",
    "BachelorOfScienceDegree", "Badge", "BasicTechnicalCertificate", "Certificate", "CertificateOfCompletion",
    "Certification", "Credential", "Degree", "DigitalBadge", "Diploma", "DoctoralDegree", "GeneralEducationDevelopment",
    "GeneralEducationLevel1Certificate", "HigherEducationLevel2Certificate", "JourneymanCertificate", "License",
    "MasterCertificate", "MasterDegree", "MicroCredential", "OpenBadge", "PostBaccalaureateCertificate",
    "PostMasterCertificate", "PreApprenticeshipCertificate", "ProfessionalCertificate", "ProfessionalDoctorate",
    "ProficiencyCertificate", "QualityAssuranceCredential", "ResearchDoctorate", "SecondaryEducationCertificate",
    "SecondarySchoolDiploma",
]  # fmt: skip


@pytest.mark.parametrize("ctdl_class", [*CREDENTIAL_CLASSES, "LearningOpportunityProfile", "LearningProgram", "Course"])
def test_every_ctdl_credential_and_learning_opportunity_class_is_read(ctdl_class: str, tmp_path: Path) -> None:
    # The real degree graph with its class swapped: the registry's MasterDegree envelopes look exactly like this.
    doc = json.loads((CTDL / "ingest_examples_bachelor_degree_graph.json").read_text())
    doc["@graph"][0]["@type"] = f"ceterms:{ctdl_class}"
    path = tmp_path / "one.json"
    path.write_text(json.dumps(doc))
    [program] = list(parse_programs(path, "ctdl", "t"))
    assert isinstance(program, ProgramIn), program
    assert program.name == "Bachelor of Science in Cybersecurity"
    learning = {"LearningOpportunityProfile", "LearningProgram", "Course"}
    assert (program.credential_type is None) == (ctdl_class in learning)


@pytest.mark.parametrize(
    "other", ["CredentialOrganization", "QACredentialOrganization", "ConditionProfile", "CostProfile"]
)
def test_ctdl_organizations_and_profiles_are_not_taken_for_programs(other: str, tmp_path: Path) -> None:
    doc = json.loads((CTDL / "ingest_examples_bachelor_degree_graph.json").read_text())
    doc["@graph"][0]["@type"] = f"ceterms:{other}"
    path = tmp_path / "one.json"
    path.write_text(json.dumps(doc))
    from etl.errors import FileFormatError

    with pytest.raises(FileFormatError, match="no "):
        list(parse_programs(path, "ctdl", "t"))


def test_ctdl_cip_code_and_earnings_profile_are_followed_through_the_graph(tmp_path: Path) -> None:
    # No corpus file carries instructionalProgramType or earnings; the real degree graph with both added, the
    # earnings profile as a separate node named by a blank-node id, as registry graphs publish outcome profiles.
    doc = json.loads((CTDL / "ingest_examples_bachelor_degree_graph.json").read_text())
    degree = doc["@graph"][0]
    degree["ceterms:instructionalProgramType"] = [
        {
            "@type": "ceterms:CredentialAlignmentObject",
            "ceterms:framework": "https://nces.ed.gov/ipeds/cipcode/",
            "ceterms:codedNotation": "43.0116",
            "ceterms:targetNodeName": {"en-US": "Cyber/Computer Forensics and Counterterrorism."},
        }
    ]
    degree["ceterms:earnings"] = ["_:earnings-1"]
    doc["@graph"].append({"@id": "_:earnings-1", "@type": "ceterms:EarningsProfile", "ceterms:medianEarnings": 61250})
    path = tmp_path / "degree.json"
    path.write_text(json.dumps(doc))
    [program] = list(parse_programs(path, "ctdl", "t"))
    assert isinstance(program, ProgramIn), program
    assert (program.cip_code, program.median_earnings) == ("43.0116", 61250.0)
