"""schema.org EducationalOccupationalProgram / Course -> ProgramIn."""

from collections.abc import Mapping
from typing import Any

from etl.errors import FieldError
from etl.normalize.codes import normalize_cip, normalize_soc
from etl.normalize.dates import to_date
from etl.normalize.links import web_link
from etl.normalize.location import Place, place_from_address
from etl.normalize.program_fields import Length, delivery_of, parse_iso_duration
from etl.normalize.schedule import parse_days, parse_schedule
from etl.normalize.text import html_to_text
from etl.normalize.values import as_list, clip, first, resolve, text_of, to_bool, to_float
from models.program import ProgramIn

Refs = Mapping[str, dict[str, Any]]
CIP_SCHEMES = ("cip", "classification of instructional programs")


def cip_of(node: Mapping[str, Any]) -> str | None:
    """identifier PropertyValue with propertyID CIP..., or educationalProgramCategory code."""
    for ident in as_list(node.get("identifier")):
        if isinstance(ident, dict):
            scheme = (text_of(ident.get("propertyID")) or "").lower()
            if scheme.startswith(CIP_SCHEMES):
                return normalize_cip(text_of(ident.get("value")), "identifier")
    for category in as_list(node.get("programType")) + as_list(node.get("educationalProgramCategory")):
        if isinstance(category, dict) and (text_of(category.get("inCodeSet")) or "").lower().startswith("cip"):
            return normalize_cip(text_of(category.get("codeValue")), "educationalProgramCategory")
    return None


def socs_of(node: Mapping[str, Any]) -> list[str]:
    """occupationalCategory codes (text or CategoryCode), SOC-normalized."""
    codes = []
    for category in as_list(node.get("occupationalCategory")):
        raw = category.get("codeValue", category.get("name")) if isinstance(category, dict) else category
        code = normalize_soc(text_of(raw), "occupationalCategory")
        if code and code not in codes:
            codes.append(code)
    return codes


def provider_of(node: Mapping[str, Any], refs: Refs) -> tuple[str, Place]:
    """provider (an Organization, maybe by reference) and its address."""
    provider = resolve(first(node.get("provider")), refs)
    name = text_of(provider)
    if not name:
        raise FieldError("provider", "missing: the provider's name is required")
    address = provider.get("address") if isinstance(provider, dict) else None
    return name, place_from_address(resolve(address, refs))


def length_of(node: Mapping[str, Any]) -> Length:
    """timeToComplete (ISO 8601 duration)."""
    value = text_of(node.get("timeToComplete"))
    return parse_iso_duration(value, "timeToComplete") if value else Length()


def credential_of(node: Mapping[str, Any]) -> str | None:
    """occupationalCredentialAwarded / educationalCredentialAwarded as text."""
    for key in ("occupationalCredentialAwarded", "educationalCredentialAwarded"):
        value = first(node.get(key))
        if isinstance(value, dict):
            value = value.get("credentialCategory", value.get("name"))
        text = text_of(value)
        if text:
            return clip(text, 200)
    return None


def price_of(node: Mapping[str, Any]) -> float | None:
    """offers.price (the first offer with a price)."""
    for offer in as_list(node.get("offers")):
        if isinstance(offer, dict):
            price = to_float(offer.get("price"), "offers.price")
            if price is not None:
                return price
    return None


def median_salary_of(node: Mapping[str, Any]) -> float | None:
    """salaryUponCompletion MonetaryAmountDistribution median (annual)."""
    salary = first(node.get("salaryUponCompletion"))
    if not isinstance(salary, dict):
        return None
    return to_float(salary.get("median"), "salaryUponCompletion")


def aid_of(value: Any) -> bool | None:
    """financialAidEligible: yes/no, or a named aid ('Pell Grant') which means yes."""
    value = first(value)
    if value is None:
        return None
    answer = to_bool(value)
    return answer if answer is not None else bool(text_of(value))


def program_from_schema(node: dict[str, Any], refs: Refs, source: str) -> ProgramIn:
    """Normalize one schema.org program or course; raises FieldError naming the bad property."""
    name = text_of(node.get("name"))
    if not name:
        raise FieldError("name", "missing")
    source_id = text_of(node.get("@id")) or text_of(node.get("url")) or text_of(node.get("courseCode"))
    if not source_id:
        raise FieldError("@id", "missing: give an @id or url so the program can be updated later")
    provider_name, place = provider_of(node, refs)
    modes = [text_of(m) for m in as_list(node.get("educationalProgramMode")) + as_list(node.get("courseMode"))]
    delivery = delivery_of(*modes)
    timing = " ".join(filter(None, (text_of(t) for t in as_list(node.get("timeOfDay")))))
    day_names = " ".join(filter(None, (text_of(d) for d in as_list(node.get("dayOfWeek")))))
    schedule = parse_schedule(f"{timing} {day_names}".strip())
    length = length_of(node)
    prerequisites = [html_to_text(text_of(p)) for p in as_list(node.get("programPrerequisites"))]
    return ProgramIn(
        source=source,
        source_id=source_id[:200],
        name=clip(name, 500) or "",
        description=html_to_text(text_of(node.get("description"))),
        url=web_link(clip(text_of(node.get("url")), 1000)),
        provider_name=clip(provider_name, 300) or "",
        cip_code=cip_of(node),
        target_soc_codes=socs_of(node),
        credential_type=credential_of(node),
        cost_total=price_of(node),
        duration_weeks=length.weeks,
        duration_hours=length.hours,
        delivery=delivery,
        shifts=schedule.shifts,
        # dayOfWeek holds URLs like https://schema.org/Monday; parse_days reads the day names.
        days=parse_days(day_names.replace("/", " ")),
        city=place.city,
        region=place.region,
        zip3=place.zip3,
        is_online=delivery == "online",
        prerequisites="\n".join(p for p in prerequisites if p) or None,
        financial_aid=aid_of(node.get("financialAidEligible")),
        median_earnings=median_salary_of(node),
        start_date=to_date(text_of(first(node.get("startDate"))), "startDate"),
    )
