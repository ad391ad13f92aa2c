"""The project's jobs CSV (docs/formats/jobs-csv.md) -> JobPostingIn."""

from collections.abc import Callable, Mapping

from etl.normalize.codes import normalize_soc
from etl.normalize.contact import build_contact_text, contact_sentences, requires_citizenship
from etl.normalize.dates import to_date, to_deadline
from etl.normalize.links import web_link
from etl.normalize.location import country_code, region_code, split_city_state, spreadsheet_zip, zip3_of
from etl.normalize.natural_key import natural_key
from etl.normalize.pay import make_pay, pay_fields
from etl.normalize.schedule import normalize_shifts, parse_days, parse_schedule
from etl.normalize.text import html_to_text
from etl.normalize.values import clip, csv_getter, to_bool, to_float, to_int
from etl.normalize.vocab import education_level, employment_types
from etl.sources.csv_rows import CsvSpec, Profile
from models.job_posting import JobPostingIn, build_job_posting

FIELDS = (
    "id",
    "title",
    "employer",
    "description",
    "url",
    "employment_type",
    "pay_min",
    "pay_max",
    "pay_unit",
    "pay_currency",
    "city",
    "state",
    "zip",
    "country",
    "location",
    "remote",
    "shifts",
    "days",
    "hours_per_week",
    "work_hours",
    "soc_code",
    "industry",
    "qualifications",
    "education",
    "experience_months",
    "requires_citizenship",
    "date_posted",
    "valid_through",
    "openings",
    "how_to_apply",
    "employer_url",
    "employer_website",
    "employer_tax_id",
    "employer_address",
    "posting_type",
)
# The id is not required: a row without one gets a natural key (employer + title + place).
REQUIRED_COLUMNS = {"title", "employer"}
COLUMN_ALIASES = {
    "source_id": "id",
    "job_id": "id",
    "employer_name": "employer",
    "company": "employer",
    "company_name": "employer",
    "job_title": "title",
    "region": "state",
    "postal_code": "zip",
    "zip_code": "zip",
    "occupation_code": "soc_code",
    "soc": "soc_code",
    "contact": "how_to_apply",
    "employment_types": "employment_type",
    "job_type": "employment_type",
    "text": "description",
    "job_description": "description",
    "min_salary": "pay_min",
    "max_salary": "pay_max",
    "pay_period": "pay_unit",
    "salary_frequency": "pay_unit",
    "currency": "pay_currency",
    "remote_allowed": "remote",
    "job_posting_url": "url",
    "posting_date": "date_posted",
    "job_category": "industry",
}
# NYC Open Data "NYC Jobs" (City of New York job postings). Every posting is a City job in New York; an
# "Internal" posting is open to current City employees only; the same Job ID is published once per type.
NYC_JOBS = Profile.of(
    "NYC Jobs (City of New York)",
    ("jobid", "agency", "postingtype", "businesstitle"),
    {
        "agency": "employer",
        "businesstitle": "title",
        "minimumqualrequirements": "qualifications",
        "preferredskills": "qualifications",
        "salaryrangefrom": "pay_min",
        "salaryrangeto": "pay_max",
        "fulltimeparttimeindicator": "employment_type",
        "postuntil": "valid_through",
        "hoursshift": "work_hours",
        "toapply": "how_to_apply",
        "ofpositions": "openings",  # "# Of Positions"
    },
    constants={"city": "New York", "state": "NY"},
)
# LinkedIn job postings dump (job_id, company_name, min_salary, pay_period, ...): times are epoch
# milliseconds, which spreadsheets round (1.71354E+12), so they are not read as dates.
LINKEDIN = Profile.of(
    "LinkedIn job postings",
    ("jobid", "companyname", "payperiod", "jobpostingurl"),
    {"worktype": "employment_type", "formattedworktype": "employment_type", "location": "location"},
)
SPEC = CsvSpec.of(
    "Wayfinder jobs",
    FIELDS,
    sorted(REQUIRED_COLUMNS),
    COLUMN_ALIASES,
    profiles=(NYC_JOBS, LINKEDIN),
    joined={"qualifications": "\n"},
)
# NYC's Full-Time/Part-Time indicator is one letter.
_ONE_LETTER_TYPES = {"F": "FULL_TIME", "P": "PART_TIME"}
CANADIAN_PROVINCES = frozenset({"AB", "BC", "MB", "NB", "NL", "NS", "NT", "NU", "ON", "PE", "QC", "SK", "YT"})


