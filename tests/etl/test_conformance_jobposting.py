"""schema.org JobPosting conformance: real public files (tests/fixtures/conformance/jobposting/SOURCES.md) import
through the same pipeline as `wayfinder import jobs` and the field values in expected.json arrive."""

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import Engine

from etl.detect import detect_format
from etl.errors import FileFormatError, RecordError
from etl.normalize import parse_jobs
from etl.sources.base import drop_trailing_commas, loads_bounded
from tests.etl.conformance_corpus import CORPUS, check_file, enricher, import_file

JOBS = CORPUS / "jobposting"


def test_googles_example_with_raw_line_breaks_and_a_trailing_comma_imports(
    committing_engine: Engine, tmp_path: Path
) -> None:
    raw = (JOBS / "google_example_raw_line_breaks.json").read_text()
    assert "</p>\n    <p>" in raw and '"workHours": "",\n}' in raw  # the file really is strict-JSON-invalid
    result = import_file(committing_engine, "jobposting", "google_example_raw_line_breaks.json", tmp_path, enricher())
    assert check_file(result) == []
    job = result.rows["1234567"]
    assert "<p>" not in job["description"] and "\n" in job["description"]  # HTML made plain text, paragraphs kept
    assert job["pay_min"] is None  # the example's 0.00 placeholders are "not stated", never a wage of 0
    # The employer website comes from hiringOrganization.sameAs, so screening does not flag a missing one.
    assert job["employer_url"] == "http://www.magsruswheelcompany.com"


def test_googles_example_as_schema_net_publishes_it_keeps_pay_place_and_dates(
    committing_engine: Engine, tmp_path: Path
) -> None:
    result = import_file(committing_engine, "jobposting", "schema_net_fitter_and_turner.json", tmp_path, enricher())
    assert check_file(result) == []
    job = result.rows["1234567"]
    assert (job["pay_min"], job["pay_unit"], job["city"], job["valid_through"]) == (
        40.0,
        "HOUR",
        "Detroit",
        "2017-03-18T00:00:00+00:00",
    )


def test_posting_keeps_responsibilities_skills_experience_education_and_sameas_website(
    committing_engine: Engine, tmp_path: Path
) -> None:
    result = import_file(committing_engine, "jobposting", "gtm_job_posting_telecommute.json", tmp_path, enricher())
    assert check_file(result) == []
    job = result.rows["1"]
    assert job["description"].endswith(
        "Responsibilities:\nYou will be required to create Schema.org JSON-LD that will be added to websites using "
        "copy and paste."
    )
    assert "Skills: Internet Navigation" in job["qualifications"]
    assert "Experience: No experience needed" in job["qualifications"]
    assert (job["experience_months"], job["education_required"]) == (0, "high_school")
    assert (job["pay_min"], job["pay_unit"], job["is_remote"]) == (100000.0, "YEAR", True)  # "$100,000", TELECOMMUTE


def test_open_skills_posting_without_type_imports_without_a_format_option(
    committing_engine: Engine, tmp_path: Path
) -> None:
    path = JOBS / "skills_ml_virginia_posting_without_type.json"
    assert "@type" not in path.read_text()
    assert detect_format(path, "jobs") == "jsonld"  # `wayfinder import jobs FILE` with no --format
    result = import_file(committing_engine, "jobposting", path.name, tmp_path, enricher())
    assert check_file(result) == []
    job = result.rows["4835a90ed38c6e4c224887d124d314b3"]
    assert (job["employer_name"], job["city"], job["region"], job["openings"]) == ("My Org Name", "Pittsburgh", "PA", 1)
    assert (job["valid_through"], job["experience_months"]) == ("2016-06-06T23:59:59+00:00", 96)


