"""schema.org JobPosting (JSON-LD) -> JobPostingIn.

Also reads postings published without @type in the Open Skills / state job-bank layout (skills-ml), which
names a few fields differently: `jobDescription`, `dateExpires`, `numberOfOpenings`,
`hiringOrganization.organizationName`, `jobLocation.address.locality/region`, and a plain `id`.
"""

import re
from collections.abc import Mapping
from typing import Any, NamedTuple

from etl.errors import FieldError
from etl.normalize.codes import normalize_soc
from etl.normalize.contact import build_contact_text, contact_point_text, contact_sentences, requires_citizenship
from etl.normalize.dates import to_date, to_deadline
from etl.normalize.links import web_link
from etl.normalize.location import Place, place_from_address, region_code
from etl.normalize.natural_key import natural_key
from etl.normalize.pay import Pay, make_pay, pay_fields
from etl.normalize.schedule import parse_schedule
from etl.normalize.text import html_to_text
from etl.normalize.values import as_list, clip, first, resolve, text_of, to_int
from etl.normalize.vocab import education_level, employment_types
from models.job_posting import JobPostingIn, build_job_posting


def source_id_of(node: Mapping[str, Any]) -> str | None:
    """identifier (PropertyValue or text), else url, else @id: something stable to upsert on; None when the
    posting has none (job_from_jsonld then keys it by employer, title and place)."""
    for candidate in as_list(node.get("identifier")):
        value = candidate.get("value", candidate.get("@value")) if isinstance(candidate, dict) else candidate
        text = text_of(value)
        if text:
            return text[:200]
    for key in ("url", "@id", "id"):
        text = text_of(node.get(key))
        if text:
            return text[:200]
    return None


def employer_name_of(employer: Any) -> str | None:
    """The hiring organization's name (`name`, `legalName`, or the job-bank layout's `organizationName`)."""
    if isinstance(employer, dict):
        for key in ("name", "legalName", "organizationName"):
            name = text_of(employer.get(key))
            if name:
                return name
        return None
    return text_of(employer)


def pay_of(base_salary: Any) -> Pay | None:
    """baseSalary MonetaryAmount: value may be a number or a QuantitativeValue range."""
    amount = first(base_salary)
    if amount is None:
        return None
    if not isinstance(amount, dict):
        raise FieldError("baseSalary", f"expected a MonetaryAmount, got {amount!r}")
    value = amount.get("value")
    unit = amount.get("unitText")
    if isinstance(value, dict):
        unit = value.get("unitText", unit)
        single = value.get("value")
        low = value.get("minValue", single)
        high = value.get("maxValue", single)
    else:
        low = high = value
    if low is None and high is None:
        return None
    return make_pay(low, high, unit, amount.get("currency"), "baseSalary")


def place_of(node: Mapping[str, Any], refs: Mapping[str, dict[str, Any]]) -> Place:
    """The first jobLocation with an address; else the applicant region of a remote job."""
    for location in as_list(node.get("jobLocation")):
        location = resolve(location, refs)
        address = location.get("address") if isinstance(location, dict) else location
        place = place_from_address(resolve(address, refs))
        if place.city or place.region:
            return place
    for requirement in as_list(node.get("applicantLocationRequirements")):
        name = text_of(requirement)
        code = region_code(name)
        if code and len(code) == 2 and code not in {"US"}:
            return Place(region=code, country="US")
        if code in {"US", "USA"} or (name or "").lower() in {"usa", "united states"}:
            return Place(country="US")
    return Place()


def is_telecommute(node: Mapping[str, Any]) -> bool:
    """jobLocationType TELECOMMUTE (any case, one value or a list)."""
    return any(str(v).upper() == "TELECOMMUTE" for v in as_list(node.get("jobLocationType")))


def occupation_code_of(node: Mapping[str, Any]) -> str | None:
    """First SOC code in occupationalCategory (text or CategoryCode)."""
    for category in as_list(node.get("occupationalCategory")):
        raw = category.get("codeValue", category.get("name")) if isinstance(category, dict) else category
        code = normalize_soc(text_of(raw), "occupationalCategory")
        if code:
            return code
    return None


# "3 years", "3+ yrs", "96 month experience required", "Minimum 2 years": the first duration in the text.
_EXPERIENCE = re.compile(r"(\d{1,2})\s*\+?\s*(?:-\s*\d{1,2}\s*)?(years?|yrs?|months?)\b", re.IGNORECASE)
_NO_EXPERIENCE = re.compile(r"^\s*(no (experience|requirements?)( needed| required)?|none)\s*\.?\s*$", re.IGNORECASE)
# Values exporters write when a field is empty; they say nothing, so they are not kept as text.
_PLACEHOLDERS = frozenset({"not specified", "unspecified", "n/a", "na", "-"})


def experience_months_of(value: Any) -> int | None:
    """experienceRequirements: OccupationalExperienceRequirements, 'no requirements', or a phrase naming a
    duration ('Minimum 3 years', '96 month experience required'); the first that gives a number."""
    for item in as_list(value):
        if isinstance(item, dict):
            months = to_int(item.get("monthsOfExperience"), "experienceRequirements")
            if months is not None:
                return months
            item = item.get("description")
        text = text_of(item)
        if not text:
            continue
        if _NO_EXPERIENCE.match(text):
            return 0
        found = _EXPERIENCE.search(text)
        if found:
            number = int(found.group(1))
            return number * 12 if found.group(2).lower().startswith("y") else number
    return None


