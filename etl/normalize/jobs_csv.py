"""The project's jobs CSV (docs/formats/jobs-csv.md) -> JobPostingIn."""

from collections.abc import Mapping

from etl.normalize.codes import normalize_soc
from etl.normalize.contact import build_contact_text, contact_sentences, requires_citizenship
from etl.normalize.dates import to_date, to_deadline
from etl.normalize.links import web_link
from etl.normalize.location import country_code, region_code, zip3_of
from etl.normalize.pay import make_pay, pay_fields
from etl.normalize.schedule import normalize_shifts, parse_days, parse_schedule
from etl.normalize.text import html_to_text
from etl.normalize.values import clip, csv_getter, to_bool, to_float, to_int
from etl.normalize.vocab import education_level, employment_types
from models.job_posting import JobPostingIn

REQUIRED_COLUMNS = {"id", "title", "employer"}
COLUMN_ALIASES = {
    "source_id": "id",
    "employer_name": "employer",
    "region": "state",
    "postal_code": "zip",
    "zip_code": "zip",
    "occupation_code": "soc_code",
    "soc": "soc_code",
    "contact": "how_to_apply",
    "employment_types": "employment_type",
}


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
    return JobPostingIn(
        source=source,
        source_id=(get("id") or "")[:200],
        title=clip(get("title"), 500) or "",
        description=description,
        url=web_link(clip(get("url"), 1000)),
        employer_name=clip(get("employer"), 300) or "",
        employment_types=employment_types(get("employment_type")),
        **pay_fields(pay),
        city=clip(get("city"), 120),
        region=region_code(get("state")),
        zip3=zip3_of(get("zip")),
        country=country_code(get("country")) or "US",
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
    )
