"""schema.org program conformance: schema.org's own examples and Schema.NET's copy of Google's Course example
(tests/fixtures/conformance/schema_programs/SOURCES.md) import as `wayfinder import programs` does."""

from pathlib import Path

from sqlalchemy import Engine

from etl.normalize.natural_key import natural_key
from tests.etl.conformance_corpus import CORPUS, check_file, enricher, import_file, import_like_cli


def test_program_offers_reach_the_cost_fields_and_prerequisites_are_kept(
    committing_engine: Engine, tmp_path: Path
) -> None:
    result = import_file(
        committing_engine,
        "schema_programs",
        "schemaorg_educational_occupational_program_examples.json",
        tmp_path,
        enricher(),
    )
    assert check_file(result) == []
    cs = result.rows["http://www.acme.edu/CS"]
    # Resident tuition (the first of three alternative tuitions) plus room and board, from priceSpecification.
    assert (cs["cost_tuition"], cs["cost_total"]) == (16278.0, 16278.0 + 13588.0)
    assert cs["prerequisites"] == "High school diploma"  # an EducationalOccupationalCredential, by its category
    assert (cs["duration_weeks"], cs["city"]) == (208.0, "Boston")


def test_program_without_a_provider_is_in_the_error_report(committing_engine: Engine, tmp_path: Path) -> None:
    result = import_file(
        committing_engine,
        "schema_programs",
        "schemaorg_educational_occupational_program_examples.json",
        tmp_path,
        enricher(),
    )
    assert [(r["location"], r["field"]) for r in result.report] == [("[1]", "provider")]
    assert (result.summary.read, result.imported, result.summary.errors) == (2, 1, 1)


def test_work_based_program_without_id_or_url_gets_a_natural_key_and_reimports_unchanged(
    committing_engine: Engine, tmp_path: Path
) -> None:
    result = import_file(
        committing_engine, "schema_programs", "schemaorg_work_based_program_example.json", tmp_path, enricher()
    )
    assert check_file(result) == []
    key = natural_key("International Brotherhood of Electrical Workers", "IBEW Apprenticeship", "")
    apprenticeship = result.rows[key]
    assert apprenticeship["median_earnings"] == 41500.0
    assert apprenticeship["description"] == "Paid while training: $16.00 an hour."  # trainingSalary has no column
    _, again = import_like_cli(
        committing_engine, CORPUS / "schema_programs" / "schemaorg_work_based_program_example.json", "programs",
        tmp_path / "again", enricher(),
    )  # fmt: skip
    assert (again.inserted, again.updated, again.unchanged) == (0, 0, 1)


def test_course_naming_its_source_organization_imports_with_a_natural_key(
    committing_engine: Engine, tmp_path: Path
) -> None:
    result = import_file(committing_engine, "schema_programs", "schema_net_course.json", tmp_path, enricher())
    assert check_file(result) == []
    key = natural_key("University of Technology - Eureka", "Introduction to Computer Science and Programming", "")
    assert result.rows[key]["provider_name"] == "University of Technology - Eureka"
