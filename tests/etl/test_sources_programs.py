"""Program formats: CTDL, schema.org programs, ETPL CSV, College Scorecard field of study."""

from pathlib import Path

import pytest

from etl.detect import detect_format
from etl.errors import RecordError
from etl.normalize import parse_programs
from models.program import ProgramIn

SAMPLE = Path(__file__).resolve().parents[2] / "sample_data" / "programs"


def programs(name: str, fmt: str) -> list[ProgramIn]:
    items = list(parse_programs(SAMPLE / name, fmt, "sample"))
    assert not [i for i in items if isinstance(i, RecordError)], items
    return [i for i in items if isinstance(i, ProgramIn)]


def test_ctdl_graph_follows_organizations_and_language_maps() -> None:
    found = programs("ctdl.jsonld", "ctdl")
    assert len(found) == 12
    nac = next(p for p in found if p.name == "Nursing Assistant Certified (NAC)")
    assert nac.source_id.startswith("ce-")
    assert nac.provider_name == "Renton Technical College"
    assert nac.cip_code == "51.3902" and nac.target_soc_codes == ["31-1131"]
    assert (nac.cost_total, nac.cost_tuition) == (1850.0, 1450.0)
    assert nac.duration_weeks == 10.0
    assert nac.delivery == "in_person" and nac.shifts == ["day", "evening"]
    assert (nac.city, nac.region, nac.zip3) == ("Renton", "WA", "980")
    assert nac.financial_aid is True and nac.prerequisites
    bookkeeping = next(p for p in found if "Bookkeeping" in p.name)
    assert bookkeeping.is_online and bookkeeping.delivery == "online"
    dental = next(p for p in found if p.name == "Dental Assisting")
    assert dental.credential_type == "Associate Of Applied Science Degree"
    home_care = next(p for p in found if "Home Care Aide" in p.name)
    assert home_care.duration_hours == 75.0 and home_care.cost_total == 0.0  # free is 0, not unknown


def test_schema_org_programs() -> None:
    found = programs("schema_programs.jsonld", "schemaorg")
    assert len(found) == 10
    ece = next(p for p in found if p.name.startswith("Early Childhood"))
    assert ece.cip_code == "19.0709" and ece.target_soc_codes == ["39-9011", "25-2011"]
    assert ece.delivery == "hybrid" and ece.shifts == ["evening", "weekend"] and ece.days == ["sat", "sun"]
    assert ece.provider_name == "Highline College" and ece.zip3 == "981"
    assert ece.credential_type == "Certificate" and ece.duration_weeks == 11.0
    assert all(p.financial_aid for p in found)
    assert any(p.median_earnings for p in found)


def test_etpl_suppression_and_competency_based() -> None:
    found = programs("etpl.csv", "etpl")
    assert len(found) == 11
    bootcamp = next(p for p in found if "Bootcamp" in p.name)
    assert bootcamp.competency_based and bootcamp.duration_weeks is None and bootcamp.duration_hours is None
    suppressed = [p for p in found if p.employment_rate_q2 is None]
    assert suppressed and all(p.median_earnings is None and p.credential_rate is None for p in suppressed)
    reported = [p for p in found if p.employment_rate_q2 is not None]
    assert reported and all(0 < (p.employment_rate_q2 or 0) < 1 for p in reported)
    assert all(p.median_earnings and p.median_earnings > 20000 for p in reported)  # quarterly x 4
    assert {p.cip_code for p in found} >= {"51.3902", "49.0205", "47.0201"}
    assert all(p.cip_code and len(p.cip_code) == 7 for p in found)  # leading zeros restored


def test_scorecard_field_of_study() -> None:
    found = programs("scorecard_fos.csv", "scorecard")
    assert len(found) == 8
    nursing = found[0]
    assert nursing.source_id == "236382-5139-1" and nursing.cip_code == "51.39"
    assert nursing.credential_type == "Undergraduate Certificate or Diploma"
    suppressed = [p for p in found if p.median_earnings is None]
    assert suppressed  # PrivacySuppressed -> None, never 0
    assert all(p.median_earnings is None or p.median_earnings > 0 for p in found)
    assert any(p.is_online for p in found)


@pytest.mark.parametrize(
    ("name", "fmt"),
    [
        ("ctdl.jsonld", "ctdl"),
        ("schema_programs.jsonld", "schemaorg"),
        ("etpl.csv", "etpl"),
        ("scorecard_fos.csv", "scorecard"),
    ],
)
def test_detect_program_formats(name: str, fmt: str) -> None:
    assert detect_format(SAMPLE / name, "programs") == fmt
