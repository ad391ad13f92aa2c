"""Real public delimited files import faithfully (issue 14): the conformance corpus under
tests/fixtures/conformance/ (each folder's SOURCES.md says where each file came from), imported through
`wayfinder import` against a private database, with the field values that must arrive."""

import csv
import shutil
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import Engine, text
from typer.testing import CliRunner

from api.cli import app
from etl.detect import detect_format
from etl.errors import FileFormatError
from etl.normalize import jobs_csv, parse_jobs, parse_programs, programs_etpl, programs_scorecard
from etl.normalize.codes import normalize_cip, normalize_soc
from etl.normalize.natural_key import natural_key
from etl.sources.csv_rows import inspect_csv, resolve_layout
from models.job_posting import JobPostingIn
from models.program import ProgramIn
from models.settings import get_settings
from tests.etl.conformance_corpus import check_file, enricher, import_file, load_expected

CORPUS = Path(__file__).resolve().parents[1] / "fixtures" / "conformance"
ETPL, JOBS = CORPUS / "etpl", CORPUS / "jobs_csv"
BROKEN = Path(__file__).resolve().parents[1] / "fixtures" / "broken"


@pytest.fixture
def cli_env(committing_engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Engine:
    """`wayfinder import` pointed at a private database (as a deployment's DATABASE_URL would)."""
    monkeypatch.setenv("DATABASE_URL", committing_engine.url.render_as_string(hide_password=False))
    monkeypatch.setenv("WAYFINDER_HOME", str(tmp_path))
    get_settings.cache_clear()
    yield committing_engine
    get_settings.cache_clear()


def _import(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["import", *args, "--no-embed"])
    return result.exit_code, " ".join(result.output.split())


def _report() -> list[list[str]]:
    """Rows of the newest per-record error report (file, location, field, reason)."""
    reports = sorted(Path(get_settings().reports_dir).glob("*-errors.csv"), key=lambda p: p.stat().st_mtime)
    with reports[-1].open(newline="", encoding="utf-8") as fh:
        return list(csv.reader(fh))[1:]


def _rows(engine: Engine, table: str, source: str) -> dict[str, dict[str, Any]]:
    with engine.connect() as conn:
        found = conn.execute(text(f"SELECT * FROM {table} WHERE source = :s"), {"s": source}).mappings()
        return {row["source_id"]: dict(row) for row in found}


def test_texas_twc_etpl_export_imports_every_program_with_its_field_values(cli_env: Engine) -> None:
    code, out = _import("programs", str(ETPL / "tx_twc_etpl.csv"), "--source", "tx")
    assert code == 0, out
    assert "read as comma-delimited, UTF-8, column profile: Texas TWC ETPL" in out
    assert "read 4, inserted 4," in out and "errors 0" in out
    programs = _rows(cli_env, "training_program", "tx")
    weld = programs["33117"]
    assert (weld["name"], weld["provider_name"]) == (
        "GTAW 12-16",
        "M Weeks Welding Laboratory Testing and Welding School Inc.",
    )
    assert (weld["city"], weld["region"], weld["zip3"]) == ("Nederland", "TX", "776")
    assert (weld["cost_tuition"], weld["cost_total"]) == (3150.0, 3470.0)  # tuition & fees + books & supplies
    assert (weld["duration_hours"], weld["duration_weeks"], weld["delivery"]) == (300.0, 10.0, "in_person")
    assert weld["target_soc_codes"] == ["51-4120"]  # published as 51412000
    assert weld["credential_type"] == "Industry recognized certificate or certification"
    assert weld["prerequisites"] == "High School Diploma or Equivalent" and weld["financial_aid"] is True
    assert weld["url"] == "http://www.weekswelding.com/"
    seaman = programs["33113"]
    assert seaman["credential_type"] == (
        "Industry recognized certificate or certification; TWIC card and STCW-BST certification"
    )
    assert seaman["prerequisites"] is None  # published "None"
    assert seaman["url"] is None  # "Maritime Program: Lamar State College Orange (lsco.edu)" is not a link
    auto = programs["8969"]
    assert (auto["provider_name"], auto["delivery"], auto["is_online"]) == ("Amarillo College", "online", True)
    assert (
        auto["target_soc_codes"] == ["49-3023"]
        and auto["credential_type"] == "Associates Degree; Industry Certification"
    )
    assert (auto["cost_total"], auto["duration_weeks"]) == (8525.0, 64.0)
    assert programs["8978"]["target_soc_codes"] == ["33-1021", "49-2098"]
    assert _report() == [
        [
            "tx_twc_etpl.csv",
            "line 16",
            "url",
            "link dropped (not an absolute web address); only http:// and https:// links are kept, "
            "the record was imported without it",
        ]
    ]


def test_new_jersey_suspended_program_is_imported_closed_with_the_lists_status_word(cli_env: Engine) -> None:
    """New Jersey's list still lists program 3 ("Edible Leaves 101") as `Suspend`: it is imported (the file says
    it exists, with its provider, cost and hours), stored closed so it is never ranked, and keeps the word."""
    code, out = _import("programs", str(ETPL / "nj_standardized_etpl.csv"), "--source", "nj")
    assert code == 0, out
    assert "column profile: New Jersey standardized ETPL" in out and "read 3, inserted 3," in out
    assert "errors 0" in out and "stored closed as their list marks them 1" in out
    programs = _rows(cli_env, "training_program", "nj")
    tree = programs["1"]
    assert (tree["name"], tree["provider_name"]) == (
        "Tree Identification Class",
        "Vineland Public Schools Adult Education Program",
    )
    assert (tree["city"], tree["region"], tree["zip3"]) == ("Vineland", "NJ", "083")
    assert (tree["cip_code"], tree["cost_total"], tree["cost_tuition"], tree["duration_hours"]) == (
        "12.3456",
        3035.0,
        3000.0,
        636.0,
    )
    assert tree["prerequisites"] == "High School Diploma/G.E.D. or Ability To Benefit"
    assert tree["description"].startswith("This program is designed for clients who are interested")
    assert (tree["status"], tree["listed_status"]) == ("active", "Approved")
    suspended = programs["3"]
    assert (suspended["name"], suspended["status"], suspended["listed_status"]) == (
        "Edible Leaves 101",
        "closed",
        "Suspend",
    )
    assert (suspended["cost_total"], suspended["cost_tuition"], suspended["duration_hours"]) == (1235.2, 1200.0, 310.0)
    assert suspended["cip_code"] == "98.7654"
    none = programs["5"]
    assert none["cip_code"] is None  # published 000000
    assert none["prerequisites"] == "High School Diploma or G.E.D. or Ability To Benefit, work history"
    assert none["status"] == "active"
    assert not Path(get_settings().reports_dir).exists() or not list(
        Path(get_settings().reports_dir).glob("*-errors.csv")
    )


def test_pipe_delimited_registry_with_a_bom_reads_the_same_values_as_the_comma_file() -> None:
    info = inspect_csv(ETPL / "tx_twc_etpl_pipe_bom.txt", programs_etpl.SPEC)
    assert info.describe() == "pipe-delimited, UTF-8 with BOM, column profile: Texas TWC ETPL"
    assert detect_format(ETPL / "tx_twc_etpl_pipe_bom.txt", "programs") == "etpl"
    pipe = [
        p.model_dump()
        for p in parse_programs(ETPL / "tx_twc_etpl_pipe_bom.txt", "etpl", "s")
        if isinstance(p, ProgramIn)
    ]
    comma = [p.model_dump() for p in parse_programs(ETPL / "tx_twc_etpl.csv", "etpl", "s") if isinstance(p, ProgramIn)]
    assert pipe == comma and len(pipe) == 4


def test_nyc_jobs_row_one_cell_short_at_its_end_imports_with_the_date_empty_and_a_warning(
    cli_env: Engine,
) -> None:
    """Job 133921's row stops after Preferred Skills (17 cells for 18 columns): every cell it has is in its own
    column, so it is imported with its last cell, the posting date, empty, and the report says so."""
    code, out = _import("jobs", str(JOBS / "nyc_jobs.csv"), "--source", "nyc")
    assert code == 0, out
    assert "column profile: NYC Jobs (City of New York)" in out
    assert "read 4, inserted 4," in out and "errors 0" in out and "1 value(s) left out of imported records" in out
    jobs = _rows(cli_env, "job_posting", "nyc")
    assert set(jobs) == {"97899:internal", "132292", "132292:internal", "133921:internal"}
    painter = jobs["133921:internal"]
    assert (painter["title"], painter["employer_name"], painter["open_to_public"]) == (
        "Temporary Painter",
        "NYC HOUSING AUTHORITY",
        False,
    )
    assert (painter["pay_min"], painter["pay_max"], painter["pay_unit"]) == (35.0, 35.0, "HOUR")
    assert painter["industry"] == "Maintenance & Operations" and painter["date_posted"] is None
    assert painter["qualifications"].endswith("NYCHA has no residency requirement.")
    public, internal = jobs["132292"], jobs["132292:internal"]
    assert public["title"] == "Maintenance Worker - Technical Services-Heating Unit"
    assert public["employer_name"] == "NYC HOUSING AUTHORITY"
    assert (public["open_to_public"], internal["open_to_public"]) == (True, False)
    assert internal["who_may_apply"] == "Internal posting: current employees only"
    assert (public["pay_min"], public["pay_max"], public["pay_unit"]) == (51907.68, 54580.32, "YEAR")
    assert (public["city"], public["region"], public["country"]) == ("New York", "NY", "US")
    assert public["date_posted"] == date(2013, 10, 24) and public["employment_types"] == ["FULL_TIME"]
    assert public["industry"] == "Maintenance & Operations"
    assert public["qualifications"].splitlines() == [
        "1. Three years of full-time satisfactory experience as a mechanic, journey person or helper in the "
        "electrical trades, the mechanical trades, or the construction or maintenance of buildings.",
        "1. A High School Diploma or GED. 2. CDL Driver's License. 3. Excellent trouble-shooting ability "
        "and mechanical aptitude.",  # runs of spaces collapse, as for every text field
    ]
    director = jobs["97899:internal"]
    assert director["description"].startswith(
        "The New York City Department of Small Business Services (SBS) is a vibrant, client-centered agency "
        "whose mission is to serve New York\u2019s small businesses"  # published mis-encoded as "Yorkâ€™s"
    )
    assert _report() == [
        [
            "nyc_jobs.csv",
            "line 5",
            "Posting Date",
            "row has 17 fields, header has 18: the last cell (Posting Date) is missing; the record was imported "
            "with it empty (check the row if a cell is missing elsewhere)",
        ]
    ]


def test_linkedin_dump_keeps_pay_place_type_and_link(cli_env: Engine) -> None:
    code, out = _import("jobs", str(JOBS / "linkedin_postings.csv"), "--source", "li")
    assert code == 0, out
    assert "column profile: LinkedIn job postings" in out and "inserted 2," in out and "errors 0" in out
    jobs = _rows(cli_env, "job_posting", "li")
    hopper = jobs["3902356107"]
    assert (hopper["title"], hopper["employer_name"]) == ("Senior Product Manager - HTS Connect", "Hopper")
    assert (hopper["pay_min"], hopper["pay_max"], hopper["pay_unit"], hopper["pay_currency"]) == (
        250000.0,
        350000.0,
        "YEAR",
        "USD",
    )
    assert (hopper["city"], hopper["region"], hopper["zip3"]) == ("New York", "NY", "100")
    assert hopper["employment_types"] == ["FULL_TIME"] and hopper["is_remote"] is True
    assert hopper["url"] == "https://www.linkedin.com/jobs/view/3902356107/?trk=jobs_biz_prem_srch"
    assert "More recently, we\u2019ve started to offer" in hopper["description"]
    boehringer = jobs["3904393152"]
    assert (boehringer["city"], boehringer["region"]) == ("Ridgefield", "CT")
    assert boehringer["zip3"] == "068"  # published 6877: the spreadsheet dropped the leading zero of 06877


def test_windows_1252_semicolon_file_is_read_as_windows_1252_and_nothing_is_garbled(cli_env: Engine) -> None:
    code, out = _import("jobs", str(JOBS / "linkedin_postings_cp1252_semicolon.csv"), "--source", "cp")
    assert code == 0, out
    assert "read as semicolon-delimited, Windows-1252, column profile: LinkedIn job postings" in out
    code, out = _import("jobs", str(JOBS / "linkedin_postings.csv"), "--source", "utf8")
    assert code == 0, out
    windows, utf8 = _rows(cli_env, "job_posting", "cp"), _rows(cli_env, "job_posting", "utf8")
    assert "we\u2019ve started" in windows["3902356107"]["description"]  # byte 0x92 in the file
    keep = ("title", "employer_name", "description", "pay_min", "pay_max", "city", "region", "zip3", "url")
    assert {k: windows["3902356107"][k] for k in keep} == {k: utf8["3902356107"][k] for k in keep}


def test_tab_delimited_file_is_sniffed_and_said() -> None:
    assert inspect_csv(JOBS / "nyc_jobs_tab.tsv", jobs_csv.SPEC).dialect.describe() == "tab-delimited, UTF-8"
    assert detect_format(JOBS / "nyc_jobs_tab.tsv", "jobs") == "csv"
    tab = [j.source_id for j in parse_jobs(JOBS / "nyc_jobs_tab.tsv", "csv", "s") if isinstance(j, JobPostingIn)]
    assert tab == ["97899:internal", "132292", "132292:internal", "133921:internal"]


def test_indeed_rows_without_an_identifier_get_a_natural_key_and_reimport_is_idempotent(
    cli_env: Engine, tmp_path: Path
) -> None:
    code, out = _import("jobs", str(JOBS / "indeed_toronto.csv"), "--source", "indeed")
    assert code == 0, out
    assert "read 5, inserted 4," in out  # the IBM row is published twice: one posting, the repeat reported
    jobs = _rows(cli_env, "job_posting", "indeed")
    ibm = natural_key("IBM", "Associate Developer (Entry Level): Toronto/Calgary/Ottawa", "Toronto, ON")
    assert ibm in jobs
    assert (jobs[ibm]["city"], jobs[ibm]["region"], jobs[ibm]["country"]) == ("Toronto", "ON", "CA")
    assert [r[2:] for r in _report()] == [
        ["source_id", f"identifier {ibm!r} appears again at record 5; the later record was imported"]
    ]

    code, out = _import("jobs", str(JOBS / "indeed_toronto.csv"), "--source", "indeed")
    assert code == 0, out
    assert "inserted 0, updated 0, unchanged 4" in out

    edited = tmp_path / "indeed_toronto.csv"
    shutil.copy(JOBS / "indeed_toronto.csv", edited)
    body = edited.read_text().replace("Spatiallaser/jobs/Full-Stack-Developer", "Spatiallaser/jobs/Full-Stack-Dev")
    edited.write_text(body)
    code, out = _import("jobs", str(edited), "--source", "indeed")
    assert code == 0, out
    assert "inserted 0, updated 1, unchanged 3" in out
    after = _rows(cli_env, "job_posting", "indeed")
    assert set(after) == set(jobs)  # updated in place: no new row
    spatial = natural_key("Spatiallaser", "Full Stack Developer", "Toronto, ON")
    assert after[spatial]["url"].startswith("https://ca.indeed.com/company/Spatiallaser/jobs/Full-Stack-Dev-9bdc")


def test_ethicaltech_indeed_file_without_ids_imports_title_company_place_and_education() -> None:
    jobs = {j.title: j for j in parse_jobs(JOBS / "ethicaltech_indeed.csv", "csv", "s") if isinstance(j, JobPostingIn)}
    gis = jobs["Junior GIS Data Engineer"]
    assert (gis.employer_name, gis.city, gis.region) == ("Xentity Corporation", "Golden", "CO")
    assert gis.source_id == natural_key("Xentity Corporation", "Junior GIS Data Engineer", "Golden, CO")
    assert gis.education_required == "Bachelor's"  # kept as published (free text)
    assert gis.description.startswith("Junior GIS Data Engineer Golden, CO (must be local to job site)")
    assert jobs["Manager Software Development- Product & Technology"].employer_name == "T-Mobile"


def test_column_mapping_imports_a_layout_nobody_told_us_about(cli_env: Engine, tmp_path: Path) -> None:
    data = tmp_path / "county_courses.csv"
    data.write_text(
        "Course No.;Course Title;School;Town;Price (USD);Occupation 1;Occupation 2\n"
        "C-7;Phlebotomy Technician;Pierce County Skills Center;Puyallup;1,250;31-9097.00;29-2012\n",
        encoding="utf-8",
    )
    mapping = tmp_path / "columns.toml"
    mapping.write_text(
        'program_id = "Course No."\nprogram_name = "course title"\nprovider_name = "SCHOOL"\n'
        'provider_city = "Town"\ntotal_cost = "Price (USD)"\nsoc_codes = ["Occupation 1", "Occupation 2"]\n'
    )
    code, out = _import("programs", str(data), "--columns", str(mapping), "--source", "county")
    assert code == 0, out
    assert "read as semicolon-delimited, UTF-8, columns matched by name" in out and "inserted 1," in out
    program = _rows(cli_env, "training_program", "county")["C-7"]
    assert (program["name"], program["provider_name"], program["city"]) == (
        "Phlebotomy Technician",
        "Pierce County Skills Center",
        "Puyallup",
    )
    assert program["cost_total"] == 1250.0 and program["target_soc_codes"] == ["31-9097", "29-2012"]


def test_column_mapping_mistakes_name_the_unknown_field_and_the_absent_header(cli_env: Engine, tmp_path: Path) -> None:
    mapping = tmp_path / "columns.toml"
    mapping.write_text('program_title = "Program Name"\n')
    code, out = _import("programs", str(ETPL / "tx_twc_etpl.csv"), "--columns", str(mapping))
    assert code == 2
    assert "--columns names field(s) a ETPL program file does not have: program_title" in out
    assert "(fields: program_id, program_name, provider_name," in out
    mapping.write_text('program_name = "Course Name"\n')
    code, out = _import("programs", str(ETPL / "tx_twc_etpl.csv"), "--columns", str(mapping))
    assert code == 2
    assert "--columns names header(s) not in tx_twc_etpl.csv: 'Course Name' (the file's headers: Provider #," in out
    mapping.write_text("program_name = 3\n")
    code, out = _import("programs", str(ETPL / "tx_twc_etpl.csv"), "--columns", str(mapping))
    assert code == 2 and "'program_name' must name a header as a string" in out
    with cli_env.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM training_program")).scalar_one() == 0


_FIELD = st.sampled_from(programs_etpl.FIELDS)


@given(field=_FIELD, data=st.data())
def test_header_matching_ignores_case_spaces_and_punctuation(field: str, data: st.DataObject) -> None:
    """Any spelling of a field name that differs only in case, spacing and punctuation is that field."""
    pieces = []
    for ch in field.replace("_", ""):
        pieces.append(ch.upper() if data.draw(st.booleans()) else ch)
        pieces.append(data.draw(st.sampled_from(["", "", " ", "_", "-", ".", "#", ":\n"])))
    header = "".join(pieces)
    layout = resolve_layout(["Program Name", "Provider Name", header], programs_etpl.SPEC, "f.csv")
    assert layout.columns[field] == {"program_name": (0, 2), "provider_name": (1, 2)}.get(field, (2,))


def test_scorecard_published_names_match_in_other_cases_spacings_delimiters_and_encodings(tmp_path: Path) -> None:
    """Column names as the field-of-study data dictionary publishes them; the values are written here."""
    path = tmp_path / "fos.txt"
    path.write_bytes(
        "unitid\tOPEID6\tInstNm\tControl\tMain\tCIP Code\tCIPDESC\tCredLev\tCredDesc\tEarn_MDN_1yr\n"
        "1\t2\tInstituto de Formaci\u00f3n T\u00e9cnica\tPrivate, nonprofit\t1\t5139\tPractical Nursing.\t1\t"
        "Undergraduate Certificate or Diploma\tPrivacySuppressed\n".encode("cp1252")
    )
    assert inspect_csv(path, programs_scorecard.SPEC).dialect.describe() == "tab-delimited, Windows-1252"
    assert detect_format(path, "programs") == "scorecard"
    [program] = list(parse_programs(path, "scorecard", "s"))
    assert isinstance(program, ProgramIn)
    assert program.provider_name == "Instituto de Formaci\u00f3n T\u00e9cnica"
    assert (program.source_id, program.cip_code, program.provider_type) == ("1-5139-1", "51.39", "private, nonprofit")
    assert (program.name, program.credential_type, program.median_earnings) == (
        "Practical Nursing",
        "Undergraduate Certificate or Diploma",
        None,
    )


def test_windows_1252_file_from_the_old_broken_set_now_imports_with_its_accents() -> None:
    [job] = list(parse_jobs(BROKEN / "latin1.csv", "csv", "s"))
    assert isinstance(job, JobPostingIn)
    assert (job.title, job.employer_name) == ("Caf\u00e9 cook", "Caf\u00e9 Ltd")


def test_a_file_neither_utf8_nor_windows_1252_is_refused_with_a_message(tmp_path: Path) -> None:
    path = tmp_path / "odd.csv"
    path.write_bytes(b"id,title,employer\n1,Cook \x81\xff,Diner\n")
    with pytest.raises(FileFormatError, match="not UTF-8 or Windows-1252 text"):
        list(parse_jobs(path, "csv", "s"))


def test_export_codes_eight_digit_onet_and_all_zero_cip() -> None:
    assert normalize_soc("51412000", "soc") == "51-4120"
    assert normalize_soc("49302301", "soc") == "49-3023"
    assert normalize_cip("000000", "cip") is None and normalize_cip("00.0000", "cip") is None
    with pytest.raises(Exception, match="series 00"):
        normalize_cip("00.1234", "cip")


def test_real_scorecard_prior_year_rows_import_with_suppressed_earnings_and_a_float_unitid() -> None:
    """Carthage College rows of the Department's FieldOfStudyData*_PP.csv files, as a public repository
    committed them (pandas wrote UNITID as 238476.0 and CIPCODE without its leading zero); "PS" is the
    prior-year files' privacy suppression. Every row imports, with its own values."""
    path = CORPUS / "scorecard" / "carthage_field_of_study.csv"
    assert detect_format(path, "programs") == "scorecard"
    programs = list(parse_programs(path, "scorecard", "s"))
    assert all(isinstance(p, ProgramIn) for p in programs)
    got = [
        (p.source_id, p.name, p.provider_name, p.provider_type, p.cip_code, p.credential_type, p.median_earnings)
        for p in programs
        if isinstance(p, ProgramIn)
    ]
    college, private = "Carthage College", "private, nonprofit"
    assert got == [
        ("238476-0901-3", "Communication and Media Studies", college, private, "09.01", "Bachelor\u2019s Degree", None),
        (
            "238476-4201-1",
            "Psychology, General",
            college,
            private,
            "42.01",
            "Undergraduate Certificate or Diploma",
            None,
        ),
        (
            "238476-5138-3",
            "Registered Nursing, Nursing Administration, Nursing Research and Clinical Nursing",
            college,
            private,
            "51.38",
            "Bachelor's Degree",
            74265.0,
        ),
        (
            "238476-5202-3",
            "Business Administration, Management and Operations",
            college,
            private,
            "52.02",
            "Bachelor's Degree",
            53555.0,
        ),
    ]


_DELIMITED = [(folder, name) for folder in ("etpl", "jobs_csv", "scorecard") for name in load_expected()[folder]]


@pytest.mark.parametrize(("folder", "name"), _DELIMITED, ids=[f"{f}/{n}" for f, n in _DELIMITED])
def test_delimited_corpus_file_stores_every_expected_field_value(
    committing_engine: Engine, tmp_path: Path, folder: str, name: str
) -> None:
    """expected.json's field values for each real delimited file (the figures bench/conformance.py prints)."""
    result = import_file(committing_engine, folder, name, tmp_path, enricher())
    assert check_file(result) == []
    assert result.imported == load_expected()[folder][name]["importable"]
