"""USAJOBS Search API MatchedObjectDescriptor -> JobPostingIn."""

import re
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
from models.job_posting import JobPostingIn, build_job_posting

INDUSTRY = "Federal government"
_COUNTRY = {"united states": "US", "us": "US", "usa": "US"}

# USAJOBS HiringPath codes (the API's `HiringPath` parameter): only "public" lets anyone apply. The others
# (fed-competitive, fed-internal-search, fed-excepted, fed-transition, vet, mspouse, student, graduates,
# native, disability, peace, land, overseas, ses, ...) name closed groups a person may or may not belong to;
# a caseworker cannot check that from the posting, and a survivor applying in vain is the harm to avoid.
PUBLIC_PATH = "public"
# WhoMayApply wording (older responses and other feeds carry no HiringPath) that closes a posting.
_INTERNAL = re.compile(
    r"current (federal|permanent|agency|department)[\w ,-]*employees|status candidates|internal (to|applicants)"
    r"|merit promotion|federal employees only|employees of the",
    re.IGNORECASE,
)
_PUBLIC = re.compile(r"\bpublic\b|all (u\.?s\.? )?citizens|united states citizens|u\.s\. citizens", re.IGNORECASE)
# A stated requirement of U.S. citizenship ("Must be a U.S. Citizen", "proof of U.S. Citizenship",
# "U.S. citizenship is required"); the WhoMayApply name "United States Citizens" also says so.
_CITIZENSHIP = re.compile(r"\b(u\.\s?s\.?|united states)\s+citizen(s|ship)?\b", re.IGNORECASE)
_NO_CLEARANCE = frozenset({"", "not required", "not applicable", "none", "n/a", "no"})


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


def hiring_paths_of(details: Mapping[str, Any]) -> list[str]:
    """UserArea.Details.HiringPath codes, lower-cased ("public", "fed-competitive", ...)."""
    out = []
    for p in as_list(details.get("HiringPath")):
        code = text_of(p.get("Code") if isinstance(p, dict) else p)
        if code and code.strip().lower() not in out:
            out.append(code.strip().lower())
    return out


def open_to_public(paths: list[str], who_may_apply: str) -> bool:
    """Anyone may apply: a "public" hiring path, or (no paths published) wording that is not internal.

    With hiring paths published, they decide: no "public" path means a closed group. Without them, wording
    such as "current federal employees" closes it; silence passes and the caseworker checks the posting.
    """
    if paths:
        return PUBLIC_PATH in paths
    if _INTERNAL.search(who_may_apply):
        return bool(_PUBLIC.search(who_may_apply)) and "only" not in who_may_apply.lower()
    return True


def clearance_of(details: Mapping[str, Any]) -> str | None:
    """SecurityClearance as published, or None when the posting says none is required."""
    value = text_of(details.get("SecurityClearance")) or ""
    return None if value.strip().lower() in _NO_CLEARANCE else clip(value.strip(), 200)


def names_of(value: Any) -> str | None:
    """`[{"Name": ..., "Code": ...}]` lists as one line of their non-empty names."""
    names = [text_of(v) for v in as_list(value)]
    return "; ".join(n for n in names if n) or None


def openings_of(value: Any) -> int | None:
    """TotalOpenings ("1", "13", "Many", "Few"): a count when it is one."""
    text = (text_of(value) or "").strip()
    return int(text) if text.isdigit() and 0 < int(text) < 100_000 else None


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
    paths = hiring_paths_of(details)
    requirement_text = " ".join(
        t for t in (who_may_apply, *(text_of(details.get(k)) for k in ("Requirements", "OtherInformation"))) if t
    )
    apply_uri = text_of(first(item.get("ApplyURI")))
    return build_job_posting(
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
        # Telework-eligible jobs still need the person near the site: only RemoteIndicator means remote.
        is_remote=bool(to_bool(item.get("RemoteIndicator")) or to_bool(details.get("RemoteIndicator"))),
        telework_eligible=bool(to_bool(details.get("TeleworkEligible"))),
        shifts=schedule.shifts,
        days=schedule.days,
        occupation_code=None,  # JobCategory is an OPM series, not SOC
        industry=INDUSTRY,
        qualifications=qualifications,
        requires_citizenship=bool(_CITIZENSHIP.search(requirement_text)),
        security_clearance=clearance_of(details),
        hiring_paths=paths,
        who_may_apply=clip(who_may_apply, 500) or None,
        open_to_public=open_to_public(paths, who_may_apply),
        schedule_text=clip(names_of(item.get("PositionSchedule")), 200),
        offering_type=clip(names_of(item.get("PositionOfferingType")), 300),
        openings=openings_of(details.get("TotalOpenings")),
        date_posted=to_date(text_of(item.get("PublicationStartDate")), "PublicationStartDate"),
        valid_through=to_deadline(text_of(item.get("ApplicationCloseDate")), "ApplicationCloseDate"),
        contact_text=build_contact_text(
            how_to_apply or None, contact_sentences(description), apply_uri and f"Apply at {apply_uri}"
        ),
    )