def test_posting_without_an_employer_is_in_the_error_report_not_dropped(
    committing_engine: Engine, tmp_path: Path
) -> None:
    result = import_file(committing_engine, "jobposting", "skills_ml_sample_job_listing.json", tmp_path, enricher())
    assert check_file(result) == []
    assert result.imported == 0
    assert result.report == [
        {
            "file": "skills_ml_sample_job_listing.json",
            "location": "[0]",
            "field": "hiringOrganization",
            "reason": "missing: the hiring organization's name is required",
        }
    ]


@pytest.mark.parametrize(
    "node",
    [
        {"title": "Chair"},  # a title alone is any product or page
        {"name": "Cook", "datePosted": "2024-01-01"},  # no title
        {"@type": "Product", "title": "Cook", "hiringOrganization": {"name": "X"}},  # typed as something else
    ],
)
def test_json_that_is_not_shaped_like_a_job_posting_is_still_refused(node: dict[str, object], tmp_path: Path) -> None:
    path = tmp_path / "other.json"
    path.write_text(json.dumps(node))
    with pytest.raises(FileFormatError, match="no JobPosting nodes found"):
        list(parse_jobs(path, "jsonld", "t"))


def test_a_comma_inside_a_string_before_a_brace_is_kept() -> None:
    assert loads_bounded('{"a": "x ,}", "b": [1, 2,],}') == {"a": "x ,}", "b": [1, 2]}


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=5), children, max_size=4),
    max_leaves=12,
)


@given(json_values)
def test_trailing_comma_repair_never_changes_valid_json(value: object) -> None:
    text = json.dumps(value)
    assert drop_trailing_commas(text) == text


@given(st.lists(st.text(), min_size=1, max_size=4))
def test_a_trailing_comma_after_the_last_item_is_dropped(items: list[str]) -> None:
    text = json.dumps(items)[:-1] + ",]"
    assert loads_bounded(text) == items


def test_job_bank_layout_tax_id_and_url_identify_the_employer(tmp_path: Path) -> None:
    # The real job-bank record with the two identity fields its layout has, filled (they are empty in the sample).
    doc = json.loads((JOBS / "skills_ml_virginia_posting_without_type.json").read_text())
    doc["hiringOrganization"].update({"organizationTaxID": "54-1234567", "url": "https://www.example.org"})
    path = tmp_path / "va.json"
    path.write_text(json.dumps(doc))
    [job] = list(parse_jobs(path, "jsonld", "va"))
    assert not isinstance(job, RecordError), job
    assert (job.employer_tax_id, job.employer_url) == ("54-1234567", "https://www.example.org")


# --- JSON-LD inside HTML pages (issue 14 follow-up) --------------------------------------------------------


def test_googles_example_as_published_in_its_html_script_tag_imports_like_the_bare_json(
    committing_engine: Engine, tmp_path: Path
) -> None:
    """The file as its repository publishes it: an HTML comment, then the <script type="application/ld+json">."""
    page = JOBS / "google_example_as_published.html"
    assert page.read_text().startswith("<!-- Source: Google")
    result = import_file(committing_engine, "jobposting", "google_example_as_published.html", tmp_path, enricher())
    assert check_file(result) == []
    bare = [j.model_dump() for j in parse_jobs(JOBS / "google_example_raw_line_breaks.json", "jsonld", "s")]
    assert [j.model_dump() for j in parse_jobs(page, "jsonld", "s")] == bare


def test_schemaorg_example_page_without_an_identifier_gets_a_natural_key(
    committing_engine: Engine, tmp_path: Path
) -> None:
    from etl.normalize.natural_key import natural_key

    result = import_file(
        committing_engine, "jobposting", "schemaorg_employment_unit_example.html", tmp_path, enricher()
    )
    assert check_file(result) == []
    assert list(result.rows) == [natural_key("ACME Corp.", "Junior software developer", "")]
    again = import_file(committing_engine, "jobposting", "schemaorg_employment_unit_example.html", tmp_path, enricher())
    assert (again.summary.inserted, again.summary.unchanged) == (0, 1)


