"""WIOA Eligible Training Provider List export (ETA-9171 style columns) -> ProgramIn."""

from collections.abc import Mapping

from etl.errors import FieldError
from etl.normalize.codes import normalize_cip, normalize_soc
from etl.normalize.dates import to_date
from etl.normalize.links import web_link
from etl.normalize.location import region_code, spreadsheet_zip, zip3_of
from etl.normalize.natural_key import natural_key
from etl.normalize.program_fields import delivery_of, rate
from etl.normalize.schedule import parse_schedule
from etl.normalize.text import html_to_text
from etl.normalize.values import clip, csv_getter, is_suppressed, to_bool, to_float
from etl.sources.csv_rows import CsvSpec, Profile
from models.program import ProgramIn

FIELDS = (
    "program_id",
    "program_name",
    "provider_name",
    "provider_type",
    "provider_city",
    "provider_state",
    "provider_zip",
    "program_description",
    "program_url",
    "cip_code",
    "soc_codes",
    "program_length_hours",
    "program_length_weeks",
    "tuition_fees",
    "books_supplies",
    "total_cost",
    "credential_type",
    "delivery_format",
    "schedule",
    "prerequisites",
    "financial_aid",
    "emp_rate_q2",
    "emp_rate_q4",
    "median_earnings_q2",
    "credential_rate",
    "start_date",
    "program_status",
)
# The program id is not required: a row without one gets a natural key (provider + name + place).
REQUIRED_COLUMNS = {"program_name", "provider_name"}
# Other spellings of the same ETA-9171 elements seen in state exports (case, spaces and punctuation are
# ignored when matching, so 'Name of Provider' = 'NAME_OF_PROVIDER').
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
    "status": "program_status",
}
# New Jersey's standardized ETPL (programs joined with providers: the Training Explorer's
# standardized_etpl.csv, newjersey/dol-mcnj-main); `name` there is the provider, `officialname` the program.
NEW_JERSEY = Profile.of(
    "New Jersey standardized ETPL",
    ("programid", "officialname", "totalcost"),
    {
        "programid": "program_id",
        "officialname": "program_name",
        "name": "provider_name",
        "totalcost": "total_cost",
        "tuition": "tuition_fees",
        "booksmaterialscost": "books_supplies",
        "cipcode": "cip_code",
        "totalclockhours": "program_length_hours",
        "description": "program_description",
        "prerequisites": "prerequisites",
        "city": "provider_city",
        "state": "provider_state",
        "zip": "provider_zip",
        "statusname": "program_status",
        "degreeawardedname": "credential_type",
        "licenseawardedname": "credential_type",
        "industrycredentialname": "credential_type",
    },
)
# Texas Workforce Commission's WIOA statewide ETPL export (headers hold line breaks: "Length:\nWeeks").
TEXAS = Profile.of(
    "Texas TWC ETPL",
    ("twistprogramid", "providername", "programname"),
    {
        "program": "program_id",  # "Program #"
        "institutiontype": "provider_type",
        "campuscity": "provider_city",
        "campusstate": "provider_state",
        "campuszipcode": "provider_zip",
        "academicprerequisites": "prerequisites",
        "programoutcome": "credential_type",
        "associatedcredentialname": "credential_type",
        "lengthcontacthours": "program_length_hours",
        "lengthweeks": "program_length_weeks",
        "programformat": "delivery_format",
        "occupationcode1": "soc_codes",
        "occupationcode2": "soc_codes",
        "occupationcode3": "soc_codes",
        "requiredcosttuitionfees": "tuition_fees",
        "requiredcostbookssupplies": "books_supplies",
        "pelleligible": "financial_aid",
    },
)
SPEC = CsvSpec.of(
    "ETPL program",
    FIELDS,
    sorted(REQUIRED_COLUMNS),
    COLUMN_ALIASES,
    profiles=(NEW_JERSEY, TEXAS),
    joined={"soc_codes": ";", "credential_type": "; "},
)
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
    """Normalize one ETPL row; -1 outcome values are suppressed (None, never 0).

    The list's status word is kept (`listed_status`); a suspended program is imported, and the enricher stores
    it closed (etl.normalize.program_fields.not_offered), so it is never ranked but staff see it and why."""

    get = csv_getter(row, REQUIRED_COLUMNS)
    provider, name = clip(get("provider_name"), 300) or "", clip(get("program_name"), 500) or ""
    city, state = clip(get("provider_city"), 120), region_code(get("provider_state"))
    tuition = to_float(get("tuition_fees"), "tuition_fees", minus_one_suppressed=True)
    books = to_float(get("books_supplies"), "books_supplies", minus_one_suppressed=True)
    total = to_float(get("total_cost"), "total_cost", minus_one_suppressed=True)
    if total is None and (tuition is not None or books is not None):
        total = (tuition or 0.0) + (books or 0.0)  # required costs only (Texas lists optional ones apart)
    hours, self_paced_h = length_of(get("program_length_hours"), "program_length_hours")
    weeks, self_paced_w = length_of(get("program_length_weeks"), "program_length_weeks")
    delivery = delivery_of(get("delivery_format"))
    schedule = parse_schedule(get("schedule"))
    socs = [normalize_soc(c, "soc_codes") for c in (get("soc_codes") or "").replace(",", ";").split(";")]
    quarterly = to_float(get("median_earnings_q2"), "median_earnings_q2", minus_one_suppressed=True)
    return ProgramIn(
        source=source,
        source_id=(get("program_id") or natural_key(provider, name, ", ".join(filter(None, (city, state)))))[:200],
        name=name,
        description=html_to_text(get("program_description")),
        url=web_link(clip(get("program_url"), 1000)),
        provider_name=provider,
        provider_type=clip(get("provider_type"), 100),
        cip_code=normalize_cip(get("cip_code"), "cip_code"),
        target_soc_codes=list(dict.fromkeys(s for s in socs if s)),
        credential_type=clip(get("credential_type"), 200),
        cost_total=total,
        cost_tuition=tuition,
        duration_weeks=weeks,
        duration_hours=hours,
        competency_based=self_paced_h or self_paced_w,
        delivery=delivery,
        shifts=schedule.shifts,
        days=schedule.days,
        city=city,
        region=state,
        zip3=zip3_of(spreadsheet_zip(get("provider_zip"))),
        is_online=delivery == "online",
        # 'None' in a prerequisites cell means there are none, not a requirement named None.
        prerequisites=None if is_suppressed(get("prerequisites")) else html_to_text(get("prerequisites")) or None,
        financial_aid=to_bool(get("financial_aid")),
        employment_rate_q2=rate(get("emp_rate_q2"), "emp_rate_q2"),
        employment_rate_q4=rate(get("emp_rate_q4"), "emp_rate_q4"),
        # ETA-9171 reports quarterly median earnings; ProgramIn holds annual figures.
        median_earnings=None if quarterly is None else quarterly * QUARTERS_PER_YEAR,
        credential_rate=rate(get("credential_rate"), "credential_rate"),
        start_date=to_date(get("start_date"), "start_date"),
        listed_status=clip(get("program_status"), 60),
    )