def _place(get: Callable[[str], str | None]) -> tuple[str | None, str | None, str]:
    """(city, region, country) from city/state/country columns or a 'City, ST' location column."""
    city, region = get("city"), region_code(get("state"))
    location = get("location")
    if location and not city and not region:
        if "," not in location and country_code(location):
            return None, None, country_code(location) or "US"
        city, region = split_city_state(location)
    country = country_code(get("country")) or ("CA" if region in CANADIAN_PROVINCES else "US")
    return clip(city, 120), region, country


def job_from_csv_row(row: Mapping[str, str], source: str) -> JobPostingIn:
    """Normalize one CSV row; raises FieldError naming the bad column."""

    get = csv_getter(row, REQUIRED_COLUMNS)
    description = html_to_text(get("description"))
    work_hours = get("work_hours")
    schedule = parse_schedule(work_hours)
    shifts_column = get("shifts")
    days_column = get("days")
    pay = make_pay(get("pay_min"), get("pay_max"), get("pay_unit"), get("pay_currency") or "USD", "pay_min")
    qualifications = html_to_text(get("qualifications")) or None
    hours = to_float(get("hours_per_week"), "hours_per_week")
    title, employer = clip(get("title"), 500) or "", clip(get("employer"), 300) or ""
    city, region, country = _place(get)
    source_id = get("id") or natural_key(employer, title, get("location") or ", ".join(filter(None, (city, region))))
    internal = (get("posting_type") or "").lower() == "internal"
    if internal:
        source_id += ":internal"  # the same opening's public posting keeps the bare id
    kind = get("employment_type")
    return build_job_posting(
        source=source,
        source_id=source_id[:200],
        title=title,
        description=description,
        url=web_link(clip(get("url"), 1000)),
        employer_name=employer,
        employment_types=employment_types(_ONE_LETTER_TYPES.get(kind or "", kind)),
        **pay_fields(pay),
        city=city,
        region=region,
        zip3=zip3_of(spreadsheet_zip(get("zip"))),
        country=country,
        is_remote=bool(to_bool(get("remote"))),
        shifts=normalize_shifts(shifts_column.split(";")) if shifts_column else schedule.shifts,
        days=parse_days(days_column) if days_column else schedule.days,
        hours_per_week=hours if hours is not None else schedule.hours_per_week,
        work_hours_text=clip(work_hours, 500),
        occupation_code=normalize_soc(get("soc_code"), "soc_code"),
        industry=clip(get("industry"), 200),
        qualifications=qualifications,
        education_required=education_level(get("education")),
        experience_months=to_int(get("experience_months"), "experience_months"),
        requires_citizenship=bool(to_bool(get("requires_citizenship")))
        or requires_citizenship(qualifications, description),
        date_posted=to_date(get("date_posted"), "date_posted"),
        valid_through=to_deadline(get("valid_through"), "valid_through"),
        openings=to_int(get("openings"), "openings"),
        contact_text=build_contact_text(get("how_to_apply"), contact_sentences(description)),
        employer_url=clip(get("employer_url") or get("employer_website"), 1000),
        employer_tax_id=clip(get("employer_tax_id"), 60),
        employer_address=clip(get("employer_address"), 300),
        who_may_apply="Internal posting: current employees only" if internal else None,
        open_to_public=not internal,
    )
