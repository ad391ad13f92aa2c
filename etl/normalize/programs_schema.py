"""schema.org EducationalOccupationalProgram / WorkBasedProgram / Course -> ProgramIn.

A program without @id, url or course code (schema.org's own WorkBasedProgram example has none) gets a natural
key from provider + name + place, so re-importing the same file updates the same row.
"""

from collections.abc import Mapping
from typing import Any

from etl.errors import FieldError
from etl.normalize.codes import normalize_cip, normalize_soc
from etl.normalize.dates import to_date
from etl.normalize.links import web_link
from etl.normalize.location import Place, place_from_address
from etl.normalize.natural_key import natural_key
from etl.normalize.program_fields import Length, delivery_of, parse_iso_duration
from etl.normalize.schedule import parse_days, parse_schedule
from etl.normalize.text import html_to_text
from etl.normalize.values import as_list, clip, first, resolve, text_of, to_bool, to_float
from models.program import ProgramIn

Refs = Mapping[str, dict[str, Any]]
CIP_SCHEMES = ("cip", "classification of instructional programs")


def _property(ident: Mapping[str, Any], key: str) -> Any:
    """A PropertyValue member whatever its capitals ("propertyID" or "PropertyID", "value" or "Value")."""
    return next((v for k, v in ident.items() if k.lower() == key.lower()), None)


def cip_of(node: Mapping[str, Any]) -> str | None:
    """identifier PropertyValue with propertyID CIP..., or educationalProgramCategory code."""
    for ident in as_list(node.get("identifier")):
        if isinstance(ident, dict):
            scheme = (text_of(_property(ident, "propertyID")) or "").lower()
            if scheme.startswith(CIP_SCHEMES):
                return normalize_cip(text_of(_property(ident, "value")), "identifier")
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
    """provider (an Organization, maybe by reference) and its address; offeredBy or sourceOrganization
    when no provider is given (schema.org's early WorkBasedProgram example and Schema.NET's Course use them)."""
    provider = None
    for key in ("provider", "offeredBy", "sourceOrganization"):
        provider = resolve(first(node.get(key)), refs)
        if text_of(provider):
            break
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


def costs_of(node: Mapping[str, Any]) -> tuple[float | None, float | None]:
    """(total, tuition) from offers: each offer's price or priceSpecification.price.

    Several tuition offers are alternatives for different students (resident, international, ...); the first
    published is taken as the tuition. Other offers (fees, room and board) are paid on top, so the total is
    that tuition plus every non-tuition offer. Offers without a price ("Paid", "Free" categories) are skipped.
    """
    tuition: float | None = None
    extras: list[float] = []
    for offer in as_list(node.get("offers")):
        if not isinstance(offer, dict):
            continue
        spec = first(offer.get("priceSpecification"))
        raw = offer.get("price")
        if raw is None and isinstance(spec, dict):
            raw = spec.get("price")
        price = to_float(raw, "offers.price")
        if price is None:
            continue
        if "tuition" in (text_of(offer.get("category")) or "").lower():
            tuition = price if tuition is None else tuition
        else:
            extras.append(price)
    if tuition is None and not extras:
        return None, None
    return (tuition or 0.0) + sum(extras), tuition


def prerequisites_of(node: Mapping[str, Any]) -> str | None:
    """programPrerequisites: text, or credentials / alignment objects by their category or name."""
    parts: list[str] = []
    for item in as_list(node.get("programPrerequisites")):
        if isinstance(item, dict):
            item = item.get("credentialCategory") or item.get("name") or item.get("description")
        text = html_to_text(text_of(item))
        if text and text not in parts:
            parts.append(text)
    return "\n".join(parts) or None


def training_wage_of(node: Mapping[str, Any]) -> str | None:
    """trainingSalary (what an apprentice is paid while learning) as a sentence: the model has no column for
    it, and for a person choosing training a paid program is a different decision, so it is shown in the
    description."""
    salary = first(node.get("trainingSalary"))
    if not isinstance(salary, dict):
        return None
    median = to_float(salary.get("median"), "trainingSalary")
    if median is None:
        return None
    period = {"PT1H": "an hour", "P1H": "an hour", "P1D": "a day", "P1W": "a week", "P1M": "a month", "P1Y": "a year"}
    unit = period.get((text_of(salary.get("duration")) or "").upper(), "")
    currency = text_of(salary.get("currency")) or ""
    amount = f"${median:,.2f}" if currency in {"", "USD"} else f"{median:,.2f} {currency}"
    return f"Paid while training: {amount} {unit}".strip() + "."


HOURS_PER_YEAR = 2080.0


def median_salary_of(node: Mapping[str, Any]) -> float | None:
    """salaryUponCompletion MonetaryAmountDistribution median, annual (an hourly median is annualized)."""
    salary = first(node.get("salaryUponCompletion"))
    if not isinstance(salary, dict):
        return None
    median = to_float(salary.get("median"), "salaryUponCompletion")
    if median is not None and (text_of(salary.get("duration")) or "").upper() in {"PT1H", "P1H"}:
        return round(median * HOURS_PER_YEAR, 2)
    return median


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
    provider_name, place = provider_of(node, refs)
    source_id = text_of(node.get("@id")) or text_of(node.get("url")) or text_of(node.get("courseCode"))
    # No identifier published: a stable key from who offers it, its name and where (see natural_key).
    source_id = source_id or natural_key(provider_name, name, ", ".join(filter(None, (place.city, place.region))))
    modes = [text_of(m) for m in as_list(node.get("educationalProgramMode")) + as_list(node.get("courseMode"))]
    delivery = delivery_of(*modes)
    timing = " ".join(filter(None, (text_of(t) for t in as_list(node.get("timeOfDay")))))
    day_names = " ".join(filter(None, (text_of(d) for d in as_list(node.get("dayOfWeek")))))
    schedule = parse_schedule(f"{timing} {day_names}".strip())
    length = length_of(node)
    total, tuition = costs_of(node)
    description = html_to_text(text_of(node.get("description")))
    wage = training_wage_of(node)
    if wage:
        description = f"{description}\n\n{wage}" if description else wage
    return ProgramIn(
        source=source,
        source_id=source_id[:200],
        name=clip(name, 500) or "",
        description=description,
        url=web_link(clip(text_of(node.get("url")), 1000)),
        provider_name=clip(provider_name, 300) or "",
        cip_code=cip_of(node),
        target_soc_codes=socs_of(node),
        credential_type=credential_of(node),
        cost_total=total,
        cost_tuition=tuition,
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
        prerequisites=prerequisites_of(node),
        financial_aid=aid_of(node.get("financialAidEligible")),
        median_earnings=median_salary_of(node),
        start_date=to_date(text_of(first(node.get("startDate"))), "startDate"),
    )
