"""USAJOBS Search API MatchedObjectDescriptor -> JobPostingIn."""

from collections.abc import Mapping
from typing import Any

from etl.errors import FieldError
from etl.normalize.contact import build_contact_text, contact_sentences
from etl.normalize.dates import to_date, to_deadline
from etl.normalize.links import web_link
from etl.normalize.location import region_code, split_city_state
from etl.normalize.pay import make_pay, pay_fields
from etl.normalize.schedule import parse_schedule
from etl.normalize.text import html_to_text
from etl.normalize.values import as_list, clip, first, text_of, to_bool
from etl.normalize.vocab import employment_types
from models.job_posting import JobPostingIn

INDUSTRY = "Federal government"
_COUNTRY = {"united states": "US", "us": "US", "usa": "US"}


def details_of(item: Mapping[str, Any]) -> Mapping[str, Any]:
    """UserArea.Details, or an empty mapping."""
    area = item.get("UserArea")
    details = area.get("Details") if isinstance(area, dict) else None
    return details if isinstance(details, dict) else {}


def description_of(item: Mapping[str, Any], details: Mapping[str, Any]) -> str:
    """JobSummary and MajorDuties as plain text, one duty per line."""
    parts = [html_to_text(text_of(details.get("JobSummary")))]
    duties = [html_to_text(text_of(d)) for d in as_list(details.get("MajorDuties"))]
    if any(duties):
        parts.append("Major duties:\n" + "\n".join(f"- {d}" for d in duties if d))
    if not parts[0] and not duties:
        parts.append(html_to_text(text_of(item.get("PositionFormattedDescription"))))
    return "\n".join(p for p in parts if p)


def employment_types_of(item: Mapping[str, Any]) -> list[str]:
    """PositionSchedule (Full-time, Part-time, Intermittent) plus Temporary/Term offerings."""
    names = [text_of(s) for s in as_list(item.get("PositionSchedule"))]
    offering = [text_of(o) for o in as_list(item.get("PositionOfferingType"))]
    names += [o for o in offering if o and o.lower() in {"temporary", "term", "seasonal", "internships"}]
    known = [n for n in names if n and n.lower() not in {"shift work", "multiple schedules", "job sharing"}]
    return employment_types(known)


def job_from_usajobs(item: dict[str, Any], source: str) -> JobPostingIn:
    """Normalize one MatchedObjectDescriptor; raises FieldError naming the bad field."""
    source_id = text_of(item.get("PositionID")) or text_of(item.get("MatchedObjectId"))
    if not source_id:
        raise FieldError("PositionID", "missing")
    title = text_of(item.get("PositionTitle"))
    if not title:
        raise FieldError("PositionTitle", "missing")
    employer = text_of(item.get("OrganizationName")) or text_of(item.get("DepartmentName"))
    if not employer:
        raise FieldError("OrganizationName", "missing")
    details = details_of(item)
    remuneration = first(item.get("PositionRemuneration"))
    pay = None
    if isinstance(remuneration, dict):
        unit = remuneration.get("RateIntervalCode") or remuneration.get("Description")
        pay = make_pay(
            remuneration.get("MinimumRange"), remuneration.get("MaximumRange"), unit, "USD", "PositionRemuneration"
        )
    location = first(item.get("PositionLocation"))
    city, region = None, None
    country = None
    if isinstance(location, dict):
        city, region = split_city_state(text_of(location.get("CityName")))
        region = region_code(text_of(location.get("CountrySubDivisionCode"))) or region
        country = _COUNTRY.get((text_of(location.get("CountryCode")) or "").lower())
    description = description_of(item, details)
    qualifications = html_to_text(text_of(item.get("QualificationSummary"))) or None
    how_to_apply = html_to_text(text_of(details.get("HowToApply")))
    schedule = parse_schedule(" ".join(filter(None, (text_of(s) for s in as_list(item.get("PositionSchedule"))))))
    who_may_apply = text_of(details.get("WhoMayApply")) or ""
    apply_uri = text_of(first(item.get("ApplyURI")))
    return JobPostingIn(
        source=source,
        source_id=source_id[:200],
        title=clip(title, 500),
        description=description,
        url=web_link(clip(text_of(item.get("PositionURI")) or apply_uri, 1000)),
        employer_name=clip(employer, 300),
        employment_types=employment_types_of(item),
        **pay_fields(pay),
        city=clip(city, 120),
        region=region,
        zip3=None,  # the API gives no ZIP; coordinates are deliberately not kept
        country=country,
        is_remote=bool(
            to_bool(details.get("TeleworkEligible"))
            or to_bool(item.get("RemoteIndicator"))
            or to_bool(details.get("RemoteIndicator"))
        ),
        shifts=schedule.shifts,
        days=schedule.days,
        occupation_code=None,  # JobCategory is an OPM series, not SOC
        industry=INDUSTRY,
        qualifications=qualifications,
        requires_citizenship="citizen" in who_may_apply.lower(),
        date_posted=to_date(text_of(item.get("PublicationStartDate")), "PublicationStartDate"),
        valid_through=to_deadline(text_of(item.get("ApplicationCloseDate")), "ApplicationCloseDate"),
        contact_text=build_contact_text(
            how_to_apply or None, contact_sentences(description), apply_uri and f"Apply at {apply_uri}"
        ),
    )