def _texts(value: Any) -> list[str]:
    """The plain texts of one-or-many values (HTML removed, placeholders such as 'Not Specified' dropped)."""
    out = []
    for item in as_list(value):
        if isinstance(item, dict):
            item = item.get("description", item.get("credentialCategory", item.get("name")))
        text = html_to_text(text_of(item))
        if text and text.strip().lower() not in _PLACEHOLDERS and text not in out:
            out.append(text)
    return out


def qualifications_of(node: Mapping[str, Any]) -> str | None:
    """Everything the posting says the applicant needs, as one text: qualifications, then the published skills,
    experience and education, each under its own heading (the model has one column for them; the loader maps
    skills to ids and the screener reads it all)."""
    parts = _texts(node.get("qualifications"))
    for heading, key in (
        ("Skills", "skills"),
        ("Experience", "experienceRequirements"),
        ("Education", "educationRequirements"),
    ):
        texts = _texts(node.get(key))
        if texts:
            # Skills are short terms (a list reads as one); experience and education are often sentences.
            parts.append(f"{heading}: " + (", " if key == "skills" else "; ").join(texts))
    text = "\n".join(parts)
    return text or None


def description_of(node: Mapping[str, Any]) -> str:
    """description (or the job-bank layout's jobDescription) as plain text, with the published
    responsibilities under a heading: the model has no column of their own, and the description is what the
    person reads, the screener checks and the matcher embeds."""
    description = html_to_text(text_of(node.get("description")) or text_of(node.get("jobDescription")))
    duties = [t for t in _texts(node.get("responsibilities")) if t not in description]
    if duties:
        block = "Responsibilities:\n" + "\n".join(duties)
        description = f"{description}\n\n{block}" if description else block
    return description


def _web_address(value: Any) -> str | None:
    """The first http(s) address among a string, {"@id"}/{"url"} object or a list of those."""
    for item in as_list(value):
        text = text_of(item.get("@id") or item.get("url")) if isinstance(item, dict) else text_of(item)
        if text and text.lower().startswith(("http://", "https://", "www.")):
            return text
    return None


class EmployerIdentity(NamedTuple):
    website: str | None
    tax_id: str | None
    address: str | None


def employer_identity_of(employer: Any, refs: Mapping[str, dict[str, Any]]) -> EmployerIdentity:
    """What identifies the hiring organization: its website (url, sameAs, or an http @id), tax id and
    address, whether the node is inline or elsewhere in the graph. The screener reads these."""
    if not isinstance(employer, dict):
        return EmployerIdentity(None, None, None)
    website = _web_address(employer.get("url")) or _web_address(employer.get("sameAs"))
    website = website or _web_address(employer.get("@id"))
    address = resolve(first(employer.get("address")), refs)
    if isinstance(address, dict):
        keys = ("streetAddress", "addressLocality", "addressRegion", "postalCode", "addressCountry")
        line = ", ".join(t for t in (text_of(address.get(k)) for k in keys) if t) or None
    else:
        line = text_of(address)
    tax_id = text_of(employer.get("taxID") or employer.get("vatID") or employer.get("organizationTaxID"))
    return EmployerIdentity(clip(website, 1000), clip(tax_id, 60), clip(line, 300))


def job_from_jsonld(node: dict[str, Any], refs: Mapping[str, dict[str, Any]], source: str) -> JobPostingIn:
    """Normalize one JobPosting node; raises FieldError naming the bad field."""
    title = text_of(node.get("title"))
    if not title:
        raise FieldError("title", "missing")
    employer = resolve(first(node.get("hiringOrganization")), refs)
    employer_name = employer_name_of(employer)
    if not employer_name:
        raise FieldError("hiringOrganization", "missing: the hiring organization's name is required")
    description = description_of(node)
    pay = pay_of(node.get("baseSalary"))
    place = place_of(node, refs)
    work_hours = text_of(node.get("workHours"))
    schedule = parse_schedule(work_hours)
    qualifications = qualifications_of(node)
    education = next(iter(_texts(node.get("educationRequirements"))), None)
    contact = build_contact_text(contact_point_text(node.get("applicationContact")), contact_sentences(description))
    identity = employer_identity_of(employer, refs)
    return build_job_posting(
        source=source,
        # No identifier, url or @id (schema.org's own examples, many hand-written pages): a natural key from
        # employer, title and place keeps re-imports idempotent, as for delimited files (etl.normalize.natural_key).
        source_id=source_id_of(node)
        or natural_key(employer_name, title, ", ".join(filter(None, (place.city, place.region, place.country)))),
        title=clip(title, 500),
        description=description,
        url=web_link(clip(text_of(node.get("url")), 1000)),
        employer_name=clip(employer_name, 300),
        employment_types=employment_types(node.get("employmentType")),
        **pay_fields(pay),
        city=place.city,
        region=place.region,
        zip3=place.zip3,
        country=place.country,
        is_remote=is_telecommute(node),
        shifts=schedule.shifts,
        days=schedule.days,
        hours_per_week=schedule.hours_per_week,
        work_hours_text=clip(work_hours, 500),
        occupation_code=occupation_code_of(node),
        industry=clip(text_of(node.get("industry")), 200),
        qualifications=qualifications,
        education_required=education_level(education),
        experience_months=experience_months_of(node.get("experienceRequirements")),
        requires_citizenship=requires_citizenship(qualifications, description),
        date_posted=to_date(text_of(node.get("datePosted")), "datePosted"),
        valid_through=to_deadline(text_of(node.get("validThrough") or node.get("dateExpires")), "validThrough"),
        openings=to_int(first(node.get("totalJobOpenings", node.get("numberOfOpenings"))), "totalJobOpenings"),
        contact_text=contact,
        employer_url=identity.website,
        employer_tax_id=identity.tax_id,
        employer_address=identity.address,
    )