def _page(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "careers.html"
    path.write_text(body, encoding="utf-8")
    return path


POSTING = '{"@type": "JobPosting", "identifier": "%s", "title": "%s", "hiringOrganization": {"name": "Kent Bakery"}}'


def test_every_ld_json_block_of_a_page_is_read_and_a_broken_one_is_reported_by_its_line(tmp_path: Path) -> None:
    page = _page(
        tmp_path,
        "<!DOCTYPE html>\n<html><head>\n"
        '<script type="application/ld+json">{"@type": "WebSite", "name": "Kent Bakery"}</script>\n'
        f"<script TYPE='application/ld+json' id=\"a\">{POSTING % ('b-1', 'Baker')}</script>\n"
        '<script type="application/ld+json">\n{"@type": "JobPosting", "title": }\n</script>\n'
        f'<script type="application/ld+json">[{POSTING % ("b-2", "Driver")}]</script>\n'
        "</head><body><h1>Jobs</h1></body></html>\n",
    )
    assert detect_format(page, "jobs") == "jsonld"
    items = list(parse_jobs(page, "jsonld", "s"))
    errors = [i for i in items if isinstance(i, RecordError)]
    assert [(e.location, e.field) for e in errors] == [("script[2] (line 6)", "(json)")]
    assert errors[0].reason.startswith("invalid JSON: Expecting value")
    assert [(j.source_id, j.title) for j in items if not isinstance(j, RecordError)] == [
        ("b-1", "Baker"),
        ("b-2", "Driver"),
    ]


def test_json_ld_inside_an_html_comment_is_not_published_and_not_read(tmp_path: Path) -> None:
    page = _page(
        tmp_path,
        f'<html><head><!-- <script type="application/ld+json">{POSTING % ("x", "Old")}</script> -->\n'
        f'<script type="application/ld+json">{POSTING % ("y", "Current")}</script></head></html>',
    )
    assert [j.title for j in parse_jobs(page, "jsonld", "s") if not isinstance(j, RecordError)] == ["Current"]
    only_commented = _page(
        tmp_path, f'<html><!-- <script type="application/ld+json">{POSTING % ("x", "Old")}</script> -->'
    )
    with pytest.raises(FileFormatError, match=r"an HTML page without a <script type=\"application/ld\+json\"> block"):
        list(parse_jobs(only_commented, "jsonld", "s"))


def test_a_page_whose_json_ld_comes_after_60_kb_of_markup_is_still_detected(tmp_path: Path) -> None:
    page = _page(
        tmp_path,
        "<html><head><style>" + "p{margin:0}" * 6000 + "</style>\n"
        f'<script type="application/ld+json">{POSTING % ("z", "Cook")}</script></head></html>',
    )
    assert detect_format(page, "jobs") == "jsonld"
    assert [j.title for j in parse_jobs(page, "jsonld", "s") if not isinstance(j, RecordError)] == ["Cook"]


@given(title=st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=40).filter(str.strip))
def test_a_posting_reads_the_same_from_a_page_as_from_its_json(title: str) -> None:
    """Wrapping JSON-LD in a page changes nothing it says, whatever the text (even '</p>' or '<!--' inside)."""
    import tempfile

    node = {"@type": "JobPosting", "identifier": "1", "title": title, "hiringOrganization": {"name": "Kent Bakery"}}
    text = json.dumps(node).replace("</", "<\\/")  # how pages must write '</' inside a script
    with tempfile.TemporaryDirectory() as folder:
        bare, page = Path(folder) / "a.json", Path(folder) / "a.html"
        bare.write_text(json.dumps(node), encoding="utf-8")
        page.write_text(f'<html><script type="application/ld+json">{text}</script></html>', encoding="utf-8")
        from_json = [j.model_dump() for j in parse_jobs(bare, "jsonld", "s")]
        assert [j.model_dump() for j in parse_jobs(page, "jsonld", "s")] == from_json
