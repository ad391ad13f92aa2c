"""WIOA Eligible Training Provider List export (ETA-9171 style columns) -> ProgramIn."""

from collections.abc import Mapping

from etl.errors import FieldError
from etl.normalize.codes import normalize_cip, normalize_soc
from etl.normalize.dates import to_date
from etl.normalize.links import web_link
from etl.normalize.location import region_code, zip3_of
from etl.normalize.program_fields import delivery_of, rate
from etl.normalize.schedule import parse_schedule
from etl.normalize.text import html_to_text
from etl.normalize.values import clip, csv_getter, to_bool, to_float
from models.program import ProgramIn

REQUIRED_COLUMNS = {"program_id", "program_name", "provider_name"}
# Other spellings of the same ETA-9171 elements seen in state exports.
COLUMN_ALIASES = {
    "name_of_provider": "provider_name",
    "training_provider_name": "provider_name",
    "program_of_study_name": "program_name",
    "name_of_program": "program_name",
    "program_cip_code": "cip_code",
    "cip": "cip_code",
    "program_cip": "cip_code",
    "target_soc": "soc_codes",
    "onet_soc_codes": "soc_codes",
    "target_occupations_soc": "soc_codes",
    "program_length_in_hours": "program_length_hours",
    "program_length_in_weeks": "program_length_weeks",
    "tuition": "tuition_fees",
    "tuition_and_fees": "tuition_fees",
    "total_cost_of_program": "total_cost",
    "employment_rate_2nd_quarter_after_exit": "emp_rate_q2",
    "employment_rate_4th_quarter_after_exit": "emp_rate_q4",
    "median_earnings_2nd_quarter_after_exit": "median_earnings_q2",
    "credential_attainment_rate": "credential_rate",
    "provider_zip_code": "provider_zip",
}
QUARTERS_PER_YEAR = 4


def length_of(value: str | None, field: str) -> tuple[float | None, bool]:
    """(length, competency_based): in length fields -1 means competency-based, not suppressed."""
    number = to_float(value, field)
    if number == -1:
        return None, True
    if number is not None and number < 0:
        raise FieldError(field, f"negative program length {value!r}")
    return number, False


def program_from_etpl_row(row: Mapping[str, str], source: str) -> ProgramIn:
    """Normalize one ETPL row; -1 outcome values are suppressed (None, never 0)."""

    get = csv_getter(row, REQUIRED_COLUMNS)
    hours, self_paced_h = length_of(get("program_length_hours"), "program_length_hours")
    weeks, self_paced_w = length_of(get("program_length_weeks"), "program_length_weeks")
    delivery = delivery_of(get("delivery_format"))
    schedule = parse_schedule(get("schedule"))
    socs = [normalize_soc(c, "soc_codes") for c in (get("soc_codes") or "").replace(",", ";").split(";")]
    quarterly = to_float(get("median_earnings_q2"), "median_earnings_q2", minus_one_suppressed=True)
    return ProgramIn(
        source=source,
        source_id=(get("program_id") or "")[:200],
        name=clip(get("program_name"), 500) or "",
        description=html_to_text(get("program_description")),
        url=web_link(clip(get("program_url"), 1000)),
        provider_name=clip(get("provider_name"), 300) or "",
        provider_type=clip(get("provider_type"), 100),
        cip_code=normalize_cip(get("cip_code"), "cip_code"),
        target_soc_codes=list(dict.fromkeys(s for s in socs if s)),
        credential_type=clip(get("credential_type"), 200),
        cost_total=to_float(get("total_cost"), "total_cost", minus_one_suppressed=True),
        cost_tuition=to_float(get("tuition_fees"), "tuition_fees", minus_one_suppressed=True),
        duration_weeks=weeks,
        duration_hours=hours,
        competency_based=self_paced_h or self_paced_w,
        delivery=delivery,
        shifts=schedule.shifts,
        days=schedule.days,
        city=clip(get("provider_city"), 120),
        region=region_code(get("provider_state")),
        zip3=zip3_of(get("provider_zip")),
        is_online=delivery == "online",
        prerequisites=html_to_text(get("prerequisites")) or None,
        financial_aid=to_bool(get("financial_aid")),
        employment_rate_q2=rate(get("emp_rate_q2"), "emp_rate_q2"),
        employment_rate_q4=rate(get("emp_rate_q4"), "emp_rate_q4"),
        # ETA-9171 reports quarterly median earnings; ProgramIn holds annual figures.
        median_earnings=None if quarterly is None else quarterly * QUARTERS_PER_YEAR,
        credential_rate=rate(get("credential_rate"), "credential_rate"),
        start_date=to_date(get("start_date"), "start_date"),
    )
